/* test-sync-local.c — the client's side of the local database, without a server
 *
 * Push answers and pull pages are written here by hand, as README-sync.md
 * describes them; ms-sync-local.c must take them in one transaction each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "../unit/store/store-test.h"
#include "store/ms-campaign-repository.h"
#include "sync/ms-sync-error.h"
#include "sync/ms-sync-local.h"

#define TENANT "user:00000000-0000-0000-0000-000000000001"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static gint64
query_int (MsStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (MsStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
fixture_set_up (StoreFixture  *fixture,
                gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  use_plan (fixture->store, "pro");
  ms_store_set_tenant (fixture->store, TENANT);
}

/* A pull page with one history row in the server's shape. */
static char *
history_op (const char *op,
            const char *id,
            gint64      version,
            const char *subject,
            gboolean    deleted)
{
  return g_strdup_printf ("{\"op\":\"%s\",\"entity\":\"score_history\",\"id\":\"%s\","
                          "\"version\":%" G_GINT64_FORMAT ",\"row\":{\"id\":\"%s\","
                          "\"version\":%" G_GINT64_FORMAT ",\"created_at\":1,\"updated_at\":2,"
                          "\"deleted_at\":%s,\"channel\":\"email\",\"subject\":\"%s\","
                          "\"preheader\":\"\",\"body\":\"b\",\"input_json\":\"{}\","
                          "\"result_json\":\"{}\",\"engine\":\"e\",\"total\":50,"
                          "\"predicted_open_rate\":null,\"predicted_ctr\":null,"
                          "\"predicted_cvr\":null,\"actual_recipients\":null,"
                          "\"actual_open_rate\":null,\"actual_ctr\":null,"
                          "\"actual_conversions\":null,\"actuals_at\":null}}",
                          op, id, version, id, version, deleted ? "5" : "null", subject);
}

static void
apply_page (MsStore    *store,
            const char *ops,
            const char *cursor,
            gint64      last_mutation_id,
            gboolean    reset)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"ops\":[%s],\"cursor\":\"%s\",\"has_more\":false,"
                                           "\"reset\":%s,\"last_mutation_id\":%" G_GINT64_FORMAT
                                           "}", ops, cursor, reset ? "true" : "false",
                                           last_mutation_id);
  g_autoptr(JsonObject) page = parse_object (json);

  g_assert_true (ms_sync_local_apply_pull (store, TENANT, page, &error));
  g_assert_no_error (error);
}

static char *
save (MsStore    *store,
      const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email (subject, "本文です。");
  char *id = save_scoring (store, message, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_push_numbers_from_head (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = save (fixture->store, "一件目");
  g_autofree char *b = save (fixture->store, "二件目");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *mutations;
  guint n = 0;

  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  mutations = json_object_get_array_member (json_node_get_object (body), "mutations");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mutations, 0), "id"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mutations, 1), "id"),
                   ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mutations, 0),
                                                  "tenant"), ==, TENANT);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "client_id"), ==,
                   ms_store_get_client_id (fixture->store));

  /* Only the first was processed (a lost answer is like this too). */
  answer = parse_object ("{\"results\":[{\"id\":1,\"status\":\"applied\"}],"
                         "\"last_mutation_id\":1}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT next_mutation_id FROM sync_client"), ==, 2);

  g_clear_pointer (&body, json_node_unref);
  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  mutations = json_object_get_array_member (json_node_get_object (body), "mutations");
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mutations, 0), "id"),
                   ==, 2);
  /* The applied row stays as it is locally. */
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 2);
}

static void
test_rejected_save_is_undone (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = save (fixture->store, "一件目");
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) rejections = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ms_sync_rejection_free);
  g_autoptr(JsonObject) answer = NULL;
  MsSyncRejection *rejection;

  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 1);
  answer = parse_object ("{\"results\":[{\"id\":1,\"status\":\"rejected\",\"error\":"
                         "{\"code\":\"limit_reached\",\"message\":\"上限です\"}}],"
                         "\"last_mutation_id\":1}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, rejections, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rejections->len, ==, 1);
  rejection = g_ptr_array_index (rejections, 0);
  g_assert_cmpstr (rejection->name, ==, "history.save");
  g_assert_cmpstr (rejection->code, ==, "limit_reached");
  g_assert_cmpstr (rejection->message, ==, "上限です");

  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "rejected_mutation"), ==, 1);
  code = query_text (fixture->store, "SELECT code FROM rejected_mutation");
  g_assert_cmpstr (code, ==, "limit_reached");
}

