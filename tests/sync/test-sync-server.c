/* test-sync-server.c — two real clients, the real server, a faulty network
 *
 * Each test starts msgscore-server (sync-harness.h) on a fresh database and
 * the fault-injecting proxy in front of it; clients are MsStore +
 * MsSyncClient on their own profile folders, in this process.
 *
 * The convergence tests take a seed: a seeded random schedule of offline
 * edits on both clients (saves, deletes, undone deletes, actuals, NG words)
 * and syncs through the proxy with faults on (drop the request, drop the
 * answer after the server committed, send twice, delay). Then, without
 * faults, both settle, and:
 *   - both clients show the same rows, and a third client that pulls from
 *     scratch shows the same live rows (convergence to the server's state);
 *   - the server processed exactly as many mutation ids per client as the
 *     client made, and the client's counter agrees (each once, none lost);
 *   - the server holds exactly one row per saved scoring;
 *   - a deleted row that nobody restored is deleted everywhere;
 *   - no cursor ever went backwards.
 * MSGSCORE_SYNC_SEEDS=N runs seeds 1…N (the "slow" suite runs many).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-harness.h"

typedef struct
{
  char   *dir;
  Server  server;
  Proxy   proxy;
  char   *url;
  char   *email;
} Fixture;

typedef struct
{
  char         *dir;
  MsStore      *store;
  MsTokenStore *tokens;
  MsSyncClient *client;
  guint         mutations;  /* outbox rows made */
  gint64        cursor;
} Client;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;

  fixture->dir = g_dir_make_tmp ("msgscore-sync-XXXXXX", NULL);
  fixture->server.db = ms_test_db_new (fixture->dir);
  server_start (&fixture->server);
  proxy_start (&fixture->proxy, fixture->server.port, GPOINTER_TO_UINT (data) + 1);
  fixture->url = proxy_url (&fixture->proxy);
  fixture->email = g_strdup_printf ("user%u@example.jp", ++counter);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  proxy_stop (&fixture->proxy);
  server_stop (&fixture->server);
  remove_tree (fixture->dir);
  g_free (fixture->server.db);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->email);
}

static void
client_open (Fixture    *fixture,
             Client     *client,
             const char *name)
{
  g_autoptr(GError) error = NULL;

  client->dir = g_build_filename (fixture->dir, name, NULL);
  client->store = ms_store_open (client->dir, &error);
  g_assert_no_error (error);
  client->tokens = ms_token_store_new_memory ();
  client->client = ms_sync_client_new (client->store, fixture->url, client->tokens);
  ms_sync_client_set_backoff_seed (client->client, 7, 20);
  client->cursor = -1;
}

static void
client_close (Client *client)
{
  g_clear_object (&client->client);
  g_clear_object (&client->tokens);
  g_clear_object (&client->store);
  g_clear_pointer (&client->dir, g_free);
}

static void
check_cursor (Client *client)
{
  gint64 version = store_query_int (client->store, "SELECT max(version) FROM sync_cursor");

  g_assert_cmpint (version, >=, client->cursor);
  client->cursor = version;
}

static char *
save (Client     *client,
      const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email (subject, "本文です。詳しくはこちら。");
  char *id = save_scoring (client->store, message, &error);

  g_assert_no_error (error);
  client->mutations++;
  return id;
}

static char *
random_row (Client     *client,
            const char *table,
            gboolean    deleted,
            guint32     r)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE tenant = ?1 AND deleted_at IS %s"
                                          " ORDER BY id", table, deleted ? "NOT NULL" : "NULL");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_ms_store_get_db (client->store), sql, -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (client->store), -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (ids->len == 0)
    return NULL;
  return g_strdup (g_ptr_array_index (ids, r % ids->len));
}

static gint64
server_last_mutation_id (Fixture *fixture,
                         Client  *client)
{
  g_autofree char *sql = g_strdup_printf ("SELECT last_mutation_id FROM sync_client"
                                          " WHERE client_id = '%s'",
                                          ms_store_get_client_id (client->store));

  return server_query (&fixture->server, sql);
}

/* ------------------------------------------------------------------------ */

