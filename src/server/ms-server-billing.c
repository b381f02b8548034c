/* ms-server-billing.c — team subscriptions, trials, invoices and payments: payment
 * providers, a subscription in memory, issuing invoices, starting and advancing (a team's
 * calls: ms-server-billing-team.c; staff and the daily job: ms-server-billing-staff.c)
 *
 * A team's subscription (the subscription table, one per team tenant)
 * holds its MsSubscriptionState (billing/ms-billing.h) and what waits for
 * the period's end; the team row's plan, plan_next and plan_change_at say
 * which plan is in force when (ms_server_team_get_plan()), so the plan in
 * force never waits for a job to run.
 *
 * - Creating a team starts its 14-day trial, once per account (trial_use);
 *   an account that had its trial starts a paid subscription at once, whose
 *   first invoice is issued then.
 * - ms_server_billing_advance() brings a subscription up to date: a trial
 *   that ended starts its first period (or, cancelled, ends); a period that
 *   ended starts the next with what waited (a downgrade, yearly → monthly,
 *   fewer owners) and issues its invoice; a cancelled one ends and the team
 *   falls to Free (its data stays, read only where a feature is gone). It
 *   runs in every billing route and in `msgscore-server bill` (daily, from
 *   cron), and is idempotent.
 * - A change (POST …/subscription) is priced by ms_billing_quote_change(),
 *   the function the app's preview calls: what applies today is invoiced
 *   today, the rest waits. Owners added mid-period are invoiced the same
 *   way when they join.
 * - Invoices are qualified invoices (billing/ms-invoice.c) issued by the
 *   server's issuer (`msgscore-server set-issuer`), numbered
 *   MS-<year>-<6 digits>, never changed; a correction is a new invoice
 *   that names the original, and both are kept. Payments are recorded
 *   against them (`mark-paid`); an unpaid invoice past its due date is
 *   overdue by whole days of Asia/Tokyo.
 * - Each issued invoice and each payment feeds customer success (the
 *   payment events of ms-server-csm-storage.h): one event per invoice,
 *   due day and the day it was paid in full, which the health score and
 *   the churn model read as payment status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-csm-account.h"
#include "ms-json-guard.h"
#include "ms-server-auth.h"
#include "ms-server-billing.h"
#include "ms-server-billing-private.h"
#include "ms-server-csm-storage.h"
#include "ms-server-json.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"
#include "store/ms-entitlements.h"
#include "sync/ms-mutation.h"

/* ------------------------------------------------------------------------ */
/* Payment providers                                                         */

G_DEFINE_INTERFACE (MsServerPaymentProvider, ms_server_payment_provider, G_TYPE_OBJECT)

static void
ms_server_payment_provider_default_init (MsServerPaymentProviderInterface *iface)
{
}

#define MS_TYPE_SERVER_INVOICE_PROVIDER (ms_server_invoice_provider_get_type ())
G_DECLARE_FINAL_TYPE (MsServerInvoiceProvider, ms_server_invoice_provider, MS,
                      SERVER_INVOICE_PROVIDER, GObject)

struct _MsServerInvoiceProvider
{
  GObject parent_instance;
};

static const char *
invoice_provider_get_id (MsServerPaymentProvider *provider)
{
  return MS_SERVER_PROVIDER_INVOICE;
}

/* 請求書払い: the invoice is due payment_terms_days after it is issued and
 * is paid by bank transfer, which staff record. */
static gboolean
invoice_provider_collect (MsServerPaymentProvider  *provider,
                          MsServerStorage          *storage,
                          MsServerInvoice          *invoice,
                          gint64                    now,
                          GError                  **error)
{
  MsBillingDay issued = ms_billing_day_from_time (invoice->issued_at);

  invoice->due_at = ms_billing_day_to_time (issued + (MsBillingDay) ms_billing_get_config ()->payment_terms_days);
  return TRUE;
}

static void
invoice_provider_iface_init (MsServerPaymentProviderInterface *iface)
{
  iface->get_id = invoice_provider_get_id;
  iface->collect = invoice_provider_collect;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MsServerInvoiceProvider, ms_server_invoice_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_PAYMENT_PROVIDER,
                                                      invoice_provider_iface_init))

static void
ms_server_invoice_provider_class_init (MsServerInvoiceProviderClass *klass)
{
}

static void
ms_server_invoice_provider_init (MsServerInvoiceProvider *self)
{
}

/**
 * ms_server_payment_provider_lookup:
 *
 * Returns: (transfer none) (nullable): the provider called @id
 */
