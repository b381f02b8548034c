/* test-history.c — saving, listing, filtering, deleting and actual results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "store-test.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint calls;
} ItemsChanged;

static void
on_items_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->calls++;
}

static MsHistoryItem *
item_at (MsHistoryList *list,
         guint          position)
{
  return g_list_model_get_item (G_LIST_MODEL (list), position);
}

static char *
save_at (StoreFixture *fixture,
         gint64        when,
         MsMessage    *message)
{
  g_autoptr(GError) error = NULL;
  char *id;

  ms_store_set_now_for_testing (fixture->store, when);
  id = save_scoring (fixture->store, message, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
test_save_and_reopen (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("【本日限定】春のセール開催中", "いつもご利用ありがとうございます。");
  g_autoptr(MsMessage) line = make_line ("LINE限定クーポン", "クーポンはこちら");
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message, NULL,
                                                     &error);
  g_autofree char *id = NULL;
  g_autofree char *line_id = NULL;
  g_autofree char *saved_json = NULL;
  g_autofree char *original_json = NULL;
  g_autoptr(MsHistoryItem) item = NULL;
  g_autoptr(MsMessage) reopened = NULL;
  g_autoptr(MsMessage) reopened_line = NULL;
  g_autoptr(MsScoreResult) loaded = NULL;
  g_autoptr(GDateTime) created = NULL;

  g_assert_no_error (error);
  id = ms_history_repository_save (history, message, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));

  item = ms_history_repository_get_item (history, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_history_item_get_id (item), ==, id);
  g_assert_cmpint (ms_history_item_get_created_at (item), ==, TEST_NOW);
  created = ms_history_item_dup_created_at_datetime (item);
  g_assert_cmpint (g_date_time_get_year (created), ==, 2026);
  g_assert_cmpint (ms_history_item_get_channel (item), ==, MS_CHANNEL_EMAIL);
  g_assert_cmpstr (ms_history_item_get_subject (item), ==, "【本日限定】春のセール開催中");
  g_assert_cmpuint (ms_history_item_get_total (item), ==, ms_score_result_get_total (result));
  g_assert_cmpstr (ms_history_item_get_engine (item), ==, ms_score_result_get_engine (result));
  g_assert_false (ms_history_item_get_locked (item));
  g_assert_false (ms_history_item_get_has_actuals (item));
  if (ms_score_result_get_prediction (result) != NULL)
    g_assert_cmpfloat_with_epsilon (ms_history_item_get_predicted_open_rate (item),
                                    ms_score_result_get_prediction (result)->open_rate.p50, 1e-12);

  /* Reopen: the same input, segment included, and the same result JSON. */
  reopened = ms_history_repository_load_message (history, id, &error);
  g_assert_no_error (error);
  for (MsField f = MS_FIELD_SUBJECT; f <= MS_FIELD_BODY; f++)
    g_assert_cmpstr (ms_message_get_field (reopened, f), ==, ms_message_get_field (message, f));
  g_assert_cmpint (ms_message_get_segment (reopened)->audience, ==, MS_AUDIENCE_EXISTING);
  g_assert_cmpuint (ms_message_get_segment (reopened)->list_size, ==, 10000);
  g_assert_cmpstr (ms_message_get_segment (reopened)->industry, ==, "retail");
  loaded = ms_history_repository_load_result (history, id, &error);
  g_assert_no_error (error);
  saved_json = ms_score_result_to_string (loaded, FALSE);
  original_json = ms_score_result_to_string (result, FALSE);
  g_assert_cmpstr (saved_json, ==, original_json);

  ms_store_set_now_for_testing (fixture->store, TEST_NOW + 1);
  line_id = save_scoring (fixture->store, line, &error);
  g_assert_no_error (error);
  reopened_line = ms_history_repository_load_message (history, line_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_message_get_channel (reopened_line), ==, MS_CHANNEL_LINE);
  g_assert_cmpuint (ms_message_get_n_bubbles (reopened_line), ==, 2);
  g_assert_cmpstr (ms_message_get_field (reopened_line, MS_FIELD_BUBBLE2), ==, "2通目");

  /* A result of another channel is refused. */
  g_clear_pointer (&id, g_free);
  id = ms_history_repository_save (history, line, result, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_null (id);
}

