/* ms-sync-api-keys.c — a team's keys of the public scoring API (README-sync.md,
 * docs/openapi.yaml)
 *
 * Owners of a Team Pro team make a key with a name, list the team's keys
 * (prefix, last use, uses, revoked or not) and revoke one. The server keeps
 * only the key's hash: the secret ("msk_…") is in the answer of the call
 * that made it, once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"

static GError *
key_error (MsSyncResponse *response)
{
  const char *code = _ms_sync_response_code (response);
  JsonObject *o = _ms_sync_response_object (response);
  JsonObject *e = o != NULL && json_object_has_member (o, "error")
                  ? json_object_get_object_member (o, "error") : NULL;
  const char *message = e != NULL ? json_object_get_string_member_with_default (e, "message",
                                                                                NULL)
                                  : NULL;

  /* The server's words say what to change: the name, the plan, the role, the limit. */
  if ((g_str_equal (code, "malformed") || g_str_equal (code, "limit_reached") ||
       g_str_equal (code, "upgrade_needed") || g_str_equal (code, "forbidden_role")) &&
      message != NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT, message);
  if (g_str_equal (code, "not_found"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                                _("This API key is no longer in force."));
  return _ms_sync_response_error (response);
}

static void
on_key_call_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  JsonObject *o;

  if (response == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  if (response->status / 100 != 2)
    return g_task_return_error (task, key_error (response));
  o = _ms_sync_response_object (response);
  if (o == NULL ||
      (g_task_get_source_tag (task) == ms_sync_client_create_api_key_async &&
       !g_str_has_prefix (json_object_get_string_member_with_default (o, "key", ""), "msk_")) ||
      (g_task_get_source_tag (task) == ms_sync_client_list_api_keys_async &&
       json_object_get_array_member (o, "keys") == NULL))
    return g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                    _("The server’s answer cannot be read. Try again later or "
                                      "update MsgScore."));
  g_task_return_pointer (task, json_object_ref (o), (GDestroyNotify) json_object_unref);
}

/* @team: "team:<uuid>"; @rest: what follows /v1/teams/<uuid>/api-keys, or "". */
static void
key_call (MsSyncClient        *self,
          gpointer             tag,
          const char          *method,
          const char          *team,
          const char          *rest,
          JsonNode            *body,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uuid = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, tag);
  _ms_sync_session_load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to manage the team’s API keys."));
      return;
    }
  uuid = g_uri_escape_string (g_str_has_prefix (team, "team:") ? team + strlen ("team:") : team,
                              NULL, FALSE);
  path = g_strconcat ("/v1/teams/", uuid, "/api-keys", rest, NULL);
  _ms_sync_http_request_async (self, method, path, body, TRUE, cancellable, on_key_call_cb,
                               g_steal_pointer (&task));
}

/**
 * ms_sync_client_create_api_key_async:
 * @team: the team's tenant ("team:<uuid>")
 * @name: what the key is for (1–100 characters)
 */
void
ms_sync_client_create_api_key_async (MsSyncClient        *self,
                                     const char          *team,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && name != NULL);

  json_object_set_string_member (o, "name", name);
  json_node_take_object (body, o);
  key_call (self, ms_sync_client_create_api_key_async, "POST", team, "", body, cancellable,
            callback, user_data);
}

/**
 * ms_sync_client_create_api_key_finish:
 *
 * Returns: (transfer full): the key's facts and, this once, its secret "key"
 */
JsonObject *
ms_sync_client_create_api_key_finish (MsSyncClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_sync_client_list_api_keys_async (MsSyncClient        *self,
                                    const char          *team,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);
  key_call (self, ms_sync_client_list_api_keys_async, "GET", team, "", NULL, cancellable,
            callback, user_data);
}

/**
 * ms_sync_client_list_api_keys_finish:
 *
 * Returns: (transfer full): {"keys": […]}, each with id, name, prefix,
 *   created_at, last_used_at, uses and revoked_at — never a secret
 */
JsonObject *
ms_sync_client_list_api_keys_finish (MsSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_sync_client_revoke_api_key_async (MsSyncClient        *self,
                                     const char          *team,
                                     const char          *key_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *rest = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && key_id != NULL);
  escaped = g_uri_escape_string (key_id, NULL, FALSE);
  rest = g_strconcat ("/", escaped, NULL);
  key_call (self, ms_sync_client_revoke_api_key_async, "DELETE", team, rest, NULL, cancellable,
            callback, user_data);
}

gboolean
ms_sync_client_revoke_api_key_finish (MsSyncClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_autoptr(JsonObject) o = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  o = g_task_propagate_pointer (G_TASK (result), error);
  return o != NULL;
}
