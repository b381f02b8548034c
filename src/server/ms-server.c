/* ms-server.c — msgscore-server: the HTTP routes on a SoupServer (a request's reply and
 * its storage steps: ms-server-request.c)
 *
 * Handlers are thin: authenticate, parse, call auth/sync/storage, render.
 * One table lists every route with whether it needs a signed-in user; the
 * tenant-scoped ones (sync) authorise through ms_server_authorize_tenant()
 * inside ms-server-sync.c. The early handler refuses bodies without a
 * Content-Length or above the cap before they are read, and everything while
 * shutting down.
 *
 * Each finished request writes one JSON line to stderr: time, method, the
 * route's pattern as path (/v1/teams/{team}/invites/{email}: never an
 * address from a path; null for an unknown path), status, duration_ms and
 * the user id when signed in — never a body, a password or a token.
 *
 * The main loop never waits for the database: it parses a request, pauses
 * its message and hands it to the storage workers (a pool of --workers
 * threads, each with a storage of its own: ms_server_storage_open_for_thread(),
 * a SQLite connection or a PostgreSQL one); a worker authenticates, runs the
 * route and fills in a Reply, which the main loop then writes. Sign-up and
 * sign-in also pause while the password is hashed on the hashing pool
 * (ms-server-hasher.c), their database steps on the storage workers; sign-ins
 * in all are limited per second (a token bucket, on the main loop) besides
 * the failure counts of ms-server-auth.c, which are in the database and so
 * shared by every process.
 * The client address of a request is its peer's, or, when the peer is a
 * trusted proxy, the last address of X-Forwarded-For that is not one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-server.h"
#include "ms-server-billing.h"
#include "ms-server-api.h"
#include "ms-server-csm.h"
#include "ms-server-hasher.h"
#include "ms-server-json.h"
#include "ms-server-listener.h"
#include "ms-server-stats.h"
#include "ms-server-plans.h"
#include "ms-server-private.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

G_DEFINE_FINAL_TYPE (MsServer, ms_server, G_TYPE_OBJECT)

typedef void (*RouteFunc) (Request *req);

static void handle_health  (Request *req);
static void handle_ready   (Request *req);
static void handle_me      (Request *req);
static void handle_signup  (Request *req);
static void handle_signin  (Request *req);
static void handle_refresh (Request *req);
static void handle_signout (Request *req);
static void handle_push    (Request *req);
static void handle_pull    (Request *req);
static void handle_team_create  (Request *req);
static void handle_team_list    (Request *req);
static void handle_team_members (Request *req);
static void handle_team_invite  (Request *req);
static void handle_invite_accept (Request *req);
static void handle_team_remove  (Request *req);
static void handle_invite_cancel (Request *req);
static void handle_team_stats   (Request *req);
static void handle_subscription_get    (Request *req);
static void handle_subscription_change (Request *req);
static void handle_subscription_cancel (Request *req);
static void handle_subscription_resume (Request *req);
static void handle_invoices            (Request *req);
static void handle_invoice_pdf         (Request *req);
static void handle_staff_accounts (Request *req);
static void handle_staff_account  (Request *req);
static void handle_staff_note     (Request *req);
static void handle_staff_owner    (Request *req);
static void handle_staff_model    (Request *req);
static void handle_staff_tasks    (Request *req);
static void handle_staff_task     (Request *req);
static void handle_staff_support  (Request *req);
static void handle_support_create (Request *req);
static void handle_support_list   (Request *req);
static void handle_support_rate   (Request *req);
static void handle_nps_status     (Request *req);
static void handle_nps_answer     (Request *req);
static void handle_loyalty        (Request *req);

static const struct
{
  MsServerRoute info;
  gboolean      body;      /* reads a JSON object */
  RouteFunc     func;
  gboolean      on_main;   /* runs on the main loop and sends its own storage
                            * steps to the workers (sign-up, sign-in); the
                            * others run on a worker */
} routes[] = {
  /* method, path, auth (signed-in user), tenant (names tenants: authorised) */
  { { "GET", "/v1/health", FALSE, FALSE }, FALSE, handle_health, TRUE },
  { { "GET", "/v1/ready", FALSE, FALSE }, FALSE, handle_ready, FALSE },
  { { "GET", "/v1/me", TRUE, FALSE }, FALSE, handle_me, FALSE },
  { { "POST", "/v1/auth/signup", FALSE, FALSE }, TRUE, handle_signup, TRUE },
  { { "POST", "/v1/auth/signin", FALSE, FALSE }, TRUE, handle_signin, TRUE },
  { { "POST", "/v1/auth/refresh", FALSE, FALSE }, TRUE, handle_refresh, FALSE },
  { { "POST", "/v1/auth/signout", TRUE, FALSE }, FALSE, handle_signout, FALSE },
  { { "POST", "/v1/sync/push", TRUE, TRUE }, TRUE, handle_push, FALSE },
  { { "POST", "/v1/sync/pull", TRUE, TRUE }, TRUE, handle_pull, FALSE },
  /* {team}: the team's uuid (its tenant is "team:<uuid>") */
  { { "POST", "/v1/teams", TRUE, FALSE }, TRUE, handle_team_create, FALSE },
  { { "GET", "/v1/teams", TRUE, FALSE }, FALSE, handle_team_list, FALSE },
  { { "GET", "/v1/teams/{team}/members", TRUE, TRUE }, FALSE, handle_team_members, FALSE },
  { { "POST", "/v1/teams/{team}/invites", TRUE, TRUE }, TRUE, handle_team_invite, FALSE },
  { { "DELETE", "/v1/teams/{team}/invites/{email}", TRUE, TRUE }, FALSE, handle_invite_cancel,
    FALSE },
  { { "DELETE", "/v1/teams/{team}/members/{user}", TRUE, TRUE }, FALSE, handle_team_remove,
    FALSE },
  { { "GET", "/v1/teams/{team}/stats", TRUE, TRUE }, FALSE, handle_team_stats, FALSE },
  { { "POST", "/v1/invites/accept", TRUE, FALSE }, TRUE, handle_invite_accept, FALSE },
  /* billing (ms-server-billing.c) */
  { { "GET", "/v1/teams/{team}/subscription", TRUE, TRUE }, FALSE, handle_subscription_get,
    FALSE },
  { { "POST", "/v1/teams/{team}/subscription", TRUE, TRUE }, TRUE, handle_subscription_change,
    FALSE },
  { { "POST", "/v1/teams/{team}/subscription/cancel", TRUE, TRUE }, FALSE,
    handle_subscription_cancel, FALSE },
  { { "POST", "/v1/teams/{team}/subscription/resume", TRUE, TRUE }, FALSE,
    handle_subscription_resume, FALSE },
  { { "GET", "/v1/teams/{team}/invoices", TRUE, TRUE }, FALSE, handle_invoices, FALSE },
  { { "GET", "/v1/teams/{team}/invoices/{number}", TRUE, TRUE }, FALSE, handle_invoice_pdf,
    FALSE },
  /* the public scoring API (ms-server-api.c): a team's keys, then scoring with one */
  { { "POST", "/v1/teams/{team}/api-keys", TRUE, TRUE }, TRUE,
    _ms_server_handle_api_key_create, FALSE },
  { { "GET", "/v1/teams/{team}/api-keys", TRUE, TRUE }, FALSE,
    _ms_server_handle_api_key_list, FALSE },
  { { "DELETE", "/v1/teams/{team}/api-keys/{key}", TRUE, TRUE }, FALSE,
    _ms_server_handle_api_key_revoke, FALSE },
  /* authenticated by an API key, not a session */
  { { "POST", "/v1/score", FALSE, FALSE }, TRUE, _ms_server_handle_score, FALSE },
  /* share links (ms-server-share.c): the owner's, then the page without an account */
  { { "POST", "/v1/shares", TRUE, TRUE }, TRUE, _ms_server_handle_share_create, FALSE },
  { { "GET", "/v1/shares", TRUE, FALSE }, FALSE, _ms_server_handle_share_list, FALSE },
  { { "DELETE", "/v1/shares/{link}", TRUE, FALSE }, FALSE, _ms_server_handle_share_revoke,
    FALSE },
  { { "GET", "/r/{token}", FALSE, FALSE }, FALSE, _ms_server_handle_share_page, FALSE },
  { { "GET", "/assets/share.css", FALSE, FALSE }, FALSE, _ms_server_handle_share_css, TRUE },
  /* Customer success (ms-server-csm.c). Staff routes are the CSM tenant
   * kind, authorised against the staff table; {account} is a customer's
   * tenant ("user:…" or "team:…") */
  { { "GET", "/v1/staff/accounts", TRUE, FALSE }, FALSE, handle_staff_accounts, FALSE },
  { { "GET", "/v1/staff/accounts/{account}", TRUE, FALSE }, FALSE, handle_staff_account, FALSE },
  { { "POST", "/v1/staff/accounts/{account}/notes", TRUE, FALSE }, TRUE, handle_staff_note,
    FALSE },
  { { "POST", "/v1/staff/accounts/{account}/owner", TRUE, FALSE }, TRUE, handle_staff_owner,
    FALSE },
  { { "GET", "/v1/staff/model", TRUE, FALSE }, FALSE, handle_staff_model, FALSE },
  { { "GET", "/v1/staff/tasks", TRUE, FALSE }, FALSE, handle_staff_tasks, FALSE },
  { { "POST", "/v1/staff/tasks/{task}", TRUE, FALSE }, TRUE, handle_staff_task, FALSE },
  { { "POST", "/v1/staff/support/{request}", TRUE, FALSE }, TRUE, handle_staff_support, FALSE },
  /* … and the customer's side: support requests and the NPS survey */
  { { "POST", "/v1/support", TRUE, TRUE }, TRUE, handle_support_create, FALSE },
  { { "GET", "/v1/tenants/{tenant}/support", TRUE, TRUE }, FALSE, handle_support_list, FALSE },
  { { "POST", "/v1/support/{request}/rating", TRUE, FALSE }, TRUE, handle_support_rate, FALSE },
  { { "GET", "/v1/tenants/{tenant}/nps", TRUE, TRUE }, FALSE, handle_nps_status, FALSE },
  { { "POST", "/v1/nps", TRUE, TRUE }, TRUE, handle_nps_answer, FALSE },
  { { "GET", "/v1/tenants/{tenant}/loyalty", TRUE, TRUE }, FALSE, handle_loyalty, FALSE },
};

