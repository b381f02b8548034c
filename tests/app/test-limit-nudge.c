/* test-limit-nudge.c — Free's saves a day: a quiet note at the 4th, the limit as before at the 6th
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-second.h"
#include "ms-limit-nudge.h"
#include "store/ms-store-all.h"

static MsApplication *app;
static GPtrArray *toasts;   /* the titles of the toasts shown, in order */

static void
on_toast_cb (MsContext *context,
             GtkWidget *source,
             AdwToast  *toast,
             gpointer   user_data)
{
  g_ptr_array_add (toasts, g_strdup (adw_toast_get_title (toast)));
}

static GtkWindow *
find_limit_dialog (void)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "limit-dialog") == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static void
test_free_saves (void)
{
  MsWindow *window = ms_test_get_window (app);
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (ms_test_get_store (app));
  g_auto(GStrv) shown = NULL;
  GtkWindow *dialog;

  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *subject = g_strdup_printf ("冬のコートのお知らせ その%u", i);

      ms_test_save_subject (window, subject);
      g_assert_cmpuint (toasts->len, ==, i);
      g_assert_cmpuint (ms_history_repository_count_saved_today (history, NULL), ==, i);
    }
  /* 1st to 3rd: saved, as before; the 4th says what is left and which plan has more. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (g_ptr_array_index (toasts, i), ==, "Saved to History");
  g_assert_cmpstr (g_ptr_array_index (toasts, 3), ==,
                   "Saved. 1 save left today; Pro saves without a limit");
  /* The 5th is the last: saved, no second note today. */
  g_assert_cmpstr (g_ptr_array_index (toasts, 4), ==, "Saved to History");
  shown = g_settings_get_strv (ms_test_get_settings (app), "limit-nudges");
  g_assert_cmpuint (g_strv_length (shown), ==, 1);
  g_assert_true (g_str_has_prefix (shown[0], "saved_scorings_per_day@"));
  g_assert_false (ms_limit_nudge_take (ms_test_get_settings (app),
                                       MS_LIMIT_SAVED_SCORINGS_PER_DAY,
                                       ms_store_get_now (ms_test_get_store (app))));
  /* The next day's note is due again. */
  g_assert_true (ms_limit_nudge_take (ms_test_get_settings (app),
                                      MS_LIMIT_SAVED_SCORINGS_PER_DAY,
                                      ms_store_get_now (ms_test_get_store (app)) +
                                      G_TIME_SPAN_DAY));

  /* The 6th: the limit, as it was. */
  ms_test_save_subject (window, "冬のコートのお知らせ その6");
  ms_test_wait_until ((dialog = find_limit_dialog ()) != NULL);
  g_assert_cmpuint (ms_history_repository_count_saved_today (history, NULL), ==, 5);
  g_assert_cmpuint (toasts->len, ==, 5);
  gtk_window_destroy (dialog);
}

/* The share of a limit a note starts at, for every limit of Free's size. */
static void
test_should_nudge (void)
{
  g_autoptr(MsEntitlements) free_plan = ms_entitlements_new_free ();
  g_autoptr(MsEntitlements) pro = ms_entitlements_new_for_plan ("pro", NULL);
  g_autofree char *next = ms_entitlements_dup_next_plan_name (free_plan,
                                                               MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  g_autofree char *none = ms_entitlements_dup_next_plan_name (pro,
                                                               MS_LIMIT_SAVED_SCORINGS_PER_DAY);

  for (gint64 used = 0; used <= 6; used++)
    g_assert_cmpint (ms_entitlements_should_nudge (free_plan, MS_LIMIT_SAVED_SCORINGS_PER_DAY,
                                                   used), ==, used == 4);
  /* Pro's 10 segments: the 8th and 9th. */
  for (gint64 used = 0; used <= 10; used++)
    g_assert_cmpint (ms_entitlements_should_nudge (pro, MS_LIMIT_PERSONAL_SEGMENTS, used), ==,
                     used == 8 || used == 9);
  g_assert_false (ms_entitlements_should_nudge (pro, MS_LIMIT_SAVED_SCORINGS_PER_DAY, 100));
  g_assert_cmpstr (next, ==, "Pro");
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_test_start_app ();
  toasts = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (ms_test_get_context (app), "toast", G_CALLBACK (on_toast_cb), NULL);

  g_test_add_func ("/ms/app/limit-nudge/should-nudge", test_should_nudge);
  g_test_add_func ("/ms/app/limit-nudge/free-saves", test_free_saves);

  status = g_test_run ();

  g_object_unref (app);
  g_ptr_array_unref (toasts);
  return status;
}
