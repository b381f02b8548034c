/* ms-sync-pull.c — the batch writer of pull pages
 *
 * A page's rows replace the local ones (guarded by version, so an older row
 * never overwrites a newer one and a tombstone never comes back), the
 * mutations the server acknowledged leave the outbox, the cursor is stored,
 * and the pending mutations are applied again — all in one transaction.
 * Rows are written as INSERT … ON CONFLICT (id) DO UPDATE with the members
 * of the server's row that are columns of the entity's table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-campaign-repository-private.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "ms-sync-state-private.h"
#include "sync/ms-mutation.h"

/* Deletes local rows that hold a unique key the incoming row takes. */
static gboolean
clear_unique_conflicts (MsStore             *store,
                        const MsSyncEntity  *entity,
                        const char          *tenant,
                        const char          *id,
                        JsonObject          *row,
                        GError             **error)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  const char *sql;
  sqlite3_stmt *stmt;
  guint n = 0;

  if (entity->unique == NULL)
    return TRUE;
  if (entity->unique_live_only && json_object_has_member (row, "deleted_at") &&
      !json_object_get_null_member (row, "deleted_at"))
    return TRUE;  /* a tombstone holds no key */
  for (n = 0; entity->unique[n] != NULL; n++)
    if (ms_json_object_get_string (row, entity->unique[n], NULL) == NULL)
      return TRUE;

  /* One text per entity, made once */
  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  sql = g_hash_table_lookup (cache, entity->name);
  if (sql == NULL)
    {
      GString *text = g_string_new (NULL);

      g_string_printf (text, "DELETE FROM \"%s\" WHERE tenant = ?1 AND id != ?2", entity->name);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, " AND \"%s\" = ?%u", entity->unique[i], i + 3);
      if (entity->unique_live_only)
        g_string_append (text, " AND deleted_at IS NULL");
      sql = g_string_free (text, FALSE);
      g_hash_table_insert (cache, (gpointer) entity->name, (char *) sql);
    }
  G_UNLOCK (cache);

  stmt = _ms_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (stmt, (int) i + 3, ms_json_object_get_string (row, entity->unique[i], ""),
                       -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

/* The columns of the interned table names of _ms_sync_rows_get_columns() */
#define tenant_column (g_intern_static_string ("tenant"))

/* The INSERT … ON CONFLICT of @entity for the columns in @mask (bits of
 * @columns), made once: a pull page of 1,000 rows writes 1,000 rows of the
 * same few shapes. */
static const char *
upsert_sql (const char *entity,
            GPtrArray  *columns,
            guint64     mask,
            gboolean    guard)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  char key[200];
  const char *sql;

  g_snprintf (key, sizeof key, "%s|%" G_GINT64_MODIFIER "x|%d", entity, mask, guard);
  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sql = g_hash_table_lookup (cache, key);
  if (sql == NULL)
    {
      GString *text = g_string_new (NULL);
      g_autoptr(GString) values = g_string_new (NULL);
      g_autoptr(GString) updates = g_string_new (NULL);
      guint n = 0;

      g_string_printf (text, "INSERT INTO \"%s\" (", entity);
      for (guint i = 0; i < columns->len; i++)
        {
          const char *column = g_ptr_array_index (columns, i);

          if ((mask & (G_GUINT64_CONSTANT (1) << i)) == 0)
            continue;
          g_string_append_printf (text, "%s\"%s\"", n > 0 ? ", " : "", column);
          g_string_append_printf (values, "%s?%u", n > 0 ? ", " : "", n + 1);
          if (!g_str_equal (column, "id"))
            g_string_append_printf (updates, "%s\"%s\" = excluded.\"%s\"",
                                    updates->len > 0 ? ", " : "", column, column);
          n++;
        }
      g_string_append_printf (text, ") VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                              values->str, updates->str);
      if (guard)
        g_string_append_printf (text, " WHERE excluded.version >= \"%s\".version", entity);
      sql = g_string_free (text, FALSE);
      g_hash_table_insert (cache, g_strdup (key), (char *) sql);
    }
  G_UNLOCK (cache);
  return sql;
}

/**
 * _ms_sync_state_upsert_row:
 * @tenant: (nullable): overrides the row's own
 * @guard: an older version never replaces a newer one
 *
 * INSERT … ON CONFLICT (id) DO UPDATE with the members of @row that are
 * columns of @entity.
 */
gboolean
_ms_sync_state_upsert_row (MsStore     *store,
                           const char  *entity,
                           const char  *tenant,
                           JsonObject  *row,
                           gboolean     guard,
                           GError     **error)
{
  GPtrArray *columns = _ms_sync_rows_get_columns (store, entity);
  const char *used[64];
  const char *sql;
  sqlite3_stmt *stmt;
  guint64 mask = 0;
  guint n = 0;

  g_return_val_if_fail (columns->len <= G_N_ELEMENTS (used), FALSE);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);

      if (column == tenant_column ? tenant == NULL && !json_object_has_member (row, column)
                                  : !json_object_has_member (row, column))
        continue;
      used[n++] = column;
      mask |= G_GUINT64_CONSTANT (1) << i;
    }

  sql = upsert_sql (entity, columns, mask, guard);
  stmt = _ms_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (used[i] == tenant_column && tenant != NULL)
        sqlite3_bind_text (stmt, (int) i + 1, tenant, -1, SQLITE_TRANSIENT);
      else
        _ms_sync_rows_bind_json (stmt, (int) i + 1, json_object_get_member (row, used[i]));
    }
  return _ms_store_step_done (store, stmt, error);
}

