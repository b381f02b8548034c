/* test-review.c — shared scorings and fix requests on the client
 *
 * Without a server: pull pages and push answers are written by hand as
 * src/server/README-sync.md describes them. The member shares, the owner
 * asks, the member answers with a fixed version, all offline; a rejected
 * answer puts the request back as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "sync/ms-sync-local.h"

#define TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define ME "00000000-0000-0000-0000-000000000001"
#define OWNER "00000000-0000-0000-0000-000000000002"
#define USER "user:" ME

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
query_text (MsStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
apply_page (MsStore    *store,
            const char *ops,
            const char *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"ops\":[%s],\"cursor\":\"%s\",\"has_more\":false,"
                                           "\"reset\":false,\"last_mutation_id\":0}",
                                           ops, cursor);
  g_autoptr(JsonObject) page = parse_object (json);

  g_assert_true (ms_sync_local_apply_pull (store, TEAM, page, &error));
  g_assert_no_error (error);
}

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = NULL;
  g_autoptr(MsTeam) team = ms_team_new (TEAM, "販促チーム", "team_s", data, 3, 5);

  store_fixture_set_up (fixture, data);
  use_plan (fixture->store, "pro");
  ms_store_set_tenant (fixture->store, USER);
  teams = ms_team_repository_new (fixture->store);
  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  apply_page (fixture->store,
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"" ME "\",\"version\":1,\"row\":"
    "{\"id\":\"" ME "\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"" ME "\",\"name\":\"佐藤\",\"email\":\"sato@example.jp\","
    "\"role\":\"member\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"" OWNER "\",\"version\":2,\"row\":"
    "{\"id\":\"" OWNER "\",\"version\":2,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"" OWNER "\",\"name\":\"山田\",\"email\":\"yamada@example.jp\","
    "\"role\":\"owner\"}}", "e1:2");
}

static char *
save (MsStore    *store,
      const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  g_autoptr(MsMessage) message = make_email (subject, "いつもご利用ありがとうございます。");
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message, NULL,
                                                     &error);
  char *id;

  g_assert_no_error (error);
  id = ms_history_repository_save (history, message, result, &error);
  g_assert_no_error (error);
  return id;
}

/* A member shares a scoring offline; asking for fixes is the owners'. */
static void
test_member_shares (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsReviewRepository) review = ms_review_repository_new (fixture->store, TEAM);
  g_autofree char *history_id = save (fixture->store, "【本日限定】春のセール");
  g_autofree char *shared = NULL;
  g_autofree char *request = NULL;
  g_autofree char *args = NULL;
  g_autoptr(MsSharedScoring) item = NULL;
  const MsSharedScoringInfo *info;

  g_assert_false (ms_review_repository_get_is_owner (review));
  g_assert_cmpstr (ms_review_repository_get_user_id (review), ==, ME);
  shared = ms_review_repository_share (review, history_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shared);

  g_assert_cmpuint (g_list_model_get_n_items (ms_review_repository_get_scorings (review)), ==, 1);
  item = g_list_model_get_item (ms_review_repository_get_scorings (review), 0);
  info = ms_shared_scoring_get_info (item);
  g_assert_cmpstr (info->id, ==, shared);
  g_assert_cmpstr (info->history_id, ==, history_id);
  g_assert_cmpstr (info->shared_by, ==, ME);
  g_assert_cmpstr (info->sharer_name, ==, "佐藤");
  g_assert_cmpstr (info->subject, ==, "【本日限定】春のセール");
  g_assert_null (ms_shared_scoring_get_request_status (item));

  /* The change waits in the team's outbox, in the user's name. */
  args = query_text (fixture->store, "SELECT args_json FROM outbox"
                                     " WHERE name = 'shared_scoring.share' AND tenant = '" TEAM "'");
  g_assert_nonnull (strstr (args, "\"shared_by\":\"" ME "\""));
  g_assert_nonnull (strstr (args, history_id));

  request = ms_review_repository_request_fix (review, shared, "直して", &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_assert_null (request);
  g_clear_error (&error);
  g_assert_false (ms_review_repository_close (review, "x", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 2);  /* history.save, share */
}

/* An owner asks for a fix offline and closes it; an empty comment is refused. */
static void
test_owner_requests (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsReviewRepository) review = ms_review_repository_new (fixture->store, TEAM);
  g_autofree char *request = NULL;
  g_autofree char *status = NULL;
  g_autoptr(MsFixRequest) item = NULL;
  const MsFixRequestInfo *info;

  apply_page (fixture->store,
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s1\",\"version\":3,\"row\":"
    "{\"id\":\"s1\",\"version\":3,\"created_at\":10,\"updated_at\":10,\"deleted_at\":null,"
    "\"history_id\":\"h-of-sato\",\"shared_by\":\"" OWNER "\",\"channel\":\"email\","
    "\"subject\":\"件名\",\"preheader\":null,\"body\":\"本文\",\"total\":57,"
    "\"previous_id\":null}}", "e1:3");
  g_assert_true (ms_review_repository_get_is_owner (review));
  g_assert_cmpuint (g_list_model_get_n_items (ms_review_repository_get_scorings (review)), ==, 1);

  request = ms_review_repository_request_fix (review, "s1", "   ", &error);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_null (request);
  g_clear_error (&error);

  request = ms_review_repository_request_fix (review, "s1", " 件名に数字を ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ms_review_repository_get_requests (review)), ==, 1);
  item = g_list_model_get_item (ms_review_repository_get_requests (review), 0);
  info = ms_fix_request_get_info (item);
  g_assert_cmpstr (info->status, ==, "open");
  g_assert_cmpstr (info->comment, ==, "件名に数字を");
  g_assert_cmpstr (info->member, ==, OWNER);
  g_assert_cmpstr (info->member_name, ==, "山田");
  g_assert_cmpstr (info->requester_name, ==, "佐藤");
  g_assert_cmpstr (info->requested_by, ==, ME);
  g_assert_cmpuint (info->scoring.total, ==, 57);
  g_assert_false (info->has_fixed);
  status = ms_store_dup_fix_request_status (fixture->store, "h-of-sato");
  g_assert_cmpstr (status, ==, "open");
  g_clear_object (&item);

  g_assert_true (ms_review_repository_close (review, request, &error));
  g_assert_no_error (error);
  item = g_list_model_get_item (ms_review_repository_get_requests (review), 0);
  g_assert_cmpstr (ms_fix_request_get_status (item), ==, "closed");
  g_assert_cmpint (ms_fix_request_get_info (item)->closed_at, ==, TEST_NOW);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 2);
}

