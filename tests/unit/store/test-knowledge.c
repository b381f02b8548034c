/* test-knowledge.c — team knowledge from fixed feedback sets
 *
 * Without a server: the team's feedback (and an owner's choice) arrive as
 * pull pages written by hand. Seven items teach one calibration (directors
 * judge CTA 7 points lower, 4 items) and two rules (「業界最安値」 quoted in 3
 * items, 「今すぐ」 in 2); four items teach nothing. A draft scored offline
 * on a member's device takes them (its CTA axis and total go down, with
 * the findings that say why); an owner turns the calibration off and, once
 * that choice is pulled, the member's score is back up by exactly its
 * share. Only owners change entries, and only with team_knowledge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "store-test.h"
#include "ms-draft.h"
#include "sync/ms-sync-local.h"

#define TEAM "team:00000000-0000-0000-0000-0000000000bb"
#define ME "00000000-0000-0000-0000-000000000001"
#define USER "user:" ME

#define FEEDBACK(id, version, role, rating, engine, score, axes, comment) \
  "{\"op\":\"put\",\"entity\":\"feedback\",\"id\":\"" id "\",\"version\":" #version ",\"row\":" \
  "{\"id\":\"" id "\",\"version\":" #version ",\"created_at\":" #version "00,\"updated_at\":" \
  #version "00,\"deleted_at\":null,\"link_id\":\"link-1\",\"shared_by\":\"" ME "\"," \
  "\"history_id\":\"h-1\",\"title\":\"春のセール\",\"engine_total\":" #engine "," \
  "\"role\":\"" role "\",\"rating\":\"" rating "\",\"corrected_score\":" score "," \
  "\"comment\":\"" comment "\",\"axes\":\"" axes "\",\"reviewer_name\":null," \
  "\"status\":\"open\",\"resolution\":null,\"resolved_at\":null}}"

/* Directors: CTA −8, −10, −6 and "a little high" (−5); a manager once; seniors
 * on the opening, one without a direction. */
#define SEVEN \
  FEEDBACK ("f1", 2, "director", "high", 74, "66", "cta", "「業界最安値」は根拠がない") "," \
  FEEDBACK ("f2", 3, "director", "high", 74, "64", "cta", "CTAが強すぎる。「業界最安値」も避けて") "," \
  FEEDBACK ("f3", 4, "director", "high", 74, "68", "cta", "") "," \
  FEEDBACK ("f4", 5, "director", "high", 74, "null", "cta", "「今すぐ」が多い") "," \
  FEEDBACK ("f5", 6, "manager", "low", 60, "64", "cta", "「業界最安値」はNG") "," \
  FEEDBACK ("f6", 7, "senior", "fair", 70, "null", "open", "") "," \
  FEEDBACK ("f7", 8, "senior", "far_off", 70, "null", "open", "「今すぐ」")

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

typedef struct
{
  const char *plan;
  const char *role;
} Setup;

static const Setup owner_pro = { "team_pro_s", "owner" };
static const Setup member_pro = { "team_pro_s", "member" };
static const Setup owner_team = { "team_s", "owner" };

static void
set_up (StoreFixture  *fixture,
        gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = NULL;
  g_autoptr(MsTeam) team = ms_team_new (TEAM, "販促チーム", setup->plan, setup->role, 3, 5);

  store_fixture_set_up (fixture, NULL);
  ms_store_set_tenant (fixture->store, USER);
  teams = ms_team_repository_new (fixture->store);
  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, TEAM, &error));
  g_assert_no_error (error);
}

static const MsKnowledgeEntry *
find_entry (GPtrArray  *entries,
            const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const MsKnowledgeEntry *e = g_ptr_array_index (entries, i);

      if (g_str_equal (e->key, key))
        return e;
    }
  return NULL;
}

