/* test-fix-requests.c — a fix request (修正依頼) between two real windows
 *
 * The real msgscore-server on 127.0.0.1. The app's window is the owner's;
 * a second window (its own profile) is a new member's. The member shares a
 * saved scoring from History; the owner, offline, asks for a fix on the
 * Requests page and syncs once the server is back; the member's window
 * shows the request (Requests, and the badge in History), the member saves
 * a fixed version and answers; the owner sees it fixed with the new score
 * and closes it; both windows show the outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-second.h"
#include "ms-app-server.h"
#include "ms-history-page.h"
#include "ms-requests-page.h"
#include "store/ms-store-all.h"

static MsApplication *app;
static MsAppServer server;

/* A toast's animation ends before anything else happens: a toast
 * replaced mid-animation can crash libadwaita 1.2's overlay. */
static void
settle (void)
{
  for (guint i = 0; i < 8; i++)
    ms_test_flush ();
}

/* A round of its own, after the one a change may have started, and any
 * round that follows it; TRUE if nothing waits. */
static gboolean
sync_window (MsWindow *window)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (window));

  ms_test_wait_until (ms_sync_client_get_state (client) != MS_SYNC_STATE_SYNCING);
  ms_test_sync (window);
  ms_test_wait_until (ms_sync_client_get_state (client) != MS_SYNC_STATE_SYNCING);
  return ms_sync_client_get_pending (client) == 0 &&
         ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED;
}

static MsRequestsPage *
show_requests (MsWindow *window)
{
  MsRequestsPage *page = MS_REQUESTS_PAGE (ms_window_get_page (window, "requests"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "requests");
  ms_test_flush ();
  return page;
}

static gpointer
page_child (MsRequestsPage *page,
            const char     *name)
{
  return ms_test_child (page, MS_TYPE_REQUESTS_PAGE, name);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

/* The row named @id in @list, or NULL. */
static GtkWidget *
find_row (GtkListBox *list,
          const char *id)
{
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i));

      if (g_strcmp0 (gtk_widget_get_name (row), id) == 0)
        return row;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "requests-dialog") == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Types @comment into the open dialog and answers "send". */
static void
send_dialog (const char *comment)
{
  AdwMessageDialog *dialog;

  ms_test_wait_until ((dialog = find_dialog ()) != NULL);
  g_assert_nonnull (adw_message_dialog_get_extra_child (dialog));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), comment);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "send"));
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "send");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_wait_until (find_dialog () == NULL);
  settle ();
}

static MsHistoryItem *
newest_item (MsWindow *window)
{
  MsStore *store = ms_context_get_store (ms_test_window_get_context (window));
  g_autoptr(MsHistoryList) list = ms_history_list_new (store);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  return g_list_model_get_item (G_LIST_MODEL (list), 0);
}

static const char *
request_status_of (MsWindow   *window,
                   const char *history_id)
{
  MsStore *store = ms_context_get_store (ms_test_window_get_context (window));
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  g_autoptr(MsHistoryItem) item = ms_history_repository_get_item (history, history_id, NULL);
  static char status[16];

  g_assert_nonnull (item);
  g_strlcpy (status, ms_history_item_get_fix_request_status (item) != NULL
                     ? ms_history_item_get_fix_request_status (item) : "", sizeof status);
  return status;
}

