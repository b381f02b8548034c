/* ms-team-repository.c — the teams the user belongs to, and the active one
 *
 * The `team` table mirrors GET /v1/teams (the sync client replaces it at the
 * start of each round); the model is a GListStore of MsTeam in name order,
 * re-read after each committed change. The active team — whose rules the
 * profile scores with (ms-personal-rules.c) — is kept in `meta` under
 * "active_team"; when it is unset or no longer a team of the user, the first
 * team by name is active.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-store-private.h"
#include "ms-sync-state-private.h"
#include "ms-team-repository.h"

#define ACTIVE_KEY "active_team"

struct _MsTeamRepository
{
  GObject     parent_instance;
  MsStore    *store;
  GListStore *model;
};

G_DEFINE_FINAL_TYPE (MsTeamRepository, ms_team_repository, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* For the sync client (GET /v1/teams, 403 on a team tenant)              */

static gpointer
team_from_row (sqlite3_stmt *stmt)
{
  return ms_team_new ((const char *) sqlite3_column_text (stmt, 0),
                      (const char *) sqlite3_column_text (stmt, 1),
                      (const char *) sqlite3_column_text (stmt, 2),
                      (const char *) sqlite3_column_text (stmt, 3),
                      sqlite3_column_int64 (stmt, 4),
                      sqlite3_column_type (stmt, 5) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64 (stmt, 5));
}

/**
 * ms_store_dup_team_role:
 *
 * Returns: (nullable): "owner" or "member", or %NULL when @tenant is not a
 *   team of the user
 */
char *
ms_store_dup_team_role (MsStore    *store,
                        const char *tenant)
{
  sqlite3_stmt *stmt;
  char *role = NULL;

  stmt = _ms_store_prepare (store, "SELECT role FROM team WHERE id = ?1 AND deleted_at IS NULL",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    role = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return role;
}

gboolean
ms_store_put_team (MsStore  *store,
                   MsTeam   *team,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 now = ms_store_get_now (store);

  if (!g_str_has_prefix (ms_team_get_id (team), "team:") ||
      (!g_str_equal (ms_team_get_role (team), "owner") &&
       !g_str_equal (ms_team_get_role (team), "member")))
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("The server sent a team MsgScore does not understand."));
      return FALSE;
    }

  if (!_ms_store_begin (store, error))
    return FALSE;
  stmt = _ms_store_prepare (store,
    "INSERT INTO team (id, tenant, created_at, updated_at, name, plan, role, seats_used,"
    " seats_limit) VALUES (?1, ?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET"
    " name = excluded.name, plan = excluded.plan, role = excluded.role,"
    " seats_used = excluded.seats_used, seats_limit = excluded.seats_limit,"
    " deleted_at = NULL, updated_at = max(excluded.updated_at, team.updated_at + 1)"
    " WHERE team.name IS NOT excluded.name OR team.plan IS NOT excluded.plan"
    " OR team.role IS NOT excluded.role OR team.seats_used IS NOT excluded.seats_used"
    " OR team.seats_limit IS NOT excluded.seats_limit OR team.deleted_at IS NOT NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, ms_team_get_id (team), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, ms_team_get_name (team), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, ms_team_get_plan (team), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, ms_team_get_role (team), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, ms_team_get_seats_used (team));
  if (ms_team_get_seats_limit (team) >= 0)
    sqlite3_bind_int64 (stmt, 7, ms_team_get_seats_limit (team));
  if (!_ms_store_step_done (store, stmt, error))
    goto fail;
  _ms_store_mark_changed (store, "team");
  return _ms_store_commit (store, error);

fail:
  _ms_store_rollback (store);
  return FALSE;
}

/**
 * ms_store_forget_team:
 *
 * Forgets everything local of the team @tenant — its membership row, rules,
 * NG words, presets, members, cursor, shadows and pending mutations — as
 * when the user was removed from it (403 on the tenant). Personal data and
 * other teams stay. The caller makes sure no push is in flight: the pending
 * mutations of @tenant are dropped and the later ones take their ids.
 */
gboolean
ms_store_forget_team (MsStore     *store,
                      const char  *tenant,
                      GError     **error)
{
  static const char * const statements[] = {
    "DELETE FROM team WHERE id = ?1",
    "DELETE FROM team_stats WHERE tenant = ?1",
    "DELETE FROM sync_cursor WHERE tenant = ?1",
    "DELETE FROM outbox WHERE tenant = ?1",
    "DELETE FROM meta WHERE key = '" ACTIVE_KEY "' AND value = ?1",
  };

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!_ms_sync_state_set_applying (store, TRUE, error) ||
      !_ms_sync_state_wipe_tenant (store, tenant, error))
    return _ms_sync_state_fail (store);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = _ms_store_prepare (store, statements[i], error);

      if (stmt == NULL)
        return _ms_sync_state_fail (store);
      sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
      if (!_ms_store_step_done (store, stmt, error))
        return _ms_sync_state_fail (store);
    }
  if (!_ms_sync_state_set_applying (store, FALSE, error))
    return _ms_sync_state_fail (store);
  _ms_sync_state_mark_all_changed (store);
  _ms_store_mark_changed (store, "team");
  _ms_store_mark_changed (store, "team_stats");
  _ms_store_mark_changed (store, "outbox");
  return _ms_store_commit (store, error);
}

/**
 * ms_store_list_team_ids:
 *
 * Returns: (transfer full) (element-type utf8): the tenants of the user's teams
 */
