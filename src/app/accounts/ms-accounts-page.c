/* ms-accounts-page.c — the Accounts section: a CSM's day and portfolio
 *
 * Staff only (the window shows the section when the account has a staff
 * role). Everything shown comes from the staff cache (MsStaffRepository):
 * the section opens offline from the last fetch and says when that was.
 * It asks the server again when shown and on Fetch Again.
 *
 *   Today      tasks due (overdue, today or tomorrow, soonest first), alerts
 *              since yesterday (tasks the daily job opened for a new high
 *              risk, a detractor or a payment failure), the portfolio's
 *              average health and its change over 7 and 30 days
 *   Portfolio  every account of the portfolio (MsPortfolioView)
 *   At risk    the 20 accounts at risk with the most MRR (ms-account-lists.c)
 *   Upsell     the accounts with an open upsell task, and the next plan's gain
 *
 * Activating an account (a portfolio row, a task) opens its page
 * (MsAccountView) in place of the lists; its back button returns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "csm/ms-churn-config.h"
#include "ms-json-guard.h"
#include "store/ms-staff-repository.h"
#include "ms-account-lists.h"
#include "ms-account-view.h"
#include "ms-accounts-format.h"
#include "ms-accounts-page.h"

/* How many rows a Today list shows before "and N more" */
#define TODAY_ROWS 12

struct _MsAccountsPage
{
  GtkWidget          parent_instance;

  MsContext         *context;
  MsSyncClient      *client;
  MsStaffRepository *repository;
  GCancellable      *cancellable;
  gboolean           fetching;
  gboolean           offline;     /* the last fetch could not reach the server */

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *none_page;
  GtkButton         *none_refresh_button;
  GtkLabel          *fetched_label;
  GtkButton         *refresh_button;
  AdwViewStack      *view_stack;
  AdwActionRow      *average_row;
  AdwActionRow      *bands_row;
  AdwPreferencesGroup *due_group;
  GtkListBox        *due_list;
  AdwPreferencesGroup *alerts_group;
  GtkListBox        *alerts_list;
  MsPortfolioView   *portfolio;
  AdwPreferencesGroup *at_risk_group;
  GtkListBox        *at_risk_list;
  AdwPreferencesGroup *upsell_group;
  GtkListBox        *upsell_list;
  MsAccountView     *account_view;
};

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsAccountsPage, ms_accounts_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void fetch (MsAccountsPage *self,
                   gboolean        asked);

/* ------------------------------------------------------------------------ */
/* Today                                                                     */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_placeholder_row (GtkListBox *list,
                     const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

/* Average health and its change: the mean over accounts with a score, and
 * the mean change over accounts scored then too. */
static void
fill_summary (MsAccountsPage *self,
              GListModel     *accounts)
{
  guint n = g_list_model_get_n_items (accounts);
  double sum = 0, week = 0, month = 0;
  guint scored = 0, with_week = 0, with_month = 0;
  guint per_band[4] = { 0 };
  static const char * const band_ids[] = { "champion", "healthy", "medium_risk", "high_risk" };
  g_autofree char *average = NULL;
  g_autofree char *bands = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsStaffAccount) a = g_list_model_get_item (accounts, i);
      int health = ms_staff_account_get_health (a);

      if (health == MS_STAFF_NONE)
        continue;
      scored++;
      sum += health;
      if (ms_staff_account_get_change (a, 7) != MS_STAFF_NONE)
        {
          week += ms_staff_account_get_change (a, 7);
          with_week++;
        }
      if (ms_staff_account_get_change (a, 30) != MS_STAFF_NONE)
        {
          month += ms_staff_account_get_change (a, 30);
          with_month++;
        }
      for (guint b = 0; b < G_N_ELEMENTS (band_ids); b++)
        if (g_strcmp0 (ms_staff_account_get_band (a), band_ids[b]) == 0)
          per_band[b]++;
    }
  if (scored == 0)
    average = g_strdup (_("No account has a health score yet"));
  else if (with_week == 0 && with_month == 0)
    /* Translators: the average health score */
    average = g_strdup_printf (_("%.1f (no earlier scores to compare with)"), sum / scored);
  else
    /* Translators: the average health score and its changes, "63.2 (+1.4 over 7 days, −0.6 over 30 days)" */
    average = g_strdup_printf (_("%.1f (%+.1f over 7 days, %+.1f over 30 days)"), sum / scored,
                               with_week > 0 ? week / with_week : 0.0,
                               with_month > 0 ? month / with_month : 0.0);
  adw_action_row_set_subtitle (self->average_row, average);
  /* Translators: accounts per health band */
  bands = g_strdup_printf (_("Champion %u · Healthy %u · Medium risk %u · High risk %u · "
                             "No score %u"), per_band[0], per_band[1], per_band[2], per_band[3],
                           n - scored);
  adw_action_row_set_subtitle (self->bands_row, bands);
}

