/* ms-server-sync.c — push and pull of named mutations (DESIGN.md §7, README-sync.md)
 *
 * Push: each mutation runs in its own write transaction, which
 *   1. reads the client's last mutation id (duplicate / gap),
 *   2. authorises the tenant again (membership may have changed),
 *   3. validates every argument before it writes anything, checks the plan,
 *   4. writes rows (each row write takes the tenant's next version),
 *   4. records the mutation id — also when the mutation is rejected.
 * Two pushes of the same client are serialised by the write transaction, so
 * a mutation is never applied twice.
 *
 * Pull: one read transaction (one snapshot) reads the tenant's epoch and
 * version, the client's last mutation id and one page of rows.
 *
 * Rows are stored as the JSON the client applies (its table columns minus
 * tenant and version); pull adds "version".
 *
 * Plan limits are those of the user's plan in a personal tenant and of the
 * team's plan in a team tenant ("team:<uuid>", ms-server-teams.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "ms-server-csm.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"
#include "sync/ms-mutation.h"

typedef struct
{
  MsServerStorage    *storage;
  const MsServerUser *user;
  MsEntitlements     *entitlements;
  const char         *client_id;
  gint64              now;

  /* the mutation */
  gint64              id;
  const char         *name;
  const char         *tenant;
  JsonObject         *args;
  char               *role;      /* the user's role in tenant */

  /* its outcome */
  gint64              last;      /* the client's last mutation id after it */
  const char         *status;
  GError             *rejection;
  char               *needed_plan; /* with upgrade_needed: the plan that unlocks it */
} PushContext;

/* ------------------------------------------------------------------------ */

MsEntitlements *
ms_server_sync_dup_entitlements (const char *plan)
{
  static GHashTable *cache;
  static GMutex lock;
  MsEntitlements *entitlements;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  entitlements = g_hash_table_lookup (cache, plan);
  if (entitlements == NULL)
    {
      entitlements = ms_entitlements_new_for_plan (plan, NULL);
      if (entitlements == NULL)
        entitlements = ms_entitlements_new_free ();
      g_hash_table_insert (cache, g_strdup (plan), entitlements);
    }
  g_object_ref (entitlements);
  g_mutex_unlock (&lock);
  return entitlements;
}

gboolean
ms_server_sync_check_protocol (JsonObject  *request,
                               GError     **error)
{
  gint64 protocol = MS_SERVER_SYNC_PROTOCOL;

  if (!ms_server_json_get_int (request, "protocol", FALSE, &protocol, error))
    return FALSE;
  if (protocol != MS_SERVER_SYNC_PROTOCOL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_REQUIRED,
                           _("This version of MsgScore can no longer sync. Update MsgScore."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The server's side of the mutation table (src/core/sync/ms-mutation.h)     */

typedef struct
{
  MsMutationServer    parent;
  MsServerStorage    *storage;
  MsEntitlements     *user_entitlements;
} ServerRows;

static gboolean
rows_get_row (MsMutationServer  *server,
              const char        *entity,
              const char        *id,
              JsonObject       **out,
              GError           **error)
{
  ServerRows *self = (ServerRows *) server;
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonNode) node = NULL;

  *out = NULL;
  if (!ms_server_storage_get_row (self->storage, server->tenant, entity, id, &row, error))
    return FALSE;
  if (row == NULL)
    return TRUE;
  node = json_from_string (row->row_json, NULL);
  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  *out = json_object_ref (json_node_get_object (node));
  return TRUE;
}

static gboolean
rows_find_key (MsMutationServer  *server,
               const char        *entity,
               const char        *key,
               gboolean           live_only,
               char             **id,
               GError           **error)
{
  ServerRows *self = (ServerRows *) server;

  return ms_server_storage_find_row_by_key (self->storage, server->tenant, entity, key,
                                            live_only, id, error);
}

static gboolean
rows_count (MsMutationServer  *server,
            const char        *entity,
            gint64             created_from,
            gint64             created_to,
            gboolean           live_only,
            const char        *exclude_id,
            gint64            *count,
            GError           **error)
{
  ServerRows *self = (ServerRows *) server;

  return ms_server_storage_count_rows (self->storage, server->tenant, entity, created_from,
                                       created_to, live_only, exclude_id, count, error);
}

/* Writes @o (the whole row, without version) and fills the row's columns. */
static gboolean
rows_put_row (MsMutationServer  *server,
              const char        *entity,
              const char        *id,
              const char        *key,
              JsonObject        *o,
              GError           **error)
{
  ServerRows *self = (ServerRows *) server;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  MsServerRow row = { 0 };
  gint64 version;

  json_node_set_object (node, o);
  json = json_to_string (node, FALSE);
  row.entity = (char *) entity;
  row.id = (char *) id;
  row.created_at = json_object_get_int_member (o, "created_at");
  row.updated_at = json_object_get_int_member (o, "updated_at");
  row.deleted_at = json_object_get_null_member (o, "deleted_at")
                   ? 0 : json_object_get_int_member (o, "deleted_at");
  row.row_json = json;
  row.object = o;
  return ms_server_storage_put_row (self->storage, server->tenant, &row, key, &version, error);
}

/* A team's own plan limits its shared data; a personal tenant has the user's. */
static MsEntitlements *
rows_dup_entitlements (MsMutationServer  *server,
                       GError           **error)
{
  ServerRows *self = (ServerRows *) server;
  g_autoptr(MsServerTeam) team = NULL;

  if (!ms_server_teams_is_team_tenant (server->tenant))
    return g_object_ref (self->user_entitlements);
  if (!ms_server_storage_get_team (self->storage, server->tenant, &team, error))
    return NULL;
  if (team == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_ROW_NOT_FOUND,
                           _("This item no longer exists on the server."));
      return NULL;
    }
  return ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, server->now));
}

