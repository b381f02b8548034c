/* ms-server-pg-accounts.c — accounts, tokens, sign-in failures, tenants
 *
 * The MsServerStorage methods of users and their sessions (user_account,
 * token, login_failure, meta secrets) and of who may use a tenant
 * (membership), on the connections of ms-server-pg.c. Sessions and sign-in
 * failures live in the database, so every server process sees the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-server-json.h"
#include "ms-server-pg-private.h"


/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */

static gboolean
pg_create_user (MsServerStorage     *storage,
                const MsServerUser  *user,
                const char          *tenant,
                GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(GError) local_error = NULL;
  MsPgArgs a1 = { 0 }, a2 = { 0 }, a3 = { 0 };

  if (c == NULL)
    return FALSE;
  if (!_ms_pg_begin (c, TRUE, error))
    return FALSE;

  _ms_pg_arg_text (&a1, user->id);
  _ms_pg_arg_text (&a1, user->email);
  _ms_pg_arg_text (&a1, user->name);
  _ms_pg_arg_text (&a1, user->password_hash);
  _ms_pg_arg_text (&a1, user->plan);
  _ms_pg_arg_int (&a1, user->created_at);
  if (!_ms_pg_exec (c, "INSERT INTO user_account (id, email, name, password_hash, plan,"
                       " created_at) VALUES ($1, $2, $3, $4, $5, $6)", &a1, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_EMAIL_TAKEN, "email taken");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }

  _ms_pg_arg_text (&a2, tenant);
  _ms_pg_arg_int (&a2, user->created_at);
  if (!_ms_pg_exec (c, "INSERT INTO tenant (id, kind, created_at) VALUES ($1, 'personal', $2)",
                    &a2, NULL, error))
    goto fail;

  _ms_pg_arg_text (&a3, tenant);
  _ms_pg_arg_text (&a3, user->id);
  _ms_pg_arg_int (&a3, user->created_at);
  if (!_ms_pg_exec (c, "INSERT INTO membership (tenant, user_id, role, created_at)"
                       " VALUES ($1, $2, 'owner', $3)", &a3, NULL, error))
    goto fail;

  return _ms_pg_commit (c, error);

fail:
  _ms_pg_rollback (c);
  return FALSE;
}

static gboolean
pg_find_user (MsServerStorage  *storage,
              const char       *id,
              const char       *email,
              MsServerUser    **out,
              GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  *out = NULL;
  _ms_pg_arg_text (&args, id != NULL ? id : email);
  res = _ms_pg_query (c, id != NULL
                         ? "SELECT id, email, name, password_hash, plan, created_at"
                           " FROM user_account WHERE id = $1"
                         : "SELECT id, email, name, password_hash, plan, created_at"
                           " FROM user_account WHERE email = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      MsServerUser *user = g_new0 (MsServerUser, 1);

      user->id = _ms_pg_dup (res, 0, 0);
      user->email = _ms_pg_dup (res, 0, 1);
      user->name = _ms_pg_dup (res, 0, 2);
      user->password_hash = _ms_pg_dup (res, 0, 3);
      user->plan = _ms_pg_dup (res, 0, 4);
      user->created_at = _ms_pg_int (res, 0, 5);
      *out = user;
    }
  return TRUE;
}

static gboolean
pg_set_plan (MsServerStorage  *storage,
             const char       *email,
             const char       *plan,
             GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, plan);
  _ms_pg_arg_text (&args, email);
  if (!_ms_pg_exec (c, "UPDATE user_account SET plan = $1 WHERE email = $2", &args, &n, error))
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   "no account with the email address %s", email);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_add_token (MsServerStorage      *storage,
              const char           *token_hash,
              const char           *kind,
              const MsServerToken  *token,
              GError              **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, token_hash);
  _ms_pg_arg_text (&args, kind);
  _ms_pg_arg_text (&args, token->user_id);
  _ms_pg_arg_text (&args, token->session_id);
  _ms_pg_arg_int (&args, token->expires_at);
  return _ms_pg_exec (c, "INSERT INTO token (hash, kind, user_id, session_id, expires_at)"
                         " VALUES ($1, $2, $3, $4, $5)", &args, NULL, error);
}

