/* ms-sync-local.c — the protocol's side of the local store
 *
 * Turns the outbox into the body of a push, a push's answer into outcomes,
 * and a pull's answer into a page for the store's batch writer
 * (store/ms-sync-state.h), checking the answers' shape first: the store
 * writes nothing for an answer that cannot be read. The SQL, and what a
 * push or a page does to the rows, stay in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-sync-error.h"
#include "ms-sync-local.h"

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                       _("The server sent changes that cannot be read. Try again later; if it "
                         "keeps happening, update MsgScore."));
  return FALSE;
}

/**
 * ms_sync_local_build_push:
 * @limit: at most this many mutations
 * @stopped_tenants: (nullable): tenants not to push (the batch ends before
 *   the first of their mutations: ids must stay consecutive)
 *
 * Returns: (transfer full) (nullable): the body of a push, or NULL with no
 *   error when there is nothing to send
 */
JsonNode *
ms_sync_local_build_push (MsStore     *store,
                          guint        limit,
                          GHashTable  *stopped_tenants,
                          guint       *n_mutations,
                          GError     **error)
{
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  *n_mutations = 0;
  head = ms_sync_state_read_outbox (store, MAX (limit, 1), error);
  if (head == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, ms_store_get_client_id (store));
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "mutations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < head->len; i++)
    {
      MsOutboxEntry *entry = g_ptr_array_index (head, i);
      g_autoptr(JsonNode) args = json_from_string (entry->args_json, NULL);

      if (stopped_tenants != NULL && g_hash_table_contains (stopped_tenants, entry->tenant))
        break;
      if (g_str_equal (entry->tenant, MS_STORE_LOCAL_TENANT))
        break;  /* not signed in when it was made, and not re-homed yet */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, entry->mutation_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, entry->name);
      json_builder_set_member_name (builder, "tenant");
      json_builder_add_string_value (builder, entry->tenant);
      json_builder_set_member_name (builder, "args");
      json_builder_add_value (builder, args != NULL ? g_steal_pointer (&args)
                                                    : json_node_new (JSON_NODE_NULL));
      json_builder_end_object (builder);
      n++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  *n_mutations = n;
  if (n == 0)
    return NULL;
  return json_builder_get_root (builder);
}

static MsPushOutcome *
outcome_from_result (JsonObject *result)
{
  MsPushOutcome *outcome = g_new0 (MsPushOutcome, 1);
  JsonObject *err = NULL;

  outcome->status = json_object_get_string_member_with_default (result, "status", "");
  if (json_object_has_member (result, "error") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "error")))
    err = json_object_get_object_member (result, "error");
  if (err != NULL)
    {
      outcome->code = json_object_get_string_member_with_default (err, "code", "rejected");
      outcome->message = json_object_get_string_member_with_default (err, "message", "");
    }
  return outcome;
}

/**
 * ms_sync_local_apply_push:
 * @rejections: (element-type MsSyncRejection) (nullable): gets the
 *   rejected mutations
 *
 * Takes in a push answer: drops the processed outbox rows and advances the
 * mutation id; rejected ones are recorded and their rows rolled back.
 */
gboolean
ms_sync_local_apply_push (MsStore     *store,
                          JsonObject  *response,
                          GPtrArray   *rejections,
                          GError     **error)
{
  g_autoptr(GHashTable) outcomes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                          g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *results;

  if (!json_object_has_member (response, "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (response, "results")) ||
      !json_object_has_member (response, "last_mutation_id"))
    {
      g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer to the changes sent cannot be read. Try "
                             "again later; nothing was lost."));
      return FALSE;
    }

  results = json_object_get_array_member (response, "results");
  g_array_set_size (ids, json_array_get_length (results));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      g_array_index (ids, gint64, i) =
        json_object_get_int_member_with_default (json_node_get_object (node), "id", -1);
      g_hash_table_insert (outcomes, &g_array_index (ids, gint64, i),
                           outcome_from_result (json_node_get_object (node)));
    }

  return ms_sync_state_acknowledge (store,
                                    json_object_get_int_member (response, "last_mutation_id"),
                                    outcomes, rejections, error);
}

gint64
ms_sync_local_get_cursor_version (MsStore    *store,
                                  const char *tenant)
{
  gint64 version;
  g_autofree char *cursor = ms_sync_state_dup_cursor (store, tenant, &version);

  return version;
}

JsonNode *
ms_sync_local_build_pull (MsStore     *store,
                          const char  *tenant,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *cursor = NULL;
  gint64 version;

  cursor = ms_sync_state_dup_cursor (store, tenant, &version);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, ms_store_get_client_id (store));
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "tenant");
  json_builder_add_string_value (builder, tenant);
  json_builder_set_member_name (builder, "cursor");
  if (cursor != NULL)
    json_builder_add_string_value (builder, cursor);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "limit");
  json_builder_add_int_value (builder, limit);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* One op of a pull answer, or NULL when it cannot be read. */
static MsPullOp *
parse_op (JsonNode *node)
{
  MsPullOp *op;
  JsonObject *o, *row;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  o = json_node_get_object (node);
  id = json_object_get_string_member_with_default (o, "id", NULL);
  if (id == NULL || !json_object_has_member (o, "row") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "row")))
    return NULL;
  row = json_object_get_object_member (o, "row");

  op = g_new0 (MsPullOp, 1);
  op->entity = g_strdup (json_object_get_string_member_with_default (o, "entity", ""));
  op->id = g_strdup (id);
  op->deleted = g_strcmp0 (json_object_get_string_member_with_default (o, "op", "put"),
                           "del") == 0;
  op->row = json_object_ref (row);
  if (json_object_has_member (o, "version"))
    json_object_set_int_member (op->row, "version", json_object_get_int_member (o, "version"));
  return op;
}

/**
 * ms_sync_local_apply_pull:
 *
 * Applies one pull page and its cursor in one transaction.
 */
gboolean
ms_sync_local_apply_pull (MsStore     *store,
                          const char  *tenant,
                          JsonObject  *response,
                          GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_pull_op_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *epoch = NULL;
  MsPullPage page = { 0 };
  const char *cursor, *colon;
  JsonArray *array;

  if (!json_object_has_member (response, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (response, "ops")))
    return protocol_error (error);
  array = json_object_get_array_member (response, "ops");
  cursor = json_object_get_string_member_with_default (response, "cursor", NULL);
  colon = cursor != NULL ? strrchr (cursor, ':') : NULL;
  if (colon == NULL)
    return protocol_error (error);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MsPullOp *op = parse_op (json_array_get_element (array, i));

      if (op == NULL)
        return protocol_error (error);
      g_ptr_array_add (ops, op);
    }

  epoch = g_strndup (cursor, colon - cursor);
  page.ops = ops;
  page.epoch = epoch;
  page.version = g_ascii_strtoll (colon + 1, NULL, 10);
  page.reset = json_object_get_boolean_member_with_default (response, "reset", FALSE);
  page.last_mutation_id = json_object_get_int_member_with_default (response, "last_mutation_id",
                                                                   0);
  if (ms_sync_state_apply_pull (store, tenant, &page, &local_error))
    return TRUE;
  /* A cursor that would go back is the server's mistake. */
  if (g_error_matches (local_error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID))
    return protocol_error (error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