static void
test_entries (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(MsKnowledgeRepository) knowledge = ms_knowledge_repository_new (fixture->store, TEAM);
  const MsKnowledgeEntry *e;
  GPtrArray *entries;
  g_autofree char *ja = NULL;

  /* four items teach nothing yet */
  apply_page (fixture->store,
              FEEDBACK ("f1", 2, "director", "high", 74, "66", "cta", "「業界最安値」は根拠がない") ","
              FEEDBACK ("f2", 3, "director", "high", 74, "64", "cta", "「業界最安値」") ","
              FEEDBACK ("f3", 4, "director", "high", 74, "68", "cta", "") ","
              FEEDBACK ("f4", 5, "director", "high", 74, "null", "cta", ""), "e1:5");
  g_assert_cmpuint (ms_knowledge_repository_get_n_feedback (knowledge), ==, 4);
  g_assert_cmpuint (ms_knowledge_repository_get_entries (knowledge)->len, ==, 0);

  apply_page (fixture->store, SEVEN, "e1:8");
  entries = ms_knowledge_repository_get_entries (knowledge);
  g_assert_cmpuint (ms_knowledge_repository_get_n_feedback (knowledge), ==, 7);
  g_assert_cmpuint (entries->len, ==, 3);

  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->key, ==, "calibration:director:cta");
  g_assert_cmpint (e->kind, ==, MS_KNOWLEDGE_CALIBRATION);
  g_assert_cmpint (e->axis, ==, MS_AXIS_CTA);
  g_assert_cmpint (e->shift, ==, -7);            /* mean of −8, −10, −6, −5 */
  g_assert_cmpuint (e->n_evidence, ==, 4);
  g_assert_true (g_strv_contains ((const char * const *) e->evidence, "f4"));
  g_assert_false (g_strv_contains ((const char * const *) e->evidence, "f5"));
  g_assert_true (e->enabled);
  ja = ms_knowledge_entry_describe (e, "ja");
  g_assert_true (g_str_has_prefix (ja, "部長レベルの評価傾向に合わせて調整"));

  e = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (e->key, ==, "rule:業界最安値");
  g_assert_cmpuint (e->n_evidence, ==, 3);
  g_assert_cmpint (e->axis, ==, MS_AXIS_CTA);
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (e->key, ==, "rule:今すぐ");
  g_assert_cmpuint (e->n_evidence, ==, 2);
  g_assert_cmpint (e->axis, ==, MS_AXIS_OPEN);   /* one each: the first axis */

  /* no calibration from one manager, nor from seniors without a direction */
  g_assert_null (find_entry (entries, "calibration:manager:cta"));
  g_assert_null (find_entry (entries, "calibration:senior:open"));
}

static MsScoreResult *
score_draft (MsStore *store,
             MsDraft *draft)
{
  g_autofree char *team = ms_store_dup_active_team (store);
  g_autoptr(GPtrArray) knowledge = ms_store_dup_team_knowledge (store, team);

  ms_draft_set_knowledge (draft, knowledge);
  return ms_score_result_ref (ms_draft_get_result (draft));
}

static gboolean
has_finding (MsScoreResult *result,
             const char    *rule_id,
             const char    *says)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (f->rule_id, rule_id) && strstr (f->message, says) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The member's device: the score moves with the team's knowledge, offline. */