static void
test_push_pull (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history2 = NULL;
  Client c1 = { 0 }, c2 = { 0 };
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autofree char *dump1 = NULL, *dump2 = NULL;
  MsActuals actuals = { .recipients = 1000, .open_rate = 0.2, .ctr = 0.03, .conversions = 7 };

  client_open (fixture, &c1, "c1");
  client_open (fixture, &c2, "c2");
  client_sign (c1.client, fixture->email, TRUE);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  client_sign (c2.client, fixture->email, FALSE);

  a = save (&c1, "春のセール");
  b = save (&c1, "夏のセール");
  c = save (&c1, "秋のセール");
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (ms_sync_client_get_state (c1.client), ==, MS_SYNC_STATE_SYNCED);
  g_assert_cmpint (server_last_mutation_id (fixture, &c1), ==, 3);
  g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"), ==, 3);

  error = client_sync (c2.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c2.store, "score_history"), ==, 3);
  g_assert_cmpstr (ms_store_get_tenant (c2.store), ==, ms_store_get_tenant (c1.store));

  history2 = ms_history_repository_new (c2.store);
  g_assert_true (ms_history_repository_delete (history2, a, &error));
  g_assert_true (ms_history_repository_set_actuals (history2, b, &actuals, &error));
  g_assert_no_error (error);
  error = client_sync (c2.client);
  g_assert_no_error (error);
  error = client_sync (c1.client);
  g_assert_no_error (error);

  g_assert_cmpint (store_query_int (c1.store, "SELECT count(*) FROM score_history"
                                              " WHERE deleted_at IS NULL"), ==, 2);
  g_assert_cmpint (store_query_int (c1.store, "SELECT max(actual_recipients) FROM score_history"),
                   ==, 1000);
  dump1 = store_dump (c1.store, FALSE);
  dump2 = store_dump (c2.store, FALSE);
  g_assert_cmpstr (dump1, ==, dump2);
  g_assert_cmpint (count_rows (c1.store, "shadow"), ==, 0);
  g_assert_cmpint (count_rows (c2.store, "shadow"), ==, 0);

  client_close (&c1);
  client_close (&c2);
}

static void
on_rejected_cb (MsSyncClient *client,
                const char   *name,
                const char   *code,
                const char   *message,
                gpointer      user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strdup (code));
}

/* Free: five saved scorings a day. Two clients save three each offline;
 * the server takes five and rejects the sixth, which is undone there. Free
 * also shows the newest three only: the server keeps all five and serves
 * those three, so each client has its own and the newest three. */
static void
test_rejected_by_plan (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Client c1 = { 0 }, c2 = { 0 };
  g_autofree char *dump1 = NULL, *dump2 = NULL;

  client_open (fixture, &c1, "c1");
  client_open (fixture, &c2, "c2");
  client_sign (c1.client, fixture->email, TRUE);
  client_sign (c2.client, fixture->email, FALSE);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *subject1 = g_strdup_printf ("一 %u", i);
      g_autofree char *subject2 = g_strdup_printf ("二 %u", i);
      g_autofree char *id1 = save (&c1, subject1);
      g_autofree char *id2 = save (&c2, subject2);
    }

  g_signal_connect (c2.client, "rejected", G_CALLBACK (on_rejected_cb), seen);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  error = client_sync (c2.client);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "limit_reached");
  g_assert_cmpint (count_rows (c2.store, "rejected_mutation"), ==, 1);
  /* its two, and of c1's three the two among the newest three */
  g_assert_cmpint (count_rows (c2.store, "score_history"), ==, 4);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 4);
  g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"), ==, 5);

  /* On Pro every saved scoring is served: both hold the same five. */
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  error = client_sync (c1.client);
  g_assert_no_error (error);
  error = client_sync (c2.client);
  g_assert_no_error (error);
  dump1 = store_dump (c1.store, FALSE);
  dump2 = store_dump (c2.store, FALSE);
  g_assert_cmpstr (dump1, ==, dump2);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 5);

  client_close (&c1);
  client_close (&c2);
}

