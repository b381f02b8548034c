/* test-onboarding.c — the first-run checklist's steps: which apply, done once, synced rows
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

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  store_fixture_set_up (fixture, data);
  ms_store_set_tenant (fixture->store, USER);
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

/* The steps' ids, joined by spaces. */
static char *
join_ids (GPtrArray *steps)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            ((MsOnboardingStep *) g_ptr_array_index (steps, i))->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
steps_for (const char *plan_id,
           gboolean    team_owner)
{
  g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (plan_id, NULL);
  g_autoptr(GPtrArray) steps = ms_onboarding_list_steps (plan, team_owner);

  return join_ids (steps);
}

/* A plan feature or owning a team adds its steps; nothing else does. */
static void
test_steps_per_plan_and_role (void)
{
  g_autofree char *free_steps = steps_for ("free", FALSE);
  g_autofree char *free_owner = steps_for ("free", TRUE);
  g_autofree char *pro = steps_for ("pro", FALSE);
  g_autofree char *team_member = steps_for ("team_s", FALSE);
  g_autofree char *team_owner = steps_for ("team_s", TRUE);
  g_autofree char *team_pro_owner = steps_for ("team_pro_s", TRUE);

  g_assert_cmpstr (free_steps, ==, "score fix save");
  g_assert_cmpstr (free_owner, ==, "score fix save invite");
  g_assert_cmpstr (pro, ==, "score preview fix save result");
  g_assert_cmpstr (team_member, ==, "score preview fix save result");
  g_assert_cmpstr (team_owner, ==, "score preview fix save result invite brand_rules");
  g_assert_cmpstr (team_pro_owner, ==,
                   "score preview fix save result import invite brand_rules");
}

