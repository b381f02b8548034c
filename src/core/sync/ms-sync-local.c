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

#include "ms-json-guard.h"
#include "ms-mutation.h"
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

/* @text as a JSON string */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_c (out, '\\');
      if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/**
 * ms_sync_local_build_push_text:
 * @limit: at most this many mutations
 * @stopped_tenants: (nullable): tenants not to push (the batch ends before
 *   the first of their mutations: ids must stay consecutive)
 * @one_tenant: the batch also ends before the first mutation of a tenant
 *   other than the first one's (a push names one tenant, so that a 403
 *   names it)
 *
 * The batch also ends before the mutation that would take its arguments
 * past `push.max_bytes` (data/limits.json, under the server's cap on a
 * body), though it always holds one: an import of 100,000 campaign rows is
 * 200 mutations of 125 KB, far above the cap in one push.
 *
 * The outbox keeps each mutation's arguments as the JSON text the store
 * wrote; they go into the body as they are (after a check that they are
 * an object), not parsed into a tree and printed again, which took most of
 * a push's time on the client.
 *
 * Returns: (transfer full) (nullable): the body of a push, or NULL with no
 *   error when there is nothing to send
 */
char *
ms_sync_local_build_push_text (MsStore     *store,
                               guint        limit,
                               GHashTable  *stopped_tenants,
                               gboolean     one_tenant,
                               guint       *n_mutations,
                               GError     **error)
{
  const MsJsonLimits any = { G_MAXSIZE, MS_JSON_MAX_DEPTH_ANSWER };
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(GString) out = NULL;
  gint64 max_bytes = ms_sync_limit ("push", "max_bytes");
  const char *first_tenant = NULL;
  gint64 bytes = 0;
  guint n = 0;

  *n_mutations = 0;
  head = ms_sync_state_read_outbox (store, MAX (limit, 1), error);
  if (head == NULL)
    return NULL;

  out = g_string_new ("{\"client_id\":");
  append_json_string (out, ms_store_get_client_id (store));
  g_string_append (out, ",\"protocol\":1,\"mutations\":[");
  for (guint i = 0; i < head->len; i++)
    {
      MsOutboxEntry *entry = g_ptr_array_index (head, i);
      /* NULL: a campaign import's rows that could not be read */
      gsize length = entry->args_json != NULL ? strlen (entry->args_json) : 0;

      bytes += (gint64) length + 100;
      if (n > 0 && max_bytes > 0 && bytes > max_bytes)
        break;
      if (stopped_tenants != NULL && g_hash_table_contains (stopped_tenants, entry->tenant))
        break;
      if (g_str_equal (entry->tenant, MS_STORE_LOCAL_TENANT))
        break;  /* not signed in when it was made, and not re-homed yet */
      if (one_tenant && first_tenant != NULL && !g_str_equal (entry->tenant, first_tenant))
        break;
      first_tenant = entry->tenant;
      g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT ",\"name\":", n > 0 ? "," : "",
                              entry->mutation_id);
      append_json_string (out, entry->name);
      g_string_append (out, ",\"tenant\":");
      append_json_string (out, entry->tenant);
      g_string_append (out, ",\"args\":");
      /* A damaged row goes as null: the server refuses that one change */
      if (entry->args_json != NULL &&
          ms_json_guard_check_object (entry->args_json, length, &any, NULL))
        g_string_append_len (out, entry->args_json, (gssize) length);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
      n++;
    }
  g_string_append (out, "]}");

  *n_mutations = n;
  if (n == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * ms_sync_local_build_push:
 *
 * ms_sync_local_build_push_text() as a tree, every tenant in one batch.
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
  g_autofree char *text = ms_sync_local_build_push_text (store, limit, stopped_tenants, FALSE,
                                                         n_mutations, error);

  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static MsPushOutcome *
outcome_from_result (JsonObject *result)
{
  MsPushOutcome *outcome = g_new0 (MsPushOutcome, 1);
  JsonObject *err = NULL;

  outcome->status = ms_json_object_get_string (result, "status", "");
  err = ms_json_object_get_object (result, "error");
  if (err != NULL)
    {
      outcome->code = ms_json_object_get_string (err, "code", "rejected");
      outcome->message = ms_json_object_get_string (err, "message", "");
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
  gint64 last_id;

  results = ms_json_object_get_array (response, "results");
  last_id = ms_json_object_get_int (response, "last_mutation_id", -1);
  if (results == NULL || last_id < 0)
    {
      g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                           _("The server’s answer to the changes sent cannot be read. Try "
                             "again later; nothing was lost."));
      return FALSE;
    }

  g_array_set_size (ids, json_array_get_length (results));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      g_array_index (ids, gint64, i) =
        ms_json_object_get_int (json_node_get_object (node), "id", -1);
      g_hash_table_insert (outcomes, &g_array_index (ids, gint64, i),
                           outcome_from_result (json_node_get_object (node)));
    }

  return ms_sync_state_acknowledge (store, last_id, outcomes, rejections, error);
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
  id = ms_json_object_get_string (o, "id", NULL);
  row = ms_json_object_get_object (o, "row");
  if (id == NULL || row == NULL)
    return NULL;
  /* The row is the op's: its id, if it names one, and a tombstone time or null. */
  if (json_object_has_member (row, "id") &&
      g_strcmp0 (ms_json_object_get_string (row, "id", NULL), id) != 0)
    return NULL;
  if (json_object_has_member (row, "deleted_at") &&
      !json_object_get_null_member (row, "deleted_at") &&
      ms_json_object_get_int (row, "deleted_at", -1) < 0)
    return NULL;

  op = g_new0 (MsPullOp, 1);
  op->entity = g_strdup (ms_json_object_get_string (o, "entity", ""));
  op->id = g_strdup (id);
  op->deleted = g_strcmp0 (ms_json_object_get_string (o, "op", "put"), "del") == 0;
  op->row = json_object_ref (row);
  if (json_object_has_member (o, "version"))
    json_object_set_int_member (op->row, "version", ms_json_object_get_int (o, "version", 0));
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

  array = ms_json_object_get_array (response, "ops");
  if (array == NULL)
    return protocol_error (error);
  cursor = ms_json_object_get_string (response, "cursor", NULL);
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
  page.reset = ms_json_object_get_boolean (response, "reset", FALSE);
  page.last_mutation_id = ms_json_object_get_int (response, "last_mutation_id", 0);
  if (ms_sync_state_apply_pull (store, tenant, &page, &local_error))
    return TRUE;
  /* A cursor that would go back is the server's mistake. */
  if (g_error_matches (local_error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID))
    return protocol_error (error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