static void
add_task_row (GtkListBox *list,
              JsonObject *task,
              GHashTable *names,
              gint64      now)
{
  GtkWidget *row = adw_action_row_new ();
  const char *account = ms_json_object_get_string (task, "account", "");
  const char *name = g_hash_table_lookup (names, account);
  gint64 due_at = ms_json_object_get_int (task, "due_at", 0);
  g_autofree char *due = ms_accounts_format_time (due_at);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ms_accounts_text (ms_json_object_get_object (task, "title"),
                                                   ms_json_object_get_string (task, "playbook",
                                                                              "")));
  if (due_at < now)
    /* Translators: an account's name and when its task was due */
    subtitle = g_strdup_printf (_("%s · overdue since %s"), name != NULL ? name : account, due);
  else
    /* Translators: an account's name and when its task is due */
    subtitle = g_strdup_printf (_("%s · due %s"), name != NULL ? name : account, due);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (due_at < now)
    gtk_widget_add_css_class (row, "task-overdue");
  /* Activating the task opens its account */
  g_object_set_data_full (G_OBJECT (row), "ms-account", g_strdup (account), g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_append (list, row);
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  gint64 x = ms_json_object_get_int (*(JsonObject **) a, "due_at", 0);
  gint64 y = ms_json_object_get_int (*(JsonObject **) b, "due_at", 0);

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
fill_list (GtkListBox *list,
           GPtrArray  *tasks,
           GHashTable *names,
           gint64      now,
           const char *empty)
{
  clear_list (list);
  g_ptr_array_sort (tasks, compare_due);
  for (guint i = 0; i < tasks->len && i < TODAY_ROWS; i++)
    add_task_row (list, tasks->pdata[i], names, now);
  if (tasks->len > TODAY_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                            "and %u more",
                                                            tasks->len - TODAY_ROWS),
                                               tasks->len - TODAY_ROWS);
      add_placeholder_row (list, more);
    }
  if (tasks->len == 0)
    add_placeholder_row (list, empty);
}

static gboolean
is_alert (const char *playbook)
{
  /* What the daily job opens for a new high risk, a detractor, a failed payment */
  return g_strcmp0 (playbook, "high_risk_call") == 0 ||
         g_strcmp0 (playbook, "detractor_contact") == 0 ||
         g_strcmp0 (playbook, "payment_failure") == 0;
}

static gint64
day_start (gint64 now,
           int    days)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local),
                                                         0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_days (midnight, days);

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

static void
fill_tasks (MsAccountsPage *self,
            GListModel     *accounts,
            JsonArray      *tasks,
            gint64          now)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  g_autoptr(GPtrArray) alerts = g_ptr_array_new ();
  gint64 after_tomorrow = day_start (now, 2);
  gint64 yesterday = day_start (now, -1);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      MsStaffAccount *a = g_list_model_get_item (accounts, i);

      /* the list holds the item: the names stay valid */
      g_hash_table_insert (names, (gpointer) ms_staff_account_get_account (a),
                           (gpointer) ms_staff_account_get_name (a));
      g_object_unref (a);
    }
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      JsonObject *task;
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      task = json_node_get_object (node);
      status = ms_json_object_get_string (task, "status", "");
      if (g_str_equal (status, "snoozed") &&
          ms_json_object_get_int (task, "snoozed_until", 0) <= now)
        status = "open";
      if (!g_str_equal (status, "open"))
        continue;
      if (ms_json_object_get_int (task, "due_at", 0) < after_tomorrow)
        g_ptr_array_add (due, task);
      if (is_alert (ms_json_object_get_string (task, "playbook", NULL)) &&
          ms_json_object_get_int (task, "created_at", 0) >= yesterday)
        g_ptr_array_add (alerts, task);
    }
  fill_list (self->due_list, due, names, now, _("Nothing is due today or tomorrow"));
  fill_list (self->alerts_list, alerts, names, now, _("No new alerts since yesterday"));
  {
    /* Translators: the number of tasks due */
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Task Due",
                                                           "%u Tasks Due", due->len), due->len);
    g_autofree char *alerts_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u Alert Since Yesterday",
                                                                  "%u Alerts Since Yesterday",
                                                                  alerts->len), alerts->len);

    adw_preferences_group_set_title (self->due_group, title);
    adw_preferences_group_set_title (self->alerts_group, alerts_title);
  }
}

