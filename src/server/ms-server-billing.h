/* ms-server-billing.h — team subscriptions, trials, invoices and payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "billing/ms-invoice.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_PROVIDER_INVOICE "invoice"

/* How a subscription is paid. The built-in "invoice" provider (請求書払い)
 * issues invoices payable by bank transfer; staff record what was received
 * (msgscore-server mark-paid). A card provider implements the same. */
#define MS_TYPE_SERVER_PAYMENT_PROVIDER (ms_server_payment_provider_get_type ())

G_DECLARE_INTERFACE (MsServerPaymentProvider, ms_server_payment_provider, MS,
                     SERVER_PAYMENT_PROVIDER, GObject)

struct _MsServerPaymentProviderInterface
{
  GTypeInterface parent_iface;

  const char *(*get_id)  (MsServerPaymentProvider  *self);
  /* Inside the transaction that issues @invoice: sets when it is due and,
   * for a provider that can take the money now, takes it
   * (ms_server_storage_add_payment()). */
  gboolean    (*collect) (MsServerPaymentProvider  *self,
                          MsServerStorage          *storage,
                          MsServerInvoice          *invoice,
                          gint64                    now,
                          GError                  **error);
};

MsServerPaymentProvider *ms_server_payment_provider_lookup (const char *id);

/* Inside a write transaction */
gboolean    ms_server_billing_start          (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const MsServerTeam  *team,
                                              MsBillingCycle       cycle,
                                              const char          *company_name,
                                              gint64               now,
                                              GError             **error);
gboolean    ms_server_billing_advance        (MsServerStorage     *storage,
                                              const char          *tenant,
                                              gint64               now,
                                              guint               *n_issued,
                                              GError             **error);
gboolean    ms_server_billing_owners_changed (MsServerStorage     *storage,
                                              const MsServerTeam  *team,
                                              gint64               now,
                                              GError             **error);
gboolean    ms_server_billing_staff_set_plan (MsServerStorage     *storage,
                                              MsServerTeam        *team,
                                              const char          *plan,
                                              gint64               now,
                                              gboolean            *deferred,
                                              GError             **error);

/* Routes: each runs its own transactions */
JsonObject *ms_server_billing_get            (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const char          *team_id,
                                              gint64               now,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_billing_change         (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const char          *team_id,
                                              JsonObject          *request,
                                              gint64               now,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_billing_cancel         (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const char          *team_id,
                                              gboolean             cancel,
                                              gint64               now,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_billing_invoices       (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const char          *team_id,
                                              gint64               now,
                                              char               **needed_plan,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
GBytes     *ms_server_billing_invoice_pdf    (MsServerStorage     *storage,
                                              const MsServerUser  *user,
                                              const char          *team_id,
                                              const char          *number,
                                              gint64               now,
                                              char               **needed_plan,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Staff */
gboolean    ms_server_billing_bill_all       (MsServerStorage     *storage,
                                              gint64               now,
                                              guint               *n_issued,
                                              GError             **error);
gboolean    ms_server_billing_mark_paid      (MsServerStorage     *storage,
                                              const char          *number,
                                              gint64               amount,
                                              gint64               now,
                                              GError             **error);
gboolean    ms_server_billing_set_issuer     (MsServerStorage     *storage,
                                              const char          *name,
                                              const char          *registration_number,
                                              const char          *address,
                                              MsInvoiceNumberCheck *check,
                                              GError             **error);
char       *ms_server_billing_correct        (MsServerStorage     *storage,
                                              const char          *number,
                                              const char          *company_name,
                                              const char          *reason,
                                              gint64               now,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_billing_payment_status (MsServerStorage     *storage,
                                              const char          *tenant,
                                              gint64               now,
                                              gint64              *unpaid,
                                              gint64              *overdue_days,
                                              GError             **error);

G_END_DECLS
