/* ms-sync-local.c — the sync client's side of the local database
 *
 * Everything here runs on the store's thread (the main thread in the app)
 * and each entry point is one transaction, so a kill at any moment leaves
 * either the state before or the state after (DESIGN.md §7).
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
 * (mutators are idempotent). The pull that follows brings whatever the
 * server did since. Shadows no pending mutation refers to are dropped.
 *
 * Applying a pull page: the page's rows replace the local ones (guarded by
 * version, so an older row never overwrites a newer one and a tombstone
 * never comes back), acknowledged outbox rows go, the cursor is stored, and
 * the pending mutations are applied again — all in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/ms-campaign-repository-private.h"
#include "store/ms-store-private.h"
#include "store/ms-team-private.h"
#include "ms-sync-error.h"
#include "ms-sync-local-private.h"

static const char * const entities[] = {
  "score_history", "segment", "ng_word", "campaign_result", MS_TEAM_ENTITIES,
};

void
_ms_sync_rejection_free (MsSyncRejection *rejection)
{
  g_free (rejection->name);
  g_free (rejection->tenant);
  g_free (rejection->args_json);
  g_free (rejection->code);
  g_free (rejection->message);
  g_free (rejection);
}

static gboolean
is_entity (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_strcmp0 (entity, entities[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
exec (MsStore     *store,
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
static gboolean
set_applying (MsStore   *store,
              gboolean   applying,
              GError   **error)
{
  return exec (store, applying ? "DELETE FROM temp.ms_sync_applying;"
                                 "INSERT INTO temp.ms_sync_applying VALUES (1)"
                               : "DELETE FROM temp.ms_sync_applying", error);
}

static void
mark_all_changed (MsStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    _ms_store_mark_changed (store, entities[i]);
}

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
/* Which rows a mutation touches                                            */

static const char *
entity_of (const char *name)
{
  if (g_str_has_prefix (name, "history."))
    return "score_history";
  if (g_str_has_prefix (name, "segment."))
    return "segment";
  if (g_str_has_prefix (name, "ng_word."))
    return "ng_word";
  if (g_str_has_prefix (name, "campaign_result."))
    return "campaign_result";
  return _ms_team_entity_of (name);
}

/* Adds "entity\nid" for every row @name/@args touches. */
static void
collect_rows (const char *tenant,
              const char *name,
              JsonObject *args,
              GHashTable *rows)
{
  const char *entity = entity_of (name);

  if (entity == NULL || args == NULL)
    return;
  if (_ms_team_is_mutation (name))
    {
      /* Team rows have local ids made from the tenant (ms-migrations.c, 4). */
      _ms_team_collect_rows (tenant, name, args, rows);
      return;
    }
  if (json_object_has_member (args, "id"))
    {
      const char *id = json_object_get_string_member_with_default (args, "id", NULL);

      if (id != NULL)
        g_hash_table_add (rows, g_strconcat (entity, "\n", id, NULL));
    }
  if (json_object_has_member (args, "rows") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (args, "rows")))
    {
      JsonArray *array = json_object_get_array_member (args, "rows");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *row = json_array_get_element (array, i);
          const char *id;

          if (!JSON_NODE_HOLDS_OBJECT (row))
            continue;
          id = json_object_get_string_member_with_default (json_node_get_object (row), "id",
                                                           NULL);
          if (id != NULL)
            g_hash_table_add (rows, g_strconcat (entity, "\n", id, NULL));
        }
    }
}

static JsonObject *
parse_args (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* ------------------------------------------------------------------------ */
/* Writing rows from JSON                                                   */

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      else if (type == G_TYPE_DOUBLE)
        sqlite3_bind_double (stmt, index, json_node_get_double (node));
      else if (type == G_TYPE_BOOLEAN)
        sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
      else
        sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      return;
    }
  {
    g_autofree char *text = json_to_string (node, FALSE);

    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  }
}

/* The columns of @table, cached per store connection in a static table:
 * every store has the same schema. */
