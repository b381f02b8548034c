/* ms-server-storage.c — the storage interface of msgscore-server
 *
 * Routes and the sync logic talk to this interface only; ms-server-sqlite.c
 * implements it on one SQLite file and ms-server-pg.c on PostgreSQL
 * (ms-server-backends.c chooses). Rules every backend keeps:
 * - put_row() takes the tenant's next version for each row it writes;
 * - transaction() runs its function in one database transaction (write:
 *   serialised with every other writer; read: one snapshot) and rolls back
 *   when it returns FALSE;
 * - every row query names its tenant;
 * - a storage is used by one thread at a time; open_for_thread() gives
 *   each worker thread of the server one of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-server-storage.h"

G_DEFINE_INTERFACE (MsServerStorage, ms_server_storage, G_TYPE_OBJECT)

static void
ms_server_storage_default_init (MsServerStorageInterface *iface)
{
}

/**
 * ms_server_row_get_scoring_fact:
 * @total: (out): the row's score
 * @goal: (out): the goal of its input's segment, or NULL
 *
 * What a team's figures read of a score_history row (foreach_team_scoring):
 * each backend keeps it beside the row when it writes one.
 *
 * Returns: whether @row is a live saved scoring
 */
gboolean
ms_server_row_get_scoring_fact (const MsServerRow  *row,
                                int                *total,
                                char              **goal)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) input = NULL;
  JsonObject *o = row->object, *segment;
  JsonNode *member;

  *total = 0;
  *goal = NULL;
  if (g_strcmp0 (row->entity, "score_history") != 0 || row->deleted_at != 0)
    return FALSE;
  if (o == NULL)
    {
      if ((node = json_from_string (row->row_json, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      o = json_node_get_object (node);
    }
  member = json_object_get_member (o, "total");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64)
    *total = (int) CLAMP (json_node_get_int (member), 0, 100);
  member = json_object_get_member (o, "input_json");
  /* input_json is a client's text: anything but its segment's goal is ignored */
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING &&
      (input = json_from_string (json_node_get_string (member), NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (input) &&
      json_object_has_member (json_node_get_object (input), "segment") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (input), "segment")))
    {
      segment = json_object_get_object_member (json_node_get_object (input), "segment");
      member = json_object_get_member (segment, "goal");
      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING &&
          strlen (json_node_get_string (member)) <= 32)
        *goal = g_strdup (json_node_get_string (member));
    }
  return TRUE;
}

void
ms_server_user_free (MsServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->id);
  g_free (user->email);
  g_free (user->name);
  g_free (user->password_hash);
  g_free (user->plan);
  g_free (user);
}

void
ms_server_token_free (MsServerToken *token)
{
  if (token == NULL)
    return;
  g_free (token->user_id);
  g_free (token->session_id);
  g_free (token);
}

void
ms_server_row_free (MsServerRow *row)
{
  if (row == NULL)
    return;
  g_free (row->entity);
  g_free (row->id);
  g_free (row->row_json);
  g_free (row);
}

void
ms_server_tenant_state_clear (MsServerTenantState *state)
{
  g_clear_pointer (&state->epoch, g_free);
}

void
ms_server_team_free (MsServerTeam *team)
{
  if (team == NULL)
    return;
  g_free (team->tenant);
  g_free (team->name);
  g_free (team->plan);
  g_free (team->plan_next);
  g_free (team);
}

void
ms_server_subscription_free (MsServerSubscription *subscription)
{
  if (subscription == NULL)
    return;
  g_free (subscription->tenant);
  g_free (subscription->state_json);
  g_free (subscription->plan_next);
  g_free (subscription->cycle_next);
  g_free (subscription->provider);
  g_free (subscription->company_name);
  g_free (subscription);
}

void
ms_server_invoice_free (MsServerInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->number);
  g_free (invoice->tenant);
  g_free (invoice->corrects);
  g_free (invoice->document_json);
  g_free (invoice);
}

void
ms_server_invite_free (MsServerInvite *invite)
{
  if (invite == NULL)
    return;
  g_free (invite->hash);
  g_free (invite->tenant);
  g_free (invite->email);
  g_free (invite->role);
  g_free (invite->invited_by);
  g_free (invite);
}

void
ms_server_api_key_free (MsServerApiKey *key)
{
  if (key == NULL)
    return;
  g_free (key->id);
  g_free (key->hash);
  g_free (key->tenant);
  g_free (key->name);
  g_free (key->prefix);
  g_free (key->created_by);
  g_free (key);
}

/**
 * ms_server_storage_open_for_thread:
 *
 * Returns: (transfer full): a storage on the same database for the calling
 *   thread: its own SQLite connection, or the same thread-safe PostgreSQL
 *   object (each thread has its own connection there)
 */
