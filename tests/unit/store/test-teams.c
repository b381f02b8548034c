/* test-teams.c — team tables, rules in scoring, and their sync on the client
 *
 * Without a server: push answers and pull pages are written by hand as
 * src/server/README-sync.md describes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "sync/ms-sync-local.h"

#define TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define OTHER_TEAM "team:00000000-0000-0000-0000-0000000000bb"
#define USER "user:00000000-0000-0000-0000-000000000001"

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
join_team (MsStore    *store,
           const char *tenant,
           const char *role,
           const char *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  g_autoptr(MsTeam) team = ms_team_new (tenant, "販促チーム", plan, role, 2, 5);

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
}

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  use_plan (fixture->store, "pro");
  ms_store_set_tenant (fixture->store, USER);
}

static MsScoreResult *
score (MsStore    *store,
       const char *subject,
       const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = ms_personal_rules_build (store, &error);
  g_autoptr(MsMessage) message = make_email (subject, body);
  MsScoreResult *result;

  g_assert_no_error (error);
  result = ms_scorer_score (rules, message, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_team_list (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (fixture->store);
  g_autoptr(MsTeam) team = NULL;
  g_autofree char *active = NULL;
  g_autofree char *active2 = NULL;

  g_assert_null (ms_store_dup_active_team (fixture->store));
  join_team (fixture->store, TEAM, "owner", "team_s");
  join_team (fixture->store, OTHER_TEAM, "member", "team_pro_s");
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_repository_get_model (teams)), ==, 2);
  team = ms_team_repository_dup_team (teams, TEAM);
  g_assert_nonnull (team);
  g_assert_true (ms_team_get_is_owner (team));
  g_assert_cmpint (ms_team_get_seats_limit (team), ==, 5);

  active = ms_team_repository_dup_active_id (teams);
  g_assert_nonnull (active);
  g_assert_true (ms_team_repository_set_active_id (teams, OTHER_TEAM, &error));
  g_assert_no_error (error);
  active2 = ms_team_repository_dup_active_id (teams);
  g_assert_cmpstr (active2, ==, OTHER_TEAM);

  g_assert_false (ms_team_repository_set_active_id (teams, "team:nope", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
}

/* An owner's offline edit applies to scoring at once. */
static void
test_owner_edit_scores_at_once (StoreFixture  *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsScoreResult) before = NULL;
  g_autoptr(MsScoreResult) after = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *name = NULL;

  join_team (fixture->store, TEAM, "owner", "team_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_true (ms_team_rules_repository_get_can_edit (rules));

  before = score (fixture->store, "【新商品】春のお知らせ", "本日から限定販売です。");
  g_assert_false (ms_score_result_has_finding (before, "ng.team"));
  g_assert_false (ms_score_result_has_finding (before, "brand.subject.brackets"));

  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "限定販売", &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "subject_no_brackets",
                                                                 "true", &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", "80",
                                                                 &error));
  g_assert_no_error (error);

  after = score (fixture->store, "【新商品】春のお知らせ", "本日から限定販売です。");
  g_assert_true (ms_score_result_has_finding (after, "ng.team"));
  g_assert_true (ms_score_result_has_finding (after, "brand.subject.brackets"));

  fields = ms_team_rules_repository_dup_fields (rules);
  g_assert_true (json_object_get_boolean_member (fields, "subject_no_brackets"));
  g_assert_cmpint (json_object_get_int_member (fields, "min_score"), ==, 80);
  g_assert_cmpstr (json_object_get_string_member (fields, "min_score_action"), ==, "warn");

  /* Three mutations, on the team's tenant. */
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 3);
  tenant = query_text (fixture->store, "SELECT DISTINCT tenant FROM outbox");
  g_assert_cmpstr (tenant, ==, TEAM);
  name = query_text (fixture->store, "SELECT args_json FROM outbox WHERE name ="
                                     " 'team_rules.set_field' ORDER BY id LIMIT 1");
  g_assert_cmpstr (name, ==, "{\"field\":\"subject_no_brackets\",\"value\":true}");

  /* Bad values and fields are refused, and leave nothing behind. */
  g_assert_false (ms_team_rules_repository_set_field_from_string (rules, "min_score", "101",
                                                                  &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ms_team_rules_repository_set_field_from_string (rules, "tenant", "x", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ms_team_rules_repository_set_field_from_string (rules, "min_score_action",
                                                                  "shout", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 3);
}

/* A team that asks for a badge: a scoring saved below its minimum is
 * marked in History with the minimum; above it, or with "warn", it is not. */
static void
test_minimum_badge (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);
  const char *action[] = { "badge", "warn" };

  join_team (fixture->store, TEAM, "owner", "team_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);

  for (guint i = 0; i < G_N_ELEMENTS (action); i++)
    for (guint minimum = 1; minimum <= 100; minimum += 99)
      {
        g_autoptr(MsScoreResult) result = NULL;
        g_autoptr(MsMessage) message = make_email ("お知らせ", "本日から販売です。");
        g_autoptr(MsHistoryItem) item = NULL;
        g_autofree char *text = g_strdup_printf ("%u", minimum);
        g_autofree char *id = NULL;

        g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", text,
                                                                       &error));
        g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score_action",
                                                                       action[i], &error));
        g_assert_no_error (error);
        result = score (fixture->store, "お知らせ", "本日から販売です。");
        g_assert_cmpuint (ms_score_result_get_total (result), <, 100);
        id = ms_history_repository_save (history, message, result, &error);
        g_assert_no_error (error);
        item = ms_history_repository_get_item (history, id, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (ms_history_item_get_badge_minimum (item), ==,
                          minimum == 100 && i == 0 ? 100 : 0);
      }
}

