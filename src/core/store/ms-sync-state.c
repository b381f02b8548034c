/* ms-sync-state.c — the outbox, shadows and cursors of sync (DESIGN.md §7)
 *
 * Each entry point is one transaction, so a kill at any moment leaves
 * either the state before or the state after.
 *
 * Mutation ids: the outbox row at the head (lowest outbox id) carries
 * sync_client.next_mutation_id, the next one that id + 1, and so on. Rows are
 * only ever removed from the head, in the same transaction that advances
 * next_mutation_id, so a row keeps its mutation id across restarts and a
 * resend after a lost answer reuses it (the server then says "duplicate").
 *
 * Shadows: before the first local change to a row, ms-store.c's triggers copy
 * the row as the server last sent it into `shadow` ('null' for a row the
 * server does not have). When the outcome of a mutation is a rejection, or
 * is unknown (a "duplicate" answer, a gap, an acknowledgement only seen in a
 * pull), its rows are rewound to their shadows — the server's state as of
 * our cursor — and every still-pending mutation is applied again on top
 * (mutators are idempotent, ms-sync-rows.c). The pull that follows brings
 * whatever the server did since. Shadows no pending mutation refers to are
 * dropped.
 *
 * Pull pages are written by ms-sync-pull.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-campaign-repository-private.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "ms-sync-state-private.h"
#include "sync/ms-mutation.h"

void
ms_outbox_entry_free (MsOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->tenant);
  g_free (entry->name);
  g_free (entry->args_json);
  g_free (entry);
}

void
ms_sync_rejection_free (MsSyncRejection *rejection)
{
  if (rejection == NULL)
    return;
  g_free (rejection->name);
  g_free (rejection->tenant);
  g_free (rejection->args_json);
  g_free (rejection->code);
  g_free (rejection->message);
  g_free (rejection);
}

void
ms_pull_op_free (MsPullOp *op)
{
  if (op == NULL)
    return;
  g_free (op->entity);
  g_free (op->id);
  g_clear_pointer (&op->row, json_object_unref);
  g_free (op);
}

gboolean
_ms_sync_state_exec (MsStore     *store,
                     const char  *sql,
                     GError     **error)
{
  int rc = sqlite3_exec (_ms_store_get_db (store), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Our own writes are not shadowed (ms-store.c's triggers). */
gboolean
_ms_sync_state_set_applying (MsStore   *store,
                             gboolean   applying,
                             GError   **error)
{
  return _ms_sync_state_exec (store, applying ? "DELETE FROM temp.ms_sync_applying;"
                                                "INSERT INTO temp.ms_sync_applying VALUES (1)"
                                              : "DELETE FROM temp.ms_sync_applying", error);
}

/* Ends a failed entry point: nothing it did is kept. */
gboolean
_ms_sync_state_fail (MsStore *store)
{
  _ms_sync_state_set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  return FALSE;
}