static gboolean
pg_find_token (MsServerStorage  *storage,
               const char       *token_hash,
               const char       *kind,
               MsServerToken   **out,
               GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  *out = NULL;
  _ms_pg_arg_text (&args, token_hash);
  _ms_pg_arg_text (&args, kind);
  res = _ms_pg_query (c, "SELECT user_id, session_id, expires_at, revoked_at IS NOT NULL"
                         " FROM token WHERE hash = $1 AND kind = $2", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      MsServerToken *token = g_new0 (MsServerToken, 1);

      token->user_id = _ms_pg_dup (res, 0, 0);
      token->session_id = _ms_pg_dup (res, 0, 1);
      token->expires_at = _ms_pg_int (res, 0, 2);
      token->revoked = g_str_equal (PQgetvalue (res, 0, 3), "t");
      *out = token;
    }
  return TRUE;
}

/* The token and its user: one round trip for every signed-in request. */
static gboolean
pg_find_token_user (MsServerStorage  *storage,
                    const char       *token_hash,
                    const char       *kind,
                    MsServerToken   **token,
                    MsServerUser    **user,
                    GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *token = NULL;
  *user = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, token_hash);
  _ms_pg_arg_text (&args, kind);
  res = _ms_pg_query (c, "SELECT t.user_id, t.session_id, t.expires_at,"
                         " t.revoked_at IS NOT NULL, u.id, u.email, u.name, u.password_hash,"
                         " u.plan, u.created_at"
                         " FROM token t LEFT JOIN user_account u ON u.id = t.user_id"
                         " WHERE t.hash = $1 AND t.kind = $2", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;
  *token = g_new0 (MsServerToken, 1);
  (*token)->user_id = _ms_pg_dup (res, 0, 0);
  (*token)->session_id = _ms_pg_dup (res, 0, 1);
  (*token)->expires_at = _ms_pg_int (res, 0, 2);
  (*token)->revoked = g_str_equal (PQgetvalue (res, 0, 3), "t");
  if (!PQgetisnull (res, 0, 4))
    {
      *user = g_new0 (MsServerUser, 1);
      (*user)->id = _ms_pg_dup (res, 0, 4);
      (*user)->email = _ms_pg_dup (res, 0, 5);
      (*user)->name = _ms_pg_dup (res, 0, 6);
      (*user)->password_hash = _ms_pg_dup (res, 0, 7);
      (*user)->plan = _ms_pg_dup (res, 0, 8);
      (*user)->created_at = _ms_pg_int (res, 0, 9);
    }
  return TRUE;
}

static gboolean
pg_revoke_token (MsServerStorage  *storage,
                 const char       *token_hash,
                 gint64            now,
                 gboolean         *revoked,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_text (&args, token_hash);
  if (!_ms_pg_exec (c, "UPDATE token SET revoked_at = $1 WHERE hash = $2"
                       " AND revoked_at IS NULL", &args, &n, error))
    return FALSE;
  *revoked = n > 0;
  return TRUE;
}

static gboolean
pg_revoke_session (MsServerStorage  *storage,
                   const char       *session_id,
                   const char       *kind,
                   gint64            now,
                   GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_text (&args, session_id);
  _ms_pg_arg_text (&args, kind);
  return _ms_pg_exec (c, "UPDATE token SET revoked_at = $1 WHERE session_id = $2"
                         " AND ($3::text IS NULL OR kind = $3) AND revoked_at IS NULL",
                      &args, NULL, error);
}

static gboolean
pg_add_login_failure (MsServerStorage  *storage,
                      const char       *key,
                      gint64            at,
                      GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs a1 = { 0 }, a2 = { 0 };

  if (c == NULL)
    return FALSE;
  /* Failures older than a day never count again. */
  _ms_pg_arg_int (&a1, at - G_TIME_SPAN_DAY);
  if (!_ms_pg_exec (c, "DELETE FROM login_failure WHERE at < $1", &a1, NULL, error))
    return FALSE;
  _ms_pg_arg_text (&a2, key);
  _ms_pg_arg_int (&a2, at);
  return _ms_pg_exec (c, "INSERT INTO login_failure (key, at) VALUES ($1, $2)", &a2, NULL,
                      error);
}

