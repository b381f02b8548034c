/* ms-sync-teams.c — the REST calls of the team routes (README-sync.md, "Teams")
 *
 * Create a team, invite, accept an invitation, remove a member, cancel and
 * list invitations: one request each, with the errors the team routes give.
 * A team created or joined goes into the store's team list at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutation.h"
#include "ms-sync-client-private.h"
#include "store/ms-team-repository.h"
#include "store/ms-team-stats-repository.h"

/* The error a team route's answer means (README-sync.md, "Teams"). */
static GError *
team_error (MsSyncResponse *response)
{
  const char *code = _ms_sync_response_code (response);

  if (g_str_equal (code, "forbidden_role"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_ROLE,
                                _("Only the team’s owners can do this."));
  if (g_str_equal (code, "invite_not_found"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_INVITE,
                                _("This invitation does not exist. Ask the team’s owner for a new "
                                  "one."));
  if (g_str_equal (code, "invite_used"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_INVITE,
                                _("This invitation has already been used."));
  if (g_str_equal (code, "invite_expired"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_INVITE,
                                _("This invitation has expired. Ask the team’s owner for a new "
                                  "one."));
  if (g_str_equal (code, "invite_wrong_account"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_INVITE,
                                _("This invitation is for another email address. Sign in with "
                                  "that address to accept it."));
  if (g_str_equal (code, "seats_full"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_SEATS_FULL,
                                _("The team has no free seat. Ask the team’s owner to free one "
                                  "or upgrade the plan."));
  if (g_str_equal (code, "limit_reached"))
    {
      gint64 max = ms_sync_limit ("teams", "max_items");

      return g_error_new (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                          /* Translators: %d is the most teams one account may be in */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "An account can be in at most %d team. Leave a team "
                                       "before you create or join another.",
                                       "An account can be in at most %d teams. Leave a team "
                                       "before you create or join another.", (gulong) max),
                          (int) max);
    }
  if (g_str_equal (code, "last_owner"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                                _("A team needs an owner. Make someone else an owner first."));
  if (g_str_equal (code, "not_found"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                                _("That member or invitation is no longer there: someone changed "
                                  "the team meanwhile. Check the list again."));
  if (g_str_equal (code, "malformed"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                _("The server did not accept these team details. Check the name, "
                                  "plan, email and role."));
  return _ms_sync_response_error (response);
}

/* {"members": […], "invites": [{email, role, created_at, expires_at}]}
 * → MsTeamInvite array, or NULL when unreadable. */
static GPtrArray *
invites_from_json (JsonObject *o)
{
  g_autoptr(GPtrArray) invites = NULL;
  JsonNode *node = json_object_get_member (o, "invites");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  invites = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_team_invite_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *invite;
      const char *email;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return NULL;
      invite = json_node_get_object (element);
      email = json_object_get_string_member_with_default (invite, "email", NULL);
      if (email == NULL)
        return NULL;
      g_ptr_array_add (invites,
                       ms_team_invite_new (email,
                                           json_object_get_string_member_with_default (
                                             invite, "role", "member"),
                                           json_object_get_int_member_with_default (
                                             invite, "expires_at", 0)));
    }
  return g_steal_pointer (&invites);
}

static void
on_team_call_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  gpointer tag = g_task_get_source_tag (task);
  JsonObject *o;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  o = _ms_sync_response_object (response);
  if (response->status / 100 != 2 || o == NULL)
    {
      g_task_return_error (task, team_error (response));
      return;
    }

  if (tag == ms_sync_client_invite_async)
    {
      const char *token = json_object_get_string_member_with_default (o, "token", NULL);

      if (token == NULL)
        g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                 _("The server’s answer cannot be read. Try again later or "
                                   "update MsgScore."));
      else
        g_task_return_pointer (task, g_strdup (token), g_free);
      return;
    }
  if (tag == ms_sync_client_remove_member_async || tag == ms_sync_client_cancel_invites_async)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (tag == ms_sync_client_fetch_team_stats_async)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
      g_autofree char *json = json_to_string (node, FALSE);
      g_autoptr(MsTeamStats) stats = ms_team_stats_new_from_json (json, -1, &error);

      if (stats == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else if (!ms_store_put_team_stats (self->store, stats, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&stats), g_object_unref);
      return;
    }
  if (tag == ms_sync_client_list_invites_async)
    {
      g_autoptr(GPtrArray) invites = invites_from_json (o);

      if (invites == NULL)
        g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                 _("The server’s answer cannot be read. Try again later or "
                                   "update MsgScore."));
      else
        g_task_return_pointer (task, g_steal_pointer (&invites),
                               (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* create (the team object) or accept ({"team": team}) */
  {
    g_autoptr(MsTeam) team = NULL;
    g_autoptr(JsonNode) node = NULL;

    if (json_object_has_member (o, "team"))
      node = json_node_copy (json_object_get_member (o, "team"));
    else
      node = json_node_init_object (json_node_alloc (), o);
    team = _ms_sync_team_from_json (node);
    if (team == NULL)
      {
        g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                 _("The server’s list of teams cannot be read. Try again later or "
                                   "update MsgScore."));
        return;
      }
    self->applying = TRUE;
    if (!ms_store_put_team (self->store, team, &error))
      {
        self->applying = FALSE;
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    self->applying = FALSE;
    _ms_sync_round_add_team_tenants (self);
    g_task_return_pointer (task, g_steal_pointer (&team), g_object_unref);
  }
}

static void
team_call (MsSyncClient        *self,
           gpointer             tag,
           const char          *method,
           const char          *path,
           JsonNode            *body,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  _ms_sync_session_load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to use teams."));
      return;
    }
  _ms_sync_http_request_async (self, method, path, body, TRUE, cancellable, on_team_call_cb,
                               g_steal_pointer (&task));
}

static JsonNode *
object_node (const char *first_member,
             ...) G_GNUC_NULL_TERMINATED;

/* {"k1": "v1", …}; a NULL value leaves its member out. */
static JsonNode *
object_node (const char *first_member,
             ...)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *member = first_member;
  va_list args;

  va_start (args, first_member);
  while (member != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        json_object_set_string_member (o, member, value);
      member = va_arg (args, const char *);
    }
  va_end (args);
  json_node_take_object (node, o);
  return node;
}

/* "/v1/teams/<uuid><rest>" for the tenant @team ("team:<uuid>") */
static char *
team_path (const char *team,
           const char *rest)
{
  const char *uuid = g_str_has_prefix (team, "team:") ? team + strlen ("team:") : team;
  g_autofree char *escaped = g_uri_escape_string (uuid, NULL, FALSE);

  return g_strconcat ("/v1/teams/", escaped, rest, NULL);
}

/**
 * ms_sync_client_create_team_async:
 * @plan: a team plan id of data/plans.json (team_s … team_pro_l)
 *
 * Creates a team on the server with the user as its owner, and keeps it in
 * the store's team list (its rules arrive with the next sync).
 */
void
ms_sync_client_create_team_async (MsSyncClient        *self,
                                  const char          *name,
                                  const char          *plan,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (name != NULL && plan != NULL);

  body = object_node ("name", name, "plan", plan, NULL);
  team_call (self, ms_sync_client_create_team_async, "POST", "/v1/teams", body, cancellable,
             callback, user_data);
}

/**
 * ms_sync_client_create_team_finish:
 *
 * Returns: (transfer full): the new team
 */
MsTeam *
ms_sync_client_create_team_finish (MsSyncClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ms_sync_client_invite_async:
 * @role: (nullable): "owner" or "member" (the default)
 *
 * Owners only. The answer is the invitation token to send to @email.
 */
void
ms_sync_client_invite_async (MsSyncClient        *self,
                             const char          *team,
                             const char          *email,
                             const char          *role,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && email != NULL);

  path = team_path (team, "/invites");
  body = object_node ("email", email, "role", role, NULL);
  team_call (self, ms_sync_client_invite_async, "POST", path, body, cancellable, callback,
             user_data);
}

/**
 * ms_sync_client_invite_finish:
 *
 * Returns: (transfer full): the invitation token
 */
char *
ms_sync_client_invite_finish (MsSyncClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ms_sync_client_accept_invite_async:
 *
 * Joins the team of the invitation @token; the team goes into the store's
 * list, and its rules arrive with the next sync.
 */
void
ms_sync_client_accept_invite_async (MsSyncClient        *self,
                                    const char          *token,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (token != NULL);

  body = object_node ("token", token, NULL);
  team_call (self, ms_sync_client_accept_invite_async, "POST", "/v1/invites/accept", body,
             cancellable, callback, user_data);
}

/**
 * ms_sync_client_accept_invite_finish:
 *
 * Returns: (transfer full): the team joined
 */
MsTeam *
ms_sync_client_accept_invite_finish (MsSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* DELETE /v1/teams/<uuid>/<collection>/<item>, @item escaped */
static void
team_delete (MsSyncClient        *self,
             gpointer             tag,
             const char          *team,
             const char          *collection,
             const char          *item,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (item, NULL, FALSE);
  g_autofree char *rest = g_strconcat ("/", collection, "/", escaped, NULL);
  g_autofree char *path = team_path (team, rest);

  team_call (self, tag, "DELETE", path, NULL, cancellable, callback, user_data);
}

/**
 * ms_sync_client_remove_member_async:
 * @user_id: the member's user id (team_member.user_id); the user's own to leave
 */
void
ms_sync_client_remove_member_async (MsSyncClient        *self,
                                    const char          *team,
                                    const char          *user_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && user_id != NULL);

  team_delete (self, ms_sync_client_remove_member_async, team, "members", user_id, cancellable,
               callback, user_data);
}

gboolean
ms_sync_client_remove_member_finish (MsSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ms_sync_client_cancel_invites_async:
 * @team: the team's tenant ("team:<uuid>")
 * @email: the invited address
 *
 * Owners only: the team's pending invitations for @email stop working.
 */
void
ms_sync_client_cancel_invites_async (MsSyncClient        *self,
                                     const char          *team,
                                     const char          *email,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && email != NULL);

  team_delete (self, ms_sync_client_cancel_invites_async, team, "invites", email, cancellable,
               callback, user_data);
}

gboolean
ms_sync_client_cancel_invites_finish (MsSyncClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ms_sync_client_list_invites_async:
 * @team: the team's tenant ("team:<uuid>")
 *
 * Lists the team's pending invitations (unused and unexpired); members
 * only. They exist only on the server: the store keeps no copy.
 */
void
ms_sync_client_list_invites_async (MsSyncClient        *self,
                                   const char          *team,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);

  path = team_path (team, "/members");
  team_call (self, ms_sync_client_list_invites_async, "GET", path, NULL, cancellable, callback,
             user_data);
}

/**
 * ms_sync_client_list_invites_finish:
 *
 * Returns: (transfer container) (element-type MsTeamInvite): the pending
 *   invitations, in the server's order
 */
GPtrArray *
ms_sync_client_list_invites_finish (MsSyncClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ms_sync_client_fetch_team_stats_async:
 * @team: the team's tenant ("team:<uuid>")
 *
 * Asks the server for the team's member stats and trend (owners: every
 * member; members: themselves) and keeps them in the store
 * (MsTeamStatsRepository), so they show offline later.
 */
void
ms_sync_client_fetch_team_stats_async (MsSyncClient        *self,
                                       const char          *team,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);

  path = team_path (team, "/stats");
  team_call (self, ms_sync_client_fetch_team_stats_async, "GET", path, NULL, cancellable,
             callback, user_data);
}

/**
 * ms_sync_client_fetch_team_stats_finish:
 *
 * Returns: (transfer full): the figures, as kept in the store
 */
MsTeamStats *
ms_sync_client_fetch_team_stats_finish (MsSyncClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