GPtrArray *
ms_store_list_team_ids (MsStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_store_prepare (store, "SELECT id FROM team WHERE deleted_at IS NULL ORDER BY id",
                            error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * ms_store_replace_teams:
 * @teams: (element-type MsTeam): every team of the user (GET /v1/teams)
 *
 * Stores @teams; a team the user no longer belongs to is cleared.
 */
gboolean
ms_store_replace_teams (MsStore    *store,
                        GPtrArray  *teams,
                        GError    **error)
{
  g_autoptr(GPtrArray) known = ms_store_list_team_ids (store, error);

  if (known == NULL)
    return FALSE;
  for (guint i = 0; i < known->len; i++)
    {
      const char *id = g_ptr_array_index (known, i);
      gboolean kept = FALSE;

      for (guint j = 0; j < teams->len && !kept; j++)
        kept = g_str_equal (id, ms_team_get_id (g_ptr_array_index (teams, j)));
      if (!kept && !ms_store_forget_team (store, id, error))
        return FALSE;
    }
  for (guint i = 0; i < teams->len; i++)
    if (!ms_store_put_team (store, g_ptr_array_index (teams, i), error))
      return FALSE;
  return TRUE;
}

/**
 * ms_store_dup_active_team:
 *
 * Returns: (nullable): the tenant of the team whose rules @store's profile
 *   scores with, or %NULL when the user is in no team
 */
char *
ms_store_dup_active_team (MsStore *store)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  stmt = _ms_store_prepare (store,
    "SELECT id FROM team WHERE deleted_at IS NULL"
    " ORDER BY id IS NOT (SELECT value FROM meta WHERE key = '" ACTIVE_KEY "'), name, id"
    " LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

/* ------------------------------------------------------------------------ */

static gboolean
reload (MsTeamRepository  *self,
        GError           **error)
{
  sqlite3_stmt *stmt;

  stmt = _ms_store_prepare (self->store,
                            "SELECT id, name, plan, role, seats_used, seats_limit FROM team"
                            " WHERE deleted_at IS NULL ORDER BY name, id", error);
  if (stmt == NULL ||
      !_ms_store_reload_model (self->store, stmt, team_from_row, self->model, error))
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ID]);
  return TRUE;
}

static void
on_store_changed_cb (MsStore          *store,
                     const char       *table,
                     MsTeamRepository *self)
{
  reload (self, NULL);
}

static void
ms_team_repository_dispose (GObject *object)
{
  MsTeamRepository *self = (MsTeamRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ms_team_repository_parent_class)->dispose (object);
}

static void
ms_team_repository_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MsTeamRepository *self = MS_TEAM_REPOSITORY (object);

  switch (prop_id)
    {
    case PROP_ACTIVE_ID:
      g_value_take_string (value, ms_team_repository_dup_active_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_team_repository_class_init (MsTeamRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_team_repository_dispose;
  object_class->get_property = ms_team_repository_get_property;

  properties[PROP_ACTIVE_ID] =
    g_param_spec_string ("active-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_team_repository_init (MsTeamRepository *self)
{
  self->model = g_list_store_new (MS_TYPE_TEAM);
}

MsTeamRepository *
ms_team_repository_new (MsStore *store)
{
  MsTeamRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_TEAM_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::team", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "changed::meta", G_CALLBACK (on_store_changed_cb), self);
  reload (self, NULL);
  return self;
}

/**
 * ms_team_repository_get_model:
 *
 * Returns: (transfer none): the user's teams (MsTeam), by name
 */
GListModel *
ms_team_repository_get_model (MsTeamRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * ms_team_repository_dup_team:
 * @id: a team tenant ("team:<uuid>")
 *
 * Returns: (transfer full) (nullable): the team, or %NULL if the user is not in it
 */
MsTeam *
ms_team_repository_dup_team (MsTeamRepository *self,
                             const char       *id)
{
  guint n;

  g_return_val_if_fail (MS_IS_TEAM_REPOSITORY (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsTeam) team = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (g_strcmp0 (ms_team_get_id (team), id) == 0)
        return g_steal_pointer (&team);
    }
  return NULL;
}

/**
 * ms_team_repository_dup_active_id:
 *
 * Returns: (nullable): the team whose rules apply to scoring
 */
char *
ms_team_repository_dup_active_id (MsTeamRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_REPOSITORY (self), NULL);
  return ms_store_dup_active_team (self->store);
}

/**
 * ms_team_repository_set_active_id:
 * @id: (nullable): a team of the user, or %NULL for the first one
 */
gboolean
ms_team_repository_set_active_id (MsTeamRepository  *self,
                                  const char        *id,
                                  GError           **error)
{
  g_autofree char *role = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_TEAM_REPOSITORY (self), FALSE);

  if (id != NULL && (role = ms_store_dup_team_role (self->store, id)) == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("You are not a member of this team."));
      return FALSE;
    }

  if (!_ms_store_begin (self->store, error))
    return FALSE;
  if (id != NULL)
    {
      stmt = _ms_store_prepare (self->store,
                                "INSERT INTO meta (key, value) VALUES ('" ACTIVE_KEY "', ?1)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    }
  else
    stmt = _ms_store_prepare (self->store, "DELETE FROM meta WHERE key = '" ACTIVE_KEY "'",
                              error);
  if (stmt == NULL || !_ms_store_step_done (self->store, stmt, error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  _ms_store_mark_changed (self->store, "meta");
  return _ms_store_commit (self->store, error);
}

/**
 * ms_team_repository_put:
 *
 * Stores a team the server told about (created, joined, or listed).
 */
gboolean
ms_team_repository_put (MsTeamRepository  *self,
                        MsTeam            *team,
                        GError           **error)
{
  g_return_val_if_fail (MS_IS_TEAM_REPOSITORY (self), FALSE);
  g_return_val_if_fail (MS_IS_TEAM (team), FALSE);

  return ms_store_put_team (self->store, team, error);
}
