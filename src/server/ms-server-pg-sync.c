/* ms-server-pg-sync.c — synced rows, mutation ids, tenant versions
 *
 * The MsServerStorage methods of sync (sync_client, sync_row, tenant) and
 * the staff commands that act on them, on PostgreSQL (ms-server-pg.c says
 * how versions stay in commit order across processes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-server-json.h"
#include "ms-server-pg-private.h"

/* ------------------------------------------------------------------------ */
/* Sync                                                                      */

static gboolean
pg_get_last_mutation_id (MsServerStorage  *storage,
                         const char       *user_id,
                         const char       *client_id,
                         gint64           *id,
                         GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  *id = 0;
  _ms_pg_arg_text (&args, user_id);
  _ms_pg_arg_text (&args, client_id);
  if (c->write && g_strcmp0 (c->last_user, user_id) == 0 &&
      g_strcmp0 (c->last_client, client_id) == 0)
    {
      *id = c->last_id;
      return TRUE;
    }
  if (c->write)
    {
      /* The row exists and is ours until commit: a second push of the same
       * batch, through any process, waits here and then sees our id. */
      if (!_ms_pg_exec (c, "INSERT INTO sync_client (user_id, client_id, last_mutation_id)"
                           " VALUES ($1, $2, 0) ON CONFLICT (user_id, client_id) DO NOTHING",
                        &args, NULL, error))
        return FALSE;
      res = _ms_pg_query (c, "SELECT last_mutation_id FROM sync_client"
                             " WHERE user_id = $1 AND client_id = $2 FOR UPDATE", &args, error);
    }
  else
    res = _ms_pg_query (c, "SELECT last_mutation_id FROM sync_client"
                           " WHERE user_id = $1 AND client_id = $2", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *id = _ms_pg_int (res, 0, 0);
  if (c->write)
    {
      g_free (c->last_user);
      g_free (c->last_client);
      c->last_user = g_strdup (user_id);
      c->last_client = g_strdup (client_id);
      c->last_id = *id;
      c->last_dirty = FALSE;
    }
  return TRUE;
}

static gboolean
pg_set_last_mutation_id (MsServerStorage  *storage,
                         const char       *user_id,
                         const char       *client_id,
                         gint64            id,
                         GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  /* The row this transaction holds: written once, before COMMIT */
  if (c->write && g_strcmp0 (c->last_user, user_id) == 0 &&
      g_strcmp0 (c->last_client, client_id) == 0)
    {
      c->last_id = id;
      c->last_dirty = TRUE;
      return TRUE;
    }
  _ms_pg_arg_text (&args, user_id);
  _ms_pg_arg_text (&args, client_id);
  _ms_pg_arg_int (&args, id);
  return _ms_pg_exec (c, "INSERT INTO sync_client (user_id, client_id, last_mutation_id)"
                         " VALUES ($1, $2, $3) ON CONFLICT (user_id, client_id)"
                         " DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
                      &args, NULL, error);
}

#define ROW_COLUMNS "entity, id, version, created_at, updated_at, deleted_at, row_json"

static MsServerRow *
read_row (PGresult *res,
          int       i)
{
  MsServerRow *row = g_new0 (MsServerRow, 1);

  row->entity = _ms_pg_dup (res, i, 0);
  row->id = _ms_pg_dup (res, i, 1);
  row->version = _ms_pg_int (res, i, 2);
  row->created_at = _ms_pg_int (res, i, 3);
  row->updated_at = _ms_pg_int (res, i, 4);
  row->deleted_at = _ms_pg_int (res, i, 5);
  row->row_json = _ms_pg_dup (res, i, 6);
  return row;
}

static gboolean
pg_get_row (MsServerStorage  *storage,
            const char       *tenant,
            const char       *entity,
            const char       *id,
            MsServerRow     **out,
            GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  *out = NULL;
  if (!_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_text (&args, id);
  res = _ms_pg_query (c, "SELECT " ROW_COLUMNS " FROM sync_row"
                         " WHERE tenant = $1 AND entity = $2 AND id = $3", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *out = read_row (res, 0);
  return TRUE;
}

static gboolean
pg_find_row_by_key (MsServerStorage  *storage,
                    const char       *tenant,
                    const char       *entity,
                    const char       *key,
                    gboolean          live_only,
                    char            **id,
                    GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  *id = NULL;
  if (!_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_text (&args, key);
  _ms_pg_arg_bool (&args, live_only);
  res = _ms_pg_query (c, "SELECT id FROM sync_row WHERE tenant = $1 AND entity = $2"
                         " AND key = $3 AND (NOT $4::boolean OR deleted_at IS NULL) LIMIT 1",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *id = _ms_pg_dup (res, 0, 0);
  return TRUE;
}

static gboolean
pg_count_rows (MsServerStorage  *storage,
               const char       *tenant,
               const char       *entity,
               gint64            created_from,
               gint64            created_to,
               gboolean          live_only,
               const char       *exclude_id,
               gint64           *count,
               GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  if (!_ms_pg_lock_tenant (c, tenant, error))
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_int (&args, created_from);
  _ms_pg_arg_int (&args, created_to);
  _ms_pg_arg_bool (&args, live_only);
  _ms_pg_arg_text (&args, exclude_id);
  res = _ms_pg_query (c, "SELECT count(*) FROM sync_row WHERE tenant = $1 AND entity = $2"
                         " AND created_at >= $3 AND created_at < $4"
                         " AND (NOT $5::boolean OR deleted_at IS NULL)"
                         " AND ($6::text IS NULL OR id <> $6)", &args, error);
  if (res == NULL)
    return FALSE;
  *count = _ms_pg_int (res, 0, 0);
  return TRUE;
}

/* The scoring_fact of a score_history row: its time, total and goal, or
 * none once it is deleted. */
static gboolean
put_scoring_fact (MsPgConn           *c,
                  const char         *tenant,
                  const MsServerRow  *row,
                  GError            **error)
{
  g_autofree char *goal = NULL;
  MsPgArgs args = { 0 };
  int total = 0;

  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, row->id);
  if (!ms_server_row_get_scoring_fact (row, &total, &goal))
    return _ms_pg_exec (c, "DELETE FROM scoring_fact WHERE tenant = $1 AND id = $2", &args,
                        NULL, error);
  _ms_pg_arg_int (&args, row->created_at);
  _ms_pg_arg_int (&args, total);
  _ms_pg_arg_text (&args, goal);
  return _ms_pg_exec (c, "INSERT INTO scoring_fact (tenant, id, created_at, total, goal)"
                         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, id) DO UPDATE SET"
                         " created_at = excluded.created_at, total = excluded.total,"
                         " goal = excluded.goal", &args, NULL, error);
}

static gboolean
pg_put_row (MsServerStorage    *storage,
            const char         *tenant,
            const MsServerRow  *row,
            const char         *key,
            gint64             *version,
            GError            **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs a1 = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);

  /* One statement: the tenant's next version (its row stays locked until
   * commit, so its versions commit in order) and the row. */
  _ms_pg_arg_text (&a1, tenant);
  _ms_pg_arg_text (&a1, row->entity);
  _ms_pg_arg_text (&a1, row->id);
  _ms_pg_arg_int (&a1, row->created_at);
  _ms_pg_arg_int (&a1, row->updated_at);
  _ms_pg_arg_time (&a1, row->deleted_at);
  _ms_pg_arg_text (&a1, key);
  _ms_pg_arg_text (&a1, row->row_json);
  res = _ms_pg_query (c, "WITH v AS (UPDATE tenant SET version = version + 1 WHERE id = $1"
                         " RETURNING version)"
                         " INSERT INTO sync_row (tenant, entity, id, version, created_at,"
                         " updated_at, deleted_at, key, row_json)"
                         " SELECT $1, $2, $3, v.version, $4, $5, $6, $7, $8 FROM v"
                         " ON CONFLICT (tenant, entity, id) DO UPDATE SET"
                         " version = excluded.version, updated_at = excluded.updated_at,"
                         " deleted_at = excluded.deleted_at, key = excluded.key,"
                         " row_json = excluded.row_json RETURNING version", &a1, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no tenant %s", tenant);
      return FALSE;
    }
  *version = _ms_pg_int (res, 0, 0);
  return g_strcmp0 (row->entity, "score_history") != 0 ||
         put_scoring_fact (c, tenant, row, error);
}

static gboolean
pg_get_tenant_state (MsServerStorage      *storage,
                     const char           *tenant,
                     MsServerTenantState  *state,
                     GError              **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  memset (state, 0, sizeof *state);
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT (SELECT value FROM meta WHERE key = 'epoch'), version,"
                         " purged_version FROM tenant WHERE id = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no tenant %s", tenant);
      return FALSE;
    }
  state->epoch = _ms_pg_dup (res, 0, 0);
  state->version = _ms_pg_int (res, 0, 1);
  state->purged_version = _ms_pg_int (res, 0, 2);
  return TRUE;
}