static MsCampaignRow
campaign_row (const char *subject,
              gint64      recipients)
{
  MsCampaignRow row = { 0 };

  row.sent_on = g_strdup ("2026-10-01");
  row.channel = MS_CHANNEL_EMAIL;
  row.subject = g_strdup (subject);
  row.body = g_strdup ("");
  row.recipients = recipients;
  row.open_rate = 0.25;
  row.ctr = 0.03;
  row.cv_count = -1;
  ms_campaign_row_compute_key (&row);
  return row;
}

/* The subjects of @store's saved scorings, newest first. */
static char *
subjects (MsStore *store)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (_ms_store_get_db (store),
                      "SELECT subject FROM score_history WHERE deleted_at IS NULL"
                      " ORDER BY created_at DESC", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* How test_retention upgrades the Free account. */
typedef enum
{
  UPGRADE_BY_STAFF,       /* staff set the account's plan to Pro */
  UPGRADE_BY_TEAM_TRIAL,  /* the person creates a team: its 14-day trial of Team S */
} Upgrade;

static void
on_async_result_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data);

/* History retention on the server: a Free account whose ten scorings were
 * saved on Pro gets the newest three on a new device — the server keeps all
 * ten — and after an upgrade all ten come back: to Pro by staff, or by
 * creating a team, whose plan (Team S in its trial, a year of history) is
 * in force for its owner's own data too. The device that made them keeps
 * its ten through the downgrade (the app locks seven). */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  Upgrade upgrade = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  Client c1 = { 0 }, c2 = { 0 };
  gint64 now = g_get_real_time ();
  g_autofree char *all = NULL, *newest = NULL;

  client_open (fixture, &c1, "c1");
  client_sign (c1.client, fixture->email, TRUE);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *subject = g_strdup_printf ("保存 %u", i);
      g_autofree char *id = NULL;

      /* ten days ago, nine days ago, … yesterday */
      ms_store_set_now_for_testing (c1.store, now - (gint64) (10 - i) * G_TIME_SPAN_DAY);
      id = save (&c1, subject);
    }
  ms_store_set_now_for_testing (c1.store, 0);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE entity = 'score_history'"),
                   ==, 10);
  all = subjects (c1.store);

  server_staff (&fixture->server, "set-plan", fixture->email, "free");
  client_open (fixture, &c2, "c2");
  client_sign (c2.client, fixture->email, FALSE);
  error = client_sync (c2.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c2.store, "score_history"), ==, 3);
  newest = subjects (c2.store);
  g_assert_cmpstr (newest, ==, "保存 9|保存 8|保存 7|");
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE entity = 'score_history'"),
                   ==, 10);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 10);

  if (upgrade == UPGRADE_BY_STAFF)
    server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  else
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(MsTeam) team = NULL;

      ms_sync_client_create_team_async (c2.client, "販促チーム", "team_s", NULL,
                                        on_async_result_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      team = ms_sync_client_create_team_finish (c2.client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (server_query (&fixture->server,
                                     "SELECT count(*) FROM subscription"), ==, 1);
      /* the account itself stays on Free */
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM user_account WHERE"
                                                " plan = 'free' AND email = '%s'",
                                                fixture->email);

        g_assert_cmpint (server_query (&fixture->server, sql), ==, 1);
      }
    }
  error = client_sync (c2.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c2.store, "score_history"), ==, 10);
  g_free (newest);
  newest = subjects (c2.store);
  g_assert_cmpstr (newest, ==, all);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 10);

  client_close (&c1);
  client_close (&c2);
}

static void
on_async_result_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Segments, NG words and campaign results: the same word added on both
 * clients offline is a conflict (undone on the second); the same campaign
 * imported on both is one row (the first id wins). */