static void
test_free_daily_limit (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  g_autofree char *sixth = NULL;
  gint64 outbox;

  g_assert_cmpint (ms_history_repository_get_saves_left_today (history), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_free (save_at (fixture, TEST_NOW + i * G_USEC_PER_SEC, message));
  g_assert_cmpint (ms_history_repository_get_saves_left_today (history), ==, 0);
  outbox = count_rows (fixture->store, "outbox");

  ms_store_set_now_for_testing (fixture->store, TEST_NOW + 10 * G_USEC_PER_SEC);
  sixth = save_scoring (fixture->store, message, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_assert_nonnull (strstr (error->message, "Upgrade") != NULL ? error->message
                                                                : strstr (error->message, "アップグレード"));
  g_assert_null (sixth);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 5);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, outbox);
  g_clear_error (&error);

  /* Deleting does not give a save back; tomorrow does. */
  {
    g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
    g_autoptr(MsHistoryItem) first = item_at (list, 0);

    g_assert_true (ms_history_repository_delete (history, ms_history_item_get_id (first), &error));
    g_assert_no_error (error);
    g_assert_cmpint (ms_history_repository_get_saves_left_today (history), ==, 0);
  }
  g_free (save_at (fixture, TEST_NOW + G_TIME_SPAN_DAY, message));

  /* Pro has no daily limit. */
  use_plan (fixture->store, "pro");
  for (guint i = 0; i < 7; i++)
    g_free (save_at (fixture, TEST_NOW + G_TIME_SPAN_DAY + i, message));
  g_assert_cmpint (ms_history_repository_get_saves_left_today (history), ==, MS_LIMIT_UNLIMITED);
}

static void
test_free_visible_history (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("鍵付きの件名", "本文");
  g_autoptr(MsHistoryItem) oldest = NULL;
  g_autoptr(MsMessage) reopened = NULL;

  for (guint day = 0; day < 5; day++)
    g_free (save_at (fixture, TEST_NOW + day * G_TIME_SPAN_DAY, message));

  /* Kept, listed, but only the newest 3 are open. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpuint (ms_history_list_get_n_locked (list), ==, 2);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MsHistoryItem) item = item_at (list, i);

      g_assert_cmpint (ms_history_item_get_locked (item), ==, i >= 3);
      g_assert_cmpstr (ms_history_item_get_subject (item), ==, i >= 3 ? "" : "鍵付きの件名");
    }
  oldest = item_at (list, 4);
  reopened = ms_history_repository_load_message (history, ms_history_item_get_id (oldest), &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LOCKED);
  g_assert_null (reopened);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 5);

  /* Upgrading unlocks everything, at once. */
  use_plan (fixture->store, "pro");
  g_assert_cmpuint (ms_history_list_get_n_locked (list), ==, 0);
  g_clear_object (&oldest);
  oldest = item_at (list, 4);
  g_assert_false (ms_history_item_get_locked (oldest));
  reopened = ms_history_repository_load_message (history, ms_history_item_get_id (oldest), &error);
  g_assert_no_error (error);

  /* Pro keeps 90 whole local days visible: on day 92 the rows of days 0
   * and 1 lock, on day 93 day 2's too. */
  ms_store_set_now_for_testing (fixture->store, TEST_NOW + 92 * G_TIME_SPAN_DAY);
  ms_history_list_refresh (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_list_get_n_locked (list), ==, 2);
  ms_store_set_now_for_testing (fixture->store, TEST_NOW + 93 * G_TIME_SPAN_DAY);
  ms_history_list_refresh (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_list_get_n_locked (list), ==, 3);
}

typedef struct
{
  const char *subject;
  const char *body;
  gboolean    line;
  int         day;
} Row;

static const Row rows[] = {
  { "【限定】春のセール", "今だけの特別価格", FALSE, 0 },
  { "新着アイテムのお知らせ", "Spring SALE starts today", FALSE, 1 },
  { "LINE限定クーポン", "友だち限定でお届け", TRUE, 2 },
  { "週末のおすすめ", "ご来店をお待ちしています", TRUE, 3 },
  { "100%_off? 記号テスト", "本文", FALSE, 4 },
};

