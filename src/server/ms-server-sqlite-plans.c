/* ms-server-sqlite-plans.c — MsServerStorage on SQLite: what plans ask of the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-sqlite-private.h"

/* The index sync_row_by_created (tenant, entity, created_at) serves it. */
static gboolean
sqlite_get_nth_newest_row (MsServerStorage  *storage,
                           const char       *tenant,
                           const char       *entity,
                           gint64            n,
                           gboolean         *found,
                           gint64           *created_at,
                           char            **id,
                           GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  *found = FALSE;
  stmt = _ms_sql_prepare (self, "SELECT created_at, id FROM sync_row"
                                " WHERE tenant = ?1 AND entity = ?2 AND deleted_at IS NULL"
                                " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?3", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  sqlite3_bind_int64 (stmt, 3, n - 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *created_at = sqlite3_column_int64 (stmt, 0);
      *id = _ms_sql_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

void
_ms_server_sqlite_plans_init (MsServerStorageInterface *iface)
{
  iface->get_nth_newest_row = sqlite_get_nth_newest_row;
}
