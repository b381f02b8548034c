/* ms-server-account-routes.c — the routes of an account: health, readiness, who am I, sign-up,
 * sign-in (rate-limited, the password hashed off the main loop), refresh and sign-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server.h"
#include "ms-server-csm.h"
#include "ms-server-hasher.h"
#include "ms-server-plans.h"
#include "ms-server-json.h"
#include "ms-server-private.h"
#include "ms-server-sync.h"

void
_ms_server_handle_health (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "status", "ok");
  json_object_set_string_member (o, "version", PACKAGE_VERSION);
  json_object_set_int_member (o, "protocol", MS_SERVER_SYNC_PROTOCOL);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
  _ms_server_request_finish (req);
}

/* Readiness, for a load balancer: this process reaches its database. */
void
_ms_server_handle_ready (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (!ms_server_storage_ping (req->storage, &error))
    {
      g_warning ("not ready: %s", error->message);
      g_clear_error (&error);
      g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                           _("The server is busy. Try again in a moment."));
      return _ms_server_reply_error (req, error);
    }
  json_object_set_string_member (o, "status", "ready");
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_me (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *tenants;
  JsonObject *staff;

  g_autoptr(MsEntitlements) plan = NULL;

  tenants = ms_server_storage_list_tenants (req->storage, req->user->id, &error);
  if (tenants == NULL)
    return _ms_server_reply_error (req, error);
  /* The plan in force: the account's, or a better one of the user's teams. */
  plan = ms_server_plans_dup_entitlements_for (req->storage, req->user, tenants, req->now,
                                               &error);
  if (plan == NULL)
    {
      json_array_unref (tenants);
      return _ms_server_reply_error (req, error);
    }
  json_object_set_object_member (o, "user", ms_server_auth_user_to_json (req->user));
  json_object_set_object_member (o, "plan", ms_entitlements_to_json (plan));
  json_object_set_array_member (o, "tenants", tenants);
  staff = ms_server_csm_describe_staff (req->storage, req->user, &error);
  if (error != NULL)
    return _ms_server_reply_error (req, error);
  if (staff != NULL)
    json_object_set_object_member (o, "staff", staff);
  else
    json_object_set_null_member (o, "staff");
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
reply_session (Request    *req,
               guint       status,
               JsonObject *session)
{
  g_autoptr(JsonObject) owned = session;
  RequestInfo *info = _ms_server_get_info (req->msg);
  JsonObject *user = json_object_get_object_member (session, "user");

  if (info != NULL && user != NULL)
    {
      g_free (info->user_id);
      info->user_id = g_strdup (json_object_get_string_member (user, "id"));
    }
  _ms_server_reply_object (req, status, owned);
}

static void
pause_request (Request *req)
{
  if (!req->paused)
    {
      soup_server_message_pause (req->msg);
      req->paused = TRUE;
    }
}

/* Sign-up: check the request, hash the password (hashing pool), then make
 * the account (storage worker). */

static void
signup_end_work (Request *req)
{
  MsServer *self = req->server;
  g_autoptr(GError) error = NULL;
  JsonObject *session;

  session = ms_server_auth_signup_end (req->storage, &self->auth, req->signup, req->hash,
                                       req->now, &error);
  if (session != NULL)
    reply_session (req, SOUP_STATUS_CREATED, session);
  else
    _ms_server_reply_error (req, error);
}

static void
on_signup_hashed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Request *req = user_data;
  g_autoptr(GError) error = NULL;

  req->hash = ms_server_hasher_hash_finish (MS_SERVER_HASHER (source), result, &error);
  if (req->hash == NULL)
    {
      _ms_server_reply_error (req, error);
      _ms_server_request_finish (req);
      return;
    }
  _ms_server_run_in_worker (req, signup_end_work, _ms_server_request_finish);
}

void
_ms_server_handle_signup (Request *req)
{
  g_autoptr(GError) error = NULL;

  req->signup = ms_server_auth_signup_begin (req->body, &error);
  if (req->signup == NULL)
    {
      _ms_server_reply_error (req, error);
      _ms_server_request_finish (req);
      return;
    }
  pause_request (req);
  ms_server_hasher_hash_async (req->server->hasher, ms_server_signup_get_password (req->signup),
                               on_signup_hashed_cb, req);
}