static void
fill (StoreFixture *fixture)
{
  use_plan (fixture->store, "pro");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MsMessage) m = rows[i].line ? make_line (rows[i].subject, rows[i].body)
                                            : make_email (rows[i].subject, rows[i].body);
      g_free (save_at (fixture, TEST_NOW + rows[i].day * G_TIME_SPAN_DAY, m));
    }
}

static void
test_filter_sort_search (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
  guint previous;

  fill (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);

  /* Newest first by default. */
  {
    g_autoptr(MsHistoryItem) first = item_at (list, 0);
    g_autoptr(MsHistoryItem) last = item_at (list, 4);

    g_assert_cmpstr (ms_history_item_get_subject (first), ==, "100%_off? 記号テスト");
    g_assert_cmpstr (ms_history_item_get_subject (last), ==, "【限定】春のセール");
    g_assert_null (item_at (list, 5));
  }

  /* Japanese substring over subject and body. */
  ms_history_list_set_search (list, "限定");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  ms_history_list_set_search (list, "友だち");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* ASCII is case-insensitive. */
  ms_history_list_set_search (list, "spring sale");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* LIKE wildcards are literal. */
  ms_history_list_set_search (list, "%_");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  ms_history_list_set_search (list, "存在しない");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Channel, alone and with a search. */
  ms_history_list_set_search (list, NULL);
  ms_history_list_set_channel (list, MS_CHANNEL_LINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  ms_history_list_set_search (list, "限定");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  ms_history_list_set_channel (list, MS_CHANNEL_EMAIL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Period: days 1 to 3 (until is exclusive). */
  query.since = TEST_NOW + 1 * G_TIME_SPAN_DAY;
  query.until = TEST_NOW + 3 * G_TIME_SPAN_DAY;
  ms_history_list_set_query (list, &query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* Oldest first. */
  query = (MsHistoryQuery) MS_HISTORY_QUERY_INIT;
  query.sort = MS_HISTORY_SORT_OLDEST;
  ms_history_list_set_query (list, &query);
  {
    g_autoptr(MsHistoryItem) first = item_at (list, 0);
    g_assert_cmpstr (ms_history_item_get_subject (first), ==, "【限定】春のセール");
  }

  /* By score, both ways. */
  ms_history_list_set_sort (list, MS_HISTORY_SORT_SCORE_HIGH);
  previous = 101;
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MsHistoryItem) item = item_at (list, i);
      g_assert_cmpuint (ms_history_item_get_total (item), <=, previous);
      previous = ms_history_item_get_total (item);
    }
  ms_history_list_set_sort (list, MS_HISTORY_SORT_SCORE_LOW);
  previous = 0;
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MsHistoryItem) item = item_at (list, i);
      g_assert_cmpuint (ms_history_item_get_total (item), >=, previous);
      previous = ms_history_item_get_total (item);
    }
  g_assert_cmpint (ms_history_list_get_sort (list), ==, MS_HISTORY_SORT_SCORE_LOW);
}