static void
test_member_edit_refused (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autofree char *id = NULL;

  join_team (fixture->store, TEAM, "member", "team_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_false (ms_team_rules_repository_get_can_edit (rules));

  g_assert_false (ms_team_rules_repository_set_field_from_string (rules, "min_score", "70",
                                                                  &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (ms_team_rules_repository_add_ng_word (rules, "激安", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);
  id = ms_team_rules_repository_put_preset (rules, NULL, "新規", segment, &error);
  g_assert_null (id);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "team_rules"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "team_ng_word"), ==, 0);

  /* Not a member at all */
  {
    g_autoptr(MsTeamRulesRepository) other = ms_team_rules_repository_new (fixture->store,
                                                                          OTHER_TEAM);

    g_assert_false (ms_team_rules_repository_add_ng_word (other, "激安", &error));
    g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_ng_words_are_a_set (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_auto(GStrv) words = NULL;

  join_team (fixture->store, TEAM, "owner", "team_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "ＳＡＬＥ", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, " SALE ", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "激安", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules)), ==,
                    2);
  g_assert_true (ms_team_rules_repository_remove_ng_word (rules, "Sale", &error));
  g_assert_true (ms_team_rules_repository_remove_ng_word (rules, "無い言葉", &error));
  g_assert_no_error (error);
  words = ms_team_rules_repository_dup_ng_words (rules);
  g_assert_cmpstrv (words, ((const char * const[]) { "激安", NULL }));
  /* Added again after removal */
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "SALE", &error));
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules)), ==,
                    2);
  g_assert_false (ms_team_rules_repository_add_ng_word (rules, "  ", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
}

static void
test_presets_limit (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsTeamRulesRepository) pro = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autofree char *first = NULL;
  g_autofree char *extra = NULL;

  segment->audience = MS_AUDIENCE_EXISTING;
  join_team (fixture->store, TEAM, "owner", "team_s");
  join_team (fixture->store, OTHER_TEAM, "owner", "team_pro_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("プリセット%02u", i);
      g_autofree char *id = ms_team_rules_repository_put_preset (rules, NULL, name, segment,
                                                                 &error);

      g_assert_no_error (error);
      if (i == 0)
        first = g_steal_pointer (&id);
    }
  extra = ms_team_rules_repository_put_preset (rules, NULL, "21個目", segment, &error);
  g_assert_null (extra);
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED);
  g_clear_error (&error);

  /* Renaming one at the limit is fine; deleting frees a place. */
  {
    g_autofree char *same = ms_team_rules_repository_put_preset (rules, first, "改名", segment,
                                                                 &error);

    g_assert_no_error (error);
    g_assert_cmpstr (same, ==, first);
  }
  g_assert_true (ms_team_rules_repository_delete_preset (rules, first, &error));
  g_assert_no_error (error);
  extra = ms_team_rules_repository_put_preset (rules, NULL, "21個目", segment, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_presets (rules)), ==,
                    20);

  pro = ms_team_rules_repository_new (fixture->store, OTHER_TEAM);
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Pro%02u", i);
      g_autofree char *id = ms_team_rules_repository_put_preset (pro, NULL, name, segment,
                                                                 &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
}

