/* ms-sync-session.c — signing in, the tokens and the account
 *
 * Tokens live in an MsTokenStore (the keyring by default), keyed by server
 * and client id; a 401 refreshes them once (rotation: the old refresh token
 * stops working). The account (GET /v1/me: tenants and plan) is kept in the
 * store so that a restart offline still shows the right tenant and plan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-account-policy.h"
#include "ms-json-guard.h"
#include "ms-sync-client-private.h"

/* ------------------------------------------------------------------------ */
/* Account                                                                  */

gboolean
_ms_sync_session_load_tokens (MsSyncClient  *self,
                              GError       **error)
{
  g_autofree char *secret = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  if (self->tokens_loaded)
    return TRUE;
  secret = ms_token_store_lookup (self->tokens, self->server_url,
                                  ms_store_get_client_id (self->store), error);
  if (secret == NULL && error != NULL && *error != NULL)
    return FALSE;
  self->tokens_loaded = TRUE;
  if (secret == NULL)
    return TRUE;
  node = json_from_string (secret, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  o = json_node_get_object (node);
  g_free (self->access_token);
  g_free (self->refresh_token);
  self->access_token = g_strdup (json_object_get_string_member_with_default (o, "access_token",
                                                                              NULL));
  self->refresh_token = g_strdup (json_object_get_string_member_with_default (o, "refresh_token",
                                                                               NULL));
  return TRUE;
}

gboolean
_ms_sync_session_save_tokens (MsSyncClient  *self,
                              JsonObject    *session,
                              GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *secret = NULL;
  const char *access = json_object_get_string_member_with_default (session, "access_token", NULL);
  const char *refresh = json_object_get_string_member_with_default (session, "refresh_token",
                                                                    NULL);

  if (access == NULL || refresh == NULL)
    {
      g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer to signing in cannot be read. Try again later "
                             "or update MsgScore."));
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  secret = json_to_string (root, FALSE);
  if (!ms_token_store_save (self->tokens, self->server_url, ms_store_get_client_id (self->store),
                            secret, error))
    return FALSE;

  g_free (self->access_token);
  g_free (self->refresh_token);
  self->access_token = g_strdup (access);
  self->refresh_token = g_strdup (refresh);
  self->tokens_loaded = TRUE;
  _ms_sync_client_notify (self, PROP_SIGNED_IN);
  return TRUE;
}

void
_ms_sync_session_forget_tokens (MsSyncClient *self)
{
  gboolean was = _ms_sync_client_signed_in (self);

  ms_token_store_clear (self->tokens, self->server_url, ms_store_get_client_id (self->store),
                        NULL);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  self->tokens_loaded = TRUE;
  if (was)
    _ms_sync_client_notify (self, PROP_SIGNED_IN);
  if (self->staff_role != NULL)
    {
      g_clear_pointer (&self->staff_role, g_free);
      _ms_sync_client_notify (self, PROP_STAFF_ROLE);
    }
}

/* The account as /v1/me describes it; kept in the store's meta table so
 * that a restart offline still shows the right tenant and plan. */
