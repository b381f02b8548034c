/* test-plan-page.c — the Plan page and the Team page's invoices, against the real server
 *
 * An account signs up, creates a team (its trial) and a second one (paid at
 * once: the trial is once per account). The Plan page shows each
 * subscription; the cost it previews for a change is what the server then
 * charges; the Team page lists the invoices and saves one as a PDF; a
 * locked feature's dialog leads to the Plan page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-history-page.h"
#include "ms-invoice-list.h"
#include "ms-plan-page.h"
#include "ms-team-page.h"
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

static MsTeam *
create_team (const char *name,
             const char *plan)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  MsTeam *team;

  ms_sync_client_create_team_async (client, name, plan, NULL, on_result_cb, &result);
  team = ms_sync_client_create_team_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, ms_team_get_id (team), &error));
  g_assert_no_error (error);
  return team;
}

static gboolean
loading (gpointer page)
{
  gboolean value = FALSE;

  g_object_get (page, "loading", &value, NULL);
  return value;
}

static MsPlanPage *
show_plan (void)
{
  MsPlanPage *page = ms_test_get_page (app, "plan");

  ms_test_show_section (app, "plan");
  ms_plan_page_refresh (page);
  ms_test_wait_until (!loading (page) && ms_plan_page_get_description (page) != NULL);
  return page;
}

static void
test_plan_page (void)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) trial = NULL;
  g_autoptr(MsTeam) paid = NULL;
  MsPlanPage *page;
  JsonObject *d;
  gint64 preview;

  ms_sync_client_sign_up_async (client, "owner@example.jp", "correct horse battery staple",
                                "オーナー", NULL, on_result_cb, &result);
  g_assert_true (ms_sync_client_sign_up_finish (client, wait_result (&result), &error));
  g_assert_no_error (error);

  /* The first team: its 14-day trial, nothing to pay. */
  trial = create_team ("販促チーム", "team_s");
  page = show_plan ();
  d = ms_plan_page_get_description (page);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d,
                                                                                 "subscription"),
                                                  "status"), ==, "trialing");
  g_assert_cmpint (json_object_get_int_member (d, "trial_days_left"), ==, 14);
  g_assert_cmpstr (adw_action_row_get_subtitle (ms_test_child (page, MS_TYPE_PLAN_PAGE,
                                                               "status_row")), ==,
                   "Team S, trial: 14 days left");
  ms_plan_page_choose (page, "team_m", MS_BILLING_MONTHLY);
  g_assert_cmpint (ms_plan_page_get_preview (page), ==, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ms_test_child (page, MS_TYPE_PLAN_PAGE,
                                                                        "preview_row")),
                            "Nothing is charged today"));

  /* The second: no second trial, its first month invoiced at once. An
   * upgrade the same day costs the whole difference, as previewed. */
  paid = create_team ("新規事業チーム", "team_s");
  page = show_plan ();
  d = ms_plan_page_get_description (page);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d,
                                                                                 "subscription"),
                                                  "status"), ==, "active");
  ms_test_wait_until (!loading (page));
  /* Its invoices are addressed to the company its owner names. */
  {
    AdwEntryRow *company = ms_test_child (page, MS_TYPE_PLAN_PAGE, "company_row");

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (company)));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (company)), ==, "新規事業チーム");
    gtk_editable_set_text (GTK_EDITABLE (company), "株式会社ノースリーフ");
    g_signal_emit_by_name (company, "apply");
    ms_test_wait_until (!loading (page));
    d = ms_plan_page_get_description (page);
    g_assert_cmpstr (json_object_get_string_member (d, "company_name"), ==, "株式会社ノースリーフ");
    g_assert_cmpstr (json_object_get_string_member (d, "plan_in_force"), ==, "team_s");
  }
  ms_plan_page_choose (page, "team_m", MS_BILLING_MONTHLY);
  preview = ms_plan_page_get_preview (page);
  g_assert_cmpint (preview, ==, 8980 - 4980);
  g_assert_true (gtk_widget_get_sensitive (ms_test_child (page, MS_TYPE_PLAN_PAGE,
                                                          "change_button")));
  g_signal_emit_by_name (ms_test_child (page, MS_TYPE_PLAN_PAGE, "change_button"), "clicked");
  /* The server charged what the page showed. */
  ms_test_wait_until (ms_plan_page_get_charged (page) >= 0);
  g_assert_cmpint (ms_plan_page_get_charged (page), ==, preview);
  ms_test_wait_until (!loading (page));
  d = ms_plan_page_get_description (page);
  g_assert_cmpstr (json_object_get_string_member (d, "plan_in_force"), ==, "team_m");
  g_assert_cmpstr (adw_action_row_get_subtitle (ms_test_child (page, MS_TYPE_PLAN_PAGE,
                                                               "seats_row")), ==,
                   "1 of 10 used, 0 owners beyond the first");

  /* Back to Team S at the period's end; naming the company again leaves
   * that waiting change as it is. */
  ms_plan_page_choose (page, "team_s", MS_BILLING_MONTHLY);
  g_assert_cmpint (ms_plan_page_get_preview (page), ==, 0);
  g_signal_emit_by_name (ms_test_child (page, MS_TYPE_PLAN_PAGE, "change_button"), "clicked");
  ms_test_wait_until (ms_plan_page_get_charged (page) >= 0);
  ms_test_wait_until (!loading (page));
  g_assert_cmpstr (json_object_get_string_member (ms_plan_page_get_description (page),
                                                  "plan_next"), ==, "team_s");
  {
    AdwEntryRow *company = ms_test_child (page, MS_TYPE_PLAN_PAGE, "company_row");

    gtk_editable_set_text (GTK_EDITABLE (company), "株式会社ノースリーフ 経理部");
    g_signal_emit_by_name (company, "apply");
    ms_test_wait_until (!loading (page) &&
                        g_strcmp0 (json_object_get_string_member (
                                     ms_plan_page_get_description (page), "company_name"),
                                   "株式会社ノースリーフ 経理部") == 0);
    d = ms_plan_page_get_description (page);
    g_assert_cmpstr (json_object_get_string_member (d, "plan_next"), ==, "team_s");
    g_assert_cmpstr (json_object_get_string_member (d, "plan_in_force"), ==, "team_m");
  }

  /* The Team page lists both invoices; one saves as a PDF. */
  ms_test_show_section (app, "team");
  {
    MsInvoiceList *list = ms_test_child (ms_test_get_page (app, "team"), MS_TYPE_TEAM_PAGE,
                                         "invoice_list");
    g_autofree char *dir = g_dir_make_tmp ("msgscore-invoice-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GAsyncResult) saved = NULL;
    g_autofree char *bytes = NULL;
    GtkWidget *row;

    ms_invoice_list_set_team (list, client, ms_team_get_id (paid), TRUE);
    ms_test_wait_until (ms_invoice_list_get_n_invoices (list) == 2);
    row = gtk_widget_get_first_child (GTK_WIDGET (ms_invoice_list_get_rows (list)));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "unpaid"));
    ms_invoice_list_save_async (list, gtk_widget_get_name (row), file, on_result_cb, &saved);
    g_assert_true (ms_invoice_list_save_finish (list, wait_result (&saved), &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &bytes, NULL, &error));
    g_assert_true (g_str_has_prefix (bytes, "%PDF"));
    /* The upgrade's invoice, issued after the company was named. */
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
      g_autofree char *text = NULL;
      int wait_status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &text, NULL, &wait_status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "株式会社ノースリーフ 御中"));
      g_assert_nonnull (strstr (text, "プラン変更 Team S→Team M"));
    }
    g_unlink (path);
    g_rmdir (dir);
  }
}

/* A locked feature's dialog leads to the Plan page. */
static void
test_see_plans (void)
{
  g_autoptr(MsEntitlements) free_plan = ms_entitlements_new_free ();
  GtkWindow *dialog = NULL;

  ms_store_set_entitlements (ms_test_get_store (app), free_plan);
  ms_test_show_section (app, "history");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ms_test_get_page (app, "history")),
                                             "history.export-csv", NULL));
  for (guint i = 0; dialog == NULL; i++)
    {
      for (guint j = 0; j < g_list_model_get_n_items (gtk_window_get_toplevels ()); j++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (gtk_window_get_toplevels (), j);

          if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), "upgrade-dialog") == 0)
            dialog = w;
        }
      if (dialog == NULL)
        ms_test_flush ();
      g_assert_cmpuint (i, <, 200);
    }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "plans");
  ms_test_flush ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ms_test_child (ms_test_get_window (app),
                                                                    MS_TYPE_WINDOW, "pages")),
                   ==, "plan");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/plan/plan-page-and-invoices", test_plan_page);
  g_test_add_func ("/ms/app/plan/see-plans", test_see_plans);
  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
