/* ms-sync-client.c — keeps a profile's store in sync with msgscore-server
 *
 * The protocol is src/server/README-sync.md; the model DESIGN.md §7.
 *
 * A round is: GET /v1/me (plan and tenants) → GET /v1/teams (the teams, kept
 * in the store's `team` table; every team tenant is pulled too) → push the
 * outbox from its head in batches, one push in flight → pull every tenant
 * until has_more is false. A 403 on a team tenant means the user was removed
 * from the team: its local data is cleared (personal data and other teams
 * stay) and the round goes on.
 * Rounds never overlap: a request during a round runs one more round after
 * it. With ms_sync_client_start() the client runs a round when it starts,
 * shortly after every local change (the store's "changed" signal), every
 * PERIODIC_S seconds, and after a failure when the backoff says (exponential
 * with jitter, Retry-After obeyed: ms-sync-backoff.c).
 *
 * HTTP statuses: 401 → refresh the token once and resend, else "sign in
 * again" (the outbox is kept); 403 → that tenant stops (outbox kept); 409
 * mutation_gap → renumber from expected_id; 413 → halve the batch; 422 →
 * "update MsgScore"; 429/503 → wait Retry-After; 5xx and network → backoff.
 *
 * Threads: everything runs on the thread that made the client (the main
 * thread in the app), like the store it uses. The HTTP is asynchronous;
 * the SQLite work of applying a push answer or a pull page (at most 500
 * rows: a few milliseconds) runs there too, between network waits, in one
 * transaction each (ms-sync-local.c). Moving it to a worker with its own
 * connection is possible later without changing this API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ms-account-policy.h"
#include "ms-json-guard.h"
#include "store/ms-team-repository.h"
#include "ms-sync-backoff.h"
#include "ms-sync-client.h"
#include "ms-sync-local.h"

#define DEFAULT_BATCH      200
#define PULL_LIMIT         500
#define PERIODIC_S         60
#define DEBOUNCE_MS        300
#define HTTP_TIMEOUT_S     30
#define MAX_GAPS_PER_ROUND 3

struct _MsSyncClient
{
  GObject        parent_instance;

  MsStore       *store;
  MsTokenStore  *tokens;
  char          *server_url;
  SoupSession   *session;
  GCancellable  *cancellable;

  /* The account */
  char          *access_token;
  char          *refresh_token;
  char          *email;
  char          *tenant;         /* the personal tenant */
  GPtrArray     *tenants;        /* every tenant to pull; NULL until /v1/me */
  GHashTable    *stopped;        /* tenants answered 403 */
  guint          account_changes; /* times the tenant list was replaced: a round
                                  * walking an older one stops (round_is_current) */
  gboolean       tokens_loaded;

  /* State shown to people */
  MsSyncState    state;
  gboolean       syncing;
  guint          pending;
  GError        *error;
  gint64         last_synced;

  /* Scheduling */
  gboolean       started;
  MsSyncBackoff  backoff;
  guint          retry_source;
  guint          debounce_source;
  guint          periodic_source;
  GPtrArray     *waiters;        /* GTask: want the next round */
  GPtrArray     *round_tasks;    /* GTask: served by the running round */
  gboolean       again;
  gint64         retry_after_ms; /* of the last round, -1 if none */

  guint          batch_size;
  gboolean       applying;       /* our own commits: not a local change */
  MsSyncStepHook hook;
  gpointer       hook_data;
};

G_DEFINE_FINAL_TYPE (MsSyncClient, ms_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ms-sync-error-quark, ms_sync_error)

G_DEFINE_ENUM_TYPE (MsSyncState, ms_sync_state,
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_SIGNED_OUT, "signed-out"),
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_SYNCED, "synced"),
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (MS_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_STATE,
  PROP_SYNCING,
  PROP_PENDING,
  PROP_LAST_ERROR,
  PROP_LAST_SYNCED,
  PROP_SIGNED_IN,
  PROP_EMAIL,
  N_PROPS
};

