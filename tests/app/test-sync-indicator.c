/* test-sync.c — offline edits wait, then reach the server, in the real window
 *
 * Starts the real msgscore-server on 127.0.0.1, signs the app up, stops the
 * server, saves a scoring (the indicator says a change is waiting), starts
 * the server again on the same port and syncs: the indicator says synced
 * and the row is in the server's database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-preferences-window.h"
#include "ms-score-page.h"
#include "ms-sync-indicator.h"

static MsApplication *app;
static MsAppServer server;

static gint64
count_history_on_server (void)
{
  return ms_app_server_query_int (&server, "SELECT count(*) FROM sync_row"
                                           " WHERE entity = 'score_history' AND deleted_at IS NULL");
}

static void
on_signed_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
}

static void
test_offline_edits_reach_the_server (void)
{
  MsWindow *window = ms_test_get_window (app);
  MsSyncIndicator *indicator = ms_test_child (window, MS_TYPE_WINDOW, "sync_indicator");
  MsScorePage *page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));
  MsSyncClient *client = ms_test_get_sync_client (app);

  g_assert_nonnull (client);
  g_assert_cmpstr (ms_sync_indicator_get_text (indicator), ==, "Not signed in");

  ms_sync_client_sign_up_async (client, "hanako@example.jp", "correct horse battery staple",
                                "佐藤花子", NULL, on_signed_up_cb, NULL);
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED);
  g_assert_cmpstr (ms_sync_indicator_get_text (indicator), ==, "Synced");
  g_assert_cmpint (count_history_on_server (), ==, 0);

  /* The checklist's steps that writing and saving tick are changes too:
   * done (and synced) before, so the save below is the one change. */
  ms_context_mark_step (ms_test_get_context (app), MS_ONBOARDING_SCORE);
  ms_context_mark_step (ms_test_get_context (app), MS_ONBOARDING_SAVE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (indicator), "sync.sync-now", NULL));
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED &&
                      ms_sync_client_get_pending (client) == 0);

  /* Offline: the server is gone; the save stays local and waits. */
  ms_app_server_stop (&server);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "冬のコート、12月3日まで20%オフ");
  ms_test_flush ();
  ms_test_save (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (indicator), "sync.sync-now", NULL));
  ms_test_wait_until (ms_sync_client_get_pending (client) == 1 &&
                      ms_sync_client_get_state (client) != MS_SYNC_STATE_SYNCING &&
                      ms_sync_client_get_state (client) != MS_SYNC_STATE_SYNCED);
  g_assert_nonnull (strstr (ms_sync_indicator_get_text (indicator), "1 change waiting"));

  /* Back online: the change arrives once and the indicator says so. */
  ms_app_server_start (&server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (indicator), "sync.sync-now", NULL));
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED &&
                      ms_sync_client_get_pending (client) == 0);
  g_assert_cmpstr (ms_sync_indicator_get_text (indicator), ==, "Synced");
  g_assert_cmpint (count_history_on_server (), ==, 1);

  /* Preferences show who is signed in, where, and offer to sign out. */
  {
    MsPreferencesWindow *preferences = NULL;

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
      if (MS_IS_PREFERENCES_WINDOW (l->data))
        preferences = l->data;
    g_assert_nonnull (preferences);
    ms_test_flush ();

    g_assert_cmpstr (adw_preferences_row_get_title (ms_test_child (preferences,
                                                                   MS_TYPE_PREFERENCES_WINDOW,
                                                                   "account_row")), ==,
                     "hanako@example.jp");
    g_assert_true (gtk_widget_get_visible (ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW,
                                                          "sign_out_button")));
    g_assert_false (gtk_widget_get_visible (ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW,
                                                           "sign_in_button")));
    gtk_window_destroy (GTK_WINDOW (preferences));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/sync/offline-edits-reach-the-server",
                   test_offline_edits_reach_the_server);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
