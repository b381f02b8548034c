/* ms-server-billing-staff.c — billing for the service's staff and the daily job: `msgscore-server
 * bill`, payments received (`mark-paid`), the issuer, corrections, and a tenant's payment
 * status
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
  return ms_server_storage_add_payment (storage, ctx->number, amount, ctx->now, ctx->now, error) &&
         _ms_server_billing_feed_customer_success (storage, invoice->tenant, ctx->now, error);
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
  if (original == NULL || (document = _ms_server_billing_parse_document (original)) == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   _("There is no invoice %s."), ctx->number);
      return FALSE;
    }
  if (!ms_server_storage_get_team (storage, original->tenant, &team, error) ||
      !_ms_server_billing_load_sub (storage, original->tenant, &sub, error))
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
      if (!_ms_server_billing_save_sub (storage, &sub, ctx->now, error))
        return FALSE;
    }
  return _ms_server_billing_issue (storage, team, &sub, lines, ctx->company_name, ctx->number,
                                   ctx->reason, ctx->now, &ctx->issued, error);
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

  return _ms_server_billing_payment_status (storage, ctx->tenant, ctx->now, &ctx->unpaid,
                                            &ctx->overdue, error);
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
