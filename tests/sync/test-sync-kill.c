/* test-sync-kill.c — kill -9 at each step of a push; nothing lost or doubled
 *
 * A profile holds seven unsent changes (five saves, a delete, actuals). A
 * push is cut by SIGKILL at each of its steps, then everything restarts and
 * syncs again, and the server must hold each change exactly once (its
 * last mutation id for the client is 7, five rows, one deleted) and the
 * profile nothing unsent:
 *
 *   client/…   the client is a `msgscore-cli --profile DIR sync` process:
 *     before-send      killed before the push leaves (MSGSCORE_SYNC_CRASH_AT)
 *     after-commit     killed by the proxy once the server answered (so the
 *                      server committed), before the answer reaches it
 *     after-response   killed after reading the answer, before the local commit
 *   server/…   the server is killed while an in-process client pushes:
 *     before-send      just before the push leaves
 *     after-commit     by the proxy, once it answered; the answer is dropped
 *     after-response   after the client read the answer, before its commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-harness.h"

#define N_MUTATIONS 7

typedef struct
{
  char   *dir;
  char   *profile;
  char   *tokens_path;
  Server  server;
  Proxy   proxy;
  char   *url;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("msgscore-kill-XXXXXX", NULL);
  fixture->profile = g_build_filename (fixture->dir, "profile", NULL);
  fixture->tokens_path = g_build_filename (fixture->dir, "tokens.json", NULL);
  fixture->server.db = ms_test_db_new (fixture->dir);
  server_start (&fixture->server);
  proxy_start (&fixture->proxy, fixture->server.port, 1);
  fixture->url = proxy_url (&fixture->proxy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  proxy_stop (&fixture->proxy);
  server_stop (&fixture->server);
  remove_tree (fixture->dir);
  g_free (fixture->server.db);
  g_free (fixture->profile);
  g_free (fixture->tokens_path);
  g_free (fixture->dir);
  g_free (fixture->url);
}

/* Signs up (tokens in a file the CLI reads too), then makes the changes. */
static MsSyncClient *
prepare (Fixture  *fixture,
         MsStore **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTokenStore) tokens = ms_token_store_new_file (fixture->tokens_path);
  g_autoptr(MsStore) store = ms_store_open (fixture->profile, &error);
  g_autoptr(MsSyncClient) client = NULL;
  g_autoptr(MsHistoryRepository) history = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  MsActuals actuals = { .recipients = 500, .open_rate = 0.3, .ctr = 0.02, .conversions = 3 };

  g_assert_no_error (error);
  client = ms_sync_client_new (store, fixture->url, tokens);
  client_sign (client, "kill@example.jp", TRUE);
  server_staff (&fixture->server, "set-plan", "kill@example.jp", "pro");
  error = client_sync (client);  /* reads the new plan */
  g_assert_no_error (error);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *subject = g_strdup_printf ("停電テスト %u", i);
      g_autoptr(MsMessage) message = make_email (subject, "本文");

      g_ptr_array_add (ids, save_scoring (store, message, &error));
      g_assert_no_error (error);
    }
  history = ms_history_repository_new (store);
  g_assert_true (ms_history_repository_delete (history, g_ptr_array_index (ids, 0), &error));
  g_assert_true (ms_history_repository_set_actuals (history, g_ptr_array_index (ids, 1),
                                                    &actuals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ms_store_get_outbox_length (store), ==, N_MUTATIONS);

  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return g_steal_pointer (&client);
}

static void
check_exactly_once (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = ms_store_open (fixture->profile, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT last_mutation_id FROM sync_client WHERE client_id = '%s'",
                         ms_store_get_client_id (store));
  g_assert_cmpint (server_query (&fixture->server, sql), ==, N_MUTATIONS);
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE entity = 'score_history'"),
                   ==, 5);
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE entity = 'score_history'"
                                 " AND deleted_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE row_json LIKE"
                                 " '%\"actual_recipients\":500%'"), ==, 1);
  g_assert_cmpuint (ms_store_get_outbox_length (store), ==, 0);
  g_assert_cmpint (store_query_int (store, "SELECT next_mutation_id - 1 FROM sync_client"), ==,
                   N_MUTATIONS);
  g_assert_cmpint (store_query_int (store, "SELECT count(*) FROM score_history"
                                           " WHERE deleted_at IS NULL"), ==, 4);
  g_assert_cmpint (store_query_int (store, "SELECT count(*) FROM shadow"), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* The client is killed                                                     */

static GSubprocess *
spawn_cli (Fixture    *fixture,
           const char *crash_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *spec = g_strconcat ("file:", fixture->tokens_path, NULL);
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "MSGSCORE_TOKEN_STORE", spec, TRUE);
  if (crash_at != NULL)
    g_subprocess_launcher_setenv (launcher, "MSGSCORE_SYNC_CRASH_AT", crash_at, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "MSGSCORE_SYNC_CRASH_AT");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MSGSCORE_CLI_BIN"),
                                         "--profile", fixture->profile, "sync", NULL);
  g_assert_no_error (error);
  return process;
}

