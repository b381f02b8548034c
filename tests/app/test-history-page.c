/* test-history.c — saving, finding, reopening, deleting and results, in the real window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ms-app-test.h"
#include "ms-history-page.h"
#include "ms-prediction-view.h"
#include "ms-preferences-window.h"
#include "ms-results-view.h"
#include "ms-trend-chart-view.h"
#include "score/ms-insights.h"
#include "score/ms-learning-config.h"
#include "score/ms-rank-check.h"
#include "ms-score-page.h"
#include "ms-segment-editor.h"
#include "store/ms-store-all.h"

static MsApplication *app;

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static MsHistoryPage *
get_history_page (void)
{
  return ms_test_get_page (app, "history");
}

static GListModel *
get_list (void)
{
  return ms_history_page_get_model (get_history_page ());
}

static void
write_message (const char *subject,
               const char *body)
{
  MsScorePage *page = get_score_page ();

  ms_draft_set_channel (ms_score_page_get_draft (page), MS_CHANNEL_EMAIL);
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (ms_test_child (page, MS_TYPE_SCORE_PAGE,
                                                                     "body_view")), body, -1);
  ms_test_flush ();
}

/* Saves, and waits until the History list has followed. */
static void
save (void)
{
  ms_test_save (get_score_page ());
  ms_test_wait_until (!ms_history_list_get_loading (MS_HISTORY_LIST (get_list ())));
}

static GtkWindow *
find_window_named (const char *name)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), name) == 0)
      return l->data;

  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0)
        return window;
    }

  return NULL;
}

static MsHistoryItem *
item_at (guint position)
{
  return g_list_model_get_item (get_list (), position);
}

/* The plan in force, as signing in to such an account sets it. */
static void
use_plan (const char *plan_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (plan_id, &error);

  g_assert_no_error (error);
  ms_store_set_entitlements (ms_test_get_store (app), plan);
}

static void
test_save_find_reopen_delete (void)
{
  MsHistoryPage *history = get_history_page ();
  GtkSearchEntry *search = ms_test_child (history, MS_TYPE_HISTORY_PAGE, "search_entry");
  g_autoptr(MsHistoryItem) first = NULL;
  g_autoptr(MsHistoryItem) found = NULL;
  g_autoptr(MsHistoryItem) restored = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (get_list ()), ==, 0);

  write_message ("冬のコート、12月3日まで20%オフ", "いつもありがとうございます。");
  save ();
  write_message ("春の新作ワンピース入荷", "新作のご案内です。");
  save ();
  g_assert_cmpuint (g_list_model_get_n_items (get_list ()), ==, 2);

  /* Newest first. */
  first = item_at (0);
  g_assert_cmpstr (ms_history_item_get_subject (first), ==, "春の新作ワンピース入荷");

  /* Find. */
  gtk_editable_set_text (GTK_EDITABLE (search), "コート");
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == 1);
  found = item_at (0);
  g_assert_cmpstr (ms_history_item_get_subject (found), ==, "冬のコート、12月3日まで20%オフ");

  /* Reopen into the editor. */
  write_message ("", "");
  g_signal_emit_by_name (ms_test_child (history, MS_TYPE_HISTORY_PAGE, "list_view"), "activate", 0);
  ms_test_flush ();
  g_assert_cmpstr (ms_draft_get_subject (ms_score_page_get_draft (get_score_page ())), ==,
                   "冬のコート、12月3日まで20%オフ");
  g_assert_cmpstr (ms_draft_get_body (ms_score_page_get_draft (get_score_page ())), ==,
                   "いつもありがとうございます。");

  /* Delete, then undo from the toast's action. */
  id = g_strdup (ms_history_item_get_id (found));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.delete", "s", id));
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.undo-delete", "s", id));
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == 1);
  restored = item_at (0);
  g_assert_cmpstr (ms_history_item_get_id (restored), ==, id);

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == 2);
}

/* Buttons labelled @label and shown in @widget's tree, into @buttons. */
static void
find_buttons (GtkWidget  *widget,
              const char *label,
              GPtrArray  *buttons)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_mapped (widget))
    g_ptr_array_add (buttons, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_buttons (child, label, buttons);
}

/* A shown button labelled @label that is not one of @old, or NULL. */
static GtkWidget *
find_new_button (const char *label,
                 GPtrArray  *old)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  find_buttons (GTK_WIDGET (ms_test_get_window (app)), label, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (!g_ptr_array_find (old, buttons->pdata[i], NULL))
      return buttons->pdata[i];
  return NULL;
}

