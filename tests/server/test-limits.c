/* test-limits.c — msgscore-server against hostile connections: file limit, timeouts, caps
 *
 * Each test runs the real executable in a child process (server-process.c)
 * and talks raw TCP to it where HTTP clients would be too polite. Times are
 * printed, never asserted: a bound of many times the configured timeout only
 * keeps a broken server from hanging the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "ms-test-db.h"
#include "server-process.h"

typedef ServerProcess Fixture;

#define GUARD_SECONDS 30

static GSocketConnection *
connect_raw (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), GUARD_SECONDS);
  return conn;
}

static void
send_text (GSocketConnection *conn,
           const char        *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), text,
                             strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until the server closes the connection; fails the test if it has
 * not within GUARD_SECONDS. Returns what was read. */
static char *
read_until_closed (GSocketConnection *conn,
                   double            *seconds)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      char buf[4096];
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      if (n > 0)
        {
          g_string_append_len (text, buf, n);
          continue;
        }
      /* a reset is a close too; a timeout is not */
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      break;
    }
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
log_contains (Fixture    *f,
              const char *needle)
{
  g_autofree char *log = server_process_read_log (f);

  return strstr (log, needle) != NULL;
}

/* Idle connections use up the process's open files until accept() fails;
 * once they close, the server accepts again (libsoup's own listener stopped
 * for good at the first failure). */
static void
test_file_limit (Fixture       *f,
                 gconstpointer  data)
{
  const char * const extra[] = { "--max-connections", "1000", NULL };
  g_autoptr(GPtrArray) idle = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *body = NULL;
  gint64 deadline;

  server_process_start_full (f, 48, extra);
  for (guint i = 0; i < 80; i++)
    g_ptr_array_add (idle, connect_raw (f));

  deadline = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;
  while (!log_contains (f, "accept failed") && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_true (log_contains (f, "accept failed"));

  g_ptr_array_set_size (idle, 0);
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, &body), ==, 200);
  g_assert_nonnull (strstr (body, "\"ok\""));
  server_process_stop (f);
}

/* A body announced and never sent, and headers never finished: each
 * connection is closed once its timeout has run out. */
static void
test_timeouts (Fixture       *f,
               gconstpointer  data)
{
  const char * const extra[] = { "--header-timeout", "1", "--body-timeout", "1",
                                 "--idle-timeout", "1", NULL };
  g_autoptr(GSocketConnection) stalled_body = NULL;
  g_autoptr(GSocketConnection) slow_headers = NULL;
  g_autoptr(GSocketConnection) idle = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  double seconds = 0;

  server_process_start_full (f, 0, extra);

  stalled_body = connect_raw (f);
  send_text (stalled_body, "POST /v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{");
  a = read_until_closed (stalled_body, &seconds);
  g_test_message ("a stalled body was closed after %.2f s", seconds);

  slow_headers = connect_raw (f);
  send_text (slow_headers, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  b = read_until_closed (slow_headers, &seconds);
  g_test_message ("unfinished headers were closed after %.2f s", seconds);
  g_assert_null (strstr (b, "200 OK"));

  /* kept alive after a response, then idle */
  idle = connect_raw (f);
  send_text (idle, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  c = read_until_closed (idle, &seconds);
  g_test_message ("an idle kept-alive connection was closed after %.2f s", seconds);
  g_assert_true (g_str_has_prefix (c, "HTTP/1.1 200"));

  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, NULL), ==, 200);
  server_process_stop (f);
}

/* A Content-Length that is not a number is a 400 at once (libsoup took
 * "-1" for 2^64 - 1 bytes and waited for them), and the connection closes. */
static void
test_malformed_length (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const lengths[] = { "-1", "99999999999999999999", "+5", "abc" };

  server_process_start_full (f, 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GSocketConnection) conn = connect_raw (f);
      g_autofree char *request = g_strdup_printf ("POST /v1/auth/signin HTTP/1.1\r\n"
                                                  "Host: 127.0.0.1\r\n"
                                                  "Content-Length: %s\r\n\r\n", lengths[i]);
      g_autofree char *answer = NULL;

      g_test_message ("Content-Length: %s", lengths[i]);
      send_text (conn, request);
      answer = read_until_closed (conn, NULL);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400"));
    }
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, NULL), ==, 200);
  server_process_stop (f);
}

/* Beyond the per-address cap a connection is answered 503 and closed; once
 * one closes, there is room again. */
