/* ms-sync-rows.c — synced rows as JSON: the store's side of the mutation table
 *
 * The mutation table (src/core/sync/ms-mutation.h) writes this device's
 * rows through MsMutationLocal: rows are JSON objects of the entity
 * table's columns. Here that interface is SQL: column names come from the
 * table's schema (PRAGMA table_info) and only those are written, entity
 * names from the table of entities.
 *
 * _ms_store_write_mutation() is how a repository makes a synced change:
 * the table's validator (the server's, too), its local applier and the
 * outbox row, in one transaction. _ms_store_apply_mutation() applies a
 * queued mutation again (ms-sync-state.c) and skips one the validator
 * refuses, as the server will.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "sync/ms-mutation.h"

/* ------------------------------------------------------------------------ */
/* Columns and values                                                       */

/* The columns of @table, cached in a static table: every store has the
 * same schema (and a registered entity's table exists before it is used). */
GPtrArray *
_ms_sync_rows_get_columns (MsStore    *store,
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
      g_autofree char *sql = g_strdup_printf ("PRAGMA main.table_info(\"%s\")", table);
      sqlite3_stmt *stmt = NULL;

      columns = g_ptr_array_new ();
      if (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_ptr_array_add (columns, (gpointer) g_intern_string ((const char *)
                                                                sqlite3_column_text (stmt, 1)));
      sqlite3_finalize (stmt);
      /* A table not created yet is looked up again next time. */
      if (columns->len > 0)
        g_hash_table_insert (cache, (gpointer) g_intern_string (table), columns);
    }
  G_UNLOCK (cache);
  return columns;
}

static gboolean
has_column (GPtrArray  *columns,
            const char *name)
{
  const char *interned = g_intern_string (name);

  for (guint i = 0; i < columns->len; i++)
    if (g_ptr_array_index (columns, i) == interned)
      return TRUE;
  return FALSE;
}

void
_ms_sync_rows_bind_json (sqlite3_stmt *stmt,
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

/* The current row of @stmt as a JSON object of its columns. */
JsonObject *
_ms_sync_rows_from_stmt (sqlite3_stmt *stmt)
{
  JsonObject *o = json_object_new ();

  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (o, name, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_object_set_double_member (o, name, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (o, name);
          break;
        default:
          json_object_set_string_member (o, name, (const char *) sqlite3_column_text (stmt, i));
        }
    }
  return o;
}

/* ------------------------------------------------------------------------ */
/* MsMutationLocal over SQLite                                              */

typedef struct
{
  MsMutationLocal  parent;
  MsStore         *store;
} StoreRows;

static gboolean
check_entity (const char  *entity,
              GError     **error)
{
  if (ms_sync_entity_lookup (entity) != NULL)
    return TRUE;
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
               "“%s” is not a synced entity", entity);
  return FALSE;
}

/* A write that breaks a unique key writes nothing and is counted. */
static gboolean
step_counting_conflicts (StoreRows     *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      self->parent.n_conflicts++;
      return TRUE;
    }
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  _ms_store_set_db_error (self->store, rc, error);
  return FALSE;
}

static gboolean
rows_get_row (MsMutationLocal  *local,
              const char       *entity,
              const char       *id,
              JsonObject      **row,
              GError          **error)
{
  StoreRows *self = (StoreRows *) local;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *row = NULL;
  if (!check_entity (entity, error))
    return FALSE;
  sql = g_strdup_printf ("SELECT * FROM \"%s\" WHERE id = ?1 AND tenant = ?2", entity);
  stmt = _ms_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, local->tenant, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *row = _ms_sync_rows_from_stmt (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* @names gets the members of @row that are columns of @entity. */
static void
list_columns (MsStore    *store,
              const char *entity,
              JsonObject *row,
              GPtrArray  *names)
{
  GPtrArray *columns = _ms_sync_rows_get_columns (store, entity);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, row);
  while (json_object_iter_next (&iter, &name, &value))
    if (has_column (columns, name))
      g_ptr_array_add (names, (gpointer) name);
}

static gboolean
rows_insert_row (MsMutationLocal  *local,
                 const char       *entity,
                 JsonObject       *row,
                 GError          **error)
{
  StoreRows *self = (StoreRows *) local;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!check_entity (entity, error))
    return FALSE;
  list_columns (self->store, entity, row, names);
  g_string_printf (sql, "INSERT INTO \"%s\" (", entity);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "",
                              (const char *) g_ptr_array_index (names, i));
      g_string_append_printf (values, "%s?%u", i > 0 ? ", " : "", i + 1);
    }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = _ms_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    _ms_sync_rows_bind_json (stmt, (int) i + 1,
                             json_object_get_member (row, g_ptr_array_index (names, i)));
  return step_counting_conflicts (self, stmt, error);
}

