/* ms-server-billing-team.c — a team's own billing calls (the routes' work): its subscription
 * described, changed, cancelled or resumed, its invoices and an invoice's PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"
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

gboolean
_ms_server_billing_payment_status (MsServerStorage  *storage,
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

      if (_ms_server_billing_is_superseded (invoices, invoice))
        continue;
      left = invoice->total - _ms_server_billing_paid_for (invoices, invoice);
      if (left <= 0)
        continue;
      *unpaid += left;
      *overdue = MAX (*overdue, _ms_server_billing_days_overdue (invoice, now));
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

  if (!_ms_server_billing_load_sub (storage, ctx->tenant, &sub, error) ||
      !_ms_server_billing_payment_status (storage, ctx->tenant, ctx->now, &unpaid, &overdue,
                                          error) ||
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
  json_object_set_string_member (o, "company_name",
                                 _ms_server_billing_recipient_of (ctx->team, &sub));
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

  if (!begin (storage, ctx, error) ||
      !_ms_server_billing_load_sub (storage, ctx->tenant, &sub, error))
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

  /* Without a plan or a cycle only the recipient changes: what waits for
   * the period's end (a downgrade, fewer owners, the cancellation) stays. */
  if (json_object_has_member (ctx->request, "plan") ||
      json_object_has_member (ctx->request, "cycle"))
    quote = ms_billing_quote_change (&sub.state, plan, cycle, ctx->team->extra_owners,
                                     ms_billing_day_from_time (ctx->now), &local_error);
  if (quote == NULL && local_error != NULL &&
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
          !_ms_server_billing_issue (storage, ctx->team, &sub, quote->lines, NULL, NULL, NULL,
                                     ctx->now, &number, error))
        return FALSE;
    }
  if (!_ms_server_billing_save_sub (storage, &sub, ctx->now, error) ||
      !_ms_server_billing_sync_team (storage, ctx->team, &sub, error) ||
      !describe (storage, ctx, error))
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
 * @request: {plan?, cycle?, company_name?}; without plan and cycle, only
 *   the recipient of the next invoices changes
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

  if (!begin (storage, ctx, error) ||
      !_ms_server_billing_load_sub (storage, ctx->tenant, &sub, error))
    return FALSE;
  if (sub.row == NULL || sub.state.status == MS_SUBSCRIPTION_CANCELED)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("This team has no subscription running."));
      return FALSE;
    }
  sub.row->cancel_at_period_end = ctx->cancel;
  return _ms_server_billing_save_sub (storage, &sub, ctx->now, error) &&
         _ms_server_billing_sync_team (storage, ctx->team, &sub, error) &&
         describe (storage, ctx, error);
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
      g_autoptr (JsonObject) document = _ms_server_billing_parse_document (invoice);
      JsonObject *o = json_object_new ();
      gint64      paid = _ms_server_billing_paid_for (invoices, invoice);
      gboolean    superseded = _ms_server_billing_is_superseded (invoices, invoice);
      gint64      overdue = paid < invoice->total && !superseded
                                ? _ms_server_billing_days_overdue (invoice, ctx->now)
                                : 0;

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
      (document = _ms_server_billing_parse_document (invoice)) == NULL)
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