/* The toast of a deletion undoes it from its own button: the page's action
 * is reached from the window's toast overlay. */
static void
test_undo_from_toast (void)
{
  MsHistoryPage *history = get_history_page ();
  g_autoptr(MsHistoryItem) first = item_at (0);
  g_autofree char *id = g_strdup (ms_history_item_get_id (first));
  guint before = g_list_model_get_n_items (get_list ());
  g_autoptr(GPtrArray) old = g_ptr_array_new ();
  GtkWidget *undo = NULL;

  ms_test_show_section (app, "history");
  find_buttons (GTK_WIDGET (ms_test_get_window (app)), "Undo", old);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.delete", "s", id));
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == before - 1);

  ms_test_wait_until ((undo = find_new_button ("Undo", old)) != NULL);
  g_assert_true (gtk_widget_is_sensitive (undo));
  gtk_widget_activate (undo);
  ms_test_wait_until (g_list_model_get_n_items (get_list ()) == before);
  {
    g_autoptr(MsHistoryItem) back = item_at (0);

    g_assert_cmpstr (ms_history_item_get_id (back), ==, id);
  }
  ms_test_show_section (app, "score");
}

static void
test_enter_results (void)
{
  MsHistoryPage *history = get_history_page ();
  g_autoptr(MsHistoryItem) item = item_at (0);
  g_autoptr(MsHistoryItem) updated = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  GtkWidget *row;
  const char *values[] = { "12,000", "23.5%", "2.4", "31" };
  guint i = 0;

  g_assert_true (ms_history_item_get_has_prediction (item));
  g_assert_false (ms_history_item_get_has_actuals (item));

  /* Free: results come with Pro, and the dialog says so. */
  use_plan ("free");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.enter-results", "s",
                                             ms_history_item_get_id (item)));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("upgrade-dialog")) != NULL);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Pro"));
  g_assert_null (find_window_named ("results-dialog"));
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));

  use_plan ("pro");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.enter-results", "s",
                                             ms_history_item_get_id (item)));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("results-dialog")) != NULL);

  list = adw_message_dialog_get_extra_child (dialog);
  for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    gtk_editable_set_text (GTK_EDITABLE (row), values[i++]);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));

  /* A rate over 100 % cannot be saved. */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list))),
                         "123");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list))),
                         "23.5%");

  adw_message_dialog_response (dialog, "save");
  ms_test_flush ();

  updated = item_at (0);
  g_assert_true (ms_history_item_get_has_actuals (updated));
  g_assert_cmpfloat_with_epsilon (ms_history_item_get_actual_open_rate (updated), 0.235, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_history_item_get_error (updated),
                                  (0.235 - ms_history_item_get_predicted_open_rate (updated)) * 100,
                                  1e-6);
}

static void
test_free_limit_on_sixth_save (void)
{
  AdwMessageDialog *dialog;
  guint before;

  use_plan ("free");

  /* Two were saved today already; three more reach Free's five. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *subject = g_strdup_printf ("週末のお知らせ その%u", i + 1);

      write_message (subject, "ご確認ください。");
      save ();
    }
  g_assert_null (find_window_named ("limit-dialog"));

  before = g_list_model_get_n_items (get_list ());
  write_message ("6通目の件名", "保存できないはずです。");
  save ();

  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("limit-dialog")) != NULL);
  g_assert_nonnull (adw_message_dialog_get_body (dialog));
  g_assert_cmpuint (strlen (adw_message_dialog_get_body (dialog)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (get_list ()), ==, before);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Free shows the last three; the others are kept but locked. */
  {
    g_autoptr(MsHistoryItem) newest = item_at (0);
    g_autoptr(MsHistoryItem) oldest = item_at (g_list_model_get_n_items (get_list ()) - 1);

    g_assert_false (ms_history_item_get_locked (newest));
    g_assert_true (ms_history_item_get_locked (oldest));
    g_assert_true (gtk_widget_get_visible (ms_test_child (get_history_page (),
                                                          MS_TYPE_HISTORY_PAGE, "locked_banner")));
  }
}