static gboolean
rows_update_row (MsMutationLocal  *local,
                 const char       *entity,
                 const char       *id,
                 JsonObject       *changes,
                 GError          **error)
{
  StoreRows *self = (StoreRows *) local;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  if (!check_entity (entity, error))
    return FALSE;
  list_columns (self->store, entity, changes, names);
  if (names->len == 0)
    return TRUE;
  g_string_printf (sql, "UPDATE \"%s\" SET ", entity);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (sql, "%s\"%s\" = ?%u", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i), i + 3);
  g_string_append (sql, " WHERE id = ?1 AND tenant = ?2");

  stmt = _ms_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, local->tenant, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < names->len; i++)
    _ms_sync_rows_bind_json (stmt, (int) i + 3,
                             json_object_get_member (changes, g_ptr_array_index (names, i)));
  return step_counting_conflicts (self, stmt, error);
}

static void
init_rows (StoreRows  *rows,
           MsStore    *store,
           const char *tenant,
           gint64      now)
{
  *rows = (StoreRows) {
    .parent = {
      .tenant = tenant,
      .now = now,
      .get_row = rows_get_row,
      .insert_row = rows_insert_row,
      .update_row = rows_update_row,
    },
    .store = store,
  };
}

/* ------------------------------------------------------------------------ */
/* Applying and writing mutations                                           */

/**
 * _ms_store_apply_mutation:
 * @args: the mutation's arguments as queued
 * @created_at: when the change was made (the outbox row's time)
 *
 * Applies a queued mutation again, inside the caller's transaction. An
 * unknown mutation, or one the table's validator refuses, changes nothing
 * here: the server decides.
 */
gboolean
_ms_store_apply_mutation (MsStore     *store,
                          const char  *tenant,
                          const char  *name,
                          JsonObject  *args,
                          gint64       created_at,
                          GError     **error)
{
  const MsMutation *mutation = ms_mutation_lookup (name);
  g_autoptr(JsonObject) valid = NULL;
  StoreRows rows;

  if (mutation == NULL || args == NULL)
    return TRUE;
  valid = ms_mutation_validate (mutation, args, 0, NULL);
  if (valid == NULL)
    return TRUE;
  init_rows (&rows, store, tenant, created_at);
  return mutation->apply_local (&rows.parent, valid, error);
}

/* The table's refusals in the store's words. */
static void
translate_error (GError *error)
{
  static const MsStoreError codes[] = {
    [MS_MUTATION_ERROR_INVALID_ARGS] = MS_STORE_ERROR_INVALID,
    [MS_MUTATION_ERROR_UNKNOWN] = MS_STORE_ERROR_INVALID,
    [MS_MUTATION_ERROR_NOT_FOUND] = MS_STORE_ERROR_NOT_FOUND,
    [MS_MUTATION_ERROR_CONFLICT] = MS_STORE_ERROR_CONSTRAINT,
    [MS_MUTATION_ERROR_LIMIT_REACHED] = MS_STORE_ERROR_LIMIT_REACHED,
    [MS_MUTATION_ERROR_FORBIDDEN_ROLE] = MS_STORE_ERROR_FORBIDDEN,
    [MS_MUTATION_ERROR_UPGRADE_NEEDED] = MS_STORE_ERROR_UPGRADE_NEEDED,
  };

  if (error == NULL || error->domain != MS_MUTATION_ERROR)
    return;
  g_assert (error->code >= 0 && (guint) error->code < G_N_ELEMENTS (codes));
  error->domain = MS_STORE_ERROR;
  error->code = codes[error->code];
}

/**
 * _ms_store_validate_mutation:
 *
 * The table's validator, as the server runs it, with the store's clock.
 *
 * Returns: (transfer full): the arguments normalised, or NULL with a
 *   %MS_STORE_ERROR
 */
JsonObject *
_ms_store_validate_mutation (MsStore     *store,
                             const char  *name,
                             JsonObject  *args,
                             GError     **error)
{
  const MsMutation *mutation = ms_mutation_lookup (name);
  JsonObject *valid;

  g_assert (mutation != NULL);
  valid = ms_mutation_validate (mutation, args, ms_store_get_now (store), error);
  if (valid == NULL && error != NULL)
    translate_error (*error);
  return valid;
}

