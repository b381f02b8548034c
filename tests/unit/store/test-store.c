/* test-store.c — connection, pragmas, migrations, transactions, entitlements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <glib/gstdio.h>

#include "io/ms-io.h"
#include "store-test.h"

/* Rows valid for each older schema version, written straight into a
 * database built with the migration steps up to that version. The upgrade
 * must keep every one of them. Index = version. */
static const char * const fixtures[] = {
  /* 0: an empty file */
  "",
  /* 1 */
  "INSERT INTO meta VALUES ('note', 'from v1');"
  "INSERT INTO sync_client VALUES ('client-v1', 7);"
  "INSERT INTO outbox (tenant, name, args_json, created_at)"
  "  VALUES ('local', 'history.save', '{\"id\":\"h1\"}', 1);"
  "INSERT INTO score_history (id, tenant, created_at, updated_at, channel, subject, body,"
  "  input_json, result_json, engine, total, predicted_open_rate, predicted_ctr)"
  "  VALUES ('h1', 'local', 1795255200000000, 1795255200000000, 'email', '春の限定セール',"
  "  '本文', '{\"schema\":1,\"channel\":\"email\",\"subject\":\"春の限定セール\","
  "\"preheader\":\"\",\"body\":\"本文\",\"segment\":{\"audience\":\"new\"}}',"
  "  '{}', 'v1-engine', 71, 0.2, 0.02);",
  /* 2 */
  "INSERT INTO score_history (id, tenant, created_at, updated_at, channel, subject, body,"
  "  input_json, result_json, engine, total, predicted_open_rate, predicted_ctr,"
  "  actual_recipients, actual_open_rate, actual_ctr, actual_conversions, actuals_at)"
  "  VALUES ('h2', 'local', 1795255200000000, 1795255200000000, 'line', 'LINE限定',"
  "  'クーポン', '{\"schema\":1,\"channel\":\"line\",\"subject\":\"LINE限定\","
  "\"bubbles\":[\"クーポン\"],\"segment\":{}}', '{}', 'v2-engine', 64, 0.6, 0.05,"
  "  1000, 0.634, 0.051, 12, 1);"
  "INSERT INTO segment (id, tenant, created_at, updated_at, name, segment_json)"
  "  VALUES ('s1', 'local', 1, 1, '既存顧客', '{\"audience\":\"existing\",\"goal\":\"purchase\"}');"
  "INSERT INTO ng_word (id, tenant, created_at, updated_at, word, note)"
  "  VALUES ('n1', 'local', 1, 1, '激安', '');",
  /* 3 */
  "INSERT INTO campaign_result (id, tenant, created_at, updated_at, natural_key, sent_on,"
  "  channel, subject, recipients, open_rate)"
  "  VALUES ('c1', 'local', 1, 1, 'k1', '2026-10-01', 'email', '秋のセール', 1000, 0.3);",
  /* 4 */
  "INSERT INTO team (id, tenant, created_at, updated_at, name, plan, role, seats_used,"
  "  seats_limit) VALUES ('team:v4', 'team:v4', 1, 1, '旧チーム', 'team_s', 'owner', 1, 5);"
  "INSERT INTO team_ng_word (id, tenant, created_at, updated_at, word, key)"
  "  VALUES ('team:v4/w1', 'team:v4', 1, 1, '最安', '最安');",
  /* 5 */
  "INSERT INTO score_history (id, tenant, created_at, updated_at, channel, subject, body,"
  "  input_json, result_json, engine, total)"
  "  VALUES ('h5', 'local', 1795255300000000, 1795255300000000, 'email', 'Winter SALE',"
  "  '冬の本文', '{\"schema\":1,\"channel\":\"email\",\"subject\":\"Winter SALE\","
  "\"preheader\":\"\",\"body\":\"冬の本文\",\"segment\":{}}', '{}', 'v5-engine', 80);",
  /* 6 */
  "INSERT INTO team (id, tenant, created_at, updated_at, name, plan, role, seats_used,"
  "  seats_limit) VALUES ('team:v6', 'team:v6', 1, 1, '六のチーム', 'team_s', 'owner', 1, 5);"
  "INSERT INTO team_rules (id, tenant, created_at, updated_at, require_unsubscribe, min_score,"
  "  min_score_action) VALUES ('team:v6', 'team:v6', 1, 1, 1, 65, 'badge');",
  /* 7 */
  "INSERT INTO personal_setting (id, tenant, created_at, updated_at, key, value_json)"
  "  VALUES ('local/esp_footer', 'local', 1, 1, 'esp_footer', 'false');",
  /* 8 */
  "INSERT INTO team_stats VALUES ('team:v8', '{\"team\":\"team:v8\"}', 1);",
  /* 9 */
  "INSERT INTO staff_portfolio (owner, day, scope, about_json, tasks_json, fetched_at)"
  "  VALUES ('user:staff9', 1, 'mine', '{}', '[]', 1);",
  /* 10 */
  "INSERT INTO shared_scoring (id, tenant, created_at, updated_at, history_id, shared_by,"
  "  channel, total) VALUES ('s10', 'team:v6', 1, 1, 'h5', 'u10', 'email', 70);",
  /* 11 */
  "INSERT INTO feedback (id, tenant, created_at, updated_at, link_id, shared_by, engine_total,"
  "  role, rating, axes) VALUES ('fb11', 'team:v6', 1, 1, 'l11', 'u10', 70, 'director', 'high',"
  "  'cta');",
  /* 12 */
  "INSERT INTO knowledge_state (id, tenant, created_at, updated_at, key, enabled)"
  "  VALUES ('team:v6/k12', 'team:v6', 1, 1, 'k12', 0);",
  /* 13 */
  "INSERT INTO onboarding_step (id, tenant, created_at, updated_at, step, done_at)"
  "  VALUES ('local/score', 'local', 1, 1, 'score', 1);",
};