static GPtrArray *
get_columns (MsStore    *store,
             const char *table)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  GPtrArray *columns;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  columns = g_hash_table_lookup (cache, table);
  if (columns == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA main.table_info(%s)", table);
      sqlite3_stmt *stmt = NULL;

      columns = g_ptr_array_new ();
      if (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_ptr_array_add (columns,
                           (gpointer) g_intern_string ((const char *) sqlite3_column_text (stmt, 1)));
      sqlite3_finalize (stmt);
      g_hash_table_insert (cache, (gpointer) g_intern_string (table), columns);
    }
  G_UNLOCK (cache);
  return columns;
}

/* Deletes live local rows that hold a unique key the incoming row takes. */
static gboolean
clear_unique_conflicts (MsStore     *store,
                        const char  *entity,
                        const char  *tenant,
                        const char  *id,
                        JsonObject  *row,
                        GError     **error)
{
  const char *sql = NULL;
  const char *a = NULL, *b = NULL;
  sqlite3_stmt *stmt;
  gboolean alive = json_object_get_null_member (row, "deleted_at") ||
                   !json_object_has_member (row, "deleted_at");

  if (g_str_equal (entity, "segment") && alive)
    {
      sql = "DELETE FROM segment WHERE tenant = ?1 AND id != ?2 AND scope = ?3 AND name = ?4"
            " AND deleted_at IS NULL";
      a = json_object_get_string_member_with_default (row, "scope", "personal");
      b = json_object_get_string_member_with_default (row, "name", NULL);
    }
  else if (g_str_equal (entity, "ng_word") && alive)
    {
      sql = "DELETE FROM ng_word WHERE tenant = ?1 AND id != ?2 AND scope = ?3 AND word = ?4"
            " AND deleted_at IS NULL";
      a = json_object_get_string_member_with_default (row, "scope", "personal");
      b = json_object_get_string_member_with_default (row, "word", NULL);
    }
  else if (g_str_equal (entity, "campaign_result"))
    {
      sql = "DELETE FROM campaign_result WHERE tenant = ?1 AND id != ?2 AND natural_key = ?4"
            " AND ?3 IS NOT NULL";
      a = "";
      b = json_object_get_string_member_with_default (row, "natural_key", NULL);
    }
  if (sql == NULL || b == NULL)
    return TRUE;

  stmt = _ms_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, b, -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

/* INSERT … ON CONFLICT (id) DO UPDATE with the members of @row that are
 * columns of @entity. With @guard, an older version never replaces a newer
 * one. @tenant (nullable) overrides the row's own. */
static gboolean
upsert_row (MsStore     *store,
            const char  *entity,
            const char  *tenant,
            JsonObject  *row,
            gboolean     guard,
            GError     **error)
{
  GPtrArray *columns = get_columns (store, entity);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GString) updates = g_string_new (NULL);
  g_autoptr(GPtrArray) used = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  int n = 0;

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (g_str_equal (column, "tenant") ? tenant == NULL && !json_object_has_member (row, column)
                                         : !json_object_has_member (row, column))
        continue;
      g_ptr_array_add (used, (gpointer) column);
      g_string_append_printf (sql, "%s\"%s\"", n > 0 ? ", " : "", column);
      g_string_append_printf (values, "%s?%d", n > 0 ? ", " : "", n + 1);
      if (!g_str_equal (column, "id"))
        g_string_append_printf (updates, "%s\"%s\" = excluded.\"%s\"",
                                updates->len > 0 ? ", " : "", column, column);
      n++;
    }

  g_string_prepend (sql, "\" (");
  g_string_prepend (sql, entity);
  g_string_prepend (sql, "INSERT INTO \"");
  g_string_append_printf (sql, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s", values->str,
                          updates->str);
  if (guard)
    g_string_append_printf (sql, " WHERE excluded.version >= \"%s\".version", entity);

  stmt = _ms_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < used->len; i++)
    {
      const char *column = g_ptr_array_index (used, i);

      if (g_str_equal (column, "tenant") && tenant != NULL)
        sqlite3_bind_text (stmt, (int) i + 1, tenant, -1, SQLITE_TRANSIENT);
      else
        bind_json (stmt, (int) i + 1, json_object_get_member (row, column));
    }
  return _ms_store_step_done (store, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Shadows                                                                  */

static gboolean
rewind_row (MsStore     *store,
            const char  *key,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
  g_autofree char *row_json = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (parts[0] == NULL || parts[1] == NULL || !is_entity (parts[0]))
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
      g_autoptr(JsonObject) row = parse_args (row_json);

      if (row != NULL && !upsert_row (store, parts[0], NULL, row, FALSE, error))
        return FALSE;
    }

  stmt = _ms_store_prepare (store, "DELETE FROM shadow WHERE entity = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parts[0], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, parts[1], -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

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

/* ------------------------------------------------------------------------ */
/* Mutators: the client's copy of what each named mutation does. Idempotent,
 * and a row that is not there (or a unique key taken) is skipped: the server
 * will decide. */

static gboolean
step_ignoring_constraints (MsStore       *store,
                           sqlite3_stmt  *stmt,
                           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CONSTRAINT)
    return TRUE;
  _ms_store_set_db_error (store, rc, error);
  return FALSE;
}

static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonObject   *o,
             const char   *name)
{
  bind_json (stmt, index, json_object_has_member (o, name) ? json_object_get_member (o, name)
                                                           : NULL);
}

