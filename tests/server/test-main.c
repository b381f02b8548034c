/* test-main.c — the msgscore-server executable: port 0, request log, SIGTERM, TLS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ms-test-db.h"
#include "server-process.h"

typedef ServerProcess Fixture;

static void
test_log_and_sigterm (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *session = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) session_json = NULL;
  g_auto(GStrv) lines = NULL;
  const char *token, *refresh;
  guint n_json = 0;

  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, NULL), ==, 200);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signup",
                             "{\"email\":\"log@example.jp\",\"password\":\"secret password\","
                             "\"name\":\"Log\"}", &session), ==, 201);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signin",
                             "{\"email\":\"log@example.jp\",\"password\":\"wrong password\"}",
                             NULL), ==, 401);
  server_process_stop (f);

  session_json = json_from_string (session, NULL);
  token = json_object_get_string_member (json_node_get_object (session_json), "access_token");
  refresh = json_object_get_string_member (json_node_get_object (session_json), "refresh_token");

  /* One JSON line per request; never a password or a token */
  log = server_process_read_stderr (f);
  g_assert_null (strstr (log, "secret password"));
  g_assert_null (strstr (log, "wrong password"));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, refresh));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);
      JsonObject *o;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      g_assert_true (json_object_has_member (o, "method"));
      g_assert_true (json_object_has_member (o, "path"));
      g_assert_true (json_object_has_member (o, "status"));
      g_assert_true (json_object_has_member (o, "duration_ms"));
      g_assert_true (json_object_has_member (o, "user"));
      if (json_object_get_int_member (o, "status") == 201)
        g_assert_false (json_object_get_null_member (o, "user"));
      n_json++;
    }
  g_assert_cmpuint (n_json, ==, 3);
}

/* The request log names no email: not the one in the invite-cancel path
 * (/v1/teams/{team}/invites/{email}), nor one in a path that matches no route. */
static void
test_log_without_personal_data (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *session = NULL;
  g_autofree char *team = NULL;
  g_autofree char *path = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) team_node = NULL;
  const char *token;

  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signup",
                                            "{\"email\":\"owner@example.jp\",\"password\":"
                                            "\"an owner password\",\"name\":\"Owner\"}",
                                            &session), ==, 201);
  node = json_from_string (session, NULL);
  token = json_object_get_string_member (json_node_get_object (node), "access_token");
  {
    g_autofree char *uri = g_strconcat (f->base, "/v1/teams", NULL);
    g_autoptr(SoupSession) soup = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
    static const char team_body[] = "{\"name\":\"T\",\"plan\":\"team_s\"}";
    g_autoptr(GBytes) body = g_bytes_new_static (team_body, sizeof team_body - 1);
    g_autoptr(GBytes) reply = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  bearer);
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    reply = soup_session_send_and_read (soup, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    team_node = json_from_string (g_bytes_get_data (reply, NULL), NULL);
    team = g_strdup (json_object_get_string_member (json_node_get_object (team_node), "id"));

    g_clear_object (&msg);
    path = g_strdup_printf ("%s/v1/teams/%s/invites/secret.person%%40example.jp", f->base, team);
    msg = soup_message_new ("DELETE", path);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  bearer);
    g_clear_pointer (&reply, g_bytes_unref);
    reply = soup_session_send_and_read (soup, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), <, 500);
  }
  server_process_request (f, "GET", "/v1/nothing/other.person@example.jp", NULL, NULL);
  server_process_stop (f);

  log = server_process_read_stderr (f);
  g_assert_nonnull (strstr (log, "/v1/teams/{team}/invites/{email}"));
  g_assert_null (strstr (log, "secret.person"));
  g_assert_null (strstr (log, "other.person"));
  g_assert_null (strstr (log, "owner@example.jp"));
}

/* The database holds password and token hashes: in a folder others may
 * read, with a umask of 022, and over a file left 0644, it and its -wal and
 * -shm are the server user's alone. */
static void
test_private_database (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  mode_t old_umask;

  if (ms_test_db_is_pg ())
    {
      g_test_skip ("a property of SQLite files (PostgreSQL keeps its own)");
      return;
    }
  old_umask = umask (022);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (f->db, "", 0, NULL));
  g_assert_cmpint (g_chmod (f->db, 0644), ==, 0);
  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signup",
                                            "{\"email\":\"p@example.jp\",\"password\":"
                                            "\"a private password\",\"name\":\"P\"}", NULL),
                    ==, 201);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
    }
  server_process_stop (f);
  umask (old_umask);
}

