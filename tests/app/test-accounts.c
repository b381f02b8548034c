/* test-accounts.c — the Accounts section, staff only, online and offline
 *
 * The real msgscore-server on 127.0.0.1 with the demo customer-success
 * population (seed-demo). The app's window signs in as the demo lead (who
 * sees every account); a second window is first a customer's (no Accounts
 * section), then the demo CSM's (their portfolio only). The portfolio's
 * filters and sorting are checked against the server's own database; with
 * the server gone, the section opens from the last fetch and says so, and
 * the lead logs a call and writes a note on an account's page; with the
 * server back they sync, and the second window, signed in as the lead too,
 * shows both in that account's timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-second.h"
#include "ms-app-server.h"
#include "ms-account-lists.h"
#include "ms-accounts-format.h"
#include "ms-accounts-page.h"
#include "ms-touchpoint-form.h"
#include "ms-bar-chart.h"
#include "store/ms-store-all.h"

#define DEMO_PASSWORD "msgscore-demo"
#define DEMO_ACCOUNTS "120"
#define LATEST "(SELECT max(day) FROM csm_daily)"

static MsApplication *app;
static MsAppServer server;

static char *
query_text (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (server.db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
seed_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) seed = NULL;

  server.dir = g_dir_make_tmp ("msgscore-server-XXXXXX", &error);
  g_assert_no_error (error);
  server.db = g_build_filename (server.dir, "server.db", NULL);
  seed = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, g_getenv ("MSGSCORE_SERVER"), "seed-demo", "--db", server.db,
                           "--accounts", DEMO_ACCOUNTS, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (seed, NULL, &error));
  g_assert_no_error (error);
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
sign_in (MsWindow   *window,
         const char *email)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (window));
  gboolean done = FALSE;

  ms_sync_client_sign_in_async (client, email, DEMO_PASSWORD, NULL, on_signed_in_cb, &done);
  ms_test_wait_until (done);
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED);
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_assert_true (ms_sync_client_sign_out_finish (MS_SYNC_CLIENT (object), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
sign_out (MsWindow *window)
{
  MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (window));
  gboolean done = FALSE;

  ms_sync_client_sign_out_async (client, NULL, on_signed_out_cb, &done);
  ms_test_wait_until (done);
}

static gboolean
accounts_row_visible (MsWindow *window)
{
  GtkListBox *sections = ms_test_child (window, MS_TYPE_WINDOW, "sections");

  for (int i = 0; gtk_list_box_get_row_at_index (sections, i) != NULL; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (sections, i));

      if (g_str_equal (gtk_widget_get_name (row), "accounts"))
        return gtk_widget_get_visible (row);
    }
  g_assert_not_reached ();
}

static const char *
visible_section (MsWindow *window)
{
  return gtk_stack_get_visible_child_name (ms_test_child (window, MS_TYPE_WINDOW, "pages"));
}

/* Ctrl+4's action, then waits for the fetch */
static MsAccountsPage *
press_ctrl_4 (MsWindow *window)
{
  MsAccountsPage *page;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-fourth-section", NULL);
  ms_test_flush ();
  if (g_strcmp0 (visible_section (window), "accounts") != 0)
    return NULL;
  page = MS_ACCOUNTS_PAGE (ms_window_get_page (window, "accounts"));
  ms_test_wait_until (!ms_accounts_page_get_fetching (page));
  ms_test_flush ();
  return page;
}

static guint
count_shown (MsAccountsPage *page)
{
  return g_list_model_get_n_items (ms_portfolio_view_get_shown (ms_accounts_page_get_portfolio (page)));
}