static void
test_rejected_delete_restores_shadow (StoreFixture  *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *ops = history_op ("put", "h1", 3, "サーバーの件名", FALSE);

  apply_page (fixture->store, ops, "ep:3", 0, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 0);
  g_assert_true (ms_history_repository_delete (history, "h1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT deleted_at IS NOT NULL FROM score_history"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 1);

  answer = parse_object ("{\"results\":[{\"id\":1,\"status\":\"rejected\",\"error\":"
                         "{\"code\":\"not_found\",\"message\":\"\"}}],\"last_mutation_id\":1}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->store, "SELECT deleted_at IS NULL FROM score_history"),
                   ==, 1);
  subject = query_text (fixture->store, "SELECT subject FROM score_history");
  g_assert_cmpstr (subject, ==, "サーバーの件名");
  g_assert_cmpint (query_int (fixture->store, "SELECT version FROM score_history"), ==, 3);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 0);
}

static void
test_pull_reapplies_pending (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autofree char *first = history_op ("put", "h1", 3, "v3", FALSE);
  g_autofree char *second = history_op ("put", "h1", 4, "v4", FALSE);
  g_autofree char *subject = NULL;
  MsActuals actuals = { .recipients = 100, .open_rate = 0.25, .ctr = 0.05, .conversions = 2 };

  apply_page (fixture->store, first, "ep:3", 0, FALSE);
  g_assert_true (ms_history_repository_set_actuals (history, "h1", &actuals, &error));
  g_assert_no_error (error);

  /* Another client changed the row meanwhile: the server's row, then ours on top. */
  apply_page (fixture->store, second, "ep:4", 0, FALSE);
  subject = query_text (fixture->store, "SELECT subject FROM score_history");
  g_assert_cmpstr (subject, ==, "v4");
  g_assert_cmpint (query_int (fixture->store, "SELECT actual_recipients FROM score_history"), ==,
                   100);
  g_assert_cmpint (query_int (fixture->store, "SELECT version FROM score_history"), ==, 4);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 1);
  /* The shadow is the server's newest state. */
  g_free (subject);
  subject = query_text (fixture->store, "SELECT json_extract(row_json, '$.subject') FROM shadow");
  g_assert_cmpstr (subject, ==, "v4");

  /* The server applied it (seen in a pull only): acknowledged, no shadow left. */
  {
    g_autofree char *third = history_op ("put", "h1", 5, "v4", FALSE);

    apply_page (fixture->store, third, "ep:5", 1, FALSE);
  }
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 0);
  g_assert_cmpint (query_int (fixture->store, "SELECT next_mutation_id FROM sync_client"), ==, 2);
}

static void
test_tombstone_stays (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autofree char *put = history_op ("put", "h1", 3, "x", FALSE);
  g_autofree char *del = history_op ("del", "h1", 4, "x", TRUE);
  g_autofree char *stale = history_op ("put", "h1", 3, "x", FALSE);

  apply_page (fixture->store, put, "ep:3", 0, FALSE);
  apply_page (fixture->store, del, "ep:4", 0, FALSE);
  g_assert_cmpint (query_int (fixture->store, "SELECT deleted_at FROM score_history"), ==, 5);
  /* An older put (a duplicated or reordered page) never resurrects it. */
  apply_page (fixture->store, stale, "ep:4", 0, FALSE);
  g_assert_cmpint (query_int (fixture->store, "SELECT deleted_at IS NOT NULL FROM score_history"),
                   ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT version FROM score_history"), ==, 4);
}

static void
test_cursor_never_goes_back (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) page = parse_object ("{\"ops\":[],\"cursor\":\"ep:2\",\"has_more\":false,"
                                             "\"reset\":false,\"last_mutation_id\":0}");

  apply_page (fixture->store, "", "ep:7", 0, FALSE);
  g_assert_false (ms_sync_local_apply_pull (fixture->store, TENANT, page, &error));
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (ms_sync_local_get_cursor_version (fixture->store, TENANT), ==, 7);
  /* A new epoch (reset) may start lower. */
  apply_page (fixture->store, "", "ep2:1", 0, TRUE);
  g_assert_cmpint (ms_sync_local_get_cursor_version (fixture->store, TENANT), ==, 1);
}