MsServerStorage *
ms_server_storage_open_for_thread (MsServerStorage  *self,
                                   GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->open_for_thread (self, error);
}

gboolean
ms_server_storage_ping (MsServerStorage  *self,
                        GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->ping (self, error);
}

gboolean
ms_server_storage_create_user (MsServerStorage     *self,
                               const MsServerUser  *user,
                               const char          *tenant,
                               GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->create_user (self, user, tenant, error);
}

gboolean
ms_server_storage_find_user (MsServerStorage  *self,
                             const char       *id,
                             const char       *email,
                             MsServerUser    **out,
                             GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_user (self, id, email, out, error);
}

gboolean
ms_server_storage_set_plan (MsServerStorage  *self,
                            const char       *email,
                            const char       *plan,
                            GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->set_plan (self, email, plan, error);
}

gboolean
ms_server_storage_add_token (MsServerStorage      *self,
                             const char           *token_hash,
                             const char           *kind,
                             const MsServerToken  *token,
                             GError              **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_token (self, token_hash, kind, token, error);
}

gboolean
ms_server_storage_find_token (MsServerStorage  *self,
                              const char       *token_hash,
                              const char       *kind,
                              MsServerToken   **out,
                              GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_token (self, token_hash, kind, out, error);
}

/**
 * ms_server_storage_find_token_user:
 * @token: (out): the token, or %NULL when there is none
 * @user: (out): its user, or %NULL when the token or the user is gone
 */
gboolean
ms_server_storage_find_token_user (MsServerStorage  *self,
                                   const char       *token_hash,
                                   const char       *kind,
                                   MsServerToken   **token,
                                   MsServerUser    **user,
                                   GError          **error)
{
  MsServerStorageInterface *iface;

  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  iface = MS_SERVER_STORAGE_GET_IFACE (self);
  *user = NULL;
  if (iface->find_token_user != NULL)
    return iface->find_token_user (self, token_hash, kind, token, user, error);
  if (!iface->find_token (self, token_hash, kind, token, error))
    return FALSE;
  return *token == NULL || iface->find_user (self, (*token)->user_id, NULL, user, error);
}

gboolean
ms_server_storage_revoke_token (MsServerStorage  *self,
                                const char       *token_hash,
                                gint64            now,
                                gboolean         *revoked,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->revoke_token (self, token_hash, now, revoked, error);
}

/**
 * ms_server_storage_revoke_session:
 * @kind: (nullable): "access" or "refresh" only; NULL for both
 */
gboolean
ms_server_storage_revoke_session (MsServerStorage  *self,
                                  const char       *session_id,
                                  const char       *kind,
                                  gint64            now,
                                  GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->revoke_session (self, session_id, kind, now, error);
}

gboolean
ms_server_storage_add_login_failure (MsServerStorage  *self,
                                     const char       *key,
                                     gint64            at,
                                     GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_login_failure (self, key, at, error);
}

gboolean
ms_server_storage_count_login_failures (MsServerStorage  *self,
                                        const char       *key,
                                        gint64            since,
                                        guint            *count,
                                        gint64           *oldest,
                                        GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->count_login_failures (self, key, since, count, oldest, error);
}

gboolean
ms_server_storage_clear_login_failures (MsServerStorage  *self,
                                        const char       *key,
                                        GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->clear_login_failures (self, key, error);
}

/**
 * ms_server_storage_get_secret:
 * @candidate: the value to keep if @name has none yet
 * @value: (out): the value kept, the same for every server process
 */
gboolean
ms_server_storage_get_secret (MsServerStorage  *self,
                              const char       *name,
                              const char       *candidate,
                              char            **value,
                              GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_secret (self, name, candidate, value, error);
}

gboolean
ms_server_storage_get_role (MsServerStorage  *self,
                            const char       *tenant,
                            const char       *user_id,
                            char            **role,
                            GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_role (self, tenant, user_id, role, error);
}

JsonArray *
ms_server_storage_list_tenants (MsServerStorage  *self,
                                const char       *user_id,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_tenants (self, user_id, error);
}

gboolean
ms_server_storage_transaction (MsServerStorage      *self,
                               gboolean              write,
                               MsServerStorageFunc   func,
                               gpointer              user_data,
                               GError              **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->transaction (self, write, func, user_data, error);
}

gboolean
ms_server_storage_get_last_mutation_id (MsServerStorage  *self,
                                        const char       *user_id,
                                        const char       *client_id,
                                        gint64           *id,
                                        GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_last_mutation_id (self, user_id, client_id, id, error);
}

gboolean
ms_server_storage_set_last_mutation_id (MsServerStorage  *self,
                                        const char       *user_id,
                                        const char       *client_id,
                                        gint64            id,
                                        GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->set_last_mutation_id (self, user_id, client_id, id, error);
}

