/* ms-sync-client.h — keeps a profile's store in sync with msgscore-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/ms-store.h"
#include "store/ms-team.h"
#include "score/ms-message.h"
#include "score/ms-score-result.h"
#include "score/ms-team-stats.h"
#include "sync/ms-sync-error.h"
#include "sync/ms-team-invite.h"
#include "sync/ms-token-store.h"

G_BEGIN_DECLS

typedef enum
{
  MS_SYNC_STATE_SIGNED_OUT,  /* no account: everything stays on this device */
  MS_SYNC_STATE_SYNCED,      /* nothing waiting; the last round succeeded */
  MS_SYNC_STATE_SYNCING,     /* a round is running */
  MS_SYNC_STATE_OFFLINE,     /* the server cannot be reached; retrying */
  MS_SYNC_STATE_WAITING,     /* changes wait (backing off, or not started) */
  MS_SYNC_STATE_ERROR,       /* stopped until the user acts: see last-error */
} MsSyncState;

#define MS_TYPE_SYNC_STATE (ms_sync_state_get_type ())
GType ms_sync_state_get_type (void);

#define MS_TYPE_SYNC_CLIENT (ms_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (MsSyncClient, ms_sync_client, MS, SYNC_CLIENT, GObject)

/* Test hook: called at "push-before-send" and "push-after-response" (after
 * the server's answer was read, before it is committed locally). */
typedef void (*MsSyncStepHook) (MsSyncClient *client,
                                const char   *step,
                                gpointer      user_data);

MsSyncClient *ms_sync_client_new              (MsStore              *store,
                                               const char           *server_url,
                                               MsTokenStore         *tokens) G_GNUC_WARN_UNUSED_RESULT;
char         *ms_sync_client_dup_saved_server (MsStore              *store) G_GNUC_WARN_UNUSED_RESULT;
MsStore      *ms_sync_client_get_store        (MsSyncClient         *self);
const char   *ms_sync_client_get_server_url   (MsSyncClient         *self);
MsSyncState   ms_sync_client_get_state        (MsSyncClient         *self);
gboolean      ms_sync_client_get_syncing      (MsSyncClient         *self);
guint         ms_sync_client_get_pending      (MsSyncClient         *self);
const char   *ms_sync_client_get_last_error   (MsSyncClient         *self);
const GError *ms_sync_client_get_error        (MsSyncClient         *self);
gint64        ms_sync_client_get_last_synced  (MsSyncClient         *self);
gboolean      ms_sync_client_get_signed_in    (MsSyncClient         *self);
const char   *ms_sync_client_get_email        (MsSyncClient         *self);
const char   *ms_sync_client_get_tenant       (MsSyncClient         *self);
char         *ms_sync_client_describe_state   (MsSyncClient         *self) G_GNUC_WARN_UNUSED_RESULT;

