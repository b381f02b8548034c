/* test-team-presets.c — the active team's shared presets in the segment editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-app-test.h"
#include "ms-score-page.h"
#include "ms-segment-editor.h"
#include "store/ms-store-all.h"

#define TENANT    "team:00000000-0000-4000-8000-00000000a001"
#define TEAM_NAME "Northleaf 販促チーム"

static MsApplication *app;

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static MsSegmentEditor *
get_editor (void)
{
  return ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "segment_editor");
}

static void
put_team (const char *role)
{
  MsStore *store = ms_test_get_store (app);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  g_autoptr(MsTeam) team = ms_team_new (TENANT, TEAM_NAME, "team_s", role, 1, 5);
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, TENANT, &error));
  g_assert_no_error (error);
  ms_test_flush ();
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

static AdwMessageDialog *
open_save_dialog (void)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_editor ()), "segment.save-preset",
                                             NULL));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("save-preset-dialog")) != NULL);
  return dialog;
}

static GtkButton *
apply_button_at (GtkListBox *list,
                 int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return GTK_BUTTON (gtk_widget_get_first_child (gtk_list_box_row_get_child (row)));
}

/* Whether a label under @widget (a toast's title, say) contains @text. */
static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_containing (child, text))
      return TRUE;

  return FALSE;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
test_shared_preset_applies (void)
{
  MsStore *store = ms_test_get_store (app);
  MsSegmentEditor *editor = get_editor ();
  MsDraft *draft = ms_score_page_get_draft (get_score_page ());
  GtkWidget *box = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "team_presets_box");
  GtkListBox *list = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "team_presets_list");
  GtkLabel *heading = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "team_presets_heading");
  GtkMenuButton *button = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "presets_button");
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsSegment) other = ms_segment_new ();
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  GtkButton *apply;

  /* No team yet: no shared section. */
  g_assert_false (gtk_widget_get_visible (box));

  put_team ("owner");
  g_assert_true (gtk_widget_get_visible (box));
  g_assert_true (gtk_widget_get_visible (ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR,
                                                        "team_presets_empty")));

  rules = ms_team_rules_repository_new (store, TENANT);
  segment->audience = MS_AUDIENCE_EXISTING;
  segment->list_size = 12000;
  id = ms_team_rules_repository_put_preset (rules, NULL, "既存会員・30代・購入", segment, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  ms_test_flush ();

  /* Listed, under the team's name, after "My Presets". */
  gtk_menu_button_popup (button);
  ms_test_flush ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (heading), TEAM_NAME));
  g_assert_cmpstr (gtk_label_get_label (heading), ==, TEAM_NAME " — shared");
  g_assert_cmpuint (count_rows (list), ==, 1);
  apply = apply_button_at (list, 0);
  g_assert_cmpstr (gtk_button_get_label (apply), ==, "既存会員・30代・購入");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_next_sibling (GTK_WIDGET (apply))));

  /* Choosing it applies its segment, as a personal preset does. */
  other->audience = MS_AUDIENCE_NEW;
  other->list_size = 100;
  ms_draft_set_segment (draft, other);
  g_signal_emit_by_name (apply, "clicked");
  ms_test_flush ();
  g_assert_cmpint (ms_draft_get_segment (draft)->audience, ==, MS_AUDIENCE_EXISTING);
  g_assert_cmpuint (ms_draft_get_segment (draft)->list_size, ==, 12000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
}

static void
test_owner_shares (void)
{
  MsStore *store = ms_test_get_store (app);
  MsSegmentEditor *editor = get_editor ();
  GtkListBox *list = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "team_presets_list");
  g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, TENANT);
  const MsSegment *segment = ms_draft_get_segment (ms_score_page_get_draft (get_score_page ()));
  g_autoptr(MsEntitlements) pro = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *share;

  /* Free has no personal presets, so an owner can only share. */
  g_assert_true (gtk_widget_is_sensitive (ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR,
                                                         "save_preset_button")));
  dialog = open_save_dialog ();
  share = g_object_get_data (G_OBJECT (dialog), "share-check");
  g_assert_true (gtk_widget_get_visible (share));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (share)));
  g_assert_false (gtk_widget_get_sensitive (share));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (share)), ==,
                   "Share with team " TEAM_NAME);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();

  /* Pro: personal by default, shared when asked. */
  pro = ms_entitlements_new_for_plan ("pro", &error);
  g_assert_no_error (error);
  ms_store_set_entitlements (store, pro);

  dialog = open_save_dialog ();
  share = g_object_get_data (G_OBJECT (dialog), "share-check");
  g_assert_true (gtk_widget_get_sensitive (share));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (share)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (share), TRUE);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "name-entry"), "休眠顧客の掘り起こし");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_rules_repository_get_presets (rules)), ==, 2);
  g_assert_cmpuint (count_rows (list), ==, 2);
  g_assert_null (gtk_list_box_get_row_at_index (ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR,
                                                               "presets_list"), 0));

  /* Team S shares twenty: the twenty-first is refused and nothing is added. */
  for (guint i = 2; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("プリセット %u", i);
      g_autofree char *id = ms_team_rules_repository_put_preset (rules, NULL, name, segment, &error);

      g_assert_no_error (error);
    }
  ms_test_flush ();
  g_assert_cmpuint (count_rows (list), ==, 20);

  dialog = open_save_dialog ();
  share = g_object_get_data (G_OBJECT (dialog), "share-check");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (share), TRUE);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "name-entry"), "21番目");
  g_assert_false (has_label_containing (GTK_WIDGET (ms_test_get_window (app)), "20 presets"));
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();
  g_assert_cmpuint (count_rows (list), ==, 20);
  /* The toast says why. */
  ms_test_wait_until (has_label_containing (GTK_WIDGET (ms_test_get_window (app)), "20 presets"));
}

static void
test_member_cannot_share (void)
{
  MsSegmentEditor *editor = get_editor ();
  GtkListBox *list = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "team_presets_list");
  AdwMessageDialog *dialog;
  GtkButton *apply;

  put_team ("member");

  /* Members see the presets but cannot delete them… */
  g_assert_cmpuint (count_rows (list), ==, 20);
  apply = apply_button_at (list, 0);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_next_sibling (GTK_WIDGET (apply))));

  /* …nor share (Pro still lets them save their own). */
  dialog = open_save_dialog ();
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "share-check")));
  gtk_window_destroy (GTK_WINDOW (dialog));
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

  g_test_add_func ("/ms/app/team-presets/shared-preset-applies", test_shared_preset_applies);
  g_test_add_func ("/ms/app/team-presets/owner-shares", test_owner_shares);
  g_test_add_func ("/ms/app/team-presets/member-cannot-share", test_member_cannot_share);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
