/* ms-server-billing-private.h — what the parts of billing on the server share
 * (ms-server-billing*.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "billing/ms-billing.h"
#include "ms-server-storage.h"
#include "ms-server-teams.h"
#include "store/ms-entitlements.h"

G_BEGIN_DECLS

#define FREE_PLAN MS_ENTITLEMENTS_DEFAULT_PLAN

typedef struct
{
  MsServerSubscription *row;
  MsSubscriptionState   state;
} Sub;

static inline void
sub_clear (Sub *sub)
{
  g_clear_pointer (&sub->row, ms_server_subscription_free);
  ms_subscription_state_clear (&sub->state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sub, sub_clear)

static inline char *
tenant_for_id (const char *team_id)
{
  return g_strconcat (MS_SERVER_TEAM_PREFIX, team_id != NULL ? team_id : "", NULL);
}

gboolean
_ms_server_billing_load_sub (MsServerStorage  *storage,
          const char       *tenant,
          Sub              *sub,
          GError          **error);

gboolean
_ms_server_billing_save_sub (MsServerStorage  *storage,
          Sub              *sub,
          gint64            now,
          GError          **error);

gboolean
_ms_server_billing_sync_team (MsServerStorage  *storage,
           MsServerTeam     *team,
           Sub              *sub,
           GError          **error);

const char *
_ms_server_billing_recipient_of (const MsServerTeam *team,
              const Sub          *sub);

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
       GError             **error);

JsonObject *
_ms_server_billing_parse_document (const MsServerInvoice *invoice);

gint64
_ms_server_billing_paid_for (GPtrArray             *invoices,
          const MsServerInvoice *invoice);

gboolean
_ms_server_billing_is_superseded (GPtrArray             *invoices,
               const MsServerInvoice *invoice);

gboolean
_ms_server_billing_feed_customer_success (MsServerStorage  *storage,
                       const char       *tenant,
                       gint64            now,
                       GError          **error);

gint64
_ms_server_billing_days_overdue (const MsServerInvoice *invoice,
              gint64                 now);

gboolean
_ms_server_billing_payment_status (MsServerStorage  *storage,
                const char       *tenant,
                gint64            now,
                gint64           *unpaid,
                gint64           *overdue,
                GError          **error);

G_END_DECLS
