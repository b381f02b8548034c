/* test-personal-settings.c — settings that follow the person, and the footer switch in scoring
 *
 * Without a server: pull pages are written by hand as
 * src/server/README-sync.md describes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "store/ms-sync-state.h"
#include "sync/ms-sync-local.h"

#define TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define USER "user:00000000-0000-0000-0000-000000000001"

static const char * const footer_checks[] = {
  "tokutei.sender", "tokutei.optout", "tokutei.address", "tokutei.contact",
};

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  ms_store_set_tenant (fixture->store, USER);
}

/* An email whose body has none of the 特定電子メール法 footer. */
static MsScoreResult *
score_email (MsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = ms_personal_rules_build (store, &error);
  g_autoptr(MsMessage) message = make_email ("冬のコートのご案内", "新作のコートが入荷しました。");
  MsScoreResult *result;

  g_assert_no_error (error);
  result = ms_scorer_score (rules, message, NULL, &error);
  g_assert_no_error (error);
  return result;
}

/* Either the four footer checks and no reminder, or the one reminder alone. */
static void
assert_footer (MsStore  *store,
               gboolean  esp_adds_it)
{
  g_autoptr(MsScoreResult) result = score_email (store);

  for (guint i = 0; i < G_N_ELEMENTS (footer_checks); i++)
    g_assert_cmpint (ms_score_result_has_finding (result, footer_checks[i]), ==, !esp_adds_it);
  g_assert_cmpint (ms_score_result_has_finding (result, "tokutei.esp_footer"), ==, esp_adds_it);
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
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
set_footer (MsPersonalSettingRepository *settings,
            gboolean                     on)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_personal_setting_repository_set_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER, on,
                                                             &error));
  g_assert_no_error (error);
}

/* Offline: the change applies to scoring at once and waits in the outbox. */
static void
test_offline (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(MsPersonalSettingRepository) settings =
    ms_personal_setting_repository_new (fixture->store);
  g_autofree char *args = NULL;
  g_autofree char *id = NULL;
  guint changes = 0;

  g_signal_connect (settings, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                              MS_PERSONAL_SETTING_ESP_FOOTER));
  assert_footer (fixture->store, FALSE);

  set_footer (settings, TRUE);
  g_assert_true (ms_personal_setting_repository_get_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER));
  g_assert_cmpuint (changes, ==, 1);
  assert_footer (fixture->store, TRUE);
  args = query_text (fixture->store, "SELECT name || ' ' || args_json FROM outbox");
  g_assert_cmpstr (args, ==, "personal_setting.set {\"key\":\"esp_footer\",\"value\":true}");
  id = query_text (fixture->store, "SELECT id || ' ' || value_json FROM personal_setting");
  g_assert_cmpstr (id, ==, USER "/esp_footer true");

  set_footer (settings, FALSE);
  g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                              MS_PERSONAL_SETTING_ESP_FOOTER));
  assert_footer (fixture->store, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "personal_setting"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 2);
}