enum {
  REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_round (MsSyncClient *self);
static void request_round (MsSyncClient *self);

/* ------------------------------------------------------------------------ */
/* State                                                                    */

static void
set_state (MsSyncClient *self,
           MsSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_syncing (MsSyncClient *self,
             gboolean      syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_error (MsSyncClient *self,
           const GError *error)
{
  if (error == NULL && self->error == NULL)
    return;
  if (error != NULL && self->error != NULL &&
      g_error_matches (self->error, error->domain, error->code) &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
update_pending (MsSyncClient *self)
{
  guint pending = ms_store_get_outbox_length (self->store);

  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (!self->syncing && self->state == MS_SYNC_STATE_SYNCED && pending > 0)
    set_state (self, MS_SYNC_STATE_WAITING);
}

static gboolean
signed_in (MsSyncClient *self)
{
  return self->access_token != NULL || self->refresh_token != NULL;
}

static void
settle_state (MsSyncClient *self)
{
  if (!signed_in (self) && self->tokens_loaded)
    set_state (self, MS_SYNC_STATE_SIGNED_OUT);
  else if (self->pending > 0)
    set_state (self, MS_SYNC_STATE_WAITING);
  else
    set_state (self, MS_SYNC_STATE_SYNCED);
}

/* ------------------------------------------------------------------------ */
/* Account                                                                  */

static gboolean
load_tokens (MsSyncClient  *self,
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

static gboolean
save_tokens (MsSyncClient  *self,
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  return TRUE;
}

static void
forget_tokens (MsSyncClient *self)
{
  gboolean was = signed_in (self);

  ms_token_store_clear (self->tokens, self->server_url, ms_store_get_client_id (self->store),
                        NULL);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  self->tokens_loaded = TRUE;
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* The account as /v1/me describes it; kept in the store's meta table so
 * that a restart offline still shows the right tenant and plan. */
static gboolean
take_account (MsSyncClient  *self,
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
      g_autoptr(MsEntitlements) entitlements =
        ms_entitlements_new_for_plan (json_object_get_string_member_with_default (plan, "id",
                                                                                  "free"),
                                      NULL);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
  return TRUE;
}

static void
load_account (MsSyncClient *self)
{
  g_autofree char *server = ms_sync_state_dup_meta (self->store, "sync.server");
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_strcmp0 (server, self->server_url) != 0)
    return;
  text = ms_sync_state_dup_meta (self->store, "sync.account");
  node = text != NULL ? json_from_string (text, NULL) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    take_account (self, json_node_get_object (node), FALSE, NULL);
}

/* ------------------------------------------------------------------------ */
/* HTTP                                                                     */

typedef struct
{
  char     *method;
  char     *path;
  GBytes   *body;
  gboolean  auth;
  gboolean  refreshed;
} Request;

typedef struct
{
  guint     status;
  JsonNode *root;
  gint64    retry_after_ms;
} Response;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
response_free (Response *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static JsonObject *
response_object (Response *response)
{
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    return NULL;
  return json_node_get_object (response->root);
}

/* The "expected_id" of an error answer (409 mutation_gap, 403 on a push), or 0. */
static gint64
response_expected_id (Response *response)
{
  JsonObject *o = response_object (response);
  JsonNode *err = o != NULL ? json_object_get_member (o, "error") : NULL;

  if (err == NULL || !JSON_NODE_HOLDS_OBJECT (err))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (err), "expected_id", 0);
}

static const char *
response_code (Response *response)
{
  JsonObject *o = response_object (response);

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

static void send_request (GTask *task);

/* A server's answer is untrusted input: bounded before it is parsed. */
static JsonNode *
parse_body (GBytes *bytes)
{
  static const MsJsonLimits limits = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return ms_json_guard_parse (data, size, &limits, NULL);
}

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
  root = parse_body (bytes);
  if (soup_message_get_status (msg) == SOUP_STATUS_OK && root != NULL &&
      JSON_NODE_HOLDS_OBJECT (root) &&
      save_tokens (self, json_node_get_object (root), &error))
    {
      send_request (g_steal_pointer (&task));
      return;
    }
  if (error != NULL && !g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  {
    Response *response = g_new0 (Response, 1);

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
        forget_tokens (self);
        response->status = SOUP_STATUS_UNAUTHORIZED;
        g_clear_pointer (&response->root, json_node_unref);
      }
    g_task_return_pointer (task, response, (GDestroyNotify) response_free);
  }
}

static void
refresh (GTask *task)
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

static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Response *response;

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
      refresh (g_steal_pointer (&task));
      return;
    }

  response = g_new0 (Response, 1);
  response->status = soup_message_get_status (msg);
  response->root = parse_body (bytes);
  response->retry_after_ms =
    ms_sync_backoff_parse_retry_after (soup_message_headers_get_one (
                                         soup_message_get_response_headers (msg), "Retry-After"),
                                       g_get_real_time ());
  g_task_return_pointer (task, response, (GDestroyNotify) response_free);
}

static void
send_request (GTask *task)
{
  MsSyncClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
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

static void
request_async (MsSyncClient        *self,
               const char          *method,
               const char          *path,
               JsonNode            *body,
               gboolean             auth,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, request_async);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->auth = auth;
  if (body != NULL)
    {
      gsize length = 0;
      char *text = json_to_string (body, FALSE);

      length = strlen (text);
      request->body = g_bytes_new_take (text, length);
    }
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  send_request (task);
}

static Response *
request_finish (MsSyncClient  *self,
                GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The error an unexpected answer means, translated, saying what to do. */
static GError *
response_error (Response *response)
{
  guint status = response->status;
  const char *code = response_code (response);

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

/* ------------------------------------------------------------------------ */
/* Rejections                                                               */

static char *
describe_rejection (MsSyncRejection *rejection)
{
  const char *code = rejection->code != NULL ? rejection->code : "";
  const char *reason;

  if (g_str_equal (code, "forbidden_role"))
    reason = _("Only the team’s owners can change its rules and shared presets.");
  else if (g_str_equal (code, "limit_reached"))
    reason = _("Your plan’s limit is reached. Upgrade your plan, then make the change again.");
  else if (g_str_equal (code, "conflict"))
    reason = _("Another item already has this name or word. Choose another and try again.");
  else if (g_str_equal (code, "not_found"))
    reason = _("The item was deleted or changed on another device.");
  else
    reason = _("The server could not accept this change. Update MsgScore and try again.");

  /* Translators: the first %s is the reason, the second the server's own words */
  return g_strdup_printf (_("A change was not saved to your account and was undone here: %s "
                            "(%s)"), reason,
                          rejection->message != NULL && *rejection->message != '\0'
                          ? rejection->message : code);
}

static void
emit_rejections (MsSyncClient *self,
                 GPtrArray    *rejections)
{
  for (guint i = 0; i < rejections->len; i++)
    {
      MsSyncRejection *rejection = g_ptr_array_index (rejections, i);
      g_autofree char *message = describe_rejection (rejection);

      g_signal_emit (self, signals[REJECTED], 0, rejection->name, rejection->code, message);
    }
}

/* ------------------------------------------------------------------------ */
/* A round                                                                  */

typedef struct
{
  guint     tenant_index;
  guint     gaps;
  guint     batch_sent;
  gint64    retry_after_ms;  /* of a 429/503 */
  guint     account_changes; /* of the client when the round began */
} Round;

/* A sign-in or sign-up while the round ran replaced the account and its
 * tenant list: the round stops there (cancelled, so quietly) and another
 * runs with the new list. Returns FALSE after returning @task's error. */
static gboolean
round_is_current (MsSyncClient *self,
                  GTask        *task)
{
  Round *round = g_task_get_task_data (task);

  if (round->account_changes == self->account_changes && self->tenants != NULL)
    return TRUE;
  self->again = TRUE;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "the account changed during the sync");
  return FALSE;
}

static void finish_round (MsSyncClient *self,
                          GError       *error);
static void push_next (MsSyncClient *self,
                       GTask        *task);
static void pull_next (MsSyncClient *self,
                       GTask        *task);

static void
hook (MsSyncClient *self,
      const char   *step)
{
  if (self->hook != NULL)
    self->hook (self, step, self->hook_data);
}

static void
on_me_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = request_finish (self, result, &error);

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status != SOUP_STATUS_OK || response_object (response) == NULL)
    {
      g_task_return_error (task, response_error (response));
      return;
    }
  if (!take_account (self, response_object (response), TRUE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  update_pending (self);
  g_task_return_boolean (task, TRUE);
}

/* GET /v1/me; a GTask of its own, shared by sign-in and rounds. */
static void
fetch_me_async (MsSyncClient        *self,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, self->cancellable, callback, user_data);

  request_async (self, "GET", "/v1/me", NULL, TRUE, self->cancellable, on_me_cb, task);
}

/* Every team tenant is pulled after the personal one. */
static void
add_team_tenants (MsSyncClient *self)
{
  g_autoptr(GPtrArray) ids = ms_store_list_team_ids (self->store, NULL);

  if (self->tenants == NULL || ids == NULL)
    return;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      gboolean known = FALSE;

      for (guint j = 0; j < self->tenants->len && !known; j++)
        known = g_str_equal (id, g_ptr_array_index (self->tenants, j));
      if (!known)
        g_ptr_array_add (self->tenants, g_strdup (id));
    }
}

/* Forgets a team the user was removed from (403 on its tenant). */
static gboolean
drop_team (MsSyncClient  *self,
           const char    *tenant,
           GError       **error)
{
  gboolean ok;

  g_debug ("no longer a member of %s: clearing its local data", tenant);
  self->applying = TRUE;
  ok = ms_store_forget_team (self->store, tenant, error);
  self->applying = FALSE;
  for (guint i = 0; ok && self->tenants != NULL && i < self->tenants->len; i++)
    if (g_str_equal (tenant, g_ptr_array_index (self->tenants, i)))
      {
        g_ptr_array_remove_index (self->tenants, i);
        break;
      }
  update_pending (self);
  return ok;
}

/* A team object of GET /v1/teams (README-sync.md, "Teams"). */
static MsTeam *
team_from_json (JsonNode *node)
{
  JsonObject *o;
  JsonNode *limit_node;
  const char *id;
  gint64 limit = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  id = json_object_get_string_member_with_default (o, "tenant", NULL);
  if (id == NULL || !g_str_has_prefix (id, "team:"))
    return NULL;

  /* seats_limit is null for unlimited. */
  limit_node = json_object_get_member (o, "seats_limit");
  if (limit_node != NULL && JSON_NODE_HOLDS_VALUE (limit_node))
    limit = json_node_get_int (limit_node);

  return ms_team_new (id,
                      json_object_get_string_member_with_default (o, "name", ""),
                      json_object_get_string_member_with_default (o, "plan", NULL),
                      json_object_get_string_member_with_default (o, "role", "member"),
                      json_object_get_int_member_with_default (o, "seats_used", 0),
                      limit);
}

static void
on_round_teams_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = request_finish (self, result, &error);
  g_autoptr(GPtrArray) teams = NULL;
  JsonNode *root;
  JsonArray *array = NULL;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status == SOUP_STATUS_NOT_FOUND)
    {
      /* A server without teams: keep what we know. */
      add_team_tenants (self);
      push_next (self, g_steal_pointer (&task));
      return;
    }
  root = response->root;
  if (response->status != SOUP_STATUS_OK || root == NULL)
    {
      Round *round = g_task_get_task_data (task);

      round->retry_after_ms = response->retry_after_ms;
      g_task_return_error (task, response_error (response));
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "teams") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "teams")))
    array = json_object_get_array_member (json_node_get_object (root), "teams");
  if (array == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                               _("The server’s list of teams cannot be read. Try again later or "
                                 "update MsgScore."));
      return;
    }

  teams = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MsTeam *team = team_from_json (json_array_get_element (array, i));

      if (team != NULL)
        g_ptr_array_add (teams, team);
    }
  self->applying = TRUE;
  ok = ms_store_replace_teams (self->store, teams, &error);
  self->applying = FALSE;
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  add_team_tenants (self);
  update_pending (self);
  push_next (self, g_steal_pointer (&task));
}