static void
build_database_at (const char *dir,
                   guint       version)
{
  g_autofree char *path = g_build_filename (dir, "msgscore.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* Step by step, as a user who installed every release would have it. */
  for (guint step = 1; step <= version; step++)
    {
      _ms_migrations_apply (db, step, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_exec (db, fixtures[step], NULL, NULL, &message), ==, SQLITE_OK);
      g_assert_null (message);
    }
  sqlite3_close (db);
}

static int
get_user_version (MsStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int version;

  sqlite3_prepare_v2 (_ms_store_get_db (store), "PRAGMA user_version", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static void
test_migrate_from (gconstpointer data)
{
  guint from = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-migrate-XXXXXX", NULL);

  build_database_at (dir, from);
  store = ms_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (get_user_version (store), ==, ms_store_get_schema_version ());
  use_plan (store, "pro");
  ms_store_set_now_for_testing (store, TEST_NOW);

  if (from >= 1)
    {
      g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
      g_autoptr(MsHistoryItem) item = ms_history_repository_get_item (history, "h1", &error);
      g_autoptr(MsMessage) message = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (ms_history_item_get_subject (item), ==, "春の限定セール");
      g_assert_cmpuint (ms_history_item_get_total (item), ==, 71);
      g_assert_false (ms_history_item_get_has_actuals (item));
      message = ms_history_repository_load_message (history, "h1", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ms_message_get_field (message, MS_FIELD_SUBJECT), ==, "春の限定セール");
      g_assert_cmpstr (ms_store_get_client_id (store), ==, "client-v1");
      g_assert_cmpint (count_rows (store, "outbox"), ==, 1);
    }
  if (from >= 2)
    {
      g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
      g_autoptr(MsHistoryItem) item = ms_history_repository_get_item (history, "h2", &error);
      g_autoptr(MsSegmentRepository) segments = ms_segment_repository_new (store);
      g_autoptr(MsNgWordRepository) words = ms_ng_word_repository_new (store);
      g_autoptr(MsSegmentPreset) preset = NULL;

      g_assert_no_error (error);
      g_assert_true (ms_history_item_get_has_actuals (item));
      g_assert_cmpfloat_with_epsilon (ms_history_item_get_error (item), 3.4, 1e-9);
      g_assert_cmpuint (g_list_model_get_n_items (ms_segment_repository_get_model (segments)), ==, 1);
      preset = g_list_model_get_item (ms_segment_repository_get_model (segments), 0);
      g_assert_cmpint (ms_segment_preset_get_segment (preset)->audience, ==, MS_AUDIENCE_EXISTING);
      g_assert_cmpuint (g_list_model_get_n_items (ms_ng_word_repository_get_model (words)), ==, 1);
    }

  if (from >= 3)
    g_assert_cmpint (count_rows (store, "campaign_result"), ==, 1);
  if (from >= 5)
    {
      /* found by the search index built on the upgraded rows */
      g_autoptr(MsHistoryList) list = ms_history_list_new (store);

      ms_history_list_set_search (list, "winter sale");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
      ms_history_list_set_search (list, "冬の");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    }
  if (from >= 4)
    {
      g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, "team:v4");

      g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules)),
                        ==, 1);
    }

  if (from >= 6)
    {
      g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, "team:v6");
      g_autoptr(MsBrandRules) brand = ms_team_rules_repository_dup_brand_rules (rules);

      g_assert_true (brand->require_unsubscribe);
      g_assert_cmpint (brand->min_score, ==, 65);
      g_assert_cmpint (brand->min_score_action, ==, MS_MIN_SCORE_ACTION_BADGE);
      g_assert_false (brand->esp_footer);
    }

  if (from >= 7)
    g_assert_cmpint (count_rows (store, "personal_setting"), ==, 1);
  if (from >= 8)
    g_assert_cmpint (count_rows (store, "team_stats"), ==, 1);
  if (from >= 9)
    g_assert_cmpint (count_rows (store, "staff_portfolio"), ==, 1);
  if (from >= 12)
    g_assert_cmpint (count_rows (store, "knowledge_state"), ==, 1);

  /* What the newest version added works on the upgraded file. */
  {
    g_autoptr(MsTeamStatsRepository) repository = ms_team_stats_repository_new (store);
    g_autoptr(MsTeamStats) stats = NULL;
    g_autoptr(MsTeamStats) cached = NULL;
    gint64 fetched_at = 0;

    stats = ms_team_stats_new_from_json ("{\"schema\":1,\"tenant\":\"team:t1\",\"computed_at\":1,"
                                         "\"min_score\":null,\"viewer\":\"u\","
                                         "\"sees_all\":true,\"months\":[\"2026-11\"],"
                                         "\"team\":{\"months\":[{\"scorings\":0}]},"
                                         "\"members\":[]}", -1, &error);
    g_assert_no_error (error);
    g_assert_true (ms_store_put_team_stats (store, stats, &error));
    g_assert_no_error (error);
    cached = ms_team_stats_repository_dup_stats (repository, "team:t1", &fetched_at);
    g_assert_nonnull (cached);
    g_assert_cmpint (fetched_at, ==, TEST_NOW);
  }
  /* The checklist's steps of step 13 */
  {
    g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (store);

    g_assert_false (ms_onboarding_repository_is_done (onboarding, MS_ONBOARDING_SAVE));
    g_assert_true (ms_onboarding_repository_mark_done (onboarding, MS_ONBOARDING_SAVE, &error));
    g_assert_no_error (error);
    g_assert_true (ms_onboarding_repository_is_done (onboarding, MS_ONBOARDING_SAVE));
  }
  {
    g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);

    g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                                MS_PERSONAL_SETTING_ESP_FOOTER));
    g_assert_true (ms_personal_setting_repository_set_boolean (settings,
                                                               MS_PERSONAL_SETTING_ESP_FOOTER,
                                                               TRUE, &error));
    g_assert_no_error (error);
    g_assert_true (ms_personal_setting_repository_get_boolean (settings,
                                                               MS_PERSONAL_SETTING_ESP_FOOTER));
  }
  {
    g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
    g_autoptr(MsTeam) team = ms_team_new ("team:t1", "チーム", "team_s", "owner", 1, 5);
    g_autoptr(MsTeamRulesRepository) rules = NULL;

    g_assert_true (ms_team_repository_put (teams, team, &error));
    g_assert_no_error (error);
    rules = ms_team_rules_repository_new (store, "team:t1");
    g_assert_true (ms_team_rules_repository_add_ng_word (rules, "チーム語", &error));
    g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", "75",
                                                                   &error));
    g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "true",
                                                                   &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (store, "team_rules"), ==, from >= 6 ? 2 : 1);
    {
      g_autoptr(MsBrandRules) brand = ms_team_rules_repository_dup_brand_rules (rules);

      g_assert_true (brand->esp_footer);
      g_assert_cmpint (brand->min_score, ==, 75);
    }
  }
  {
    g_autoptr(MsMessage) message = make_email ("アップグレード後", "本文");
    g_autofree char *id = save_scoring (store, message, &error);

    g_assert_no_error (error);
    g_assert_nonnull (id);
    g_assert_cmpint (count_rows (store, "campaign_result"), ==, from >= 3 ? 1 : 0);
    /* The shared-scoring and fix-request tables of step 9 answer on the upgraded file. */
    {
      g_autoptr(MsReviewRepository) review = ms_review_repository_new (store, "team:t1");
      g_autofree char *status = ms_store_dup_fix_request_status (store, id);

      g_assert_null (status);
      g_assert_cmpuint (g_list_model_get_n_items (ms_review_repository_get_requests (review)),
                        ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (ms_review_repository_get_scorings (review)),
                        ==, 0);
    }
  }
  {
    static const char csv[] = "date,channel,subject,open_rate\n2026-11-01,LINE,冬の新作,45%\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (csv, sizeof csv - 1);
    g_autoptr(MsCampaignImport) preview = ms_campaign_import_prepare (bytes, &error);
    g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (store);
    guint added = 0;

    g_assert_no_error (error);
    use_plan (store, "team_pro_s");  /* campaign import comes with Team Pro */
    g_assert_true (ms_campaign_import_commit (preview, store, &added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 1);
    g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, from >= 3 ? 2 : 1);
  }

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_migrate_twice (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-migrate-XXXXXX", NULL);
  MsStore *store;

  build_database_at (dir, 1);
  store = ms_store_open (dir, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  store = ms_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (get_user_version (store), ==, ms_store_get_schema_version ());
  g_object_unref (store);
  remove_tree (dir);
}

static void
test_too_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-new-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "msgscore.db", NULL);
  g_autoptr(MsStore) store = NULL;
  sqlite3 *db = NULL;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close (db);

  store = ms_store_open (dir, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  remove_tree (dir);
}

