/* test-feedback-store.c — reviewers' feedback on the client
 *
 * Without a server: the pull page is written by hand as
 * src/server/README-sync.md describes it. Feedback pulled from the team
 * lists newest first with the member's name, one scoring's alone by its
 * history id, counts per scoring, and is resolved offline through the
 * mutation table (the change waits in the team's outbox); a Team plan
 * without reviewer feedback cannot resolve it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "store/ms-feedback-repository.h"
#include "sync/ms-sync-local.h"

#define TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define ME "00000000-0000-0000-0000-000000000001"
#define USER "user:" ME

static void
apply_page (MsStore    *store,
            const char *ops,
            const char *cursor)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"ops\":[%s],\"cursor\":\"%s\",\"has_more\":false,"
                                           "\"reset\":false,\"last_mutation_id\":0}",
                                           ops, cursor);
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (ms_sync_local_apply_pull (store, TEAM, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

#define FEEDBACK(id, version, created, history, rating, score, comment) \
  "{\"op\":\"put\",\"entity\":\"feedback\",\"id\":\"" id "\",\"version\":" #version ",\"row\":" \
  "{\"id\":\"" id "\",\"version\":" #version ",\"created_at\":" #created ",\"updated_at\":" \
  #created ",\"deleted_at\":null,\"link_id\":\"link-1\",\"shared_by\":\"" ME "\"," \
  "\"history_id\":\"" history "\",\"title\":\"春のセール\",\"engine_total\":74," \
  "\"role\":\"director\",\"rating\":\"" rating "\",\"corrected_score\":" score "," \
  "\"comment\":\"" comment "\",\"axes\":\"cta\",\"reviewer_name\":null," \
  "\"status\":\"open\",\"resolution\":null,\"resolved_at\":null}}"

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = NULL;
  g_autoptr(MsTeam) team = ms_team_new (TEAM, "販促チーム", data, "member", 3, 5);

  store_fixture_set_up (fixture, data);
  ms_store_set_tenant (fixture->store, USER);
  teams = ms_team_repository_new (fixture->store);
  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  apply_page (fixture->store,
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"" ME "\",\"version\":1,\"row\":"
    "{\"id\":\"" ME "\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"" ME "\",\"name\":\"佐藤\",\"email\":\"sato@example.jp\","
    "\"role\":\"member\"}},"
    FEEDBACK ("fb_1", 2, 100, "h-1", "high", "62", "CTAが弱い") ","
    FEEDBACK ("fb_2", 3, 200, "h-2", "fair", "null", "") ","
    FEEDBACK ("fb_3", 4, 300, "h-1", "low", "80", "件名が良い"), "e1:4");
}

static void
test_list (StoreFixture  *fixture,
           gconstpointer  data)
{
  g_autoptr(MsFeedbackRepository) repo = ms_feedback_repository_new (fixture->store);
  GListModel *items = ms_feedback_repository_get_items (repo);
  g_autoptr(MsFeedbackItem) first = NULL;
  g_autoptr(MsFeedbackItem) second = NULL;
  const MsFeedbackInfo *info;
  guint open = 0;

  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  first = g_list_model_get_item (items, 0);
  info = ms_feedback_item_get_info (first);
  g_assert_cmpstr (info->id, ==, "fb_3");       /* newest first */
  g_assert_cmpstr (info->sharer_name, ==, "佐藤");
  g_assert_cmpstr (info->rating, ==, "low");
  g_assert_cmpint (info->corrected_score, ==, 80);
  g_assert_cmpint (info->engine_total, ==, 74);
  g_assert_cmpstr (info->axes, ==, "cta");
  g_assert_cmpstr (info->tenant, ==, TEAM);

  ms_feedback_repository_set_history_id (repo, "h-1");
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  second = g_list_model_get_item (items, 1);
  g_assert_cmpstr (ms_feedback_item_get_id (second), ==, "fb_1");

  g_assert_cmpuint (ms_store_count_feedback (fixture->store, "h-1", &open), ==, 2);
  g_assert_cmpuint (open, ==, 2);
  g_assert_cmpuint (ms_store_count_feedback (fixture->store, "h-9", &open), ==, 0);
}