static void
fill_lists (MsAccountsPage *self,
            GListModel     *accounts,
            JsonArray      *tasks)
{
  guint at_risk = ms_account_lists_fill_at_risk (self->at_risk_list, accounts);
  guint upsell = ms_account_lists_fill_upsell (self->upsell_list, accounts, tasks);
  g_autofree char *risk_title = NULL;
  g_autofree char *risk_description = NULL;
  g_autofree char *upsell_title = NULL;

  /* Translators: the shown accounts at risk of all of them, "Top 20 of 57 at Risk" */
  risk_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Top %u of %u Account at Risk",
                                             "Top %u of %u Accounts at Risk", at_risk),
                                MIN (at_risk, MS_AT_RISK_TOP), at_risk);
  /* Translators: %d is the churn score that raises an alert */
  risk_description = g_strdup_printf (_("A churn score of %d or more, or health in the high-risk "
                                        "band; the most monthly revenue at risk first."),
                                      (int) ms_churn_config_get ()->alert_threshold);
  adw_preferences_group_set_title (self->at_risk_group, risk_title);
  adw_preferences_group_set_description (self->at_risk_group, risk_description);
  upsell_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Upsell Candidate",
                                               "%u Upsell Candidates", upsell), upsell);
  adw_preferences_group_set_title (self->upsell_group, upsell_title);
  adw_preferences_group_set_description (self->upsell_group,
                                         _("Accounts the daily job found near a plan limit or "
                                           "with many people of one domain, with what the next "
                                           "plan up would add each month at list price."));
}

/* ------------------------------------------------------------------------ */
/* Showing the cache                                                         */

static void
refresh (MsAccountsPage *self)
{
  g_autoptr(GListModel) accounts = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  g_autofree char *when = NULL;
  g_autofree char *fetched = NULL;
  gint64 fetched_at;
  gboolean signed_in = self->client != NULL && ms_sync_client_get_staff_role (self->client) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->none_refresh_button), signed_in && !self->fetching);
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), signed_in && !self->fetching);
  fetched_at = self->repository != NULL ? ms_staff_repository_get_fetched_at (self->repository)
                                        : 0;
  if (fetched_at == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  accounts = ms_staff_repository_dup_accounts (self->repository);
  tasks = ms_staff_repository_dup_tasks (self->repository);
  ms_portfolio_view_set_accounts (self->portfolio, accounts,
                                  self->client != NULL ? ms_sync_client_get_user_id (self->client)
                                                       : NULL);
  fill_summary (self, accounts);
  fill_tasks (self, accounts, tasks, g_get_real_time ());
  fill_lists (self, accounts, tasks);

  when = ms_accounts_format_time (fetched_at);
  if (self->offline)
    /* Translators: %s is when the accounts were last fetched */
    fetched = g_strdup_printf (_("Offline: as fetched on %s"), when);
  else
    /* Translators: %s is when the accounts were fetched */
    fetched = g_strdup_printf (_("Fetched on %s"), when);
  gtk_label_set_text (self->fetched_label, fetched);
  /* An account's page stays open while the lists behind it change */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "account") != 0)
    gtk_stack_set_visible_child_name (self->stack, "content");
}

/* ------------------------------------------------------------------------ */
/* Fetching                                                                  */

typedef struct
{
  MsAccountsPage *self;
  gboolean        asked;   /* by the user: say what went wrong */
} Fetch;

static void
on_fetch_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fetch *fetch_data = user_data;
  g_autoptr(MsAccountsPage) self = fetch_data->self;
  g_autoptr(GError) error = NULL;
  gboolean asked = fetch_data->asked;

  g_free (fetch_data);
  ms_sync_client_fetch_staff_finish (MS_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  self->offline = g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE);
  if (error != NULL && (asked || !self->offline))
    ms_context_show_toast (self->context, GTK_WIDGET (self), adw_toast_new (error->message));
  /* New figures arrive through the repository's "changed"; this says how
   * the fetch went. */
  refresh (self);
}

static void
fetch (MsAccountsPage *self,
       gboolean        asked)
{
  Fetch *fetch_data;

  if (self->fetching || self->client == NULL ||
      ms_sync_client_get_staff_role (self->client) == NULL)
    return;
  self->fetching = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->none_refresh_button), FALSE);
  fetch_data = g_new0 (Fetch, 1);
  fetch_data->self = g_object_ref (self);
  fetch_data->asked = asked;
  ms_sync_client_fetch_staff_async (self->client, self->cancellable, on_fetch_done_cb,
                                    fetch_data);
}

/* ------------------------------------------------------------------------ */
/* Signal callbacks                                                          */

static void
on_refresh_clicked_cb (MsAccountsPage *self)
{
  fetch (self, TRUE);
}

