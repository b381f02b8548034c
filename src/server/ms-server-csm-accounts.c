/* ms-server-csm-accounts.c — the staff's reads: the accounts of a portfolio with their
 * health, one account in full (signals, reasons, tasks, notes, payments, support) and the
 * churn model's card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-churn-model.h"
#include "csm/ms-csm-account.h"
#include "csm/ms-health.h"
#include "csm/ms-playbook.h"
#include "csm/ms-reasons.h"
#include "csm/ms-csm-signals.h"
#include "ms-account-policy.h"
#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-server-auth.h"
#include "ms-server-csm.h"
#include "ms-server-csm-storage.h"
#include "ms-server-json.h"
#include "ms-server-csm-private.h"

/* ------------------------------------------------------------------------ */

static gint32
latest_day (MsServerStorage  *storage,
            gint32            today,
            JsonArray       **rows,
            GError          **error)
{
  /* The newest job run up to today; the job may not have run yet today. */
  for (gint32 day = today; day > today - 3; day--)
    {
      g_autoptr(JsonArray) list = ms_server_csm_storage_list_daily (csm (storage), day, error);

      if (list == NULL)
        return G_MININT32;
      if (json_array_get_length (list) > 0)
        {
          *rows = g_steal_pointer (&list);
          return day;
        }
    }
  *rows = json_array_new ();
  return today;
}

JsonObject *
_ms_server_csm_account_summary (const MsServerCsmAccount *a,
                                JsonObject               *daily)
{
  JsonObject *o = json_object_new ();
  JsonObject *detail = daily != NULL && json_object_has_member (daily, "detail")
                         ? json_object_get_object_member (daily, "detail") : NULL;

  json_object_set_string_member (o, "account", a->tenant);
  json_object_set_string_member (o, "kind", a->kind);
  json_object_set_string_member (o, "name", a->name);
  json_object_set_string_member (o, "plan", a->plan);
  json_object_set_int_member (o, "people", a->n_people);
  json_object_set_boolean_member (o, "demo", a->demo);
  if (a->owner != NULL)
    json_object_set_string_member (o, "owner", a->owner);
  else
    json_object_set_null_member (o, "owner");
  json_object_set_boolean_member (o, "cancelled", a->cancelled_at > 0);
  if (daily != NULL && json_object_has_member (daily, "health"))
    json_object_set_member (o, "health", json_node_copy (json_object_get_member (daily, "health")));
  else
    json_object_set_null_member (o, "health");
  if (daily != NULL && json_object_has_member (daily, "churn") &&
      !json_object_get_null_member (daily, "churn"))
    json_object_set_int_member (o, "churn_score",
                                (gint64) floor (json_object_get_double_member (daily, "churn") *
                                                100 + 0.5));
  else
    json_object_set_null_member (o, "churn_score");
  if (detail != NULL)
    {
      JsonObject *health = json_object_get_object_member (detail, "health");
      JsonObject *trend = json_object_get_object_member (detail, "trend");
      JsonArray *reasons = json_object_has_member (detail, "reasons")
                             ? json_object_get_array_member (detail, "reasons") : NULL;

      if (health != NULL)
        json_object_set_string_member (o, "band", json_object_get_string_member (health, "band"));
      if (trend != NULL)
        json_object_set_object_member (o, "trend",
                                       json_object_ref (trend));
      if (reasons != NULL && json_array_get_length (reasons) > 0)
        json_object_set_object_member (o, "top_factor",
                                       json_object_ref (json_array_get_object_element (reasons,
                                                                                       0)));
    }
  return o;
}

/* The churn model's card in short, and where the health score comes from:
 * what every number of a list rests on and how wrong it has been. */
static JsonObject *
model_summary (MsServerStorage  *storage,
               GError          **error)
{
  g_autofree char *json = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  JsonObject *about = json_object_new ();
  JsonObject *health = json_object_new ();
  JsonObject *churn = json_object_new ();

  json_object_set_string_member (health, "source", ms_health_get_source ());
  json_object_set_object_member (about, "health", health);
  json_object_set_object_member (about, "churn", churn);
  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, NULL, error))
    {
      json_object_unref (about);
      return NULL;
    }
  if (json == NULL)
    {
      json_object_set_null_member (churn, "validation");
      json_object_set_null_member (health, "validation_auc");
      return about;
    }
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL)
    {
      json_object_unref (about);
      return NULL;
    }
  {
    JsonObject *card = ms_churn_model_get_card (model);
    JsonObject *validation = json_object_get_object_member (card, "validation");
    static const char * const copy[] = { "trained_at", "training_from", "training_to",
                                         "validation_from", "validation_to", "training_rows",
                                         "horizon_days" };

    for (guint i = 0; i < G_N_ELEMENTS (copy); i++)
      if (json_object_has_member (card, copy[i]))
        json_object_set_member (churn, copy[i],
                                json_node_copy (json_object_get_member (card, copy[i])));
    json_object_set_object_member (churn, "validation", json_object_ref (validation));
    if (json_object_has_member (validation, "health_auc"))
      json_object_set_member (health, "validation_auc",
                              json_node_copy (json_object_get_member (validation, "health_auc")));
  }
  return about;
}

