/* make-accounts-screenshots.c — the Accounts section's screenshots
 *
 * make-accounts-screenshots OUTPUT_DIR
 * A real msgscore-server seeded with the demo customer-success population
 * (seed-demo), the app signed in as the demo lead; renders Today,
 * Portfolio and the page of the riskiest account with a health score, then that page's
 * timeline with a call and a note logged through its Log form, light and dark, into
 * OUTPUT_DIR. Run it through
 * build-aux/update-screenshots (display, language).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-accounts-page.h"
#include "ms-touchpoint-form.h"
#include "ms-app-second.h"
#include "ms-app-server.h"
#include "ms-screenshot.h"
#include "store/ms-store-all.h"

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (object), result, &error))
    g_error ("make-accounts-screenshots: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
shoot_both (MsWindow   *window,
            const char *dir,
            const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-ja.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark-ja.png", name);
  gboolean ok;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  ok = ms_screenshot_save (window, dir, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ok = ok && ms_screenshot_save (window, dir, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  return ok;
}

/* A call and a note through the page's Log form, then the timeline in view */
static gboolean
log_and_scroll (MsAccountView *view)
{
  MsTouchpointForm *form = ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "touchpoint_form");
  GtkWidget *group = ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "timeline_group");
  GtkWidget *scrolled = gtk_widget_get_ancestor (group, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  graphene_point_t at;

  ms_touchpoint_form_set_kind (form, "call");
  ms_touchpoint_form_set_text (form, "更新の相談で電話。チームプランへの移行を検討中とのこと。");
  if (!ms_touchpoint_form_save (form))
    return FALSE;
  ms_touchpoint_form_set_kind (form, "note");
  ms_touchpoint_form_set_text (form, "予算の決裁者は新任の CMO。次回の QBR に同席を依頼する。");
  if (!ms_touchpoint_form_save (form))
    return FALSE;
  ms_test_flush ();
  if (scrolled == NULL)
    return FALSE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (!gtk_widget_compute_point (group, content, &GRAPHENE_POINT_INIT (0, 0), &at))
    return FALSE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            at.y - 12);
  ms_test_flush ();
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  MsAppServer server = { 0 };
  MsWindow *window;
  MsAccountsPage *page;
  gboolean done = FALSE;

  if (argc != 2)
    {
      g_printerr ("usage: make-accounts-screenshots OUTPUT_DIR\n");
      return 2;
    }

  ms_core_init_i18n ();
  gtk_init ();

  server.dir = g_dir_make_tmp ("msgscore-server-XXXXXX", &error);
  g_assert_no_error (error);
  server.db = g_build_filename (server.dir, "server.db", NULL);
  {
    g_autoptr(GSubprocess) seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                    g_getenv ("MSGSCORE_SERVER"), "seed-demo",
                                                    "--db", server.db, NULL);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (seed, NULL, &error));
  }
  app = ms_app_server_start_app (&server);
  window = ms_test_get_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);

  ms_sync_client_sign_in_async (ms_context_get_sync_client (ms_application_get_context (app)),
                                "lead@msgscore.example", "msgscore-demo", NULL, on_signed_in_cb,
                                &done);
  ms_test_wait_until (done);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-fourth-section", NULL);
  ms_test_flush ();
  page = MS_ACCOUNTS_PAGE (ms_window_get_page (window, "accounts"));
  ms_test_wait_until (!ms_accounts_page_get_fetching (page));
  /* The toasts of signing in have gone. */
  for (guint i = 0; i < 120; i++)
    {
      ms_test_flush ();
      g_usleep (50 * 1000);
    }

  ms_accounts_page_show_view (page, "today");
  if (!shoot_both (window, argv[1], "accounts-today"))
    return 1;
  ms_accounts_page_show_view (page, "portfolio");
  if (!shoot_both (window, argv[1], "accounts-portfolio"))
    return 1;
  ms_accounts_page_show_view (page, "at-risk");
  if (!shoot_both (window, argv[1], "accounts-at-risk"))
    return 1;
  /* The riskiest account with a health score: its page */
  {
    GListModel *shown = ms_portfolio_view_get_shown (ms_accounts_page_get_portfolio (page));
    g_autoptr(MsStaffAccount) first = NULL;
    MsAccountView *view;

    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_clear_object (&first);
        first = g_list_model_get_item (shown, i);
        if (ms_staff_account_get_health (first) != MS_STAFF_NONE)
          break;
      }
    view = ms_accounts_page_open_account (page, ms_staff_account_get_account (first));

    ms_test_wait_until (!ms_account_view_get_fetching (view));
    if (!shoot_both (window, argv[1], "accounts-account"))
      return 1;
    if (!log_and_scroll (view))
      return 1;
    if (!shoot_both (window, argv[1], "accounts-timeline"))
      return 1;
  }

  g_application_release (G_APPLICATION (app));
  ms_app_server_stop (&server);
  return 0;
}
