/* test-window.c — the main window, the Score page and preferences, under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-test.h"
#include "ms-count-panel.h"
#include "ms-preferences-window.h"
#include "ms-score-page.h"

static MsApplication *app;

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static const char *
panel_value (const char *name)
{
  MsCountPanel *panel = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, "count_panel");

  return gtk_label_get_label (ms_test_child (panel, MS_TYPE_COUNT_PANEL, name));
}

static GtkTextBuffer *
get_body_buffer (void)
{
  return gtk_text_view_get_buffer (ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE,
                                                  "body_view"));
}

/* Text arrives in the buffer the way an input method commits it. */
static void
type_into_body (const char *text)
{
  GtkTextBuffer *buffer = get_body_buffer ();

  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
  ms_test_flush ();
}

static void
clear_body (void)
{
  gtk_text_buffer_set_text (get_body_buffer (), "", -1);
  ms_test_flush ();
}

static void
choose_channel (const char *button_name)
{
  GtkWidget *button = ms_test_child (get_score_page (), MS_TYPE_SCORE_PAGE, button_name);

  /* Activation is what a click or Space does; the button then shows as pressed. */
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)))
    gtk_widget_activate (button);
  ms_test_wait_until (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

static void
test_window_opens (void)
{
  MsWindow *window = ms_test_get_window (app);
  AdwWindowTitle *title = ms_test_child (window, MS_TYPE_WINDOW, "page_title");
  GtkStack *pages = ms_test_child (window, MS_TYPE_WINDOW, "pages");

  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, "score");
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Score");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (get_score_page ())));

  /* The other sections' pages are built when first shown. */
  g_assert_null (gtk_stack_get_child_by_name (pages, "history"));
  g_assert_null (gtk_stack_get_child_by_name (pages, "team"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "history");
  ms_test_wait_until (gtk_stack_get_child_by_name (pages, "history") != NULL &&
                      gtk_widget_get_mapped (gtk_stack_get_child_by_name (pages, "history")));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "History");
  g_assert_null (gtk_stack_get_child_by_name (pages, "team"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "score");
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (get_score_page ())));
}

static void
test_typing_updates_counters (void)
{
  MsScorePage *page = get_score_page ();
  GtkEditable *subject = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  GtkLabel *subject_count = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_count");

  choose_channel ("email_button");
  clear_body ();
  g_assert_cmpstr (panel_value ("characters_value"), ==, "0");

  type_into_body ("今日は");
  g_assert_cmpstr (panel_value ("characters_value"), ==, "3");
  g_assert_cmpstr (panel_value ("cells_value"), ==, "6");

  type_into_body ("🎉\n👨‍👩‍👧");
  g_assert_cmpstr (panel_value ("characters_value"), ==, "6");
  g_assert_cmpstr (panel_value ("cells_value"), ==, "10");
  g_assert_cmpstr (panel_value ("lines_value"), ==, "2");
  g_assert_cmpstr (panel_value ("emoji_value"), ==, "2");

  gtk_editable_set_text (subject, "【限定】春セール");
  ms_test_flush ();
  g_assert_cmpstr (gtk_label_get_label (subject_count), ==, "8 characters · width 16");
  g_assert_cmpstr (ms_draft_get_subject (ms_score_page_get_draft (page)), ==, "【限定】春セール");
}