gboolean
_ms_sync_session_take_account (MsSyncClient  *self,
                               JsonObject    *me,
                               gboolean       save,
                               GError       **error)
{
  JsonObject *user = NULL, *plan = NULL;
  JsonArray *tenants = NULL;
  const char *tenant;

  if (json_object_has_member (me, "user") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (me, "user")))
    user = json_object_get_object_member (me, "user");
  if (json_object_has_member (me, "plan") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (me, "plan")))
    plan = json_object_get_object_member (me, "plan");
  if (json_object_has_member (me, "tenants") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (me, "tenants")))
    tenants = json_object_get_array_member (me, "tenants");
  tenant = user != NULL ? json_object_get_string_member_with_default (user, "tenant", NULL) : NULL;
  if (tenant == NULL)
    {
      g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                           _("The server’s account details cannot be read. Try again later or "
                             "update MsgScore."));
      return FALSE;
    }

  g_free (self->tenant);
  self->tenant = g_strdup (tenant);
  g_free (self->email);
  self->email = g_strdup (json_object_get_string_member_with_default (user, "email", NULL));
  g_free (self->user_id);
  self->user_id = g_strdup (ms_json_object_get_string (user, "id", NULL));
  {
    JsonObject *staff = ms_json_object_get_object (me, "staff");
    const char *role = staff != NULL ? ms_json_object_get_string (staff, "role", NULL) : NULL;

    if (g_strcmp0 (role, self->staff_role) != 0)
      {
        g_free (self->staff_role);
        self->staff_role = g_strdup (role);
        _ms_sync_client_notify (self, PROP_STAFF_ROLE);
      }
  }
  g_clear_pointer (&self->tenants, g_ptr_array_unref);
  self->tenants = g_ptr_array_new_with_free_func (g_free);
  self->account_changes++;  /* a round walking the old list stops */
  g_ptr_array_add (self->tenants, g_strdup (tenant));
  for (guint i = 0; tenants != NULL && i < json_array_get_length (tenants); i++)
    {
      JsonNode *node = json_array_get_element (tenants, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL);
      if (id != NULL && !g_str_equal (id, tenant))
        g_ptr_array_add (self->tenants, g_strdup (id));
    }

  if (plan != NULL)
    {
      g_autoptr(MsEntitlements) entitlements = ms_entitlements_new_from_plan_object (plan, NULL);
      if (entitlements != NULL)
        ms_store_set_entitlements (self->store, entitlements);
    }

  if (save)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_node_set_object (node, me);
      text = json_to_string (node, FALSE);
      self->applying = TRUE;
      if (!ms_sync_state_save_account (self->store, self->server_url, text, error))
        {
          self->applying = FALSE;
          return FALSE;
        }
      /* What was written before signing in now belongs to the account. */
      if (!ms_sync_state_rehome (self->store, MS_STORE_LOCAL_TENANT, tenant, error))
        {
          self->applying = FALSE;
          return FALSE;
        }
      self->applying = FALSE;
    }

  ms_store_set_tenant (self->store, tenant);
  _ms_sync_client_notify (self, PROP_EMAIL);
  return TRUE;
}

void
_ms_sync_session_load_account (MsSyncClient *self)
{
  g_autofree char *server = ms_sync_state_dup_meta (self->store, "sync.server");
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_strcmp0 (server, self->server_url) != 0)
    return;
  text = ms_sync_state_dup_meta (self->store, "sync.account");
  node = text != NULL ? json_from_string (text, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    _ms_sync_session_take_account (self, json_node_get_object (node), FALSE, NULL);
}

/* ------------------------------------------------------------------------ */
/* Refreshing the tokens                                                    */

static void
on_refresh_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE,
                               /* Translators: %s is the system's reason */
                               _("The MsgScore server cannot be reached (%s). Your changes are "
                                 "kept and will be sent when it can."), error->message);
      return;
    }
  root = _ms_sync_http_parse_body (bytes);
  if (soup_message_get_status (msg) == SOUP_STATUS_OK && root != NULL &&
      JSON_NODE_HOLDS_OBJECT (root) &&
      _ms_sync_session_save_tokens (self, json_node_get_object (root), &error))
    {
      _ms_sync_http_send (g_steal_pointer (&task));
      return;
    }
  if (error != NULL && !g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    MsSyncResponse *response = g_new0 (MsSyncResponse, 1);

    response->status = soup_message_get_status (msg);
    response->root = g_steal_pointer (&root);
    response->retry_after_ms =
      ms_sync_backoff_parse_retry_after (soup_message_headers_get_one (
                                           soup_message_get_response_headers (msg),
                                           "Retry-After"),
                                         g_get_real_time ());
    /* The refresh token is spent or revoked: sign in again. Anything else
     * (busy, down) is passed on as it is and retried later. */
    if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_OK)
      {
        _ms_sync_session_forget_tokens (self);
        response->status = SOUP_STATUS_UNAUTHORIZED;
        g_clear_pointer (&response->root, json_node_unref);
      }
    g_task_return_pointer (task, response, (GDestroyNotify) _ms_sync_response_free);
  }
}

void
_ms_sync_session_refresh (GTask *task)
{
  MsSyncClient *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strconcat (self->server_url, "/v1/auth/refresh", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new (text, strlen (text));

  msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_refresh_cb,
                                    task);
}

/* Sign in / up / out ------------------------------------------------------ */

static void
on_sign_in_me_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_hash_table_remove_all (self->stopped);
  _ms_sync_client_set_error (self, NULL);
  _ms_sync_client_settle_state (self);
  g_task_return_boolean (task, TRUE);
  if (self->started)
    _ms_sync_round_request (self);
}