static void
test_pragmas (StoreFixture  *fixture,
              gconstpointer  data)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = _ms_store_get_db (fixture->store);

  sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  g_assert_true (g_uuid_string_is_valid (ms_store_get_client_id (fixture->store)));
  g_assert_cmpstr (ms_store_get_tenant (fixture->store), ==, MS_STORE_LOCAL_TENANT);
  g_assert_cmpstr (ms_entitlements_get_plan_id (ms_store_get_entitlements (fixture->store)), ==,
                   "free");
}

static void
test_sync_tables (StoreFixture  *fixture,
                  gconstpointer  data)
{
  static const char * const tables[] = {
    "sync_client", "outbox", "sync_cursor", "shadow", "rejected_mutation",
  };
  static const char * const row_tables[] = {
    "score_history", "segment", "ng_word", "campaign_result",
    "team", "team_rules", "team_ng_word", "team_preset", "team_member",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_cmpint (count_rows (fixture->store, tables[i]), >=, 0);

  /* Every row table has the sync columns. */
  for (guint i = 0; i < G_N_ELEMENTS (row_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id, tenant, version, updated_at, deleted_at"
                                              " FROM %s", row_tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (fixture->store), sql, -1, &stmt,
                                           NULL), ==, SQLITE_OK);
      sqlite3_finalize (stmt);
    }
}