static void
test_other_entities (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Client c1 = { 0 }, c2 = { 0 };
  g_autoptr(MsSegmentRepository) segments1 = NULL, segments2 = NULL;
  g_autoptr(MsNgWordRepository) words1 = NULL, words2 = NULL;
  g_autoptr(MsCampaignRepository) campaigns1 = NULL, campaigns2 = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autofree char *segment_id = NULL, *word1 = NULL, *word2 = NULL, *other = NULL;
  g_autofree char *dump1 = NULL, *dump2 = NULL;
  MsCampaignRow rows1[2], rows2[1];
  guint added = 0;

  client_open (fixture, &c1, "c1");
  client_open (fixture, &c2, "c2");
  client_sign (c1.client, fixture->email, TRUE);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  client_sign (c2.client, fixture->email, FALSE);
  /* Pro for the own NG words, and a Team Pro team for campaign import: the
   * plan in force has both. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(MsTeam) team = NULL;

    ms_sync_client_create_team_async (c1.client, "取り込みチーム", "team_pro_s", NULL,
                                      on_async_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    team = ms_sync_client_create_team_finish (c1.client, result, &error);
    g_assert_no_error (error);
  }
  g_assert_null (client_sync (c1.client));
  g_assert_null (client_sync (c2.client));
  g_assert_true (ms_entitlements_has_feature (ms_store_get_entitlements (c2.store),
                                              "campaign_import"));
  g_assert_cmpint (ms_entitlements_get_limit (ms_store_get_entitlements (c2.store),
                                              MS_LIMIT_CUSTOM_NG_WORDS), ==, 10);
  segments1 = ms_segment_repository_new (c1.store);
  segments2 = ms_segment_repository_new (c2.store);
  words1 = ms_ng_word_repository_new (c1.store);
  words2 = ms_ng_word_repository_new (c2.store);
  campaigns1 = ms_campaign_repository_new (c1.store);
  campaigns2 = ms_campaign_repository_new (c2.store);

  segment->audience = MS_AUDIENCE_DORMANT;
  segment_id = ms_segment_repository_add (segments1, "休眠顧客", segment, &error);
  g_assert_no_error (error);
  word1 = ms_ng_word_repository_add (words1, "完全無料", "", &error);
  g_assert_no_error (error);
  other = ms_ng_word_repository_add (words1, "今だけ", "", &error);
  g_assert_no_error (error);
  word2 = ms_ng_word_repository_add (words2, "完全無料", "同じ語", &error);
  g_assert_no_error (error);
  rows1[0] = campaign_row ("秋の新作", 1000);
  rows1[1] = campaign_row ("冬の新作", 2000);
  rows2[0] = campaign_row ("秋の新作", 1000);
  g_assert_true (ms_campaign_repository_insert (campaigns1, rows1, 2, &added, &error));
  g_assert_true (ms_campaign_repository_insert (campaigns2, rows2, 1, &added, &error));
  g_assert_no_error (error);

  g_signal_connect (c2.client, "rejected", G_CALLBACK (on_rejected_cb), seen);
  g_assert_null (client_sync (c1.client));
  g_assert_null (client_sync (c2.client));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "conflict");

  /* Then c2 renames the segment and removes a word. */
  segment->audience = MS_AUDIENCE_ALL;
  g_assert_true (ms_segment_repository_update (segments2, segment_id, "全員", segment, &error));
  g_assert_true (ms_ng_word_repository_delete (words2, other, &error));
  g_assert_no_error (error);
  g_assert_null (client_sync (c2.client));
  g_assert_null (client_sync (c1.client));

  dump1 = store_dump (c1.store, TRUE);
  dump2 = store_dump (c2.store, TRUE);
  g_assert_cmpstr (dump1, ==, dump2);
  g_assert_nonnull (strstr (dump1, "全員"));
  g_assert_null (strstr (dump1, "今だけ"));
  g_assert_nonnull (strstr (dump1, word1));
  g_assert_null (strstr (dump1, word2));
  g_assert_cmpuint (ms_campaign_repository_count (campaigns1, NULL), ==, 2);
  g_assert_cmpuint (ms_campaign_repository_count (campaigns2, NULL), ==, 2);
  /* c1's own rows came back with the ids its import made: not stored
   * twice. c2 stores both of c1's rows, its own 秋の新作 having lost. */
  g_assert_cmpint (store_query_int (c1.store, "SELECT count(*) FROM campaign_result"), ==, 0);
  g_assert_cmpint (store_query_int (c2.store, "SELECT count(*) FROM campaign_result"), ==, 2);
  g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"
                                                   " WHERE entity = 'campaign_result'"), ==, 2);

  ms_campaign_row_clear (&rows1[0]);
  ms_campaign_row_clear (&rows1[1]);
  ms_campaign_row_clear (&rows2[0]);
  client_close (&c1);
  client_close (&c2);
}