static gboolean
apply_mutation (MsStore     *store,
                const char  *tenant,
                const char  *name,
                JsonObject  *args,
                gint64       created_at,
                GError     **error)
{
  sqlite3_stmt *stmt;
  const char *sql = NULL;

  if (_ms_team_is_mutation (name))
    return _ms_team_apply_mutation (store, tenant, name, args, created_at, error);

  if (g_str_equal (name, "history.save"))
    {
      stmt = _ms_store_prepare (store,
        "INSERT INTO score_history (id, tenant, created_at, updated_at, channel, subject,"
        " preheader, body, input_json, result_json, engine, total, predicted_open_rate,"
        " predicted_ctr, predicted_cvr) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
        " ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      bind_member (stmt, 1, args, "id");
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      bind_member (stmt, 3, args, "created_at");
      bind_member (stmt, 4, args, "channel");
      bind_member (stmt, 5, args, "subject");
      bind_member (stmt, 6, args, "preheader");
      bind_member (stmt, 7, args, "body");
      bind_member (stmt, 8, args, "input_json");
      bind_member (stmt, 9, args, "result_json");
      bind_member (stmt, 10, args, "engine");
      bind_member (stmt, 11, args, "total");
      bind_member (stmt, 12, args, "predicted_open_rate");
      bind_member (stmt, 13, args, "predicted_ctr");
      bind_member (stmt, 14, args, "predicted_cvr");
      return step_ignoring_constraints (store, stmt, error);
    }

  if (g_str_equal (name, "history.delete"))
    sql = "UPDATE score_history SET deleted_at = ?3, updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL";
  else if (g_str_equal (name, "history.restore"))
    sql = "UPDATE score_history SET deleted_at = NULL, updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NOT NULL";
  else if (g_str_equal (name, "history.clear_actuals"))
    sql = "UPDATE score_history SET actual_recipients = NULL, actual_open_rate = NULL,"
          " actual_ctr = NULL, actual_conversions = NULL, actuals_at = NULL,"
          " updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL AND actuals_at IS NOT NULL";
  else if (g_str_equal (name, "segment.delete"))
    sql = "UPDATE segment SET deleted_at = ?3, updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL";
  else if (g_str_equal (name, "ng_word.delete"))
    sql = "UPDATE ng_word SET deleted_at = ?3, updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL";
  if (sql != NULL)
    {
      gint64 when = json_object_get_int_member_with_default (args, "deleted_at", created_at);

      stmt = _ms_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      bind_member (stmt, 1, args, "id");
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, when);
      return step_ignoring_constraints (store, stmt, error);
    }

  if (g_str_equal (name, "history.set_actuals"))
    {
      stmt = _ms_store_prepare (store,
        "UPDATE score_history SET actual_recipients = ?3, actual_open_rate = ?4,"
        " actual_ctr = ?5, actual_conversions = ?6, actuals_at = coalesce(actuals_at, ?7),"
        " updated_at = max(?7, updated_at + 1)"
        " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL AND"
        " (actual_recipients IS NOT ?3 OR actual_open_rate IS NOT ?4 OR actual_ctr IS NOT ?5"
        "  OR actual_conversions IS NOT ?6)", error);
      if (stmt == NULL)
        return FALSE;
      bind_member (stmt, 1, args, "id");
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      bind_member (stmt, 3, args, "recipients");
      bind_member (stmt, 4, args, "open_rate");
      bind_member (stmt, 5, args, "ctr");
      bind_member (stmt, 6, args, "conversions");
      sqlite3_bind_int64 (stmt, 7, created_at);
      return step_ignoring_constraints (store, stmt, error);
    }

  if (g_str_equal (name, "segment.put"))
    {
      g_autofree char *segment_json = NULL;

      if (json_object_has_member (args, "segment"))
        segment_json = json_to_string (json_object_get_member (args, "segment"), FALSE);
      stmt = _ms_store_prepare (store,
        "INSERT INTO segment (id, tenant, created_at, updated_at, scope, name, segment_json)"
        " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
        " scope = excluded.scope, name = excluded.name, segment_json = excluded.segment_json,"
        " updated_at = max(excluded.updated_at, segment.updated_at + 1)"
        " WHERE segment.deleted_at IS NULL AND"
        " (segment.name IS NOT excluded.name OR segment.segment_json IS NOT excluded.segment_json)",
        error);
      if (stmt == NULL)
        return FALSE;
      bind_member (stmt, 1, args, "id");
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, created_at);
      sqlite3_bind_text (stmt, 4, json_object_get_string_member_with_default (args, "scope",
                                                                             "personal"),
                         -1, SQLITE_TRANSIENT);
      bind_member (stmt, 5, args, "name");
      sqlite3_bind_text (stmt, 6, segment_json != NULL ? segment_json : "{}", -1,
                         SQLITE_TRANSIENT);
      return step_ignoring_constraints (store, stmt, error);
    }

  if (g_str_equal (name, "ng_word.put"))
    {
      stmt = _ms_store_prepare (store,
        "INSERT INTO ng_word (id, tenant, created_at, updated_at, scope, word, note)"
        " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET"
        " scope = excluded.scope, word = excluded.word, note = excluded.note,"
        " updated_at = max(excluded.updated_at, ng_word.updated_at + 1)"
        " WHERE ng_word.deleted_at IS NULL AND"
        " (ng_word.word IS NOT excluded.word OR ng_word.note IS NOT excluded.note)", error);
      if (stmt == NULL)
        return FALSE;
      bind_member (stmt, 1, args, "id");
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, created_at);
      sqlite3_bind_text (stmt, 4, json_object_get_string_member_with_default (args, "scope",
                                                                             "personal"),
                         -1, SQLITE_TRANSIENT);
      bind_member (stmt, 5, args, "word");
      sqlite3_bind_text (stmt, 6, json_object_get_string_member_with_default (args, "note", ""),
                         -1, SQLITE_TRANSIENT);
      return step_ignoring_constraints (store, stmt, error);
    }

  if (g_str_equal (name, "campaign_result.put_many"))
    {
      JsonArray *rows;

      if (!json_object_has_member (args, "rows") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (args, "rows")))
        return TRUE;
      rows = json_object_get_array_member (args, "rows");
      stmt = _ms_store_prepare (store,
        "INSERT INTO campaign_result (id, tenant, created_at, updated_at, natural_key, sent_on,"
        " channel, subject, body, recipients, open_rate, ctr, cv_count, cv_type)"
        " VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        " ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *node = json_array_get_element (rows, i);
          JsonObject *row;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          row = json_node_get_object (node);
          sqlite3_clear_bindings (stmt);
          bind_member (stmt, 1, row, "id");
          sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, created_at);
          bind_member (stmt, 4, row, "natural_key");
          bind_member (stmt, 5, row, "sent_on");
          bind_member (stmt, 6, row, "channel");
          bind_member (stmt, 7, row, "subject");
          bind_member (stmt, 8, row, "body");
          bind_member (stmt, 9, row, "recipients");
          bind_member (stmt, 10, row, "open_rate");
          bind_member (stmt, 11, row, "ctr");
          bind_member (stmt, 12, row, "cv_count");
          bind_member (stmt, 13, row, "cv_type");
          if (!step_ignoring_constraints (store, stmt, error))
            return FALSE;
        }
      return TRUE;
    }

  return TRUE;  /* unknown here: the server decides */
}