static void
on_round_me_cb (GObject      *source,
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
  /* The round walks the tenant list this answer just made. */
  ((Round *) g_task_get_task_data (task))->account_changes = self->account_changes;
  request_async (self, "GET", "/v1/teams", NULL, TRUE, self->cancellable, on_round_teams_cb,
                 g_steal_pointer (&task));
}

static void
on_push_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = request_finish (self, result, &error);
  g_autoptr(GPtrArray) rejections = NULL;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status == SOUP_STATUS_OK && response_object (response) != NULL)
    {
      hook (self, "push-after-response");
      rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_sync_rejection_free);
      self->applying = TRUE;
      ok = ms_sync_local_apply_push (self->store, response_object (response), rejections,
                                      &error);
      self->applying = FALSE;
      if (!ok)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      update_pending (self);
      emit_rejections (self, rejections);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_CONFLICT &&
      g_str_equal (response_code (response), "mutation_gap") &&
      round->gaps++ < MAX_GAPS_PER_ROUND)
    {
      gint64 expected = MAX (response_expected_id (response), 1);

      self->applying = TRUE;
      ok = ms_sync_state_handle_gap (self->store, expected, &error);
      self->applying = FALSE;
      if (!ok)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      update_pending (self);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE && round->batch_sent > 1)
    {
      self->batch_size = MAX (1, round->batch_sent / 2);
      push_next (self, g_steal_pointer (&task));
      return;
    }

  if (response->status == SOUP_STATUS_FORBIDDEN)
    {
      /* A push names one tenant (see push_next): stop that one. */
      g_autoptr(JsonNode) body = NULL;
      guint n = 0;

      body = ms_sync_local_build_push (self->store, 1, self->stopped, &n, NULL);
      if (body != NULL)
        {
          JsonArray *mutations = json_object_get_array_member (json_node_get_object (body),
                                                               "mutations");
          g_autofree char *tenant = g_strdup (json_object_get_string_member (
            json_array_get_object_element (mutations, 0), "tenant"));

          /* Removed from a team: nothing of this push was applied, so its
           * pending changes can go with the team's data. Earlier pushes
           * whose answers were lost are acknowledged first (expected_id),
           * or dropping rows from the middle of the outbox would renumber
           * later changes onto ids the server has already used. */
          if (g_str_has_prefix (tenant, "team:"))
            {
              gint64 expected = response_expected_id (response);

              self->applying = TRUE;
              ok = expected <= 0 || ms_sync_state_handle_gap (self->store, expected, &error);
              self->applying = FALSE;
              if (!ok || !drop_team (self, tenant, &error))
                {
                  g_task_return_error (task, g_steal_pointer (&error));
                  return;
                }
              push_next (self, g_steal_pointer (&task));
              return;
            }
          g_hash_table_add (self->stopped, g_strdup (tenant));
        }
      g_task_return_error (task, response_error (response));
      return;
    }

  {
    GError *e = response_error (response);

    round->retry_after_ms = response->retry_after_ms;
    g_task_return_error (task, e);
  }
}