static void
test_resolve (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsFeedbackRepository) repo = ms_feedback_repository_new (fixture->store);
  g_autoptr(MsFeedbackItem) item = NULL;
  guint open = 0;

  g_assert_true (ms_feedback_repository_resolve (repo, "fb_1", "  CTAを具体的にしました ",
                                                 &error));
  g_assert_no_error (error);
  item = g_list_model_get_item (ms_feedback_repository_get_items (repo), 2);
  g_assert_cmpstr (ms_feedback_item_get_info (item)->status, ==, "resolved");
  g_assert_cmpstr (ms_feedback_item_get_info (item)->resolution, ==, "CTAを具体的にしました");
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  g_assert_cmpuint (ms_store_count_feedback (fixture->store, "h-1", &open), ==, 2);
  g_assert_cmpuint (open, ==, 1);

  g_assert_false (ms_feedback_repository_resolve (repo, "fb_none", NULL, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
}

/* A saved scoring says how much feedback a share link of it got (History's badge). */
static void
test_history_counts (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email ("【本日限定】春のセール", "本文です。");
  g_autofree char *id = (use_plan (fixture->store, "pro"),
                         save_scoring (fixture->store, message, &error));
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  g_autoptr(MsFeedbackRepository) repo = ms_feedback_repository_new (fixture->store);
  g_autoptr(MsHistoryItem) before = NULL;
  g_autoptr(MsHistoryItem) after = NULL;
  g_autoptr(MsHistoryItem) resolved = NULL;
  g_autofree char *ops = NULL;
  guint open = 9;

  g_assert_no_error (error);
  before = ms_history_repository_get_item (history, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_item_get_n_feedback (before, &open), ==, 0);
  g_assert_cmpuint (open, ==, 0);

  ops = g_strdup_printf ("{\"op\":\"put\",\"entity\":\"feedback\",\"id\":\"fb_9\","
                         "\"version\":9,\"row\":{\"id\":\"fb_9\",\"version\":9,"
                         "\"created_at\":900,\"updated_at\":900,\"deleted_at\":null,"
                         "\"link_id\":\"l\",\"shared_by\":\"" ME "\",\"history_id\":\"%s\","
                         "\"engine_total\":70,\"role\":\"manager\",\"rating\":\"fair\","
                         "\"axes\":\"\",\"status\":\"open\"}}", id);
  apply_page (fixture->store, ops, "e1:9");
  after = ms_history_repository_get_item (history, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_item_get_n_feedback (after, &open), ==, 1);
  g_assert_cmpuint (open, ==, 1);

  g_assert_true (ms_feedback_repository_resolve (repo, "fb_9", NULL, &error));
  g_assert_no_error (error);
  resolved = ms_history_repository_get_item (history, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_item_get_n_feedback (resolved, &open), ==, 1);
  g_assert_cmpuint (open, ==, 0);
}

static void
test_resolve_needs_team_pro (StoreFixture  *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsFeedbackRepository) repo = ms_feedback_repository_new (fixture->store);

  g_assert_false (ms_feedback_repository_resolve (repo, "fb_1", NULL, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/feedback/list", StoreFixture, "team_pro_s", set_up, test_list,
              store_fixture_tear_down);
  g_test_add ("/feedback/resolve", StoreFixture, "team_pro_s", set_up, test_resolve,
              store_fixture_tear_down);
  g_test_add ("/feedback/history-counts", StoreFixture, "team_pro_s", set_up,
              test_history_counts, store_fixture_tear_down);
  g_test_add ("/feedback/resolve-needs-team-pro", StoreFixture, "team_s", set_up,
              test_resolve_needs_team_pro, store_fixture_tear_down);
  return g_test_run ();
}