static void
pull_request_for_me (MsStore *store)
{
  apply_page (store,
    "{\"op\":\"put\",\"entity\":\"fix_request\",\"id\":\"r1\",\"version\":5,\"row\":"
    "{\"id\":\"r1\",\"version\":5,\"created_at\":20,\"updated_at\":20,\"deleted_at\":null,"
    "\"scoring_id\":\"s1\",\"member\":\"" ME "\",\"requested_by\":\"" OWNER "\","
    "\"comment\":\"件名に数字を\",\"status\":\"open\",\"answer\":null,"
    "\"fixed_scoring_id\":null,\"answered_at\":null,\"closed_at\":null}}", "e1:5");
}

/* The member fixes offline: the newest scoring since the request answers it. */
static void
test_member_answers (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsReviewRepository) review = ms_review_repository_new (fixture->store, TEAM);
  g_autofree char *first = save (fixture->store, "春のセール");
  g_autofree char *shared = ms_review_repository_share (review, first, NULL, &error);
  g_autofree char *fixed = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *ops = NULL;
  g_autofree char *status = NULL;
  g_autoptr(MsFixRequest) item = NULL;
  g_autoptr(JsonNode) push = NULL;
  const MsFixRequestInfo *info;
  guint n = 0;

  g_assert_no_error (error);
  /* The server applied the share; the owner asked for a fix (r1 about it). */
  ops = g_strdup_printf (
    "{\"op\":\"put\",\"entity\":\"fix_request\",\"id\":\"r1\",\"version\":5,\"row\":"
    "{\"id\":\"r1\",\"version\":5,\"created_at\":%" G_GINT64_FORMAT ",\"updated_at\":1,"
    "\"deleted_at\":null,\"scoring_id\":\"%s\",\"member\":\"" ME "\","
    "\"requested_by\":\"" OWNER "\",\"comment\":\"件名に数字を\",\"status\":\"open\"}}",
    TEST_NOW, shared);
  apply_page (fixture->store, ops, "e1:5");
  status = ms_store_dup_fix_request_status (fixture->store, first);
  g_assert_cmpstr (status, ==, "open");
  g_assert_null (ms_review_repository_dup_fix_candidate (review, "r1"));

  ms_store_set_now_for_testing (fixture->store, TEST_NOW + G_USEC_PER_SEC);
  fixed = save (fixture->store, "春のセール 3日間だけ20%OFF");
  candidate = ms_review_repository_dup_fix_candidate (review, "r1");
  g_assert_cmpstr (candidate, ==, fixed);
  g_assert_true (ms_review_repository_answer (review, "r1", candidate, "数字を入れました", &error));
  g_assert_no_error (error);

  item = g_list_model_get_item (ms_review_repository_get_requests (review), 0);
  info = ms_fix_request_get_info (item);
  g_assert_cmpstr (info->status, ==, "fixed");
  g_assert_cmpstr (info->answer, ==, "数字を入れました");
  g_assert_true (info->has_fixed);
  g_assert_cmpstr (info->fixed.history_id, ==, fixed);
  g_assert_cmpstr (info->fixed.previous_id, ==, shared);

  /* Both changes wait, the new version before the answer that names it. */
  push = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_no_error (error);
  {
    g_autofree char *json = json_to_string (push, FALSE);
    const char *share_at = strstr (json, "\"previous_id\"");
    const char *answer_at = strstr (json, "fix_request.answer");

    g_assert_nonnull (share_at);
    g_assert_nonnull (answer_at);
    g_assert_true (share_at < answer_at);
  }
}