static void
test_member_scores_offline (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(MsDraft) draft = ms_draft_new ();
  g_autoptr(MsScoreResult) plain = NULL;
  g_autoptr(MsScoreResult) taught = NULL;
  g_autoptr(MsScoreResult) without = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsKnowledgeRepository) knowledge = ms_knowledge_repository_new (fixture->store, TEAM);
  double w;
  guint cta;

  ms_draft_set_subject (draft, "【3日間限定】春の新作コートが業界最安値で20%OFF");
  ms_draft_set_body (draft, "いつもご利用ありがとうございます。\n下のボタンからご覧ください。\n"
                            "https://example.jp/sale\n配信停止はこちら：https://example.jp/stop");
  plain = ms_score_result_ref (ms_draft_get_result (draft));
  g_assert_nonnull (plain);
  cta = ms_score_result_get_axis (plain, MS_AXIS_CTA);
  w = ms_score_result_get_axis_weight (plain, MS_AXIS_CTA);

  apply_page (fixture->store, SEVEN, "e1:8");
  taught = score_draft (fixture->store, draft);
  /* CTA −7 (directors) and −6 (the quoted 業界最安値): −13 on the axis */
  g_assert_cmpuint (ms_score_result_get_axis (taught, MS_AXIS_CTA), ==, MAX ((int) cta - 13, 0));
  g_assert_cmpint ((int) ms_score_result_get_total (taught), ==,
                   MAX (0, (int) lround (ms_score_result_get_total (plain) -
                                         w * (cta - ms_score_result_get_axis (taught,
                                                                              MS_AXIS_CTA)))));
  g_assert_cmpuint (ms_score_result_get_total (taught), <, ms_score_result_get_total (plain));
  g_assert_true (has_finding (taught, "team.knowledge.calibration", "部長レベルの評価傾向"));
  g_assert_true (has_finding (taught, "team.knowledge.rule", "過去に上長から指摘された表現"));
  g_assert_false (has_finding (taught, "team.knowledge.rule", "今すぐ"));  /* not in it */

  /* a member cannot turn an entry off */
  g_assert_false (ms_knowledge_repository_set_enabled (knowledge, "calibration:director:cta",
                                                       FALSE, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* an owner did, elsewhere: the choice arrives with the next pull */
  apply_page (fixture->store,
              "{\"op\":\"put\",\"entity\":\"knowledge_state\",\"id\":\"k1\",\"version\":9,"
              "\"row\":{\"id\":\"k1\",\"version\":9,\"created_at\":900,\"updated_at\":900,"
              "\"deleted_at\":null,\"key\":\"calibration:director:cta\",\"enabled\":false}}",
              "e1:9");
  g_assert_false (((MsKnowledgeEntry *) g_ptr_array_index (
                     ms_knowledge_repository_get_entries (knowledge), 0))->enabled);
  without = score_draft (fixture->store, draft);
  g_assert_cmpuint (ms_score_result_get_axis (without, MS_AXIS_CTA), ==, MAX ((int) cta - 6, 0));
  g_assert_false (has_finding (without, "team.knowledge.calibration", "部長"));
  g_assert_true (has_finding (without, "team.knowledge.rule", "業界最安値"));
  g_assert_cmpuint (ms_score_result_get_total (without), >=, ms_score_result_get_total (taught));
}

static void
test_owner_turns_off (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsKnowledgeRepository) knowledge = ms_knowledge_repository_new (fixture->store, TEAM);
  g_autoptr(GPtrArray) applied = NULL;

  apply_page (fixture->store, SEVEN, "e1:8");
  g_assert_true (ms_knowledge_repository_set_enabled (knowledge, "rule:業界最安値", FALSE,
                                                      &error));
  g_assert_no_error (error);
  g_assert_false (find_entry (ms_knowledge_repository_get_entries (knowledge),
                              "rule:業界最安値")->enabled);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 1);
  applied = ms_store_dup_team_knowledge (fixture->store, TEAM);
  g_assert_false (find_entry (applied, "rule:業界最安値")->enabled);
  g_assert_true (find_entry (applied, "calibration:director:cta")->enabled);

  /* and on again */
  g_assert_true (ms_knowledge_repository_set_enabled (knowledge, "rule:業界最安値", TRUE,
                                                      &error));
  g_assert_no_error (error);
  g_assert_true (find_entry (ms_knowledge_repository_get_entries (knowledge),
                             "rule:業界最安値")->enabled);
}

/* After a downgrade to Team the knowledge still applies, read-only. */
static void
test_downgraded_read_only (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsKnowledgeRepository) knowledge = ms_knowledge_repository_new (fixture->store, TEAM);

  apply_page (fixture->store, SEVEN, "e1:8");
  g_assert_cmpuint (ms_knowledge_repository_get_entries (knowledge)->len, ==, 3);
  g_assert_false (ms_knowledge_repository_set_enabled (knowledge, "rule:今すぐ", FALSE, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED);
  g_assert_cmpint (count_rows (fixture->store, "outbox"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* the findings in Japanese, as the app's users read them */
  g_setenv ("LANGUAGE", "ja", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/knowledge/entries", StoreFixture, &member_pro, set_up, test_entries,
              store_fixture_tear_down);
  g_test_add ("/knowledge/member-scores-offline", StoreFixture, &member_pro, set_up,
              test_member_scores_offline, store_fixture_tear_down);
  g_test_add ("/knowledge/owner-turns-off", StoreFixture, &owner_pro, set_up,
              test_owner_turns_off, store_fixture_tear_down);
  g_test_add ("/knowledge/downgraded-read-only", StoreFixture, &owner_team, set_up,
              test_downgraded_read_only, store_fixture_tear_down);
  return g_test_run ();
}
