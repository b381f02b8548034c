/* ms-server-sqlite-accounts.c — accounts, tokens, sign-in failures, tenants
 *
 * The MsServerStorage methods of users and their sessions (user_account,
 * token, login_failure, meta secrets) and of who may use a tenant
 * (membership), on the connection of ms-server-sqlite.c.
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

  if (!_ms_sql_begin (self, TRUE, error))
    return FALSE;

  stmt = _ms_sql_prepare (self, "INSERT INTO user_account (id, email, name, password_hash, plan,"
                                " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    goto fail;
  _ms_sql_bind_text (stmt, 1, user->id);
  _ms_sql_bind_text (stmt, 2, user->email);
  _ms_sql_bind_text (stmt, 3, user->name);
  _ms_sql_bind_text (stmt, 4, user->password_hash);
  _ms_sql_bind_text (stmt, 5, user->plan);
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
      _ms_sql_set_db_error (self, rc, error);
      goto fail;
    }

  stmt = _ms_sql_prepare (self, "INSERT INTO tenant (id, kind, created_at)"
                                " VALUES (?1, 'personal', ?2)", error);
  if (stmt == NULL)
    goto fail;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, user->created_at);
  if (!_ms_sql_step_done (self, stmt, error))
    goto fail;

  stmt = _ms_sql_prepare (self, "INSERT INTO membership (tenant, user_id, role, created_at)"
                                " VALUES (?1, ?2, 'owner', ?3)", error);
  if (stmt == NULL)
    goto fail;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, user->id);
  sqlite3_bind_int64 (stmt, 3, user->created_at);
  if (!_ms_sql_step_done (self, stmt, error))
    goto fail;

  return _ms_sql_commit (self, error);

fail:
  _ms_sql_rollback (self);
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
  stmt = _ms_sql_prepare (self, id != NULL
                                ? "SELECT id, email, name, password_hash, plan, created_at"
                                  " FROM user_account WHERE id = ?1"
                                : "SELECT id, email, name, password_hash, plan, created_at"
                                  " FROM user_account WHERE email = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, id != NULL ? id : email);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerUser *user = g_new0 (MsServerUser, 1);

      user->id = _ms_sql_dup_text (stmt, 0);
      user->email = _ms_sql_dup_text (stmt, 1);
      user->name = _ms_sql_dup_text (stmt, 2);
      user->password_hash = _ms_sql_dup_text (stmt, 3);
      user->plan = _ms_sql_dup_text (stmt, 4);
      user->created_at = sqlite3_column_int64 (stmt, 5);
      *out = user;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
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

  stmt = _ms_sql_prepare (self, "UPDATE user_account SET plan = ?1 WHERE email = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, plan);
  _ms_sql_bind_text (stmt, 2, email);
  if (!_ms_sql_step_done (self, stmt, error))
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

  stmt = _ms_sql_prepare (self, "INSERT INTO token (hash, kind, user_id, session_id, expires_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, token_hash);
  _ms_sql_bind_text (stmt, 2, kind);
  _ms_sql_bind_text (stmt, 3, token->user_id);
  _ms_sql_bind_text (stmt, 4, token->session_id);
  sqlite3_bind_int64 (stmt, 5, token->expires_at);
  return _ms_sql_step_done (self, stmt, error);
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
  stmt = _ms_sql_prepare (self, "SELECT user_id, session_id, expires_at, revoked_at IS NOT NULL"
                                " FROM token WHERE hash = ?1 AND kind = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, token_hash);
  _ms_sql_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerToken *token = g_new0 (MsServerToken, 1);

      token->user_id = _ms_sql_dup_text (stmt, 0);
      token->session_id = _ms_sql_dup_text (stmt, 1);
      token->expires_at = sqlite3_column_int64 (stmt, 2);
      token->revoked = sqlite3_column_int (stmt, 3) != 0;
      *out = token;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

/* The token and its user: one statement for every signed-in request. */
static gboolean
sqlite_find_token_user (MsServerStorage  *storage,
                        const char       *token_hash,
                        const char       *kind,
                        MsServerToken   **token,
                        MsServerUser    **user,
                        GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *token = NULL;
  *user = NULL;
  stmt = _ms_sql_prepare (self, "SELECT t.user_id, t.session_id, t.expires_at,"
                                " t.revoked_at IS NOT NULL, u.id, u.email, u.name,"
                                " u.password_hash, u.plan, u.created_at"
                                " FROM token t LEFT JOIN user_account u ON u.id = t.user_id"
                                " WHERE t.hash = ?1 AND t.kind = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, token_hash);
  _ms_sql_bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *token = g_new0 (MsServerToken, 1);
      (*token)->user_id = _ms_sql_dup_text (stmt, 0);
      (*token)->session_id = _ms_sql_dup_text (stmt, 1);
      (*token)->expires_at = sqlite3_column_int64 (stmt, 2);
      (*token)->revoked = sqlite3_column_int (stmt, 3) != 0;
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          *user = g_new0 (MsServerUser, 1);
          (*user)->id = _ms_sql_dup_text (stmt, 4);
          (*user)->email = _ms_sql_dup_text (stmt, 5);
          (*user)->name = _ms_sql_dup_text (stmt, 6);
          (*user)->password_hash = _ms_sql_dup_text (stmt, 7);
          (*user)->plan = _ms_sql_dup_text (stmt, 8);
          (*user)->created_at = sqlite3_column_int64 (stmt, 9);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
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

  stmt = _ms_sql_prepare (self, "UPDATE token SET revoked_at = ?1 WHERE hash = ?2"
                                " AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, token_hash);
  if (!_ms_sql_step_done (self, stmt, error))
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

  stmt = _ms_sql_prepare (self, "UPDATE token SET revoked_at = ?1 WHERE session_id = ?2"
                                " AND (?3 IS NULL OR kind = ?3) AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  _ms_sql_bind_text (stmt, 2, session_id);
  _ms_sql_bind_text (stmt, 3, kind);
  return _ms_sql_step_done (self, stmt, error);
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
  stmt = _ms_sql_prepare (self, "DELETE FROM login_failure WHERE at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at - G_TIME_SPAN_DAY);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;

  stmt = _ms_sql_prepare (self, "INSERT INTO login_failure (key, at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, at);
  return _ms_sql_step_done (self, stmt, error);
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

  stmt = _ms_sql_prepare (self, "SELECT count(*), min(at) FROM login_failure"
                                " WHERE key = ?1 AND at > ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, since);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *count = (guint) sqlite3_column_int (stmt, 0);
      *oldest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_clear_login_failures (MsServerStorage  *storage,
                             const char       *key,
                             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "DELETE FROM login_failure WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  return _ms_sql_step_done (self, stmt, error);
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

  stmt = _ms_sql_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  _ms_sql_bind_text (stmt, 2, candidate);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;

  stmt = _ms_sql_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = _ms_sql_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
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
  stmt = _ms_sql_prepare (self, "SELECT role FROM membership WHERE tenant = ?1 AND user_id = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *role = _ms_sql_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
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

  stmt = _ms_sql_prepare (self, "SELECT t.id, t.kind, m.role FROM membership m"
                                " JOIN tenant t ON t.id = m.tenant WHERE m.user_id = ?1"
                                " ORDER BY t.kind = 'personal' DESC, t.id", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, user_id);
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
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&array);
}

/* ------------------------------------------------------------------------ */

void
_ms_server_sqlite_accounts_init (MsServerStorageInterface *iface)
{
  iface->create_user = sqlite_create_user;
  iface->find_user = sqlite_find_user;
  iface->set_plan = sqlite_set_plan;
  iface->add_token = sqlite_add_token;
  iface->find_token = sqlite_find_token;
  iface->find_token_user = sqlite_find_token_user;
  iface->revoke_token = sqlite_revoke_token;
  iface->revoke_session = sqlite_revoke_session;
  iface->add_login_failure = sqlite_add_login_failure;
  iface->count_login_failures = sqlite_count_login_failures;
  iface->clear_login_failures = sqlite_clear_login_failures;
  iface->get_secret = sqlite_get_secret;
  iface->get_role = sqlite_get_role;
  iface->list_tenants = sqlite_list_tenants;
}
