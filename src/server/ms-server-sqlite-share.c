/* ms-server-sqlite-share.c — MsServerStorage on SQLite: share links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-sqlite-private.h"

#define LINK_COLUMNS "id, hash, tenant, created_by, history_id, title, snapshot_json," \
                     " created_at, expires_at, revoked_at, views, last_viewed_at"

static MsServerShareLink *
read_link (sqlite3_stmt *stmt)
{
  MsServerShareLink *link = g_new0 (MsServerShareLink, 1);

  link->id = _ms_sql_dup_text (stmt, 0);
  link->hash = _ms_sql_dup_text (stmt, 1);
  link->tenant = _ms_sql_dup_text (stmt, 2);
  link->created_by = _ms_sql_dup_text (stmt, 3);
  link->history_id = _ms_sql_dup_text (stmt, 4);
  link->title = _ms_sql_dup_text (stmt, 5);
  link->snapshot_json = _ms_sql_dup_text (stmt, 6);
  link->created_at = sqlite3_column_int64 (stmt, 7);
  link->expires_at = sqlite3_column_int64 (stmt, 8);
  link->revoked_at = sqlite3_column_int64 (stmt, 9);
  link->views = sqlite3_column_int64 (stmt, 10);
  link->last_viewed_at = sqlite3_column_int64 (stmt, 11);
  return link;
}

static gboolean
sqlite_add_share_link (MsServerStorage         *storage,
                       const MsServerShareLink *link,
                       GError                 **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT INTO share_link (id, hash, tenant, created_by,"
                                " history_id, title, snapshot_json, created_at, expires_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, link->id);
  _ms_sql_bind_text (stmt, 2, link->hash);
  _ms_sql_bind_text (stmt, 3, link->tenant);
  _ms_sql_bind_text (stmt, 4, link->created_by);
  _ms_sql_bind_text (stmt, 5, link->history_id);
  _ms_sql_bind_text (stmt, 6, link->title);
  _ms_sql_bind_text (stmt, 7, link->snapshot_json);
  sqlite3_bind_int64 (stmt, 8, link->created_at);
  sqlite3_bind_int64 (stmt, 9, link->expires_at);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
sqlite_find_share_link (MsServerStorage    *storage,
                        const char         *hash,
                        MsServerShareLink **out,
                        GError            **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = _ms_sql_prepare (self, "SELECT " LINK_COLUMNS " FROM share_link WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = read_link (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static GPtrArray *
sqlite_list_share_links (MsServerStorage  *storage,
                         const char       *created_by,
                         guint             limit,
                         GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_share_link_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT " LINK_COLUMNS " FROM share_link WHERE created_by = ?1"
                                " ORDER BY created_at DESC, id DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, created_by);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsServerShareLink *link = read_link (stmt);

      g_clear_pointer (&link->hash, g_free);
      g_clear_pointer (&link->snapshot_json, g_free);
      g_ptr_array_add (links, link);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_sql_set_db_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&links);
}

static gboolean
sqlite_count_share_links (MsServerStorage  *storage,
                          const char       *created_by,
                          gint64            since,
                          gint64           *count,
                          GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT count(*) FROM share_link"
                                " WHERE created_by = ?1 AND created_at >= ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, created_by);
  sqlite3_bind_int64 (stmt, 2, since);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_revoke_share_link (MsServerStorage  *storage,
                          const char       *created_by,
                          const char       *id,
                          gint64            now,
                          gboolean         *revoked,
                          GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE share_link SET revoked_at = ?1"
                                " WHERE created_by = ?2 AND id = ?3 AND revoked_at IS NULL",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, created_by);
  _ms_sql_bind_text (stmt, 3, id);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  *revoked = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
sqlite_view_share_link (MsServerStorage  *storage,
                        const char       *id,
                        gint64            now,
                        GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE share_link SET views = views + 1,"
                                " last_viewed_at = MAX (COALESCE (last_viewed_at, 0), ?1)"
                                " WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, id);
  return _ms_sql_step_done (self, stmt, error);
}

void
_ms_server_sqlite_share_init (MsServerStorageInterface *iface)
{
  iface->add_share_link = sqlite_add_share_link;
  iface->find_share_link = sqlite_find_share_link;
  iface->list_share_links = sqlite_list_share_links;
  iface->count_share_links = sqlite_count_share_links;
  iface->revoke_share_link = sqlite_revoke_share_link;
  iface->view_share_link = sqlite_view_share_link;
}
