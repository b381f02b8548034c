/* ms-server-sqlite.c — MsServerStorage on one SQLite file (WAL)
 *
 * One connection, used by the thread that opened it (the server's main
 * context); another process (msgscore-server set-plan) may open the same
 * file: writers wait up to five seconds for each other (busy_timeout), then
 * fail with MS_SERVER_ERROR_UNAVAILABLE (503, retry).
 *
 * Schema (PRAGMA user_version = number of steps applied):
 *   user_account   one row per account; email unique (lower-case)
 *   tenant         a personal space ("user:<uuid>"), later a team or the CSM
 *                  space; version = its newest row version
 *   membership     (tenant, user_id, role): who may read and write a tenant.
 *                  A personal tenant has one owner; a team has many members,
 *                  so seats are a count of this table
 *   token          SHA-256 (hex) of bearer tokens, never the tokens
 *   login_failure  failed sign-ins, for rate limiting: a keyed hash (HMAC-SHA256
 *                  with the meta row secret.login_failure) of email+address
 *                  or of the address, never either in clear
 *   sync_client    the last mutation id processed per (user, client)
 *   sync_row       every synced row of every entity as JSON, with its
 *                  tenant version, times, tombstone and unique key
 *   team           (step 2) a team tenant's name, plan, recorded downgrade
 *                  (plan_next at plan_change_at) and extra owners (billing)
 *   team_invite    (step 2) SHA-256 of invite tokens: team, email, role,
 *                  expiry, single use (used_at)
 *   meta           the epoch, and secrets made once (secret.NAME)
 *
 * Only parameterised SQL: every value is bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "ms-server-json.h"
#include "ms-server-sqlite.h"

struct _MsServerSqlite
{
  GObject     parent_instance;

  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  gboolean    in_transaction;
  GThread    *owner;
};

static void storage_iface_init (MsServerStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsServerSqlite, ms_server_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_STORAGE, storage_iface_init))

static const char * const migrations[] = {
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE user_account ("
  "  id TEXT PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE tenant ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal', 'team', 'csm')),"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  purged_version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE membership ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (tenant, user_id));"
  "CREATE INDEX membership_by_user ON membership (user_id);"
  "CREATE TABLE token ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  session_id TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);"
  "CREATE INDEX token_by_session ON token (session_id);"
  "CREATE TABLE login_failure ("
  "  key TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX login_failure_by_key ON login_failure (key, at);"
  "CREATE TABLE sync_client ("
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  client_id TEXT NOT NULL,"
  "  last_mutation_id INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, client_id));"
  "CREATE TABLE sync_row ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id),"
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  key TEXT,"
  "  row_json TEXT NOT NULL,"
  "  PRIMARY KEY (tenant, entity, id));"
  "CREATE UNIQUE INDEX sync_row_by_version ON sync_row (tenant, version);"
  "CREATE INDEX sync_row_by_key ON sync_row (tenant, entity, key) WHERE key IS NOT NULL;"
  "CREATE INDEX sync_row_by_created ON sync_row (tenant, entity, created_at);",

  /* 2: teams (issue 7) */
  "CREATE TABLE team ("
  "  tenant TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  plan_next TEXT,"
  "  plan_change_at INTEGER,"
  "  extra_owners INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE team_invite ("
  "  hash TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),"
  "  invited_by TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER,"
  "  used_by TEXT);"
  "CREATE INDEX team_invite_by_tenant ON team_invite (tenant, used_at, expires_at);",

  /* 3: login_failure keys become keyed hashes (issue 20): the rows that
   * named an email and an address in clear go */
  "DELETE FROM login_failure;",
};

/* ------------------------------------------------------------------------ */