static void
test_reset_keeps_pending (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *put = history_op ("put", "h1", 3, "synced", FALSE);
  g_autofree char *mine = NULL;
  g_autofree char *fresh = history_op ("put", "h2", 1, "restored", FALSE);

  apply_page (fixture->store, put, "ep:3", 0, FALSE);
  mine = save (fixture->store, "未送信");
  g_assert_true (ms_sync_state_reset (fixture->store, TENANT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "sync_cursor"), ==, 0);

  /* The server was restored: reset, from scratch. */
  apply_page (fixture->store, fresh, "new:1", 0, TRUE);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 2);
  g_assert_cmpint (query_int (fixture->store,
                              "SELECT count(*) FROM score_history WHERE subject = '未送信'"), ==, 1);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 1);
}

static void
test_duplicate_rewinds_until_pull (StoreFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsNgWordRepository) words = ms_ng_word_repository_new (fixture->store);
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *id = NULL;
  g_autofree char *op = NULL;

  id = ms_ng_word_repository_add (words, "激安", "", &error);
  g_assert_no_error (error);
  /* The first answer was lost; the server says duplicate: we do not know
   * whether it was applied, so the row goes back to what the server last
   * sent (nothing) until the pull says. */
  answer = parse_object ("{\"results\":[{\"id\":1,\"status\":\"duplicate\"}],"
                         "\"last_mutation_id\":1}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "ng_word"), ==, 0);

  op = g_strdup_printf ("{\"op\":\"put\",\"entity\":\"ng_word\",\"id\":\"%s\",\"version\":9,"
                        "\"row\":{\"id\":\"%s\",\"version\":9,\"created_at\":1,\"updated_at\":1,"
                        "\"deleted_at\":null,\"scope\":\"personal\",\"word\":\"激安\","
                        "\"note\":\"\"}}", id, id);
  apply_page (fixture->store, op, "ep:9", 1, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "ng_word"), ==, 1);
}

static void
test_gap (StoreFixture  *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = save (fixture->store, "一");
  g_autofree char *b = save (fixture->store, "二");
  g_autofree char *c = save (fixture->store, "三");
  g_autoptr(JsonNode) body = NULL;
  guint n;

  /* The server processed 1 and 2 already (answers lost). */
  g_assert_true (ms_sync_state_handle_gap (fixture->store, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, 1);
  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (body), "mutations"), 0),
                     "id"), ==, 3);

  /* The server forgot us: number from 1 again. */
  g_assert_true (ms_sync_state_handle_gap (fixture->store, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&body, json_node_unref);
  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (body), "mutations"), 0),
                     "id"), ==, 1);
}

static void
test_local_tenant_rehomed (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint n = 0;

  ms_store_set_tenant (fixture->store, MS_STORE_LOCAL_TENANT);
  id = save (fixture->store, "ログイン前");
  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_null (body);  /* not sent under the local tenant */

  g_assert_true (ms_sync_state_rehome (fixture->store, MS_STORE_LOCAL_TENANT, TENANT, &error));
  g_assert_no_error (error);
  body = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (query_int (fixture->store, "SELECT count(*) FROM score_history WHERE tenant = '"
                              TENANT "'"), ==, 1);
}

/* A saved scoring keeps the message and the result as JSON texts; from a
 * hostile server (or another device of a stolen account) they can be
 * 100,000 nested arrays, which overflowed json-glib's stack when History
 * reopened the scoring. They are bounded like any JSON from outside: the
 * scoring cannot be read, and says so. */
static void
test_deep_saved_json (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ops = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autofree char *op = history_op ("put", "h1", 3, "深い", FALSE);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  ops = g_string_new (op);
  g_string_replace (ops, "\"input_json\":\"{}\"", "\"input_json\":\"@\"", 1);
  g_string_replace (ops, "\"result_json\":\"{}\"", "\"result_json\":\"@\"", 1);
  g_string_replace (ops, "@", deep->str, 0);
  {
    /* recent enough for the plan to show it */
    g_autofree char *created = g_strdup_printf ("\"created_at\":%" G_GINT64_FORMAT ",",
                                                g_get_real_time ());

    g_string_replace (ops, "\"created_at\":1,", created, 1);
  }
  apply_page (fixture->store, ops->str, "ep:3", 0, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 1);

  message = ms_history_repository_load_message (history, "h1", &error);
  g_assert_null (message);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  result = ms_history_repository_load_result (history, "h1", &error);
  g_assert_null (result);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT);
}

/* Presets pulled with a segment that is too deep or has members of the
 * wrong type are skipped as damaged (json-glib's getters were critical
 * about them); the good one is listed. */
