/* ms-app-server.h — the real msgscore-server for app tests
 *
 * Runs $MSGSCORE_SERVER on 127.0.0.1 with a database in a temporary
 * folder. The first start picks a free port; later starts reuse it, so a
 * test can stop the server (offline) and bring it back at the same URL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <sqlite3.h>
#include <gio/gio.h>

#include "ms-app-test.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *db;
  guint        port;
  GSubprocess *process;
} MsAppServer;

static inline void
ms_app_server_start (MsAppServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *line = NULL;
  const char *binary = g_getenv ("MSGSCORE_SERVER");

  g_assert_nonnull (binary);
  if (server->dir == NULL)
    {
      server->dir = g_dir_make_tmp ("msgscore-server-XXXXXX", &error);
      g_assert_no_error (error);
      server->db = g_build_filename (server->dir, "server.db", NULL);
    }
  /* A server that sells: invoices need an issuer. */
  {
    g_autoptr(GSubprocess) issuer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                      binary, "set-issuer", "--db", server->db,
                                                      "--name", "株式会社テスト発行者",
                                                      "--registration-number", "T7123456789012",
                                                      NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (issuer, NULL, &error));
  }
  listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                      &error, binary, "--db", server->db, "--listen", listen,
                                      "--pwhash", "min", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  server->port = (guint) g_ascii_strtoull (strrchr (line, ':') + 1, NULL, 10);
}

static inline char *
ms_app_server_dup_url (MsAppServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

static inline void
ms_app_server_stop (MsAppServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&server->process);
}

/* The first column of the first row @sql reads from the server's database. */
static inline gint64
ms_app_server_query_int (MsAppServer *server,
                         const char  *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (server->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Starts @server, points the app's settings at it and starts the app (held,
 * its window mapped). Sign-ins live in memory, not in a keyring. */
static inline MsApplication *
ms_app_server_start_app (MsAppServer *server)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.msgscore.MsgScore");
  g_autofree char *url = NULL;
  MsApplication *app;

  g_setenv ("MSGSCORE_TOKEN_STORE", "memory", TRUE);
  ms_app_server_start (server);
  url = ms_app_server_dup_url (server);
  g_settings_set_string (settings, "server-url", url);

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (ms_test_get_window (app))));
  ms_test_wait_until (ms_context_get_started (ms_application_get_context (app)));
  return app;
}

static inline void
ms_app_server_stop_app (MsAppServer   *server,
                        MsApplication *app)
{
  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  ms_app_server_stop (server);
}

G_END_DECLS