static gboolean
set_db_error (MsServerSqlite  *self,
              int              rc,
              GError         **error)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                         "database busy");
  else
    /* Not MS_SERVER_ERROR: ms_server_error_to_json() keeps the text internal. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sqlite: %s (%d)",
                 sqlite3_errmsg (self->db), rc);
  return FALSE;
}

static sqlite3_stmt *
prepare (MsServerSqlite  *self,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  g_assert (self->owner == g_thread_self ());

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
step_done (MsServerSqlite  *self,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
exec (MsServerSqlite  *self,
      const char      *sql,
      GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_db_error (self, rc, error);
  return TRUE;
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static gboolean
begin (MsServerSqlite  *self,
       gboolean         write,
       GError         **error)
{
  g_assert (!self->in_transaction);
  if (!exec (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

static gboolean
commit (MsServerSqlite  *self,
        GError         **error)
{
  int rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, rc, error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  self->in_transaction = FALSE;
  return rc == SQLITE_OK;
}

static void
rollback (MsServerSqlite *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

static char *
new_epoch (void)
{
  guint8 bytes[12];
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

static gboolean
migrate (MsServerSqlite  *self,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0, rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, rc, error);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the database is from a newer msgscore-server (version %d)", version);
      return FALSE;
    }
  if (version == (int) G_N_ELEMENTS (migrations))
    return TRUE;

  if (!begin (self, TRUE, error))
    return FALSE;
  for (guint step = (guint) version; step < G_N_ELEMENTS (migrations); step++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", step + 1);

      if (!exec (self, migrations[step], error) || !exec (self, pragma, error))
        {
          rollback (self);
          return FALSE;
        }
    }
  if (version == 0)
    {
      g_autofree char *epoch = new_epoch ();

      stmt = prepare (self, "INSERT INTO meta (key, value) VALUES ('epoch', ?1)", error);
      if (stmt == NULL)
        {
          rollback (self);
          return FALSE;
        }
      bind_text (stmt, 1, epoch);
      if (!step_done (self, stmt, error))
        {
          rollback (self);
          return FALSE;
        }
    }
  return commit (self, error);
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */

