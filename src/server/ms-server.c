/* ms-server.c — msgscore-server: the server object, its route table and dispatch on a
 * SoupServer. The handlers are in ms-server-<area>-routes.c (account, sync, teams, billing,
 * csm, api); a request's reply and its storage steps in ms-server-request.c; the early
 * handler, the log line and the count in flight in ms-server-connection.c. A new route goes
 * in a new ms-server-<area>-routes.c and only its line in routes[] here.
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
  { { "GET", "/v1/health", FALSE, FALSE }, FALSE, _ms_server_handle_health, TRUE },
  { { "GET", "/v1/ready", FALSE, FALSE }, FALSE, _ms_server_handle_ready, FALSE },
  { { "GET", "/v1/me", TRUE, FALSE }, FALSE, _ms_server_handle_me, FALSE },
  { { "POST", "/v1/auth/signup", FALSE, FALSE }, TRUE, _ms_server_handle_signup, TRUE },
  { { "POST", "/v1/auth/signin", FALSE, FALSE }, TRUE, _ms_server_handle_signin, TRUE },
  { { "POST", "/v1/auth/refresh", FALSE, FALSE }, TRUE, _ms_server_handle_refresh, FALSE },
  { { "POST", "/v1/auth/signout", TRUE, FALSE }, FALSE, _ms_server_handle_signout, FALSE },
  { { "POST", "/v1/sync/push", TRUE, TRUE }, TRUE, _ms_server_handle_push, FALSE },
  { { "POST", "/v1/sync/pull", TRUE, TRUE }, TRUE, _ms_server_handle_pull, FALSE },
  /* {team}: the team's uuid (its tenant is "team:<uuid>") */
  { { "POST", "/v1/teams", TRUE, FALSE }, TRUE, _ms_server_handle_team_create, FALSE },
  { { "GET", "/v1/teams", TRUE, FALSE }, FALSE, _ms_server_handle_team_list, FALSE },
  { { "GET", "/v1/teams/{team}/members", TRUE, TRUE }, FALSE,
    _ms_server_handle_team_members, FALSE },
  { { "POST", "/v1/teams/{team}/invites", TRUE, TRUE }, TRUE,
    _ms_server_handle_team_invite, FALSE },
  { { "DELETE", "/v1/teams/{team}/invites/{email}", TRUE, TRUE }, FALSE,
    _ms_server_handle_invite_cancel, FALSE },
  { { "DELETE", "/v1/teams/{team}/members/{user}", TRUE, TRUE }, FALSE,
    _ms_server_handle_team_remove, FALSE },
  { { "GET", "/v1/teams/{team}/stats", TRUE, TRUE }, FALSE, _ms_server_handle_team_stats, FALSE },
  { { "POST", "/v1/invites/accept", TRUE, FALSE }, TRUE, _ms_server_handle_invite_accept, FALSE },
  /* billing (ms-server-billing-routes.c) */
  { { "GET", "/v1/teams/{team}/subscription", TRUE, TRUE }, FALSE,
    _ms_server_handle_subscription_get, FALSE },
  { { "POST", "/v1/teams/{team}/subscription", TRUE, TRUE }, TRUE,
    _ms_server_handle_subscription_change, FALSE },
  { { "POST", "/v1/teams/{team}/subscription/cancel", TRUE, TRUE }, FALSE,
    _ms_server_handle_subscription_cancel, FALSE },
  { { "POST", "/v1/teams/{team}/subscription/resume", TRUE, TRUE }, FALSE,
    _ms_server_handle_subscription_resume, FALSE },
  { { "GET", "/v1/teams/{team}/invoices", TRUE, TRUE }, FALSE, _ms_server_handle_invoices, FALSE },
  { { "GET", "/v1/teams/{team}/invoices/{number}", TRUE, TRUE }, FALSE,
    _ms_server_handle_invoice_pdf, FALSE },
  /* the public scoring API (ms-server-api-routes.c): a team's keys, then scoring with one */
  { { "POST", "/v1/teams/{team}/api-keys", TRUE, TRUE }, TRUE,
    _ms_server_handle_api_key_create, FALSE },
  { { "GET", "/v1/teams/{team}/api-keys", TRUE, TRUE }, FALSE,
    _ms_server_handle_api_key_list, FALSE },
  { { "DELETE", "/v1/teams/{team}/api-keys/{key}", TRUE, TRUE }, FALSE,
    _ms_server_handle_api_key_revoke, FALSE },
  /* authenticated by an API key, not a session */
  { { "POST", "/v1/score", FALSE, FALSE }, TRUE, _ms_server_handle_score, FALSE },
  /* share links (ms-server-share-routes.c): the owner's, then the page without an account */
  { { "POST", "/v1/shares", TRUE, TRUE }, TRUE, _ms_server_handle_share_create, FALSE },
  { { "GET", "/v1/shares", TRUE, FALSE }, FALSE, _ms_server_handle_share_list, FALSE },
  { { "DELETE", "/v1/shares/{link}", TRUE, FALSE }, FALSE, _ms_server_handle_share_revoke,
    FALSE },
  { { "GET", "/r/{token}", FALSE, FALSE }, FALSE, _ms_server_handle_share_page, FALSE },
  { { "POST", "/r/{token}", FALSE, FALSE }, FALSE, _ms_server_handle_review_post, FALSE },
  { { "GET", "/assets/share.css", FALSE, FALSE }, FALSE, _ms_server_handle_share_css, TRUE },
  /* Customer success (ms-server-csm.c). Staff routes are the CSM tenant
   * kind, authorised against the staff table; {account} is a customer's
   * tenant ("user:…" or "team:…") */
  { { "GET", "/v1/staff/accounts", TRUE, FALSE }, FALSE, _ms_server_handle_staff_accounts, FALSE },
  { { "GET", "/v1/staff/accounts/{account}", TRUE, FALSE }, FALSE,
    _ms_server_handle_staff_account, FALSE },
  { { "POST", "/v1/staff/accounts/{account}/owner", TRUE, FALSE }, TRUE,
    _ms_server_handle_staff_owner, FALSE },
  { { "GET", "/v1/staff/model", TRUE, FALSE }, FALSE, _ms_server_handle_staff_model, FALSE },
  { { "GET", "/v1/staff/tasks", TRUE, FALSE }, FALSE, _ms_server_handle_staff_tasks, FALSE },
  { { "POST", "/v1/staff/tasks/{task}", TRUE, FALSE }, TRUE, _ms_server_handle_staff_task, FALSE },
  { { "POST", "/v1/staff/support/{request}", TRUE, FALSE }, TRUE,
    _ms_server_handle_staff_support, FALSE },
  /* … and the customer's side: support requests and the NPS survey */
  { { "POST", "/v1/support", TRUE, TRUE }, TRUE, _ms_server_handle_support_create, FALSE },
  { { "GET", "/v1/tenants/{tenant}/support", TRUE, TRUE }, FALSE,
    _ms_server_handle_support_list, FALSE },
  { { "POST", "/v1/support/{request}/rating", TRUE, FALSE }, TRUE,
    _ms_server_handle_support_rate, FALSE },
  { { "GET", "/v1/tenants/{tenant}/nps", TRUE, TRUE }, FALSE, _ms_server_handle_nps_status, FALSE },
  { { "POST", "/v1/nps", TRUE, TRUE }, TRUE, _ms_server_handle_nps_answer, FALSE },
  { { "GET", "/v1/tenants/{tenant}/loyalty", TRUE, TRUE }, FALSE,
    _ms_server_handle_loyalty, FALSE },
};

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                  */