void          ms_sync_client_sign_in_async    (MsSyncClient         *self,
                                               const char           *email,
                                               const char           *password,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      ms_sync_client_sign_in_finish   (MsSyncClient         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void          ms_sync_client_sign_up_async    (MsSyncClient         *self,
                                               const char           *email,
                                               const char           *password,
                                               const char           *name,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      ms_sync_client_sign_up_finish   (MsSyncClient         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void          ms_sync_client_sign_out_async   (MsSyncClient         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      ms_sync_client_sign_out_finish  (MsSyncClient         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void          ms_sync_client_sync_async       (MsSyncClient         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      ms_sync_client_sync_finish      (MsSyncClient         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean      ms_sync_client_reset            (MsSyncClient         *self,
                                               GError              **error);
void          ms_sync_client_start            (MsSyncClient         *self);
void          ms_sync_client_stop             (MsSyncClient         *self);

/* Teams (README-sync.md, "Teams"); @team is a tenant "team:<uuid>". */
void          ms_sync_client_create_team_async    (MsSyncClient         *self,
                                                   const char           *name,
                                                   const char           *plan,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
MsTeam       *ms_sync_client_create_team_finish   (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_invite_async         (MsSyncClient         *self,
                                                   const char           *team,
                                                   const char           *email,
                                                   const char           *role,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char         *ms_sync_client_invite_finish        (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_accept_invite_async  (MsSyncClient         *self,
                                                   const char           *token,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
MsTeam       *ms_sync_client_accept_invite_finish (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_remove_member_async  (MsSyncClient         *self,
                                                   const char           *team,
                                                   const char           *user_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      ms_sync_client_remove_member_finish (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          ms_sync_client_cancel_invites_async (MsSyncClient         *self,
                                                   const char           *team,
                                                   const char           *email,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      ms_sync_client_cancel_invites_finish (MsSyncClient        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          ms_sync_client_list_invites_async   (MsSyncClient         *self,
                                                   const char           *team,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *ms_sync_client_list_invites_finish  (MsSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* A team's subscription and invoices (ms-sync-billing.c) */
void          ms_sync_client_get_subscription_async     (MsSyncClient         *self,
                                                         const char           *team,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject   *ms_sync_client_get_subscription_finish    (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_change_subscription_async  (MsSyncClient         *self,
                                                         const char           *team,
                                                         const char           *plan,
                                                         const char           *cycle,
                                                         const char           *company_name,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject   *ms_sync_client_change_subscription_finish (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_cancel_subscription_async  (MsSyncClient         *self,
                                                         const char           *team,
                                                         gboolean              cancel,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject   *ms_sync_client_cancel_subscription_finish (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_list_invoices_async        (MsSyncClient         *self,
                                                         const char           *team,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
JsonObject   *ms_sync_client_list_invoices_finish       (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_download_invoice_async     (MsSyncClient         *self,
                                                         const char           *team,
                                                         const char           *number,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GBytes       *ms_sync_client_download_invoice_finish    (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_fetch_team_stats_async  (MsSyncClient         *self,
                                                      const char           *team,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
MsTeamStats  *ms_sync_client_fetch_team_stats_finish (MsSyncClient         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* The team's keys of the public scoring API (ms-sync-api-keys.c) */
void          ms_sync_client_create_api_key_async  (MsSyncClient        *self,
                                                    const char          *team,
                                                    const char          *name,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonObject   *ms_sync_client_create_api_key_finish (MsSyncClient        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_list_api_keys_async   (MsSyncClient        *self,
                                                    const char          *team,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonObject   *ms_sync_client_list_api_keys_finish  (MsSyncClient        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_revoke_api_key_async  (MsSyncClient        *self,
                                                    const char          *team,
                                                    const char          *key_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      ms_sync_client_revoke_api_key_finish (MsSyncClient        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Share links (ms-sync-shares.c) */
void          ms_sync_client_create_share_async  (MsSyncClient         *self,
                                                  const char           *history_id,
                                                  const MsMessage      *message,
                                                  const MsScoreResult  *result,
                                                  const char           *sender,
                                                  guint                 days,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonObject   *ms_sync_client_create_share_finish (MsSyncClient         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_list_shares_async   (MsSyncClient         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
JsonObject   *ms_sync_client_list_shares_finish  (MsSyncClient         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_sync_client_revoke_share_async  (MsSyncClient         *self,
                                                  const char           *id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      ms_sync_client_revoke_share_finish (MsSyncClient         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* The service's staff (ms-sync-staff.c): the staff routes' answers are kept
 * in the store (MsStaffRepository), so the Accounts section opens offline. */
const char   *ms_sync_client_get_staff_role         (MsSyncClient         *self);
const char   *ms_sync_client_get_user_id            (MsSyncClient         *self);
void          ms_sync_client_fetch_staff_async      (MsSyncClient         *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean      ms_sync_client_fetch_staff_finish     (MsSyncClient         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void          ms_sync_client_fetch_staff_account_async  (MsSyncClient         *self,
                                                         const char           *account,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean      ms_sync_client_fetch_staff_account_finish (MsSyncClient         *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* For tests and benchmarks. */
void          ms_sync_client_set_step_hook    (MsSyncClient         *self,
                                               MsSyncStepHook        hook,
                                               gpointer              user_data);
void          ms_sync_client_set_batch_size   (MsSyncClient         *self,
                                               guint                 mutations);
void          ms_sync_client_set_backoff_seed (MsSyncClient         *self,
                                               guint32               seed,
                                               guint                 base_ms);

G_END_DECLS