static char *
run_cli (Fixture    *fixture,
         const char *input,
         int        *status,
         char      **err,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *tokens = g_build_filename (fixture->dir, "tokens.json", NULL);
  g_autofree char *spec = g_strconcat ("file:", tokens, NULL);
  g_autofree char *profile = g_build_filename (fixture->dir, "cli", NULL);
  char *out = NULL;
  const char *arg;
  va_list args;

  g_subprocess_launcher_setenv (launcher, "MSGSCORE_TOKEN_STORE", spec, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("MSGSCORE_CLI_BIN"));
  g_ptr_array_add (argv, "--profile");
  g_ptr_array_add (argv, profile);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  int status;

  out = run_cli (fixture, "password-1234\n", &status, &err, "login", "--server", fixture->url,
                 "--signup", "--name", "CLI", "--email", fixture->email, "--password-stdin",
                 NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Signed in as"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Options after the command work too; the server is remembered. */
  out = run_cli (fixture, NULL, &status, &err, "sync", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Synced"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, NULL, &status, &err, "status", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "(signed in)"));
  g_assert_nonnull (strstr (out, "0 changes waiting"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The profile has its account's plan: Free exports nothing, Pro does. */
  out = run_cli (fixture, NULL, &status, &err, "export", "history", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "CSV export comes with Pro"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  out = run_cli (fixture, NULL, &status, &err, "sync", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  out = run_cli (fixture, NULL, &status, &err, "export", "history", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "\xef\xbb\xbf") || g_str_has_prefix (out, "date"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, NULL, &status, &err, "logout", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_cli (fixture, NULL, &status, &err, "sync", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Sign in"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A one-shot headless sync with an in-memory token. */
  out = run_cli (fixture, "password-1234\n", &status, &err, "sync", "--token-store", "memory",
                 "--email", fixture->email, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Synced"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Wrong password: a clear error, exit 1. */
  out = run_cli (fixture, "wrong-password\n", &status, &err, "login", "--email", fixture->email,
                 "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "password is wrong"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No terminal and no --password-stdin. */
  out = run_cli (fixture, "", &status, &err, "login", "--email", fixture->email, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--password-stdin"));
}

/* A restored server (new epoch): the client starts over, keeping what waits. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Client c1 = { 0 };
  g_autofree char *a = NULL, *b = NULL, *before = NULL, *after = NULL;

  client_open (fixture, &c1, "c1");
  client_sign (c1.client, fixture->email, TRUE);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  a = save (&c1, "同期済み");
  error = client_sync (c1.client);
  g_assert_no_error (error);
  before = store_dump (c1.store, FALSE);

  server_staff (&fixture->server, "rotate-epoch", NULL, NULL);
  b = save (&c1, "未送信");
  /* Locally too: the explicit reset keeps the pending save. */
  g_assert_true (ms_sync_client_reset (c1.client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 1);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 2);
  g_assert_cmpuint (ms_sync_client_get_pending (c1.client), ==, 0);

  /* And a server-side reset on a later pull. */
  server_staff (&fixture->server, "rotate-epoch", NULL, NULL);
  error = client_sync (c1.client);
  g_assert_no_error (error);
  after = store_dump (c1.store, TRUE);
  g_assert_cmpint (count_rows (c1.store, "score_history"), ==, 2);
  g_assert_nonnull (strstr (after, "同期済み"));
  g_assert_nonnull (strstr (after, "未送信"));

  client_close (&c1);
}

typedef struct
{
  GMainLoop *loop;
  guint      running;
} Both;

static void
on_both_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Both *both = user_data;

  ms_sync_client_sync_finish (MS_SYNC_CLIENT (source), result, NULL);
  if (--both->running == 0)
    g_main_loop_quit (both->loop);
}

/* Both clients sync at once: two pushes race at the server. */
static void
sync_both (Client *clients)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Both both = { loop, 2 };

  ms_sync_client_sync_async (clients[0].client, NULL, on_both_done_cb, &both);
  ms_sync_client_sync_async (clients[1].client, NULL, on_both_done_cb, &both);
  g_main_loop_run (loop);
}

static void
test_converge (Fixture       *fixture,
               gconstpointer  data)
{
  guint32 seed = GPOINTER_TO_UINT (data);
  guint32 rng = seed * 2654435761u + 1;
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) restored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Client clients[3] = { 0 };
  guint saves = 0, syncs = 0;
  g_autofree char *dump0 = NULL, *dump1 = NULL, *live0 = NULL, *live2 = NULL;
  GHashTableIter iter;
  gpointer key;

#define RAND() (rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5, rng)

  client_open (fixture, &clients[0], "c1");
  client_open (fixture, &clients[1], "c2");
  client_sign (clients[0].client, fixture->email, TRUE);
  server_staff (&fixture->server, "set-plan", fixture->email, "pro");
  client_sign (clients[1].client, fixture->email, FALSE);
  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(GError) error = client_sync (clients[c].client);

      g_assert_no_error (error);
      use_plan (clients[c].store, "pro");
    }

  proxy_set (&fixture->proxy, 0, 35);
  for (guint step = 0; step < 60; step++)
    {
      Client *client = &clients[RAND () % 2];
      g_autoptr(MsHistoryRepository) history = ms_history_repository_new (client->store);
      g_autoptr(MsNgWordRepository) words = ms_ng_word_repository_new (client->store);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      guint action = RAND () % 13;

      switch (action)
        {
        case 0: case 1: case 2: case 3:
          {
            g_autofree char *subject = g_strdup_printf ("s%u-%u", seed, step);

            id = save (client, subject);
            saves++;
          }
          break;
        case 4:
          id = random_row (client, "score_history", FALSE, RAND ());
          if (id != NULL && ms_history_repository_delete (history, id, &error))
            {
              client->mutations++;
              g_hash_table_add (deleted, g_strdup (id));
            }
          break;
        case 5:
          id = random_row (client, "score_history", FALSE, RAND ());
          if (id != NULL && ms_history_repository_delete (history, id, &error))
            {
              client->mutations++;
              g_assert_true (ms_history_repository_restore (history, id, &error));
              client->mutations++;
              g_hash_table_add (restored, g_strdup (id));
            }
          break;
        case 6:
          id = random_row (client, "score_history", FALSE, RAND ());
          if (id != NULL)
            {
              MsActuals actuals = { .recipients = 100 + step, .open_rate = 0.1, .ctr = 0.01,
                                    .conversions = 1 };

              if (ms_history_repository_set_actuals (history, id, &actuals, &error))
                client->mutations++;
            }
          break;
        case 7:
          {
            g_autofree char *word = g_strdup_printf ("語%u-%u", (guint) (client - clients), step);
            g_autofree char *word_id = ms_ng_word_repository_add (words, word, "", &error);

            if (word_id != NULL)
              client->mutations++;
          }
          break;
        case 8:
          id = random_row (client, "ng_word", FALSE, RAND ());
          if (id != NULL && ms_ng_word_repository_delete (words, id, &error))
            client->mutations++;
          break;
        case 9: case 10: case 11:
          {
            g_autoptr(GError) sync_error = client_sync (client->client);

            syncs++;
            check_cursor (client);
          }
          break;
        default:
          sync_both (clients);
          syncs += 2;
          check_cursor (&clients[0]);
          check_cursor (&clients[1]);
        }
    }

  /* The network heals: everyone settles, twice round so each sees the other. */
  proxy_set (&fixture->proxy, 0, 0);
  for (guint round = 0; round < 2; round++)
    for (guint c = 0; c < 2; c++)
      {
        client_settle (clients[c].client);
        check_cursor (&clients[c]);
      }

  dump0 = store_dump (clients[0].store, FALSE);
  dump1 = store_dump (clients[1].store, FALSE);
  g_assert_cmpstr (dump0, ==, dump1);

  /* A third client, from scratch: the server's state. */
  client_open (fixture, &clients[2], "c3");
  client_sign (clients[2].client, fixture->email, FALSE);
  client_settle (clients[2].client);
  live0 = store_dump (clients[0].store, TRUE);
  live2 = store_dump (clients[2].store, TRUE);
  g_assert_cmpstr (live0, ==, live2);

  for (guint c = 0; c < 2; c++)
    {
      g_assert_cmpint (server_last_mutation_id (fixture, &clients[c]), ==, clients[c].mutations);
      g_assert_cmpint (store_query_int (clients[c].store,
                                        "SELECT next_mutation_id - 1 FROM sync_client"), ==,
                       clients[c].mutations);
      g_assert_cmpint (count_rows (clients[c].store, "outbox"), ==, 0);
      g_assert_cmpint (count_rows (clients[c].store, "shadow"), ==, 0);
    }
  g_assert_cmpint (server_query (&fixture->server,
                                 "SELECT count(*) FROM sync_row WHERE entity = 'score_history'"),
                   ==, saves);

  g_hash_table_iter_init (&iter, deleted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM score_history WHERE id = '%s'"
                                              " AND deleted_at IS NULL", (char *) key);

      if (g_hash_table_contains (restored, key))
        continue;
      for (guint c = 0; c < 3; c++)
        g_assert_cmpint (store_query_int (clients[c].store, sql), ==, 0);
    }

  g_test_message ("seed %u: %u saves, %u+%u mutations, %u syncs under faults; faults: "
                  "%u dropped requests, %u dropped answers, %u doubled, %u delayed",
                  seed, saves, clients[0].mutations, clients[1].mutations, syncs,
                  fixture->proxy.counts[FAULT_DROP_REQUEST],
                  fixture->proxy.counts[FAULT_DROP_RESPONSE],
                  fixture->proxy.counts[FAULT_DUPLICATE], fixture->proxy.counts[FAULT_DELAY]);

  for (guint c = 0; c < 3; c++)
    client_close (&clients[c]);
#undef RAND
}

int
main (int   argc,
      char *argv[])
{
  const char *seeds_env = g_getenv ("MSGSCORE_SYNC_SEEDS");
  guint seeds = seeds_env != NULL ? (guint) atoi (seeds_env) : 3;
  gboolean only_converge = g_getenv ("MSGSCORE_SYNC_ONLY_CONVERGE") != NULL;

  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;
  ms_core_init_i18n ();

  if (!only_converge)
    {
      g_test_add ("/ms/sync/server/push-pull", Fixture, NULL, fixture_set_up, test_push_pull,
                  fixture_tear_down);
      g_test_add ("/ms/sync/server/rejected-by-plan", Fixture, NULL, fixture_set_up,
                  test_rejected_by_plan, fixture_tear_down);
      g_test_add ("/ms/sync/server/retention", Fixture, GUINT_TO_POINTER (UPGRADE_BY_STAFF),
                  fixture_set_up, test_retention, fixture_tear_down);
      g_test_add ("/ms/sync/server/retention-team-trial", Fixture,
                  GUINT_TO_POINTER (UPGRADE_BY_TEAM_TRIAL), fixture_set_up, test_retention,
                  fixture_tear_down);
      g_test_add ("/ms/sync/server/reset", Fixture, NULL, fixture_set_up, test_reset,
                  fixture_tear_down);
      g_test_add ("/ms/sync/server/other-entities", Fixture, NULL, fixture_set_up,
                  test_other_entities, fixture_tear_down);
      g_test_add ("/ms/sync/server/cli", Fixture, NULL, fixture_set_up, test_cli,
                  fixture_tear_down);
    }
  for (guint seed = 1; seed <= seeds; seed++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/sync/server/converge/seed-%u", seed);

      g_test_add (path, Fixture, GUINT_TO_POINTER (seed), fixture_set_up, test_converge,
                  fixture_tear_down);
    }

  return g_test_run ();
}