/* A refusal of the table is a rejection of the mutation, in our domain. */
static void
translate_error (GError *error)
{
  static const MsServerError codes[] = {
    [MS_MUTATION_ERROR_INVALID_ARGS] = MS_SERVER_ERROR_INVALID_ARGS,
    [MS_MUTATION_ERROR_UNKNOWN] = MS_SERVER_ERROR_UNKNOWN_MUTATION,
    [MS_MUTATION_ERROR_NOT_FOUND] = MS_SERVER_ERROR_ROW_NOT_FOUND,
    [MS_MUTATION_ERROR_CONFLICT] = MS_SERVER_ERROR_CONFLICT,
    [MS_MUTATION_ERROR_LIMIT_REACHED] = MS_SERVER_ERROR_LIMIT_REACHED,
    [MS_MUTATION_ERROR_FORBIDDEN_ROLE] = MS_SERVER_ERROR_FORBIDDEN_ROLE,
    [MS_MUTATION_ERROR_UPGRADE_NEEDED] = MS_SERVER_ERROR_UPGRADE_NEEDED,
  };

  if (error->domain != MS_MUTATION_ERROR)
    return;
  g_assert (error->code >= 0 && (guint) error->code < G_N_ELEMENTS (codes));
  error->domain = MS_SERVER_ERROR;
  error->code = codes[error->code];
}

/* The plan in force for the tenant must include the feature the change needs. */
static gboolean
check_feature (PushContext       *ctx,
               const MsMutation  *mutation,
               JsonObject        *args,
               MsMutationServer  *rows,
               GError           **error)
{
  const char *feature = ms_mutation_get_feature (mutation, args);
  g_autoptr(MsEntitlements) entitlements = NULL;

  if (feature == NULL)
    return TRUE;
  entitlements = rows->dup_entitlements (rows, error);
  if (entitlements == NULL)
    return FALSE;
  return ms_server_plans_check_feature (entitlements, feature,
                                        ms_server_teams_is_team_tenant (ctx->tenant),
                                        &ctx->needed_plan, error);
}

/* Checks and applies the mutation of @ctx; nothing is written before the
 * table's validator has checked every argument. */
static void
run_mutation (PushContext  *ctx,
              GError      **error)
{
  g_autoptr(JsonObject) args = NULL;
  const MsMutation *mutation;
  ServerRows rows = {
    .parent = {
      .tenant = ctx->tenant,
      .now = ctx->now,
      .get_row = rows_get_row,
      .find_key = rows_find_key,
      .count_rows = rows_count,
      .put_row = rows_put_row,
      .dup_entitlements = rows_dup_entitlements,
    },
    .storage = ctx->storage,
    .user_entitlements = ctx->entitlements,
  };

  if (!ms_server_authorize_tenant (ctx->storage, ctx->user, ctx->tenant, &ctx->role, error))
    return;
  rows.parent.user = ctx->user->id;
  rows.parent.role = ctx->role;
  mutation = ms_mutation_lookup (ctx->name);
  if (mutation == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNKNOWN_MUTATION,
                   /* Translators: %s is the name of a change, such as history.save */
                   _("The server does not know the change “%s”. Update MsgScore."), ctx->name);
      return;
    }
  if (ms_mutation_check_tenant (mutation, ctx->tenant, ctx->role, error) &&
      (args = ms_mutation_validate (mutation, ctx->args, ctx->now, error)) != NULL &&
      check_feature (ctx, mutation, args, &rows.parent, error))
    mutation->apply_server (&rows.parent, args, error);
  if (error != NULL && *error != NULL)
    translate_error (*error);
}