/* A statement that fails half-way through a save leaves nothing behind. */
static void
test_failed_write_rolls_back (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autofree char *id = NULL;
  sqlite3 *other = NULL;

  /* A second connection (as another process would) arms a failing trigger:
   * the score_history insert succeeds, then the outbox insert fails. */
  g_assert_cmpint (sqlite3_open (ms_store_get_path (fixture->store), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other,
                                 "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox"
                                 " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  id = save_scoring (fixture->store, message, &error);
  g_assert_null (id);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (other, "DROP TRIGGER fail_outbox", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  id = save_scoring (fixture->store, message, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* WAL: the other connection reads the committed row. */
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (other, "SELECT subject FROM score_history WHERE id = ?1", -1, &stmt, NULL);
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "件名");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (other);
}

static gboolean
save_two_then_fail (MsStore  *store,
                    gpointer  user_data,
                    GError  **error)
{
  g_autoptr(MsMessage) a = make_email ("一つ目", "本文");
  g_autoptr(MsMessage) b = make_line ("二つ目", "本文");
  g_autofree char *id_a = save_scoring (store, a, error);
  g_autofree char *id_b = id_a != NULL ? save_scoring (store, b, error) : NULL;

  if (id_b == NULL)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "changed my mind");
  return FALSE;
}

static void
count_cb (MsStore    *store,
          const char *table,
          guint      *counter)
{
  (*counter)++;
}

static void
test_transaction_helper (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (fixture->store, "changed::score_history", G_CALLBACK (count_cb), &changed);

  use_plan (fixture->store, "pro");
  g_assert_false (ms_store_transaction (fixture->store, save_two_then_fail, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpuint (changed, ==, 0);
}

static void
test_outbox (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autofree char *id = save_scoring (fixture->store, message, &error);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (ms_history_repository_delete (history, id, &error));
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 2);

  sqlite3_prepare_v2 (_ms_store_get_db (fixture->store),
                      "SELECT name, args_json, tenant FROM outbox ORDER BY id", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "history.save");
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 1), id));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "local");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "history.delete");
  sqlite3_finalize (stmt);
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* In a folder others may read, with a umask of 022, and over a database
 * left 0644 before: the database and its -wal and -shm are the user's alone. */