static void
test_export_chosen_columns (void)
{
  const char *columns[] = { "date", "subject", "total", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "history.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint n_rows = 0;
  AdwMessageDialog *dialog;

  /* Free: CSV export comes with Pro; the item says so and opens why. */
  use_plan ("free");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_history_page ()),
                                             "history.export-csv", NULL));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("upgrade-dialog")) != NULL);
  g_assert_null (find_window_named ("export-dialog"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Pro: the dialog offers every column, the defaults ticked. */
  use_plan ("pro");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_history_page ()),
                                             "history.export-csv", NULL));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("export-dialog")) != NULL);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "choose"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Rows a plan locks are never written, whoever calls the writer. */
  use_plan ("free");

  g_assert_true (ms_history_page_export_csv (get_history_page (), file, MS_ENCODING_SHIFT_JIS,
                                             columns, &n_rows, &error));
  g_assert_no_error (error);
  /* Rows beyond the plan stay locked: they are not exported. */
  {
    guint visible = 0;

    for (guint i = 0; i < g_list_model_get_n_items (get_list ()); i++)
      {
        g_autoptr(MsHistoryItem) item = item_at (i);

        visible += !ms_history_item_get_locked (item);
      }
    g_assert_cmpuint (n_rows, ==, visible);
    g_assert_cmpuint (n_rows, <, g_list_model_get_n_items (get_list ()));
  }

  g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
  text = g_convert (bytes, length, "UTF-8", "CP932", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "date,subject,total\r\n") ||
                 g_str_has_prefix (text, "date,subject,total\n"));
  g_assert_nonnull (strstr (text, "週末のお知らせ"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_import_preview_shows_rejected_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "campaigns.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *csv =
    "date,channel,subject,body,recipients,open_rate,ctr,cv_count,cv_type\n"
    "2026-10-01,email,秋の新作のご案内,,12000,23.4%,2.1%,40,purchase\n"
    "2026-10-08,email,,,12000,22.0%,1.9%,35,purchase\n"
    "2026-10-15,fax,週末セール,,12000,21.0%,1.5%,30,purchase\n"
    "2026-10-22,line,限定クーポン配布中,,8000,61.2%,5.0%,80,visit\n";
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  GtkWidget *list;
  guint rows = 0;

  use_plan ("team_pro_s");  /* campaign import comes with Team Pro */

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv, -1, &error));

  dialog = ADW_MESSAGE_DIALOG (ms_history_page_preview_import (get_history_page (), file));
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "import"));

  /* Two rejected rows, each with its line number and a reason; the
   * overview above them says how many. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "2 rows rejected"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "line 3"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);
  list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (extra));
  g_assert_true (GTK_IS_LIST_VIEW (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                    ==, 2);
  ms_test_flush ();
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *line, *reason;

      if (!GTK_IS_BOX (box))
        continue;
      line = gtk_widget_get_first_child (box);
      reason = gtk_widget_get_next_sibling (line);
      g_assert_true (g_str_equal (gtk_label_get_text (GTK_LABEL (line)), "Line 3") ||
                     g_str_equal (gtk_label_get_text (GTK_LABEL (line)), "Line 4"));
      g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (reason))), >, 10);
      rows++;
    }
  g_assert_cmpuint (rows, ==, 2);

  /* Cancel writes nothing. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();
  {
    g_autoptr(MsCampaignRepository) campaigns =
      ms_campaign_repository_new (ms_test_get_store (app));

    g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 0);
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* A file with the wrong values in every row: all 100,000 rejections are
 * listed, the window builds rows only for what is on screen. */