static gboolean
sqlite_create_user (MsServerStorage     *storage,
                    const MsServerUser  *user,
                    const char          *tenant,
                    GError             **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  if (!begin (self, TRUE, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO user_account (id, email, name, password_hash, plan,"
                        " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, user->id);
  bind_text (stmt, 2, user->email);
  bind_text (stmt, 3, user->name);
  bind_text (stmt, 4, user->password_hash);
  bind_text (stmt, 5, user->plan);
  sqlite3_bind_int64 (stmt, 6, user->created_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
      (rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_EMAIL_TAKEN, "email taken");
      goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, rc, error);
      goto fail;
    }

  stmt = prepare (self, "INSERT INTO tenant (id, kind, created_at) VALUES (?1, 'personal', ?2)",
                  error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, user->created_at);
  if (!step_done (self, stmt, error))
    goto fail;

  stmt = prepare (self, "INSERT INTO membership (tenant, user_id, role, created_at)"
                        " VALUES (?1, ?2, 'owner', ?3)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, user->id);
  sqlite3_bind_int64 (stmt, 3, user->created_at);
  if (!step_done (self, stmt, error))
    goto fail;

  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_find_user (MsServerStorage  *storage,
                  const char       *id,
                  const char       *email,
                  MsServerUser    **out,
                  GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = prepare (self, id != NULL
                        ? "SELECT id, email, name, password_hash, plan, created_at"
                          " FROM user_account WHERE id = ?1"
                        : "SELECT id, email, name, password_hash, plan, created_at"
                          " FROM user_account WHERE email = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id != NULL ? id : email);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerUser *user = g_new0 (MsServerUser, 1);

      user->id = dup_text (stmt, 0);
      user->email = dup_text (stmt, 1);
      user->name = dup_text (stmt, 2);
      user->password_hash = dup_text (stmt, 3);
      user->plan = dup_text (stmt, 4);
      user->created_at = sqlite3_column_int64 (stmt, 5);
      *out = user;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_set_plan (MsServerStorage  *storage,
                 const char       *email,
                 const char       *plan,
                 GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE user_account SET plan = ?1 WHERE email = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, plan);
  bind_text (stmt, 2, email);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   "no account with the email address %s", email);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_add_token (MsServerStorage      *storage,
                  const char           *token_hash,
                  const char           *kind,
                  const MsServerToken  *token,
                  GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO token (hash, kind, user_id, session_id, expires_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, token->user_id);
  bind_text (stmt, 4, token->session_id);
  sqlite3_bind_int64 (stmt, 5, token->expires_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_find_token (MsServerStorage  *storage,
                   const char       *token_hash,
                   const char       *kind,
                   MsServerToken   **out,
                   GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = prepare (self, "SELECT user_id, session_id, expires_at, revoked_at IS NOT NULL"
                        " FROM token WHERE hash = ?1 AND kind = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerToken *token = g_new0 (MsServerToken, 1);

      token->user_id = dup_text (stmt, 0);
      token->session_id = dup_text (stmt, 1);
      token->expires_at = sqlite3_column_int64 (stmt, 2);
      token->revoked = sqlite3_column_int (stmt, 3) != 0;
      *out = token;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_revoke_token (MsServerStorage  *storage,
                     const char       *token_hash,
                     gint64            now,
                     gboolean         *revoked,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE token SET revoked_at = ?1 WHERE hash = ?2"
                        " AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, token_hash);
  if (!step_done (self, stmt, error))
    return FALSE;
  *revoked = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
sqlite_revoke_session (MsServerStorage  *storage,
                       const char       *session_id,
                       const char       *kind,
                       gint64            now,
                       GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE token SET revoked_at = ?1 WHERE session_id = ?2"
                        " AND (?3 IS NULL OR kind = ?3) AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, session_id);
  bind_text (stmt, 3, kind);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_add_login_failure (MsServerStorage  *storage,
                          const char       *key,
                          gint64            at,
                          GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  /* Failures older than a day never count again. */
  stmt = prepare (self, "DELETE FROM login_failure WHERE at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at - G_TIME_SPAN_DAY);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO login_failure (key, at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_count_login_failures (MsServerStorage  *storage,
                             const char       *key,
                             gint64            since,
                             guint            *count,
                             gint64           *oldest,
                             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT count(*), min(at) FROM login_failure"
                        " WHERE key = ?1 AND at > ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, since);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *count = (guint) sqlite3_column_int (stmt, 0);
      *oldest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_clear_login_failures (MsServerStorage  *storage,
                             const char       *key,
                             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM login_failure WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_get_secret (MsServerStorage  *storage,
                   const char       *name,
                   const char       *candidate,
                   char            **value,
                   GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autofree char *key = g_strconcat ("secret.", name, NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                        " ON CONFLICT (key) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, candidate);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, rc, error);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Tenants                                                                   */

static gboolean
sqlite_get_role (MsServerStorage  *storage,
                 const char       *tenant,
                 const char       *user_id,
                 char            **role,
                 GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *role = NULL;
  stmt = prepare (self, "SELECT role FROM membership WHERE tenant = ?1 AND user_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *role = dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static JsonArray *
sqlite_list_tenants (MsServerStorage  *storage,
                     const char       *user_id,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT t.id, t.kind, m.role FROM membership m"
                        " JOIN tenant t ON t.id = m.tenant WHERE m.user_id = ?1"
                        " ORDER BY t.kind = 'personal' DESC, t.id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, user_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (o, "kind", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "role", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (array, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&array);
}

/* ------------------------------------------------------------------------ */
/* Sync                                                                      */

static gboolean
sqlite_transaction (MsServerStorage      *storage,
                    gboolean              write,
                    MsServerStorageFunc   func,
                    gpointer              user_data,
                    GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);

  if (!begin (self, write, error))
    return FALSE;
  if (!func (storage, user_data, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

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
  stmt = prepare (self, "SELECT last_mutation_id FROM sync_client"
                        " WHERE user_id = ?1 AND client_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
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
  stmt = prepare (self, "INSERT INTO sync_client (user_id, client_id, last_mutation_id)"
                        " VALUES (?1, ?2, ?3) ON CONFLICT (user_id, client_id)"
                        " DO UPDATE SET last_mutation_id = excluded.last_mutation_id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, id);
  return step_done (self, stmt, error);
}

#define ROW_COLUMNS "entity, id, version, created_at, updated_at, deleted_at, row_json"

static MsServerRow *
read_row (sqlite3_stmt *stmt)
{
  MsServerRow *row = g_new0 (MsServerRow, 1);

  row->entity = dup_text (stmt, 0);
  row->id = dup_text (stmt, 1);
  row->version = sqlite3_column_int64 (stmt, 2);
  row->created_at = sqlite3_column_int64 (stmt, 3);
  row->updated_at = sqlite3_column_int64 (stmt, 4);
  row->deleted_at = sqlite3_column_int64 (stmt, 5);
  row->row_json = dup_text (stmt, 6);
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
  stmt = prepare (self, "SELECT " ROW_COLUMNS " FROM sync_row"
                        " WHERE tenant = ?1 AND entity = ?2 AND id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, entity);
  bind_text (stmt, 3, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = read_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
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
  stmt = prepare (self, "SELECT id FROM sync_row WHERE tenant = ?1 AND entity = ?2"
                        " AND key = ?3 AND (?4 = 0 OR deleted_at IS NULL) LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, entity);
  bind_text (stmt, 3, key);
  sqlite3_bind_int (stmt, 4, live_only ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
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
  stmt = prepare (self, "SELECT count(*) FROM sync_row WHERE tenant = ?1 AND entity = ?2"
                        " AND created_at >= ?3 AND created_at < ?4"
                        " AND (?5 = 0 OR deleted_at IS NULL)"
                        " AND (?6 IS NULL OR id <> ?6)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, entity);
  sqlite3_bind_int64 (stmt, 3, created_from);
  sqlite3_bind_int64 (stmt, 4, created_to);
  sqlite3_bind_int (stmt, 5, live_only ? 1 : 0);
  bind_text (stmt, 6, exclude_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, rc, error);
  return TRUE;
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

  stmt = prepare (self, "UPDATE tenant SET version = version + 1 WHERE id = ?1"
                        " RETURNING version", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  /* RETURNING: the update is done when the statement is reset after its row. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no tenant %s", tenant);
      return FALSE;
    }

  stmt = prepare (self, "INSERT INTO sync_row (tenant, entity, id, version, created_at,"
                        " updated_at, deleted_at, key, row_json)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                        " ON CONFLICT (tenant, entity, id) DO UPDATE SET"
                        " version = excluded.version, updated_at = excluded.updated_at,"
                        " deleted_at = excluded.deleted_at, key = excluded.key,"
                        " row_json = excluded.row_json", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, row->entity);
  bind_text (stmt, 3, row->id);
  sqlite3_bind_int64 (stmt, 4, *version);
  sqlite3_bind_int64 (stmt, 5, row->created_at);
  sqlite3_bind_int64 (stmt, 6, row->updated_at);
  if (row->deleted_at != 0)
    sqlite3_bind_int64 (stmt, 7, row->deleted_at);
  bind_text (stmt, 8, key);
  bind_text (stmt, 9, row->row_json);
  return step_done (self, stmt, error);
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
  stmt = prepare (self, "SELECT (SELECT value FROM meta WHERE key = 'epoch'), version,"
                        " purged_version FROM tenant WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->epoch = dup_text (stmt, 0);
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
    return set_db_error (self, rc, error);
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
  stmt = prepare (self, "SELECT " ROW_COLUMNS " FROM sync_row WHERE tenant = ?1"
                        " AND version > ?2 AND (?3 = 0 OR deleted_at IS NULL)"
                        " ORDER BY version LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, after_version);
  sqlite3_bind_int (stmt, 3, live_only ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------------------ */
/* Teams                                                                     */

static gboolean
sqlite_create_team (MsServerStorage     *storage,
                    const MsServerTeam  *team,
                    GError             **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = prepare (self, "INSERT INTO tenant (id, kind, created_at) VALUES (?1, 'team', ?2)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, team->tenant);
  sqlite3_bind_int64 (stmt, 2, team->created_at);
  if (!step_done (self, stmt, error))
    return FALSE;
  stmt = prepare (self, "INSERT INTO team (tenant, name, plan, extra_owners, created_at)"
                        " VALUES (?1, ?2, ?3, 0, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, team->tenant);
  bind_text (stmt, 2, team->name);
  bind_text (stmt, 3, team->plan);
  sqlite3_bind_int64 (stmt, 4, team->created_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_get_team (MsServerStorage  *storage,
                 const char       *tenant,
                 MsServerTeam    **out,
                 GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = prepare (self, "SELECT tenant, name, plan, plan_next, plan_change_at, extra_owners,"
                        " created_at FROM team WHERE tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerTeam *team = g_new0 (MsServerTeam, 1);

      team->tenant = dup_text (stmt, 0);
      team->name = dup_text (stmt, 1);
      team->plan = dup_text (stmt, 2);
      team->plan_next = dup_text (stmt, 3);
      team->plan_change_at = sqlite3_column_int64 (stmt, 4);
      team->extra_owners = sqlite3_column_int64 (stmt, 5);
      team->created_at = sqlite3_column_int64 (stmt, 6);
      *out = team;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_update_team (MsServerStorage     *storage,
                    const MsServerTeam  *team,
                    GError             **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE team SET name = ?2, plan = ?3, plan_next = ?4,"
                        " plan_change_at = ?5, extra_owners = ?6 WHERE tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, team->tenant);
  bind_text (stmt, 2, team->name);
  bind_text (stmt, 3, team->plan);
  bind_text (stmt, 4, team->plan_next);
  if (team->plan_change_at != 0)
    sqlite3_bind_int64 (stmt, 5, team->plan_change_at);
  sqlite3_bind_int64 (stmt, 6, team->extra_owners);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND, "no team %s",
                   team->tenant);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_set_member (MsServerStorage  *storage,
                   const char       *tenant,
                   const char       *user_id,
                   const char       *role,
                   gint64            now,
                   GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = prepare (self, "INSERT INTO membership (tenant, user_id, role, created_at)"
                        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant, user_id)"
                        " DO UPDATE SET role = excluded.role", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, user_id);
  bind_text (stmt, 3, role);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_remove_member (MsServerStorage  *storage,
                      const char       *tenant,
                      const char       *user_id,
                      GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = prepare (self, "DELETE FROM membership WHERE tenant = ?1 AND user_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, user_id);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_count_members (MsServerStorage  *storage,
                      const char       *tenant,
                      const char       *role,
                      gint64           *count,
                      GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT count(*) FROM membership WHERE tenant = ?1"
                        " AND (?2 IS NULL OR role = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, role);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (self, rc, error);
  return TRUE;
}

static JsonArray *
sqlite_list_members (MsServerStorage  *storage,
                     const char       *tenant,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT u.id, u.name, u.email, m.role, m.created_at FROM membership m"
                        " JOIN user_account u ON u.id = m.user_id WHERE m.tenant = ?1"
                        " ORDER BY m.created_at, u.id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "user_id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (o, "name", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "email", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (o, "role", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_int_member (o, "joined_at", sqlite3_column_int64 (stmt, 4));
      json_array_add_object_element (array, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&array);
}

static gboolean
sqlite_add_invite (MsServerStorage       *storage,
                   const MsServerInvite  *invite,
                   GError               **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "INSERT INTO team_invite (hash, tenant, email, role, invited_by,"
                        " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, invite->hash);
  bind_text (stmt, 2, invite->tenant);
  bind_text (stmt, 3, invite->email);
  bind_text (stmt, 4, invite->role);
  bind_text (stmt, 5, invite->invited_by);
  sqlite3_bind_int64 (stmt, 6, invite->created_at);
  sqlite3_bind_int64 (stmt, 7, invite->expires_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_find_invite (MsServerStorage  *storage,
                    const char       *hash,
                    MsServerInvite  **out,
                    GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = prepare (self, "SELECT hash, tenant, email, role, invited_by, created_at, expires_at,"
                        " used_at FROM team_invite WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerInvite *invite = g_new0 (MsServerInvite, 1);

      invite->hash = dup_text (stmt, 0);
      invite->tenant = dup_text (stmt, 1);
      invite->email = dup_text (stmt, 2);
      invite->role = dup_text (stmt, 3);
      invite->invited_by = dup_text (stmt, 4);
      invite->created_at = sqlite3_column_int64 (stmt, 5);
      invite->expires_at = sqlite3_column_int64 (stmt, 6);
      invite->used_at = sqlite3_column_int64 (stmt, 7);
      *out = invite;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_use_invite (MsServerStorage  *storage,
                   const char       *hash,
                   const char       *user_id,
                   gint64            now,
                   GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = prepare (self, "UPDATE team_invite SET used_at = ?2, used_by = ?3"
                        " WHERE hash = ?1 AND used_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_text (stmt, 3, user_id);
  return step_done (self, stmt, error);
}

static JsonArray *
sqlite_list_invites (MsServerStorage  *storage,
                     const char       *tenant,
                     gint64            now,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(JsonArray) array = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT email, role, created_at, expires_at FROM team_invite"
                        " WHERE tenant = ?1 AND used_at IS NULL AND expires_at > ?2"
                        " ORDER BY created_at, email", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "email", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (o, "role", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (o, "created_at", sqlite3_column_int64 (stmt, 2));
      json_object_set_int_member (o, "expires_at", sqlite3_column_int64 (stmt, 3));
      json_array_add_object_element (array, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&array);
}

static gboolean
sqlite_cancel_invites (MsServerStorage  *storage,
                       const char       *tenant,
                       const char       *email,
                       gint64            now,
                       guint            *n_cancelled,
                       GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "DELETE FROM team_invite WHERE tenant = ?1 AND email = ?2"
                        " AND used_at IS NULL AND expires_at > ?3", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, tenant);
  bind_text (stmt, 2, email);
  sqlite3_bind_int64 (stmt, 3, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (self, rc, error);
  *n_cancelled = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

static gboolean
sqlite_rotate_epoch (MsServerStorage  *storage,
                     GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autofree char *epoch = new_epoch ();
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE meta SET value = ?1 WHERE key = 'epoch'", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, epoch);
  return step_done (self, stmt, error);
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
  if (!begin (self, TRUE, error))
    return FALSE;
  stmt = prepare (self, "UPDATE tenant SET purged_version = max(purged_version,"
                        " (SELECT max(version) FROM sync_row r WHERE r.tenant = tenant.id"
                        "  AND r.deleted_at IS NOT NULL AND r.updated_at < ?1))"
                        " WHERE EXISTS (SELECT 1 FROM sync_row r WHERE r.tenant = tenant.id"
                        "  AND r.deleted_at IS NOT NULL AND r.updated_at < ?1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, deleted_before);
  if (!step_done (self, stmt, error))
    goto fail;
  stmt = prepare (self, "DELETE FROM sync_row WHERE deleted_at IS NOT NULL"
                        " AND updated_at < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, deleted_before);
  if (!step_done (self, stmt, error))
    goto fail;
  if (n_purged != NULL)
    *n_purged = (guint) sqlite3_changes (self->db);
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
storage_iface_init (MsServerStorageInterface *iface)
{
  iface->create_user = sqlite_create_user;
  iface->find_user = sqlite_find_user;
  iface->set_plan = sqlite_set_plan;
  iface->add_token = sqlite_add_token;
  iface->find_token = sqlite_find_token;
  iface->revoke_token = sqlite_revoke_token;
  iface->revoke_session = sqlite_revoke_session;
  iface->add_login_failure = sqlite_add_login_failure;
  iface->count_login_failures = sqlite_count_login_failures;
  iface->clear_login_failures = sqlite_clear_login_failures;
  iface->get_secret = sqlite_get_secret;
  iface->get_role = sqlite_get_role;
  iface->list_tenants = sqlite_list_tenants;
  iface->transaction = sqlite_transaction;
  iface->get_last_mutation_id = sqlite_get_last_mutation_id;
  iface->set_last_mutation_id = sqlite_set_last_mutation_id;
  iface->get_row = sqlite_get_row;
  iface->find_row_by_key = sqlite_find_row_by_key;
  iface->count_rows = sqlite_count_rows;
  iface->put_row = sqlite_put_row;
  iface->get_tenant_state = sqlite_get_tenant_state;
  iface->list_changes = sqlite_list_changes;
  iface->create_team = sqlite_create_team;
  iface->get_team = sqlite_get_team;
  iface->update_team = sqlite_update_team;
  iface->set_member = sqlite_set_member;
  iface->remove_member = sqlite_remove_member;
  iface->count_members = sqlite_count_members;
  iface->list_members = sqlite_list_members;
  iface->add_invite = sqlite_add_invite;
  iface->find_invite = sqlite_find_invite;
  iface->use_invite = sqlite_use_invite;
  iface->list_invites = sqlite_list_invites;
  iface->cancel_invites = sqlite_cancel_invites;
  iface->rotate_epoch = sqlite_rotate_epoch;
  iface->purge_tombstones = sqlite_purge_tombstones;
}

static void
ms_server_sqlite_finalize (GObject *object)
{
  MsServerSqlite *self = (MsServerSqlite *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);

  G_OBJECT_CLASS (ms_server_sqlite_parent_class)->finalize (object);
}

static void
ms_server_sqlite_class_init (MsServerSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_server_sqlite_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ms_server_sqlite_init (MsServerSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->owner = g_thread_self ();
}

/**
 * ms_server_sqlite_new:
 * @path: the database file; created with its schema when missing
 *
 * Use the result from the thread that created it only.
 */
MsServerSqlite *
ms_server_sqlite_new (const char  *path,
                      GError     **error)
{
  g_autoptr(MsServerSqlite) self = g_object_new (MS_TYPE_SERVER_SQLITE, NULL);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !migrate (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * ms_server_sqlite_set_owner_thread:
 *
 * Hands the connection to the calling thread, before the server starts
 * (tests open the database in one thread and serve it from another).
 */
void
ms_server_sqlite_set_owner_thread (MsServerSqlite *self)
{
  self->owner = g_thread_self ();
}