/* Applies every outbox row again, in order, with shadows captured, then drops
 * the shadows no pending mutation refers to. */
static gboolean
reapply_pending (MsStore  *store,
                 GError  **error)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            NULL);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!set_applying (store, FALSE, error))
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
      g_autoptr(JsonObject) args = parse_args ((const char *) sqlite3_column_text (stmt, 2));

      if (args == NULL)
        continue;
      collect_rows (tenant, name, args, referenced);
      if (!apply_mutation (store, tenant, name, args, sqlite3_column_int64 (stmt, 3), error))
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

/* Removes the first @n outbox rows (mutation ids next … next + n - 1).
 * Rows of mutations whose outcome we do not know for sure go into
 * @rewind; @statuses (nullable) maps a mutation id to "applied"/"rejected". */
typedef struct
{
  gint64  outbox_id;
  gint64  mutation_id;
  char   *tenant;
  char   *name;
  char   *args_json;
} OutboxRow;

static void
outbox_row_free (gpointer data)
{
  OutboxRow *row = data;

  g_free (row->tenant);
  g_free (row->name);
  g_free (row->args_json);
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
      row->mutation_id = next + rows->len;
      row->tenant = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      /* a campaign import's rows are read from its file when sent */
      row->args_json = _ms_campaign_repository_expand_outbox_args (
        store, row->name, (const char *) sqlite3_column_text (stmt, 3));
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

/* Acknowledges mutations up to @last_id. @statuses (nullable): mutation id →
 * JsonObject result of a push. Outcomes other than "applied" rewind. */
static gboolean
acknowledge (MsStore     *store,
             gint64       last_id,
             GHashTable  *statuses,
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
      JsonObject *result = statuses != NULL
                           ? g_hash_table_lookup (statuses, &row->mutation_id) : NULL;
      const char *status = result != NULL
                           ? json_object_get_string_member_with_default (result, "status", "")
                           : "";

      if (!g_str_equal (status, "applied"))
        {
          g_autoptr(JsonObject) args = parse_args (row->args_json);

          collect_rows (row->tenant, row->name, args, rewind);
        }
      if (g_str_equal (status, "rejected"))
        {
          MsSyncRejection *rejection = g_new0 (MsSyncRejection, 1);
          JsonObject *err = NULL;

          if (json_object_has_member (result, "error") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "error")))
            err = json_object_get_object_member (result, "error");
          rejection->mutation_id = row->mutation_id;
          rejection->tenant = g_strdup (row->tenant);
          rejection->name = g_strdup (row->name);
          rejection->args_json = g_strdup (row->args_json);
          rejection->code = g_strdup (err != NULL
                                      ? json_object_get_string_member_with_default (err, "code",
                                                                                    "rejected")
                                      : "rejected");
          rejection->message = g_strdup (err != NULL
                                         ? json_object_get_string_member_with_default (err,
                                                                                       "message",
                                                                                       "")
                                         : "");
          if (!record_rejection (store, rejection, error))
            {
              _ms_sync_rejection_free (rejection);
              return FALSE;
            }
          if (rejections != NULL)
            g_ptr_array_add (rejections, rejection);
          else
            _ms_sync_rejection_free (rejection);
        }
      if (!delete_outbox_row (store, row->outbox_id, error))
        return FALSE;
    }

  return set_next_mutation_id (store, next + head->len, error);
}

