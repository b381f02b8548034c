/* test-feedback-page.c — the Feedback section and the team's knowledge in a real window
 *
 * Five reviewers' feedback arrives for the active Team Pro team (a pull
 * page, as the server sends it): the Feedback section lists it and the
 * knowledge it teaches (a calibration, a rule) with a switch each; the draft
 * on the Score page takes that knowledge at once (its findings say so); the
 * owner turns the calibration off with its switch (the change waits in the
 * outbox) and the draft's finding goes; the member marks an item resolved,
 * saying what they changed, through the dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-app-test.h"
#include "ms-feedback-page.h"
#include "ms-score-page.h"
#include "store/ms-store-all.h"
#include "store/ms-store-private.h"
#include "sync/ms-sync-local.h"

#define TENANT "team:00000000-0000-4000-8000-00000000f001"
#define ME     "00000000-0000-4000-8000-0000000000a1"

static MsApplication *app;

#define ROW(id, version, score, comment) \
  "{\"op\":\"put\",\"entity\":\"feedback\",\"id\":\"" id "\",\"version\":" #version ",\"row\":" \
  "{\"id\":\"" id "\",\"created_at\":" #version "000,\"updated_at\":1,\"deleted_at\":null," \
  "\"link_id\":\"l1\",\"shared_by\":\"" ME "\",\"history_id\":\"h1\",\"title\":\"春のセール\"," \
  "\"engine_total\":74,\"role\":\"director\",\"rating\":\"high\",\"corrected_score\":" score "," \
  "\"comment\":\"" comment "\",\"axes\":\"cta\",\"reviewer_name\":\"田中\",\"status\":\"open\"," \
  "\"resolution\":null,\"resolved_at\":null}}"

static void
pull_feedback (void)
{
  MsStore *store = ms_test_get_store (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = json_from_string (
    "{\"ops\":["
    ROW ("fb1", 1, "66", "「業界最安値」は根拠がない") ","
    ROW ("fb2", 2, "64", "「業界最安値」は避けて") ","
    ROW ("fb3", 3, "68", "") ","
    ROW ("fb4", 4, "null", "") ","
    ROW ("fb5", 5, "70", "")
    "],\"cursor\":\"t:5\",\"has_more\":false,\"reset\":false,\"last_mutation_id\":0}", &error);

  g_assert_no_error (error);
  g_assert_true (ms_sync_local_apply_pull (store, TENANT, json_node_get_object (page), &error));
  g_assert_no_error (error);
  ms_test_flush ();
}

static gboolean
draft_has (MsScorePage *page,
           const char  *rule_id)
{
  MsScoreResult *result = ms_draft_get_result (ms_score_page_get_draft (page));
  GPtrArray *findings = result != NULL ? ms_score_result_get_findings (result) : NULL;

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    if (g_str_equal (((MsFinding *) g_ptr_array_index (findings, i))->rule_id, rule_id))
      return TRUE;
  return FALSE;
}

static GtkWindow *
find_window_named (const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }
  return NULL;
}

static GtkSwitch *
find_switch (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    return GTK_SWITCH (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSwitch *found = find_switch (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_feedback_and_knowledge (void)
{
  MsStore *store = ms_test_get_store (app);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  g_autoptr(MsTeam) team = ms_team_new (TENANT, "販促チーム", "team_pro_s", "owner", 1, 5);
  g_autoptr(GError) error = NULL;
  MsScorePage *score = ms_test_get_page (app, "score");
  MsFeedbackPage *page;
  GtkListBox *list, *knowledge;
  GtkListBoxRow *row;
  GtkSwitch *toggle;
  AdwMessageDialog *dialog = NULL;
  MsFeedbackItem *item;

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, TENANT, &error));
  g_assert_no_error (error);
  ms_draft_set_subject (ms_score_page_get_draft (score), "【本日限定】業界最安値のコートが20%OFF");
  ms_test_flush ();
  g_assert_false (draft_has (score, "team.knowledge.rule"));

  pull_feedback ();
  /* the draft takes the team's knowledge at once */
  ms_test_wait_until (draft_has (score, "team.knowledge.rule"));
  g_assert_true (draft_has (score, "team.knowledge.calibration"));

  ms_test_show_section (app, "feedback");
  page = ms_test_get_page (app, "feedback");
  list = ms_test_child (page, MS_TYPE_FEEDBACK_PAGE, "list");
  knowledge = ms_test_child (page, MS_TYPE_FEEDBACK_PAGE, "knowledge_list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 4));
  g_assert_null (gtk_list_box_get_row_at_index (list, 5));
  g_assert_true (gtk_widget_get_visible (ms_test_child (page, MS_TYPE_FEEDBACK_PAGE,
                                                        "knowledge_group")));

  /* the owner turns the calibration off */
  row = gtk_list_box_get_row_at_index (knowledge, 0);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (row)), ==, "calibration:director:cta");
  toggle = find_switch (GTK_WIDGET (row));
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
  gtk_switch_set_active (toggle, FALSE);
  ms_test_wait_until (!draft_has (score, "team.knowledge.calibration"));
  g_assert_true (draft_has (score, "team.knowledge.rule"));
  {
    sqlite3_stmt *stmt = _ms_store_prepare (store, "SELECT count(*) FROM outbox"
                                                   " WHERE name = 'knowledge_state.set'", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
  }

  /* the member says what they changed */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feedback.resolve", "s", "fb5"));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named (
                         "resolve-feedback-dialog")) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)),
                         "CTAを具体的にしました");
  adw_message_dialog_response (dialog, "resolve");
  ms_test_flush ();
  item = g_list_model_get_item (ms_feedback_repository_get_items (
                                  ms_feedback_page_get_repository (page)), 0);
  g_assert_cmpstr (ms_feedback_item_get_id (item), ==, "fb5");
  g_assert_cmpstr (ms_feedback_item_get_info (item)->status, ==, "resolved");
  g_assert_cmpstr (ms_feedback_item_get_info (item)->resolution, ==, "CTAを具体的にしました");
  g_object_unref (item);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (ms_test_get_window (app))));
  g_assert_nonnull (ms_test_get_store (app));

  g_test_add_func ("/ms/app/feedback/feedback-and-knowledge", test_feedback_and_knowledge);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
  return status;
}
