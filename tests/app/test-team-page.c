/* test-team-page.c — the Team page: an owner's edits apply to scoring, a member is locked out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store/ms-team-repository.h"
#include "sync/ms-sync-local.h"
#include "ms-app-test.h"
#include "ms-preferences-window.h"
#include "ms-score-page.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"

#define OWNED_TEAM "team:00000000-0000-0000-0000-0000000000aa"
#define MEMBER_TEAM "team:00000000-0000-0000-0000-0000000000bb"
#define ME "00000000-0000-0000-0000-000000000001"

static MsApplication *app;

static MsTeamPage *
get_team_page (void)
{
  return ms_test_get_page (app, "team");
}

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
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
join_team (const char *tenant,
           const char *name,
           const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  g_autoptr(MsTeam) team = ms_team_new (tenant, name, "team_s", role, 3, 5);

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, tenant, &error));
  g_assert_no_error (error);
  ms_test_flush ();
}

static void
test_empty (void)
{
  ms_test_show_section (app, "team");
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
  ms_test_show_section (app, "team");

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

  ms_test_show_section (app, "score");
  subject = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "subject_row");
  gtk_editable_set_text (subject, "冬の限定販売、今週末まで");
  ms_test_wait_until (ms_test_subject_has_finding (get_score_page (), "ng.team"));

  /* A subject rule set on the page applies as well. */
  gtk_editable_set_text (subject, "【冬の限定販売】今週末まで");
  ms_test_flush ();
  g_assert_false (ms_test_subject_has_finding (get_score_page (), "brand.subject.brackets"));
  ms_test_show_section (app, "team");
  gtk_switch_set_active (editor_child ("brackets_switch"), TRUE);
  ms_test_flush ();
  ms_test_show_section (app, "score");
  ms_test_wait_until (ms_test_subject_has_finding (get_score_page (), "brand.subject.brackets"));
  g_assert_true (ms_test_subject_has_finding (get_score_page (), "ng.team"));

  /* Removing the word through its row stops the finding. */
  ms_test_show_section (app, "team");
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
  ms_test_show_section (app, "score");
  ms_test_wait_until (!ms_test_subject_has_finding (get_score_page (), "ng.team"));
}

static gboolean
body_has_finding (MsScorePage *page,
                  const char  *rule_prefix)
{
  MsScoreResult *result = ms_draft_get_result (ms_score_page_get_draft (page));
  GPtrArray *findings = result != NULL ? ms_score_result_get_findings (result) : NULL;

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->field == MS_FIELD_BODY && ms_finding_matches (finding, rule_prefix))
        return TRUE;
    }
  return FALSE;
}

/* The owner's footer switch applies to scoring at once, and locks each
 * member's own switch on. The pages and switches are taken before
 * Preferences opens, for then it is the active window. */
static void
test_owner_esp_footer (void)
{
  MsScorePage *page = get_score_page ();
  GtkTextView *body = ms_test_child (page, MS_TYPE_SCORE_PAGE, "body_view");
  GtkSwitch *team_switch = editor_child ("esp_footer_switch");
  MsPreferencesWindow *preferences = NULL;
  GtkSwitch *personal;

  ms_test_show_section (app, "score");
  ms_draft_set_channel (ms_score_page_get_draft (page), MS_CHANNEL_EMAIL);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "冬のコートのご案内");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (body), "新作のコートが入荷しました。", -1);
  ms_test_wait_until (body_has_finding (page, "tokutei.sender"));
  g_assert_false (body_has_finding (page, "tokutei.esp_footer"));

  ms_test_show_section (app, "team");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (team_switch)));
  gtk_switch_set_active (team_switch, TRUE);
  ms_test_flush ();
  ms_test_show_section (app, "score");
  ms_test_wait_until (body_has_finding (page, "tokutei.esp_footer"));
  g_assert_false (body_has_finding (page, "tokutei.sender"));
  g_assert_false (body_has_finding (page, "tokutei.optout"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MS_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  ms_test_flush ();
  personal = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "esp_footer_switch");
  g_assert_true (gtk_switch_get_active (personal));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (personal)));

  /* Off for the team: the person's own (off) setting shows again. */
  gtk_switch_set_active (team_switch, FALSE);
  ms_test_flush ();
  g_assert_false (gtk_switch_get_active (personal));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (personal)));
  ms_test_wait_until (body_has_finding (page, "tokutei.sender"));
  g_assert_false (body_has_finding (page, "tokutei.esp_footer"));
  gtk_window_destroy (GTK_WINDOW (preferences));
  ms_test_flush ();
}