/* A request in flight when SIGTERM arrives is finished; then the process exits 0. */
static void
test_graceful_shutdown (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *os;
  GInputStream *is;
  const char *body = "{\"email\":\"late@example.jp\",\"password\":\"x\"}";
  g_autofree char *head = g_strdup_printf ("POST /v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %zu\r\n\r\n", strlen (body));
  char buf[4096];
  gssize n;
  gsize total = 0;

  server_process_start (f, NULL, NULL);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  os = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  is = g_io_stream_get_input_stream (G_IO_STREAM (conn));

  /* Headers and half the body, then SIGTERM */
  g_output_stream_write_all (os, head, strlen (head), NULL, NULL, &error);
  g_output_stream_write_all (os, body, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_usleep (200 * 1000);
  g_subprocess_send_signal (f->process, SIGTERM);
  g_usleep (200 * 1000);

  /* New connections are refused now */
  {
    g_autoptr(GSocketClient) c2 = g_socket_client_new ();
    g_autoptr(GSocketConnection) refused = NULL;
    g_autoptr(GError) e2 = NULL;

    refused = g_socket_client_connect_to_host (c2, "127.0.0.1", f->port, NULL, &e2);
    g_assert_null (refused);
  }

  /* The request in flight still gets its answer */
  g_output_stream_write_all (os, body + 10, strlen (body) - 10, NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (is, buf + total, sizeof buf - 1 - total, NULL, &error)) > 0)
    {
      total += (gsize) n;
      buf[total] = '\0';
      if (strstr (buf, "\r\n\r\n") != NULL && strstr (buf, "}}") != NULL)
        break;
    }
  buf[total] = '\0';
  g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 401"));
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);

  g_subprocess_wait (f->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (f->process), ==, 0);
}

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Neither a keep-alive connection waiting for its next request nor a request
 * abandoned in the middle holds up SIGTERM. */
static void
test_idle_connection_shutdown (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  const char *req = "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  char buf[2048];
  gssize n;
  gboolean done = FALSE;
  gint64 deadline;

  server_process_start (f, NULL, NULL);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), req,
                             strlen (req), NULL, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), buf,
                           sizeof buf - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  buf[n] = '\0';
  g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 200"));

  /* Another client gives up in the middle of a body */
  {
    g_autoptr(GSocketClient) c2 = g_socket_client_new ();
    g_autoptr(GSocketConnection) half = NULL;
    const char *partial = "POST /v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Length: 100\r\n\r\n{\"email\":";

    half = g_socket_client_connect_to_host (c2, "127.0.0.1", f->port, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (half)), partial,
                               strlen (partial), NULL, NULL, &error);
    g_assert_no_error (error);
    g_usleep (100 * 1000);
    g_io_stream_close (G_IO_STREAM (half), NULL, NULL);
    g_usleep (100 * 1000);
  }

  /* The first connection stays open and idle */
  g_subprocess_send_signal (f->process, SIGTERM);
  g_subprocess_wait_async (f->process, NULL, on_wait_cb, &done);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_true (done);
  g_assert_cmpint (g_subprocess_get_exit_status (f->process), ==, 0);
}

/* What crashed the server without an account: about 150 KB of nested arrays
 * sent to /v1/auth/signin overflowed json-glib's stack. Now it is a 400, and
 * the server answers the next request. */
static void
test_hostile_json (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) nested = g_string_new ("{\"a\":");
  g_autofree char *reply = NULL;

  for (guint i = 0; i < 75000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (nested, ']');
  g_string_append_c (nested, '}');

  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signin", nested->str, &reply), ==, 400);
  g_assert_nonnull (strstr (reply, "\"malformed\""));
  g_clear_pointer (&reply, g_free);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signup", nested->str, NULL), ==, 400);
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, &reply), ==, 200);
  g_assert_nonnull (strstr (reply, "\"ok\""));
  server_process_stop (f);
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is needed to make a test certificate");
      return;
    }
  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                           "-days", "1", "-subj", "/CN=127.0.0.1", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  /* Under AddressSanitizer (build-aux/dev sanitize) LeakSanitizer's own
   * tracer crashes on GnuTLS's threads at exit: leave leaks out of this one
   * server process; everything else is still checked. */
  {
    g_autofree char *asan = g_strdup (g_getenv ("ASAN_OPTIONS"));

    if (asan != NULL)
      {
        g_autofree char *without_leaks = g_strconcat (asan, ":detect_leaks=0", NULL);

        g_setenv ("ASAN_OPTIONS", without_leaks, TRUE);
      }
    server_process_start (f, cert, key);
    if (asan != NULL)
      g_setenv ("ASAN_OPTIONS", asan, TRUE);
  }
  g_assert_cmpuint (server_process_request (f, "GET", "/v1/health", NULL, NULL), ==, 200);
  server_process_stop (f);
}