static void
on_open_account_cb (MsAccountsPage *self,
                    const char     *account)
{
  ms_account_view_show (self->account_view, account);
  gtk_stack_set_visible_child_name (self->stack, "account");
}

static void
on_task_activated_cb (MsAccountsPage *self,
                      GtkListBoxRow  *row)
{
  const char *account = g_object_get_data (G_OBJECT (row), "ms-account");

  if (account != NULL && *account != '\0')
    on_open_account_cb (self, account);
}

static void
on_account_back_cb (MsAccountsPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "content");
  refresh (self);
}

static void
on_client_staff_role_cb (MsAccountsPage *self)
{
  refresh (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fetch (self, FALSE);
}

static void
on_context_sync_client_cb (MsAccountsPage *self,
                           GParamSpec     *pspec,
                           MsContext      *context)
{
  MsSyncClient *client = ms_context_get_sync_client (context);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::staff-role", G_CALLBACK (on_client_staff_role_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "notify::signed-in", G_CALLBACK (on_client_staff_role_cb),
                               self, G_CONNECT_SWAPPED);
    }
  refresh (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_accounts_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_accounts_page_parent_class)->map (widget);
  /* Fresh figures each time the section is shown; the last ones meanwhile. */
  fetch (MS_ACCOUNTS_PAGE (widget), FALSE);
}

static void
ms_accounts_page_constructed (GObject *object)
{
  MsAccountsPage *self = MS_ACCOUNTS_PAGE (object);
  MsStore *store;

  G_OBJECT_CLASS (ms_accounts_page_parent_class)->constructed (object);

  g_return_if_fail (MS_IS_CONTEXT (self->context));

  store = ms_context_get_store (self->context);
  if (store != NULL)
    {
      self->repository = ms_staff_repository_new (store);
      g_signal_connect_object (self->repository, "changed", G_CALLBACK (refresh), self,
                               G_CONNECT_SWAPPED);
    }
  ms_account_view_set_context (self->account_view, self->context);
  g_signal_connect_object (self->context, "notify::sync-client",
                           G_CALLBACK (on_context_sync_client_cb), self, G_CONNECT_SWAPPED);
  on_context_sync_client_cb (self, NULL, self->context);
}

static void
ms_accounts_page_dispose (GObject *object)
{
  MsAccountsPage *self = MS_ACCOUNTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_ACCOUNTS_PAGE);
  g_clear_object (&self->repository);
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (ms_accounts_page_parent_class)->dispose (object);
}

static void
ms_accounts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MsAccountsPage *self = MS_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_accounts_page_class_init (MsAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_accounts_page_constructed;
  object_class->dispose = ms_accounts_page_dispose;
  object_class->set_property = ms_accounts_page_set_property;
  widget_class->map = ms_accounts_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MS_TYPE_CONTEXT,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_PORTFOLIO_VIEW);
  g_type_ensure (MS_TYPE_ACCOUNT_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, none_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, fetched_label);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, average_row);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, bands_row);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, due_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, due_list);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, portfolio);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, account_view);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, at_risk_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, at_risk_list);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, upsell_group);
  gtk_widget_class_bind_template_child (widget_class, MsAccountsPage, upsell_list);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_account_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_task_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_account_back_cb);
}

static void
ms_accounts_page_init (MsAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * ms_accounts_page_get_fetching:
 *
 * Returns: whether fresh figures are being asked for
 */
gboolean
ms_accounts_page_get_fetching (MsAccountsPage *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNTS_PAGE (self), FALSE);
  return self->fetching;
}

/**
 * ms_accounts_page_get_portfolio:
 *
 * Returns: (transfer none): the Portfolio view
 */
MsPortfolioView *
ms_accounts_page_get_portfolio (MsAccountsPage *self)
{
  g_return_val_if_fail (MS_IS_ACCOUNTS_PAGE (self), NULL);
  return self->portfolio;
}

/**
 * ms_accounts_page_open_account:
 * @account: a customer account's tenant
 *
 * Returns: (transfer none): the account's page, now shown
 */
MsAccountView *
ms_accounts_page_open_account (MsAccountsPage *self,
                               const char     *account)
{
  g_return_val_if_fail (MS_IS_ACCOUNTS_PAGE (self), NULL);
  on_open_account_cb (self, account);
  return self->account_view;
}

/**
 * ms_accounts_page_show_view:
 * @name: "today", "portfolio", "at-risk" or "upsell"
 */
void
ms_accounts_page_show_view (MsAccountsPage *self,
                            const char     *name)
{
  g_return_if_fail (MS_IS_ACCOUNTS_PAGE (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