static void
set_retry_after (Request *req,
                 gint64   seconds)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  soup_message_headers_replace (req->reply.headers, "Retry-After", value);
}

/* The client's address: the peer's, or the one a trusted proxy names. */
static char *
dup_client_address (MsServer          *self,
                    SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;
  g_auto(GStrv) hops = NULL;

  if (peer == NULL || self->trusted_proxies == NULL ||
      !g_strv_contains ((const char * const *) self->trusted_proxies, peer))
    return g_strdup (peer);
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (forwarded == NULL)
    return g_strdup (peer);
  /* The proxies append: the last address no proxy of ours wrote is the client. */
  hops = g_strsplit (forwarded, ",", -1);
  for (guint i = g_strv_length (hops); i > 0; i--)
    {
      char *hop = g_strstrip (hops[i - 1]);

      if (!g_hostname_is_ip_address (hop))
        break;
      if (!g_strv_contains ((const char * const *) self->trusted_proxies, hop))
        return g_strdup (hop);
    }
  return g_strdup (peer);
}

char *
_ms_server_dup_client_address (Request *req)
{
  return dup_client_address (req->server, req->msg);
}

/* Sign-in: the failure counts and the account (storage worker), the
 * password (hashing pool), then the session (storage worker). */

static void
signin_end_work (Request *req)
{
  MsServer *self = req->server;
  g_autoptr(GError) error = NULL;
  JsonObject *session;

  session = ms_server_auth_signin_end (req->storage, &self->auth, req->signin, req->verified,
                                       req->now, &error);
  if (session != NULL)
    reply_session (req, SOUP_STATUS_OK, session);
  else
    _ms_server_reply_error (req, error);
}

static void
on_signin_verified_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Request *req = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_server_hasher_verify_finish (MS_SERVER_HASHER (source), result, &req->verified,
                                       &error))
    {
      _ms_server_reply_error (req, error);
      _ms_server_request_finish (req);
      return;
    }
  _ms_server_run_in_worker (req, signin_end_work, _ms_server_request_finish);
}

static void
signin_begin_work (Request *req)
{
  MsServer *self = req->server;

  req->signin = ms_server_auth_signin_begin (req->storage, &self->auth, req->body, req->address,
                                             req->now, &req->retry_after, &req->error);
}

static void
signin_begun (Request *req)
{
  if (req->signin == NULL)
    {
      if (req->retry_after > 0)
        set_retry_after (req, req->retry_after);
      _ms_server_reply_error (req, req->error);
      _ms_server_request_finish (req);
      return;
    }
  pause_request (req);
  ms_server_hasher_verify_async (req->server->hasher, ms_server_signin_get_hash (req->signin),
                                 ms_server_signin_get_password (req->signin),
                                 on_signin_verified_cb, req);
}

void
_ms_server_handle_signin (Request *req)
{
  MsServer *self = req->server;
  g_autoptr(GError) error = NULL;

  if (!ms_server_bucket_take (&self->signins, self->auth.signins_per_second,
                              self->auth.signin_burst, g_get_monotonic_time ()))
    {
      set_retry_after (req, 1);
      g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_RATE_LIMITED,
                           _("Too many sign-ins right now. Try again in a moment."));
      _ms_server_reply_error (req, error);
      _ms_server_request_finish (req);
      return;
    }
  req->address = dup_client_address (self, req->msg);
  _ms_server_run_in_worker (req, signin_begin_work, signin_begun);
}

void
_ms_server_handle_refresh (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *session;
  JsonObject *user;

  session = ms_server_auth_refresh (req->storage, &req->server->auth, req->body,
                                    req->now, &error);
  if (session == NULL)
    return _ms_server_reply_error (req, error);
  /* A refreshed session is a day of use, for customer success. */
  user = json_object_get_object_member (session, "user");
  if (user != NULL &&
      !ms_server_csm_record_use (req->storage, json_object_get_string_member (user, "id"),
                                 req->now, &error))
    {
      g_warning ("counting a day of use: %s", error->message);
      g_clear_error (&error);
    }
  reply_session (req, SOUP_STATUS_OK, session);
}

void
_ms_server_handle_signout (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (!ms_server_auth_signout (req->storage, req->session_id, req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}
