/* test-team-page.c — the Team page: an owner's edits apply to scoring, a member is locked out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/ms-team-repository.h"
#include "ms-app-test.h"
#include "ms-score-page.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"

#define OWNED_TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define MEMBER_TEAM "team:00000000-0000-0000-0000-0000000000bb"

static MsApplication *app;

static MsTeamPage *
get_team_page (void)
{
  return ms_test_child (ms_test_get_window (app), MS_TYPE_WINDOW, "team_page");
}

static MsScorePage *
get_score_page (void)
{
  return ms_test_child (ms_test_get_window (app), MS_TYPE_WINDOW, "score_page");
}

static gpointer
team_child (const char *name)
{
  return ms_test_child (get_team_page (), MS_TYPE_TEAM_PAGE, name);
}

static gpointer
editor_child (const char *name)
{
  return ms_test_child (team_child ("rules_editor"), MS_TYPE_TEAM_RULES_EDITOR, name);
}

static void
show_section (const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (ms_test_get_window (app)), "win.show-section", "s",
                              name);
  ms_test_flush ();
}

static void
join_team (const char *tenant,
           const char *name,
           const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_application_get_store (app));
  g_autoptr(MsTeam) team = ms_team_new (tenant, name, "team_s", role, 3, 5);

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, tenant, &error));
  g_assert_no_error (error);
  ms_test_flush ();
}

static gboolean
subject_has_finding (const char *rule_prefix)
{
  MsDraft *draft = ms_score_page_get_draft (get_score_page ());
  GPtrArray *findings;

  if (ms_draft_get_result (draft) == NULL)
    return FALSE;
  findings = ms_score_result_get_findings (ms_draft_get_result (draft));
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->field == MS_FIELD_SUBJECT && ms_finding_matches (finding, rule_prefix))
        return TRUE;
    }
  return FALSE;
}

static void
test_empty (void)
{
  show_section ("team");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (team_child ("stack")), ==, "empty");
  /* Not signed in: a note, and no way to create a team. */
  g_assert_true (gtk_widget_get_visible (team_child ("sign_in_label")));
  g_assert_false (gtk_widget_get_visible (team_child ("create_button")));
}

static void
test_owner_ng_word_is_flagged (void)
{
  GtkEditable *subject;

  join_team (OWNED_TEAM, "販促チーム", "owner");
  show_section ("team");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (team_child ("stack")), ==, "team");
  g_assert_false (gtk_widget_get_visible (editor_child ("lock_row")));
  g_assert_true (gtk_widget_get_sensitive (editor_child ("brackets_switch")));
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("seats_row")), ==,
                   "3 of 5 seats used");
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("role_row")), ==, "Owner");
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("plan_row")), ==, "Team S");
  g_assert_true (gtk_widget_get_visible (team_child ("next_plan_row")));

  gtk_editable_set_text (team_child ("ng_entry"), "限定販売");
  g_signal_emit_by_name (team_child ("ng_add_button"), "clicked");
  ms_test_flush ();
  g_assert_cmpstr (gtk_editable_get_text (team_child ("ng_entry")), ==, "");
  g_assert_nonnull (gtk_list_box_get_row_at_index (team_child ("ng_list"), 0));

  show_section ("score");
  subject = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "subject_row");
  gtk_editable_set_text (subject, "冬の限定販売、今週末まで");
  ms_test_wait_until (subject_has_finding ("ng.team"));

  /* A subject rule set on the page applies as well. */
  gtk_editable_set_text (subject, "【冬の限定販売】今週末まで");
  ms_test_flush ();
  g_assert_false (subject_has_finding ("brand.subject.brackets"));
  show_section ("team");
  gtk_switch_set_active (editor_child ("brackets_switch"), TRUE);
  ms_test_flush ();
  show_section ("score");
  ms_test_wait_until (subject_has_finding ("brand.subject.brackets"));
  g_assert_true (subject_has_finding ("ng.team"));

  /* Removing the word through its row stops the finding. */
  show_section ("team");
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (team_child ("ng_list"), 0));
    GtkWidget *button = NULL;

    /* AdwActionRow keeps its suffixes in a box at the end of its header. */
    for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL; )
      {
        if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), "Remove Word") == 0)
          {
            button = w;
            break;
          }
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != row && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w == row ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  ms_test_flush ();
  g_assert_null (gtk_list_box_get_row_at_index (team_child ("ng_list"), 0));
  show_section ("score");
  ms_test_wait_until (!subject_has_finding ("ng.team"));
}

static void
test_member_is_locked (void)
{
  join_team (MEMBER_TEAM, "営業チーム", "member");
  show_section ("team");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (team_child ("stack")), ==, "team");
  /* Two teams now: the selector shows, on the member's team. */
  g_assert_true (gtk_widget_get_visible (team_child ("team_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("role_row")), ==, "Member");
  g_assert_true (gtk_widget_get_visible (editor_child ("lock_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("voice_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("register_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("brackets_switch")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("min_score_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("action_row")));
  g_assert_false (gtk_widget_get_visible (team_child ("ng_entry")));
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
  g_assert_nonnull (ms_application_get_store (app));

  g_test_add_func ("/ms/app/team/no-team", test_empty);
  g_test_add_func ("/ms/app/team/owner-ng-word-is-flagged", test_owner_ng_word_is_flagged);
  g_test_add_func ("/ms/app/team/member-is-locked", test_member_is_locked);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