void
_ms_sync_state_mark_all_changed (MsStore *store)
{
  g_autoptr(GPtrArray) entities = ms_sync_entity_list ();

  for (guint i = 0; i < entities->len; i++)
    _ms_store_mark_changed (store, ((const MsSyncEntity *) g_ptr_array_index (entities, i))->name);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* Adds "entity\nid" for every row @name/@args touches. */
static void
collect_rows (const char *tenant,
              const char *name,
              const char *args_json,
              GHashTable *rows)
{
  const MsMutation *mutation = ms_mutation_lookup (name);
  g_autoptr(JsonObject) args = NULL;

  if (mutation == NULL || (args = parse_object (args_json)) == NULL)
    return;
  ms_mutation_collect_rows (mutation, tenant, args, rows);
}

/* ------------------------------------------------------------------------ */
/* Mutation ids                                                             */

static gint64
get_next_mutation_id (MsStore  *store,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 next = -1;
  int rc;

  stmt = _ms_store_prepare (store, "SELECT next_mutation_id FROM sync_client LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);
  else
    _ms_store_set_db_error (store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, error);
  sqlite3_reset (stmt);
  return next;
}

static gboolean
set_next_mutation_id (MsStore  *store,
                      gint64    next,
                      GError  **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store, "UPDATE sync_client SET next_mutation_id = ?1",
                                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, next);
  return _ms_store_step_done (store, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Shadows                                                                  */

static gboolean
drop_shadow (MsStore     *store,
             const char  *entity,
             const char  *id,
             GError     **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store,
                                          "DELETE FROM shadow WHERE entity = ?1 AND id = ?2",
                                          error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

gboolean
_ms_sync_state_drop_shadow (MsStore     *store,
                            const char  *entity,
                            const char  *id,
                            GError     **error)
{
  return drop_shadow (store, entity, id, error);
}

static gboolean
rewind_row (MsStore     *store,
            const char  *key,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
  g_autofree char *row_json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (parts[0] == NULL || parts[1] == NULL || ms_sync_entity_lookup (parts[0]) == NULL)
    return TRUE;

  stmt = _ms_store_prepare (store, "SELECT row_json FROM shadow WHERE entity = ?1 AND id = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parts[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, parts[1], -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row_json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  if (row_json == NULL)
    return TRUE;  /* never changed locally */

  if (g_str_equal (row_json, "null"))
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?1", parts[0]);

      stmt = _ms_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, parts[1], -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error))
        return FALSE;
    }
  else
    {
      g_autoptr(JsonObject) row = parse_object (row_json);

      if (row != NULL && !_ms_sync_state_upsert_row (store, parts[0], NULL, row, FALSE, error))
        return FALSE;
    }
  return drop_shadow (store, parts[0], parts[1], error);
}

/* Rows of mutations whose outcome we do not know for sure, back to their shadows. */
gboolean
_ms_sync_state_rewind_rows (MsStore     *store,
                            GHashTable  *rewind,
                            GError     **error)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (rewind) == 0)
    return TRUE;
  if (!_ms_sync_state_set_applying (store, TRUE, error))
    return FALSE;
  g_hash_table_iter_init (&iter, rewind);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!rewind_row (store, key, error))
      return FALSE;
  return TRUE;
}

static gboolean
drop_stale_shadows (MsStore     *store,
                    GHashTable  *referenced,
                    GError     **error)
{
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = _ms_store_prepare (store, "SELECT entity, id FROM shadow", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *key = g_strconcat ((const char *) sqlite3_column_text (stmt, 0), "\n",
                               (const char *) sqlite3_column_text (stmt, 1), NULL);

      if (g_hash_table_contains (referenced, key))
        g_free (key);
      else
        g_ptr_array_add (stale, key);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < stale->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (stale, i), "\n", 2);

      if (!drop_shadow (store, parts[0], parts[1], error))
        return FALSE;
    }
  return TRUE;
}

/* Applies every outbox row again, in order, with shadows captured, then drops
 * the shadows no pending mutation refers to. */