MsServerPaymentProvider *
ms_server_payment_provider_lookup (const char *id)
{
  static MsServerPaymentProvider *invoice;

  if (g_once_init_enter (&invoice))
    g_once_init_leave (&invoice, g_object_new (MS_TYPE_SERVER_INVOICE_PROVIDER, NULL));
  if (g_strcmp0 (id, MS_SERVER_PROVIDER_INVOICE) == 0)
    return invoice;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* A subscription in memory                                                  */

/* Reads @tenant's subscription; sub->row stays NULL when it has none. */
gboolean
_ms_server_billing_load_sub (MsServerStorage  *storage,
                             const char       *tenant,
                             Sub              *sub,
                             GError          **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (!ms_server_storage_get_subscription (storage, tenant, &sub->row, error))
    return FALSE;
  if (sub->row == NULL)
    return TRUE;
  node = json_from_string (sub->row->state_json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !ms_subscription_state_from_json (json_node_get_object (node), &sub->state, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "subscription of %s", tenant);
      return FALSE;
    }
  return TRUE;
}

gboolean
_ms_server_billing_save_sub (MsServerStorage  *storage,
                             Sub              *sub,
                             gint64            now,
                             GError          **error)
{
  g_autoptr(JsonObject) o = ms_subscription_state_to_json (&sub->state);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  g_free (sub->row->state_json);
  sub->row->state_json = json_to_string (node, FALSE);
  sub->row->updated_at = now;
  return ms_server_storage_put_subscription (storage, sub->row, error);
}

/* The team's plan in force follows its subscription: the plan now, and
 * what takes over when (a downgrade, or Free once it ends). */
gboolean
_ms_server_billing_sync_team (MsServerStorage  *storage,
                              MsServerTeam     *team,
                              Sub              *sub,
                              GError          **error)
{
  MsBillingDay end = sub->state.status == MS_SUBSCRIPTION_TRIALING ? sub->state.trial_end
                                                                   : sub->state.period_end;

  g_free (team->plan);
  g_clear_pointer (&team->plan_next, g_free);
  team->plan_change_at = 0;
  if (sub->state.status == MS_SUBSCRIPTION_CANCELED)
    team->plan = g_strdup (FREE_PLAN);
  else
    {
      team->plan = g_strdup (sub->state.plan);
      if (sub->row->cancel_at_period_end)
        team->plan_next = g_strdup (FREE_PLAN);
      else if (sub->row->plan_next != NULL)
        team->plan_next = g_strdup (sub->row->plan_next);
      if (team->plan_next != NULL)
        team->plan_change_at = ms_billing_day_to_time (end);
    }
  return ms_server_storage_update_team (storage, team, error);
}

/* ------------------------------------------------------------------------ */
/* Invoices                                                                  */

static JsonObject *
load_issuer (MsServerStorage  *storage,
             GError          **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!ms_server_storage_get_setting (storage, "issuer", &text, error))
    return NULL;
  node = text != NULL ? json_from_string (text, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                           _("This server cannot issue invoices yet: its operator has not set "
                             "the issuer. Try again later."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

const char *
_ms_server_billing_recipient_of (const MsServerTeam *team,
                                 const Sub          *sub)
{
  return sub->row->company_name != NULL && *sub->row->company_name != '\0'
         ? sub->row->company_name : team->name;
}

/* Issues an invoice of @lines to @team, today. */
gboolean
_ms_server_billing_issue (MsServerStorage     *storage,
                          const MsServerTeam  *team,
                          const Sub           *sub,
                          GPtrArray           *lines,
                          const char          *recipient,
                          const char          *corrects,
                          const char          *reason,
                          gint64               now,
                          char               **number_out,
                          GError             **error)
{
  g_autoptr(JsonObject) issuer = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *number = NULL;
  g_autofree char *json = NULL;
  MsServerPaymentProvider *provider;
  MsServerInvoice invoice = { 0 };
  MsBillingDay today = ms_billing_day_from_time (now);
  GDate date;
  gint64 sequence = 0;

  provider = ms_server_payment_provider_lookup (sub->row->provider);
  g_assert (provider != NULL);
  if ((issuer = load_issuer (storage, error)) == NULL ||
      !ms_server_storage_next_invoice_sequence (storage, &sequence, error))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, today);
  number = g_strdup_printf ("MS-%04u-%06" G_GINT64_FORMAT, g_date_get_year (&date), sequence);

  invoice.number = number;
  invoice.tenant = team->tenant;
  invoice.issued_at = now;
  invoice.corrects = (char *) corrects;
  if (!MS_SERVER_PAYMENT_PROVIDER_GET_IFACE (provider)->collect (provider, storage, &invoice, now,
                                                                 error))
    return FALSE;
  document = ms_invoice_build (
      issuer, recipient != NULL ? recipient : _ms_server_billing_recipient_of (team, sub), number,
      today, ms_billing_day_from_time (invoice.due_at), lines, corrects, reason, error);
  if (document == NULL)
    return FALSE;
  json_node_set_object (node, document);
  json = json_to_string (node, FALSE);
  invoice.document_json = json;
  invoice.total = ms_invoice_get_total (document);
  if (!ms_server_storage_add_invoice (storage, &invoice, error) ||
      !_ms_server_billing_feed_customer_success (storage, team->tenant, now, error))
    return FALSE;
  if (number_out != NULL)
    *number_out = g_steal_pointer (&number);
  return TRUE;
}

JsonObject *
_ms_server_billing_parse_document (const MsServerInvoice *invoice)
{
  g_autoptr(JsonNode) node = json_from_string (invoice->document_json, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* What has been paid for @invoice: its payments, and those of the invoice
 * it corrects (a correction takes its original's place). */
gint64
_ms_server_billing_paid_for (GPtrArray             *invoices,
                             const MsServerInvoice *invoice)
{
  gint64 paid = invoice->paid;

  for (guint i = 0; invoice->corrects != NULL && i < invoices->len; i++)
    {
      const MsServerInvoice *original = g_ptr_array_index (invoices, i);

      if (g_str_equal (original->number, invoice->corrects))
        return paid + _ms_server_billing_paid_for (invoices, original);
    }
  return paid;
}

gboolean
_ms_server_billing_is_superseded (GPtrArray             *invoices,
                                  const MsServerInvoice *invoice)
{
  for (guint i = 0; i < invoices->len; i++)
    {
      const MsServerInvoice *other = g_ptr_array_index (invoices, i);

      if (g_strcmp0 (other->corrects, invoice->number) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The invoice @invoice corrects first: the one whose place it takes. */
static const MsServerInvoice *
original_of (GPtrArray             *invoices,
             const MsServerInvoice *invoice)
{
  for (guint i = 0; invoice->corrects != NULL && i < invoices->len; i++)
    {
      const MsServerInvoice *original = g_ptr_array_index (invoices, i);

      if (g_str_equal (original->number, invoice->corrects))
        return original_of (invoices, original);
    }
  return invoice;
}

/* Customer success's payment events of @tenant (kind "payment", keyed by
 * the original invoice, so a correction replaces its original's event):
 * the due day, and the day the invoice was paid in full, -1 before. The
 * day of payment is the day this first saw it paid: payments are fed as
 * they are recorded. Nothing to do on a backend without customer success. */
gboolean
_ms_server_billing_feed_customer_success (MsServerStorage  *storage,
                                          const char       *tenant,
                                          gint64            now,
                                          GError          **error)
{
  MsServerCsmStorage *csm;
  g_autoptr(GPtrArray) invoices = NULL;

  if (!MS_IS_SERVER_CSM_STORAGE (storage))
    return TRUE;
  csm = MS_SERVER_CSM_STORAGE (storage);
  invoices = ms_server_storage_list_invoices (storage, tenant, error);
  if (invoices == NULL)
    return FALSE;
  for (guint i = 0; i < invoices->len; i++)
    {
      const MsServerInvoice *invoice = g_ptr_array_index (invoices, i);
      const char *id = original_of (invoices, invoice)->number;
      gint32 due_day = ms_csm_day_from_time (invoice->due_at);
      gint32 paid_day = -1;
      g_autofree char *old_tenant = NULL;
      g_autofree char *old_json = NULL;
      g_autofree char *data = NULL;

      if (_ms_server_billing_is_superseded (invoices, invoice))
        continue;
      if (_ms_server_billing_paid_for (invoices, invoice) >= invoice->total)
        {
          g_autoptr(JsonNode) node = NULL;

          if (!ms_server_csm_storage_get_event (csm, "payment", id, &old_tenant, &old_json,
                                                error))
            return FALSE;
          node = old_json != NULL ? json_from_string (old_json, NULL) : NULL;
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            paid_day = (gint32) ms_json_object_get_int (json_node_get_object (node), "paid_day",
                                                        -1);
          if (paid_day < 0)
            paid_day = ms_csm_day_from_time (now);
        }
      data = g_strdup_printf ("{\"due_day\":%d,\"paid_day\":%d,\"failed\":0,"
                              "\"source\":\"invoice\",\"invoice\":\"%s\","
                              "\"total\":%" G_GINT64_FORMAT "}",
                              due_day, paid_day, invoice->number, invoice->total);
      if (!ms_server_csm_storage_put_event (csm, tenant, "payment", id, due_day, data, error))
        return FALSE;
    }
  return TRUE;
}

/* Whole days of Asia/Tokyo past the due date, 0 when not yet due. */
gint64
_ms_server_billing_days_overdue (const MsServerInvoice *invoice,
                                 gint64                 now)
{
  MsBillingDay due = ms_billing_day_from_time (invoice->due_at);
  MsBillingDay today = ms_billing_day_from_time (now);

  return today > due ? (gint64) (today - due) : 0;
}

/* ------------------------------------------------------------------------ */
/* Starting and advancing                                                    */

/**
 * ms_server_billing_start:
 * @team: the new team (its row exists)
 *
 * The account's one trial, or, if it had it, a paid subscription from
 * today with its first invoice.
 */
gboolean
ms_server_billing_start (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         const MsServerTeam  *team,
                         MsBillingCycle       cycle,
                         const char          *company_name,
                         gint64               now,
                         GError             **error)
{
  g_auto(Sub) sub = { 0 };
  g_autoptr(MsSubscriptionState) state = NULL;
  g_autoptr(MsServerTeam) copy = g_new0 (MsServerTeam, 1);
  MsBillingDay today = ms_billing_day_from_time (now);
  gboolean trial = FALSE;

  if (!ms_server_storage_use_trial (storage, user->id, team->tenant, now, &trial, error))
    return FALSE;
  state = trial ? ms_subscription_state_new_trial (team->plan, cycle, today)
                : ms_subscription_state_new_paid (team->plan, cycle, team->extra_owners, today);
  ms_subscription_state_copy (state, &sub.state);
  sub.row = g_new0 (MsServerSubscription, 1);
  sub.row->tenant = g_strdup (team->tenant);
  sub.row->provider = g_strdup (MS_SERVER_PROVIDER_INVOICE);
  sub.row->company_name = g_strdup (company_name);
  sub.row->extra_owners_next = -1;
  sub.row->created_at = now;
  if (!_ms_server_billing_save_sub (storage, &sub, now, error))
    return FALSE;
  if (!trial)
    {
      g_autoptr(GPtrArray) lines = ms_billing_period_lines (state->plan, state->cycle,
                                                            state->extra_owners,
                                                            state->period_start,
                                                            state->period_end);

      if (!_ms_server_billing_issue (storage, team, &sub, lines, NULL, NULL, NULL, now, NULL,
                                     error))
        return FALSE;
    }
  copy->tenant = g_strdup (team->tenant);
  copy->name = g_strdup (team->name);
  copy->extra_owners = team->extra_owners;
  copy->created_at = team->created_at;
  return _ms_server_billing_sync_team (storage, copy, &sub, error);
}

/**
 * ms_server_billing_advance:
 * @n_issued: (out) (optional): invoices issued
 *
 * Brings @tenant's subscription up to @now (this file's head); a tenant
 * without one is left alone.
 */
gboolean
ms_server_billing_advance (MsServerStorage  *storage,
                           const char       *tenant,
                           gint64            now,
                           guint            *n_issued,
                           GError          **error)
{
  g_auto(Sub) sub = { 0 };
  g_autoptr(MsServerTeam) team = NULL;
  MsBillingDay today = ms_billing_day_from_time (now);
  gboolean changed = FALSE;

  if (n_issued != NULL)
    *n_issued = 0;
  if (!_ms_server_billing_load_sub (storage, tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL)
    return TRUE;
  if (!ms_server_storage_get_team (storage, tenant, &team, error))
    return FALSE;
  if (team == NULL)
    return TRUE;

  for (guint guard = 0; guard < 1200; guard++)
    {
      MsSubscriptionState *s = &sub.state;
      g_autoptr(GPtrArray) lines = NULL;

      if (s->status == MS_SUBSCRIPTION_CANCELED)
        break;
      if (s->status == MS_SUBSCRIPTION_TRIALING)
        {
          if (today < s->trial_end)
            break;
          if (sub.row->cancel_at_period_end)
            {
              s->status = MS_SUBSCRIPTION_CANCELED;
              changed = TRUE;
              break;
            }
          s->status = MS_SUBSCRIPTION_ACTIVE;
          s->anchor = s->period_start = s->trial_end;
        }
      else
        {
          if (today < s->period_end)
            break;
          if (sub.row->cancel_at_period_end)
            {
              s->status = MS_SUBSCRIPTION_CANCELED;
              changed = TRUE;
              break;
            }
          s->period_start = s->period_end;
        }
      /* What waited for the period's (or the trial's) end takes over. */
      if (sub.row->plan_next != NULL)
        {
          g_free (s->plan);
          s->plan = g_steal_pointer (&sub.row->plan_next);
        }
      if (sub.row->cycle_next != NULL)
        {
          ms_billing_cycle_from_string (sub.row->cycle_next, &s->cycle);
          g_clear_pointer (&sub.row->cycle_next, g_free);
        }
      /* Owners are billed as many as the team has now. */
      s->extra_owners = team->extra_owners;
      sub.row->extra_owners_next = -1;
      s->period_end = ms_billing_next_period_end (s->anchor, s->period_start, s->cycle);
      lines = ms_billing_period_lines (s->plan, s->cycle, s->extra_owners, s->period_start,
                                       s->period_end);
      if (!_ms_server_billing_issue (storage, team, &sub, lines, NULL, NULL, NULL,
                                     MAX (now, ms_billing_day_to_time (s->period_start)), NULL,
                                     error))
        return FALSE;
      if (n_issued != NULL)
        (*n_issued)++;
      changed = TRUE;
    }

  if (!changed)
    return TRUE;
  return _ms_server_billing_save_sub (storage, &sub, now, error) &&
         _ms_server_billing_sync_team (storage, team, &sub, error);
}

/**
 * ms_server_billing_owners_changed:
 * @team: with its extra_owners counted anew
 *
 * Owners added during a period are invoiced for the days left of it at
 * once; fewer owners are billed from the next period.
 */
gboolean
ms_server_billing_owners_changed (MsServerStorage     *storage,
                                  const MsServerTeam  *team,
                                  gint64               now,
                                  GError             **error)
{
  g_auto(Sub) sub = { 0 };
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!_ms_server_billing_load_sub (storage, team->tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL || sub.state.status == MS_SUBSCRIPTION_CANCELED ||
      team->extra_owners == sub.state.extra_owners)
    return TRUE;
  if (sub.state.status == MS_SUBSCRIPTION_TRIALING || team->extra_owners < sub.state.extra_owners)
    {
      if (sub.state.status == MS_SUBSCRIPTION_TRIALING)
        sub.state.extra_owners = team->extra_owners;
      else
        sub.row->extra_owners_next = team->extra_owners;
      return _ms_server_billing_save_sub (storage, &sub, now, error);
    }
  quote = ms_billing_quote_change (&sub.state, sub.state.plan, sub.state.cycle,
                                   team->extra_owners, ms_billing_day_from_time (now),
                                   &local_error);
  if (quote == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ms_subscription_state_clear (&sub.state);
  ms_subscription_state_copy (&quote->now, &sub.state);
  if (quote->lines->len > 0 && !_ms_server_billing_issue (storage, team, &sub, quote->lines, NULL,
                                                          NULL, NULL, now, NULL, error))
    return FALSE;
  return _ms_server_billing_save_sub (storage, &sub, now, error);
}

/**
 * ms_server_billing_staff_set_plan:
 * @deferred: (out): whether the plan waits for the period's end
 *
 * Staff move a team to @plan without an invoice: an upgrade at once, a
 * downgrade at the period's end (the next billing date).
 */
gboolean
ms_server_billing_staff_set_plan (MsServerStorage  *storage,
                                  MsServerTeam     *team,
                                  const char       *plan,
                                  gint64            now,
                                  gboolean         *deferred,
                                  GError          **error)
{
  g_auto(Sub) sub = { 0 };

  *deferred = FALSE;
  if (!ms_server_billing_advance (storage, team->tenant, now, NULL, error) ||
      !_ms_server_billing_load_sub (storage, team->tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL)
    return TRUE;   /* the caller keeps the plan without a subscription */
  g_clear_pointer (&sub.row->plan_next, g_free);
  if (sub.state.status != MS_SUBSCRIPTION_CANCELED &&
      !ms_billing_is_upgrade (sub.state.plan, plan) && g_strcmp0 (sub.state.plan, plan) != 0)
    {
      sub.row->plan_next = g_strdup (plan);
      *deferred = TRUE;
    }
  else
    {
      g_free (sub.state.plan);
      sub.state.plan = g_strdup (plan);
    }
  {
    g_autoptr(MsServerTeam) current = NULL;

    if (!ms_server_storage_get_team (storage, team->tenant, &current, error))
      return FALSE;
    if (!_ms_server_billing_save_sub (storage, &sub, now, error) ||
        !_ms_server_billing_sync_team (storage, current, &sub, error))
      return FALSE;
    g_free (team->plan);
    team->plan = g_strdup (current->plan);
    g_free (team->plan_next);
    team->plan_next = g_strdup (current->plan_next);
    team->plan_change_at = current->plan_change_at;
  }
  return TRUE;
}