static void
test_private_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("msgscore-private-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "msgscore.db", NULL);
  g_autoptr(GError) error = NULL;
  mode_t old_umask = umask (022);

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(MsStore) store = NULL;

      if (round == 1)
        g_assert_cmpint (g_chmod (db, 0644), ==, 0);
      store = ms_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (file_mode (dir, "msgscore.db"), ==, 0600);
      g_assert_cmpuint (file_mode (dir, "msgscore.db-wal"), ==, 0600);
      g_assert_cmpuint (file_mode (dir, "msgscore.db-shm"), ==, 0600);
    }
  umask (old_umask);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (db, (const char *[]) { "", "-wal", "-shm" }[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_entitlements (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEntitlements) free_plan = ms_entitlements_new_free ();
  g_autoptr(MsEntitlements) pro = ms_entitlements_new_for_plan ("pro", &error);
  g_autoptr(MsEntitlements) team_pro = NULL;
  g_autoptr(MsEntitlements) custom = NULL;
  g_autoptr(MsEntitlements) missing = NULL;
  g_autoptr(JsonNode) plans = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ms_entitlements_get_limit (free_plan, MS_LIMIT_SAVED_SCORINGS_PER_DAY), ==, 5);
  g_assert_cmpint (ms_entitlements_get_limit (free_plan, MS_LIMIT_HISTORY_VISIBLE_COUNT), ==, 3);
  g_assert_cmpint (ms_entitlements_get_limit (free_plan, MS_LIMIT_PERSONAL_SEGMENTS), ==, 0);
  g_assert_false (ms_entitlements_has_feature (free_plan, "csv_export"));
  g_assert_cmpint (ms_entitlements_get_limit (pro, MS_LIMIT_SAVED_SCORINGS_PER_DAY), ==,
                   MS_LIMIT_UNLIMITED);
  g_assert_cmpint (ms_entitlements_get_limit (pro, MS_LIMIT_HISTORY_VISIBLE_DAYS), ==, 90);
  g_assert_cmpint (ms_entitlements_get_limit (pro, MS_LIMIT_PERSONAL_SEGMENTS), ==, 10);
  g_assert_cmpint (ms_entitlements_get_limit (pro, MS_LIMIT_CUSTOM_NG_WORDS), ==, 10);
  g_assert_true (ms_entitlements_has_feature (pro, "csv_export"));
  g_assert_true (ms_entitlements_has_feature (pro, "actual_results"));
  g_assert_false (ms_entitlements_has_feature (pro, "campaign_import"));

  team_pro = ms_entitlements_new_for_plan ("team_pro_m", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_entitlements_get_limit (team_pro, MS_LIMIT_SEATS), ==, 10);
  g_assert_true (ms_entitlements_has_feature (team_pro, "campaign_import"));

  ids = ms_entitlements_list_plans (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 8);

  /* An injected plan table. */
  plans = json_from_string ("{\"plans\":[{\"id\":\"trial\",\"name\":\"Trial\","
                            "\"limits\":{\"saved_scorings_per_day\":2,"
                            "\"history_visible_count\":null},\"features\":[\"csv_export\"]}]}",
                            &error);
  g_assert_no_error (error);
  custom = ms_entitlements_new_from_json (plans, "trial", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_entitlements_get_plan_name (custom), ==, "Trial");
  g_assert_cmpint (ms_entitlements_get_limit (custom, MS_LIMIT_SAVED_SCORINGS_PER_DAY), ==, 2);
  g_assert_cmpint (ms_entitlements_get_limit (custom, MS_LIMIT_SEATS), ==, MS_LIMIT_UNLIMITED);
  g_assert_true (ms_entitlements_has_feature (custom, "csv_export"));

  missing = ms_entitlements_new_for_plan ("platinum", &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_null (missing);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint v = 0; v < ms_store_get_schema_version (); v++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/store/migrate/from-v%u", v);
      g_test_add_data_func (path, GUINT_TO_POINTER (v), test_migrate_from);
    }
  g_assert_cmpuint (G_N_ELEMENTS (fixtures), ==, ms_store_get_schema_version ());
  g_test_add_func ("/ms/store/migrate/twice", test_migrate_twice);
  g_test_add_func ("/ms/store/migrate/too-new", test_too_new);
  g_test_add ("/ms/store/pragmas", StoreFixture, NULL,
              store_fixture_set_up, test_pragmas, store_fixture_tear_down);
  g_test_add ("/ms/store/sync-tables", StoreFixture, NULL,
              store_fixture_set_up, test_sync_tables, store_fixture_tear_down);
  g_test_add ("/ms/store/failed-write-rolls-back", StoreFixture, NULL,
              store_fixture_set_up, test_failed_write_rolls_back, store_fixture_tear_down);
  g_test_add ("/ms/store/transaction-helper", StoreFixture, NULL,
              store_fixture_set_up, test_transaction_helper, store_fixture_tear_down);
  g_test_add ("/ms/store/outbox", StoreFixture, NULL,
              store_fixture_set_up, test_outbox, store_fixture_tear_down);
  g_test_add_func ("/ms/store/entitlements", test_entitlements);
  g_test_add_func ("/ms/store/private-files", test_private_files);

  return g_test_run ();
}