/* Matches @path against @pattern, whose "{name}" segments match one
 * non-empty segment each (stored in @params, at most two). Walks both
 * strings: every request is matched against the table, so nothing is
 * allocated before a route matches. */
static gboolean
match_path (const char  *pattern,
            const char  *path,
            char       **params)
{
  const char *p = pattern, *s = path;
  const char *starts[2];
  gsize lengths[2];
  guint n = 0;

  for (;;)
    {
      const char *p_end = strchr (p, '/'), *s_end = strchr (s, '/');
      gsize p_len = p_end != NULL ? (gsize) (p_end - p) : strlen (p);
      gsize s_len = s_end != NULL ? (gsize) (s_end - s) : strlen (s);

      if (p[0] == '{')
        {
          if (s_len == 0 || n >= 2)
            return FALSE;
          starts[n] = s;
          lengths[n++] = s_len;
        }
      else if (p_len != s_len || memcmp (p, s, p_len) != 0)
        return FALSE;
      if ((p_end == NULL) != (s_end == NULL))
        return FALSE;
      if (p_end == NULL)
        break;
      p = p_end + 1;
      s = s_end + 1;
    }
  for (guint i = 0; i < n && params != NULL; i++)
    params[i] = g_uri_unescape_segment (starts[i], starts[i] + lengths[i], NULL);
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
  soup_server_add_early_handler (self->soup, NULL, _ms_server_on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-finished",
                    G_CALLBACK (_ms_server_on_request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted",
                    G_CALLBACK (_ms_server_on_request_finished_cb), self);

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
  _ms_server_maybe_finish_shutdown (self);
}

gboolean
ms_server_shutdown_finish (MsServer      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

