/* ms-sync-client.c — keeps a profile's store in sync with msgscore-server
 *
 * The protocol is src/server/README-sync.md; the model DESIGN.md §7.
 *
 * The object: the state people see (state, syncing, pending, last-error,
 * last-synced, signed-in, email) and when rounds run. With
 * ms_sync_client_start() the client runs a round when it starts, shortly
 * after every local change (the store's "changed" signal), every
 * PERIODIC_S seconds, and after a failure when the backoff says (exponential
 * with jitter, Retry-After obeyed: ms-sync-backoff.c). The round itself is
 * ms-sync-round.c, signing in ms-sync-session.c, the team calls
 * ms-sync-teams.c, the HTTP ms-sync-http.c (ms-sync-client-private.h).
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
 * transaction each (store/ms-sync-state.h). Moving it to a worker with its
 * own connection is possible later without changing this API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"

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
  REJECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */
/* State                                                                    */

void
_ms_sync_client_notify (MsSyncClient *self,
                        guint         prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_ms_sync_client_emit_rejected (MsSyncClient *self,
                               const char   *name,
                               const char   *code,
                               const char   *message)
{
  g_signal_emit (self, signals[REJECTED], 0, name, code, message);
}

void
_ms_sync_client_set_state (MsSyncClient *self,
                           MsSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  _ms_sync_client_notify (self, PROP_STATE);
}

void
_ms_sync_client_set_syncing (MsSyncClient *self,
                             gboolean      syncing)
{
  if (self->syncing == syncing)
    return;
  self->syncing = syncing;
  _ms_sync_client_notify (self, PROP_SYNCING);
}

void
_ms_sync_client_set_error (MsSyncClient *self,
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
  _ms_sync_client_notify (self, PROP_LAST_ERROR);
}

void
_ms_sync_client_update_pending (MsSyncClient *self)
{
  guint pending = ms_store_get_outbox_length (self->store);

  if (pending != self->pending)
    {
      self->pending = pending;
      _ms_sync_client_notify (self, PROP_PENDING);
    }
  if (!self->syncing && self->state == MS_SYNC_STATE_SYNCED && pending > 0)
    _ms_sync_client_set_state (self, MS_SYNC_STATE_WAITING);
}

gboolean
_ms_sync_client_signed_in (MsSyncClient *self)
{
  return self->access_token != NULL || self->refresh_token != NULL;
}

void
_ms_sync_client_settle_state (MsSyncClient *self)
{
  if (!_ms_sync_client_signed_in (self) && self->tokens_loaded)
    _ms_sync_client_set_state (self, MS_SYNC_STATE_SIGNED_OUT);
  else if (self->pending > 0)
    _ms_sync_client_set_state (self, MS_SYNC_STATE_WAITING);
  else
    _ms_sync_client_set_state (self, MS_SYNC_STATE_SYNCED);
}

/* ------------------------------------------------------------------------ */
/* Scheduling                                                               */

static gboolean
on_debounce_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  self->debounce_source = 0;
  if (self->retry_source == 0)  /* backing off: that timer decides */
    _ms_sync_round_request (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_periodic_cb (gpointer user_data)
{
  MsSyncClient *self = user_data;

  if (self->retry_source == 0)
    _ms_sync_round_request (self);
  return G_SOURCE_CONTINUE;
}

static void
on_store_changed_cb (MsStore      *store,
                     const char   *table,
                     MsSyncClient *self)
{
  if (self->applying)
    return;
  _ms_sync_client_update_pending (self);
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
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->staff_role, g_free);
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
      g_value_set_boolean (value, _ms_sync_client_signed_in (self));
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_STAFF_ROLE:
      g_value_set_string (value, ms_sync_client_get_staff_role (self));
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
  /* The service's staff role of the account (csm, lead, admin), NULL for a
   * customer or when signed out: the Accounts section follows it. */
  properties[PROP_STAFF_ROLE] =
    g_param_spec_string ("staff-role", NULL, NULL, NULL,
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
  _ms_sync_session_load_account (self);
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
    _ms_sync_session_load_tokens (self, NULL);
  return _ms_sync_client_signed_in (self);
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
  _ms_sync_round_request (self);
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
  _ms_sync_client_update_pending (self);
  if (ok && self->started)
    _ms_sync_round_request (self);
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
  _ms_sync_round_request (self);
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
