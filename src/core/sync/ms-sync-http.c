/* ms-sync-http.c — requests to msgscore-server and what their answers mean
 *
 * One SoupSession per client; every answer is bounded before it is parsed
 * (ms-json-guard.c). A 401 on an authenticated request refreshes the tokens
 * once (ms-sync-session.c) and sends the request again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-sync-client-private.h"
#include "store/ms-entitlements.h"

/* ------------------------------------------------------------------------ */
/* HTTP                                                                     */


static void
request_free (MsSyncRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
_ms_sync_response_free (MsSyncResponse *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->bytes, g_bytes_unref);
  g_free (response->content_type);
  g_free (response);
}


JsonObject *
_ms_sync_response_object (MsSyncResponse *response)
{
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    return NULL;
  return json_node_get_object (response->root);
}

/* The "expected_id" of an error answer (409 mutation_gap, 403 on a push), or 0. */
gint64
_ms_sync_response_expected_id (MsSyncResponse *response)
{
  JsonObject *o = _ms_sync_response_object (response);
  JsonNode *err = o != NULL ? json_object_get_member (o, "error") : NULL;

  if (err == NULL || !JSON_NODE_HOLDS_OBJECT (err))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (err), "expected_id", 0);
}

const char *
_ms_sync_response_code (MsSyncResponse *response)
{
  JsonObject *o = _ms_sync_response_object (response);

  if (o == NULL || !json_object_has_member (o, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "error")))
    return "";
  return json_object_get_string_member_with_default (json_object_get_object_member (o, "error"),
                                                     "code", "");
}

static char *
accept_language (void)
{
  const char * const *names = g_get_language_names ();
  GString *s = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL && i < 4; i++)
    {
      if (strchr (names[i], '.') != NULL || strchr (names[i], '@') != NULL ||
          g_str_equal (names[i], "C"))
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, names[i]);
      g_strdelimit (s->str, "_", '-');
    }
  return g_string_free (s, s->len == 0);
}


/* A server's answer is untrusted input: bounded before it is parsed. */
JsonNode *
_ms_sync_http_parse_body (GBytes *bytes)
{
  static const MsJsonLimits limits = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return ms_json_guard_parse (data, size, &limits, NULL);
}



static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = g_task_get_source_object (task);
  MsSyncRequest *request = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MsSyncResponse *response;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE,
                                 _("The MsgScore server cannot be reached (%s). Your changes "
                                   "are kept and will be sent when it can."), error->message);
      return;
    }

  if (soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED && request->auth &&
      !request->refreshed && self->refresh_token != NULL)
    {
      request->refreshed = TRUE;
      _ms_sync_session_refresh (g_steal_pointer (&task));
      return;
    }

  response = g_new0 (MsSyncResponse, 1);
  response->status = soup_message_get_status (msg);
  response->root = _ms_sync_http_parse_body (bytes);
  response->bytes = g_bytes_ref (bytes);
  response->content_type =
    g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                     NULL));
  response->retry_after_ms =
    ms_sync_backoff_parse_retry_after (soup_message_headers_get_one (
                                         soup_message_get_response_headers (msg), "Retry-After"),
                                       g_get_real_time ());
  g_task_return_pointer (task, response, (GDestroyNotify) _ms_sync_response_free);
}

void
_ms_sync_http_send (GTask *task)
{
  MsSyncClient *self = g_task_get_source_object (task);
  MsSyncRequest *request = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->server_url, request->path, NULL);
  g_autofree char *languages = accept_language ();
  g_autoptr(SoupMessage) msg = soup_message_new (request->method, url);

  if (msg == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_FAILED,
                               /* Translators: %s is a URL */
                               _("The server address “%s” is not valid. Check it and sign in "
                                 "again."), self->server_url);
      g_object_unref (task);
      return;
    }
  if (request->auth && self->access_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->access_token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (languages != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                  languages);
  /* A fresh connection per request: libsoup 3.2 (Debian 12) can crash when
   * a kept-alive connection it reuses is cut while a request is in flight
   * (tests/sync's fault proxy found it). A round is a handful of requests. */
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection", "close");
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", request->body);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_send_cb, task);
}