static void
test_delete_and_undo (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autoptr(MsHistoryItem) middle = NULL;
  g_autoptr(MsHistoryItem) back = NULL;
  g_autofree char *id = NULL;
  ItemsChanged changed = { 0 };

  fill (fixture);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);

  middle = item_at (list, 2);
  id = g_strdup (ms_history_item_get_id (middle));
  g_assert_true (ms_history_repository_delete (history, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);

  /* A tombstone: the row is still there, with deleted_at. */
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 5);
  g_assert_null (ms_history_repository_get_item (history, id, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ms_history_repository_delete (history, id, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo puts it back where it was. */
  g_assert_true (ms_history_repository_restore (history, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.calls, ==, 2);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  back = item_at (list, 2);
  g_assert_cmpstr (ms_history_item_get_id (back), ==, id);
  g_assert_cmpstr (ms_history_item_get_subject (back), ==, ms_history_item_get_subject (middle));

  g_assert_false (ms_history_repository_restore (history, id, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
}

static void
test_list_follows_saves (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  ItemsChanged changed = { 0 };

  use_plan (fixture->store, "pro");
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);
  g_free (save_at (fixture, TEST_NOW, message));
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_free (save_at (fixture, TEST_NOW + 1, message));
  g_assert_cmpuint (changed.calls, ==, 2);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* A search that the new row does not match: no change. */
  ms_history_list_set_search (list, "ない");
  changed.calls = 0;
  g_free (save_at (fixture, TEST_NOW + 2, message));
  g_assert_cmpuint (changed.calls, ==, 0);
}

static void
test_actuals (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  g_autoptr(MsHistoryItem) before = NULL;
  g_autoptr(MsHistoryItem) after = NULL;
  g_autofree char *id = NULL;
  MsActuals actuals = { 10000, 0.234, 0.031, 42 };
  MsActuals read;
  ItemsChanged changed = { 0 };
  double expected;

  use_plan (fixture->store, "pro");
  id = save_at (fixture, TEST_NOW, message);
  g_free (save_at (fixture, TEST_NOW + 1, message));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);

  g_assert_cmpfloat_with_epsilon (ms_actuals_error_points (0.20, 0.234), 3.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (ms_actuals_error_points (0.25, 0.234), -1.6, 1e-12);

  before = item_at (list, 1);
  g_assert_cmpstr (ms_history_item_get_id (before), ==, id);
  g_assert_false (ms_history_item_get_has_actuals (before));
  g_assert_cmpfloat (ms_history_item_get_error (before), ==, 0);

  ms_store_set_now_for_testing (fixture->store, TEST_NOW + G_TIME_SPAN_HOUR);
  g_assert_true (ms_history_repository_set_actuals (history, id, &actuals, &error));
  g_assert_no_error (error);
  /* Only that row changed. */
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);

  after = item_at (list, 1);
  g_assert_true (ms_history_item_get_has_actuals (after));
  g_assert_true (ms_history_item_get_actuals (after, &read));
  g_assert_cmpuint (read.recipients, ==, 10000);
  g_assert_cmpuint (read.conversions, ==, 42);
  g_assert_cmpfloat (ms_history_item_get_actual_open_rate (after), ==, 0.234);
  g_assert_true (ms_history_item_get_has_prediction (after));
  expected = round ((0.234 - ms_history_item_get_predicted_open_rate (after)) * 10000) / 100;
  g_assert_cmpfloat_with_epsilon (ms_history_item_get_error (after), expected, 1e-9);
  expected = round ((0.031 - ms_history_item_get_predicted_ctr (after)) * 10000) / 100;
  g_assert_cmpfloat_with_epsilon (ms_history_item_get_ctr_error (after), expected, 1e-9);
  {
    double error_property;

    g_object_get (after, "error", &error_property, NULL);
    g_assert_cmpfloat (error_property, ==, ms_history_item_get_error (after));
  }

  /* Bad values are refused with nothing written. */
  actuals.open_rate = 23.4;
  g_assert_false (ms_history_repository_set_actuals (history, id, &actuals, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  actuals.open_rate = 0.2;
  actuals.conversions = 20000;
  g_assert_false (ms_history_repository_set_actuals (history, id, &actuals, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ms_history_repository_set_actuals (history, "no-such-id",
                                                     &(MsActuals) { 1, 0.1, 0.1, 0 }, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ms_history_repository_clear_actuals (history, id, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = item_at (list, 1);
  g_assert_false (ms_history_item_get_has_actuals (after));
}

/* The search's SQL function matches exactly as LIKE '%…%' with escaped
 * wildcards did: ASCII letters in either case, everything else as is. */
static void
test_search_matches_like (StoreFixture  *fixture,
                          gconstpointer  data)
{
  static const char * const texts[] = {
    "", "Spring SALE 限定", "spring sale", "【期間限定】春のセール", "100% OFF_now", "a\\b",
    "ÄÖÜ äöü", "ｓａｌｅ", "LINE友だち限定", "aaab", "限", "限定限定",
  };
  static const char * const needles[] = {
    "sale", "SALE", "Sale", "限定", "定】", "%", "_", "\\", "% OFF", "äö", "ÄÖ", "ａ",
    "aab", "ab", "限定限", "b", "LINE友", "z",
  };
  sqlite3 *db = _ms_store_get_db (fixture->store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT ms_text_contains (?2, ?1), ?1 LIKE '%' || replace (replace (replace (?2, '\\',"
    " '\\\\'), '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\'", -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint n = 0; n < G_N_ELEMENTS (needles); n++)
      {
        sqlite3_bind_text (stmt, 1, texts[t], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, needles[n], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        if (sqlite3_column_int (stmt, 0) != sqlite3_column_int (stmt, 1))
          g_error ("“%s” in “%s”: ms_text_contains %d, LIKE %d", needles[n], texts[t],
                   sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1));
        sqlite3_reset (stmt);
      }
  sqlite3_finalize (stmt);
}

/* The Free day is the limit day of plans.json, Asia/Tokyo, as on the
 * server: whatever the computer's time zone (the tests run in UTC), a save at
 * 00:10 in Tokyo is a new day after five at 23:50. */
static void
test_free_limit_counts_tokyo_days (StoreFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email ("件名", "本文");
  g_autoptr(GDateTime) late = g_date_time_new_utc (2026, 11, 21, 14, 50, 0);  /* 23:50 JST */
  g_autoptr(GDateTime) early = g_date_time_add_minutes (late, 20);            /* 00:10 JST */
  gint64 late_us = g_date_time_to_unix (late) * G_USEC_PER_SEC;
  gint64 early_us = g_date_time_to_unix (early) * G_USEC_PER_SEC;
  gint64 start, end;
  char *sixth;

  ms_entitlements_get_limit_day (late_us, &start, &end);
  g_assert_cmpint (end, ==, (g_date_time_to_unix (late) + 10 * 60) * G_USEC_PER_SEC);
  g_assert_cmpint (end - start, ==, G_TIME_SPAN_DAY);

  for (guint i = 0; i < 5; i++)
    g_free (save_at (fixture, late_us + i, message));
  ms_store_set_now_for_testing (fixture->store, late_us + 10);
  sixth = save_scoring (fixture->store, message, &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_assert_null (sixth);

  /* The same UTC day, but the next day in Tokyo. */
  g_free (save_at (fixture, early_us, message));
}

static void
on_saved_async_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Saved on the store's worker thread: the row is written by its own
 * connection, and a list on the main connection follows in the background
 * ("loading" until it has), with the same limits as a save on the main
 * thread. */
static void
test_save_async (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsHistoryList) list = ms_history_list_new (fixture->store);
  g_autoptr(MsMessage) message = make_email ("裏で保存", "本文");
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message, NULL,
                                                     &error);
  ItemsChanged changed = { 0 };

  g_assert_no_error (error);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);

  /* Free saves five a day (the clock is the store's, in the worker too). */
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GAsyncResult) done = NULL;
      g_autofree char *id = NULL;
      g_autoptr(MsHistoryItem) first = NULL;

      ms_history_repository_save_async (history, message, result, NULL, on_saved_async_cb, &done);
      while (done == NULL)
        g_main_context_iteration (NULL, TRUE);
      id = ms_history_repository_save_finish (history, done, &error);
      if (i == 5)
        {
          g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
          g_assert_null (id);
          break;
        }
      g_assert_no_error (error);
      g_assert_true (g_uuid_string_is_valid (id));

      while (ms_history_list_get_loading (list))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, i + 1);
      g_assert_cmpuint (changed.calls, ==, i + 1);
      first = item_at (list, 0);
      g_assert_cmpstr (ms_history_item_get_id (first), ==, id);
      g_assert_cmpstr (ms_history_item_get_subject (first), ==, "裏で保存");
    }
  g_assert_cmpint (count_rows (fixture->store, "score_history"), ==, 5);
  g_assert_cmpuint (changed.calls, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ms/history/" path, StoreFixture, NULL, store_fixture_set_up, func, \
              store_fixture_tear_down)
  ADD ("save-and-reopen", test_save_and_reopen);
  ADD ("free-daily-limit", test_free_daily_limit);
  ADD ("free-limit-counts-tokyo-days", test_free_limit_counts_tokyo_days);
  ADD ("free-visible-history", test_free_visible_history);
  ADD ("filter-sort-search", test_filter_sort_search);
  ADD ("search-matches-like", test_search_matches_like);
  ADD ("delete-and-undo", test_delete_and_undo);
  ADD ("list-follows-saves", test_list_follows_saves);
  ADD ("save-async", test_save_async);
  ADD ("actuals", test_actuals);
#undef ADD

  return g_test_run ();
}