static void
reply_unavailable (SoupServerMessage *msg,
                   const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                                                 message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Retry-After", "5");
  soup_message_headers_replace (headers, "Connection", "close");
  ms_server_reply_error (msg, error, NULL);
}

/* ------------------------------------------------------------------------ */
/* Routes                                                                    */

static void
handle_health (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "status", "ok");
  json_object_set_string_member (o, "version", PACKAGE_VERSION);
  json_object_set_int_member (o, "protocol", MS_SERVER_SYNC_PROTOCOL);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
  _ms_server_request_finish (req);
}

/* Readiness, for a load balancer: this process reaches its database. */
static void
handle_ready (Request *req)
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

static void
handle_me (Request *req)
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
  plan = ms_server_plans_dup_user_entitlements (req->storage, req->user, req->now, &error);
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

static void
handle_signup (Request *req)
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

static void
handle_signin (Request *req)
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

static void
handle_refresh (Request *req)
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

static void
handle_signout (Request *req)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GError) error = NULL;

  if (!ms_server_auth_signout (req->storage, req->session_id, req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_push (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  gint64 expected_id = 0;

  response = ms_server_sync_push (req->storage, req->user, req->body, req->now,
                                  &expected_id, &error);
  if (response == NULL)
    {
      if (expected_id > 0)
        {
          g_autoptr(JsonObject) extra = json_object_new ();

          json_object_set_int_member (extra, "expected_id", expected_id);
          _ms_server_reply_error_extra (req, error, extra);
          return;
        }
      return _ms_server_reply_error (req, error);
    }
  _ms_server_reply_object (req, SOUP_STATUS_OK, response);
}

static void
handle_pull (Request *req)
{
  g_autoptr(GError) error = NULL;
  char *body;

  body = ms_server_sync_pull (req->storage, req->user, req->body, req->now, &error);
  if (body == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_take_body (req, SOUP_STATUS_OK, body);
}

static void
handle_team_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_create (req->storage, req->user, req->body, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

static void
handle_team_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_list (req->storage, req->user, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_team_members (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_members (req->storage, req->user, req->params[0], req->now,
                               &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_team_invite (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_invite (req->storage, req->user, req->params[0], req->body,
                              req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

static void
handle_invite_accept (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_accept (req->storage, req->user, req->body, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_team_remove (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_teams_remove_member (req->storage, req->user, req->params[0],
                                      req->params[1], req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_invite_cancel (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_teams_cancel_invites (req->storage, req->user, req->params[0],
                                       req->params[1], req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

/* 402 upgrade_needed names the plan to upgrade to ("plan"). */
static void
reply_upgrade_needed (Request      *req,
                      const GError *error,
                      const char   *plan)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  if (plan != NULL)
    json_object_set_string_member (extra, "plan", plan);
  else
    json_object_set_null_member (extra, "plan");
  _ms_server_reply_error_extra (req, error, extra);
}

static void
handle_subscription_get (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_get (req->storage, req->user, req->params[0], req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_subscription_change (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_change (req->storage, req->user, req->params[0], req->body, req->now,
                                &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
cancel_or_resume (Request  *req,
                  gboolean  cancel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_cancel (req->storage, req->user, req->params[0], cancel, req->now,
                                &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_subscription_cancel (Request *req)
{
  cancel_or_resume (req, TRUE);
}

static void
handle_subscription_resume (Request *req)
{
  cancel_or_resume (req, FALSE);
}

/* upgrade_needed says which plan has the feature. */
static void
reply_upgrade_error (Request      *req,
                     const GError *error,
                     const char   *needed_plan)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  if (needed_plan == NULL)
    return _ms_server_reply_error (req, error);
  json_object_set_string_member (extra, "plan", needed_plan);
  _ms_server_reply_error_extra (req, error, extra);
}

static void
handle_invoices (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *needed = NULL;

  o = ms_server_billing_invoices (req->storage, req->user, req->params[0], req->now, &needed,
                                  &error);
  if (o == NULL)
    return reply_upgrade_error (req, error, needed);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
handle_invoice_pdf (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *needed = NULL;
  g_autofree char *disposition = NULL;
  GBytes *pdf;

  pdf = ms_server_billing_invoice_pdf (req->storage, req->user, req->params[0], req->params[1],
                                       req->now, &needed, &error);
  if (pdf == NULL)
    return reply_upgrade_error (req, error, needed);
  req->reply.status = SOUP_STATUS_OK;
  req->reply.bytes = pdf;
  req->reply.content_type = "application/pdf";
  /* Only a number the team has gets here: [A-Z0-9-] */
  disposition = g_strdup_printf ("attachment; filename=\"%s.pdf\"", req->params[1]);
  soup_message_headers_replace (req->reply.headers, "Content-Disposition", disposition);
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "no-store");
}

static void
handle_team_stats (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *plan = NULL;

  o = ms_server_team_stats (req->storage, req->user, req->params[0], req->now, &plan, &error);
  if (o == NULL)
    {
      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_NEEDED))
        return reply_upgrade_needed (req, error, plan);
      return _ms_server_reply_error (req, error);
    }
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

/* ------------------------------------------------------------------------ */
/* Customer success                                                          */

static void
reply_result (Request    *req,
              guint       status,
              JsonObject *o,
              GError     *error)
{
  g_autoptr(JsonObject) owned = o;

  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, status, o);
}

static void
handle_staff_accounts (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_list_accounts (req->storage, req->user, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_account (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_get_account (req->storage, req->user, req->params[0], req->now,
                                             &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_note (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_add_note (req->storage, req->user, req->params[0], req->body,
                                          req->now, &error);

  reply_result (req, SOUP_STATUS_CREATED, o, error);
}

static void
handle_staff_owner (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_set_owner (req->storage, req->user, req->params[0], req->body,
                                           &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_model (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_get_model (req->storage, req->user, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_tasks (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_list_tasks (req->storage, req->user, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_task (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_update_task (req->storage, req->user, req->params[0], req->body,
                                             req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_staff_support (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_answer_support (req->storage, req->user, req->params[0],
                                                req->body, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_support_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_create (req->storage, req->user, req->body, req->now,
                                                &error);

  reply_result (req, SOUP_STATUS_CREATED, o, error);
}

static void
handle_support_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_list (req->storage, req->user, req->params[0], &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_support_rate (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_rate (req->storage, req->user, req->params[0], req->body,
                                              req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_nps_status (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_nps_status (req->storage, req->user, req->params[0], req->now,
                                            &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

static void
handle_nps_answer (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_nps_answer (req->storage, req->user, req->body, req->now, &error);

  reply_result (req, SOUP_STATUS_CREATED, o, error);
}

static void
handle_loyalty (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_loyalty (req->storage, req->user, req->params[0], req->now,
                                         &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                  */

/* Matches @path against @pattern, whose "{name}" segments match one
 * non-empty segment each (stored in @params, at most two). */
static gboolean
match_path (const char  *pattern,
            const char  *path,
            char       **params)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  guint n = 0;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;
  for (guint i = 0; want[i] != NULL; i++)
    {
      if (want[i][0] == '{')
        {
          if (have[i][0] == '\0' || n >= 2)
            return FALSE;
          continue;
        }
      if (!g_str_equal (want[i], have[i]))
        return FALSE;
    }
  for (guint i = 0; want[i] != NULL; i++)
    if (want[i][0] == '{' && params != NULL)
      params[n++] = g_uri_unescape_string (have[i], NULL);
  return TRUE;
}

/* On a worker: who is asking, then the route. */
static void
route_work (Request *req)
{
  g_autoptr(GError) error = NULL;

  if (routes[req->route].info.auth)
    {
      RequestInfo *info = _ms_server_get_info (req->msg);

      req->user = ms_server_auth_authenticate (req->storage, req->msg, req->now,
                                               &req->session_id, &error);
      if (req->user == NULL)
        return _ms_server_reply_error (req, error);
      if (info != NULL)
        info->user_id = g_strdup (req->user->id);
    }
  routes[req->route].func (req);
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  MsServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  gboolean path_known = FALSE;
  Request *req;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;  /* answered by the early handler */

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!match_path (routes[i].info.path, path, NULL))
        continue;
      path_known = TRUE;
      if (!g_str_equal (routes[i].info.method, method))
        continue;
      if (_ms_server_get_info (msg) != NULL)
        _ms_server_get_info (msg)->route = routes[i].info.path;

      req = _ms_server_request_new (self, msg, i);
      if (routes[i].body)
        {
          req->body = ms_server_json_parse_body (msg, self->max_body, &error);
          if (req->body == NULL)
            {
              _ms_server_reply_error (req, error);
              _ms_server_request_finish (req);
              return;
            }
        }
      match_path (routes[i].info.path, path, req->params);
      if (routes[i].on_main)
        routes[i].func (req);
      else
        _ms_server_run_in_worker (req, route_work, _ms_server_request_finish);
      return;
    }

  req = _ms_server_request_new (self, msg, 0);
  if (path_known)
    {
      g_autoptr(GString) allow = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
        if (match_path (routes[i].info.path, path, NULL))
          g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "",
                                  routes[i].info.method);
      soup_message_headers_replace (req->reply.headers, "Allow", allow->str);
      g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_METHOD_NOT_ALLOWED,
                           _("This address does not take that method."));
    }
  else
    g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                         _("There is nothing at this address."));
  _ms_server_reply_error (req, error);
  _ms_server_request_finish (req);
}

/* Answers @msg at once and closes its connection, without reading a body
 * that may never come (a Content-Length that is not a number, or far too
 * large): libsoup would read the body before answering. The request counts
 * as in flight until the connection is closed. */
typedef struct
{
  MsServer          *server;
  SoupServerMessage *msg;
  GIOStream         *stream;
  GBytes            *answer;
} Closing;

static void finish_request (MsServer          *self,
                            SoupServerMessage *msg);

static void
on_closed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Closing *closing = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  /* A stolen message never reaches request-finished. */
  finish_request (closing->server, closing->msg);
  g_object_unref (closing->stream);
  g_object_unref (closing->msg);
  g_object_unref (closing->server);
  g_bytes_unref (closing->answer);
  g_free (closing);
}

static void
on_closing_write_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Closing *closing = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (closing->stream, G_PRIORITY_DEFAULT, NULL, on_closed_cb, closing);
}

static void
reply_and_close (MsServer          *self,
                 SoupServerMessage *msg,
                 const GError      *error,
                 JsonObject        *extra)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  guint status = ms_server_error_status (error);
  JsonObject *e = ms_server_error_to_json (error);
  Closing *closing;

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (e, name, json_node_copy (value));
    }
  json_object_set_object_member (root, "error", e);
  json_node_set_object (node, root);
  body = json_to_string (node, FALSE);
  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nCache-Control: no-store\r\n"
                          "Connection: close\r\n\r\n%s",
                          status, soup_status_get_phrase (status), strlen (body), body);

  soup_server_message_set_status (msg, status, NULL);
  closing = g_new0 (Closing, 1);
  closing->stream = soup_server_message_steal_connection (msg);
  if (closing->stream == NULL)
    {
      g_free (closing);
      finish_request (self, msg);
      return;
    }
  closing->server = g_object_ref (self);
  closing->msg = g_object_ref (msg);
  closing->answer = g_string_free_to_bytes (g_steal_pointer (&answer));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (closing->stream),
                                   g_bytes_get_data (closing->answer, NULL),
                                   g_bytes_get_size (closing->answer), G_PRIORITY_DEFAULT, NULL,
                                   on_closing_write_cb, closing);
}

static void
on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  MsServer *self = user_data;
  g_autoptr(GError) error = NULL;
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "ms-request-info", info, _ms_server_request_info_free);
  self->n_in_flight++;

  if (self->shutting_down)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      reply_unavailable (msg, _("The server is restarting. Try again in a moment."));
      return;
    }
  if (!ms_server_json_check_length (msg, self->max_body, &error))
    {
      SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
      g_autoptr(JsonObject) extra = NULL;

      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE))
        {
          extra = json_object_new ();
          json_object_set_int_member (extra, "max_bytes", (gint64) self->max_body);
        }
      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED) ||
          (guint64) soup_message_headers_get_content_length (request_headers) / 16 >
          self->max_body)
        {
          reply_and_close (self, msg, error, extra);
          return;
        }
      /* The body is still read (so the client gets this answer, not a
       * broken pipe), but dropped as it arrives; the body timeout bounds
       * how long that may take. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      ms_server_reply_error (msg, error, extra);
    }
}

static void
log_request (MsServer          *self,
             SoupServerMessage *msg)
{
  RequestInfo *info = _ms_server_get_info (msg);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;

  json_object_set_string_member (o, "time", time);
  json_object_set_string_member (o, "method", soup_server_message_get_method (msg));
  /* The pattern, not the path: a path can hold an email address. */
  if (info != NULL && info->route != NULL)
    json_object_set_string_member (o, "path", info->route);
  else
    json_object_set_null_member (o, "path");
  json_object_set_int_member (o, "status", soup_server_message_get_status (msg));
  json_object_set_double_member (o, "duration_ms",
                                 info != NULL ? (g_get_monotonic_time () - info->started) / 1000.0
                                              : 0.0);
  if (info != NULL && info->user_id != NULL)
    json_object_set_string_member (o, "user", info->user_id);
  else
    json_object_set_null_member (o, "user");
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (node, o);
    line = json_to_string (node, FALSE);
  }
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
}

static void
maybe_finish_shutdown (MsServer *self)
{
  if (self->shutting_down && self->n_in_flight == 0 && self->shutdown_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->shutdown_task);

      g_task_return_boolean (task, TRUE);
    }
}

static void
finish_request (MsServer          *self,
                SoupServerMessage *msg)
{
  if (_ms_server_get_info (msg) == NULL)
    return;  /* no request arrived on the connection */
  if (self->log_requests)
    log_request (self, msg);
  g_object_set_data (G_OBJECT (msg), "ms-request-info", NULL);
  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  maybe_finish_shutdown (self);
}

static void
on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  finish_request (user_data, msg);
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* Tombstone purge on a timer                                                */

static void
purge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MsServer *self = source;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  storage = _ms_server_dup_thread_storage (self, &error);
  if (storage == NULL ||
      !ms_server_storage_purge_tombstones (storage, ms_server_get_now (self) -
                                                    self->purge_after_days * G_TIME_SPAN_DAY,
                                           &n, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

static void
on_purged_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsServer *self = MS_SERVER (source);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  self->purging = FALSE;
  if (error != NULL)
    g_warning ("purging tombstones: %s", error->message);
  else if (n > 0)
    g_message ("%" G_GSSIZE_FORMAT " tombstones purged", n);
}

/* Every process may run it: on PostgreSQL one at a time does the work. */
static gboolean
on_purge_timer_cb (gpointer user_data)
{
  MsServer *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->purging || self->shutting_down)
    return G_SOURCE_CONTINUE;
  self->purging = TRUE;
  task = g_task_new (self, NULL, on_purged_cb, NULL);
  g_task_run_in_thread (task, purge_thread);
  return G_SOURCE_CONTINUE;
}

/**
 * ms_server_set_purge:
 * @interval: seconds between two purges; 0 for none
 * @after_days: tombstones older than this go
 *
 * Call before ms_server_listen().
 */
void
ms_server_set_purge (MsServer *self,
                     guint     interval,
                     guint     after_days)
{
  g_return_if_fail (MS_IS_SERVER (self));
  g_return_if_fail (self->soup == NULL);
  self->purge_interval = interval;
  self->purge_after_days = after_days;
}

/* ------------------------------------------------------------------------ */

static void
ms_server_dispose (GObject *object)
{
  MsServer *self = (MsServer *) object;

  if (self->purge_source != NULL)
    g_source_destroy (self->purge_source);
  g_clear_pointer (&self->purge_source, g_source_unref);
  if (self->listener != NULL)
    g_object_run_dispose (G_OBJECT (self->listener));
  g_clear_object (&self->listener);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_signal_handlers_disconnect_by_data (self->soup, self);
    }
  g_clear_object (&self->soup);
  /* Requests hold the server: no job is left when it goes. */
  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, TRUE);
  g_clear_pointer (&self->thread_storage, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->storage);
  g_clear_object (&self->hasher);
  g_clear_object (&self->shutdown_task);

  G_OBJECT_CLASS (ms_server_parent_class)->dispose (object);
}

static void
ms_server_finalize (GObject *object)
{
  MsServer *self = (MsServer *) object;

  g_mutex_clear (&self->now_lock);
  g_mutex_clear (&self->storage_lock);
  g_strfreev (self->trusted_proxies);
  ms_server_api_limiter_free (self->api_limiter);

  G_OBJECT_CLASS (ms_server_parent_class)->finalize (object);
}

static void
ms_server_class_init (MsServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = ms_server_finalize;
}

static void
ms_server_init (MsServer *self)
{
  MsServerAuthConfig auth = MS_SERVER_AUTH_CONFIG_INIT;
  MsServerLimits limits = MS_SERVER_LIMITS_INIT;

  g_mutex_init (&self->now_lock);
  g_mutex_init (&self->storage_lock);
  self->thread_storage = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                g_object_unref);
  self->n_workers = MS_SERVER_DEFAULT_WORKERS;
  self->auth = auth;
  self->limits = limits;
  self->max_body = MS_SERVER_DEFAULT_MAX_BODY;
  self->log_requests = TRUE;
  self->api_limiter = ms_server_api_limiter_new ();
}

MsServer *
ms_server_new (MsServerStorage *storage)
{
  MsServer *self;

  g_return_val_if_fail (MS_IS_SERVER_STORAGE (storage), NULL);

  self = g_object_new (MS_TYPE_SERVER, NULL);
  self->storage = g_object_ref (storage);
  return self;
}

/**
 * ms_server_get_auth_config:
 *
 * Returns: (transfer none): the token lifetimes and password cost, to change
 *   before ms_server_listen()
 */
MsServerAuthConfig *
ms_server_get_auth_config (MsServer *self)
{
  g_return_val_if_fail (MS_IS_SERVER (self), NULL);
  return &self->auth;
}

/**
 * ms_server_get_limits:
 *
 * Returns: (transfer none): the limits on connections and their timeouts,
 *   to change before ms_server_listen()
 */
MsServerLimits *
ms_server_get_limits (MsServer *self)
{
  g_return_val_if_fail (MS_IS_SERVER (self), NULL);
  return &self->limits;
}

/**
 * ms_server_set_trusted_proxies:
 * @addresses: (nullable): IP addresses of reverse proxies whose
 *   X-Forwarded-For header names the client
 *
 * Call before ms_server_listen().
 */
void
ms_server_set_trusted_proxies (MsServer           *self,
                               const char * const *addresses)
{
  g_return_if_fail (MS_IS_SERVER (self));
  g_strfreev (self->trusted_proxies);
  self->trusted_proxies = g_strdupv ((char **) addresses);
}

/**
 * ms_server_set_workers:
 * @n_workers: threads that run storage work; 0 runs it on the main loop
 *
 * Call before ms_server_listen().
 */
void
ms_server_set_workers (MsServer *self,
                       guint     n_workers)
{
  g_return_if_fail (MS_IS_SERVER (self));
  g_return_if_fail (self->soup == NULL);
  self->n_workers = n_workers;
}

void
ms_server_set_max_body (MsServer *self,
                        gsize     max_bytes)
{
  g_return_if_fail (MS_IS_SERVER (self));
  self->max_body = max_bytes;
}

void
ms_server_set_log_requests (MsServer *self,
                            gboolean  log_requests)
{
  g_return_if_fail (MS_IS_SERVER (self));
  self->log_requests = !!log_requests;
}

/**
 * ms_server_get_now:
 *
 * Returns: the server's clock in microseconds since the Unix epoch; every
 *   expiry and rate-limit decision reads it
 */
gint64
ms_server_get_now (MsServer *self)
{
  gint64 now;

  g_return_val_if_fail (MS_IS_SERVER (self), 0);
  g_mutex_lock (&self->now_lock);
  now = self->now_for_testing;
  g_mutex_unlock (&self->now_lock);
  return now != 0 ? now : g_get_real_time ();
}

/**
 * ms_server_set_now_for_testing:
 * @now_usec: the time to report, or 0 for the real clock
 *
 * May be called from any thread.
 */
void
ms_server_set_now_for_testing (MsServer *self,
                               gint64    now_usec)
{
  g_return_if_fail (MS_IS_SERVER (self));
  g_mutex_lock (&self->now_lock);
  self->now_for_testing = now_usec;
  g_mutex_unlock (&self->now_lock);
}

/**
 * ms_server_listen:
 * @address: "HOST:PORT"; port 0 picks a free port
 * @certificate: (nullable): serve HTTPS with it
 *
 * Listens in the thread-default main context of the caller.
 */
gboolean
ms_server_listen (MsServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  GError          **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (MS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  connectable = g_network_address_parse (address, 0, error);
  if (connectable == NULL)
    return FALSE;
  enumerator = g_socket_connectable_enumerate (connectable);
  socket_address = g_socket_address_enumerator_next (enumerator, NULL, error);
  if (socket_address == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot resolve %s",
                     address);
      return FALSE;
    }

  self->hasher = ms_server_hasher_new (self->auth.pwhash_threads, self->auth.pwhash_queue,
                                      self->auth.pwhash_cost);
  self->context = g_main_context_ref_thread_default ();
  if (self->purge_interval > 0)
    {
      self->purge_source = g_timeout_source_new_seconds (self->purge_interval);
      g_source_set_callback (self->purge_source, on_purge_timer_cb, self, NULL);
      g_source_attach (self->purge_source, self->context);
    }
  if (self->n_workers > 0)
    {
      self->workers = g_thread_pool_new (_ms_server_worker_func, self, (gint) self->n_workers, TRUE, error);
      if (self->workers == NULL)
        return FALSE;
    }
  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "msgscore-server/" PACKAGE_VERSION " ",
                             NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_finished_cb), self);

  self->listener = ms_server_listener_new (self->soup, &self->limits, certificate,
                                           (const char * const *) self->trusted_proxies);
  if (!ms_server_listener_listen (self->listener, socket_address, error))
    {
      g_object_run_dispose (G_OBJECT (self->listener));
      g_clear_object (&self->listener);
      g_clear_object (&self->soup);
      return FALSE;
    }
  return TRUE;
}

guint
ms_server_get_port (MsServer *self)
{
  g_return_val_if_fail (MS_IS_SERVER (self), 0);
  return self->listener != NULL ? ms_server_listener_get_port (self->listener) : 0;
}

/**
 * ms_server_get_routes:
 *
 * Returns: (transfer none): every route, for the authorisation tests
 */
const MsServerRoute *
ms_server_get_routes (guint *n_routes)
{
  static MsServerRoute table[G_N_ELEMENTS (routes)];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
        table[i] = routes[i].info;
      g_once_init_leave (&initialized, 1);
    }
  *n_routes = G_N_ELEMENTS (routes);
  return table;
}

guint
ms_server_get_n_in_flight (MsServer *self)
{
  g_return_val_if_fail (MS_IS_SERVER (self), 0);
  return self->n_in_flight;
}

/**
 * ms_server_shutdown_async:
 *
 * Stops accepting connections, answers 503 to requests that still arrive on
 * open connections, and completes once the requests in flight are done.
 */
void
ms_server_shutdown_async (MsServer            *self,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MS_IS_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ms_server_shutdown_async);
  if (self->shutdown_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "already shutting down");
      return;
    }
  self->shutting_down = TRUE;
  /* Close the listening socket only; connections in use finish. */
  if (self->listener != NULL)
    ms_server_listener_close (self->listener);
  self->shutdown_task = g_steal_pointer (&task);
  maybe_finish_shutdown (self);
}

gboolean
ms_server_shutdown_finish (MsServer      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