void
_ms_sync_http_request_async (MsSyncClient        *self,
                             const char          *method,
                             const char          *path,
                             JsonNode            *body,
                             gboolean             auth,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  _ms_sync_http_request_text_async (self, method, path,
                                    body != NULL ? json_to_string (body, FALSE) : NULL, auth,
                                    cancellable, callback, user_data);
}

/* @body: (transfer full) (nullable): a JSON text */
void
_ms_sync_http_request_text_async (MsSyncClient        *self,
                                  const char          *method,
                                  const char          *path,
                                  char                *body,
                                  gboolean             auth,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  MsSyncRequest *request = g_new0 (MsSyncRequest, 1);

  /* The tag the callers' finish functions know */
  g_task_set_source_tag (task, _ms_sync_http_request_async);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->auth = auth;
  if (body != NULL)
    request->body = g_bytes_new_take (body, strlen (body));
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  _ms_sync_http_send (task);
}

MsSyncResponse *
_ms_sync_http_request_finish (MsSyncClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The error an unexpected answer means, translated, saying what to do. */
/**
 * _ms_sync_plan_error:
 * @plan: (nullable): the plan id the server says has the feature
 *
 * Returns: what upgrade_needed means, in this device's language
 */
GError *
_ms_sync_plan_error (const char *plan)
{
  g_autoptr(MsEntitlements) needed = plan != NULL ? ms_entitlements_new_for_plan (plan, NULL)
                                                  : NULL;

  if (needed == NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_PLAN,
                                _("The team’s plan does not include this. An owner of the team "
                                  "can upgrade the plan."));
  return g_error_new (MS_SYNC_ERROR, MS_SYNC_ERROR_PLAN,
                      /* Translators: %s is a plan name such as Team Pro S */
                      _("The team’s plan does not include this; %s and above do. An owner of "
                        "the team can upgrade the plan."), ms_entitlements_get_plan_name (needed));
}

GError *
_ms_sync_response_error (MsSyncResponse *response)
{
  guint status = response->status;
  const char *code = _ms_sync_response_code (response);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new_literal (MS_SYNC_ERROR,
                                g_str_equal (code, "invalid_credentials")
                                ? MS_SYNC_ERROR_BAD_CREDENTIALS : MS_SYNC_ERROR_AUTH,
                                g_str_equal (code, "invalid_credentials")
                                ? _("The email or password is wrong. Check them and try again.")
                                : _("Your sign-in has expired. Sign in again; your changes are "
                                    "kept and will be sent then."));
  if (status == SOUP_STATUS_FORBIDDEN)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN,
                                _("Your account no longer has access to this team, so it is not "
                                  "synced. Your changes are kept; ask the team’s owner to add "
                                  "you again."));
  if (g_str_equal (code, "upgrade_needed"))
    {
      JsonObject *e = json_object_get_object_member (_ms_sync_response_object (response),
                                                     "error");

      return _ms_sync_plan_error (ms_json_object_get_string (e, "plan", NULL));
    }
  if (status == 422)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_UPGRADE_NEEDED,
                                _("This version of MsgScore is too old for the server. Update "
                                  "MsgScore to sync; your changes are kept."));
  if (status == SOUP_STATUS_CONFLICT && g_str_equal (code, "email_taken"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT,
                                _("An account with this email already exists. Sign in instead."));
  if (status == 429 && g_str_equal (code, "rate_limited"))
    return g_error_new (MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY,
                        /* Translators: %d is a number of seconds */
                        _("Too many attempts. Wait %d seconds, then try again."),
                        (int) ((MAX (response->retry_after_ms, 0) + 999) / 1000));
  if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY,
                                _("The MsgScore server is busy. MsgScore will try again by "
                                  "itself; your changes are kept."));
  if (status >= 500)
    return g_error_new (MS_SYNC_ERROR, MS_SYNC_ERROR_SERVER,
                        /* Translators: %u is an HTTP status such as 500 */
                        _("The MsgScore server had a problem (HTTP %u). MsgScore will try again "
                          "by itself; your changes are kept."), status);
  return g_error_new (MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                      /* Translators: %u is an HTTP status, %s the server's error code */
                      _("The MsgScore server refused the request (HTTP %u, %s). Update MsgScore; "
                        "if it keeps happening, report it."), status, code);
}