static void
test_import_preview_of_a_wholly_wrong_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "campaigns.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) csv = g_string_new ("date,channel,subject,open_rate\n");
  AdwMessageDialog *dialog;
  GtkWidget *list;
  guint shown = 0;
  gint64 t0;

  use_plan ("team_pro_s");

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (csv, "2026-10-01,fax,件名 %u,20%%\n", i);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));

  t0 = g_get_monotonic_time ();
  dialog = ADW_MESSAGE_DIALOG (ms_history_page_preview_import (get_history_page (), file));
  ms_test_flush ();
  g_test_message ("preview of 100,000 rejected rows shown in %.0f ms",
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "import"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "100000 rows rejected"));
  list = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (adw_message_dialog_get_extra_child (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))),
                    ==, 100000);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    shown++;
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, 1000);

  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_learning_from_imported_results (void)
{
  MsLearning *learning = ms_test_get_learning (app);
  MsPredictionView *prediction;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-learn-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "results.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) csv = g_string_new ("配信日,チャネル,件名,配信数,開封率,クリック率\n");
  AdwMessageDialog *dialog;
  const MsPrediction *p;

  use_plan ("team_pro_s");

  for (guint i = 0; i < 24; i++)
    g_string_append_printf (csv, "2026-%02u-%02u,email,%s 冬のコート特集 その%u,5000,%.1f%%,%.1f%%\n",
                            1 + i / 4, 1 + (i % 4) * 7, i % 2 ? "【限定】" : "お知らせ：", i,
                            i % 2 ? 31.0 + (i % 5) : 18.0 + (i % 3), 2.0 + (i % 4) * 0.3);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));

  dialog = ADW_MESSAGE_DIALOG (ms_history_page_preview_import (get_history_page (), file));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The predictor is rebuilt in a worker thread once the rows are in. */
  ms_test_wait_until (ms_learning_get_n_rows (learning) >= 24 &&
                      !ms_learning_get_busy (learning));
  g_assert_nonnull (ms_learning_get_predictor (learning));
  /* The 24 imported rows and the results entered in an earlier test. */
  g_assert_cmpuint (ms_learning_get_n_rows (learning), ==, 25);

  write_message ("【限定】冬のコート特集 最終日", "いつもありがとうございます。");
  p = ms_score_result_get_prediction (ms_draft_get_result (ms_score_page_get_draft (get_score_page ())));
  g_assert_cmpstr (p->basis, !=, "industry_baseline");
  g_assert_nonnull (p->neighbours);
  g_assert_cmpuint (p->neighbours->len, >, 0);

  prediction = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "prediction_view");
  g_assert_true (gtk_widget_get_visible (ms_test_child (prediction, MS_TYPE_PREDICTION_VIEW,
                                                        "neighbours_group")));

  /* A message unlike every past send cites none and says so. */
  write_message ("飲むだけで-10kg！医師も認めるダイエットサプリ", "いつもありがとうございます。");
  p = ms_score_result_get_prediction (ms_draft_get_result (ms_score_page_get_draft (get_score_page ())));
  g_assert_cmpuint (p->neighbours->len, ==, 0);
  g_assert_nonnull (strstr (p->source, "unlike your past sends"));
  {
    GtkWidget *list = ms_test_child (prediction, MS_TYPE_PREDICTION_VIEW, "neighbours_list");
    GtkWidget *row = gtk_widget_get_first_child (list);

    g_assert_true (gtk_widget_get_visible (ms_test_child (prediction, MS_TYPE_PREDICTION_VIEW,
                                                          "neighbours_group")));
    g_assert_nonnull (row);
    g_assert_null (gtk_widget_get_next_sibling (row));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                     "None of your past sends is similar to this message");
  }

  /* History tells what stands out, e.g. subjects with 【限定】. */
  g_assert_cmpuint (ms_learning_get_insights (learning)->len, >, 0);
  g_assert_true (gtk_widget_get_visible (ms_test_child (get_history_page (), MS_TYPE_HISTORY_PAGE,
                                                        "results_view")));

  g_unlink (path);
  g_rmdir (dir);
}

/* The titles of the rows the results view shows. */
static GPtrArray *
results_rows (MsResultsView *view)
{
  GtkWidget *list = ms_test_child (view, MS_TYPE_RESULTS_VIEW, "list");
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  return titles;
}

/* Saves a scoring of @channel with its open rate entered, as if sent. */
static void
save_with_result (MsChannel   channel,
                  const char *text,
                  double      open_rate)
{
  g_autoptr(MsHistoryRepository) history =
    ms_history_repository_new (ms_context_get_store (ms_application_get_context (app)));
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MsActuals actuals = { 0 };

  if (channel == MS_CHANNEL_LINE)
    {
      const char *bubbles[] = { text, NULL };

      message = ms_message_new_line (NULL, bubbles, NULL);
    }
  else
    message = ms_message_new_email (text, NULL, "本文", NULL);
  result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, &error);
  g_assert_no_error (error);
  id = ms_history_repository_save (history, message, result, &error);
  g_assert_no_error (error);
  actuals.recipients = 5000;
  actuals.open_rate = open_rate;
  actuals.ctr = open_rate / 10;
  actuals.conversions = 10;
  g_assert_true (ms_history_repository_set_actuals (history, id, &actuals, &error));
  g_assert_no_error (error);
}

/* Email and LINE are never mixed: the insights, the score check and the
 * chart show one channel at a time, and no rate axis runs above 100 %. */