/**
 * ms_server_sync_apply_as_server:
 * @tenant: a team's tenant
 *
 * Applies the mutation @name for someone without an account (a reviewer's
 * feedback), inside the caller's write transaction: the same validation,
 * plan check and server applier as a push, with no user and no role. A
 * refusal is an %MS_SERVER_ERROR; nothing is written then.
 */
gboolean
ms_server_sync_apply_as_server (MsServerStorage  *storage,
                                const char       *tenant,
                                const char       *name,
                                JsonObject       *args,
                                gint64            now,
                                GError          **error)
{
  g_autoptr(MsEntitlements) entitlements = ms_entitlements_new_free ();
  g_autoptr(JsonObject) valid = NULL;
  const MsMutation *mutation = ms_mutation_lookup (name);
  PushContext ctx = { .storage = storage, .tenant = tenant, .now = now };
  ServerRows rows = {
    .parent = {
      .tenant = tenant,
      .now = now,
      .get_row = rows_get_row,
      .find_key = rows_find_key,
      .count_rows = rows_count,
      .put_row = rows_put_row,
      .dup_entitlements = rows_dup_entitlements,
    },
    .storage = storage,
    .user_entitlements = entitlements,
  };
  gboolean ok;

  g_return_val_if_fail (mutation != NULL, FALSE);
  g_return_val_if_fail (ms_server_teams_is_team_tenant (tenant), FALSE);
  ok = (valid = ms_mutation_validate (mutation, args, now, error)) != NULL &&
       check_feature (&ctx, mutation, valid, &rows.parent, error) &&
       mutation->apply_server (&rows.parent, valid, error);
  g_free (ctx.needed_plan);
  if (!ok && error != NULL && *error != NULL)
    translate_error (*error);
  return ok;
}

static gboolean
is_rejection (const GError *error)
{
  if (error->domain != MS_SERVER_ERROR)
    return FALSE;
  switch (error->code)
    {
    case MS_SERVER_ERROR_INVALID_ARGS:
    case MS_SERVER_ERROR_UNKNOWN_MUTATION:
    case MS_SERVER_ERROR_ROW_NOT_FOUND:
    case MS_SERVER_ERROR_CONFLICT:
    case MS_SERVER_ERROR_LIMIT_REACHED:
    case MS_SERVER_ERROR_FORBIDDEN_TENANT:
    case MS_SERVER_ERROR_FORBIDDEN_ROLE:
    case MS_SERVER_ERROR_UPGRADE_NEEDED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Runs inside the write transaction of its batch (apply_batch), once per mutation. */
static gboolean
apply_one (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PushContext *ctx = user_data;
  g_autoptr(GError) local_error = NULL;
  gint64 last = 0;

  g_clear_error (&ctx->rejection);
  g_clear_pointer (&ctx->role, g_free);
  g_clear_pointer (&ctx->needed_plan, g_free);
  if (!ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id, &last,
                                               error))
    return FALSE;
  ctx->last = last;
  if (ctx->id <= last)
    {
      ctx->status = "duplicate";
      return TRUE;
    }
  if (ctx->id > last + 1)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MUTATION_GAP,
                           _("Some changes are missing. Send them from the expected id."));
      return FALSE;
    }

  /* A rejection leaves only the mutation id behind. */
  run_mutation (ctx, &local_error);

  if (local_error != NULL)
    {
      if (!is_rejection (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ctx->rejection = g_steal_pointer (&local_error);
      ctx->status = "rejected";
    }
  else
    {
      ctx->status = "applied";
      /* What the customer did, counted for customer success */
      if (!ms_server_csm_record_mutation (storage, ctx->user->id, ctx->tenant, ctx->name,
                                          ctx->now, error))
        return FALSE;
    }

  ctx->last = ctx->id;
  return ms_server_storage_set_last_mutation_id (storage, ctx->user->id, ctx->client_id, ctx->id,
                                                 error);
}

typedef struct
{
  PushContext *ctx;
  JsonArray   *mutations;
  JsonArray   *results;     /* made here: {id, status, error?} each */
} BatchContext;

/* Runs inside the one write transaction of a batch: each mutation in turn. */
static gboolean
apply_batch (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  BatchContext *batch = user_data;
  PushContext *ctx = batch->ctx;

  g_clear_pointer (&batch->results, json_array_unref);
  batch->results = json_array_new ();
  for (guint i = 0; i < json_array_get_length (batch->mutations); i++)
    {
      JsonObject *m = json_array_get_object_element (batch->mutations, i);
      JsonObject *result;

      ctx->id = json_object_get_int_member (m, "id");
      ctx->name = json_object_get_string_member (m, "name");
      ctx->tenant = json_object_get_string_member (m, "tenant");
      ctx->args = json_object_get_object_member (m, "args");
      ctx->status = NULL;
      if (!apply_one (storage, ctx, error))
        return FALSE;

      result = json_object_new ();
      json_object_set_int_member (result, "id", ctx->id);
      json_object_set_string_member (result, "status", ctx->status);
      if (ctx->rejection != NULL)
        {
          JsonObject *e = ms_server_error_to_json (ctx->rejection);

          if (ctx->needed_plan != NULL)
            json_object_set_string_member (e, "plan", ctx->needed_plan);
          json_object_set_object_member (result, "error", e);
          g_clear_error (&ctx->rejection);
        }
      json_array_add_object_element (batch->results, result);
    }
  return TRUE;
}

static gboolean
read_last (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PushContext *ctx = user_data;

  return ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id,
                                                 &ctx->last, error);
}

