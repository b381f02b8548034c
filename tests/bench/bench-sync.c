/* bench-sync.c — sync on loopback: initial pull of 10,000 rows, push of 1,000
 *
 *   bench-sync [--rows N] [--mutations N] [--server-bin PATH] [--backend postgresql]
 *
 * Starts this build's msgscore-server on 127.0.0.1 port 0 with a fresh
 * database: a SQLite file, or with --backend postgresql a database in a
 * PostgreSQL cluster started for the run (initdb in a temporary folder, as
 * nobody when root; fsync and synchronous commit on, as in production). Client A saves N scorings offline and pushes them (reported as
 * "sync.push_seed"); client B, a fresh profile of the same account, pulls
 * them all ("sync.initial_pull"); then B makes M changes offline (saves,
 * actuals and deletes) and syncs them ("sync.push"). Prints one JSON line
 * per measurement; never pass/fail on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "../sync/sync-harness.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static MsScoreResult *
score_once (void)
{
  g_autoptr(MsMessage) message = make_email ("ベンチマーク", "本文です。");
  g_autoptr(GError) error = NULL;
  MsScoreResult *result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, &error);

  g_assert_no_error (error);
  return result;
}

static GPtrArray *
save_many (MsStore       *store,
           MsScoreResult *result,
           guint          n,
           const char    *prefix)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *subject = g_strdup_printf ("%s %u 春の限定セールのお知らせ", prefix, i);
      g_autoptr(MsMessage) message = make_email (subject, "本文です。詳しくはこちら。");
      char *id = ms_history_repository_save (history, message, result, &error);

      g_assert_no_error (error);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

static void
report (const char *name,
        const char *unit,
        guint       n,
        double      seconds)
{
  printf ("{\"bench\": \"%s\", \"%s\": %u, \"seconds\": %.3f, \"%s_per_s\": %.0f}\n",
          name, unit, n, seconds, unit, n / seconds);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *server_bin = g_strdup (MSGSCORE_SERVER_BIN);
  gint rows = 10000, mutations = 1000;
  g_autofree char *backend = NULL;
  MsTestPg *pg = NULL;
  const GOptionEntry entries[] = {
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend, "sqlite (default) or postgresql",
      "NAME" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the initial pull", "N" },
    { "mutations", 0, 0, G_OPTION_ARG_INT, &mutations, "Offline changes to push", "N" },
    { "server-bin", 0, 0, G_OPTION_ARG_FILENAME, &server_bin, "msgscore-server", "PATH" },
    { NULL }
  };
  g_autofree char *dir = NULL;
  g_autofree char *dir_a = NULL, *dir_b = NULL, *url = NULL;
  g_autoptr(MsStore) store_a = NULL, store_b = NULL;
  g_autoptr(MsTokenStore) tokens = ms_token_store_new_memory ();
  g_autoptr(MsSyncClient) a = NULL, b = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(MsHistoryRepository) history = NULL;
  Server server = { 0 };
  double start;
  guint made = 0;

  ms_core_init_i18n ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_setenv ("MSGSCORE_SERVER_BIN", server_bin, TRUE);

  dir = g_dir_make_tmp ("msgscore-bench-sync-XXXXXX", NULL);
  if (g_strcmp0 (backend, "postgresql") == 0)
    {
      pg = ms_test_pg_start (TRUE, &error);
      g_assert_no_error (error);
      server.db = ms_test_pg_new_database (pg, &error);
      g_assert_no_error (error);
    }
  else
    server.db = g_build_filename (dir, "server.db", NULL);
  printf ("{\"bench\": \"sync.backend\", \"backend\": \"%s\"}\n", pg != NULL ? "postgresql" : "sqlite");
  server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  dir_a = g_build_filename (dir, "a", NULL);
  dir_b = g_build_filename (dir, "b", NULL);
  store_a = ms_store_open (dir_a, &error);
  g_assert_no_error (error);
  a = ms_sync_client_new (store_a, url, tokens);
  client_sign (a, "bench@example.jp", TRUE);
  server_staff (&server, "set-plan", "bench@example.jp", "team_pro_l");
  g_assert_null (client_sync (a));
  use_plan (store_a, "team_pro_l");

  result = score_once ();
  ids = save_many (store_a, result, (guint) rows, "A");
  g_ptr_array_unref (g_steal_pointer (&ids));
  ms_sync_client_set_batch_size (a, 500);
  start = now_s ();
  g_assert_null (client_sync (a));
  report ("sync.push_seed", "mutations", (guint) rows, now_s () - start);
  g_assert_cmpuint (ms_sync_client_get_pending (a), ==, 0);

  store_b = ms_store_open (dir_b, &error);
  g_assert_no_error (error);
  b = ms_sync_client_new (store_b, url, tokens);
  client_sign (b, "bench@example.jp", FALSE);
  start = now_s ();
  g_assert_null (client_sync (b));
  report ("sync.initial_pull", "rows", (guint) rows, now_s () - start);
  g_assert_cmpint (count_rows (store_b, "score_history"), ==, rows);

  /* Offline: half saves, a quarter actuals, a quarter deletes. */
  use_plan (store_b, "team_pro_l");
  ids = save_many (store_b, result, (guint) mutations / 2, "B");
  made = ids->len;
  history = ms_history_repository_new (store_b);
  for (guint i = 0; made < (guint) mutations; i++)
    {
      MsActuals actuals = { .recipients = 1000, .open_rate = 0.2, .ctr = 0.02,
                            .conversions = 5 };
      const char *id = g_ptr_array_index (ids, i % ids->len);

      if (i < ids->len / 2)
        g_assert_true (ms_history_repository_set_actuals (history, id, &actuals, &error));
      else
        g_assert_true (ms_history_repository_delete (history, id, &error));
      g_assert_no_error (error);
      made++;
    }
  ms_sync_client_set_batch_size (b, 500);
  start = now_s ();
  g_assert_null (client_sync (b));
  report ("sync.push", "mutations", made, now_s () - start);
  g_assert_cmpuint (ms_sync_client_get_pending (b), ==, 0);

  g_clear_object (&a);
  g_clear_object (&b);
  server_stop (&server);
  g_clear_object (&store_a);
  g_clear_object (&store_b);
  remove_tree (dir);
  g_free (server.db);
  ms_test_pg_stop (pg);
  return 0;
}