/* Writes one op of a page (the server's row, made local). */
static gboolean
apply_op (MsStore     *store,
          const char  *tenant,
          MsPullOp    *op,
          GError     **error)
{
  const MsSyncEntity *entity = ms_sync_entity_lookup (op->entity);
  JsonObject *row = op->row;
  const char *id;

  if (entity == NULL)
    return TRUE;  /* an entity this version does not keep */
  if (!json_object_has_member (row, "id"))
    json_object_set_string_member (row, "id", op->id);
  if (op->deleted && (!json_object_has_member (row, "deleted_at") ||
                      json_object_get_null_member (row, "deleted_at")))
    json_object_set_int_member (row, "deleted_at", g_get_real_time ());
  if (entity->localize != NULL)
    entity->localize (tenant, row);
  id = json_object_get_string_member (row, "id");

  /* This device's own import coming back: its batch already holds it. */
  if (g_str_equal (entity->name, "campaign_result") &&
      (!json_object_has_member (row, "deleted_at") ||
       json_object_get_null_member (row, "deleted_at")))
    {
      gboolean own = FALSE;

      if (!_ms_campaign_repository_is_imported_here (store, tenant, id, &own, error))
        return FALSE;
      if (own)
        return TRUE;
    }

  return _ms_sync_state_drop_shadow (store, entity->name, id, error) &&
         clear_unique_conflicts (store, entity, tenant, id, row, error) &&
         _ms_sync_state_upsert_row (store, entity->name, tenant, row, TRUE, error);
}

static gboolean
store_cursor (MsStore           *store,
              const char        *tenant,
              const MsPullPage  *page,
              GError           **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store,
    "INSERT INTO sync_cursor (tenant, epoch, version) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (tenant) DO UPDATE SET epoch = excluded.epoch, version = excluded.version",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, page->epoch, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, page->version);
  return _ms_store_step_done (store, stmt, error);
}

/* A cursor of the same epoch never goes back. */
static gboolean
check_cursor (MsStore           *store,
              const char        *tenant,
              const MsPullPage  *page,
              GError           **error)
{
  gint64 old_version;
  g_autofree char *old = ms_sync_state_dup_cursor (store, tenant, &old_version);

  if (!page->reset && old != NULL && g_str_has_prefix (old, page->epoch) &&
      old[strlen (page->epoch)] == ':' && page->version < old_version)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("The server sent changes that cannot be read. Try again later; if "
                             "it keeps happening, update MsgScore."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_sync_state_apply_pull:
 * @page: one page of a pull, read whole
 *
 * Applies the page and its cursor in one transaction. A cursor that would
 * go back fails with %MS_STORE_ERROR_INVALID and changes nothing.
 */
gboolean
ms_sync_state_apply_pull (MsStore           *store,
                          const char        *tenant,
                          const MsPullPage  *page,
                          GError           **error)
{
  g_autoptr(GHashTable) rewind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (page != NULL && page->epoch != NULL, FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!check_cursor (store, tenant, page, error) ||
      !_ms_sync_state_set_applying (store, TRUE, error))
    return _ms_sync_state_fail (store);

  /* Mutations the server processed but whose answer we never read: rewind
   * their rows; this page carries what the server made of them. */
  if (!_ms_sync_state_acknowledge (store, page->last_mutation_id, NULL, rewind, NULL, error) ||
      !_ms_sync_state_rewind_rows (store, rewind, error) ||
      !_ms_sync_state_set_applying (store, TRUE, error))
    return _ms_sync_state_fail (store);

  if (page->reset && !_ms_sync_state_wipe_tenant (store, tenant, error))
    return _ms_sync_state_fail (store);

  for (guint i = 0; i < page->ops->len; i++)
    if (!apply_op (store, tenant, g_ptr_array_index (page->ops, i), error))
      return _ms_sync_state_fail (store);

  if (!store_cursor (store, tenant, page, error))
    return _ms_sync_state_fail (store);

  if (page->ops->len > 0 || page->reset || g_hash_table_size (rewind) > 0)
    {
      if (!_ms_sync_state_reapply_pending (store, error))
        return _ms_sync_state_fail (store);
      _ms_sync_state_mark_all_changed (store);
    }
  if (!_ms_sync_state_set_applying (store, FALSE, error))
    return _ms_sync_state_fail (store);
  return _ms_store_commit (store, error);
}
