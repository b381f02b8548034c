/* test-checklist.c — the first-run checklist, in the real window, against the real server
 *
 * A fresh profile shows the checklist with the steps of the Free plan;
 * trying the sample, fixing a finding and saving tick them; a plan with
 * more features and a team the person owns add their steps, which tick
 * as they are done through the pages; the ticks survive a restart (a new
 * store on the same profile) and reach a second profile signed in to the
 * same account; hiding the checklist hides it there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-second.h"
#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-checklist.h"
#include "ms-history-page.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"
#include "store/ms-store-all.h"

#define EMAIL    "first@example.jp"
#define PASSWORD "correct horse battery staple"

static MsApplication *app;
static MsAppServer server;

static const char * const all_steps[] = {
  "score", "preview", "fix", "save", "result", "import", "invite", "brand_rules", NULL
};

static MsChecklist *
get_checklist (MsWindow *window)
{
  return ms_window_get_checklist (window);
}

static gboolean
row_done (MsWindow   *window,
          const char *step)
{
  GtkListBoxRow *row = ms_checklist_get_row (get_checklist (window), step);

  return row != NULL && gtk_widget_has_css_class (GTK_WIDGET (row), "done");
}

static const char *
progress_text (MsWindow *window)
{
  return gtk_label_get_label (ms_test_child (get_checklist (window), MS_TYPE_CHECKLIST,
                                             "progress_label"));
}

static gpointer
team_child (const char *name)
{
  return ms_test_child (ms_test_get_page (app, "team"), MS_TYPE_TEAM_PAGE, name);
}

static GtkWindow *
find_window_named (const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Closes the message dialogs a step left open (the invitation's code). */
static void
close_dialogs (void)
{
  for (guint i = g_list_model_get_n_items (gtk_window_get_toplevels ()); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (window);
    }
  ms_test_flush ();
}

/* A fresh profile on Free: the checklist shows, with Free's steps, none done. */
static void
test_fresh_profile (void)
{
  MsWindow *window = ms_test_get_window (app);
  MsChecklist *checklist = get_checklist (window);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (checklist)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (checklist)));
  for (guint i = 0; all_steps[i] != NULL; i++)
    {
      gboolean on_free = g_str_equal (all_steps[i], "score") ||
                         g_str_equal (all_steps[i], "fix") || g_str_equal (all_steps[i], "save");

      g_assert_true ((ms_checklist_get_row (checklist, all_steps[i]) != NULL) == on_free);
      g_assert_false (row_done (window, all_steps[i]));
    }
  g_assert_cmpstr (progress_text (window), ==, "0 of 3");
}

/* The index of the sample's 最安値 finding, which has a suggested replacement. */
static guint
find_fixable (MsScorePage *page)
{
  GPtrArray *findings = ms_score_result_get_findings (ms_draft_get_result (ms_score_page_get_draft (page)));

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);

      if (finding->replacement != NULL && *finding->replacement != '\0')
        return i;
    }
  g_assert_not_reached ();
}

/* Free's steps, done in the window, tick one by one. */
static void
test_free_steps_tick (void)
{
  MsWindow *window = ms_test_get_window (app);
  MsScorePage *page = ms_test_get_page (app, "score");
  MsDraft *draft = ms_score_page_get_draft (page);

  /* The sample puts a Japanese email in the editor; scoring it is the first step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_checklist (window)),
                                             "checklist.try-sample", NULL));
  ms_test_wait_until (ms_draft_get_result (draft) != NULL && !ms_draft_is_empty (draft));
  g_assert_nonnull (strstr (ms_draft_get_field (draft, MS_DRAFT_FIELD_SUBJECT), "最安値"));
  ms_test_wait_until (row_done (window, "score"));
  g_assert_false (row_done (window, "fix"));
  g_assert_cmpstr (progress_text (window), ==, "1 of 3");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.apply-fix", "u",
                                             find_fixable (page)));
  ms_test_wait_until (row_done (window, "fix"));
  g_assert_null (strstr (ms_draft_get_field (draft, MS_DRAFT_FIELD_SUBJECT), "最安値"));

  ms_test_save (page);
  ms_test_wait_until (row_done (window, "save"));
  g_assert_cmpstr (progress_text (window), ==, "3 of 3");
  g_assert_true (gtk_widget_get_visible (ms_test_child (get_checklist (window), MS_TYPE_CHECKLIST,
                                                        "done_label")));
  for (guint i = 0; i < 8; i++)
    ms_test_flush ();
}

static void
on_team_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MsTeam **team = user_data;

  *team = ms_sync_client_create_team_finish (MS_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* Signed up and owning a Team Pro team: its steps show, and tick through the pages. */
static void
test_plan_and_owner_steps (void)
{
  MsWindow *window = ms_test_get_window (app);
  MsSyncClient *client = ms_test_get_sync_client (app);
  MsHistoryPage *history = ms_test_get_page (app, "history");
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-onboarding-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "past.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(MsHistoryItem) item = NULL;
  AdwMessageDialog *dialog;
  const char *values[] = { "12,000", "23.5%", "2.4", "31" };
  guint i = 0;

  ms_test_sign_up (window, EMAIL, "はじめての人");
  ms_sync_client_create_team_async (client, "販促チーム", "team_pro_s", NULL, on_team_created_cb,
                                    &team);
  ms_test_wait_until (team != NULL);
  ms_test_wait_until (ms_test_sync (window));
  ms_test_wait_until (ms_checklist_get_row (get_checklist (window), "brand_rules") != NULL);
  for (i = 0; all_steps[i] != NULL; i++)
    g_assert_nonnull (ms_checklist_get_row (get_checklist (window), all_steps[i]));
  g_assert_cmpstr (progress_text (window), ==, "3 of 8");

  /* The row's link: the Score page, scrolled to the previews. */
  g_signal_emit_by_name (ms_checklist_get_row (get_checklist (window), "preview"), "activate");
  ms_test_wait_until (row_done (window, "preview"));

  /* Results of the saved scoring, through History's dialog. */
  ms_test_show_section (app, "history");
  ms_test_wait_until (g_list_model_get_n_items (ms_history_page_get_model (history)) > 0);
  item = g_list_model_get_item (ms_history_page_get_model (history), 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.enter-results", "s",
                                             ms_history_item_get_id (item)));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("results-dialog")) != NULL);
  i = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    gtk_editable_set_text (GTK_EDITABLE (row), values[i++]);
  adw_message_dialog_response (dialog, "save");
  ms_test_wait_until (row_done (window, "result"));

  /* Past campaigns, imported. */
  g_assert_true (g_file_set_contents (csv, "配信日,チャネル,件名,配信数,開封率,クリック率\n"
                                           "2026-10-01,email,秋の新作のお知らせ,5000,21.0%,2.1%\n",
                                      -1, &error));
  dialog = ADW_MESSAGE_DIALOG (ms_history_page_preview_import (history, file));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_wait_until (row_done (window, "import"));
  g_unlink (csv);
  g_rmdir (dir);

  /* A teammate invited, and a brand rule set, on the Team page. */
  ms_test_show_section (app, "team");
  ms_test_wait_until (gtk_widget_get_visible (team_child ("invite_row")));
  gtk_editable_set_text (team_child ("invite_row"), "teammate@example.jp");
  g_signal_emit_by_name (team_child ("invite_row"), "entry-activated");
  ms_test_wait_until (row_done (window, "invite"));
  close_dialogs ();
  gtk_switch_set_active (ms_test_child (team_child ("rules_editor"), MS_TYPE_TEAM_RULES_EDITOR,
                                        "brackets_switch"), TRUE);
  ms_test_wait_until (row_done (window, "brand_rules"));
  g_assert_cmpstr (progress_text (window), ==, "8 of 8");
  ms_test_wait_until (ms_test_sync (window));
  ms_test_show_section (app, "score");
}

