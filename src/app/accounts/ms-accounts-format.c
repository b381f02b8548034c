/* ms-accounts-format.c — how the Accounts section words its figures
 *
 * The server sends its sentences (churn factors, task titles) in Japanese
 * and English; the section picks the one of the interface's language.
 * Bands, plans and prices come from the data files through core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "billing/ms-billing.h"
#include "ms-json-guard.h"
#include "store/ms-entitlements.h"
#include "ms-accounts-format.h"

/* "ja" when the interface is Japanese, "en" otherwise */
const char *
ms_accounts_language (void)
{
  return g_str_has_prefix (g_get_language_names ()[0], "ja") ? "ja" : "en";
}

/* The member of {ja, en} in the interface's language */
const char *
ms_accounts_text (JsonObject *both,
                  const char *fallback)
{
  const char *text;

  if (both == NULL)
    return fallback;
  text = ms_json_object_get_string (both, ms_accounts_language (), NULL);
  if (text == NULL)
    text = ms_json_object_get_string (both, "en", fallback);
  return text;
}

const char *
ms_accounts_band_label (const char *band)
{
  if (g_strcmp0 (band, "champion") == 0)
    return _("Champion");
  if (g_strcmp0 (band, "healthy") == 0)
    return _("Healthy");
  if (g_strcmp0 (band, "medium_risk") == 0)
    return _("Medium risk");
  if (g_strcmp0 (band, "high_risk") == 0)
    return _("High risk");
  return _("No score");
}

/* The style class of a band's colour (style.css) */
const char *
ms_accounts_band_class (const char *band)
{
  if (g_strcmp0 (band, "champion") == 0)
    return "band-champion";
  if (g_strcmp0 (band, "healthy") == 0)
    return "band-healthy";
  if (g_strcmp0 (band, "medium_risk") == 0)
    return "band-medium-risk";
  if (g_strcmp0 (band, "high_risk") == 0)
    return "band-high-risk";
  return "band-none";
}

typedef struct
{
  char   *name;
  gint64  price;
} PlanInfo;

static void
plan_info_free (PlanInfo *info)
{
  g_free (info->name);
  g_free (info);
}

static PlanInfo *
plan_info (const char *plan)
{
  static GHashTable *plans;  /* main thread only */
  PlanInfo *info;

  if (plans == NULL)
    plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) plan_info_free);
  info = g_hash_table_lookup (plans, plan);
  if (info == NULL)
    {
      g_autoptr(MsEntitlements) entitlements = ms_entitlements_new_for_plan (plan, NULL);

      info = g_new0 (PlanInfo, 1);
      info->name = g_strdup (entitlements != NULL ? ms_entitlements_get_plan_name (entitlements)
                                                  : plan);
      info->price = MAX (ms_billing_plan_price (plan, MS_BILLING_MONTHLY), 0);
      g_hash_table_insert (plans, g_strdup (plan), info);
    }
  return info;
}

const char *
ms_accounts_plan_name (const char *plan)
{
  return plan_info (plan != NULL ? plan : "")->name;
}

/* Monthly recurring revenue at list price (the plan table's monthly price) */
gint64
ms_accounts_mrr (MsStaffAccount *account)
{
  return plan_info (ms_staff_account_get_plan (account))->price;
}

/* "↑3", "↓5", "→0", or an em dash when there is nothing to compare with */
char *
ms_accounts_format_change (int change)
{
  if (change == MS_STAFF_NONE)
    return g_strdup ("—");
  if (change > 0)
    return g_strdup_printf ("↑%d", change);
  if (change < 0)
    return g_strdup_printf ("↓%d", -change);
  return g_strdup ("→0");
}

char *
ms_accounts_format_owner (const char *owner,
                          const char *me)
{
  if (owner == NULL)
    return g_strdup (_("Unassigned"));
  if (g_strcmp0 (owner, me) == 0)
    return g_strdup (_("You"));
  /* Translators: a CSM known by the start of their user id */
  return g_strdup_printf (_("CSM %.8s"), owner);
}

char *
ms_accounts_format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("—");
  /* Translators: a date and time format (strftime) */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}