static void
test_connection_caps (Fixture       *f,
                      gconstpointer  data)
{
  const char * const extra[] = { "--max-connections-per-address", "2", NULL };
  g_autoptr(GSocketConnection) first = NULL;
  g_autoptr(GSocketConnection) second = NULL;
  g_autoptr(GSocketConnection) third = NULL;
  g_autofree char *answer = NULL;
  gint64 deadline;
  guint status = 0;

  server_process_start_full (f, 0, extra);
  first = connect_raw (f);
  second = connect_raw (f);
  send_text (second, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  {
    char buf[16];

    /* the second is taken: it answers */
    g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (second)),
                                          buf, sizeof buf, NULL, NULL), >, 0);
  }
  third = connect_raw (f);
  answer = read_until_closed (third, NULL);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 503"));
  g_assert_nonnull (strstr (answer, "Retry-After"));

  g_io_stream_close (G_IO_STREAM (first), NULL, NULL);
  deadline = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;
  while (status != 200 && g_get_monotonic_time () < deadline)
    {
      status = server_process_request (f, "GET", "/v1/health", NULL, NULL);
      if (status != 200)
        g_usleep (50 * 1000);
    }
  g_assert_cmpuint (status, ==, 200);
  server_process_stop (f);
}

/* 500 clients connecting at once all get through the kernel's queue while
 * the server is not accepting (with libsoup's backlog of 10, 43 of 500 were
 * reset). */
static void
test_backlog (Fixture       *f,
              gconstpointer  data)
{
  enum { N = 500 };
  struct sockaddr_in address = { 0 };
  struct pollfd fds[N];
  guint n_connected = 0;
  gint64 deadline;

  server_process_start_full (f, 0, NULL);
  g_subprocess_send_signal (f->process, SIGSTOP);

  address.sin_family = AF_INET;
  address.sin_port = g_htons (f->port);
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  for (guint i = 0; i < N; i++)
    {
      fds[i].fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      g_assert_cmpint (fds[i].fd, >=, 0);
      fds[i].events = POLLOUT;
      g_assert_true (connect (fds[i].fd, (struct sockaddr *) &address, sizeof address) == 0 ||
                     errno == EINPROGRESS);
    }

  /* Established connections are writable; a dropped SYN is retried after a second. */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (n_connected < N && g_get_monotonic_time () < deadline)
    {
      n_connected = 0;
      poll (fds, N, 100);
      for (guint i = 0; i < N; i++)
        {
          int err = 0;
          socklen_t len = sizeof err;

          if ((fds[i].revents & POLLOUT) &&
              getsockopt (fds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
            n_connected++;
        }
    }
  g_subprocess_send_signal (f->process, SIGCONT);
  for (guint i = 0; i < N; i++)
    close (fds[i].fd);
  g_assert_cmpuint (n_connected, ==, N);
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, NULL), ==, 200);
  server_process_stop (f);
}

/* One request on a connection of its own, "Connection: close"; returns the
 * status, and the answer in @answer. */
static guint
raw_request (Fixture    *f,
             const char *method,
             const char *path,
             const char *extra_headers,
             const char *body,
             char      **answer)
{
  g_autoptr(GSocketConnection) conn = connect_raw (f);
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Connection: close\r\n%s"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\n\r\n%s",
                                              method, path, extra_headers != NULL ? extra_headers : "",
                                              body != NULL ? strlen (body) : 0,
                                              body != NULL ? body : "");
  g_autofree char *text = NULL;
  guint status = 0;

  send_text (conn, request);
  text = read_until_closed (conn, NULL);
  if (g_str_has_prefix (text, "HTTP/1.1 "))
    status = (guint) g_ascii_strtoull (text + 9, NULL, 10);
  if (answer != NULL)
    *answer = g_steal_pointer (&text);
  return status;
}

/* Argon2id runs on the worker pool, one at a time here: while 8 sign-ins
 * wait for it, a health request is answered (on the main loop it waited for
 * the sign-ins that came before it). Latency is printed, not asserted. */
