/* server-process.c — the msgscore-server executable in a child process, and requests to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <signal.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ms-test-db.h"
#include "server-process.h"

void
server_process_setup (ServerProcess *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("msgscore-main-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = ms_test_db_new (f->dir);
}

void
server_process_teardown (ServerProcess *f,
                         gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  if (f->process != NULL)
    {
      g_subprocess_force_exit (f->process);
      g_subprocess_wait (f->process, NULL, NULL);
      g_clear_object (&f->process);
    }
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->log);
  g_free (f->base);
}

/* Reads "listening on http://127.0.0.1:PORT" from the server's stdout. */
static void
read_port (ServerProcess *f,
           const char    *scheme)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autofree char *prefix = g_strdup_printf ("listening on %s://127.0.0.1:", scheme);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  f->port = (guint) g_ascii_strtoull (line + strlen (prefix), NULL, 10);
  g_assert_cmpuint (f->port, >, 0);
  f->base = g_strdup_printf ("%s://127.0.0.1:%u", scheme, f->port);
}

/* Starts the server; read its stderr with server_process_read_stderr(). */
void
server_process_start (ServerProcess *f,
                      const char    *cert,
                      const char    *key)
{
  g_autoptr(GError) error = NULL;

  if (cert != NULL)
    f->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error, MSGSCORE_SERVER, "--db", f->db, "--listen",
                                   "127.0.0.1:0", "--pwhash", "min", "--tls-cert", cert,
                                   "--tls-key", key, NULL);
  else
    f->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                   &error, MSGSCORE_SERVER, "--db", f->db, "--listen",
                                   "127.0.0.1:0", "--pwhash", "min", NULL);
  g_assert_no_error (error);
  read_port (f, cert != NULL ? "https" : "http");
}

static void
set_fd_limit (gpointer data)
{
  struct rlimit limit = { *(rlim_t *) data, *(rlim_t *) data };

  setrlimit (RLIMIT_NOFILE, &limit);
}

/**
 * server_process_start_full:
 * @fd_limit: the child's open-file limit (soft and hard), or 0 to inherit
 * @extra_args: (nullable): more options for msgscore-server
 *
 * Starts the server without request logs, its stderr going to f->log
 * (read it with server_process_read_log()).
 */
void
server_process_start_full (ServerProcess       *f,
                           rlim_t               fd_limit,
                           const char * const  *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  f->log = g_build_filename (f->dir, "server.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, f->log);
  if (fd_limit > 0)
    g_subprocess_launcher_set_child_setup (launcher, set_fd_limit,
                                           g_memdup2 (&fd_limit, sizeof fd_limit), g_free);
  g_ptr_array_add (argv, (char *) MSGSCORE_SERVER);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, f->db);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--pwhash");
  g_ptr_array_add (argv, (char *) "min");
  g_ptr_array_add (argv, (char *) "--quiet");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);
  f->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                             &error);
  g_assert_no_error (error);
  read_port (f, "http");
}

char *
server_process_read_log (ServerProcess *f)
{
  char *contents = NULL;

  g_assert_nonnull (f->log);
  if (!g_file_get_contents (f->log, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static gboolean
accept_any_cb (SoupMessage          *msg,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  return TRUE;   /* the test's self-signed certificate */
}

guint
server_process_request (ServerProcess  *f,
                        const char     *method,
                        const char     *path,
                        const char     *body,
                        char          **response_body)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *uri = g_strconcat (f->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  if (body != NULL)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (response_body != NULL)
    *response_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

char *
server_process_read_stderr (ServerProcess *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();

  g_output_stream_splice (sink, g_subprocess_get_stderr_pipe (f->process),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

void
server_process_stop (ServerProcess *f)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (f->process, SIGTERM);
  g_subprocess_wait (f->process, NULL, &error);
  g_assert_no_error (error);
  /* say why, when the server's stderr went to a file */
  if (f->log != NULL && !g_subprocess_get_successful (f->process))
    {
      g_autofree char *log = server_process_read_log (f);

      g_test_message ("the server's stderr:\n%s", log);
    }
  g_assert_true (g_subprocess_get_if_exited (f->process));
  g_assert_cmpint (g_subprocess_get_exit_status (f->process), ==, 0);
}