static gboolean
rewind_rows (MsStore     *store,
             GHashTable  *rewind,
             GError     **error)
{
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (rewind) == 0)
    return TRUE;
  if (!set_applying (store, TRUE, error))
    return FALSE;
  g_hash_table_iter_init (&iter, rewind);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!rewind_row (store, key, error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

/**
 * _ms_sync_local_build_push:
 * @limit: at most this many mutations
 * @stopped_tenants: (nullable): tenants not to push (the batch ends before
 *   the first of their mutations: ids must stay consecutive)
 *
 * Returns: (transfer full) (nullable): the body of a push, or NULL with no
 *   error when there is nothing to send
 */
JsonNode *
_ms_sync_local_build_push (MsStore     *store,
                           guint        limit,
                           GHashTable  *stopped_tenants,
                           guint       *n_mutations,
                           GError     **error)
{
  g_autoptr(GPtrArray) head = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = 0;

  *n_mutations = 0;
  head = read_head (store, MAX (limit, 1), error);
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
      OutboxRow *row = g_ptr_array_index (head, i);
      g_autoptr(JsonNode) args = json_from_string (row->args_json, NULL);

      if (stopped_tenants != NULL && g_hash_table_contains (stopped_tenants, row->tenant))
        break;
      if (g_str_equal (row->tenant, MS_STORE_LOCAL_TENANT))
        break;  /* not signed in when it was made, and not re-homed yet */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, row->mutation_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
      json_builder_set_member_name (builder, "tenant");
      json_builder_add_string_value (builder, row->tenant);
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

/**
 * _ms_sync_local_apply_push:
 * @rejections: (element-type MsSyncRejection): gets the rejected mutations
 *
 * Takes in a push answer: drops the processed outbox rows and advances the
 * mutation id; rejected ones are recorded and their rows rolled back.
 */
gboolean
_ms_sync_local_apply_push (MsStore     *store,
                           JsonObject  *response,
                           GPtrArray   *rejections,
                           GError     **error)
{
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *results;
  gint64 last_id;

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
  last_id = json_object_get_int_member (response, "last_mutation_id");
  g_array_set_size (ids, json_array_get_length (results));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      g_array_index (ids, gint64, i) =
        json_object_get_int_member_with_default (json_node_get_object (node), "id", -1);
      g_hash_table_insert (statuses, &g_array_index (ids, gint64, i), json_node_get_object (node));
    }

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!acknowledge (store, last_id, statuses, rewind, rejections, error) ||
      !rewind_rows (store, rewind, error) ||
      (g_hash_table_size (rewind) > 0 && !reapply_pending (store, error)) ||
      !set_applying (store, FALSE, error))
    goto fail;
  if (g_hash_table_size (rewind) > 0)
    mark_all_changed (store);
  return _ms_store_commit (store, error);

fail:
  set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  if (rejections != NULL)
    g_ptr_array_set_size (rejections, 0);
  return FALSE;
}