static void
assert_killed (GSubprocess *process)
{
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

static void
sync_with_cli (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn_cli (fixture, NULL);

  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* kill() at once: g_subprocess_send_signal() only queues the signal for
 * GLib's worker thread, and meanwhile the proxy closes the connection and
 * the process, seeing it closed, exits by itself. */
static void
kill_now (GSubprocess *process)
{
  const char *pid = g_subprocess_get_identifier (process);

  /* NULL once it has exited: assert_killed() then says so */
  if (pid != NULL)
    kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL);
}

static void
on_kill_pid_cb (gpointer data)
{
  kill_now (data);
}

static void
test_client (Fixture       *fixture,
             gconstpointer  data)
{
  const char *step = data;
  g_autoptr(MsSyncClient) client = prepare (fixture, NULL);
  g_autoptr(GSubprocess) process = NULL;

  g_clear_object (&client);  /* the store closes: the CLI takes over */

  if (g_str_equal (step, "after-commit"))
    {
      process = spawn_cli (fixture, NULL);
      proxy_set_push_hook (&fixture->proxy, on_kill_pid_cb, process);
    }
  else
    process = spawn_cli (fixture, g_str_equal (step, "before-send") ? "push-before-send"
                                                                    : "push-after-response");
  assert_killed (process);

  if (g_str_equal (step, "before-send"))
    g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"), ==, 0);
  else
    g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"), ==, 5);

  sync_with_cli (fixture);
  sync_with_cli (fixture);
  check_exactly_once (fixture);
}

/* ------------------------------------------------------------------------ */
/* The server is killed                                                     */

typedef struct
{
  Fixture    *fixture;
  const char *step;
} Cut;

static void
on_step_cb (MsSyncClient *client,
            const char   *step,
            gpointer      user_data)
{
  Cut *cut = user_data;

  if (cut->step != NULL && g_str_equal (step, cut->step))
    {
      server_kill (&cut->fixture->server);
      cut->step = NULL;
    }
}

static void
on_kill_server_cb (gpointer data)
{
  Fixture *fixture = data;

  /* From the proxy's thread: the process only; the test reaps it. */
  kill_now (fixture->server.process);
}

static void
test_server (Fixture       *fixture,
             gconstpointer  data)
{
  const char *step = data;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = prepare (fixture, &store);
  g_autoptr(GError) error = NULL;
  Cut cut = { fixture, NULL };

  if (g_str_equal (step, "after-commit"))
    proxy_set_push_hook (&fixture->proxy, on_kill_server_cb, fixture);
  else
    {
      cut.step = g_str_equal (step, "before-send") ? "push-before-send" : "push-after-response";
      ms_sync_client_set_step_hook (client, on_step_cb, &cut);
    }

  error = client_sync (client);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (ms_sync_client_get_state (client), ==, MS_SYNC_STATE_OFFLINE);
  g_clear_error (&error);
  if (g_str_equal (step, "after-response"))
    g_assert_cmpuint (ms_sync_client_get_pending (client), ==, 0);
  else
    g_assert_cmpuint (ms_sync_client_get_pending (client), ==, N_MUTATIONS);

  /* Power back: the server restarts on its database, on another port. */
  server_kill (&fixture->server);
  server_start (&fixture->server);
  proxy_set (&fixture->proxy, fixture->server.port, 0);
  error = client_sync (client);
  g_assert_no_error (error);
  error = client_sync (client);
  g_assert_no_error (error);
  g_assert_cmpint (ms_sync_client_get_state (client), ==, MS_SYNC_STATE_SYNCED);

  g_clear_object (&client);
  g_clear_object (&store);
  check_exactly_once (fixture);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const steps[] = { "before-send", "after-commit", "after-response" };

  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;
  ms_core_init_i18n ();

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *client_path = g_strdup_printf ("/ms/sync/kill/client/%s", steps[i]);
      g_autofree char *server_path = g_strdup_printf ("/ms/sync/kill/server/%s", steps[i]);

      g_test_add (client_path, Fixture, steps[i], fixture_set_up, test_client,
                  fixture_tear_down);
      g_test_add (server_path, Fixture, steps[i], fixture_set_up, test_server,
                  fixture_tear_down);
    }

  return g_test_run ();
}