static gboolean
list_accounts (MsServerStorage  *storage,
               gpointer          user_data,
               GError          **error)
{
  Read *read = user_data;
  g_autoptr(GPtrArray) accounts = ms_server_csm_storage_list_accounts (csm (storage), error);
  g_autoptr(JsonArray) daily = NULL;
  g_autoptr(GHashTable) by_tenant = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *list;
  gint32 day;

  if (accounts == NULL)
    return FALSE;
  day = latest_day (storage, read->day, &daily, error);
  if (day == G_MININT32)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (daily); i++)
    {
      JsonObject *row = json_array_get_object_element (daily, i);

      g_hash_table_insert (by_tenant, (gpointer) json_object_get_string_member (row, "tenant"),
                           row);
    }
  list = json_array_new ();
  for (guint i = 0; i < accounts->len; i++)
    {
      MsServerCsmAccount *a = accounts->pdata[i];

      if (!sees_all (read->role) && g_strcmp0 (a->owner, read->user->id) != 0)
        continue;
      json_array_add_object_element (
          list, _ms_server_csm_account_summary (a, g_hash_table_lookup (by_tenant, a->tenant)));
    }
  read->out = json_object_new ();
  json_object_set_int_member (read->out, "day", day);
  json_object_set_string_member (read->out, "scope", sees_all (read->role) ? "all" : "portfolio");
  json_object_set_array_member (read->out, "accounts", list);
  /* What the numbers rest on, once for the list */
  {
    JsonObject *about = model_summary (storage, error);

    if (about == NULL)
      return FALSE;
    json_object_set_object_member (read->out, "about", about);
  }
  return TRUE;
}

JsonObject *
ms_server_csm_list_accounts (MsServerStorage     *storage,
                             const MsServerUser  *user,
                             gint64               now,
                             GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Read read = { user, role, NULL, now, ms_csm_day_from_time (now), NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, list_accounts, &read, error))
    return NULL;
  return read.out;
}

gboolean
_ms_server_csm_may_see (const Read               *read,
                        const MsServerCsmAccount *a,
                        GError                  **error)
{
  if (a != NULL && (sees_all (read->role) || g_strcmp0 (a->owner, read->user->id) == 0))
    return TRUE;
  /* The same answer for an account that does not exist */
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                       _("This account is not in your portfolio."));
  return FALSE;
}

JsonObject *
_ms_server_csm_support_for_staff (JsonObject *data)
{
  JsonObject *o = json_object_new ();
  static const char * const keep[] = { "id", "day", "subject", "body", "status", "answer",
                                       "rating", "closed_day", "created_at" };

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    if (json_object_has_member (data, keep[i]))
      json_object_set_member (o, keep[i], json_node_copy (json_object_get_member (data, keep[i])));
  return o;
}

static gboolean
keep_account (MsCsmAccount  *account,
              gpointer       user_data,
              GError       **error)
{
  MsCsmSignals *signals = ((gpointer *) user_data)[0];
  gint32 *day = ((gpointer *) user_data)[1];

  ms_csm_signals_compute (account, *day, signals);
  return TRUE;
}

static JsonArray *
exact_reasons (MsServerStorage  *storage,
               const char       *tenant,
               gint32            day,
               GError          **error)
{
  g_autofree char *json = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  g_autofree float *contributions = NULL;
  MsCsmSignals signals;
  gpointer data[] = { &signals, &day };

  memset (&signals, 0, sizeof signals);
  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, NULL, error))
    return NULL;
  if (json == NULL)
    return json_array_new ();
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL ||
      !ms_server_csm_storage_load_history (csm (storage), tenant, day - 365 - 90, keep_account,
                                           data, error))
    return NULL;
  contributions = ms_churn_model_contributions (model, signals.values, 1, TRUE, error);
  if (contributions == NULL)
    return NULL;
  return ms_server_csm_reasons_json (model, contributions, signals.values);
}