/* The server refused the answer (closed meanwhile): the request is as it was. */
static void
test_rejected_answer_rolls_back (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsReviewRepository) review = ms_review_repository_new (fixture->store, TEAM);
  g_autofree char *first = save (fixture->store, "春のセール");
  g_autofree char *fixed = NULL;
  g_autoptr(GPtrArray) rejections = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ms_sync_rejection_free);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonNode) push = NULL;
  g_autoptr(MsFixRequest) item = NULL;
  guint n = 0;

  apply_page (fixture->store,
    "{\"op\":\"put\",\"entity\":\"shared_scoring\",\"id\":\"s1\",\"version\":3,\"row\":"
    "{\"id\":\"s1\",\"version\":3,\"created_at\":10,\"updated_at\":10,\"deleted_at\":null,"
    "\"history_id\":\"old\",\"shared_by\":\"" ME "\",\"channel\":\"email\","
    "\"subject\":\"件名\",\"total\":57}}", "e1:3");
  pull_request_for_me (fixture->store);
  /* The first scoring's history.save is acknowledged. */
  push = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_cmpuint (n, ==, 1);
  g_clear_pointer (&push, json_node_unref);
  answer = parse_object ("{\"results\":[{\"id\":1,\"status\":\"applied\"}],"
                         "\"last_mutation_id\":1}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, rejections, &error));
  g_clear_pointer (&answer, json_object_unref);

  fixed = g_strdup (first);
  g_assert_true (ms_review_repository_answer (review, "r1", fixed, NULL, &error));
  g_assert_no_error (error);
  push = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  answer = parse_object (
    "{\"results\":[{\"id\":2,\"status\":\"applied\"},"
    "{\"id\":3,\"status\":\"rejected\",\"error\":{\"code\":\"conflict\","
    "\"message\":\"This fix request was closed.\"}}],\"last_mutation_id\":3}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, rejections, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rejections->len, ==, 1);

  item = g_list_model_get_item (ms_review_repository_get_requests (review), 0);
  g_assert_cmpstr (ms_fix_request_get_status (item), ==, "open");
  g_assert_false (ms_fix_request_get_info (item)->has_fixed);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, role, func) \
  g_test_add (path, StoreFixture, role, set_up, func, store_fixture_tear_down)
  ADD ("/ms/store/review/member-shares", "member", test_member_shares);
  ADD ("/ms/store/review/owner-requests", "owner", test_owner_requests);
  ADD ("/ms/store/review/member-answers", "member", test_member_answers);
  ADD ("/ms/store/review/rejected-answer-rolls-back", "member", test_rejected_answer_rolls_back);
#undef ADD

  return g_test_run ();
}