static GPtrArray *
pg_list_changes (MsServerStorage  *storage,
                 const char       *tenant,
                 gint64            after_version,
                 gboolean          live_only,
                 guint             limit,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, after_version);
  _ms_pg_arg_bool (&args, live_only);
  _ms_pg_arg_int (&args, limit);
  res = _ms_pg_query (c, "SELECT " ROW_COLUMNS " FROM sync_row WHERE tenant = $1"
                         " AND version > $2 AND (NOT $3::boolean OR deleted_at IS NULL)"
                         " ORDER BY version LIMIT $4", &args, error);
  if (res == NULL)
    return NULL;
  rows = g_ptr_array_new_full ((guint) PQntuples (res), (GDestroyNotify) ms_server_row_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (rows, read_row (res, i));
  return g_steal_pointer (&rows);
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

/* Any number: the advisory lock one purge holds. */
#define PURGE_LOCK "7305194"

static gboolean
pg_rotate_epoch (MsServerStorage  *storage,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  GString *s = g_string_new (NULL);
  g_autofree char *epoch = NULL;

  for (guint i = 0; i < 12; i++)
    g_string_append_printf (s, "%02x", (guint) g_random_int_range (0, 256));
  epoch = g_string_free (s, FALSE);
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, epoch);
  return _ms_pg_exec (c, "UPDATE meta SET value = $1 WHERE key = 'epoch'", &args, NULL, error);
}