static gboolean
pg_count_login_failures (MsServerStorage  *storage,
                         const char       *key,
                         gint64            since,
                         guint            *count,
                         gint64           *oldest,
                         GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, key);
  _ms_pg_arg_int (&args, since);
  res = _ms_pg_query (c, "SELECT count(*), min(at) FROM login_failure"
                         " WHERE key = $1 AND at > $2", &args, error);
  if (res == NULL)
    return FALSE;
  *count = (guint) _ms_pg_int (res, 0, 0);
  *oldest = _ms_pg_int (res, 0, 1);
  return TRUE;
}

static gboolean
pg_clear_login_failures (MsServerStorage  *storage,
                         const char       *key,
                         GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, key);
  return _ms_pg_exec (c, "DELETE FROM login_failure WHERE key = $1", &args, NULL, error);
}

static gboolean
pg_get_secret (MsServerStorage  *storage,
               const char       *name,
               const char       *candidate,
               char            **value,
               GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autofree char *key = g_strconcat ("secret.", name, NULL);
  g_autoptr(PGresult) res = NULL;
  MsPgArgs a1 = { 0 }, a2 = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&a1, key);
  _ms_pg_arg_text (&a1, candidate);
  if (!_ms_pg_exec (c, "INSERT INTO meta (key, value) VALUES ($1, $2)"
                       " ON CONFLICT (key) DO NOTHING", &a1, NULL, error))
    return FALSE;
  _ms_pg_arg_text (&a2, key);
  res = _ms_pg_query (c, "SELECT value FROM meta WHERE key = $1", &a2, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the secret %s was not kept", name);
      return FALSE;
    }
  *value = _ms_pg_dup (res, 0, 0);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Tenants                                                                   */

static gboolean
pg_get_role (MsServerStorage  *storage,
             const char       *tenant,
             const char       *user_id,
             char            **role,
             GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  *role = NULL;
  if (c == NULL || !_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  /* Under the tenant's lock a role read once stays true until we change it */
  if (c->in_transaction && c->write)
    {
      g_autofree char *key = g_strconcat (tenant, "\n", user_id, NULL);
      const char *known = g_hash_table_lookup (c->roles, key);

      if (known != NULL)
        {
          *role = *known != '\0' ? g_strdup (known) : NULL;
          return TRUE;
        }
    }
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, user_id);
  res = _ms_pg_query (c, "SELECT role FROM membership WHERE tenant = $1 AND user_id = $2",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *role = _ms_pg_dup (res, 0, 0);
  if (c->in_transaction && c->write)
    g_hash_table_insert (c->roles, g_strconcat (tenant, "\n", user_id, NULL),
                         g_strdup (*role != NULL ? *role : ""));
  return TRUE;
}

static JsonArray *
pg_list_tenants (MsServerStorage  *storage,
                 const char       *user_id,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, user_id);
  res = _ms_pg_query (c, "SELECT t.id, t.kind, m.role FROM membership m"
                         " JOIN tenant t ON t.id = m.tenant WHERE m.user_id = $1"
                         " ORDER BY t.kind = 'personal' DESC, t.id COLLATE \"C\"", &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", PQgetvalue (res, i, 0));
      json_object_set_string_member (o, "kind", PQgetvalue (res, i, 1));
      json_object_set_string_member (o, "role", PQgetvalue (res, i, 2));
      json_array_add_object_element (array, o);
    }
  return g_steal_pointer (&array);
}

/* ------------------------------------------------------------------------ */

void
_ms_server_pg_accounts_init (MsServerStorageInterface *iface)
{
  iface->create_user = pg_create_user;
  iface->find_user = pg_find_user;
  iface->set_plan = pg_set_plan;
  iface->add_token = pg_add_token;
  iface->find_token = pg_find_token;
  iface->find_token_user = pg_find_token_user;
  iface->revoke_token = pg_revoke_token;
  iface->revoke_session = pg_revoke_session;
  iface->add_login_failure = pg_add_login_failure;
  iface->count_login_failures = pg_count_login_failures;
  iface->clear_login_failures = pg_clear_login_failures;
  iface->get_secret = pg_get_secret;
  iface->get_role = pg_get_role;
  iface->list_tenants = pg_list_tenants;
}
