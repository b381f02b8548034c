/* ms-server-sqlite-teams.c — teams, members and invitations
 *
 * The MsServerStorage methods of team tenants (team, membership with its
 * roles, team_invite), called inside transaction() (ms-server-sqlite.c).
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
/* Teams                                                                     */

static gboolean
sqlite_create_team (MsServerStorage     *storage,
                    const MsServerTeam  *team,
                    GError             **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO tenant (id, kind, created_at) VALUES (?1, 'team', ?2)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, team->tenant);
  sqlite3_bind_int64 (stmt, 2, team->created_at);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  stmt = _ms_sql_prepare (self, "INSERT INTO team (tenant, name, plan, extra_owners, created_at)"
                                " VALUES (?1, ?2, ?3, 0, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, team->tenant);
  _ms_sql_bind_text (stmt, 2, team->name);
  _ms_sql_bind_text (stmt, 3, team->plan);
  sqlite3_bind_int64 (stmt, 4, team->created_at);
  return _ms_sql_step_done (self, stmt, error);
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
  stmt = _ms_sql_prepare (self, "SELECT tenant, name, plan, plan_next, plan_change_at,"
                                " extra_owners, created_at FROM team WHERE tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerTeam *team = g_new0 (MsServerTeam, 1);

      team->tenant = _ms_sql_dup_text (stmt, 0);
      team->name = _ms_sql_dup_text (stmt, 1);
      team->plan = _ms_sql_dup_text (stmt, 2);
      team->plan_next = _ms_sql_dup_text (stmt, 3);
      team->plan_change_at = sqlite3_column_int64 (stmt, 4);
      team->extra_owners = sqlite3_column_int64 (stmt, 5);
      team->created_at = sqlite3_column_int64 (stmt, 6);
      *out = team;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_update_team (MsServerStorage     *storage,
                    const MsServerTeam  *team,
                    GError             **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE team SET name = ?2, plan = ?3, plan_next = ?4,"
                                " plan_change_at = ?5, extra_owners = ?6 WHERE tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, team->tenant);
  _ms_sql_bind_text (stmt, 2, team->name);
  _ms_sql_bind_text (stmt, 3, team->plan);
  _ms_sql_bind_text (stmt, 4, team->plan_next);
  if (team->plan_change_at != 0)
    sqlite3_bind_int64 (stmt, 5, team->plan_change_at);
  sqlite3_bind_int64 (stmt, 6, team->extra_owners);
  if (!_ms_sql_step_done (self, stmt, error))
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
  stmt = _ms_sql_prepare (self, "INSERT INTO membership (tenant, user_id, role, created_at)"
                                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant, user_id)"
                                " DO UPDATE SET role = excluded.role", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, user_id);
  _ms_sql_bind_text (stmt, 3, role);
  sqlite3_bind_int64 (stmt, 4, now);
  return _ms_sql_step_done (self, stmt, error);
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
  stmt = _ms_sql_prepare (self, "DELETE FROM membership WHERE tenant = ?1 AND user_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, user_id);
  return _ms_sql_step_done (self, stmt, error);
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

  stmt = _ms_sql_prepare (self, "SELECT count(*) FROM membership WHERE tenant = ?1"
                                " AND (?2 IS NULL OR role = ?2)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, role);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
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

  stmt = _ms_sql_prepare (self, "SELECT u.id, u.name, u.email, m.role, m.created_at"
                                " FROM membership m JOIN user_account u ON u.id = m.user_id"
                                " WHERE m.tenant = ?1"
                                " ORDER BY m.created_at, u.id", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
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
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&array);
}

static gboolean
sqlite_add_invite (MsServerStorage       *storage,
                   const MsServerInvite  *invite,
                   GError               **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT INTO team_invite (hash, tenant, email, role, invited_by,"
                                " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, invite->hash);
  _ms_sql_bind_text (stmt, 2, invite->tenant);
  _ms_sql_bind_text (stmt, 3, invite->email);
  _ms_sql_bind_text (stmt, 4, invite->role);
  _ms_sql_bind_text (stmt, 5, invite->invited_by);
  sqlite3_bind_int64 (stmt, 6, invite->created_at);
  sqlite3_bind_int64 (stmt, 7, invite->expires_at);
  return _ms_sql_step_done (self, stmt, error);
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
  stmt = _ms_sql_prepare (self, "SELECT hash, tenant, email, role, invited_by, created_at,"
                                " expires_at, used_at FROM team_invite WHERE hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerInvite *invite = g_new0 (MsServerInvite, 1);

      invite->hash = _ms_sql_dup_text (stmt, 0);
      invite->tenant = _ms_sql_dup_text (stmt, 1);
      invite->email = _ms_sql_dup_text (stmt, 2);
      invite->role = _ms_sql_dup_text (stmt, 3);
      invite->invited_by = _ms_sql_dup_text (stmt, 4);
      invite->created_at = sqlite3_column_int64 (stmt, 5);
      invite->expires_at = sqlite3_column_int64 (stmt, 6);
      invite->used_at = sqlite3_column_int64 (stmt, 7);
      *out = invite;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
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
  stmt = _ms_sql_prepare (self, "UPDATE team_invite SET used_at = ?2, used_by = ?3"
                                " WHERE hash = ?1 AND used_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, hash);
  sqlite3_bind_int64 (stmt, 2, now);
  _ms_sql_bind_text (stmt, 3, user_id);
  return _ms_sql_step_done (self, stmt, error);
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

  stmt = _ms_sql_prepare (self, "SELECT email, role, created_at, expires_at FROM team_invite"
                                " WHERE tenant = ?1 AND used_at IS NULL AND expires_at > ?2"
                                " ORDER BY created_at, email", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
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
    return _ms_sql_set_db_error (self, rc, error), NULL;
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

  stmt = _ms_sql_prepare (self, "DELETE FROM team_invite WHERE tenant = ?1 AND email = ?2"
                                " AND used_at IS NULL AND expires_at > ?3", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, email);
  sqlite3_bind_int64 (stmt, 3, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  *n_cancelled = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* A team's figures                                                          */

static gboolean
sqlite_foreach_team_scoring (MsServerStorage      *storage,
                             const char           *tenant,
                             gint64                since,
                             MsServerScoringFunc   func,
                             gpointer              user_data,
                             GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  /* Each member's personal tenant, from when they joined (scoring_fact_by_time). */
  stmt = _ms_sql_prepare (self, "SELECT m.user_id, f.created_at, f.total, f.goal"
                                " FROM membership m JOIN scoring_fact f"
                                "  ON f.tenant = 'user:' || m.user_id"
                                "  AND f.created_at >= max (?2, m.created_at)"
                                " WHERE m.tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int64 (stmt, 2, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_int (stmt, 2), (const char *) sqlite3_column_text (stmt, 3), user_data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

void
_ms_server_sqlite_teams_init (MsServerStorageInterface *iface)
{
  iface->foreach_team_scoring = sqlite_foreach_team_scoring;
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
}