static void
push_next (MsSyncClient *self,
           GTask        *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *mutations;
  guint n = 0;

  if (!round_is_current (self, task))
    {
      g_object_unref (task);
      return;
    }
  body = ms_sync_local_build_push (self->store, self->batch_size, self->stopped, &n, &error);
  if (body == NULL && error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (body == NULL)
    {
      round->tenant_index = 0;
      pull_next (self, task);
      return;
    }

  /* One tenant per push, so that a 403 names it. */
  mutations = json_object_get_array_member (json_node_get_object (body), "mutations");
  for (guint i = 1; i < json_array_get_length (mutations); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (mutations, i),
                                                  "tenant"),
                   json_object_get_string_member (json_array_get_object_element (mutations, 0),
                                                  "tenant")) != 0)
      {
        while (json_array_get_length (mutations) > i)
          json_array_remove_element (mutations, json_array_get_length (mutations) - 1);
        break;
      }
  round->batch_sent = json_array_get_length (mutations);

  hook (self, "push-before-send");
  request_async (self, "POST", "/v1/sync/push", body, TRUE, self->cancellable, on_push_cb,
                 task);
}

static void
on_pull_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  Round *round = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = request_finish (self, result, &error);
  const char *tenant;
  JsonObject *o;
  gboolean ok;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!round_is_current (self, task))
    return;
  tenant = g_ptr_array_index (self->tenants, round->tenant_index);
  o = response_object (response);
  if (response->status == SOUP_STATUS_FORBIDDEN && g_str_has_prefix (tenant, "team:"))
    {
      g_autofree char *team = g_strdup (tenant);

      /* The next tenant moves into this index. */
      if (!drop_team (self, team, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      pull_next (self, g_steal_pointer (&task));
      return;
    }
  if (response->status == SOUP_STATUS_FORBIDDEN)
    {
      g_hash_table_add (self->stopped, g_strdup (tenant));
      round->tenant_index++;
      pull_next (self, g_steal_pointer (&task));
      return;
    }
  if (response->status != SOUP_STATUS_OK || o == NULL)
    {
      GError *e = response_error (response);

      round->retry_after_ms = response->retry_after_ms;
      g_task_return_error (task, e);
      return;
    }

  self->applying = TRUE;
  ok = ms_sync_local_apply_pull (self->store, tenant, o, &error);
  self->applying = FALSE;
  if (!ok)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  update_pending (self);

  if (!json_object_get_boolean_member_with_default (o, "has_more", FALSE))
    round->tenant_index++;
  pull_next (self, g_steal_pointer (&task));
}

static void
pull_next (MsSyncClient *self,
           GTask        *task)
{
  Round *round = g_task_get_task_data (task);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;

  if (!round_is_current (self, task))
    {
      g_object_unref (task);
      return;
    }
  while (round->tenant_index < self->tenants->len &&
         g_hash_table_contains (self->stopped,
                                g_ptr_array_index (self->tenants, round->tenant_index)))
    round->tenant_index++;

  if (round->tenant_index >= self->tenants->len)
    {
      if (g_hash_table_size (self->stopped) > 0)
        {
          g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN,
                                   _("Your account no longer has access to this team, so it is "
                                     "not synced. Your changes are kept; ask the team’s owner "
                                     "to add you again."));
          g_object_unref (task);
          return;
        }
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  body = ms_sync_local_build_pull (self->store,
                                    g_ptr_array_index (self->tenants, round->tenant_index),
                                    PULL_LIMIT, &error);
  request_async (self, "POST", "/v1/sync/pull", body, TRUE, self->cancellable, on_pull_cb, task);
}

static void
on_round_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  GError *error = NULL;

  Round *round = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), &error);
  self->retry_after_ms = round->retry_after_ms;
  finish_round (self, error);
}

