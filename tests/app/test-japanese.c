/* test-japanese.c — the app speaks Japanese under LANGUAGE=ja
 *
 * Run by meson with LANGUAGE=ja and the build tree's catalogue.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-app-test.h"
#include "ms-core.h"
#include "ms-score-page.h"

static MsApplication *app;

static void
test_window_in_japanese (void)
{
  MsWindow *window = ms_test_get_window (app);
  AdwWindowTitle *title = ms_test_child (window, MS_TYPE_WINDOW, "page_title");
  MsScorePage *page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));
  AdwPreferencesRow *subject = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  GtkLabel *subject_count = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_count");
  GtkButton *line_button = ms_test_child (page, MS_TYPE_SCORE_PAGE, "line_button");

  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_assert_cmpstr (adw_window_title_get_title (title), ==, "スコア");
  g_assert_cmpstr (adw_preferences_row_get_title (subject), ==, "件名");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (line_button)), ==,
                   "LINEメッセージを書く (Alt+L)");

  gtk_editable_set_text (GTK_EDITABLE (subject), "春のセール");
  ms_test_flush ();
  g_assert_cmpstr (gtk_label_get_label (subject_count), ==, "5文字・表示幅 10");
}

static void
test_core_errors_in_japanese (void)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  g_assert_false (ms_text_count ("ab\xff", -1, &counts, &error));
  g_assert_nonnull (strstr (error->message, "UTF-8で保存してから"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ms_core_init_i18n ();
  gtk_test_init (&argc, &argv, NULL);

  if (!g_str_has_prefix (g_get_language_names ()[0], "ja"))
    {
      g_test_skip ("LANGUAGE=ja is not set");
      return 77;
    }

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ms/app/i18n/window-in-japanese", test_window_in_japanese);
  g_test_add_func ("/ms/app/i18n/core-errors-in-japanese", test_core_errors_in_japanese);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