static void
apply_page (MsStore    *store,
            const char *tenant,
            const char *ops,
            const char *cursor,
            gint64      last_mutation_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"ops\":[%s],\"cursor\":\"%s\",\"has_more\":false,"
                                           "\"reset\":false,\"last_mutation_id\":%"
                                           G_GINT64_FORMAT "}", ops, cursor, last_mutation_id);
  g_autoptr(JsonObject) page = parse_object (json);

  g_assert_true (ms_sync_local_apply_pull (store, tenant, page, &error));
  g_assert_no_error (error);
}

/* Pulled team rows get local ids, and apply to a member's scoring. */
static void
test_pull_team_rows (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autofree char *role = NULL;

  join_team (fixture->store, TEAM, "member", "team_s");
  join_team (fixture->store, OTHER_TEAM, "member", "team_s");
  apply_page (fixture->store, TEAM,
    "{\"op\":\"put\",\"entity\":\"team_rules\",\"id\":\"rules\",\"version\":3,\"row\":"
    "{\"id\":\"rules\",\"version\":3,\"created_at\":1,\"updated_at\":2,\"deleted_at\":null,"
    "\"brand_voice_text\":\"丁寧に\",\"register\":\"formal\",\"require_unsubscribe\":false,"
    "\"require_contact\":false,\"brand_name\":null,\"subject_no_brackets\":true,"
    "\"subject_max_emoji\":null,\"subject_max_cells\":null,\"min_score\":70,"
    "\"min_score_action\":\"badge\"}},"
    "{\"op\":\"put\",\"entity\":\"team_ng_word\",\"id\":\"w1\",\"version\":4,\"row\":"
    "{\"id\":\"w1\",\"version\":4,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"word\":\"限定販売\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"m1\",\"version\":5,\"row\":"
    "{\"id\":\"m1\",\"version\":5,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"u1\",\"name\":\"山田\",\"email\":\"a@example.jp\",\"role\":\"owner\"}},"
    "{\"op\":\"put\",\"entity\":\"team_preset\",\"id\":\"p1\",\"version\":6,\"row\":"
    "{\"id\":\"p1\",\"version\":6,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"name\":\"既存顧客\",\"segment_json\":\"{\\\"audience\\\":\\\"existing\\\"}\"}}",
    "e1:6", 0);
  /* The same ids in another team do not collide. */
  apply_page (fixture->store, OTHER_TEAM,
    "{\"op\":\"put\",\"entity\":\"team_rules\",\"id\":\"rules\",\"version\":1,\"row\":"
    "{\"id\":\"rules\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"min_score\":50}}",
    "e2:1", 0);
  g_assert_cmpint (count_rows (fixture->store, "team_rules"), ==, 2);
  role = query_text (fixture->store, "SELECT role FROM team_member WHERE id = '" TEAM "/u1'");
  g_assert_cmpstr (role, ==, "owner");

  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_presets (rules)), ==,
                    1);
  {
    g_autoptr(MsTeamRepository) teams = ms_team_repository_new (fixture->store);
    g_autoptr(GError) error = NULL;

    g_assert_true (ms_team_repository_set_active_id (teams, TEAM, &error));
    g_assert_no_error (error);
  }
  result = score (fixture->store, "【速報】お知らせ", "限定販売のご案内");
  g_assert_true (ms_score_result_has_finding (result, "ng.team"));
  g_assert_true (ms_score_result_has_finding (result, "brand.subject.brackets"));

  /* A removal pulled later takes the word away. */
  apply_page (fixture->store, TEAM,
    "{\"op\":\"del\",\"entity\":\"team_ng_word\",\"id\":\"w1\",\"version\":7,\"row\":"
    "{\"id\":\"w1\",\"version\":7,\"created_at\":1,\"updated_at\":3,\"deleted_at\":3,"
    "\"word\":\"限定販売\"}}", "e1:7", 0);
  g_clear_pointer (&result, ms_score_result_unref);
  result = score (fixture->store, "お知らせ", "限定販売のご案内");
  g_assert_false (ms_score_result_has_finding (result, "ng.team"));
}

static void
assert_member (GListModel *model,
               guint       position,
               const char *user_id,
               const char *name,
               gboolean    is_owner)
{
  g_autoptr(MsTeamMember) member = g_list_model_get_item (model, position);

  g_assert_nonnull (member);
  g_assert_cmpstr (ms_team_member_get_user_id (member), ==, user_id);
  g_assert_cmpstr (ms_team_member_get_name (member), ==, name);
  g_assert_cmpint (ms_team_member_get_is_owner (member), ==, is_owner);
}

