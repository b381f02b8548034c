/* ms-server-pg-teams.c — teams, members and invitations
 *
 * The MsServerStorage methods of team tenants (team, membership with its
 * roles, team_invite) on PostgreSQL. In a write transaction the team's
 * tenant row is locked before its team, members or seats are read
 * (_ms_pg_lock_tenant), so two invitations accepted at once through two
 * processes count seats one after the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-server-json.h"
#include "ms-server-pg-private.h"

static gboolean
pg_create_team (MsServerStorage     *storage,
                const MsServerTeam  *team,
                GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs a1 = { 0 }, a2 = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&a1, team->tenant);
  _ms_pg_arg_int (&a1, team->created_at);
  if (!_ms_pg_exec (c, "INSERT INTO tenant (id, kind, created_at) VALUES ($1, 'team', $2)",
                    &a1, NULL, error))
    return FALSE;
  _ms_pg_arg_text (&a2, team->tenant);
  _ms_pg_arg_text (&a2, team->name);
  _ms_pg_arg_text (&a2, team->plan);
  _ms_pg_arg_int (&a2, team->created_at);
  return _ms_pg_exec (c, "INSERT INTO team (tenant, name, plan, extra_owners, created_at)"
                         " VALUES ($1, $2, $3, 0, $4)", &a2, NULL, error);
}

static gboolean
pg_get_team (MsServerStorage  *storage,
             const char       *tenant,
             MsServerTeam    **out,
             GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL || !_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT tenant, name, plan, plan_next, plan_change_at,"
                         " extra_owners, created_at FROM team WHERE tenant = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      MsServerTeam *team = g_new0 (MsServerTeam, 1);

      team->tenant = _ms_pg_dup (res, 0, 0);
      team->name = _ms_pg_dup (res, 0, 1);
      team->plan = _ms_pg_dup (res, 0, 2);
      team->plan_next = _ms_pg_dup (res, 0, 3);
      team->plan_change_at = _ms_pg_int (res, 0, 4);
      team->extra_owners = _ms_pg_int (res, 0, 5);
      team->created_at = _ms_pg_int (res, 0, 6);
      *out = team;
    }
  return TRUE;
}

static gboolean
pg_update_team (MsServerStorage     *storage,
                const MsServerTeam  *team,
                GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL || !_ms_pg_lock_tenant (c, team->tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, team->tenant);
  _ms_pg_arg_text (&args, team->name);
  _ms_pg_arg_text (&args, team->plan);
  _ms_pg_arg_text (&args, team->plan_next);
  _ms_pg_arg_time (&args, team->plan_change_at);
  _ms_pg_arg_int (&args, team->extra_owners);
  if (!_ms_pg_exec (c, "UPDATE team SET name = $2, plan = $3, plan_next = $4,"
                       " plan_change_at = $5, extra_owners = $6 WHERE tenant = $1", &args, &n,
                    error))
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND, "no team %s",
                   team->tenant);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_set_member (MsServerStorage  *storage,
               const char       *tenant,
               const char       *user_id,
               const char       *role,
               gint64            now,
               GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  if (!_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  g_hash_table_remove_all (c->roles);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, user_id);
  _ms_pg_arg_text (&args, role);
  _ms_pg_arg_int (&args, now);
  return _ms_pg_exec (c, "INSERT INTO membership (tenant, user_id, role, created_at)"
                         " VALUES ($1, $2, $3, $4) ON CONFLICT (tenant, user_id)"
                         " DO UPDATE SET role = excluded.role", &args, NULL, error);
}

static gboolean
pg_remove_member (MsServerStorage  *storage,
                  const char       *tenant,
                  const char       *user_id,
                  GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  if (!_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  g_hash_table_remove_all (c->roles);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, user_id);
  return _ms_pg_exec (c, "DELETE FROM membership WHERE tenant = $1 AND user_id = $2", &args,
                      NULL, error);
}

static gboolean
pg_count_members (MsServerStorage  *storage,
                  const char       *tenant,
                  const char       *role,
                  gint64           *count,
                  GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL || !_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, role);
  res = _ms_pg_query (c, "SELECT count(*) FROM membership WHERE tenant = $1"
                         " AND ($2::text IS NULL OR role = $2)", &args, error);
  if (res == NULL)
    return FALSE;
  *count = _ms_pg_int (res, 0, 0);
  return TRUE;
}

static JsonArray *
pg_list_members (MsServerStorage  *storage,
                 const char       *tenant,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT u.id, u.name, u.email, m.role, m.created_at"
                         " FROM membership m JOIN user_account u ON u.id = m.user_id"
                         " WHERE m.tenant = $1"
                         " ORDER BY m.created_at, u.id COLLATE \"C\"", &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "user_id", PQgetvalue (res, i, 0));
      json_object_set_string_member (o, "name", PQgetvalue (res, i, 1));
      json_object_set_string_member (o, "email", PQgetvalue (res, i, 2));
      json_object_set_string_member (o, "role", PQgetvalue (res, i, 3));
      json_object_set_int_member (o, "joined_at", _ms_pg_int (res, i, 4));
      json_array_add_object_element (array, o);
    }
  return g_steal_pointer (&array);
}

static gboolean
pg_add_invite (MsServerStorage       *storage,
               const MsServerInvite  *invite,
               GError               **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, invite->hash);
  _ms_pg_arg_text (&args, invite->tenant);
  _ms_pg_arg_text (&args, invite->email);
  _ms_pg_arg_text (&args, invite->role);
  _ms_pg_arg_text (&args, invite->invited_by);
  _ms_pg_arg_int (&args, invite->created_at);
  _ms_pg_arg_int (&args, invite->expires_at);
  return _ms_pg_exec (c, "INSERT INTO team_invite (hash, tenant, email, role, invited_by,"
                         " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      &args, NULL, error);
}

static gboolean
pg_find_invite (MsServerStorage  *storage,
                const char       *hash,
                MsServerInvite  **out,
                GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, hash);
  /* Not locked: the team's tenant row is (get_team), and use_invite() marks
   * an invitation used only once. */
  res = _ms_pg_query (c, "SELECT hash, tenant, email, role, invited_by, created_at,"
                         " expires_at, used_at FROM team_invite WHERE hash = $1",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      MsServerInvite *invite = g_new0 (MsServerInvite, 1);

      invite->hash = _ms_pg_dup (res, 0, 0);
      invite->tenant = _ms_pg_dup (res, 0, 1);
      invite->email = _ms_pg_dup (res, 0, 2);
      invite->role = _ms_pg_dup (res, 0, 3);
      invite->invited_by = _ms_pg_dup (res, 0, 4);
      invite->created_at = _ms_pg_int (res, 0, 5);
      invite->expires_at = _ms_pg_int (res, 0, 6);
      invite->used_at = _ms_pg_int (res, 0, 7);
      *out = invite;
    }
  return TRUE;
}