/**
 * _ms_sync_local_handle_gap:
 * @expected_id: the server's next expected id (409 mutation_gap)
 */
gboolean
_ms_sync_local_handle_gap (MsStore  *store,
                           gint64    expected_id,
                           GError  **error)
{
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 next;

  if (!_ms_store_begin (store, error))
    return FALSE;
  next = get_next_mutation_id (store, error);
  if (next < 0)
    goto fail;
  if (expected_id > next)
    {
      /* The server processed mutations whose answers we never read. */
      if (!acknowledge (store, expected_id - 1, NULL, rewind, NULL, error) ||
          !rewind_rows (store, rewind, error) ||
          !reapply_pending (store, error))
        goto fail;
      mark_all_changed (store);
    }
  else if (!set_next_mutation_id (store, MAX (expected_id, 1), error))
    goto fail;  /* the server forgot us (restored): number from where it is */
  if (!set_applying (store, FALSE, error))
    goto fail;
  return _ms_store_commit (store, error);

fail:
  set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  return FALSE;
}

static char *
get_cursor (MsStore     *store,
            const char  *tenant,
            gint64      *version)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store, "SELECT epoch, version FROM sync_cursor"
                                                 " WHERE tenant = ?1", NULL);
  char *cursor = NULL;

  *version = -1;
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

