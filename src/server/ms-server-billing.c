/* ms-server-billing.c — team subscriptions, trials, invoices and payments
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
#include "ms-server-csm-storage.h"
#include "ms-server-json.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"
#include "store/ms-entitlements.h"
#include "sync/ms-mutation.h"

#define FREE_PLAN MS_ENTITLEMENTS_DEFAULT_PLAN

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

typedef struct
{
  MsServerSubscription *row;
  MsSubscriptionState   state;
} Sub;

static void
sub_clear (Sub *sub)
{
  g_clear_pointer (&sub->row, ms_server_subscription_free);
  ms_subscription_state_clear (&sub->state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sub, sub_clear)

static char *
tenant_for_id (const char *team_id)
{
  return g_strconcat (MS_SERVER_TEAM_PREFIX, team_id != NULL ? team_id : "", NULL);
}

/* Reads @tenant's subscription; sub->row stays NULL when it has none. */
static gboolean
load_sub (MsServerStorage  *storage,
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

static gboolean
save_sub (MsServerStorage  *storage,
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
static gboolean
sync_team (MsServerStorage  *storage,
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

static const char *
recipient_of (const MsServerTeam *team,
              const Sub          *sub)
{
  return sub->row->company_name != NULL && *sub->row->company_name != '\0'
         ? sub->row->company_name : team->name;
}

static gboolean feed_customer_success (MsServerStorage  *storage,
                                       const char       *tenant,
                                       gint64            now,
                                       GError          **error);

/* Issues an invoice of @lines to @team, today. */
static gboolean
issue (MsServerStorage     *storage,
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
  document = ms_invoice_build (issuer, recipient != NULL ? recipient : recipient_of (team, sub),
                               number, today, ms_billing_day_from_time (invoice.due_at), lines,
                               corrects, reason, error);
  if (document == NULL)
    return FALSE;
  json_node_set_object (node, document);
  json = json_to_string (node, FALSE);
  invoice.document_json = json;
  invoice.total = ms_invoice_get_total (document);
  if (!ms_server_storage_add_invoice (storage, &invoice, error) ||
      !feed_customer_success (storage, team->tenant, now, error))
    return FALSE;
  if (number_out != NULL)
    *number_out = g_steal_pointer (&number);
  return TRUE;
}

static JsonObject *
parse_document (const MsServerInvoice *invoice)
{
  g_autoptr(JsonNode) node = json_from_string (invoice->document_json, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* What has been paid for @invoice: its payments, and those of the invoice
 * it corrects (a correction takes its original's place). */
static gint64
paid_for (GPtrArray             *invoices,
          const MsServerInvoice *invoice)
{
  gint64 paid = invoice->paid;

  for (guint i = 0; invoice->corrects != NULL && i < invoices->len; i++)
    {
      const MsServerInvoice *original = g_ptr_array_index (invoices, i);

      if (g_str_equal (original->number, invoice->corrects))
        return paid + paid_for (invoices, original);
    }
  return paid;
}

static gboolean
is_superseded (GPtrArray             *invoices,
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
static gboolean
feed_customer_success (MsServerStorage  *storage,
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

      if (is_superseded (invoices, invoice))
        continue;
      if (paid_for (invoices, invoice) >= invoice->total)
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
static gint64
days_overdue (const MsServerInvoice *invoice,
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
  if (!save_sub (storage, &sub, now, error))
    return FALSE;
  if (!trial)
    {
      g_autoptr(GPtrArray) lines = ms_billing_period_lines (state->plan, state->cycle,
                                                            state->extra_owners,
                                                            state->period_start,
                                                            state->period_end);

      if (!issue (storage, team, &sub, lines, NULL, NULL, NULL, now, NULL, error))
        return FALSE;
    }
  copy->tenant = g_strdup (team->tenant);
  copy->name = g_strdup (team->name);
  copy->extra_owners = team->extra_owners;
  copy->created_at = team->created_at;
  return sync_team (storage, copy, &sub, error);
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
  if (!load_sub (storage, tenant, &sub, error))
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
      if (!issue (storage, team, &sub, lines, NULL, NULL, NULL,
                  MAX (now, ms_billing_day_to_time (s->period_start)), NULL, error))
        return FALSE;
      if (n_issued != NULL)
        (*n_issued)++;
      changed = TRUE;
    }

  if (!changed)
    return TRUE;
  return save_sub (storage, &sub, now, error) && sync_team (storage, team, &sub, error);
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

  if (!load_sub (storage, team->tenant, &sub, error))
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
      return save_sub (storage, &sub, now, error);
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
  if (quote->lines->len > 0 &&
      !issue (storage, team, &sub, quote->lines, NULL, NULL, NULL, now, NULL, error))
    return FALSE;
  return save_sub (storage, &sub, now, error);
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
      !load_sub (storage, team->tenant, &sub, error))
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
    if (!save_sub (storage, &sub, now, error) || !sync_team (storage, current, &sub, error))
      return FALSE;
    g_free (team->plan);
    team->plan = g_strdup (current->plan);
    g_free (team->plan_next);
    team->plan_next = g_strdup (current->plan_next);
    team->plan_change_at = current->plan_change_at;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Routes                                                                    */

typedef struct
{
  const MsServerUser *user;
  const char         *tenant;
  JsonObject         *request;
  const char         *number;
  gint64              now;
  gboolean            owners_only;
  gboolean            cancel;

  char               *role;
  MsServerTeam       *team;
  JsonObject         *out;
  GBytes             *pdf;
  char               *needed_plan;
} Ctx;

static void
ctx_clear (Ctx *ctx)
{
  g_clear_pointer (&ctx->role, g_free);
  g_clear_pointer (&ctx->team, ms_server_team_free);
  g_clear_pointer (&ctx->out, json_object_unref);
  g_clear_pointer (&ctx->pdf, g_bytes_unref);
  g_clear_pointer (&ctx->needed_plan, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ctx, ctx_clear)

/* Authorises, brings the subscription up to date and loads the team. */
static gboolean
begin (MsServerStorage  *storage,
       Ctx              *ctx,
       GError          **error)
{
  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &ctx->role, error))
    return FALSE;
  if (ctx->owners_only && !g_str_equal (ctx->role, "owner"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("Only an owner of this team can do this."));
      return FALSE;
    }
  if (!ms_server_billing_advance (storage, ctx->tenant, ctx->now, NULL, error) ||
      !ms_server_storage_get_team (storage, ctx->tenant, &ctx->team, error))
    return FALSE;
  if (ctx->team == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                           _("You are not a member of this team."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
payment_status (MsServerStorage  *storage,
                const char       *tenant,
                gint64            now,
                gint64           *unpaid,
                gint64           *overdue,
                GError          **error)
{
  g_autoptr(GPtrArray) invoices = ms_server_storage_list_invoices (storage, tenant, error);

  *unpaid = 0;
  *overdue = 0;
  if (invoices == NULL)
    return FALSE;
  for (guint i = 0; i < invoices->len; i++)
    {
      const MsServerInvoice *invoice = g_ptr_array_index (invoices, i);
      gint64 left;

      if (is_superseded (invoices, invoice))
        continue;
      left = invoice->total - paid_for (invoices, invoice);
      if (left <= 0)
        continue;
      *unpaid += left;
      *overdue = MAX (*overdue, days_overdue (invoice, now));
    }
  return TRUE;
}

static gboolean
describe (MsServerStorage  *storage,
          Ctx              *ctx,
          GError          **error)
{
  g_auto(Sub) sub = { 0 };
  g_autoptr(MsEntitlements) plan = NULL;
  JsonObject *o, *payment;
  MsBillingDay today = ms_billing_day_from_time (ctx->now);
  gint64 unpaid = 0, overdue = 0, used = 0;

  if (!load_sub (storage, ctx->tenant, &sub, error) ||
      !payment_status (storage, ctx->tenant, ctx->now, &unpaid, &overdue, error) ||
      !ms_server_storage_count_members (storage, ctx->tenant, NULL, &used, error))
    return FALSE;
  o = json_object_new ();
  ctx->out = o;
  json_object_set_string_member (o, "team", ctx->tenant + strlen (MS_SERVER_TEAM_PREFIX));
  json_object_set_string_member (o, "role", ctx->role);
  {
    g_autofree char *iso = ms_billing_day_to_iso (today);

    json_object_set_string_member (o, "today", iso);
  }
  plan = ms_server_sync_dup_entitlements (ms_server_team_get_plan (ctx->team, ctx->now));
  json_object_set_string_member (o, "plan_in_force", ms_entitlements_get_plan_id (plan));
  json_object_set_int_member (o, "seats_used", used);
  json_object_set_int_member (o, "extra_owners", ctx->team->extra_owners);
  if (sub.row == NULL)
    {
      json_object_set_null_member (o, "subscription");
      return TRUE;
    }
  json_object_set_object_member (o, "subscription", ms_subscription_state_to_json (&sub.state));
  json_object_set_boolean_member (o, "cancel_at_period_end", sub.row->cancel_at_period_end);
  if (sub.row->plan_next != NULL)
    json_object_set_string_member (o, "plan_next", sub.row->plan_next);
  else
    json_object_set_null_member (o, "plan_next");
  if (sub.row->cycle_next != NULL)
    json_object_set_string_member (o, "cycle_next", sub.row->cycle_next);
  else
    json_object_set_null_member (o, "cycle_next");
  if (sub.row->extra_owners_next >= 0)
    json_object_set_int_member (o, "extra_owners_next", sub.row->extra_owners_next);
  else
    json_object_set_null_member (o, "extra_owners_next");
  json_object_set_string_member (o, "provider", sub.row->provider);
  json_object_set_string_member (o, "company_name", recipient_of (ctx->team, &sub));
  if (sub.state.status == MS_SUBSCRIPTION_TRIALING)
    json_object_set_int_member (o, "trial_days_left",
                                sub.state.trial_end > today ? sub.state.trial_end - today : 0);
  else
    json_object_set_null_member (o, "trial_days_left");
  if (sub.state.status == MS_SUBSCRIPTION_CANCELED || sub.row->cancel_at_period_end)
    json_object_set_null_member (o, "next_billing_on");
  else
    {
      g_autofree char *iso = ms_billing_day_to_iso (sub.state.status == MS_SUBSCRIPTION_TRIALING
                                                    ? sub.state.trial_end
                                                    : sub.state.period_end);

      json_object_set_string_member (o, "next_billing_on", iso);
    }
  payment = json_object_new ();
  json_object_set_int_member (payment, "unpaid", unpaid);
  json_object_set_int_member (payment, "overdue_days", overdue);
  json_object_set_string_member (payment, "status",
                                 overdue > 0 ? "overdue" : unpaid > 0 ? "unpaid" : "paid");
  json_object_set_object_member (o, "payment", payment);
  return TRUE;
}

static gboolean
get_in_transaction (MsServerStorage  *storage,
                    gpointer          user_data,
                    GError          **error)
{
  Ctx *ctx = user_data;

  return begin (storage, ctx, error) && describe (storage, ctx, error);
}

/**
 * ms_server_billing_get:
 *
 * GET /v1/teams/{team}/subscription (members)
 */
JsonObject *
ms_server_billing_get (MsServerStorage     *storage,
                       const MsServerUser  *user,
                       const char          *team_id,
                       gint64               now,
                       GError             **error)
{
  g_auto(Ctx) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, TRUE, get_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

static gboolean
change_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  Ctx *ctx = user_data;
  g_auto(Sub) sub = { 0 };
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *number = NULL;
  const char *plan, *company;
  MsBillingCycle cycle;

  if (!begin (storage, ctx, error) || !load_sub (storage, ctx->tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("This team has no subscription."));
      return FALSE;
    }
  plan = json_object_get_string_member_with_default (ctx->request, "plan", sub.state.plan);
  cycle = sub.state.cycle;
  if (json_object_has_member (ctx->request, "cycle") &&
      !ms_billing_cycle_from_string (json_object_get_string_member_with_default (ctx->request,
                                                                                 "cycle", NULL),
                                     &cycle))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("“cycle” must be “monthly” or “yearly”."));
      return FALSE;
    }
  company = json_object_get_string_member_with_default (ctx->request, "company_name", NULL);
  if (company != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (company));
      glong len = g_utf8_validate (trimmed, -1, NULL) ? g_utf8_strlen (trimmed, -1) : -1;

      if (len < 0 || len > ms_sync_limit ("name", "max_chars"))
        {
          g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                       /* Translators: %u is the most characters a name may have */
                       _("A company name must be at most %u characters."),
                       (guint) ms_sync_limit ("name", "max_chars"));
          return FALSE;
        }
      g_free (sub.row->company_name);
      sub.row->company_name = len > 0 ? g_steal_pointer (&trimmed) : NULL;
    }

  quote = ms_billing_quote_change (&sub.state, plan, cycle, ctx->team->extra_owners,
                                   ms_billing_day_from_time (ctx->now), &local_error);
  if (quote == NULL &&
      !g_error_matches (local_error, MS_BILLING_ERROR, MS_BILLING_ERROR_NO_CHANGE))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           local_error->message);
      return FALSE;
    }
  if (quote != NULL)
    {
      ms_subscription_state_clear (&sub.state);
      ms_subscription_state_copy (&quote->now, &sub.state);
      g_free (sub.row->plan_next);
      sub.row->plan_next = g_strdup (quote->plan_next);
      g_free (sub.row->cycle_next);
      sub.row->cycle_next = quote->has_cycle_next
                            ? g_strdup (ms_billing_cycle_to_string (quote->cycle_next)) : NULL;
      sub.row->extra_owners_next = quote->extra_owners_next;
      /* Asking for a plan is asking to go on. */
      sub.row->cancel_at_period_end = FALSE;
      if (quote->lines->len > 0 &&
          !issue (storage, ctx->team, &sub, quote->lines, NULL, NULL, NULL, ctx->now, &number,
                  error))
        return FALSE;
    }
  if (!save_sub (storage, &sub, ctx->now, error) ||
      !sync_team (storage, ctx->team, &sub, error) || !describe (storage, ctx, error))
    return FALSE;
  if (number != NULL)
    json_object_set_string_member (ctx->out, "invoice", number);
  else
    json_object_set_null_member (ctx->out, "invoice");
  json_object_set_int_member (ctx->out, "charged", quote != NULL ? quote->subtotal : 0);
  return TRUE;
}

/**
 * ms_server_billing_change:
 * @request: {plan, cycle?, company_name?}
 *
 * POST /v1/teams/{team}/subscription (owners)
 */
JsonObject *
ms_server_billing_change (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *team_id,
                          JsonObject          *request,
                          gint64               now,
                          GError             **error)
{
  g_auto(Ctx) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);
  g_autoptr(GError) local_error = NULL;

  if (ms_server_json_get_string (request, "plan", FALSE, &local_error) == NULL &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ctx.user = user;
  ctx.tenant = tenant;
  ctx.request = request;
  ctx.now = now;
  ctx.owners_only = TRUE;
  if (!ms_server_storage_transaction (storage, TRUE, change_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

static gboolean
cancel_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  Ctx *ctx = user_data;
  g_auto(Sub) sub = { 0 };

  if (!begin (storage, ctx, error) || !load_sub (storage, ctx->tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL || sub.state.status == MS_SUBSCRIPTION_CANCELED)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("This team has no subscription running."));
      return FALSE;
    }
  sub.row->cancel_at_period_end = ctx->cancel;
  return save_sub (storage, &sub, ctx->now, error) &&
         sync_team (storage, ctx->team, &sub, error) && describe (storage, ctx, error);
}

/**
 * ms_server_billing_cancel:
 * @cancel: TRUE to end at the period's end (a trial: at its end), FALSE to
 *   go on after all
 *
 * POST /v1/teams/{team}/subscription/cancel and …/resume (owners)
 */
JsonObject *
ms_server_billing_cancel (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *team_id,
                          gboolean             cancel,
                          gint64               now,
                          GError             **error)
{
  g_auto(Ctx) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  ctx.owners_only = TRUE;
  ctx.cancel = cancel;
  if (!ms_server_storage_transaction (storage, TRUE, cancel_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

/* Qualified invoices are a feature of the team's plan; a team that had
 * invoices keeps reading them whatever its plan. */
static gboolean
check_invoices (Ctx        *ctx,
                GPtrArray  *invoices,
                GError    **error)
{
  g_autoptr(MsEntitlements) plan =
    ms_server_sync_dup_entitlements (ms_server_team_get_plan (ctx->team, ctx->now));

  if (invoices->len > 0)
    return TRUE;
  return ms_server_plans_check_feature (plan, "invoices", TRUE, &ctx->needed_plan, error);
}

static gboolean
invoices_in_transaction (MsServerStorage  *storage,
                         gpointer          user_data,
                         GError          **error)
{
  Ctx *ctx = user_data;
  g_autoptr(GPtrArray) invoices = NULL;
  JsonArray *array;

  if (!begin (storage, ctx, error) ||
      (invoices = ms_server_storage_list_invoices (storage, ctx->tenant, error)) == NULL ||
      !check_invoices (ctx, invoices, error))
    return FALSE;
  ctx->out = json_object_new ();
  array = json_array_new ();
  json_object_set_array_member (ctx->out, "invoices", array);
  for (guint i = 0; i < invoices->len; i++)
    {
      const MsServerInvoice *invoice = g_ptr_array_index (invoices, i);
      g_autoptr(JsonObject) document = parse_document (invoice);
      JsonObject *o = json_object_new ();
      gint64 paid = paid_for (invoices, invoice);
      gboolean superseded = is_superseded (invoices, invoice);
      gint64 overdue = paid < invoice->total && !superseded ? days_overdue (invoice, ctx->now) : 0;

      json_object_set_string_member (o, "number", invoice->number);
      json_object_set_string_member (o, "issued_on",
                                     json_object_get_string_member (document, "issued_on"));
      json_object_set_string_member (o, "due_on",
                                     json_object_get_string_member (document, "due_on"));
      json_object_set_string_member (o, "period",
                                     json_object_get_string_member (
                                       json_object_get_object_member (document, "period"),
                                       "label"));
      json_object_set_int_member (o, "total", invoice->total);
      json_object_set_int_member (o, "paid", MIN (paid, invoice->total));
      json_object_set_string_member (o, "status",
                                     superseded ? "corrected" :
                                     paid >= invoice->total ? "paid" :
                                     overdue > 0 ? "overdue" : "unpaid");
      json_object_set_int_member (o, "overdue_days", overdue);
      if (invoice->corrects != NULL)
        json_object_set_string_member (o, "corrects", invoice->corrects);
      else
        json_object_set_null_member (o, "corrects");
      json_array_add_object_element (array, o);
    }
  return TRUE;
}

/**
 * ms_server_billing_invoices:
 * @needed_plan: (out): with upgrade_needed, the plan that has invoices
 *
 * GET /v1/teams/{team}/invoices (owners)
 */
JsonObject *
ms_server_billing_invoices (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *team_id,
                            gint64               now,
                            char               **needed_plan,
                            GError             **error)
{
  g_auto(Ctx) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  ctx.owners_only = TRUE;
  if (!ms_server_storage_transaction (storage, TRUE, invoices_in_transaction, &ctx, error))
    {
      *needed_plan = g_steal_pointer (&ctx.needed_plan);
      return NULL;
    }
  return g_steal_pointer (&ctx.out);
}

static gboolean
pdf_in_transaction (MsServerStorage  *storage,
                    gpointer          user_data,
                    GError          **error)
{
  Ctx *ctx = user_data;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(MsServerInvoice) invoice = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!begin (storage, ctx, error) ||
      (invoices = ms_server_storage_list_invoices (storage, ctx->tenant, error)) == NULL ||
      !check_invoices (ctx, invoices, error) ||
      !ms_server_storage_get_invoice (storage, ctx->number, &invoice, error))
    return FALSE;
  if (invoice == NULL || !g_str_equal (invoice->tenant, ctx->tenant) ||
      (document = parse_document (invoice)) == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("This team has no such invoice."));
      return FALSE;
    }
  ctx->pdf = ms_invoice_render_pdf (document, &local_error);
  if (ctx->pdf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_server_billing_invoice_pdf:
 *
 * GET /v1/teams/{team}/invoices/{number} (owners): the invoice as a PDF
 */
GBytes *
ms_server_billing_invoice_pdf (MsServerStorage     *storage,
                               const MsServerUser  *user,
                               const char          *team_id,
                               const char          *number,
                               gint64               now,
                               char               **needed_plan,
                               GError             **error)
{
  g_auto(Ctx) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.number = number;
  ctx.now = now;
  ctx.owners_only = TRUE;
  if (!ms_server_storage_transaction (storage, TRUE, pdf_in_transaction, &ctx, error))
    {
      *needed_plan = g_steal_pointer (&ctx.needed_plan);
      return NULL;
    }
  return g_steal_pointer (&ctx.pdf);
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

typedef struct
{
  const char *tenant;
  const char *number;
  const char *company_name;
  const char *reason;
  gint64      amount;
  gint64      now;
  guint       n_issued;
  char       *issued;
} StaffCtx;

static gboolean
advance_in_transaction (MsServerStorage  *storage,
                        gpointer          user_data,
                        GError          **error)
{
  StaffCtx *ctx = user_data;
  guint n = 0;

  if (!ms_server_billing_advance (storage, ctx->tenant, ctx->now, &n, error))
    return FALSE;
  ctx->n_issued += n;
  return TRUE;
}

/**
 * ms_server_billing_bill_all:
 *
 * `msgscore-server bill`: every subscription brought up to @now, one
 * transaction each. Running it twice changes nothing the second time.
 */
gboolean
ms_server_billing_bill_all (MsServerStorage  *storage,
                           gint64            now,
                           guint            *n_issued,
                           GError          **error)
{
  g_auto(GStrv) tenants = ms_server_storage_list_subscriptions (storage, error);
  StaffCtx ctx = { 0 };

  if (tenants == NULL)
    return FALSE;
  ctx.now = now;
  for (guint i = 0; tenants[i] != NULL; i++)
    {
      ctx.tenant = tenants[i];
      if (!ms_server_storage_transaction (storage, TRUE, advance_in_transaction, &ctx, error))
        return FALSE;
    }
  if (n_issued != NULL)
    *n_issued = ctx.n_issued;
  return TRUE;
}

static gboolean
mark_paid_in_transaction (MsServerStorage  *storage,
                          gpointer          user_data,
                          GError          **error)
{
  StaffCtx *ctx = user_data;
  g_autoptr(MsServerInvoice) invoice = NULL;
  gint64 amount;

  if (!ms_server_storage_get_invoice (storage, ctx->number, &invoice, error))
    return FALSE;
  if (invoice == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   /* Translators: %s is an invoice number */
                   _("There is no invoice %s."), ctx->number);
      return FALSE;
    }
  amount = ctx->amount > 0 ? ctx->amount : invoice->total - invoice->paid;
  if (amount <= 0)
    return TRUE;
  return ms_server_storage_add_payment (storage, ctx->number, amount, ctx->now, ctx->now,
                                        error) &&
         feed_customer_success (storage, invoice->tenant, ctx->now, error);
}

/**
 * ms_server_billing_mark_paid:
 * @amount: yen received, or 0 for what is left to pay
 */
gboolean
ms_server_billing_mark_paid (MsServerStorage  *storage,
                             const char       *number,
                             gint64            amount,
                             gint64            now,
                             GError          **error)
{
  StaffCtx ctx = { 0 };

  ctx.number = number;
  ctx.amount = amount;
  ctx.now = now;
  return ms_server_storage_transaction (storage, TRUE, mark_paid_in_transaction, &ctx, error);
}

/**
 * ms_server_billing_set_issuer:
 * @check: (out): whether the registration number's check digit holds
 *   (a mismatch is kept, with a warning to the caller)
 *
 * What every invoice from now on names as its issuer. Issued invoices
 * keep the issuer they were issued with.
 */
gboolean
ms_server_billing_set_issuer (MsServerStorage       *storage,
                              const char            *name,
                              const char            *registration_number,
                              const char            *address,
                              MsInvoiceNumberCheck  *check,
                              GError               **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The issuer needs a name."));
      return FALSE;
    }
  if (!ms_invoice_check_registration_number (registration_number, check, error))
    return FALSE;
  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "registration_number", registration_number);
  json_object_set_string_member (o, "address", address != NULL ? address : "");
  json_node_set_object (node, o);
  text = json_to_string (node, FALSE);
  return ms_server_storage_set_setting (storage, "issuer", text, error);
}

static gboolean
correct_in_transaction (MsServerStorage  *storage,
                        gpointer          user_data,
                        GError          **error)
{
  StaffCtx *ctx = user_data;
  g_autoptr(MsServerInvoice) original = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_billing_line_free);
  g_autoptr(MsServerTeam) team = NULL;
  g_auto(Sub) sub = { 0 };
  JsonArray *array;

  if (!ms_server_storage_get_invoice (storage, ctx->number, &original, error))
    return FALSE;
  if (original == NULL || (document = parse_document (original)) == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   _("There is no invoice %s."), ctx->number);
      return FALSE;
    }
  if (!ms_server_storage_get_team (storage, original->tenant, &team, error) ||
      !load_sub (storage, original->tenant, &sub, error))
    return FALSE;
  if (team == NULL || sub.row == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   _("The team of invoice %s no longer exists."), ctx->number);
      return FALSE;
    }
  array = json_object_get_array_member (document, "lines");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      MsBillingLine *line = ms_billing_line_from_json (json_array_get_object_element (array, i),
                                                       error);

      if (line == NULL)
        return FALSE;
      g_ptr_array_add (lines, line);
    }
  if (ctx->company_name != NULL)
    {
      g_free (sub.row->company_name);
      sub.row->company_name = g_strdup (ctx->company_name);
      if (!save_sub (storage, &sub, ctx->now, error))
        return FALSE;
    }
  return issue (storage, team, &sub, lines, ctx->company_name, ctx->number, ctx->reason, ctx->now,
                &ctx->issued, error);
}

/**
 * ms_server_billing_correct:
 * @company_name: (nullable): the corrected recipient (kept for later invoices)
 * @reason: (nullable): why, printed on the correction
 *
 * Issues a new invoice of the same lines that names @number as the one it
 * corrects; both are kept, and the original's payments count for it.
 *
 * Returns: the new invoice's number
 */
char *
ms_server_billing_correct (MsServerStorage  *storage,
                           const char       *number,
                           const char       *company_name,
                           const char       *reason,
                           gint64            now,
                           GError          **error)
{
  StaffCtx ctx = { 0 };

  ctx.number = number;
  ctx.company_name = company_name;
  ctx.reason = reason;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, TRUE, correct_in_transaction, &ctx, error))
    {
      g_free (ctx.issued);
      return NULL;
    }
  return ctx.issued;
}

typedef struct
{
  const char *tenant;
  gint64      now;
  gint64      unpaid;
  gint64      overdue;
} StatusCtx;

static gboolean
status_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  StatusCtx *ctx = user_data;

  return payment_status (storage, ctx->tenant, ctx->now, &ctx->unpaid, &ctx->overdue, error);
}

/**
 * ms_server_billing_payment_status:
 * @unpaid: (out): yen not yet paid (corrected invoices count once)
 * @overdue_days: (out): days the oldest unpaid invoice is past its due
 *   date, 0 when none is
 *
 * What the customer-success side scores as payment (DOMAIN.md: none, 1–7,
 * 8–30, more than 30 days overdue).
 */
gboolean
ms_server_billing_payment_status (MsServerStorage  *storage,
                                  const char       *tenant,
                                  gint64            now,
                                  gint64           *unpaid,
                                  gint64           *overdue_days,
                                  GError          **error)
{
  StatusCtx ctx = { tenant, now, 0, 0 };

  if (!ms_server_storage_transaction (storage, FALSE, status_in_transaction, &ctx, error))
    return FALSE;
  *unpaid = ctx.unpaid;
  *overdue_days = ctx.overdue;
  return TRUE;
}