gboolean
ms_server_storage_get_row (MsServerStorage  *self,
                           const char       *tenant,
                           const char       *entity,
                           const char       *id,
                           MsServerRow     **out,
                           GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_row (self, tenant, entity, id, out, error);
}

gboolean
ms_server_storage_find_row_by_key (MsServerStorage  *self,
                                   const char       *tenant,
                                   const char       *entity,
                                   const char       *key,
                                   gboolean          live_only,
                                   char            **id,
                                   GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_row_by_key (self, tenant, entity, key, live_only, id, error);
}

gboolean
ms_server_storage_count_rows (MsServerStorage  *self,
                              const char       *tenant,
                              const char       *entity,
                              gint64            created_from,
                              gint64            created_to,
                              gboolean          live_only,
                              const char       *exclude_id,
                              gint64           *count,
                              GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->count_rows (self, tenant, entity, created_from, created_to, live_only, exclude_id, count, error);
}

gboolean
ms_server_storage_put_row (MsServerStorage    *self,
                           const char         *tenant,
                           const MsServerRow  *row,
                           const char         *key,
                           gint64             *version,
                           GError            **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->put_row (self, tenant, row, key, version, error);
}

gboolean
ms_server_storage_get_tenant_state (MsServerStorage      *self,
                                    const char           *tenant,
                                    MsServerTenantState  *state,
                                    GError              **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_tenant_state (self, tenant, state, error);
}

GPtrArray *
ms_server_storage_list_changes (MsServerStorage  *self,
                                const char       *tenant,
                                gint64            after_version,
                                gboolean          live_only,
                                guint             limit,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_changes (self, tenant, after_version, live_only, limit, error);
}

gboolean
ms_server_storage_rotate_epoch (MsServerStorage  *self,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->rotate_epoch (self, error);
}

gboolean
ms_server_storage_purge_tombstones (MsServerStorage  *self,
                                    gint64            deleted_before,
                                    guint            *n_purged,
                                    GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->purge_tombstones (self, deleted_before, n_purged, error);
}

gboolean
ms_server_storage_create_team (MsServerStorage     *self,
                               const MsServerTeam  *team,
                               GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->create_team (self, team, error);
}

gboolean
ms_server_storage_get_team (MsServerStorage  *self,
                            const char       *tenant,
                            MsServerTeam    **out,
                            GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_team (self, tenant, out, error);
}

gboolean
ms_server_storage_update_team (MsServerStorage     *self,
                               const MsServerTeam  *team,
                               GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->update_team (self, team, error);
}

gboolean
ms_server_storage_set_member (MsServerStorage  *self,
                              const char       *tenant,
                              const char       *user_id,
                              const char       *role,
                              gint64            now,
                              GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->set_member (self, tenant, user_id, role, now, error);
}

gboolean
ms_server_storage_remove_member (MsServerStorage  *self,
                                 const char       *tenant,
                                 const char       *user_id,
                                 GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->remove_member (self, tenant, user_id, error);
}

gboolean
ms_server_storage_count_members (MsServerStorage  *self,
                                 const char       *tenant,
                                 const char       *role,
                                 gint64           *count,
                                 GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->count_members (self, tenant, role, count, error);
}

JsonArray *
ms_server_storage_list_members (MsServerStorage  *self,
                                const char       *tenant,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_members (self, tenant, error);
}

gboolean
ms_server_storage_add_invite (MsServerStorage       *self,
                              const MsServerInvite  *invite,
                              GError               **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_invite (self, invite, error);
}

gboolean
ms_server_storage_find_invite (MsServerStorage  *self,
                               const char       *hash,
                               MsServerInvite  **out,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_invite (self, hash, out, error);
}

gboolean
ms_server_storage_use_invite (MsServerStorage  *self,
                              const char       *hash,
                              const char       *user_id,
                              gint64            now,
                              GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->use_invite (self, hash, user_id, now, error);
}

JsonArray *
ms_server_storage_list_invites (MsServerStorage  *self,
                                const char       *tenant,
                                gint64            now,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_invites (self, tenant, now, error);
}

/**
 * ms_server_storage_foreach_team_scoring:
 * @tenant: a team tenant
 * @since: the first microsecond of the window
 *
 * Calls @func for each live saved scoring of each current member of the
 * team, saved since @since and since the member joined the team: what a
 * member saved before joining stays theirs alone.
 */
gboolean
ms_server_storage_foreach_team_scoring (MsServerStorage      *self,
                                        const char           *tenant,
                                        gint64                since,
                                        MsServerScoringFunc   func,
                                        gpointer              user_data,
                                        GError              **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->foreach_team_scoring (self, tenant, since, func,
                                                                   user_data, error);
}

/**
 * ms_server_storage_cancel_invites:
 * @n_cancelled: (out): how many pending invites there were
 *
 * Deletes @tenant's pending (unused, unexpired) invites for @email, so
 * their codes stop working.
 */