static void
test_fix_request_between_windows (void)
{
  MsWindow *owner = ms_test_get_window (app);
  MsWindow *member = ms_test_open_second_window (app);
  g_autofree char *team = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *fixed_id = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *scoring_id = NULL;
  MsRequestsPage *page;
  MsReviewRepository *review;
  GtkWidget *history_page;

  ms_test_sign_up (owner, "owner@example.jp", "山田");
  ms_test_sign_up (member, "new@example.jp", "佐藤");
  team = ms_test_make_team (owner, member, "new@example.jp", "team_s");

  /* The member saves a scoring and shares it from History. */
  ms_test_save_subject (member, "春のセールのお知らせ");
  {
    g_autoptr(MsHistoryItem) item = newest_item (member);

    first_id = g_strdup (ms_history_item_get_id (item));
  }
  gtk_widget_activate_action (GTK_WIDGET (member), "win.show-section", "s", "history");
  ms_test_flush ();
  history_page = ms_window_get_page (member, "history");
  g_assert_true (gtk_widget_activate_action (history_page, "review.share", "s", first_id));
  settle ();
  g_assert_true (sync_window (member));

  /* The owner sees it, goes offline and asks for a fix there. */
  g_assert_true (sync_window (owner));
  page = show_requests (owner);
  review = ms_requests_page_get_review (page);
  g_assert_nonnull (review);
  g_assert_true (ms_review_repository_get_is_owner (review));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "list");
  ms_test_wait_until (count_rows (page_child (page, "scorings_list")) == 1);
  {
    g_autoptr(MsSharedScoring) scoring =
      g_list_model_get_item (ms_review_repository_get_scorings (review), 0);

    scoring_id = g_strdup (ms_shared_scoring_get_id (scoring));
    g_assert_cmpstr (ms_shared_scoring_get_info (scoring)->sharer_name, ==, "佐藤");
    g_assert_cmpstr (ms_shared_scoring_get_info (scoring)->subject, ==, "春のセールのお知らせ");
  }
  ms_app_server_stop (&server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "requests.request-fix", "s",
                                             scoring_id));
  send_dialog ("件名に割引率を入れてください");
  ms_test_wait_until (count_rows (page_child (page, "requests_list")) == 1);
  {
    g_autoptr(MsFixRequest) request =
      g_list_model_get_item (ms_review_repository_get_requests (review), 0);

    request_id = g_strdup (ms_fix_request_get_id (request));
    g_assert_cmpstr (ms_fix_request_get_status (request), ==, "open");
  }
  ms_test_wait_until (find_row (page_child (page, "requests_list"), request_id) != NULL);
  g_assert_false (sync_window (owner));  /* offline: it waits */
  ms_app_server_start (&server);
  g_assert_true (sync_window (owner));

  /* The member's window shows it, in Requests and on the scoring in History. */
  g_assert_true (sync_window (member));
  page = show_requests (member);
  review = ms_requests_page_get_review (page);
  g_assert_false (ms_review_repository_get_is_owner (review));
  ms_test_wait_until (count_rows (page_child (page, "requests_list")) == 1);
  ms_test_wait_until (find_row (page_child (page, "requests_list"), request_id) != NULL);
  g_assert_cmpstr (request_status_of (member, first_id), ==, "open");
  {
    g_autoptr(MsFixRequest) request =
      g_list_model_get_item (ms_review_repository_get_requests (review), 0);

    g_assert_cmpstr (ms_fix_request_get_info (request)->comment, ==,
                     "件名に割引率を入れてください");
    g_assert_cmpstr (ms_fix_request_get_info (request)->requester_name, ==, "山田");
  }

  /* The member fixes it, saves, and answers with the fixed version. */
  ms_test_save_subject (member, "【20%OFF】春のセールのお知らせ");
  {
    g_autoptr(MsHistoryItem) item = newest_item (member);

    fixed_id = g_strdup (ms_history_item_get_id (item));
  }
  page = show_requests (member);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "requests.answer", "s",
                                             request_id));
  send_dialog ("割引率を件名の先頭に入れました");
  {
    g_autoptr(MsFixRequest) request =
      g_list_model_get_item (ms_review_repository_get_requests (review), 0);

    g_assert_cmpstr (ms_fix_request_get_status (request), ==, "fixed");
    g_assert_cmpstr (ms_fix_request_get_info (request)->fixed.history_id, ==, fixed_id);
  }
  g_assert_cmpstr (request_status_of (member, first_id), ==, "fixed");
  g_assert_true (sync_window (member));

  /* The owner sees the answer with the new version, and closes the request. */
  g_assert_true (sync_window (owner));
  page = show_requests (owner);
  review = ms_requests_page_get_review (page);
  {
    g_autoptr(MsFixRequest) request =
      g_list_model_get_item (ms_review_repository_get_requests (review), 0);
    const MsFixRequestInfo *info = ms_fix_request_get_info (request);

    g_assert_cmpstr (info->status, ==, "fixed");
    g_assert_true (info->has_fixed);
    g_assert_cmpstr (info->fixed.subject, ==, "【20%OFF】春のセールのお知らせ");
    g_assert_cmpstr (info->fixed.previous_id, ==, scoring_id);
    g_assert_cmpstr (info->answer, ==, "割引率を件名の先頭に入れました");
  }
  ms_test_wait_until (count_rows (page_child (page, "scorings_list")) == 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "requests.close", "s",
                                             request_id));
  ms_test_flush ();
  g_assert_true (sync_window (owner));
  g_assert_true (sync_window (member));
  g_assert_cmpstr (request_status_of (member, first_id), ==, "closed");
  {
    g_autoptr(MsFixRequest) request = g_list_model_get_item (
      ms_review_repository_get_requests (ms_requests_page_get_review (show_requests (member))), 0);

    g_assert_cmpstr (ms_fix_request_get_status (request), ==, "closed");
  }

  gtk_window_destroy (GTK_WINDOW (member));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/fix-requests/between-windows", test_fix_request_between_windows);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