static gboolean
get_account (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  Read *read = user_data;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autoptr(JsonArray) daily = NULL;
  g_autoptr(JsonObject) today = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  JsonArray *list;
  JsonObject *detail = NULL;
  gint32 day;

  if (!ms_server_csm_storage_get_account (csm (storage), read->tenant, &a, error) ||
      !_ms_server_csm_may_see (read, a, error))
    return FALSE;
  day = latest_day (storage, read->day, &daily, error);
  if (day == G_MININT32)
    return FALSE;
  today = ms_server_csm_storage_get_daily (csm (storage), a->tenant, day, error);
  if (today == NULL)
    return FALSE;
  read->out = _ms_server_csm_account_summary (a, json_object_get_size (today) > 0 ? today : NULL);
  json_object_set_int_member (read->out, "day", day);
  if (json_object_has_member (today, "detail"))
    detail = json_object_get_object_member (today, "detail");
  if (detail != NULL)
    {
      static const char * const copy[] = { "health", "churn", "reasons", "signals", "loyalty",
                                           "trend" };

      for (guint i = 0; i < G_N_ELEMENTS (copy); i++)
        if (json_object_has_member (detail, copy[i]))
          json_object_set_member (read->out, copy[i],
                                  json_node_copy (json_object_get_member (detail, copy[i])));
    }

  /* The person opening the account gets the exact attribution (TreeSHAP);
   * the daily snapshot has the approximate one. */
  if (detail != NULL && json_object_has_member (detail, "churn") &&
      json_object_has_member (json_object_get_object_member (detail, "churn"), "probability"))
    {
      JsonArray *exact = exact_reasons (storage, a->tenant, day, error);

      if (exact == NULL)
        return FALSE;
      json_object_set_array_member (read->out, "reasons", exact);
      json_object_set_string_member (read->out, "reasons_method", "exact");
    }
  else
    json_object_set_string_member (read->out, "reasons_method",
                                   detail != NULL && json_object_has_member (detail, "reasons")
                                     ? "approximate" : "none");

  /* What staff may read of the account's own words: survey answers and
   * support requests (never a message). */
  list = ms_server_csm_storage_list_events (csm (storage), a->tenant, "nps",
                                            _ms_server_csm_survey_config ()->list_max, error);
  if (list == NULL)
    return FALSE;
  json_object_set_array_member (read->out, "nps", list);
  {
    g_autoptr (JsonArray) support = ms_server_csm_storage_list_events (
        csm (storage), a->tenant, "support", _ms_server_csm_survey_config ()->list_max, error);
    JsonArray *clean = json_array_new ();

    if (support == NULL)
      {
        json_array_unref (clean);
        return FALSE;
      }
    for (guint i = 0; i < json_array_get_length (support); i++)
      json_array_add_object_element (
          clean, _ms_server_csm_support_for_staff (json_array_get_object_element (support, i)));
    json_object_set_array_member (read->out, "support", clean);
  }
  list = ms_server_csm_storage_list_events (csm (storage), a->tenant, "payment",
                                            _ms_server_csm_survey_config ()->list_max, error);
  if (list == NULL)
    return FALSE;
  {
    /* the demo population's, the invoices' (ms-server-billing.c), or none yet */
    const char *source = a->demo ? "demo" : "not_fed";

    for (guint i = 0; !a->demo && i < json_array_get_length (list); i++)
      if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (list, i),
                                                                 "source", NULL),
                     "invoice") == 0)
        source = "invoice";
    json_object_set_string_member (read->out, "billing_source", source);
  }
  json_object_set_array_member (read->out, "payments", list);

  tasks = ms_server_csm_storage_list_tasks (csm (storage), a->tenant, FALSE, error);
  if (tasks == NULL)
    return FALSE;
  list = json_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      json_array_add_object_element (list,
                                     _ms_server_csm_task_to_json (tasks->pdata[i], read->now));
    }
  json_object_set_array_member (read->out, "tasks", list);
  return TRUE;
}

JsonObject *
ms_server_csm_get_account (MsServerStorage     *storage,
                           const MsServerUser  *user,
                           const char          *tenant,
                           gint64               now,
                           GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Read read = { user, role, tenant, now, ms_csm_day_from_time (now), NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, get_account, &read, error))
    return NULL;
  return read.out;
}

/* The exact contributions of one account, for the person who opens it. */
static gboolean
read_model (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Read *read = user_data;
  g_autofree char *json = NULL;
  g_autofree char *previous = NULL;
  gint64 created_at = 0, previous_at = 0;
  g_autoptr(MsChurnModel) model = NULL;

  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, &created_at, error) ||
      !ms_server_csm_storage_get_model (csm (storage), TRUE, &previous, &previous_at, error))
    return FALSE;
  read->out = json_object_new ();
  if (json == NULL)
    {
      json_object_set_null_member (read->out, "card");
      json_object_set_string_member (read->out, "status", "none");
      return TRUE;
    }
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL)
    return FALSE;
  json_object_set_string_member (read->out, "status", "active");
  json_object_set_object_member (read->out, "card",
                                 json_object_ref (ms_churn_model_get_card (model)));
  json_object_set_int_member (read->out, "created_at", created_at);
  if (previous != NULL)
    json_object_set_int_member (read->out, "previous_created_at", previous_at);
  else
    json_object_set_null_member (read->out, "previous_created_at");
  return TRUE;
}

JsonObject *
ms_server_csm_get_model (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Read read = { user, role, NULL, 0, 0, NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, read_model, &read, error))
    return NULL;
  return read.out;
}