static gboolean
on_retry_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  self->retry_source = 0;
  request_round (self);
  return G_SOURCE_REMOVE;
}

static void
finish_round (MsSyncClient *self,
              GError       *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->round_tasks);

  set_syncing (self, FALSE);
  update_pending (self);

  if (error == NULL)
    {
      ms_sync_backoff_reset (&self->backoff);
      self->last_synced = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
      set_error (self, NULL);
      settle_state (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean retry = TRUE;
      gint64 retry_after = -1;

      set_error (self, error);
      if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE))
        set_state (self, MS_SYNC_STATE_OFFLINE);
      else if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY) ||
               g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_SERVER))
        {
          set_state (self, MS_SYNC_STATE_WAITING);
          retry_after = self->retry_after_ms;
        }
      else
        {
          retry = FALSE;
          if (g_error_matches (error, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN))
            set_state (self, MS_SYNC_STATE_SIGNED_OUT);
          else
            set_state (self, MS_SYNC_STATE_ERROR);
        }

      if (retry && self->started)
        {
          guint delay = ms_sync_backoff_next (&self->backoff, retry_after);

          g_clear_handle_id (&self->retry_source, g_source_remove);
          self->retry_source = g_timeout_add (delay, on_retry_cb, self);
          g_debug ("sync failed (%s); retrying in %u ms", error->message, delay);
        }
    }
  else
    settle_state (self);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&error);

  if (self->again || self->waiters->len > 0)
    {
      self->again = FALSE;
      run_round (self);
    }
}

