/* ms-server-sqlite-sync.c — synced rows, mutation ids, tenant versions
 *
 * The MsServerStorage methods of sync (sync_client, sync_row, tenant) and
 * the staff commands that act on them (a new epoch, purging tombstones),
 * called inside transaction() (ms-server-sqlite.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "ms-server-json.h"
#include "ms-server-sqlite-private.h"

/* ------------------------------------------------------------------------ */
/* Sync                                                                      */

static gboolean
sqlite_get_last_mutation_id (MsServerStorage  *storage,
                             const char       *user_id,
                             const char       *client_id,
                             gint64           *id,
                             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  *id = 0;
  stmt = _ms_sql_prepare (self, "SELECT last_mutation_id FROM sync_client"
                                " WHERE user_id = ?1 AND client_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  _ms_sql_bind_text (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_set_last_mutation_id (MsServerStorage  *storage,
                             const char       *user_id,
                             const char       *client_id,
                             gint64            id,
                             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO sync_client (user_id, client_id, last_mutation_id)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT (user_id, client_id)"
                                " DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  _ms_sql_bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, id);
  return _ms_sql_step_done (self, stmt, error);
}

#define ROW_COLUMNS "entity, id, version, created_at, updated_at, deleted_at, row_json"

static MsServerRow *
read_row (sqlite3_stmt *stmt)
{
  MsServerRow *row = g_new0 (MsServerRow, 1);

  row->entity = _ms_sql_dup_text (stmt, 0);
  row->id = _ms_sql_dup_text (stmt, 1);
  row->version = sqlite3_column_int64 (stmt, 2);
  row->created_at = sqlite3_column_int64 (stmt, 3);
  row->updated_at = sqlite3_column_int64 (stmt, 4);
  row->deleted_at = sqlite3_column_int64 (stmt, 5);
  row->row_json = _ms_sql_dup_text (stmt, 6);
  return row;
}

static gboolean
sqlite_get_row (MsServerStorage  *storage,
                const char       *tenant,
                const char       *entity,
                const char       *id,
                MsServerRow     **out,
                GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  *out = NULL;
  stmt = _ms_sql_prepare (self, "SELECT " ROW_COLUMNS " FROM sync_row"
                                " WHERE tenant = ?1 AND entity = ?2 AND id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  _ms_sql_bind_text (stmt, 3, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = read_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_find_row_by_key (MsServerStorage  *storage,
                        const char       *tenant,
                        const char       *entity,
                        const char       *key,
                        gboolean          live_only,
                        char            **id,
                        GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  *id = NULL;
  stmt = _ms_sql_prepare (self, "SELECT id FROM sync_row WHERE tenant = ?1 AND entity = ?2"
                                " AND key = ?3 AND (?4 = 0 OR deleted_at IS NULL) LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  _ms_sql_bind_text (stmt, 3, key);
  sqlite3_bind_int (stmt, 4, live_only ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = _ms_sql_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_count_rows (MsServerStorage  *storage,
                   const char       *tenant,
                   const char       *entity,
                   gint64            created_from,
                   gint64            created_to,
                   gboolean          live_only,
                   const char       *exclude_id,
                   gint64           *count,
                   GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "SELECT count(*) FROM sync_row WHERE tenant = ?1 AND entity = ?2"
                                " AND created_at >= ?3 AND created_at < ?4"
                                " AND (?5 = 0 OR deleted_at IS NULL)"
                                " AND (?6 IS NULL OR id <> ?6)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  sqlite3_bind_int64 (stmt, 3, created_from);
  sqlite3_bind_int64 (stmt, 4, created_to);
  sqlite3_bind_int (stmt, 5, live_only ? 1 : 0);
  _ms_sql_bind_text (stmt, 6, exclude_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

/* The scoring_fact of a score_history row: its time, total and goal, or
 * none once it is deleted. */
static gboolean
put_scoring_fact (MsServerSqlite     *self,
                  const char         *tenant,
                  const MsServerRow  *row,
                  GError            **error)
{
  g_autofree char *goal = NULL;
  sqlite3_stmt *stmt;
  int total = 0;
  gboolean live = ms_server_row_get_scoring_fact (row, &total, &goal);

  if (!live)
    stmt = _ms_sql_prepare (self, "DELETE FROM scoring_fact WHERE tenant = ?1 AND id = ?2",
                            error);
  else
    stmt = _ms_sql_prepare (self, "INSERT OR REPLACE INTO scoring_fact"
                                  " (tenant, id, created_at, total, goal)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, row->id);
  if (live)
    {
      sqlite3_bind_int64 (stmt, 3, row->created_at);
      sqlite3_bind_int (stmt, 4, total);
      _ms_sql_bind_text (stmt, 5, goal);
    }
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
sqlite_put_row (MsServerStorage    *storage,
                const char         *tenant,
                const MsServerRow  *row,
                const char         *key,
                gint64             *version,
                GError            **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);

  stmt = _ms_sql_prepare (self, "UPDATE tenant SET version = version + 1 WHERE id = ?1"
                                " RETURNING version", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  /* RETURNING: the update is done when the statement is reset after its row. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no tenant %s", tenant);
      return FALSE;
    }

  stmt = _ms_sql_prepare (self, "INSERT INTO sync_row (tenant, entity, id, version, created_at,"
                                " updated_at, deleted_at, key, row_json)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                " ON CONFLICT (tenant, entity, id) DO UPDATE SET"
                                " version = excluded.version, updated_at = excluded.updated_at,"
                                " deleted_at = excluded.deleted_at, key = excluded.key,"
                                " row_json = excluded.row_json", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, row->entity);
  _ms_sql_bind_text (stmt, 3, row->id);
  sqlite3_bind_int64 (stmt, 4, *version);
  sqlite3_bind_int64 (stmt, 5, row->created_at);
  sqlite3_bind_int64 (stmt, 6, row->updated_at);
  if (row->deleted_at != 0)
    sqlite3_bind_int64 (stmt, 7, row->deleted_at);
  _ms_sql_bind_text (stmt, 8, key);
  _ms_sql_bind_text (stmt, 9, row->row_json);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  return g_strcmp0 (row->entity, "score_history") != 0 ||
         put_scoring_fact (self, tenant, row, error);
}

static gboolean
sqlite_get_tenant_state (MsServerStorage      *storage,
                         const char           *tenant,
                         MsServerTenantState  *state,
                         GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  memset (state, 0, sizeof *state);
  stmt = _ms_sql_prepare (self, "SELECT (SELECT value FROM meta WHERE key = 'epoch'), version,"
                                " purged_version FROM tenant WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->epoch = _ms_sql_dup_text (stmt, 0);
      state->version = sqlite3_column_int64 (stmt, 1);
      state->purged_version = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no tenant %s", tenant);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static GPtrArray *
sqlite_list_changes (MsServerStorage  *storage,
                     const char       *tenant,
                     gint64            after_version,
                     gboolean          live_only,
                     guint             limit,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_row_free);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "SELECT " ROW_COLUMNS " FROM sync_row WHERE tenant = ?1"
                                " AND version > ?2 AND (?3 = 0 OR deleted_at IS NULL)"
                                " ORDER BY version LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, after_version);
  sqlite3_bind_int (stmt, 3, live_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

static gboolean
sqlite_rotate_epoch (MsServerStorage  *storage,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autofree char *epoch = _ms_sql_new_epoch ();
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE meta SET value = ?1 WHERE key = 'epoch'", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, epoch);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
sqlite_purge_tombstones (MsServerStorage  *storage,
                         gint64            deleted_before,
                         guint            *n_purged,
                         GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  /* A tombstone's age is its updated_at: server time of the delete. */
  if (!_ms_sql_begin (self, TRUE, error))
    return FALSE;
  stmt = _ms_sql_prepare (self, "UPDATE tenant SET purged_version = max(purged_version,"
                                " (SELECT max(version) FROM sync_row r WHERE r.tenant = tenant.id"
                                "  AND r.deleted_at IS NOT NULL AND r.updated_at < ?1))"
                                " WHERE EXISTS (SELECT 1 FROM sync_row r WHERE r.tenant = tenant.id"
                                "  AND r.deleted_at IS NOT NULL AND r.updated_at < ?1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, deleted_before);
  if (!_ms_sql_step_done (self, stmt, error))
    goto fail;
  stmt = _ms_sql_prepare (self, "DELETE FROM sync_row WHERE deleted_at IS NOT NULL"
                                " AND updated_at < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, deleted_before);
  if (!_ms_sql_step_done (self, stmt, error))
    goto fail;
  if (n_purged != NULL)
    *n_purged = (guint) sqlite3_changes (self->db);
  return _ms_sql_commit (self, error);

fail:
  _ms_sql_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------------ */

void
_ms_server_sqlite_sync_init (MsServerStorageInterface *iface)
{
  iface->get_last_mutation_id = sqlite_get_last_mutation_id;
  iface->set_last_mutation_id = sqlite_set_last_mutation_id;
  iface->get_row = sqlite_get_row;
  iface->find_row_by_key = sqlite_find_row_by_key;
  iface->count_rows = sqlite_count_rows;
  iface->put_row = sqlite_put_row;
  iface->get_tenant_state = sqlite_get_tenant_state;
  iface->list_changes = sqlite_list_changes;
  iface->rotate_epoch = sqlite_rotate_epoch;
  iface->purge_tombstones = sqlite_purge_tombstones;
}