gboolean
_ms_sync_state_reapply_pending (MsStore  *store,
                                GError  **error)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!_ms_sync_state_set_applying (store, FALSE, error))
    return FALSE;

  /* Not the cached statement: mutators prepare statements while this one
   * is stepping. */
  rc = sqlite3_prepare_v2 (_ms_store_get_db (store),
                           "SELECT tenant, name, args_json, created_at FROM outbox ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *tenant = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonObject) args = parse_object ((const char *) sqlite3_column_text (stmt, 2));

      if (args == NULL)
        continue;
      collect_rows (tenant, name, (const char *) sqlite3_column_text (stmt, 2), referenced);
      if (!_ms_store_apply_mutation (store, tenant, name, args, sqlite3_column_int64 (stmt, 3),
                                     error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  return drop_stale_shadows (store, referenced, error);
}

/* ------------------------------------------------------------------------ */
/* The outbox                                                               */

typedef struct
{
  MsOutboxEntry  entry;
  gint64         outbox_id;
} OutboxRow;

static void
outbox_row_free (gpointer data)
{
  OutboxRow *row = data;

  g_free (row->entry.tenant);
  g_free (row->entry.name);
  g_free (row->entry.args_json);
  g_free (row);
}

static GPtrArray *
read_head (MsStore  *store,
           gint64    count,
           GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (outbox_row_free);
  sqlite3_stmt *stmt;
  gint64 next;
  int rc;

  next = get_next_mutation_id (store, error);
  if (next < 0)
    return NULL;

  stmt = _ms_store_prepare (store, "SELECT id, tenant, name, args_json FROM outbox"
                                   " ORDER BY id LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, count);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OutboxRow *row = g_new0 (OutboxRow, 1);

      row->outbox_id = sqlite3_column_int64 (stmt, 0);
      row->entry.mutation_id = next + rows->len;
      row->entry.tenant = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->entry.name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      /* a campaign import's rows are read from its file when sent */
      row->entry.args_json = _ms_campaign_repository_expand_outbox_args (
        store, row->entry.name, (const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * ms_sync_state_read_outbox:
 * @limit: at most this many
 *
 * Returns: (transfer full) (element-type MsOutboxEntry): the head of the
 *   outbox, oldest first, each with the id it is sent with
 */
GPtrArray *
ms_sync_state_read_outbox (MsStore  *store,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(GPtrArray) head = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  head = read_head (store, MAX (limit, 1), error);
  if (head == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_outbox_entry_free);
  for (guint i = 0; i < head->len; i++)
    {
      OutboxRow *row = g_ptr_array_index (head, i);
      MsOutboxEntry *entry = g_new0 (MsOutboxEntry, 1);

      *entry = row->entry;
      row->entry = (MsOutboxEntry) { 0 };
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

static gboolean
delete_outbox_row (MsStore  *store,
                   gint64    outbox_id,
                   GError  **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store, "DELETE FROM outbox WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  return _ms_store_step_done (store, stmt, error);
}

static gboolean
record_rejection (MsStore          *store,
                  MsSyncRejection  *rejection,
                  GError          **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store,
    "INSERT INTO rejected_mutation (tenant, name, args_json, code, message, rejected_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rejection->tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rejection->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rejection->args_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, rejection->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, rejection->message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  return _ms_store_step_done (store, stmt, error);
}

static gboolean
reject (MsStore              *store,
        const MsOutboxEntry  *entry,
        const MsPushOutcome  *outcome,
        GPtrArray            *rejections,
        GError              **error)
{
  g_autoptr(MsSyncRejection) rejection = g_new0 (MsSyncRejection, 1);

  rejection->mutation_id = entry->mutation_id;
  rejection->tenant = g_strdup (entry->tenant);
  rejection->name = g_strdup (entry->name);
  rejection->args_json = g_strdup (entry->args_json);
  rejection->code = g_strdup (outcome->code != NULL ? outcome->code : "rejected");
  rejection->message = g_strdup (outcome->message != NULL ? outcome->message : "");
  if (!record_rejection (store, rejection, error))
    return FALSE;
  if (rejections != NULL)
    g_ptr_array_add (rejections, g_steal_pointer (&rejection));
  return TRUE;
}

/* Acknowledges mutations up to @last_id. @outcomes (nullable): mutation id
 * → MsPushOutcome. Outcomes other than "applied" go into @rewind. */
gboolean
_ms_sync_state_acknowledge (MsStore     *store,
                            gint64       last_id,
                            GHashTable  *outcomes,
                            GHashTable  *rewind,
                            GPtrArray   *rejections,
                            GError     **error)
{
  g_autoptr(GPtrArray) head = NULL;
  gint64 next;

  next = get_next_mutation_id (store, error);
  if (next < 0)
    return FALSE;
  if (last_id < next)
    return TRUE;

  head = read_head (store, last_id - next + 1, error);
  if (head == NULL)
    return FALSE;

  for (guint i = 0; i < head->len; i++)
    {
      OutboxRow *row = g_ptr_array_index (head, i);
      const MsPushOutcome *outcome = outcomes != NULL
                                     ? g_hash_table_lookup (outcomes, &row->entry.mutation_id)
                                     : NULL;
      const char *status = outcome != NULL && outcome->status != NULL ? outcome->status : "";

      if (!g_str_equal (status, "applied"))
        collect_rows (row->entry.tenant, row->entry.name, row->entry.args_json, rewind);
      if (g_str_equal (status, "rejected") &&
          !reject (store, &row->entry, outcome, rejections, error))
        return FALSE;
      if (!delete_outbox_row (store, row->outbox_id, error))
        return FALSE;
    }

  return set_next_mutation_id (store, next + head->len, error);
}

/**
 * ms_sync_state_acknowledge:
 * @last_id: the server's last_mutation_id
 * @outcomes: (element-type gint64 MsPushOutcome): the push's results by
 *   mutation id
 * @rejections: (element-type MsSyncRejection) (nullable): gets the refused
 *   mutations
 *
 * Takes in a push answer: drops the processed outbox rows and advances the
 * mutation id; refused ones are recorded and their rows rolled back.
 */
gboolean
ms_sync_state_acknowledge (MsStore     *store,
                           gint64       last_id,
                           GHashTable  *outcomes,
                           GPtrArray   *rejections,
                           GError     **error)
{
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rejections = rejections != NULL ? rejections->len : 0;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!_ms_sync_state_acknowledge (store, last_id, outcomes, rewind, rejections, error) ||
      !_ms_sync_state_rewind_rows (store, rewind, error) ||
      (g_hash_table_size (rewind) > 0 && !_ms_sync_state_reapply_pending (store, error)) ||
      !_ms_sync_state_set_applying (store, FALSE, error))
    {
      if (rejections != NULL)
        g_ptr_array_set_size (rejections, n_rejections);
      return _ms_sync_state_fail (store);
    }
  if (g_hash_table_size (rewind) > 0)
    _ms_sync_state_mark_all_changed (store);
  return _ms_store_commit (store, error);
}

/**
 * ms_sync_state_handle_gap:
 * @expected_id: the server's next expected id (409 mutation_gap)
 */
gboolean
ms_sync_state_handle_gap (MsStore  *store,
                          gint64    expected_id,
                          GError  **error)
{
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 next;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  next = get_next_mutation_id (store, error);
  if (next < 0)
    return _ms_sync_state_fail (store);
  if (expected_id > next)
    {
      /* The server processed mutations whose answers we never read. */
      if (!_ms_sync_state_acknowledge (store, expected_id - 1, NULL, rewind, NULL, error) ||
          !_ms_sync_state_rewind_rows (store, rewind, error) ||
          !_ms_sync_state_reapply_pending (store, error))
        return _ms_sync_state_fail (store);
      _ms_sync_state_mark_all_changed (store);
    }
  /* The server forgot us (restored): number from where it is. */
  else if (!set_next_mutation_id (store, MAX (expected_id, 1), error))
    return _ms_sync_state_fail (store);
  if (!_ms_sync_state_set_applying (store, FALSE, error))
    return _ms_sync_state_fail (store);
  return _ms_store_commit (store, error);
}

/* ------------------------------------------------------------------------ */
/* Tenants                                                                  */

/* Forgets @tenant's synced rows (and their orphaned shadows). */
gboolean
_ms_sync_state_wipe_tenant (MsStore     *store,
                            const char  *tenant,
                            GError     **error)
{
  g_autoptr(GPtrArray) entities = ms_sync_entity_list ();

  for (guint i = 0; i < entities->len; i++)
    {
      const char *entity = ((const MsSyncEntity *) g_ptr_array_index (entities, i))->name;
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE tenant = ?1", entity);
      g_autofree char *orphans = g_strdup_printf ("DELETE FROM shadow WHERE entity = '%s' AND"
                                                  " id NOT IN (SELECT id FROM \"%s\")",
                                                  entity, entity);
      sqlite3_stmt *stmt = _ms_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error) || !_ms_sync_state_exec (store, orphans, error))
        return FALSE;
    }
  return _ms_campaign_repository_wipe_tenant (store, tenant, error);
}

/**
 * ms_sync_state_reset:
 *
 * Forgets @tenant's synced rows and cursor (the next pull starts from
 * scratch); pending outbox rows are kept and applied again.
 */
gboolean
ms_sync_state_reset (MsStore     *store,
                     const char  *tenant,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!_ms_sync_state_set_applying (store, TRUE, error) ||
      !_ms_sync_state_wipe_tenant (store, tenant, error))
    return _ms_sync_state_fail (store);
  stmt = _ms_store_prepare (store, "DELETE FROM sync_cursor WHERE tenant = ?1", error);
  if (stmt == NULL)
    return _ms_sync_state_fail (store);
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  if (!_ms_store_step_done (store, stmt, error) ||
      !_ms_sync_state_reapply_pending (store, error) ||
      !_ms_sync_state_set_applying (store, FALSE, error))
    return _ms_sync_state_fail (store);
  _ms_sync_state_mark_all_changed (store);
  return _ms_store_commit (store, error);
}

/**
 * ms_sync_state_rehome:
 *
 * Moves what was written before signing in (the local tenant) into the
 * account's personal tenant, outbox included.
 */
gboolean
ms_sync_state_rehome (MsStore     *store,
                      const char  *from_tenant,
                      const char  *to_tenant,
                      GError     **error)
{
  g_autoptr(GPtrArray) tables = ms_sync_entity_list ();

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!_ms_sync_state_set_applying (store, TRUE, error))
    return _ms_sync_state_fail (store);
  for (guint i = 0; i < tables->len + 2; i++)
    {
      const char *table = i < tables->len
                          ? ((const MsSyncEntity *) g_ptr_array_index (tables, i))->name
                          : i == tables->len ? "campaign_batch" : "outbox";
      g_autofree char *sql = g_strdup_printf ("UPDATE OR IGNORE \"%s\" SET tenant = ?2"
                                              " WHERE tenant = ?1", table);
      sqlite3_stmt *stmt = _ms_store_prepare (store, sql, error);

      if (stmt == NULL)
        return _ms_sync_state_fail (store);
      sqlite3_bind_text (stmt, 1, from_tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, to_tenant, -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error))
        return _ms_sync_state_fail (store);
    }
  if (!_ms_sync_state_set_applying (store, FALSE, error))
    return _ms_sync_state_fail (store);
  _ms_sync_state_mark_all_changed (store);
  return _ms_store_commit (store, error);
}

/* ------------------------------------------------------------------------ */
/* Cursors and the account                                                  */

/**
 * ms_sync_state_dup_cursor:
 * @version: (out): the cursor's version, or -1 without a cursor
 *
 * Returns: (nullable): the cursor of @tenant ("epoch:version"), or NULL
 *   before its first pull
 */
char *
ms_sync_state_dup_cursor (MsStore     *store,
                          const char  *tenant,
                          gint64      *version)
{
  sqlite3_stmt *stmt;
  char *cursor = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  *version = -1;
  stmt = _ms_store_prepare (store, "SELECT epoch, version FROM sync_cursor WHERE tenant = ?1",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      *version = sqlite3_column_int64 (stmt, 1);
      cursor = g_strdup_printf ("%s:%" G_GINT64_FORMAT, sqlite3_column_text (stmt, 0), *version);
    }
  sqlite3_reset (stmt);
  return cursor;
}

char *
ms_sync_state_dup_meta (MsStore    *store,
                        const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  stmt = _ms_store_prepare (store, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

/**
 * ms_sync_state_set_meta:
 * @value: (nullable): NULL removes the key
 */
gboolean
ms_sync_state_set_meta (MsStore     *store,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  stmt = _ms_store_prepare (store, value != NULL
                                   ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"
                                   : "DELETE FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

/**
 * ms_sync_state_save_account:
 *
 * Keeps the server and the account (GET /v1/me) of a sign-in, together.
 */
gboolean
ms_sync_state_save_account (MsStore     *store,
                            const char  *server_url,
                            const char  *account_json,
                            GError     **error)
{
  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!ms_sync_state_set_meta (store, "sync.server", server_url, error) ||
      !ms_sync_state_set_meta (store, "sync.account", account_json, error))
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  return _ms_store_commit (store, error);
}