static void
check_filters (MsAccountsPage *page)
{
  MsPortfolioView *view = ms_accounts_page_get_portfolio (page);
  GListModel *shown = ms_portfolio_view_get_shown (view);
  g_autofree char *csm = query_text ("SELECT id FROM user_account"
                                     " WHERE email = 'csm@msgscore.example'");
  gint64 high = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_daily WHERE day = "
                                         LATEST " AND health <= 40");
  gint64 pro = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_account"
                                        " WHERE plan = 'pro'");
  gint64 owned = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_account"
                                          " WHERE owner = (SELECT id FROM user_account"
                                          " WHERE email = 'csm@msgscore.example')");
  /* a churn score needs the model, which 120 demo accounts train */
  gint64 top = ms_app_server_query_int (&server, "SELECT max(CAST(round(churn * 100) AS INTEGER))"
                                        " FROM csm_daily WHERE day = " LATEST);
  g_autofree char *name = query_text ("SELECT name FROM csm_account ORDER BY tenant LIMIT 1");
  g_autofree char *needle = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 4));

  g_assert_cmpint (high, >, 0);
  g_assert_cmpint (pro, >, 0);
  g_assert_cmpint (top, >, 0);

  ms_portfolio_view_set_filter (view, "high_risk", NULL, NULL, NULL);
  g_assert_cmpuint (count_shown (page), ==, high);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MsStaffAccount) a = g_list_model_get_item (shown, i);

      g_assert_cmpstr (ms_staff_account_get_band (a), ==, "high_risk");
      g_assert_cmpint (ms_staff_account_get_health (a), <=, 40);
    }
  ms_portfolio_view_set_filter (view, NULL, "pro", NULL, NULL);
  g_assert_cmpuint (count_shown (page), ==, pro);
  ms_portfolio_view_set_filter (view, NULL, NULL, csm, NULL);
  g_assert_cmpuint (count_shown (page), ==, owned);
  ms_portfolio_view_set_filter (view, NULL, NULL, NULL, needle);
  g_assert_cmpuint (count_shown (page), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MsStaffAccount) a = g_list_model_get_item (shown, i);

      g_assert_nonnull (strstr (ms_staff_account_get_name (a), needle));
    }
  ms_portfolio_view_set_filter (view, NULL, NULL, NULL, NULL);

  /* The riskiest first by default; health ascending on request */
  {
    g_autoptr(MsStaffAccount) first = g_list_model_get_item (shown, 0);

    g_assert_cmpint (ms_staff_account_get_churn (first), ==, top);
  }
  ms_portfolio_view_sort_by (view, "health", GTK_SORT_ASCENDING);
  for (guint i = 1; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MsStaffAccount) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(MsStaffAccount) b = g_list_model_get_item (shown, i);

      g_assert_cmpint (ms_staff_account_get_health (a), <=, ms_staff_account_get_health (b));
    }
  ms_portfolio_view_sort_by (view, "churn", GTK_SORT_DESCENDING);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static MsAccountView *
open_account (MsAccountsPage *page,
              const char     *account)
{
  MsAccountView *view = ms_accounts_page_open_account (page, account);

  ms_test_wait_until (!ms_account_view_get_fetching (view));
  ms_test_flush ();
  return view;
}