static void
on_sign_in_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((response->status != SOUP_STATUS_OK && response->status != SOUP_STATUS_CREATED) ||
      _ms_sync_response_object (response) == NULL)
    {
      g_task_return_error (task, _ms_sync_response_error (response));
      return;
    }
  if (!_ms_sync_session_save_tokens (self, _ms_sync_response_object (response), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _ms_sync_session_fetch_me_async (self, on_sign_in_me_cb, g_steal_pointer (&task));
}

static void
sign_in_or_up (MsSyncClient        *self,
               const char          *path,
               const char          *email,
               const char          *password,
               const char          *name,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_task_set_source_tag (task, source_tag);
  /* The server's policy, checked here first so the error comes at once. */
  normalized = ms_account_normalize_email (email, &error);
  if (normalized == NULL ||
      (source_tag == ms_sync_client_sign_up_async &&
       !ms_account_check_password (password, normalized, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, normalized);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (name != NULL)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  /* A new account: forget the old one's tenants (a round in flight stops). */
  g_clear_pointer (&self->tenants, g_ptr_array_unref);
  self->account_changes++;
  _ms_sync_http_request_async (self, "POST", path, body, FALSE, cancellable, on_sign_in_cb,
                               g_steal_pointer (&task));
}

/**
 * ms_sync_client_sign_in_async:
 *
 * Signs in, keeps the tokens in the token store (a keyring is required
 * unless another store was chosen explicitly), reads the account and its
 * plan (the store's entitlements and tenant follow) and moves what was
 * written before signing in into the account. Does not sync: call
 * ms_sync_client_start() or ms_sync_client_sync_async() next.
 */
void
ms_sync_client_sign_in_async (MsSyncClient        *self,
                              const char          *email,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (email != NULL && password != NULL);

  sign_in_or_up (self, "/v1/auth/signin", email, password, NULL, ms_sync_client_sign_in_async,
                 cancellable, callback, user_data);
}

gboolean
ms_sync_client_sign_in_finish (MsSyncClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ms_sync_client_sign_up_async:
 *
 * Creates an account, then as ms_sync_client_sign_in_async().
 */
void
ms_sync_client_sign_up_async (MsSyncClient        *self,
                              const char          *email,
                              const char          *password,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (email != NULL && password != NULL && name != NULL);

  sign_in_or_up (self, "/v1/auth/signup", email, password, name, ms_sync_client_sign_up_async,
                 cancellable, callback, user_data);
}

gboolean
ms_sync_client_sign_up_finish (MsSyncClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_sign_out_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, NULL);

  /* Offline or already revoked: the tokens are forgotten here all the same. */
  _ms_sync_session_forget_tokens (self);
  _ms_sync_client_settle_state (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * ms_sync_client_sign_out_async:
 *
 * Revokes the session on the server (when it can be reached) and forgets
 * the tokens. Local rows and unsent changes stay; they are sent after the
 * next sign-in to the same account.
 */
void
ms_sync_client_sign_out_async (MsSyncClient        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_sync_client_sign_out_async);
  _ms_sync_session_load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      _ms_sync_session_forget_tokens (self);
      _ms_sync_client_settle_state (self);
      g_task_return_boolean (task, TRUE);
      return;
    }
  _ms_sync_http_request_async (self, "POST", "/v1/auth/signout", NULL, TRUE, cancellable,
                               on_sign_out_cb, g_steal_pointer (&task));
}

gboolean
ms_sync_client_sign_out_finish (MsSyncClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The account, from the server                                             */

static void
on_me_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status != SOUP_STATUS_OK || _ms_sync_response_object (response) == NULL)
    {
      g_task_return_error (task, _ms_sync_response_error (response));
      return;
    }
  if (!_ms_sync_session_take_account (self, _ms_sync_response_object (response), TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _ms_sync_client_update_pending (self);
  g_task_return_boolean (task, TRUE);
}

/* GET /v1/me; a GTask of its own, shared by sign-in and rounds. */
void
_ms_sync_session_fetch_me_async (MsSyncClient        *self,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);

  _ms_sync_http_request_async (self, "GET", "/v1/me", NULL, TRUE, self->cancellable, on_me_cb,
                               task);
}