static const char *
get_client_id (JsonObject  *request,
               GError     **error)
{
  const char *client_id = ms_server_json_get_string (request, "client_id", TRUE, error);

  if (client_id != NULL && (*client_id == '\0' || strlen (client_id) > 128 ||
                            !g_utf8_validate (client_id, -1, NULL)))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("“client_id” must be 1 to 128 characters."));
      return NULL;
    }
  return client_id;
}

/* Every change of @mutations is an object with an id, a name, a tenant and
 * args, and the ids count up by one. Returns the tenants named. */
static GHashTable *
check_batch (JsonArray  *mutations,
             GError    **error)
{
  g_autoptr(GHashTable) tenants = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 last = 0;

  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      JsonNode *node = json_array_get_element (mutations, i);
      JsonObject *m;
      const char *tenant;
      gint64 id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Each change must be a JSON object."));
          return NULL;
        }
      m = json_node_get_object (node);
      if (!ms_server_json_get_int (m, "id", TRUE, &id, error) ||
          ms_server_json_get_string (m, "name", TRUE, error) == NULL ||
          (tenant = ms_server_json_get_string (m, "tenant", TRUE, error)) == NULL ||
          ms_server_json_get_object (m, "args", error) == NULL)
        return NULL;
      if (id < 1 || (i > 0 && id != last + 1))
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Change ids must count up by one from 1."));
          return NULL;
        }
      last = id;
      g_hash_table_add (tenants, (gpointer) tenant);
    }
  return g_steal_pointer (&tenants);
}

/**
 * ms_server_sync_push:
 * @expected_id: (out): the next id the server expects, with %MS_SERVER_ERROR_MUTATION_GAP
 *
 * Returns: (transfer full): {results, last_mutation_id}
 */