/**
 * _ms_store_dup_tenant_entitlements:
 *
 * Returns: (transfer full): the plan in force for @tenant: a team's own plan
 *   (as this device last learnt it) for a team tenant, else the account's
 */
MsEntitlements *
_ms_store_dup_tenant_entitlements (MsStore    *store,
                                   const char *tenant)
{
  g_autofree char *plan = NULL;
  MsEntitlements *entitlements = NULL;
  sqlite3_stmt *stmt;

  if (ms_tenant_kind (tenant) != MS_TENANT_TEAM)
    return g_object_ref (ms_store_get_entitlements (store));

  stmt = _ms_store_prepare (store, "SELECT plan FROM team WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        plan = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (plan != NULL)
    entitlements = ms_entitlements_new_for_plan (plan, NULL);
  return entitlements != NULL ? entitlements : ms_entitlements_new_free ();
}

/**
 * _ms_store_check_feature:
 * @args: (nullable): the change's arguments
 *
 * The plan feature the change @name needs (the mutation table's), checked
 * against the plan in force for @tenant, as the server will check it.
 *
 * Returns: FALSE with %MS_STORE_ERROR_UPGRADE_NEEDED when the plan lacks it
 */
gboolean
_ms_store_check_feature (MsStore     *store,
                         const char  *tenant,
                         const char  *name,
                         JsonObject  *args,
                         GError     **error)
{
  const MsMutation *mutation = ms_mutation_lookup (name);
  g_autoptr(MsEntitlements) plan = NULL;

  g_assert (mutation != NULL);
  if (ms_mutation_get_feature (mutation, args) == NULL)
    return TRUE;
  plan = _ms_store_dup_tenant_entitlements (store, tenant);
  if (ms_mutation_check_feature (mutation, args, tenant, plan, error))
    return TRUE;
  if (error != NULL)
    translate_error (*error);
  return FALSE;
}

/**
 * _ms_store_write_mutation:
 * @tenant: the tenant of the change (the profile's, or a team's)
 * @args: the arguments, checked with _ms_store_validate_mutation()
 * @conflict: (nullable): with a message, a write that a unique key stops
 *   (another row has the name) fails with %MS_STORE_ERROR_CONSTRAINT and
 *   this message; NULL skips it, as re-applying the change does
 *
 * A synced change made here: the table's local applier and the outbox
 * row, in one transaction (nested in the caller's, if any).
 */
gboolean
_ms_store_write_mutation (MsStore     *store,
                          const char  *tenant,
                          const char  *name,
                          JsonObject  *args,
                          const char  *conflict,
                          GError     **error)
{
  const MsMutation *mutation = ms_mutation_lookup (name);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  StoreRows rows;

  g_assert (mutation != NULL);
  if (!_ms_store_check_feature (store, tenant, name, args, error))
    return FALSE;
  init_rows (&rows, store, tenant, ms_store_get_now (store));
  json_node_set_object (node, args);
  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!mutation->apply_local (&rows.parent, args, error))
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  if (conflict != NULL && rows.parent.n_conflicts > 0)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT, conflict);
      _ms_store_rollback (store);
      return FALSE;
    }
  if (!_ms_store_add_outbox_for_tenant (store, tenant, name, node, error))
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  _ms_store_mark_changed (store, mutation->entity->name);
  _ms_store_mark_changed (store, "outbox");
  return _ms_store_commit (store, error);
}

/**
 * _ms_sync_rows_count_live:
 * @id: (nullable): a row to look for among them
 * @has_id: (out) (optional): whether @id is a live row of @tenant
 *
 * Returns: the live rows of @entity in @tenant, or -1 with @error set
 */
gint64
_ms_sync_rows_count_live (MsStore     *store,
                          const char  *entity,
                          const char  *tenant,
                          const char  *id,
                          gboolean    *has_id,
                          GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*), coalesce(sum(id = ?2), 0)"
                                          " FROM \"%s\" WHERE tenant = ?1"
                                          " AND deleted_at IS NULL", entity);
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  g_assert (ms_sync_entity_lookup (entity) != NULL);
  stmt = _ms_store_prepare (store, sql, error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id != NULL ? id : "", -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      if (has_id != NULL)
        *has_id = sqlite3_column_int64 (stmt, 1) > 0;
    }
  else
    _ms_store_set_db_error (store, rc, error);
  sqlite3_reset (stmt);
  return count;
}