gboolean
ms_server_storage_cancel_invites (MsServerStorage  *self,
                                  const char       *tenant,
                                  const char       *email,
                                  gint64            now,
                                  guint            *n_cancelled,
                                  GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->cancel_invites (self, tenant, email, now,
                                                             n_cancelled, error);
}

/**
 * ms_server_storage_get_nth_newest_row:
 * @n: 1 for the newest
 * @found: (out): FALSE when @tenant has fewer than @n live rows of @entity
 *
 * The @n-th newest live row of @entity, newest first by (created_at, id):
 * where a plan's history_visible_count draws its line.
 */
gboolean
ms_server_storage_get_nth_newest_row (MsServerStorage  *self,
                                      const char       *tenant,
                                      const char       *entity,
                                      gint64            n,
                                      gboolean         *found,
                                      gint64           *created_at,
                                      char            **id,
                                      GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (n >= 1, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_nth_newest_row (self, tenant, entity, n, found,
                                                                 created_at, id, error);
}

gboolean
ms_server_storage_add_api_key (MsServerStorage      *self,
                               const MsServerApiKey *key,
                               GError              **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_api_key (self, key, error);
}

gboolean
ms_server_storage_find_api_key (MsServerStorage  *self,
                                const char       *hash,
                                MsServerApiKey  **out,
                                GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_api_key (self, hash, out, error);
}

/**
 * ms_server_storage_list_api_keys:
 *
 * Returns: (transfer container) (element-type MsServerApiKey): the tenant's
 *   keys, newest first, without their hashes; NULL on error
 */
GPtrArray *
ms_server_storage_list_api_keys (MsServerStorage  *self,
                                 const char       *tenant,
                                 GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_api_keys (self, tenant, error);
}

gboolean
ms_server_storage_revoke_api_key (MsServerStorage  *self,
                                  const char       *tenant,
                                  const char       *id,
                                  gint64            now,
                                  gboolean         *revoked,
                                  GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->revoke_api_key (self, tenant, id, now, revoked,
                                                             error);
}

gboolean
ms_server_storage_use_api_key (MsServerStorage  *self,
                               const char       *id,
                               gint64            now,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->use_api_key (self, id, now, error);
}

/**
 * ms_server_storage_list_live_keys:
 *
 * Returns: (transfer full): the keys of @entity's live rows in @tenant, at
 *   most @limit, in bytewise order; NULL on error
 */
GStrv
ms_server_storage_list_live_keys (MsServerStorage  *self,
                                  const char       *tenant,
                                  const char       *entity,
                                  guint             limit,
                                  GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_live_keys (self, tenant, entity, limit, error);
}

/* Billing (ms-server-billing.c) */

gboolean
ms_server_storage_get_subscription (MsServerStorage       *self,
                                    const char            *tenant,
                                    MsServerSubscription **out,
                                    GError               **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_subscription (self, tenant, out, error);
}

gboolean
ms_server_storage_put_subscription (MsServerStorage             *self,
                                    const MsServerSubscription  *subscription,
                                    GError                     **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->put_subscription (self, subscription, error);
}

GStrv
ms_server_storage_list_subscriptions (MsServerStorage  *self,
                                      GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_subscriptions (self, error);
}

gboolean
ms_server_storage_use_trial (MsServerStorage  *self,
                             const char       *user_id,
                             const char       *tenant,
                             gint64            now,
                             gboolean         *granted,
                             GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->use_trial (self, user_id, tenant, now, granted, error);
}

gboolean
ms_server_storage_next_invoice_sequence (MsServerStorage  *self,
                                         gint64           *sequence,
                                         GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->next_invoice_sequence (self, sequence, error);
}

gboolean
ms_server_storage_add_invoice (MsServerStorage        *self,
                               const MsServerInvoice  *invoice,
                               GError                **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_invoice (self, invoice, error);
}

GPtrArray *
ms_server_storage_list_invoices (MsServerStorage  *self,
                                 const char       *tenant,
                                 GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_invoices (self, tenant, error);
}

gboolean
ms_server_storage_get_invoice (MsServerStorage  *self,
                               const char       *number,
                               MsServerInvoice **out,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_invoice (self, number, out, error);
}

gboolean
ms_server_storage_add_payment (MsServerStorage  *self,
                               const char       *number,
                               gint64            amount,
                               gint64            received_at,
                               gint64            now,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_payment (self, number, amount, received_at,
                                                          now, error);
}

gboolean
ms_server_storage_get_setting (MsServerStorage  *self,
                               const char       *name,
                               char            **value,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->get_setting (self, name, value, error);
}

gboolean
ms_server_storage_set_setting (MsServerStorage  *self,
                               const char       *name,
                               const char       *value,
                               GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->set_setting (self, name, value, error);
}