/* A new store on the same profile — the app started again — has every tick. */
static void
test_survives_restart (void)
{
  g_autoptr(MsContext) context = ms_context_new (ms_test_get_settings (app), ms_test_profile_dir);
  MsOnboardingRepository *onboarding = ms_context_get_onboarding (context);
  MsWindow *window;

  g_assert_nonnull (onboarding);
  for (guint i = 0; all_steps[i] != NULL; i++)
    g_assert_true (ms_onboarding_repository_is_done (onboarding, all_steps[i]));

  window = g_object_new (MS_TYPE_WINDOW, "application", app, "context", context, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  ms_test_flush ();
  for (guint i = 0; all_steps[i] != NULL; i++)
    if (ms_checklist_get_row (get_checklist (window), all_steps[i]) != NULL)
      g_assert_true (row_done (window, all_steps[i]));
  g_assert_true (row_done (window, "save"));
  gtk_window_destroy (GTK_WINDOW (window));
  ms_context_shutdown (context);
  ms_test_flush ();
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The same person on a second profile: the ticks arrive by sync, and hiding follows. */
static void
test_second_profile (void)
{
  MsWindow *second = ms_test_open_second_window (app);
  MsContext *context = ms_test_window_get_context (second);
  MsSyncClient *client = ms_context_get_sync_client (context);
  gboolean signed_in = FALSE;

  /* Before signing in: a fresh profile, nothing done. */
  g_assert_false (row_done (second, "score"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (get_checklist (second))));

  ms_sync_client_sign_in_async (client, EMAIL, PASSWORD, NULL, on_signed_in_cb, &signed_in);
  ms_test_wait_until (signed_in);
  ms_test_wait_until (ms_test_sync (second));
  for (guint i = 0; all_steps[i] != NULL; i++)
    g_assert_true (ms_onboarding_repository_is_done (ms_context_get_onboarding (context),
                                                     all_steps[i]));
  ms_test_wait_until (row_done (second, "score") && row_done (second, "save"));

  /* Hidden on the first device, hidden on the second after a sync. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_checklist (ms_test_get_window (app))),
                                             "checklist.dismiss", NULL));
  ms_test_wait_until (!gtk_widget_get_visible (GTK_WIDGET (get_checklist (ms_test_get_window (app)))));
  ms_test_wait_until (ms_test_sync (ms_test_get_window (app)));
  ms_test_wait_until (ms_test_sync (second));
  ms_test_wait_until (!gtk_widget_get_visible (GTK_WIDGET (get_checklist (second))));
  gtk_window_destroy (GTK_WINDOW (second));
  ms_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/onboarding/fresh-profile", test_fresh_profile);
  g_test_add_func ("/ms/app/onboarding/free-steps-tick", test_free_steps_tick);
  g_test_add_func ("/ms/app/onboarding/plan-and-owner-steps", test_plan_and_owner_steps);
  g_test_add_func ("/ms/app/onboarding/survives-restart", test_survives_restart);
  g_test_add_func ("/ms/app/onboarding/second-profile", test_second_profile);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