static void
test_member_is_locked (void)
{
  join_team (MEMBER_TEAM, "営業チーム", "member");
  ms_test_show_section (app, "team");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (team_child ("stack")), ==, "team");
  /* Two teams now: the selector shows, on the member's team. */
  g_assert_true (gtk_widget_get_visible (team_child ("team_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("role_row")), ==, "Member");
  g_assert_true (gtk_widget_get_visible (editor_child ("lock_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("voice_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("register_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("brackets_switch")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("esp_footer_switch")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("min_score_row")));
  g_assert_false (gtk_widget_get_sensitive (editor_child ("action_row")));
  g_assert_false (gtk_widget_get_visible (team_child ("ng_entry")));
}

/* A team_member row as the server sends it. */
static void
pull_member (const char *tenant,
             const char *user_id,
             const char *name,
             const char *email,
             const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"ops\":[{\"op\":\"put\",\"entity\":\"team_member\",\"id\":\"%1$s\",\"version\":1,"
    "\"row\":{\"id\":\"%1$s\",\"version\":1,\"created_at\":1,\"updated_at\":1,"
    "\"deleted_at\":null,\"user_id\":\"%1$s\",\"name\":\"%2$s\",\"email\":\"%3$s\","
    "\"role\":\"%4$s\"}}],\"cursor\":\"c:%1$s\",\"has_more\":false,\"reset\":false,"
    "\"last_mutation_id\":0}", user_id, name, email, role);
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (ms_sync_local_apply_pull (ms_test_get_store (app), tenant,
                                            json_node_get_object (node), &error));
  g_assert_no_error (error);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static AdwActionRow *
member_row (guint position)
{
  return ADW_ACTION_ROW (gtk_list_box_get_row_at_index (team_child ("members_list"), position));
}

static void
test_members (void)
{
  MsStore *store = ms_test_get_store (app);
  GtkWidget *list;

  ms_store_set_tenant (store, "user:" ME);
  pull_member (OWNED_TEAM, "u3", "Tanaka", "t@example.jp", "member");
  pull_member (OWNED_TEAM, ME, "Sato", "me@example.jp", "owner");
  pull_member (OWNED_TEAM, "u2", "Abe", "a@example.jp", "member");
  join_team (OWNED_TEAM, "販促チーム", "owner");
  ms_test_show_section (app, "team");

  /* Owners first, then by name; the email below; the role at the end. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (member_row (0))), ==,
                   "Sato (You)");
  g_assert_cmpstr (adw_action_row_get_subtitle (member_row (0)), ==, "me@example.jp");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (member_row (1))), ==,
                   "Abe");
  g_assert_cmpstr (adw_action_row_get_subtitle (member_row (1)), ==, "a@example.jp");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (member_row (2))), ==,
                   "Tanaka");
  g_assert_null (member_row (3));

  /* The owner removes others, not themself. */
  g_assert_null (find_button (GTK_WIDGET (member_row (0)), "Remove"));
  g_assert_null (find_button (GTK_WIDGET (member_row (0)), "Leave Team"));
  g_assert_nonnull (find_button (GTK_WIDGET (member_row (1)), "Remove"));
  g_assert_nonnull (find_button (GTK_WIDGET (member_row (2)), "Remove"));
  /* Not signed in: no invitations to show. */
  g_assert_false (gtk_widget_get_visible (team_child ("invites_list")));

  /* A member leaves from their own row, and removes no one. */
  pull_member (MEMBER_TEAM, "u4", "Kato", "k@example.jp", "owner");
  pull_member (MEMBER_TEAM, ME, "Sato", "me@example.jp", "member");
  join_team (MEMBER_TEAM, "営業チーム", "member");
  list = team_child ("members_list");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (member_row (0))), ==,
                   "Kato");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (member_row (1))), ==,
                   "Sato (You)");
  g_assert_null (member_row (2));
  g_assert_null (find_button (list, "Remove"));
  g_assert_null (find_button (GTK_WIDGET (member_row (0)), "Leave Team"));
  g_assert_nonnull (find_button (GTK_WIDGET (member_row (1)), "Leave Team"));

  ms_store_set_tenant (store, MS_STORE_LOCAL_TENANT);
  ms_test_flush ();
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

  g_test_add_func ("/ms/app/team/no-team", test_empty);
  g_test_add_func ("/ms/app/team/owner-ng-word-is-flagged", test_owner_ng_word_is_flagged);
  g_test_add_func ("/ms/app/team/owner-esp-footer", test_owner_esp_footer);
  g_test_add_func ("/ms/app/team/member-is-locked", test_member_is_locked);
  g_test_add_func ("/ms/app/team/members", test_members);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
