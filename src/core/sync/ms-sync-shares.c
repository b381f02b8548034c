/* ms-sync-shares.c — the REST calls of share links (README-sync.md, "Share links")
 *
 * Make a link from a saved scoring (its message, its result and the sender
 * name the previews showed), list the account's links with their views, and
 * revoke one. The server keeps only the token's hash: the link's address is
 * in the answer of the call that made it, once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"
#include "store/ms-message-codec.h"

static GError *
share_error (MsSyncResponse *response)
{
  const char *code = _ms_sync_response_code (response);
  JsonObject *o = _ms_sync_response_object (response);
  JsonObject *e = o != NULL && json_object_has_member (o, "error")
                  ? json_object_get_object_member (o, "error") : NULL;
  const char *message = e != NULL ? json_object_get_string_member_with_default (e, "message",
                                                                                NULL)
                                  : NULL;

  /* The server's words say what to change: the days, the size, the limit. */
  if ((g_str_equal (code, "malformed") || g_str_equal (code, "too_large") ||
       g_str_equal (code, "limit_reached")) && message != NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT, message);
  if (g_str_equal (code, "not_found"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                                _("This share link is no longer in force."));
  return _ms_sync_response_error (response);
}

static void
on_share_call_cb (GObject      *source,
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
    return g_task_return_error (task, share_error (response));
  o = _ms_sync_response_object (response);
  if (o == NULL ||
      (g_task_get_source_tag (task) == ms_sync_client_create_share_async &&
       json_object_get_string_member_with_default (o, "path", NULL) == NULL))
    return g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                    _("The server’s answer cannot be read. Try again later or "
                                      "update MsgScore."));
  if (g_task_get_source_tag (task) == ms_sync_client_create_share_async)
    {
      g_autofree char *base = g_strdup (self->server_url);
      g_autofree char *url = NULL;

      while (g_str_has_suffix (base, "/"))
        base[strlen (base) - 1] = '\0';
      url = g_strconcat (base, json_object_get_string_member (o, "path"), NULL);
      json_object_set_string_member (o, "url", url);
    }
  g_task_return_pointer (task, json_object_ref (o), (GDestroyNotify) json_object_unref);
}

static void
share_call (MsSyncClient        *self,
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
  if (self->access_token == NULL || self->tenant == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to share scorings."));
      return;
    }
  _ms_sync_http_request_async (self, method, path, body, TRUE, cancellable, on_share_call_cb,
                               g_steal_pointer (&task));
}

/**
 * ms_sync_client_create_share_async:
 * @history_id: (nullable): the saved scoring's id
 * @sender: the sender or account name the previews show
 * @days: how long the link lasts; 0: the server's default
 *
 * Uploads a snapshot of the scoring and makes a link to it.
 */
void
ms_sync_client_create_share_async (MsSyncClient        *self,
                                   const char          *history_id,
                                   const MsMessage     *message,
                                   const MsScoreResult *result,
                                   const char          *sender,
                                   guint                days,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (message != NULL && result != NULL);

  if (self->tenant != NULL)
    json_object_set_string_member (o, "tenant", self->tenant);
  if (history_id != NULL)
    json_object_set_string_member (o, "history_id", history_id);
  json_object_set_member (o, "message", ms_message_to_json (message));
  json_object_set_member (o, "result", ms_score_result_to_json (result));
  json_object_set_string_member (o, "sender", sender != NULL ? sender : "");
  if (days > 0)
    json_object_set_int_member (o, "expires_in_days", days);
  json_node_take_object (body, o);
  share_call (self, ms_sync_client_create_share_async, "POST", "/v1/shares", body, cancellable,
              callback, user_data);
}

/**
 * ms_sync_client_create_share_finish:
 *
 * Returns: (transfer full): the link's facts with its "url", shown this once
 */
JsonObject *
ms_sync_client_create_share_finish (MsSyncClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_sync_client_list_shares_async (MsSyncClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  share_call (self, ms_sync_client_list_shares_async, "GET", "/v1/shares", NULL, cancellable,
              callback, user_data);
}

/**
 * ms_sync_client_list_shares_finish:
 *
 * Returns: (transfer full): {"links": […]}, newest first, each with its id,
 *   title, state (active, expired, revoked), views and times
 */
JsonObject *
ms_sync_client_list_shares_finish (MsSyncClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_sync_client_revoke_share_async (MsSyncClient        *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (id != NULL);
  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat ("/v1/shares/", escaped, NULL);
  share_call (self, ms_sync_client_revoke_share_async, "DELETE", path, NULL, cancellable,
              callback, user_data);
}

gboolean
ms_sync_client_revoke_share_finish (MsSyncClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_autoptr(JsonObject) o = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  o = g_task_propagate_pointer (G_TASK (result), error);
  return o != NULL;
}
