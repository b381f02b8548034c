/* test-share-flow.c — 「共有リンクを作成」 from History, against the real server
 *
 * A signed-in account saves a scoring, shares it from its History row, and
 * the link the dialog shows opens the page (fetched over HTTP as a browser
 * would); the list of links shows its view, and stopping it there makes the
 * page 404.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-history-page.h"
#include "ms-score-page.h"
#include "store/ms-store-all.h"

static MsApplication *app;
static MsAppServer server;

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  ms_test_wait_until (*slot != NULL);
  return *slot;
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The toplevel window that is an instance of @type, or NULL. */
static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        return child;
      if ((found = find_descendant (child, type, name)) != NULL)
        return found;
    }
  return NULL;
}

static guint
fetch (const char  *url,
       char       **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = soup_session_send_and_read (session, msg, NULL, NULL);

  if (body != NULL)
    *body = bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                          : NULL;
  return soup_message_get_status (msg);
}

static void
test_share_from_history (void)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  MsScorePage *score = ms_test_get_page (app, "score");
  MsHistoryPage *history = ms_test_get_page (app, "history");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsHistoryItem) item = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  GtkWindow *dialog, *links;
  GtkWidget *label, *stop;

  ms_sync_client_sign_up_async (client, "owner@example.jp", "correct horse battery staple",
                                "オーナー", NULL, on_result_cb, &result);
  g_assert_true (ms_sync_client_sign_up_finish (client, wait_result (&result), &error));
  g_assert_no_error (error);

  ms_draft_set_channel (ms_score_page_get_draft (score), MS_CHANNEL_EMAIL);
  gtk_editable_set_text (ms_test_child (score, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "春の新作コートが業界最安値");
  ms_test_flush ();
  ms_test_save (score);
  ms_test_show_section (app, "history");
  ms_test_wait_until (g_list_model_get_n_items (ms_history_page_get_model (history)) == 1);
  item = g_list_model_get_item (ms_history_page_get_model (history), 0);

  /* 「共有リンクを作成」 on the row: the dialog shows the link once */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.share", "s",
                                             ms_history_item_get_id (item)));
  ms_test_wait_until ((dialog = find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
  label = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "share-url");
  g_assert_nonnull (label);
  url = g_strdup (gtk_label_get_label (GTK_LABEL (label)));
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_nonnull (strstr (url, "/r/"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  ms_test_flush ();

  /* the page, as a reviewer without an account opens it */
  g_assert_cmpuint (fetch (url, &page), ==, 200);
  g_assert_nonnull (strstr (page, "最安値</mark>"));

  /* the list of links: one view; stopping it closes the page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.share-links", NULL));
  ms_test_wait_until ((links = find_window (ADW_TYPE_WINDOW)) != NULL &&
                      find_descendant (GTK_WIDGET (links), ADW_TYPE_ACTION_ROW, NULL) != NULL);
  {
    AdwActionRow *row = ADW_ACTION_ROW (find_descendant (GTK_WIDGET (links), ADW_TYPE_ACTION_ROW,
                                                         NULL));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                     "春の新作コートが業界最安値");
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "1 view · Open until "));
  }
  stop = find_descendant (GTK_WIDGET (links), GTK_TYPE_BUTTON, NULL);
  while (stop != NULL && !gtk_widget_has_css_class (stop, "destructive-action"))
    stop = NULL;
  if (stop == NULL)
    {
      /* the row's suffix, past the header bar's buttons */
      GtkWidget *row = find_descendant (GTK_WIDGET (links), ADW_TYPE_ACTION_ROW, NULL);

      stop = find_descendant (row, GTK_TYPE_BUTTON, NULL);
    }
  g_assert_nonnull (stop);
  g_signal_emit_by_name (stop, "clicked");
  ms_test_wait_until (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                        find_descendant (GTK_WIDGET (links), ADW_TYPE_ACTION_ROW, NULL))) != NULL &&
                      strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (
                        find_descendant (GTK_WIDGET (links), ADW_TYPE_ACTION_ROW, NULL))),
                              "Stopped") != NULL);
  g_assert_cmpuint (fetch (url, NULL), ==, 404);
  gtk_window_destroy (links);
  ms_test_flush ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/share/from-history", test_share_from_history);
  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
