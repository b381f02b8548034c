/* ms-account-lists.c — the at-risk Top 20 and the upsell candidates
 *
 *   At risk  accounts whose churn score reaches the model's alert threshold
 *            (data/csm/churn.json) or whose health is in the high-risk band
 *            (data/csm/health.json), the 20 with the most MRR at risk first
 *   Upsell   accounts with an open upsell task of the daily job's
 *            playbooks (plan limit near, many people of one domain), with
 *            the MRR gain of the next plan up: the cheapest plan of the
 *            plan table priced above the account's
 *
 * Rows carry their account (data "ms-account"): activating one opens it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "billing/ms-billing.h"
#include "csm/ms-churn-config.h"
#include "ms-json-guard.h"
#include "store/ms-entitlements.h"
#include "store/ms-staff-account.h"
#include "ms-account-lists.h"
#include "ms-accounts-format.h"

gboolean
ms_account_lists_is_at_risk (gpointer item)
{
  MsStaffAccount *account = item;
  int churn = ms_staff_account_get_churn (account);

  if (ms_staff_account_get_cancelled (account))
    return FALSE;
  return (churn != MS_STAFF_NONE && churn >= ms_churn_config_get ()->alert_threshold) ||
         g_strcmp0 (ms_staff_account_get_band (account), "high_risk") == 0;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_account_row (GtkListBox     *list,
                 MsStaffAccount *account,
                 const char     *subtitle,
                 const char     *suffix)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (suffix);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ms_staff_account_get_name (account));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "ms-account",
                          g_strdup (ms_staff_account_get_account (account)), g_free);
  gtk_list_box_append (list, row);
}

static void
add_empty_row (GtkListBox *list,
               const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static int
compare_at_risk (gconstpointer a,
                 gconstpointer b)
{
  MsStaffAccount *x = *(MsStaffAccount **) a;
  MsStaffAccount *y = *(MsStaffAccount **) b;
  gint64 mx = ms_accounts_mrr (x), my = ms_accounts_mrr (y);

  if (mx != my)
    return mx > my ? -1 : 1;
  if (ms_staff_account_get_churn (x) != ms_staff_account_get_churn (y))
    return ms_staff_account_get_churn (x) > ms_staff_account_get_churn (y) ? -1 : 1;
  return g_strcmp0 (ms_staff_account_get_account (x), ms_staff_account_get_account (y));
}

/**
 * ms_account_lists_fill_at_risk:
 *
 * Returns: how many accounts are at risk (the list shows the top 20)
 */
guint
ms_account_lists_fill_at_risk (GtkListBox *list,
                               GListModel *accounts)
{
  g_autoptr(GPtrArray) risky = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (accounts);

  clear_list (list);
  for (guint i = 0; i < n; i++)
    {
      MsStaffAccount *a = g_list_model_get_item (accounts, i);

      if (ms_account_lists_is_at_risk (a))
        g_ptr_array_add (risky, a);
      else
        g_object_unref (a);
    }
  g_ptr_array_sort (risky, compare_at_risk);
  for (guint i = 0; i < risky->len && i < MS_AT_RISK_TOP; i++)
    {
      MsStaffAccount *a = risky->pdata[i];
      g_autofree char *mrr = ms_billing_format_yen (ms_accounts_mrr (a));
      g_autofree char *churn = ms_staff_account_get_churn (a) == MS_STAFF_NONE
                                 ? g_strdup ("—")
                                 : g_strdup_printf ("%d", ms_staff_account_get_churn (a));
      g_autofree char *health = ms_staff_account_get_health (a) == MS_STAFF_NONE
                                  ? g_strdup ("—")
                                  : g_strdup_printf ("%d", ms_staff_account_get_health (a));
      const char *factor = ms_staff_account_get_factor (a, ms_accounts_language ());
      g_autofree char *subtitle = NULL;

      /* Translators: churn score, health score, then the top churn factor */
      subtitle = g_strdup_printf (_("Churn %s · Health %s · %s"), churn, health,
                                  factor != NULL ? factor : "");
      add_account_row (list, a, subtitle, mrr);
    }
  if (risky->len == 0)
    add_empty_row (list, _("No account is at risk"));
  return risky->len;
}

/**
 * ms_account_lists_upsell_gain:
 * @next_plan: (out) (optional): the next plan up, or NULL
 *
 * Returns: the monthly price of the cheapest plan priced above @plan, less
 *   @plan's; 0 when there is none
 */
gint64
ms_account_lists_upsell_gain (const char  *plan,
                              char       **next_plan)
{
  g_auto(GStrv) plans = ms_entitlements_list_plans (NULL);
  gint64 price = MAX (ms_billing_plan_price (plan, MS_BILLING_MONTHLY), 0);
  gint64 best = -1;
  const char *best_plan = NULL;

  for (guint i = 0; plans != NULL && plans[i] != NULL; i++)
    {
      gint64 p = ms_billing_plan_price (plans[i], MS_BILLING_MONTHLY);

      if (p > price && (best < 0 || p < best))
        {
          best = p;
          best_plan = plans[i];
        }
    }
  if (next_plan != NULL)
    *next_plan = g_strdup (best_plan);
  return best > 0 ? best - price : 0;
}

static gboolean
is_upsell (const char *playbook)
{
  return g_strcmp0 (playbook, "limit_upsell") == 0 || g_strcmp0 (playbook, "domain_upsell") == 0;
}

/**
 * ms_account_lists_fill_upsell:
 *
 * Returns: how many candidates the list shows
 */
guint
ms_account_lists_fill_upsell (GtkListBox *list,
                              GListModel *accounts,
                              JsonArray  *tasks)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       g_object_unref);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (accounts);

  clear_list (list);
  for (guint i = 0; i < n; i++)
    {
      MsStaffAccount *a = g_list_model_get_item (accounts, i);

      g_hash_table_insert (by_id, (gpointer) ms_staff_account_get_account (a), a);
    }
  for (guint i = 0; tasks != NULL && i < json_array_get_length (tasks); i++)
    {
      JsonNode *node = json_array_get_element (tasks, i);
      JsonObject *task = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id;
      MsStaffAccount *a;
      g_autofree char *next = NULL;
      g_autofree char *gain = NULL;
      g_autofree char *yen = NULL;
      g_autofree char *subtitle = NULL;
      gint64 amount;

      if (task == NULL || !is_upsell (ms_json_object_get_string (task, "playbook", NULL)) ||
          g_strcmp0 (ms_json_object_get_string (task, "status", ""), "open") != 0)
        continue;
      id = ms_json_object_get_string (task, "account", "");
      a = g_hash_table_lookup (by_id, id);
      if (a == NULL || g_hash_table_contains (shown, id))
        continue;
      g_hash_table_add (shown, (gpointer) ms_staff_account_get_account (a));
      amount = ms_account_lists_upsell_gain (ms_staff_account_get_plan (a), &next);
      yen = ms_billing_format_yen (amount);
      /* Translators: an estimated gain in monthly revenue, "+¥4,000 / month" */
      gain = g_strdup_printf (_("+%s / month"), yen);
      /* Translators: the playbook's signal, then the plan now → the next plan */
      subtitle = g_strdup_printf (_("%s · %s → %s"),
                                  ms_accounts_text (ms_json_object_get_object (task, "title"), ""),
                                  ms_accounts_plan_name (ms_staff_account_get_plan (a)),
                                  next != NULL ? ms_accounts_plan_name (next) : "—");
      add_account_row (list, a, subtitle, gain);
    }
  if (g_hash_table_size (shown) == 0)
    add_empty_row (list, _("No upsell candidates today"));
  return g_hash_table_size (shown);
}