static void
test_hostile_segments (StoreFixture  *fixture,
                       gconstpointer  data)
{
  static const char * const segments[] = {
    "{\\\"audience\\\":\\\"all\\\",\\\"list_size\\\":12}",   /* good */
    "{\\\"audience\\\":[1]}",
    "{\\\"goal\\\":{\\\"a\\\":1}}",
    "{\\\"industry\\\":[],\\\"audience\\\":5}",
    "@",
  };
  g_autoptr(MsSegmentRepository) repository = ms_segment_repository_new (fixture->store);
  g_autoptr(GString) deep = g_string_new ("{\\\"a\\\":");
  g_autoptr(GString) ops = g_string_new (NULL);
  g_autoptr(MsSegmentPreset) preset = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    g_string_append_printf (ops, "%s{\"op\":\"put\",\"entity\":\"segment\",\"id\":\"s%u\","
                            "\"version\":%u,\"row\":{\"id\":\"s%u\",\"version\":%u,"
                            "\"created_at\":1,\"updated_at\":2,\"deleted_at\":null,"
                            "\"scope\":\"personal\",\"name\":\"segment %u\","
                            "\"segment_json\":\"%s\"}}", i > 0 ? "," : "", i, i + 1, i, i + 1, i,
                            segments[i]);
  g_string_replace (ops, "@", deep->str, 1);
  apply_page (fixture->store, ops->str, "ep:5", 0, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "segment"), ==, G_N_ELEMENTS (segments));

  g_assert_cmpuint (g_list_model_get_n_items (ms_segment_repository_get_model (repository)), ==,
                    1);
  preset = g_list_model_get_item (ms_segment_repository_get_model (repository), 0);
  g_assert_cmpstr (ms_segment_preset_get_name (preset), ==, "segment 0");
  g_assert_cmpuint (ms_segment_preset_get_segment (preset)->list_size, ==, 12);
}

/* A large import goes in several pushes, each under the server's cap on a
 * body (1 MiB by default), whatever the batch size. */
static void
test_large_import_splits (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  const guint n_rows = 5000;
  MsCampaignRow *rows = g_new0 (MsCampaignRow, n_rows);
  guint added = 0, n = 0;

  use_plan (fixture->store, "team_pro_l");
  for (guint i = 0; i < n_rows; i++)
    {
      rows[i].sent_on = g_strdup ("2026-10-01");
      rows[i].channel = MS_CHANNEL_EMAIL;
      rows[i].subject = g_strdup_printf ("【会員さま限定】春の新作コレクション第%u弾が公開されました。"
                                         "送料無料は今夜23:59まで、お見逃しなく。", i);
      rows[i].body = g_strdup ("いつもご利用いただき、誠にありがとうございます。");
      rows[i].recipients = 1000 + i;
      rows[i].cv_count = -1;
      ms_campaign_row_compute_key (&rows[i]);
    }
  g_assert_true (ms_campaign_repository_insert (campaigns, rows, n_rows, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, n_rows);
  g_assert_cmpuint (ms_store_get_outbox_length (fixture->store), ==, n_rows / 500);

  body = ms_sync_local_build_push (fixture->store, 200, NULL, &n, &error);
  g_assert_no_error (error);
  text = json_to_string (body, FALSE);
  g_test_message ("%u of %u mutations in a push of %zu bytes", n, n_rows / 500, strlen (text));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, n_rows / 500);
  g_assert_cmpuint (strlen (text), <=, 1024 * 1024);
  for (guint i = 0; i < n_rows; i++)
    ms_campaign_row_clear (&rows[i]);
  g_free (rows);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

#define ADD(path, func) \
  g_test_add ("/ms/sync/local/" path, StoreFixture, NULL, fixture_set_up, func, \
              store_fixture_tear_down)
  ADD ("push-numbers-from-head", test_push_numbers_from_head);
  ADD ("rejected-save-is-undone", test_rejected_save_is_undone);
  ADD ("rejected-delete-restores-shadow", test_rejected_delete_restores_shadow);
  ADD ("pull-reapplies-pending", test_pull_reapplies_pending);
  ADD ("tombstone-stays", test_tombstone_stays);
  ADD ("cursor-never-goes-back", test_cursor_never_goes_back);
  ADD ("reset-keeps-pending", test_reset_keeps_pending);
  ADD ("duplicate-rewinds-until-pull", test_duplicate_rewinds_until_pull);
  ADD ("gap", test_gap);
  ADD ("local-tenant-rehomed", test_local_tenant_rehomed);
  ADD ("deep-saved-json", test_deep_saved_json);
  ADD ("hostile-segments", test_hostile_segments);
  ADD ("large-import-splits", test_large_import_splits);
#undef ADD

  return g_test_run ();
}