static void
run_round (MsSyncClient *self)
{
  g_autoptr(GError) error = NULL;
  GTask *task;

  if (self->syncing)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_after_ms = -1;
  self->round_tasks = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  set_syncing (self, TRUE);

  if (!load_tokens (self, &error))
    {
      finish_round (self, g_steal_pointer (&error));
      return;
    }
  if (!signed_in (self))
    {
      finish_round (self, g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                                               _("Sign in to sync. Until then everything stays "
                                                 "on this computer.")));
      return;
    }

  set_state (self, MS_SYNC_STATE_SYNCING);
  task = g_task_new (self, self->cancellable, on_round_done_cb, NULL);
  g_task_set_source_tag (task, run_round);
  {
    Round *round = g_new0 (Round, 1);

    round->retry_after_ms = -1;
    round->account_changes = self->account_changes;
    g_task_set_task_data (task, round, g_free);
  }

  /* The account first, every round: the plan may have changed (upgrades
   * apply at once) and so may the tenants. One small GET. */
  fetch_me_async (self, on_round_me_cb, task);
}

static void
request_round (MsSyncClient *self)
{
  if (self->syncing)
    self->again = TRUE;
  else
    run_round (self);
}

/* ------------------------------------------------------------------------ */
/* Scheduling                                                               */

static gboolean
on_debounce_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  self->debounce_source = 0;
  if (self->retry_source == 0)  /* backing off: that timer decides */
    request_round (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_periodic_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  if (self->retry_source == 0)
    request_round (self);
  return G_SOURCE_CONTINUE;
}

static void
on_store_changed_cb (MsStore      *store,
                     const char   *table,
                     MsSyncClient *self)
{
  if (self->applying)
    return;
  update_pending (self);
  if (self->started && self->debounce_source == 0)
    self->debounce_source = g_timeout_add (DEBOUNCE_MS, on_debounce_cb, self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
ms_sync_client_dispose (GObject *object)
{
  MsSyncClient *self = (MsSyncClient *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->debounce_source, g_source_remove);
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->tokens);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ms_sync_client_parent_class)->dispose (object);
}

static void
ms_sync_client_finalize (GObject *object)
{
  MsSyncClient *self = (MsSyncClient *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->tenant, g_free);
  g_clear_pointer (&self->tenants, g_ptr_array_unref);
  g_clear_pointer (&self->stopped, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->round_tasks, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ms_sync_client_parent_class)->finalize (object);
}

