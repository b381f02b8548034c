/* ms-server-pg-share.c — MsServerStorage on PostgreSQL: share links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <libpq-fe.h>

#include "ms-server-pg-private.h"

#define LINK_COLUMNS "id, hash, tenant, created_by, history_id, title, snapshot_json," \
                     " created_at, expires_at, revoked_at, views, last_viewed_at"

static MsServerShareLink *
read_link (PGresult *res,
           int       row)
{
  MsServerShareLink *link = g_new0 (MsServerShareLink, 1);

  link->id = _ms_pg_dup (res, row, 0);
  link->hash = _ms_pg_dup (res, row, 1);
  link->tenant = _ms_pg_dup (res, row, 2);
  link->created_by = _ms_pg_dup (res, row, 3);
  link->history_id = _ms_pg_dup (res, row, 4);
  link->title = _ms_pg_dup (res, row, 5);
  link->snapshot_json = _ms_pg_dup (res, row, 6);
  link->created_at = _ms_pg_int (res, row, 7);
  link->expires_at = _ms_pg_int (res, row, 8);
  link->revoked_at = _ms_pg_int (res, row, 9);
  link->views = _ms_pg_int (res, row, 10);
  link->last_viewed_at = _ms_pg_int (res, row, 11);
  return link;
}

static gboolean
pg_add_share_link (MsServerStorage         *storage,
                   const MsServerShareLink *link,
                   GError                 **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, link->id);
  _ms_pg_arg_text (&args, link->hash);
  _ms_pg_arg_text (&args, link->tenant);
  _ms_pg_arg_text (&args, link->created_by);
  _ms_pg_arg_text (&args, link->history_id);
  _ms_pg_arg_text (&args, link->title);
  _ms_pg_arg_text (&args, link->snapshot_json);
  _ms_pg_arg_int (&args, link->created_at);
  _ms_pg_arg_int (&args, link->expires_at);
  return _ms_pg_exec (c, "INSERT INTO share_link (id, hash, tenant, created_by, history_id,"
                         " title, snapshot_json, created_at, expires_at)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                      &args, NULL, error);
}

static gboolean
pg_find_share_link (MsServerStorage    *storage,
                    const char         *hash,
                    MsServerShareLink **out,
                    GError            **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, hash);
  res = _ms_pg_query (c, "SELECT " LINK_COLUMNS " FROM share_link WHERE hash = $1", &args,
                      error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    *out = read_link (res, 0);
  return TRUE;
}

static GPtrArray *
pg_list_share_links (MsServerStorage  *storage,
                     const char       *created_by,
                     guint             limit,
                     GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };
  GPtrArray *links;

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, created_by);
  _ms_pg_arg_int (&args, limit);
  res = _ms_pg_query (c, "SELECT " LINK_COLUMNS " FROM share_link WHERE created_by = $1"
                         " ORDER BY created_at DESC, id COLLATE \"C\" DESC LIMIT $2",
                      &args, error);
  if (res == NULL)
    return NULL;
  links = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_share_link_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      MsServerShareLink *link = read_link (res, i);

      g_clear_pointer (&link->hash, g_free);
      g_clear_pointer (&link->snapshot_json, g_free);
      g_ptr_array_add (links, link);
    }
  return links;
}

static gboolean
pg_count_share_links (MsServerStorage  *storage,
                      const char       *created_by,
                      gint64            since,
                      gint64           *count,
                      GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, created_by);
  _ms_pg_arg_int (&args, since);
  res = _ms_pg_query (c, "SELECT count(*) FROM share_link"
                         " WHERE created_by = $1 AND created_at >= $2", &args, error);
  if (res == NULL)
    return FALSE;
  *count = _ms_pg_int (res, 0, 0);
  return TRUE;
}

static gboolean
pg_revoke_share_link (MsServerStorage  *storage,
                      const char       *created_by,
                      const char       *id,
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
  _ms_pg_arg_text (&args, created_by);
  _ms_pg_arg_text (&args, id);
  if (!_ms_pg_exec (c, "UPDATE share_link SET revoked_at = $1"
                       " WHERE created_by = $2 AND id = $3 AND revoked_at IS NULL",
                    &args, &n, error))
    return FALSE;
  *revoked = n > 0;
  return TRUE;
}

static gboolean
pg_view_share_link (MsServerStorage  *storage,
                    const char       *id,
                    gint64            now,
                    GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_text (&args, id);
  return _ms_pg_exec (c, "UPDATE share_link SET views = views + 1,"
                         " last_viewed_at = GREATEST (COALESCE (last_viewed_at, 0), $1::bigint)"
                         " WHERE id = $2", &args, NULL, error);
}

void
_ms_server_pg_share_init (MsServerStorageInterface *iface)
{
  iface->add_share_link = pg_add_share_link;
  iface->find_share_link = pg_find_share_link;
  iface->list_share_links = pg_list_share_links;
  iface->count_share_links = pg_count_share_links;
  iface->revoke_share_link = pg_revoke_share_link;
  iface->view_share_link = pg_view_share_link;
}