/* A key this version does not know is refused before anything is written. */
static void
test_unknown_key (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(MsPersonalSettingRepository) settings =
    ms_personal_setting_repository_new (fixture->store);
  g_autoptr(GError) error = NULL;

  g_assert_false (ms_personal_setting_repository_set_boolean (settings, "dark_footer", TRUE,
                                                              &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (count_rows (fixture->store, "personal_setting"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
}

/* The team's switch, when on, decides for every member; off, each person's does. */
static void
test_team_and_person (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(MsPersonalSettingRepository) settings =
    ms_personal_setting_repository_new (fixture->store);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (fixture->store);
  g_autoptr(MsTeam) team = ms_team_new (TEAM, "販促チーム", "team_s", "owner", 2, 5);
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsBrandRules) brand = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_true (ms_team_repository_set_active_id (teams, TEAM, &error));
  g_assert_no_error (error);
  rules = ms_team_rules_repository_new (fixture->store, TEAM);
  g_assert_true (g_strv_contains (ms_team_rules_repository_list_fields (), "esp_footer"));
  fields = ms_team_rules_repository_dup_fields (rules);
  g_assert_false (json_object_get_boolean_member (fields, "esp_footer"));
  assert_footer (fixture->store, FALSE);

  /* The team on, the person off */
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "true",
                                                                 &error));
  g_assert_no_error (error);
  g_clear_pointer (&fields, json_object_unref);
  fields = ms_team_rules_repository_dup_fields (rules);
  g_assert_true (json_object_get_boolean_member (fields, "esp_footer"));
  brand = ms_personal_rules_dup_team_rules (fixture->store);
  g_assert_true (brand->esp_footer);
  assert_footer (fixture->store, TRUE);

  /* Both on: still one reminder */
  set_footer (settings, TRUE);
  assert_footer (fixture->store, TRUE);

  /* The team off, the person on */
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "false",
                                                                 &error));
  g_assert_no_error (error);
  assert_footer (fixture->store, TRUE);

  /* Both off */
  set_footer (settings, FALSE);
  assert_footer (fixture->store, FALSE);

  /* Not a boolean */
  g_assert_false (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "maybe",
                                                                  &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
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
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (ms_sync_local_apply_pull (store, tenant, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

#define SERVER_ROW(version, value) \
  "{\"op\":\"put\",\"entity\":\"personal_setting\",\"id\":\"esp_footer\",\"version\":" \
  #version ",\"row\":{\"id\":\"esp_footer\",\"version\":" #version ",\"created_at\":1," \
  "\"updated_at\":" #version ",\"deleted_at\":null,\"key\":\"esp_footer\"," \
  "\"value_json\":\"" value "\"}}"

/* Written before signing in, moved into the account, changed again, then
 * pulled: one row of the key is left, with the newest value. */
static void
test_rehome_and_pull (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(MsPersonalSettingRepository) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  ms_store_set_tenant (fixture->store, MS_STORE_LOCAL_TENANT);
  settings = ms_personal_setting_repository_new (fixture->store);
  set_footer (settings, TRUE);

  g_assert_true (ms_sync_state_rehome (fixture->store, MS_STORE_LOCAL_TENANT, USER, &error));
  g_assert_no_error (error);
  ms_store_set_tenant (fixture->store, USER);
  g_assert_true (ms_personal_setting_repository_get_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER));

  /* Changed before the first pull: the newer row is read. */
  ms_store_set_now_for_testing (fixture->store, TEST_NOW + G_USEC_PER_SEC);
  set_footer (settings, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "personal_setting"), ==, 2);
  g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                              MS_PERSONAL_SETTING_ESP_FOOTER));
  assert_footer (fixture->store, FALSE);

  /* The server has the first change only; the second is re-applied. */
  apply_page (fixture->store, USER, SERVER_ROW (1, "true"), "e1:1", 1);
  g_assert_cmpint (count_rows (fixture->store, "personal_setting"), ==, 1);
  id = query_text (fixture->store, "SELECT id FROM personal_setting");
  g_assert_cmpstr (id, ==, USER "/esp_footer");
  g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                              MS_PERSONAL_SETTING_ESP_FOOTER));

  /* Both acknowledged */
  apply_page (fixture->store, USER, SERVER_ROW (2, "false"), "e1:2", 2);
  g_assert_cmpint (ms_store_get_outbox_length (fixture->store), ==, 0);
  g_assert_false (ms_personal_setting_repository_get_boolean (settings,
                                                              MS_PERSONAL_SETTING_ESP_FOOTER));

  /* Another device turns it on. */
  apply_page (fixture->store, USER, SERVER_ROW (3, "true"), "e1:3", 2);
  g_assert_true (ms_personal_setting_repository_get_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER));
  g_assert_cmpint (count_rows (fixture->store, "personal_setting"), ==, 1);
  assert_footer (fixture->store, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, set_up, func, store_fixture_tear_down)
  ADD ("/ms/store/personal-settings/offline", test_offline);
  ADD ("/ms/store/personal-settings/unknown-key", test_unknown_key);
  ADD ("/ms/store/personal-settings/team-and-person", test_team_and_person);
  ADD ("/ms/store/personal-settings/rehome-and-pull", test_rehome_and_pull);
#undef ADD

  return g_test_run ();
}