/* The pulled team_member rows, owners first then by name, kept current. */
static void
test_members_model (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  GListModel *members;
  g_autofree char *email = NULL;
  gboolean is_owner = FALSE;

  join_team (fixture->store, TEAM, "owner", "team_s");
  join_team (fixture->store, OTHER_TEAM, "member", "team_s");
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  members = ms_team_rules_repository_get_members (rules);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 0);

  apply_page (fixture->store, TEAM,
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u3\",\"version\":1,\"row\":"
    "{\"id\":\"u3\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"u3\",\"name\":\"Aoki\",\"email\":\"c@example.jp\",\"role\":\"member\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u1\",\"version\":2,\"row\":"
    "{\"id\":\"u1\",\"version\":2,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"u1\",\"name\":\"Yamada\",\"email\":\"a@example.jp\",\"role\":\"owner\"}},"
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u2\",\"version\":3,\"row\":"
    "{\"id\":\"u2\",\"version\":3,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"u2\",\"name\":\"Suzuki\",\"email\":\"b@example.jp\",\"role\":\"member\"}}",
    "e1:3", 0);
  /* Another team's members stay out. */
  apply_page (fixture->store, OTHER_TEAM,
    "{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"u9\",\"version\":1,\"row\":"
    "{\"id\":\"u9\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"user_id\":\"u9\",\"name\":\"Abe\",\"email\":\"z@example.jp\",\"role\":\"owner\"}}",
    "e2:1", 0);

  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 3);
  assert_member (members, 0, "u1", "Yamada", TRUE);
  assert_member (members, 1, "u3", "Aoki", FALSE);
  assert_member (members, 2, "u2", "Suzuki", FALSE);
  {
    g_autoptr(MsTeamMember) first = g_list_model_get_item (members, 0);

    g_object_get (first, "email", &email, "is-owner", &is_owner, NULL);
    g_assert_cmpstr (email, ==, "a@example.jp");
    g_assert_true (is_owner);
  }

  /* A removal pulled later takes the member away. */
  apply_page (fixture->store, TEAM,
    "{\"op\":\"del\",\"entity\":\"team_member\",\"id\":\"u3\",\"version\":4,\"row\":"
    "{\"id\":\"u3\",\"version\":4,\"created_at\":1,\"updated_at\":2,\"deleted_at\":2,"
    "\"user_id\":\"u3\",\"name\":\"Aoki\",\"email\":\"c@example.jp\",\"role\":\"member\"}}",
    "e1:4", 0);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 2);
  assert_member (members, 0, "u1", "Yamada", TRUE);
  assert_member (members, 1, "u2", "Suzuki", FALSE);
}

/* Two owners' offline edits: the server's order, then ours on top. */
static void
test_ng_words_converge (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_auto(GStrv) words = NULL;

  join_team (fixture->store, TEAM, "owner", "team_s");
  apply_page (fixture->store, TEAM,
    "{\"op\":\"put\",\"entity\":\"team_ng_word\",\"id\":\"w1\",\"version\":1,\"row\":"
    "{\"id\":\"w1\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"word\":\"激安\"}}", "e1:1", 0);
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  /* Offline here: add A, remove 激安. */
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "Ａ", &error));
  g_assert_true (ms_team_rules_repository_remove_ng_word (rules, "激安", &error));
  g_assert_no_error (error);
  /* Meanwhile the other owner added B (pulled before our push). */
  apply_page (fixture->store, TEAM,
    "{\"op\":\"put\",\"entity\":\"team_ng_word\",\"id\":\"w2\",\"version\":2,\"row\":"
    "{\"id\":\"w2\",\"version\":2,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"word\":\"B\"}}", "e1:2", 0);
  words = ms_team_rules_repository_dup_ng_words (rules);
  g_assert_cmpstrv (words, ((const char * const[]) { "a", "b", NULL }));
}

/* A member's push (say, made before a demotion) comes back forbidden_role:
 * undone from the shadow, and recorded for the notice. */