static void
ms_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsSyncClient *self = MS_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, ms_sync_client_get_last_error (self));
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, signed_in (self));
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_sync_client_class_init (MsSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_sync_client_dispose;
  object_class->finalize = ms_sync_client_finalize;
  object_class->get_property = ms_sync_client_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MS_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MS_TYPE_SYNC_STATE, MS_SYNC_STATE_SIGNED_OUT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsSyncClient::rejected:
   * @name: the mutation ("history.save", …)
   * @code: the server's code ("limit_reached", "conflict", …)
   * @message: a translated sentence for a toast: what happened and what to do
   *
   * The server refused a change; it was undone locally (restored from its
   * shadow) and recorded in the store's rejected_mutation table.
   */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ms_sync_client_init (MsSyncClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->stopped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->batch_size = DEFAULT_BATCH;
  self->state = MS_SYNC_STATE_WAITING;
  ms_sync_backoff_init (&self->backoff, MS_SYNC_BACKOFF_BASE_MS, MS_SYNC_BACKOFF_MAX_MS, 0);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_sync_client_new:
 * @store: the profile to keep in sync
 * @server_url: e.g. "https://api.msgscore.example"; no trailing path
 * @tokens: (nullable): where sign-in tokens live; NULL for
 *   ms_token_store_new_default() (the keyring unless $MSGSCORE_TOKEN_STORE)
 *
 * Nothing happens on the network until ms_sync_client_start(),
 * ms_sync_client_sync_async() or a sign-in.
 */
MsSyncClient *
ms_sync_client_new (MsStore      *store,
                    const char   *server_url,
                    MsTokenStore *tokens)
{
  MsSyncClient *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (tokens == NULL || MS_IS_TOKEN_STORE (tokens), NULL);

  self = g_object_new (MS_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->server_url = g_strdup (server_url);
  while (g_str_has_suffix (self->server_url, "/"))
    self->server_url[strlen (self->server_url) - 1] = '\0';
  if (tokens != NULL)
    self->tokens = g_object_ref (tokens);
  else
    {
      self->tokens = ms_token_store_new_default (NULL);
      if (self->tokens == NULL)
        self->tokens = ms_token_store_new_keyring ();
    }
  self->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_S,
                                                 "idle-timeout", HTTP_TIMEOUT_S,
                                                 "max-conns-per-host", 2,
                                                 "user-agent", "msgscore/" PACKAGE_VERSION,
                                                 NULL);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed_cb), self);
  load_account (self);
  self->pending = ms_store_get_outbox_length (store);
  return self;
}

/**
 * ms_sync_client_dup_saved_server:
 *
 * Returns: (transfer full) (nullable): the server the profile last signed
 *   in to, or NULL
 */
char *
ms_sync_client_dup_saved_server (MsStore *store)
{
  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  return ms_sync_state_dup_meta (store, "sync.server");
}

MsStore *
ms_sync_client_get_store (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->store;
}

const char *
ms_sync_client_get_server_url (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

MsSyncState
ms_sync_client_get_state (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), MS_SYNC_STATE_ERROR);
  return self->state;
}

gboolean
ms_sync_client_get_syncing (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), FALSE);
  return self->syncing;
}

/**
 * ms_sync_client_get_pending:
 *
 * Returns: how many local changes wait to be sent ("N changes waiting")
 */
guint
ms_sync_client_get_pending (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), 0);
  return self->pending;
}

/**
 * ms_sync_client_get_last_error:
 *
 * Returns: (nullable): the translated reason the last round failed
 */
const char *
ms_sync_client_get_last_error (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

const GError *
ms_sync_client_get_error (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->error;
}

gint64
ms_sync_client_get_last_synced (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), 0);
  return self->last_synced;
}

gboolean
ms_sync_client_get_signed_in (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), FALSE);
  if (!self->tokens_loaded)
    load_tokens (self, NULL);
  return signed_in (self);
}

const char *
ms_sync_client_get_email (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->email;
}

const char *
ms_sync_client_get_tenant (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->tenant;
}

/**
 * ms_sync_client_describe_state:
 *
 * Returns: (transfer full): one translated line for a status label
 */
char *
ms_sync_client_describe_state (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);

  switch (self->state)
    {
    case MS_SYNC_STATE_SIGNED_OUT:
      return g_strdup (_("Not signed in: everything stays on this computer"));
    case MS_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case MS_SYNC_STATE_OFFLINE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline: %u change waiting",
                                           "Offline: %u changes waiting", self->pending),
                              self->pending);
    case MS_SYNC_STATE_WAITING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting",
                                           "%u changes waiting", self->pending),
                              self->pending);
    case MS_SYNC_STATE_ERROR:
      /* Translators: %s is the reason */
      return g_strdup_printf (_("Sync stopped: %s"),
                              self->error != NULL ? self->error->message : "");
    case MS_SYNC_STATE_SYNCED:
    default:
      return g_strdup (_("Synced"));
    }
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
  set_error (self, NULL);
  settle_state (self);
  g_task_return_boolean (task, TRUE);
  if (self->started)
    request_round (self);
}