/* Every step of the data is one the mutation table takes. */
static void
test_data_steps_are_valid (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) all = ms_onboarding_list_all_steps ();
  g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (fixture->store);
  g_autoptr(JsonObject) sample = ms_onboarding_dup_sample ();

  g_assert_cmpuint (all->len, ==, 8);
  for (guint i = 0; i < all->len; i++)
    {
      const MsOnboardingStep *step = g_ptr_array_index (all, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_strv_contains ((const char *[]) { "score", "history", "team", NULL },
                                      step->section));
      g_assert_true (ms_onboarding_repository_mark_done (onboarding, step->id, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (count_rows (fixture->store, "onboarding_step"), ==, 8);
  g_assert_nonnull (strstr (json_object_get_string_member (sample, "subject"), "最安値"));
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* Done once: the first time stays, a second "done" writes nothing. */
static void
test_done_once (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (fixture->store);
  g_autoptr(GPtrArray) steps = ms_onboarding_list_steps (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *id = NULL;
  guint changes = 0;

  g_signal_connect (onboarding, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_false (ms_onboarding_repository_is_done (onboarding, MS_ONBOARDING_SAVE));
  g_assert_cmpuint (ms_onboarding_repository_count_done (onboarding, steps), ==, 0);

  g_assert_true (ms_onboarding_repository_mark_done (onboarding, MS_ONBOARDING_SAVE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpint (ms_onboarding_repository_get_done_at (onboarding, MS_ONBOARDING_SAVE), ==,
                   TEST_NOW);
  g_assert_cmpuint (ms_onboarding_repository_count_done (onboarding, steps), ==, 1);
  outbox = query_text (fixture->store, "SELECT name || ' ' || args_json FROM outbox");
  g_assert_cmpstr (outbox, ==, "onboarding_step.done {\"step\":\"save\",\"done_at\":"
                   G_STRINGIFY (1795255200000000) "}");
  id = query_text (fixture->store, "SELECT id FROM onboarding_step");
  g_assert_cmpstr (id, ==, USER "/save");

  ms_store_set_now_for_testing (fixture->store, TEST_NOW + G_USEC_PER_SEC);
  g_assert_true (ms_onboarding_repository_mark_done (onboarding, MS_ONBOARDING_SAVE, &error));
  g_assert_cmpint (ms_onboarding_repository_get_done_at (onboarding, MS_ONBOARDING_SAVE), ==,
                   TEST_NOW);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  g_assert_cmpuint (changes, ==, 1);
}

/* A step this version does not know is refused before anything is written. */
static void
test_unknown_step (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (fixture->store);
  g_autoptr(GError) error = NULL;

  g_assert_false (ms_onboarding_repository_mark_done (onboarding, "write_a_novel", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "step"));
  g_assert_cmpint (count_rows (fixture->store, "onboarding_step"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
}

/* Closing the store and opening it again keeps what was done. */
static void
test_survives_reopen (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (fixture->store);
  g_autoptr(MsOnboardingRepository) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_onboarding_repository_mark_done (onboarding, MS_ONBOARDING_FIX, &error));
  g_clear_object (&onboarding);
  g_clear_object (&fixture->store);
  fixture->store = ms_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  ms_store_set_tenant (fixture->store, USER);
  reopened = ms_onboarding_repository_new (fixture->store);
  g_assert_true (ms_onboarding_repository_is_done (reopened, MS_ONBOARDING_FIX));
  g_assert_false (ms_onboarding_repository_is_done (reopened, MS_ONBOARDING_SCORE));
}

static void
apply_page (MsStore    *store,
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
  g_assert_true (ms_sync_local_apply_pull (store, USER, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

#define SERVER_ROW(step, version, done_at) \
  "{\"op\":\"put\",\"entity\":\"onboarding_step\",\"id\":\"" step "\",\"version\":" \
  #version ",\"row\":{\"id\":\"" step "\",\"version\":" #version ",\"created_at\":1," \
  "\"updated_at\":" #version ",\"deleted_at\":null,\"step\":\"" step "\"," \
  "\"done_at\":" #done_at "}}"

/* Done before signing in, moved into the account, then a pull with another
 * device's step: one row per step, both done. */
static void
test_rehome_and_pull (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(MsOnboardingRepository) onboarding = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  ms_store_set_tenant (fixture->store, MS_STORE_LOCAL_TENANT);
  onboarding = ms_onboarding_repository_new (fixture->store);
  g_assert_true (ms_onboarding_repository_mark_done (onboarding, MS_ONBOARDING_SCORE, &error));
  g_assert_true (ms_sync_state_rehome (fixture->store, MS_STORE_LOCAL_TENANT, USER, &error));
  g_assert_no_error (error);
  ms_store_set_tenant (fixture->store, USER);
  g_assert_true (ms_onboarding_repository_is_done (onboarding, MS_ONBOARDING_SCORE));

  apply_page (fixture->store, SERVER_ROW ("score", 1, 1795255200000000) ","
                              SERVER_ROW ("import", 2, 1795255100000000), "e1:2", 1);
  g_assert_cmpint (ms_store_get_outbox_length (fixture->store), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "onboarding_step"), ==, 2);
  ids = query_text (fixture->store, "SELECT group_concat(id, ' ') FROM"
                                    " (SELECT id FROM onboarding_step ORDER BY id)");
  g_assert_cmpstr (ids, ==, USER "/import " USER "/score");
  g_assert_true (ms_onboarding_repository_is_done (onboarding, MS_ONBOARDING_IMPORT));
}

/* Owning a team adds the owner's steps to what the repository lists. */
static void
test_owner_steps (StoreFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(MsOnboardingRepository) onboarding = ms_onboarding_repository_new (fixture->store);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (fixture->store);
  g_autoptr(MsTeam) member = ms_team_new (TEAM, "販促チーム", "team_s", "member", 2, 5);
  g_autoptr(MsTeam) owner = ms_team_new (TEAM, "販促チーム", "team_s", "owner", 2, 5);
  g_autoptr(GPtrArray) before = ms_onboarding_repository_list_steps (onboarding);
  g_autoptr(GPtrArray) as_member = NULL;
  g_autoptr(GPtrArray) as_owner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *member_ids = NULL;
  g_autofree char *owner_ids = NULL;
  guint changes = 0;

  g_assert_cmpuint (before->len, ==, 3);
  g_signal_connect (onboarding, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_true (ms_team_repository_put (teams, member, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, >=, 1);
  as_member = ms_onboarding_repository_list_steps (onboarding);
  member_ids = join_ids (as_member);
  g_assert_null (strstr (member_ids, "invite"));
  g_assert_true (ms_team_repository_put (teams, owner, &error));
  as_owner = ms_onboarding_repository_list_steps (onboarding);
  owner_ids = join_ids (as_owner);
  g_assert_nonnull (strstr (owner_ids, "invite"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, StoreFixture, NULL, set_up, func, store_fixture_tear_down)

  g_test_add_func ("/ms/store/onboarding/steps-per-plan-and-role", test_steps_per_plan_and_role);
  ADD ("/ms/store/onboarding/data-steps-are-valid", test_data_steps_are_valid);
  ADD ("/ms/store/onboarding/done-once", test_done_once);
  ADD ("/ms/store/onboarding/unknown-step", test_unknown_step);
  ADD ("/ms/store/onboarding/survives-reopen", test_survives_reopen);
  ADD ("/ms/store/onboarding/rehome-and-pull", test_rehome_and_pull);
  ADD ("/ms/store/onboarding/owner-steps", test_owner_steps);

  return g_test_run ();
}