static gboolean
pg_purge_tombstones (MsServerStorage  *storage,
                     gint64            deleted_before,
                     guint            *n_purged,
                     GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL)
    return FALSE;
  /* A tombstone's age is its updated_at: server time of the delete. Each
   * tenant's row is locked by the UPDATE before its rows go. */
  if (!_ms_pg_begin (c, TRUE, error))
    return FALSE;
  /* Several processes purge on their timers: one at a time does the work,
   * the others find the lock taken and skip. */
  {
    g_autoptr(PGresult) res = _ms_pg_query (c, "SELECT pg_try_advisory_xact_lock(" PURGE_LOCK ")",
                                            NULL, error);

    if (res == NULL)
      {
        _ms_pg_rollback (c);
        return FALSE;
      }
    if (!g_str_equal (PQgetvalue (res, 0, 0), "t"))
      {
        _ms_pg_rollback (c);
        if (n_purged != NULL)
          *n_purged = 0;
        return TRUE;
      }
  }
  _ms_pg_arg_int (&args, deleted_before);
  if (!_ms_pg_exec (c, "UPDATE tenant SET purged_version = greatest(purged_version,"
                       " (SELECT max(version) FROM sync_row r WHERE r.tenant = tenant.id"
                       "  AND r.deleted_at IS NOT NULL AND r.updated_at < $1))"
                       " WHERE EXISTS (SELECT 1 FROM sync_row r WHERE r.tenant = tenant.id"
                       "  AND r.deleted_at IS NOT NULL AND r.updated_at < $1)", &args, NULL,
                    error) ||
      !_ms_pg_exec (c, "DELETE FROM sync_row WHERE deleted_at IS NOT NULL"
                       " AND updated_at < $1", &args, &n, error))
    {
      _ms_pg_rollback (c);
      return FALSE;
    }
  if (n_purged != NULL)
    *n_purged = (guint) n;
  return _ms_pg_commit (c, error);
}

/* ------------------------------------------------------------------------ */

void
_ms_server_pg_sync_init (MsServerStorageInterface *iface)
{
  iface->get_last_mutation_id = pg_get_last_mutation_id;
  iface->set_last_mutation_id = pg_set_last_mutation_id;
  iface->get_row = pg_get_row;
  iface->find_row_by_key = pg_find_row_by_key;
  iface->count_rows = pg_count_rows;
  iface->put_row = pg_put_row;
  iface->get_tenant_state = pg_get_tenant_state;
  iface->list_changes = pg_list_changes;
  iface->rotate_epoch = pg_rotate_epoch;
  iface->purge_tombstones = pg_purge_tombstones;
}