JsonObject *
ms_server_sync_push (MsServerStorage     *storage,
                     const MsServerUser  *user,
                     JsonObject          *request,
                     gint64               now,
                     gint64              *expected_id,
                     GError             **error)
{
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autoptr(JsonObject) response = NULL;
  g_autoptr(GHashTable) tenants = NULL;
  JsonArray *mutations;
  PushContext ctx = { 0 };
  BatchContext batch = { 0 };
  const char *client_id;
  guint n;

  *expected_id = 0;
  if (!ms_server_sync_check_protocol (request, error) ||
      (client_id = get_client_id (request, error)) == NULL ||
      (mutations = ms_server_json_get_array (request, "mutations", error)) == NULL)
    return NULL;
  n = json_array_get_length (mutations);
  if (n > MS_SERVER_SYNC_MAX_MUTATIONS)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE,
                   /* Translators: %d is a number of changes */
                   _("Send at most %d changes at a time."), MS_SERVER_SYNC_MAX_MUTATIONS);
      return NULL;
    }

  /* The whole batch is checked before anything is applied. */
  tenants = check_batch (mutations, error);
  if (tenants == NULL)
    return NULL;

  /* Authorisation first: a batch naming a foreign tenant changes nothing. */
  {
    GHashTableIter iter;
    gpointer tenant;

    g_hash_table_iter_init (&iter, tenants);
    while (g_hash_table_iter_next (&iter, &tenant, NULL))
      if (!ms_server_authorize_tenant (storage, user, tenant, NULL, error))
        {
          /* Tell the client where its ids stand, so it can drop the
           * forbidden tenant's changes without renumbering ones we
           * already applied (README-sync.md, "Teams"). */
          ctx.user = user;
          ctx.client_id = client_id;
          if (ms_server_storage_transaction (storage, FALSE, read_last, &ctx, NULL))
            *expected_id = ctx.last + 1;
          return NULL;
        }
  }

  entitlements = ms_server_plans_dup_user_entitlements (storage, user, now, error);
  if (entitlements == NULL)
    return NULL;
  ctx.storage = storage;
  ctx.user = user;
  ctx.entitlements = entitlements;
  ctx.client_id = client_id;
  ctx.now = now;

  /* One write transaction for the whole batch: one commit, and the
   * tenant's lock taken once. */
  batch.ctx = &ctx;
  batch.mutations = mutations;
  if (n > 0 && !ms_server_storage_transaction (storage, TRUE, apply_batch, &batch, error))
    {
      g_clear_pointer (&batch.results, json_array_unref);
      g_clear_error (&ctx.rejection);
      g_clear_pointer (&ctx.role, g_free);
      g_clear_pointer (&ctx.needed_plan, g_free);
      if (g_error_matches (*error, MS_SERVER_ERROR, MS_SERVER_ERROR_MUTATION_GAP))
        *expected_id = ctx.last + 1;
      return NULL;
    }
  response = json_object_new ();
  json_object_set_array_member (response, "results",
                                batch.results != NULL ? batch.results : json_array_new ());

  g_clear_pointer (&ctx.role, g_free);
  g_clear_pointer (&ctx.needed_plan, g_free);
  if (n == 0 && !ms_server_storage_transaction (storage, FALSE, read_last, &ctx, error))
    return NULL;
  json_object_set_int_member (response, "last_mutation_id", ctx.last);
  return g_steal_pointer (&response);
}

/* ------------------------------------------------------------------------ */
/* Pull                                                                      */

typedef struct
{
  const MsServerUser    *user;
  const char            *client_id;
  const char            *tenant;
  const char            *cursor_epoch;   /* NULL: from the start */
  const char            *cursor_window;  /* the history window the cursor was made under */
  gint64                 cursor_version;
  gint64                 now;
  guint                  limit;
  MsServerHistoryWindow *window;         /* a personal tenant's, else NULL */

  GString               *out;
} PullContext;

static gboolean
parse_cursor (const char   *cursor,
              char        **epoch,
              gint64       *version,
              GError      **error)
{
  const char *colon = cursor != NULL ? strrchr (cursor, ':') : NULL;
  guint64 v = 0;

  if (colon == NULL || colon == cursor || strlen (cursor) > 200 ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT64, &v, NULL))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The sync cursor is not one this server made."));
      return FALSE;
    }
  *epoch = g_strndup (cursor, (gsize) (colon - cursor));
  *version = (gint64) v;
  return TRUE;
}