static void
test_staff_commands (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;

  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signup",
                             "{\"email\":\"staff@example.jp\",\"password\":\"secret password\","
                             "\"name\":\"S\"}", NULL), ==, 201);
  server_process_stop (f);

  {
    const char *ok[] = { MSGSCORE_SERVER, "set-plan", "--db", f->db, "Staff@example.jp",
                         "team_pro_s", NULL };
    const char *bad_plan[] = { MSGSCORE_SERVER, "set-plan", "--db", f->db, "staff@example.jp",
                               "platinum", NULL };
    const char *bad_user[] = { MSGSCORE_SERVER, "set-plan", "--db", f->db, "nobody@example.jp",
                               "pro", NULL };

    g_spawn_sync (NULL, (char **) ok, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_spawn_sync (NULL, (char **) bad_plan, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &status, &error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_spawn_sync (NULL, (char **) bad_user, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &status, &error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

static void
test_seed_demo (Fixture       *f,
                gconstpointer  data)
{
  const char *seed[] = { MSGSCORE_SERVER, "seed-demo", "--db", f->db, NULL };
  g_autofree char *signin = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* Twice: the second run finds the account and changes nothing. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *out = NULL;

      g_spawn_sync (NULL, (char **) seed, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                    NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "demo@msgscore.example"));
    }

  /* The demo account signs in, is on Pro, and has history and campaign results. */
  server_process_start (f, NULL, NULL);
  g_assert_cmpuint (server_process_request (f, "POST", "/v1/auth/signin",
                             "{\"email\":\"demo@msgscore.example\",\"password\":\"msgscore-demo\"}",
                             &signin), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, signin, -1, &error));
  g_assert_no_error (error);
  server_process_stop (f);

  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM sync_row"
                                           " WHERE entity = 'score_history'"), ==, 36);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM sync_row"
                                           " WHERE entity = 'campaign_result'"), ==, 48);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM user_account"
                                           " WHERE email = 'demo@msgscore.example'"
                                           " AND plan = 'pro'"), ==, 1);

  /* A Team Pro team: the demo owner and three members, with the owner's
   * rules, NG words and shared presets pushed in its tenant. */
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM team"), ==, 1);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM team WHERE plan = 'team_pro_s'"),
                   ==, 1);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM membership m JOIN team"
                                           " ON m.tenant = team.tenant"), ==, 4);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM membership m JOIN team"
                                           " ON m.tenant = team.tenant WHERE m.role = 'owner'"),
                   ==, 1);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM sync_row r JOIN team"
                                           " ON r.tenant = team.tenant"
                                           " WHERE r.entity = 'team_ng_word'"
                                           " AND r.deleted_at IS NULL"), ==, 3);
  g_assert_cmpint (ms_test_db_int (f->db, "SELECT count(*) FROM sync_row r JOIN team"
                                           " ON r.tenant = team.tenant"
                                           " WHERE r.entity = 'team_preset'"
                                           " AND r.deleted_at IS NULL"), ==, 2);
  g_assert_cmpint (ms_test_db_int (f->db, ms_test_db_is_pg ()
                                   ? "SELECT (r.row_json::json->>'min_score')::integer"
                                     " FROM sync_row r JOIN team ON r.tenant = team.tenant"
                                     " WHERE r.entity = 'team_rules'"
                                   : "SELECT json_extract (r.row_json, '$.min_score')"
                                     " FROM sync_row r JOIN team ON r.tenant = team.tenant"
                                     " WHERE r.entity = 'team_rules'"), ==, 70);
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
  ADD ("/ms/server/main/hostile-json", test_hostile_json);
  ADD ("/ms/server/main/log-and-sigterm", test_log_and_sigterm);
  ADD ("/ms/server/main/log-without-personal-data", test_log_without_personal_data);
  ADD ("/ms/server/main/private-database", test_private_database);
  ADD ("/ms/server/main/graceful-shutdown", test_graceful_shutdown);
  ADD ("/ms/server/main/idle-connection-shutdown", test_idle_connection_shutdown);
  ADD ("/ms/server/main/tls", test_tls);
  ADD ("/ms/server/main/staff-commands", test_staff_commands);
  ADD ("/ms/server/main/seed-demo", test_seed_demo);
#undef ADD

  return g_test_run ();
}