/* The riskiest account's page against the server's database */
static void
check_account_page (MsAccountsPage *page)
{
  GListModel *shown = ms_portfolio_view_get_shown (ms_accounts_page_get_portfolio (page));
  g_autoptr(MsStaffAccount) first = g_list_model_get_item (shown, 0);
  const char *account = ms_staff_account_get_account (first);
  MsAccountView *view = open_account (page, account);
  JsonObject *detail = ms_account_view_get_detail (view);
  g_autofree char *sql = NULL;
  gint64 payments;
  guint missing = 0;

  g_assert_nonnull (detail);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                    "stack")), ==, "account");
  g_assert_cmpstr (gtk_label_get_text (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "name_label")),
                   ==, ms_staff_account_get_name (first));
  /* Health: a row and a bar per input of data/csm/health.json, missing ones marked */
  g_assert_cmpuint (count_rows (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "health_list")), ==, 5);
  g_assert_cmpuint (ms_bar_chart_get_n_bars (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW,
                                                            "health_chart")), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (ms_test_child (view,
                                                                                        MS_TYPE_ACCOUNT_VIEW,
                                                                                        "health_list"),
                                                                         i));

      if (g_str_has_prefix (adw_action_row_get_subtitle (row), "Missing"))
        missing++;
      else
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), " points · "));
    }
  sql = g_strdup_printf ("SELECT count(*) FROM json_each((SELECT json_extract(detail_json,"
                         " '$.health.inputs') FROM csm_daily WHERE tenant = '%s' AND day = "
                         LATEST ")) WHERE json_extract(value, '$.present') = 0", account);
  g_assert_cmpint (missing, ==, ms_app_server_query_int (&server, sql));
  g_assert_nonnull (strstr (ms_bar_chart_get_description (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW,
                                                                         "health_chart")),
                            "Usage frequency: "));
  /* Churn: the score and the top three factors with an action each */
  {
    g_autofree char *title = g_strdup_printf ("Churn Score %d",
                                              ms_staff_account_get_churn (first));
    GtkListBox *factors = ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "churn_list");

    g_assert_cmpstr (adw_preferences_group_get_title (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW,
                                                                     "churn_group")), ==, title);
    g_assert_cmpuint (count_rows (factors), ==, 3);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (factors, 0))),
                                     "Recommended: "));
    g_assert_nonnull (strstr (adw_preferences_group_get_description (ms_test_child (view,
                                                                                    MS_TYPE_ACCOUNT_VIEW,
                                                                                    "churn_group")),
                              "AUC 0."));
  }
  /* Timeline: the payments alone are the server's payment events */
  ms_account_view_set_timeline_filter (view, "payment");
  g_free (sql);
  sql = g_strdup_printf ("SELECT min(count(*), 60) FROM csm_event WHERE kind = 'payment'"
                         " AND tenant = '%s'", account);
  payments = ms_app_server_query_int (&server, sql);
  g_assert_cmpint (payments, >, 0);
  g_assert_cmpuint (count_rows (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "timeline_list")), ==,
                    payments);
  ms_account_view_set_timeline_filter (view, NULL);
  g_assert_cmpuint (count_rows (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "timeline_list")), >=,
                    payments);
  g_signal_emit_by_name (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "back_button"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                    "stack")), ==, "content");
}

/* The timeline's rows of @kind (contact, note, …), as "title\nsubtitle" */
static GPtrArray *
timeline_rows (MsAccountView *view,
               const char    *kind)
{
  GtkListBox *list = ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "timeline_list");
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  ms_account_view_set_timeline_filter (view, kind);
  for (guint i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (gtk_list_box_get_row_at_index (list, i));
      const char *subtitle = adw_action_row_get_subtitle (row);

      g_ptr_array_add (rows, g_strconcat (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                          "\n", subtitle != NULL ? subtitle : "", NULL));
    }
  ms_account_view_set_timeline_filter (view, NULL);
  return rows;
}

static gboolean
rows_have (GPtrArray  *rows,
           const char *title,
           const char *text)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (rows->pdata[i], title) && strstr (rows->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

#define CALL_TEXT "Renewal call: wants the team plan"
#define NOTE_TEXT "Budget owner is the new CMO"

/* Offline: a call and a note through the page's Log form, shown at once;
 * an empty one is refused with what to fix */
static void
log_offline (MsAccountView *view)
{
  MsTouchpointForm *form = ms_test_child (view, MS_TYPE_ACCOUNT_VIEW, "touchpoint_form");
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) all_before = timeline_rows (view, NULL);
  g_autoptr(GPtrArray) all_after = NULL;

  ms_touchpoint_form_set_kind (form, "call");
  ms_touchpoint_form_set_text (form, "  " CALL_TEXT "  ");
  g_assert_true (ms_touchpoint_form_save (form));
  g_assert_null (ms_touchpoint_form_get_error (form));
  ms_touchpoint_form_set_kind (form, "note");
  ms_touchpoint_form_set_text (form, NOTE_TEXT);
  g_assert_true (ms_touchpoint_form_save (form));
  ms_touchpoint_form_set_text (form, "   ");
  g_assert_false (ms_touchpoint_form_save (form));
  g_assert_nonnull (strstr (ms_touchpoint_form_get_error (form), "empty"));
  ms_test_flush ();

  contacts = timeline_rows (view, "contact");
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_true (rows_have (contacts, "Call\n", CALL_TEXT));
  notes = timeline_rows (view, "note");
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_true (rows_have (notes, "Note\n", NOTE_TEXT));
  all_after = timeline_rows (view, NULL);
  /* newest first: the note leads the whole timeline */
  g_assert_true (g_str_has_prefix (all_after->pdata[0], "Note\n"));
  g_assert_cmpuint (all_after->len, ==, MIN (all_before->len + 2, 60));
}