gint64
_ms_sync_local_get_cursor_version (MsStore    *store,
                                   const char *tenant)
{
  gint64 version;
  g_autofree char *cursor = get_cursor (store, tenant, &version);

  return version;
}

JsonNode *
_ms_sync_local_build_pull (MsStore     *store,
                           const char  *tenant,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *cursor = NULL;
  gint64 version;

  cursor = get_cursor (store, tenant, &version);
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

static gboolean
wipe_tenant (MsStore     *store,
             const char  *tenant,
             GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE tenant = ?1",
                                              entities[i]);
      g_autofree char *orphans = g_strdup_printf ("DELETE FROM shadow WHERE entity = '%s' AND"
                                                  " id NOT IN (SELECT id FROM \"%s\")",
                                                  entities[i], entities[i]);
      sqlite3_stmt *stmt = _ms_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error) || !exec (store, orphans, error))
        return FALSE;
    }
  return _ms_campaign_repository_wipe_tenant (store, tenant, error);
}

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                       _("The server sent changes that cannot be read. Try again later; if it "
                         "keeps happening, update MsgScore."));
  return FALSE;
}

/**
 * _ms_sync_local_apply_pull:
 *
 * Applies one pull page and its cursor in one transaction.
 */
gboolean
_ms_sync_local_apply_pull (MsStore     *store,
                           const char  *tenant,
                           JsonObject  *response,
                           GError     **error)
{
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *cursor, *colon;
  g_autofree char *epoch = NULL;
  g_autofree char *old_cursor = NULL;
  gint64 version, old_version;
  gboolean reset;
  JsonArray *ops;

  if (!json_object_has_member (response, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (response, "ops")))
    return protocol_error (error);
  ops = json_object_get_array_member (response, "ops");
  cursor = json_object_get_string_member_with_default (response, "cursor", NULL);
  colon = cursor != NULL ? strrchr (cursor, ':') : NULL;
  if (colon == NULL)
    return protocol_error (error);
  epoch = g_strndup (cursor, colon - cursor);
  version = g_ascii_strtoll (colon + 1, NULL, 10);
  reset = json_object_get_boolean_member_with_default (response, "reset", FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;

  old_cursor = get_cursor (store, tenant, &old_version);
  if (!reset && old_cursor != NULL && g_str_has_prefix (old_cursor, epoch) &&
      old_cursor[strlen (epoch)] == ':' && version < old_version)
    {
      protocol_error (error);
      goto fail;
    }

  if (!set_applying (store, TRUE, error))
    goto fail;

  /* Mutations the server processed but whose answer we never read: rewind
   * their rows; this page carries what the server made of them. */
  if (!acknowledge (store, json_object_get_int_member_with_default (response,
                                                                    "last_mutation_id", 0),
                    NULL, rewind, NULL, error) ||
      !rewind_rows (store, rewind, error) ||
      !set_applying (store, TRUE, error))
    goto fail;

  if (reset && !wipe_tenant (store, tenant, error))
    goto fail;

  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonNode *node = json_array_get_element (ops, i);
      JsonObject *op, *row;
      const char *entity, *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          protocol_error (error);
          goto fail;
        }
      op = json_node_get_object (node);
      entity = json_object_get_string_member_with_default (op, "entity", NULL);
      id = json_object_get_string_member_with_default (op, "id", NULL);
      if (id == NULL || !json_object_has_member (op, "row") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (op, "row")))
        {
          protocol_error (error);
          goto fail;
        }
      if (!is_entity (entity))
        continue;  /* an entity this version does not keep */
      row = json_object_get_object_member (op, "row");
      if (!json_object_has_member (row, "id"))
        json_object_set_string_member (row, "id", id);
      if (json_object_has_member (op, "version"))
        json_object_set_int_member (row, "version", json_object_get_int_member (op, "version"));
      if (g_strcmp0 (json_object_get_string_member_with_default (op, "op", "put"), "del") == 0 &&
          (!json_object_has_member (row, "deleted_at") ||
           json_object_get_null_member (row, "deleted_at")))
        json_object_set_int_member (row, "deleted_at", g_get_real_time ());

      if (g_str_has_prefix (entity, "team_"))
        {
          _ms_team_localize_row (entity, tenant, row);
          id = json_object_get_string_member (row, "id");
        }

      /* This device's own import coming back: its batch already holds it. */
      if (g_str_equal (entity, "campaign_result") &&
          (!json_object_has_member (row, "deleted_at") ||
           json_object_get_null_member (row, "deleted_at")))
        {
          gboolean own = FALSE;

          if (!_ms_campaign_repository_is_imported_here (store, tenant, id, &own, error))
            goto fail;
          if (own)
            continue;
        }

      if (!drop_shadow (store, entity, id, error) ||
          !clear_unique_conflicts (store, entity, tenant, id, row, error) ||
          !upsert_row (store, entity, tenant, row, TRUE, error))
        goto fail;
    }

  {
    sqlite3_stmt *stmt = _ms_store_prepare (store,
      "INSERT INTO sync_cursor (tenant, epoch, version) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (tenant) DO UPDATE SET epoch = excluded.epoch, version = excluded.version",
      error);

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, epoch, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, version);
    if (!_ms_store_step_done (store, stmt, error))
      goto fail;
  }

  if (json_array_get_length (ops) > 0 || reset || g_hash_table_size (rewind) > 0)
    {
      if (!reapply_pending (store, error))
        goto fail;
      mark_all_changed (store);
    }
  if (!set_applying (store, FALSE, error))
    goto fail;
  return _ms_store_commit (store, error);

