/* ms-server-sqlite-api.c — MsServerStorage on SQLite: keys of the public scoring API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-sqlite-private.h"

#define KEY_COLUMNS "id, hash, tenant, name, prefix, created_by, created_at, last_used_at," \
                    " uses, revoked_at"

static MsServerApiKey *
read_key (sqlite3_stmt *stmt)
{
  MsServerApiKey *key = g_new0 (MsServerApiKey, 1);

  key->id = _ms_sql_dup_text (stmt, 0);
  key->hash = _ms_sql_dup_text (stmt, 1);
  key->tenant = _ms_sql_dup_text (stmt, 2);
  key->name = _ms_sql_dup_text (stmt, 3);
  key->prefix = _ms_sql_dup_text (stmt, 4);
  key->created_by = _ms_sql_dup_text (stmt, 5);
  key->created_at = sqlite3_column_int64 (stmt, 6);
  key->last_used_at = sqlite3_column_int64 (stmt, 7);
  key->uses = sqlite3_column_int64 (stmt, 8);
  key->revoked_at = sqlite3_column_int64 (stmt, 9);
  return key;
}

static gboolean
sqlite_add_api_key (MsServerStorage      *storage,
                    const MsServerApiKey *key,
                    GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT INTO api_key (id, hash, tenant, name, prefix, created_by,"
                                " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key->id);
  _ms_sql_bind_text (stmt, 2, key->hash);
  _ms_sql_bind_text (stmt, 3, key->tenant);
  _ms_sql_bind_text (stmt, 4, key->name);
  _ms_sql_bind_text (stmt, 5, key->prefix);
  _ms_sql_bind_text (stmt, 6, key->created_by);
  sqlite3_bind_int64 (stmt, 7, key->created_at);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
sqlite_find_api_key (MsServerStorage  *storage,
                     const char       *hash,
                     MsServerApiKey  **out,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = _ms_sql_prepare (self, "SELECT " KEY_COLUMNS " FROM api_key WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = read_key (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static GPtrArray *
sqlite_list_api_keys (MsServerStorage  *storage,
                      const char       *tenant,
                      GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_api_key_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT " KEY_COLUMNS " FROM api_key WHERE tenant = ?1"
                                " ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsServerApiKey *key = read_key (stmt);

      g_clear_pointer (&key->hash, g_free);
      g_ptr_array_add (keys, key);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_sql_set_db_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&keys);
}

static gboolean
sqlite_revoke_api_key (MsServerStorage  *storage,
                       const char       *tenant,
                       const char       *id,
                       gint64            now,
                       gboolean         *revoked,
                       GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE api_key SET revoked_at = ?1"
                                " WHERE tenant = ?2 AND id = ?3 AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, tenant);
  _ms_sql_bind_text (stmt, 3, id);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  *revoked = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
sqlite_use_api_key (MsServerStorage  *storage,
                    const char       *id,
                    gint64            now,
                    GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE api_key SET uses = uses + 1,"
                                " last_used_at = MAX (COALESCE (last_used_at, 0), ?1)"
                                " WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, id);
  return _ms_sql_step_done (self, stmt, error);
}

static GStrv
sqlite_list_live_keys (MsServerStorage  *storage,
                       const char       *tenant,
                       const char       *entity,
                       guint             limit,
                       GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "SELECT key FROM sync_row WHERE tenant = ?1 AND entity = ?2"
                                " AND deleted_at IS NULL AND key IS NOT NULL"
                                " ORDER BY key LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (keys, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_strv_builder_end (keys);
}

void
_ms_server_sqlite_api_init (MsServerStorageInterface *iface)
{
  iface->add_api_key = sqlite_add_api_key;
  iface->find_api_key = sqlite_find_api_key;
  iface->list_api_keys = sqlite_list_api_keys;
  iface->revoke_api_key = sqlite_revoke_api_key;
  iface->use_api_key = sqlite_use_api_key;
  iface->list_live_keys = sqlite_list_live_keys;
}