static void
test_line_over_limit (void)
{
  MsScorePage *page = get_score_page ();
  MsCountPanel *panel = ms_test_child (page, MS_TYPE_SCORE_PAGE, "count_panel");
  GtkLabel *message = ms_test_child (panel, MS_TYPE_COUNT_PANEL, "limit_message");
  GtkWidget *limit_box = ms_test_child (panel, MS_TYPE_COUNT_PANEL, "limit_box");
  GtkWidget *subject_row = ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row");
  g_autoptr(GString) text = g_string_new (NULL);

  choose_channel ("line_button");
  g_assert_cmpint (ms_draft_get_channel (ms_score_page_get_draft (page)), ==, MS_CHANNEL_LINE);
  g_assert_false (gtk_widget_is_visible (subject_row));   /* LINE: body only */
  g_assert_true (gtk_widget_get_visible (limit_box));

  clear_body ();
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "あ");
  type_into_body (text->str);
  g_assert_cmpstr (panel_value ("characters_value"), ==, "500");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (panel), "over-limit"));
  g_assert_cmpstr (panel_value ("limit_value"), ==, "500 / 500");

  type_into_body ("い");
  g_assert_cmpstr (panel_value ("characters_value"), ==, "501");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (panel), "over-limit"));
  g_assert_true (gtk_widget_get_visible (ms_test_child (panel, MS_TYPE_COUNT_PANEL, "limit_icon")));
  g_assert_nonnull (strstr (gtk_label_get_label (message), "1 character over"));

  choose_channel ("email_button");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (panel), "over-limit"));
  g_assert_false (gtk_widget_get_visible (limit_box));
  clear_body ();
}

static MsPreferencesWindow *
find_preferences (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MS_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
test_preferences_change_color_scheme (void)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GSettings *settings = ms_test_get_settings (app);
  MsPreferencesWindow *preferences;
  AdwComboRow *row;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  ms_test_wait_until ((preferences = find_preferences ()) != NULL);
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (preferences)));

  row = ms_test_child (preferences, MS_TYPE_PREFERENCES_WINDOW, "color_scheme_row");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  adw_combo_row_set_selected (row, 2);
  ms_test_flush ();
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  adw_combo_row_set_selected (row, 1);
  ms_test_flush ();
  g_assert_cmpstr (g_settings_get_string (settings, "color-scheme"), ==, "light");
  g_assert_false (adw_style_manager_get_dark (style_manager));

  /* A change made elsewhere (gsettings, another window) shows in the row. */
  g_settings_set_string (settings, "color-scheme", "follow");
  ms_test_flush ();
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==,
                   ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_close (GTK_WINDOW (preferences));
  ms_test_flush ();
}

static void
test_default_channel_from_settings (void)
{
  GSettings *settings = ms_test_get_settings (app);
  g_autoptr(MsWindow) window = NULL;
  MsScorePage *page;

  g_settings_set_string (settings, "default-channel", "line");
  window = g_object_ref_sink (ms_window_new (app));
  page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));
  g_assert_cmpint (ms_draft_get_channel (ms_score_page_get_draft (page)), ==, MS_CHANNEL_LINE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "default-channel");
}

static void
test_shortcuts (void)
{
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_auto(GStrv) prefs = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "app.preferences");

  g_assert_true (g_strv_contains ((const char * const *) quit, "<Control>q"));
  g_assert_true (g_strv_contains ((const char * const *) prefs, "<Control>comma"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (ms_test_get_window (app)),
                                            "show-help-overlay"));
}

static void
test_window_size_persists (void)
{
  GSettings *settings = ms_test_get_settings (app);
  MsWindow *window = ms_test_get_window (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 820, 610);
  ms_test_flush ();
  gtk_window_close (GTK_WINDOW (window));
  ms_test_flush ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);

  /* The next window opens at that size. */
  g_application_activate (G_APPLICATION (app));
  window = ms_test_get_window (app);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 820);
    g_assert_cmpint (height, ==, 610);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/ms/app/window/opens", test_window_opens);
  g_test_add_func ("/ms/app/score/typing-updates-counters", test_typing_updates_counters);
  g_test_add_func ("/ms/app/score/line-over-limit", test_line_over_limit);
  g_test_add_func ("/ms/app/preferences/color-scheme", test_preferences_change_color_scheme);
  g_test_add_func ("/ms/app/preferences/default-channel", test_default_channel_from_settings);
  g_test_add_func ("/ms/app/shortcuts", test_shortcuts);
  g_test_add_func ("/ms/app/window/size-persists", test_window_size_persists);

  status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);

  return status;
}