/* At risk and Upsell against the server's database */
static void
check_lists (MsAccountsPage *page)
{
  GtkListBox *risk = ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE, "at_risk_list");
  GtkListBox *upsell = ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE, "upsell_list");
  gint64 at_risk = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_account a"
                                            " JOIN csm_daily d ON d.tenant = a.tenant"
                                            " AND d.day = " LATEST " WHERE a.cancelled_at = 0"
                                            " AND (CAST(d.churn * 100 + 0.5 AS INTEGER) >= 80"
                                            " OR d.health <= 40)");
  gint64 upsells = ms_app_server_query_int (&server, "SELECT count(DISTINCT tenant) FROM csm_task"
                                            " WHERE status = 'open' AND playbook IN"
                                            " ('limit_upsell', 'domain_upsell')");
  MsStaffRepository *repository = NULL;
  gint64 last_mrr = G_MAXINT64;

  g_assert_cmpint (at_risk, >, 0);
  g_assert_cmpuint (count_rows (risk), ==, MIN (at_risk, 20));
  /* the lead's: the app's own window and profile */
  repository = ms_staff_repository_new (ms_context_get_store (ms_application_get_context (app)));
  for (guint i = 0; i < count_rows (risk); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (risk, i);
      g_autoptr(MsStaffAccount) a = ms_staff_repository_dup_account (repository,
                                                                     g_object_get_data (G_OBJECT (row),
                                                                                        "ms-account"));

      g_assert_nonnull (a);
      g_assert_true (ms_account_lists_is_at_risk (a));
      g_assert_cmpint (ms_accounts_mrr (a), <=, last_mrr);
      last_mrr = ms_accounts_mrr (a);
    }
  g_object_unref (repository);
  if (upsells > 0)
    g_assert_cmpuint (count_rows (upsell), ==, upsells);
  else
    g_assert_cmpuint (count_rows (upsell), ==, 1);
  /* The next plan up from Pro is the cheapest team plan */
  {
    g_autofree char *next = NULL;

    g_assert_cmpint (ms_account_lists_upsell_gain ("pro", &next), ==, 4980 - 980);
    g_assert_cmpstr (next, ==, "team_s");
  }
}