static void
test_signin_off_main_loop (Fixture       *f,
                           gconstpointer  data)
{
  const char * const extra[] = { "--pwhash", "interactive", "--pwhash-threads", "1", NULL };
  g_autoptr(GPtrArray) signins = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) health = NULL;
  g_autofree char *answer = NULL;
  guint unanswered = 0;
  gint64 start;

  server_process_start_full (f, 0, extra);
  for (guint i = 0; i < 8; i++)
    {
      GSocketConnection *conn = connect_raw (f);
      g_autofree char *body = g_strdup_printf ("{\"email\":\"nobody%u@example.jp\","
                                               "\"password\":\"guess number %u\"}", i, i);
      g_autofree char *request = g_strdup_printf ("POST /v1/auth/signin HTTP/1.1\r\n"
                                                  "Host: 127.0.0.1\r\nConnection: close\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: %zu\r\n\r\n%s",
                                                  strlen (body), body);

      send_text (conn, request);
      g_ptr_array_add (signins, conn);
    }
  g_usleep (20 * 1000);   /* let them arrive first */

  start = g_get_monotonic_time ();
  health = connect_raw (f);
  send_text (health, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  answer = read_until_closed (health, NULL);
  g_test_message ("health answered in %.1f ms while 8 sign-ins waited",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200"));

  for (guint i = 0; i < signins->len; i++)
    {
      GSocket *socket = g_socket_connection_get_socket (g_ptr_array_index (signins, i));

      if ((g_socket_condition_check (socket, G_IO_IN) & G_IO_IN) == 0)
        unanswered++;
    }
  g_test_message ("%u of 8 sign-ins were still being checked", unanswered);
  g_assert_cmpuint (unanswered, >=, 4);

  for (guint i = 0; i < signins->len; i++)
    {
      g_autofree char *reply = read_until_closed (g_ptr_array_index (signins, i), NULL);

      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 401"));
    }
  server_process_stop (f);
}

/* Sign-ins in all are limited per second, whoever and wherever they are. */
static void
test_signin_rate (Fixture       *f,
                  gconstpointer  data)
{
  const char * const extra[] = { "--max-signins-per-second", "1", NULL };
  guint limited = 0;

  server_process_start_full (f, 0, extra);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"email\":\"spray%u@example.jp\","
                                               "\"password\":\"Winter2024!\"}", i);
      g_autofree char *answer = NULL;
      guint status = raw_request (f, "POST", "/v1/auth/signin", NULL, body, &answer);

      if (status == 429)
        {
          g_assert_nonnull (strstr (answer, "Retry-After: 1"));
          g_assert_nonnull (strstr (answer, "\"rate_limited\""));
          limited++;
        }
      else
        g_assert_cmpuint (status, ==, 401);
    }
  g_assert_cmpuint (limited, >=, 1);
  server_process_stop (f);
}

/* Behind a trusted proxy, the client is the address X-Forwarded-For names:
 * one client's failures do not lock out another behind the same proxy. */
static void
test_trusted_proxy (Fixture       *f,
                    gconstpointer  data)
{
  const char * const extra[] = { "--trusted-proxy", "127.0.0.1", NULL };
  const char *body = "{\"email\":\"shared@example.jp\",\"password\":\"not the password\"}";

  server_process_start_full (f, 0, extra);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (raw_request (f, "POST", "/v1/auth/signin",
                                   "X-Forwarded-For: 203.0.113.5\r\n", body, NULL), ==, 401);
  g_assert_cmpuint (raw_request (f, "POST", "/v1/auth/signin",
                                 "X-Forwarded-For: 203.0.113.5\r\n", body, NULL), ==, 429);
  /* a forged address before the proxy's own does not help */
  g_assert_cmpuint (raw_request (f, "POST", "/v1/auth/signin",
                                 "X-Forwarded-For: 198.51.100.1, 203.0.113.5\r\n", body, NULL),
                    ==, 429);
  g_assert_cmpuint (raw_request (f, "POST", "/v1/auth/signin",
                                 "X-Forwarded-For: 203.0.113.6\r\n", body, NULL), ==, 401);
  server_process_stop (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, server_process_setup, func, \
                                    server_process_teardown)
  ADD ("/ms/server/limits/file-limit", test_file_limit);
  ADD ("/ms/server/limits/timeouts", test_timeouts);
  ADD ("/ms/server/limits/malformed-length", test_malformed_length);
  ADD ("/ms/server/limits/connection-caps", test_connection_caps);
  ADD ("/ms/server/limits/backlog", test_backlog);
  ADD ("/ms/server/limits/signin-off-main-loop", test_signin_off_main_loop);
  ADD ("/ms/server/limits/signin-rate", test_signin_rate);
  ADD ("/ms/server/limits/trusted-proxy", test_trusted_proxy);
#undef ADD

  return g_test_run ();
}