static void
test_forbidden_role_rolls_back (StoreFixture  *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(GPtrArray) rejections = g_ptr_array_new_with_free_func (
    (GDestroyNotify) ms_sync_rejection_free);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonNode) push = NULL;
  MsSyncRejection *rejection;
  guint n = 0;

  join_team (fixture->store, TEAM, "owner", "team_s");
  apply_page (fixture->store, TEAM,
    "{\"op\":\"put\",\"entity\":\"team_rules\",\"id\":\"rules\",\"version\":1,\"row\":"
    "{\"id\":\"rules\",\"version\":1,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"min_score\":60}},"
    "{\"op\":\"put\",\"entity\":\"team_ng_word\",\"id\":\"w1\",\"version\":2,\"row\":"
    "{\"id\":\"w1\",\"version\":2,\"created_at\":1,\"updated_at\":1,\"deleted_at\":null,"
    "\"word\":\"激安\"}}", "e1:2", 0);
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", "90",
                                                                 &error));
  g_assert_true (ms_team_rules_repository_remove_ng_word (rules, "激安", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "新語", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 3);

  push = ms_sync_local_build_push (fixture->store, 10, NULL, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  answer = parse_object (
    "{\"results\":["
    "{\"id\":1,\"status\":\"rejected\",\"error\":{\"code\":\"forbidden_role\",\"message\":\"x\"}},"
    "{\"id\":2,\"status\":\"rejected\",\"error\":{\"code\":\"forbidden_role\",\"message\":\"x\"}},"
    "{\"id\":3,\"status\":\"rejected\",\"error\":{\"code\":\"forbidden_role\",\"message\":\"x\"}}"
    "],\"last_mutation_id\":3}");
  g_assert_true (ms_sync_local_apply_push (fixture->store, answer, rejections, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rejections->len, ==, 3);
  rejection = g_ptr_array_index (rejections, 0);
  g_assert_cmpstr (rejection->code, ==, "forbidden_role");
  g_assert_cmpstr (rejection->tenant, ==, TEAM);

  fields = ms_team_rules_repository_dup_fields (rules);
  g_assert_cmpint (json_object_get_int_member (fields, "min_score"), ==, 60);
  {
    g_auto(GStrv) words = ms_team_rules_repository_dup_ng_words (rules);

    g_assert_cmpstrv (words, ((const char * const[]) { "激安", NULL }));
  }
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "shadow"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "rejected_mutation"), ==, 3);
}

/* Removed from a team: its data goes, personal data and other teams stay. */
static void
test_clear_team (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsNgWordRepository) personal = ms_ng_word_repository_new (fixture->store);
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsTeamRulesRepository) other = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (fixture->store);
  g_autofree char *word = NULL;
  g_autoptr(MsScoreResult) result = NULL;

  join_team (fixture->store, TEAM, "owner", "team_s");
  join_team (fixture->store, OTHER_TEAM, "owner", "team_s");
  word = ms_ng_word_repository_add (personal, "自分の言葉", NULL, &error);
  g_assert_no_error (error);
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  other = ms_team_rules_repository_new (fixture->store, OTHER_TEAM);
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "チーム語", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (other, "別チーム語", &error));
  g_assert_true (ms_team_repository_set_active_id (teams, TEAM, &error));
  g_assert_no_error (error);

  g_assert_true (ms_store_forget_team (fixture->store, TEAM, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (ms_team_repository_get_model (teams)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules)), ==,
                    0);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (other)), ==,
                    1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_ng_word_repository_get_model (personal)), ==, 1);
  /* The personal word's mutation and the other team's stay queued. */
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 2);

  /* The other team is active now; the personal word still scores. */
  result = score (fixture->store, "お知らせ", "自分の言葉とチーム語と別チーム語");
  g_assert_true (ms_score_result_has_finding (result, "ng.custom"));
  g_assert_true (ms_score_result_has_finding (result, "ng.team"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, set_up, func, store_fixture_tear_down)
  ADD ("/ms/store/teams/list", test_team_list);
  ADD ("/ms/store/teams/owner-edit-scores-at-once", test_owner_edit_scores_at_once);
  ADD ("/ms/store/teams/minimum-badge", test_minimum_badge);
  ADD ("/ms/store/teams/member-edit-refused", test_member_edit_refused);
  ADD ("/ms/store/teams/ng-words-are-a-set", test_ng_words_are_a_set);
  ADD ("/ms/store/teams/presets-limit", test_presets_limit);
  ADD ("/ms/store/teams/pull-team-rows", test_pull_team_rows);
  ADD ("/ms/store/teams/members-model", test_members_model);
  ADD ("/ms/store/teams/ng-words-converge", test_ng_words_converge);
  ADD ("/ms/store/teams/forbidden-role-rolls-back", test_forbidden_role_rolls_back);
  ADD ("/ms/store/teams/clear-team", test_clear_team);
#undef ADD

  return g_test_run ();
}