fail:
  set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  return FALSE;
}

/**
 * _ms_sync_local_reset:
 *
 * Forgets @tenant's synced rows and cursor (the next pull starts from
 * scratch); pending outbox rows are kept and applied again.
 */
gboolean
_ms_sync_local_reset (MsStore     *store,
                      const char  *tenant,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!set_applying (store, TRUE, error) || !wipe_tenant (store, tenant, error))
    goto fail;
  stmt = _ms_store_prepare (store, "DELETE FROM sync_cursor WHERE tenant = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  if (!_ms_store_step_done (store, stmt, error) ||
      !reapply_pending (store, error) ||
      !set_applying (store, FALSE, error))
    goto fail;
  mark_all_changed (store);
  return _ms_store_commit (store, error);

fail:
  set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  return FALSE;
}

/**
 * _ms_sync_local_rehome:
 *
 * Moves what was written before signing in (the local tenant) into the
 * account's personal tenant, outbox included.
 */
gboolean
_ms_sync_local_rehome (MsStore     *store,
                       const char  *from_tenant,
                       const char  *to_tenant,
                       GError     **error)
{
  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!set_applying (store, TRUE, error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (entities) + 2; i++)
    {
      const char *table = i < G_N_ELEMENTS (entities) ? entities[i]
                          : i == G_N_ELEMENTS (entities) ? "campaign_batch" : "outbox";
      g_autofree char *sql = g_strdup_printf ("UPDATE OR IGNORE \"%s\" SET tenant = ?2"
                                              " WHERE tenant = ?1", table);
      sqlite3_stmt *stmt = _ms_store_prepare (store, sql, error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, from_tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, to_tenant, -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error))
        goto fail;
    }
  if (!set_applying (store, FALSE, error))
    goto fail;
  mark_all_changed (store);
  return _ms_store_commit (store, error);

fail:
  set_applying (store, FALSE, NULL);
  _ms_store_rollback (store);
  return FALSE;
}

char *
_ms_sync_local_get_meta (MsStore    *store,
                         const char *key)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store, "SELECT value FROM meta WHERE key = ?1", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

/**
 * _ms_sync_local_set_meta:
 * @value: (nullable): NULL removes the key
 */
gboolean
_ms_sync_local_set_meta (MsStore     *store,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  sqlite3_stmt *stmt;

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