static void
test_results_per_channel (void)
{
  MsLearning *learning = ms_test_get_learning (app);
  MsHistoryPage *history = get_history_page ();
  MsResultsView *view = ms_test_child (history, MS_TYPE_HISTORY_PAGE, "results_view");
  MsTrendChartView *chart = ms_test_child (view, MS_TYPE_RESULTS_VIEW, "chart");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-line-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "line.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) csv = g_string_new ("配信日,チャネル,件名,配信数,開封率,クリック率\n");
  g_autoptr(GPtrArray) email_rows = NULL;
  g_autoptr(GPtrArray) line_rows = NULL;
  AdwMessageDialog *dialog;
  guint n_before = ms_learning_get_n_rows (learning);
  gboolean any_line_insight = FALSE;

  use_plan ("team_pro_s");

  /* LINE sends: coupons open far better than plain notices */
  for (guint i = 0; i < 24; i++)
    g_string_append_printf (csv, "2026-%02u-%02u,line,%s その%u,3000,%.1f%%,%.1f%%\n",
                            1 + i / 4, 2 + (i % 4) * 7, i % 2 ? "【クーポン】友だち特典" : "営業日のご案内",
                            i, i % 2 ? 78.0 + (i % 5) : 55.0 + (i % 3), 6.0);
  g_assert_true (g_file_set_contents (path, csv->str, -1, &error));
  dialog = ADW_MESSAGE_DIALOG (ms_history_page_preview_import (history, file));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* saved scorings of both channels, with results: LINE near 95 % */
  save_with_result (MS_CHANNEL_EMAIL, "冬のコート特集のご案内", 0.22);
  save_with_result (MS_CHANNEL_EMAIL, "新作ニットが入荷しました", 0.26);
  save_with_result (MS_CHANNEL_LINE, "【クーポン】友だち特典のお知らせ", 0.95);
  save_with_result (MS_CHANNEL_LINE, "営業日のご案内です", 0.61);
  ms_test_wait_until (ms_learning_get_n_rows (learning) >= n_before + 28 &&
                      !ms_learning_get_busy (learning));
  ms_test_flush ();

  /* Email: only email insights, and the email chart's axis is email's */
  ms_results_view_set_channel (view, MS_CHANNEL_EMAIL);
  ms_test_flush ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpint (ms_trend_chart_view_get_channel (chart), ==, MS_CHANNEL_EMAIL);
  g_assert_cmpuint (ms_trend_chart_view_get_n_points (chart), >=, 2);
  g_assert_cmpfloat (ms_trend_chart_view_get_rate_axis_max (chart), >=, 0.26);
  g_assert_cmpfloat (ms_trend_chart_view_get_rate_axis_max (chart), <=, 0.5);
  email_rows = results_rows (view);
  g_assert_cmpuint (email_rows->len, >, 0);
  for (guint i = 0; i < email_rows->len; i++)
    g_assert_null (strstr (g_ptr_array_index (email_rows, i), "LINE"));

  /* LINE: only LINE's, and its 95 % ends the axis at 100 %, never above */
  ms_results_view_set_channel (view, MS_CHANNEL_LINE);
  ms_test_flush ();
  g_assert_cmpint (ms_trend_chart_view_get_channel (chart), ==, MS_CHANNEL_LINE);
  g_assert_cmpuint (ms_trend_chart_view_get_n_points (chart), >=, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));
  g_assert_cmpfloat (ms_trend_chart_view_get_rate_axis_max (chart), ==, 1.0);
  line_rows = results_rows (view);
  for (guint i = 0; i < line_rows->len; i++)
    {
      const char *title = g_ptr_array_index (line_rows, i);

      g_assert_null (strstr (title, "Email:"));
      any_line_insight |= g_str_has_prefix (title, "LINE: subjects with");
    }
  g_assert_true (any_line_insight);
  for (guint i = 0; i < ms_learning_get_insights (learning)->len; i++)
    {
      const MsInsight *insight = g_ptr_array_index (ms_learning_get_insights (learning), i);

      g_assert_nonnull (strstr (insight->text, "95% interval"));
      g_assert_cmpuint (insight->support, >=, ms_learning_config_get ()->insight_min_support);
    }

  /* the score against the team's own results, in core, per channel */
  g_assert_cmpuint (ms_learning_get_rank_checks (learning)->len, ==, 2);
  g_assert_nonnull (strstr (((MsRankCheck *) g_ptr_array_index (ms_learning_get_rank_checks (learning),
                                                                 1))->text,
                            "not enough sends"));

  /* choosing LINE in the list's filter shows LINE here too */
  ms_results_view_set_channel (view, MS_CHANNEL_EMAIL);
  gtk_drop_down_set_selected (ms_test_child (history, MS_TYPE_HISTORY_PAGE, "channel_dropdown"), 2);
  ms_test_flush ();
  g_assert_cmpint (ms_results_view_get_channel (view), ==, MS_CHANNEL_LINE);
  gtk_drop_down_set_selected (ms_test_child (history, MS_TYPE_HISTORY_PAGE, "channel_dropdown"), 0);
  ms_test_flush ();

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_segment_presets (void)
{
  MsScorePage *page = get_score_page ();
  MsSegmentEditor *editor = ms_test_child (page, MS_TYPE_SCORE_PAGE, "segment_editor");
  MsDraft *draft = ms_score_page_get_draft (page);
  GtkListBox *presets = ms_test_child (editor, MS_TYPE_SEGMENT_EDITOR, "presets_list");
  g_autoptr(MsSegment) segment = ms_segment_copy (ms_draft_get_segment (draft));
  AdwMessageDialog *dialog;
  GtkWidget *apply;

  /* Pro allows ten. */
  use_plan ("pro");
  segment->audience = MS_AUDIENCE_DORMANT;
  segment->list_size = 8000;
  ms_draft_set_segment (draft, segment);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "segment.save-preset", NULL));
  ms_test_wait_until ((dialog = (AdwMessageDialog *) find_window_named ("save-preset-dialog")) != NULL);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "name-entry"), "休眠顧客の掘り起こし");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_flush ();
  g_assert_nonnull (gtk_list_box_get_row_at_index (presets, 0));

  /* Change the audience, then apply the preset: it comes back. */
  segment->audience = MS_AUDIENCE_NEW;
  segment->list_size = 100;
  ms_draft_set_segment (draft, segment);
  apply = gtk_widget_get_first_child (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (presets, 0)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "休眠顧客の掘り起こし");
  g_signal_emit_by_name (apply, "clicked");
  ms_test_flush ();
  g_assert_cmpint (ms_draft_get_segment (draft)->audience, ==, MS_AUDIENCE_DORMANT);
  g_assert_cmpuint (ms_draft_get_segment (draft)->list_size, ==, 8000);
}