static void
test_accounts (void)
{
  MsWindow *lead = ms_test_get_window (app);
  MsWindow *other = ms_test_open_second_window (app);
  MsAccountsPage *page;
  g_autofree char *account = NULL;
  gint64 all = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_account");

  /* A customer: no Accounts section; Ctrl+4 is Stats */
  ms_test_sign_up (other, "customer@example.jp", "顧客");
  g_assert_false (accounts_row_visible (other));
  g_assert_null (press_ctrl_4 (other));
  g_assert_cmpstr (visible_section (other), ==, "stats");

  /* The lead: every account */
  sign_in (lead, "lead@msgscore.example");
  g_assert_true (accounts_row_visible (lead));
  page = press_ctrl_4 (lead);
  g_assert_nonnull (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                    "stack")), ==, "content");
  g_assert_cmpint (all, >=, 120);
  g_assert_cmpuint (count_shown (page), ==, all);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                      "fetched_label")),
                                   "Fetched on "));
  /* Today: the average health of the scored accounts, with its change */
  {
    const char *average = adw_action_row_get_subtitle (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                      "average_row"));

    g_assert_nonnull (average);
    g_assert_true (g_ascii_isdigit (average[0]));
    /* seed-demo runs the daily job once: no earlier snapshot to compare with */
    g_assert_nonnull (strstr (average, "no earlier scores"));
  }
  ms_accounts_page_show_view (page, "portfolio");
  ms_test_flush ();
  check_filters (page);
  check_account_page (page);
  check_lists (page);

  /* The CSM: their portfolio only */
  sign_out (other);
  ms_test_flush ();
  g_assert_false (accounts_row_visible (other));
  sign_in (other, "csm@msgscore.example");
  g_assert_true (accounts_row_visible (other));
  {
    MsAccountsPage *mine = press_ctrl_4 (other);
    gint64 owned = ms_app_server_query_int (&server, "SELECT count(*) FROM csm_account"
                                            " WHERE owner = (SELECT id FROM user_account"
                                            " WHERE email = 'csm@msgscore.example')");

    g_assert_nonnull (mine);
    g_assert_cmpint (owned, >, 0);
    g_assert_cmpint (owned, <, all);
    g_assert_cmpuint (count_shown (mine), ==, owned);
  }

  /* Offline: the last fetch, and it says so */
  ms_app_server_stop (&server);
  gtk_widget_activate_action (GTK_WIDGET (lead), "win.show-section", "s", "score");
  ms_test_flush ();
  page = press_ctrl_4 (lead);
  g_assert_nonnull (page);
  g_assert_cmpuint (count_shown (page), ==, all);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (ms_test_child (page, MS_TYPE_ACCOUNTS_PAGE,
                                                                      "fetched_label")),
                                   "Offline: as fetched on "));
  /* and an account's page as last fetched */
  {
    g_autoptr(MsStaffAccount) first = g_list_model_get_item (ms_portfolio_view_get_shown (ms_accounts_page_get_portfolio (page)), 0);
    MsAccountView *view = open_account (page, ms_staff_account_get_account (first));

    g_assert_nonnull (ms_account_view_get_detail (view));
    g_assert_true (g_str_has_prefix (gtk_label_get_text (ms_test_child (view, MS_TYPE_ACCOUNT_VIEW,
                                                                        "fetched_label")),
                                     "Offline: as fetched on "));
    log_offline (view);
    account = g_strdup (ms_staff_account_get_account (first));
  }
  g_assert_cmpint (ms_app_server_query_int (&server, "SELECT count(*) FROM sync_row"
                                            " WHERE entity = 'csm_touchpoint'"), ==, 0);
  ms_app_server_start (&server);

  /* Back online: both reach the server in the lead's tenant, and the
   * lead's second client (the other window) shows them */
  {
    MsSyncClient *client = ms_context_get_sync_client (ms_test_window_get_context (lead));
    MsStore *store = ms_context_get_store (ms_test_window_get_context (lead));
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sync_row"
                                            " WHERE entity = 'csm_touchpoint' AND tenant ="
                                            " 'user:' || (SELECT id FROM user_account"
                                            " WHERE email = 'lead@msgscore.example')");
    MsAccountsPage *second;
    MsAccountView *view;
    g_autoptr(GPtrArray) contacts = NULL;
    g_autoptr(GPtrArray) notes = NULL;

    ms_sync_client_sync_async (client, NULL, NULL, NULL);
    ms_test_wait_until (ms_store_get_outbox_length (store) == 0);
    g_assert_cmpint (ms_app_server_query_int (&server, sql), ==, 2);

    sign_out (other);
    ms_test_flush ();
    sign_in (other, "lead@msgscore.example");
    second = press_ctrl_4 (other);
    g_assert_nonnull (second);
    view = open_account (second, account);
    contacts = timeline_rows (view, "contact");
    notes = timeline_rows (view, "note");
    g_assert_cmpuint (contacts->len, ==, 1);
    g_assert_true (rows_have (contacts, "Call\n", CALL_TEXT));
    g_assert_cmpuint (notes->len, ==, 1);
    g_assert_true (rows_have (notes, "Note\n", NOTE_TEXT));
  }

  gtk_window_destroy (GTK_WINDOW (other));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  seed_demo ();
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/accounts/staff-only-online-and-offline", test_accounts);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