static gboolean
pg_use_invite (MsServerStorage  *storage,
               const char       *hash,
               const char       *user_id,
               gint64            now,
               GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, hash);
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_text (&args, user_id);
  return _ms_pg_exec (c, "UPDATE team_invite SET used_at = $2, used_by = $3"
                         " WHERE hash = $1 AND used_at IS NULL", &args, NULL, error);
}

static JsonArray *
pg_list_invites (MsServerStorage  *storage,
                 const char       *tenant,
                 gint64            now,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, now);
  res = _ms_pg_query (c, "SELECT email, role, created_at, expires_at FROM team_invite"
                         " WHERE tenant = $1 AND used_at IS NULL AND expires_at > $2"
                         " ORDER BY created_at, email COLLATE \"C\"", &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "email", PQgetvalue (res, i, 0));
      json_object_set_string_member (o, "role", PQgetvalue (res, i, 1));
      json_object_set_int_member (o, "created_at", _ms_pg_int (res, i, 2));
      json_object_set_int_member (o, "expires_at", _ms_pg_int (res, i, 3));
      json_array_add_object_element (array, o);
    }
  return g_steal_pointer (&array);
}

static gboolean
pg_cancel_invites (MsServerStorage  *storage,
                   const char       *tenant,
                   const char       *email,
                   gint64            now,
                   guint            *n_cancelled,
                   GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL || !_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, email);
  _ms_pg_arg_int (&args, now);
  if (!_ms_pg_exec (c, "DELETE FROM team_invite WHERE tenant = $1 AND email = $2"
                       " AND used_at IS NULL AND expires_at > $3", &args, &n, error))
    return FALSE;
  *n_cancelled = (guint) n;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------ */
/* A team's figures                                                          */

static gboolean
pg_foreach_team_scoring (MsServerStorage      *storage,
                         const char           *tenant,
                         gint64                since,
                         MsServerScoringFunc   func,
                         gpointer              user_data,
                         GError              **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, since);
  /* Each member's personal tenant, from when they joined (scoring_fact_by_time). */
  res = _ms_pg_query (c, "SELECT m.user_id, f.created_at, f.total, f.goal"
                         " FROM membership m JOIN scoring_fact f"
                         "  ON f.tenant = 'user:' || m.user_id"
                         "  AND f.created_at >= greatest ($2::bigint, m.created_at)"
                         " WHERE m.tenant = $1", &args, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    func (PQgetvalue (res, i, 0), _ms_pg_int (res, i, 1), (int) _ms_pg_int (res, i, 2),
          PQgetisnull (res, i, 3) ? NULL : PQgetvalue (res, i, 3), user_data);
  return TRUE;
}

void
_ms_server_pg_teams_init (MsServerStorageInterface *iface)
{
  iface->foreach_team_scoring = pg_foreach_team_scoring;
  iface->create_team = pg_create_team;
  iface->get_team = pg_get_team;
  iface->update_team = pg_update_team;
  iface->set_member = pg_set_member;
  iface->remove_member = pg_remove_member;
  iface->count_members = pg_count_members;
  iface->list_members = pg_list_members;
  iface->add_invite = pg_add_invite;
  iface->find_invite = pg_find_invite;
  iface->use_invite = pg_use_invite;
  iface->list_invites = pg_list_invites;
  iface->cancel_invites = pg_cancel_invites;
}