static void
on_sign_in_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = request_finish (self, result, &error);

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((response->status != SOUP_STATUS_OK && response->status != SOUP_STATUS_CREATED) ||
      response_object (response) == NULL)
    {
      g_task_return_error (task, response_error (response));
      return;
    }
  if (!save_tokens (self, response_object (response), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fetch_me_async (self, on_sign_in_me_cb, g_steal_pointer (&task));
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
  request_async (self, "POST", path, body, FALSE, cancellable, on_sign_in_cb,
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
  g_autoptr(Response) response = request_finish (self, result, NULL);

  /* Offline or already revoked: the tokens are forgotten here all the same. */
  forget_tokens (self);
  settle_state (self);
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
  load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      forget_tokens (self);
      settle_state (self);
      g_task_return_boolean (task, TRUE);
      return;
    }
  request_async (self, "POST", "/v1/auth/signout", NULL, TRUE, cancellable, on_sign_out_cb,
                 g_steal_pointer (&task));
}

gboolean
ms_sync_client_sign_out_finish (MsSyncClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sync -------------------------------------------------------------------- */

/**
 * ms_sync_client_sync_async:
 *
 * Runs a round (push everything, then pull every tenant) that starts after
 * this call, and completes when it ends. Its error is also last-error.
 */
void
ms_sync_client_sync_async (MsSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_sync_client_sync_async);
  g_ptr_array_add (self->waiters, task);
  request_round (self);
}

gboolean
ms_sync_client_sync_finish (MsSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ms_sync_client_reset:
 *
 * Forgets the synced rows of every tenant of the account and their cursors;
 * the next round pulls everything again. Unsent changes are kept and
 * applied again on top.
 */
gboolean
ms_sync_client_reset (MsSyncClient  *self,
                      GError       **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), FALSE);

  self->applying = TRUE;
  for (guint i = 0; ok && self->tenants != NULL && i < self->tenants->len; i++)
    ok = ms_sync_state_reset (self->store, g_ptr_array_index (self->tenants, i), error);
  self->applying = FALSE;
  update_pending (self);
  if (ok && self->started)
    request_round (self);
  return ok;
}

/**
 * ms_sync_client_start:
 *
 * Syncs now, after each local change, periodically, and after failures
 * with backoff — until ms_sync_client_stop().
 */
void
ms_sync_client_start (MsSyncClient *self)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->periodic_source = g_timeout_add_seconds (PERIODIC_S, on_periodic_cb, self);
  request_round (self);
}

/**
 * ms_sync_client_stop:
 *
 * No new rounds start; one in flight completes.
 */
void
ms_sync_client_stop (MsSyncClient *self)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));

  self->started = FALSE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->debounce_source, g_source_remove);
  g_clear_handle_id (&self->periodic_source, g_source_remove);
}

void
ms_sync_client_set_step_hook (MsSyncClient   *self,
                              MsSyncStepHook  hook_func,
                              gpointer        user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  self->hook = hook_func;
  self->hook_data = user_data;
}

void
ms_sync_client_set_batch_size (MsSyncClient *self,
                               guint         mutations)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  self->batch_size = CLAMP (mutations, 1, 1000);
}

void
ms_sync_client_set_backoff_seed (MsSyncClient *self,
                                 guint32       seed,
                                 guint         base_ms)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  ms_sync_backoff_init (&self->backoff, base_ms, MAX (base_ms, MS_SYNC_BACKOFF_MAX_MS), seed);
}

/* Teams ------------------------------------------------------------------- */

/* The error a team route's answer means (README-sync.md, "Teams"). */
static GError *
team_error (Response *response)
{
  const char *code = response_code (response);

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
  return response_error (response);
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
  g_autoptr(Response) response = request_finish (self, result, &error);
  gpointer tag = g_task_get_source_tag (task);
  JsonObject *o;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  o = response_object (response);
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
    team = team_from_json (node);
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
    add_team_tenants (self);
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
  load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to use teams."));
      return;
    }
  request_async (self, method, path, body, TRUE, cancellable, on_team_call_cb,
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