static MsPreferencesWindow *
open_preferences (void)
{
  MsPreferencesWindow *preferences = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MS_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  ms_test_flush ();

  return preferences;
}

static void
test_personal_ng_words (void)
{
  MsStore *store = ms_test_get_store (app);
  g_autoptr(MsEntitlements) pro = NULL;
  g_autoptr(GError) error = NULL;
  MsPreferencesWindow *preferences;
  AdwEntryRow *entry;
  MsScoreResult *result;

  use_plan ("free");

  /* Free: the five common words only. */
  preferences = open_preferences ();
  entry = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "ng_entry");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Pro: up to ten of one's own. */
  pro = ms_entitlements_new_for_plan ("pro", &error);
  g_assert_no_error (error);
  ms_store_set_entitlements (store, pro);

  preferences = open_preferences ();
  entry = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "ng_entry");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "激安");
  g_signal_emit_by_name (entry, "apply");
  ms_test_flush ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_nonnull (gtk_list_box_get_row_at_index (ms_test_child (preferences,
                                                                  MS_TYPE_PREFERENCES_WINDOW,
                                                                  "ng_list"), 0));
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The engine flags it as the user types. */
  write_message ("冬のコートが激安価格に", "いつもありがとうございます。");
  result = ms_draft_get_result (ms_score_page_get_draft (get_score_page ()));
  g_assert_true (ms_score_result_has_finding (result, "ng.custom"));
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

  g_test_add_func ("/ms/app/history/save-find-reopen-delete", test_save_find_reopen_delete);
  g_test_add_func ("/ms/app/history/undo-from-toast", test_undo_from_toast);
  g_test_add_func ("/ms/app/history/enter-results", test_enter_results);
  g_test_add_func ("/ms/app/history/free-limit-on-sixth-save", test_free_limit_on_sixth_save);
  g_test_add_func ("/ms/app/history/export-chosen-columns", test_export_chosen_columns);
  g_test_add_func ("/ms/app/history/import-preview-shows-rejected-rows",
                   test_import_preview_shows_rejected_rows);
  g_test_add_func ("/ms/app/history/import-preview-of-a-wholly-wrong-file",
                   test_import_preview_of_a_wholly_wrong_file);
  g_test_add_func ("/ms/app/ng-words/personal-word-is-flagged", test_personal_ng_words);
  g_test_add_func ("/ms/app/ng-words/segment-presets", test_segment_presets);
  g_test_add_func ("/ms/app/learning/from-imported-results", test_learning_from_imported_results);
  g_test_add_func ("/ms/app/learning/results-per-channel", test_results_per_channel);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