static gboolean
read_page (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  PullContext *ctx = user_data;
  g_auto(MsServerTenantState) state = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  gboolean reset = FALSE, has_more;
  gint64 after = 0, last = 0, cursor;
  GString *out = ctx->out;

  if (!ms_server_storage_get_tenant_state (storage, ctx->tenant, &state, error) ||
      !ms_server_storage_get_last_mutation_id (storage, ctx->user->id, ctx->client_id, &last,
                                               error))
    return FALSE;

  if (ctx->cursor_epoch != NULL)
    {
      gboolean covers = TRUE;

      /* An upgrade shows rows the cursor left out: start again. */
      if (ctx->window != NULL &&
          !ms_server_plans_window_covers (ctx->window, storage, ctx->tenant, ctx->cursor_window,
                                          ctx->now, &covers, error))
        return FALSE;
      reset = !g_str_equal (ctx->cursor_epoch, state.epoch) ||
              ctx->cursor_version < state.purged_version ||
              ctx->cursor_version > state.version || !covers;
      if (!reset)
        after = ctx->cursor_version;
    }
  if (ctx->window != NULL &&
      !ms_server_plans_window_load (ctx->window, storage, ctx->tenant, error))
    return FALSE;

  /* From the start (or a reset), tombstones are of no use: live rows only. */
  rows = ms_server_storage_list_changes (storage, ctx->tenant, after,
                                         ctx->cursor_epoch == NULL || reset, ctx->limit + 1,
                                         error);
  if (rows == NULL)
    return FALSE;
  has_more = rows->len > ctx->limit;
  if (has_more)
    g_ptr_array_set_size (rows, ctx->limit);

  g_string_append (out, "{\"ops\":[");
  for (guint i = 0, n = 0; i < rows->len; i++)
    {
      const MsServerRow *row = g_ptr_array_index (rows, i);

      /* Beyond the plan: kept, not served (the cursor still passes it). */
      if (ctx->window != NULL && ms_server_plans_window_hides (ctx->window, row))
        continue;
      /* Entities are ours and ids were checked on push ([A-Za-z0-9_-]); the
       * row is the stored JSON object with its version put first. */
      g_assert (row->row_json[0] == '{' && row->row_json[1] != '}');
      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"op\":\"%s\",\"entity\":\"%s\",\"id\":\"%s\","
                              "\"version\":%" G_GINT64_FORMAT ",\"row\":{\"version\":%"
                              G_GINT64_FORMAT ",",
                              row->deleted_at != 0 ? "del" : "put", row->entity, row->id,
                              row->version, row->version);
      g_string_append (out, row->row_json + 1);
      g_string_append_c (out, '}');
    }
  cursor = has_more ? ((const MsServerRow *) g_ptr_array_index (rows, rows->len - 1))->version
                    : state.version;
  g_string_append_printf (out, "],\"cursor\":\"%s%s%s:%" G_GINT64_FORMAT "\",\"has_more\":%s,"
                          "\"reset\":%s,\"last_mutation_id\":%" G_GINT64_FORMAT "}",
                          state.epoch,
                          ctx->window != NULL && ctx->window->key[0] != '\0' ? "~" : "",
                          ctx->window != NULL ? ctx->window->key : "",
                          cursor, has_more ? "true" : "false", reset ? "true" : "false", last);
  return TRUE;
}

/**
 * ms_server_sync_pull:
 *
 * Returns: (transfer full): the response body (JSON)
 */
char *
ms_server_sync_pull (MsServerStorage     *storage,
                     const MsServerUser  *user,
                     JsonObject          *request,
                     gint64               now,
                     GError             **error)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *epoch = NULL;
  g_auto(MsServerHistoryWindow) window = { 0 };
  PullContext ctx = { 0 };
  char *tilde;
  const char *cursor;
  gint64 limit = MS_SERVER_SYNC_DEFAULT_PULL;

  if (!ms_server_sync_check_protocol (request, error) ||
      (ctx.client_id = get_client_id (request, error)) == NULL ||
      (ctx.tenant = ms_server_json_get_string (request, "tenant", TRUE, error)) == NULL ||
      !ms_server_json_get_int (request, "limit", FALSE, &limit, error))
    return NULL;
  {
    g_autoptr(GError) local_error = NULL;

    cursor = ms_server_json_get_string (request, "cursor", FALSE, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
  }
  if (limit < 1 || limit > MS_SERVER_SYNC_MAX_PULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                   /* Translators: %d is a number of rows */
                   _("“limit” must be 1 to %d."), MS_SERVER_SYNC_MAX_PULL);
      return NULL;
    }
  if (cursor != NULL && *cursor != '\0' && !parse_cursor (cursor, &epoch, &ctx.cursor_version,
                                                          error))
    return NULL;

  if (!ms_server_authorize_tenant (storage, user, ctx.tenant, NULL, error))
    return NULL;

  /* A personal tenant is served as the person's plan allows. */
  if (!ms_server_teams_is_team_tenant (ctx.tenant))
    {
      g_autoptr(MsEntitlements) plan = ms_server_plans_dup_user_entitlements (storage, user, now,
                                                                              error);

      if (plan == NULL)
        return NULL;
      ms_server_plans_window_init (&window, plan, now);
      ctx.window = &window;
    }
  if (epoch != NULL && (tilde = strchr (epoch, '~')) != NULL)
    {
      *tilde = '\0';
      ctx.cursor_window = tilde + 1;
    }

  ctx.user = user;
  ctx.now = now;
  ctx.cursor_epoch = epoch;
  ctx.limit = (guint) limit;
  out = g_string_sized_new (4096);
  ctx.out = out;
  if (!ms_server_storage_transaction (storage, FALSE, read_page, &ctx, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
