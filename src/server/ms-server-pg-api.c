/* ms-server-pg-api.c — MsServerStorage on PostgreSQL: keys of the public scoring API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <libpq-fe.h>

#include "ms-server-pg-private.h"

#define KEY_COLUMNS "id, hash, tenant, name, prefix, created_by, created_at, last_used_at," \
                    " uses, revoked_at"

static MsServerApiKey *
read_key (PGresult *res,
          int       row)
{
  MsServerApiKey *key = g_new0 (MsServerApiKey, 1);

  key->id = _ms_pg_dup (res, row, 0);
  key->hash = _ms_pg_dup (res, row, 1);
  key->tenant = _ms_pg_dup (res, row, 2);
  key->name = _ms_pg_dup (res, row, 3);
  key->prefix = _ms_pg_dup (res, row, 4);
  key->created_by = _ms_pg_dup (res, row, 5);
  key->created_at = _ms_pg_int (res, row, 6);
  key->last_used_at = _ms_pg_int (res, row, 7);
  key->uses = _ms_pg_int (res, row, 8);
  key->revoked_at = _ms_pg_int (res, row, 9);
  return key;
}

static gboolean
pg_add_api_key (MsServerStorage      *storage,
                const MsServerApiKey *key,
                GError              **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, key->id);
  _ms_pg_arg_text (&args, key->hash);
  _ms_pg_arg_text (&args, key->tenant);
  _ms_pg_arg_text (&args, key->name);
  _ms_pg_arg_text (&args, key->prefix);
  _ms_pg_arg_text (&args, key->created_by);
  _ms_pg_arg_int (&args, key->created_at);
  return _ms_pg_exec (c, "INSERT INTO api_key (id, hash, tenant, name, prefix, created_by,"
                         " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      &args, NULL, error);
}

static gboolean
pg_find_api_key (MsServerStorage  *storage,
                 const char       *hash,
                 MsServerApiKey  **out,
                 GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, hash);
  res = _ms_pg_query (c, "SELECT " KEY_COLUMNS " FROM api_key WHERE hash = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    *out = read_key (res, 0);
  return TRUE;
}

static GPtrArray *
pg_list_api_keys (MsServerStorage  *storage,
                  const char       *tenant,
                  GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };
  GPtrArray *keys;

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT " KEY_COLUMNS " FROM api_key WHERE tenant = $1"
                         " ORDER BY created_at DESC, id COLLATE \"C\" DESC", &args, error);
  if (res == NULL)
    return NULL;
  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_api_key_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      MsServerApiKey *key = read_key (res, i);

      g_clear_pointer (&key->hash, g_free);
      g_ptr_array_add (keys, key);
    }
  return keys;
}

static gboolean
pg_revoke_api_key (MsServerStorage  *storage,
                   const char       *tenant,
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
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, id);
  if (!_ms_pg_exec (c, "UPDATE api_key SET revoked_at = $1"
                       " WHERE tenant = $2 AND id = $3 AND revoked_at IS NULL",
                    &args, &n, error))
    return FALSE;
  *revoked = n > 0;
  return TRUE;
}

static gboolean
pg_use_api_key (MsServerStorage  *storage,
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
  return _ms_pg_exec (c, "UPDATE api_key SET uses = uses + 1,"
                         " last_used_at = GREATEST (COALESCE (last_used_at, 0), $1::bigint)"
                         " WHERE id = $2", &args, NULL, error);
}

static GStrv
pg_list_live_keys (MsServerStorage  *storage,
                   const char       *tenant,
                   const char       *entity,
                   guint             limit,
                   GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_int (&args, limit);
  res = _ms_pg_query (c, "SELECT key FROM sync_row WHERE tenant = $1 AND entity = $2"
                         " AND deleted_at IS NULL AND key IS NOT NULL"
                         " ORDER BY key COLLATE \"C\" LIMIT $3", &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_strv_builder_add (keys, PQgetvalue (res, i, 0));
  return g_strv_builder_end (keys);
}

void
_ms_server_pg_api_init (MsServerStorageInterface *iface)
{
  iface->add_api_key = pg_add_api_key;
  iface->find_api_key = pg_find_api_key;
  iface->list_api_keys = pg_list_api_keys;
  iface->revoke_api_key = pg_revoke_api_key;
  iface->use_api_key = pg_use_api_key;
  iface->list_live_keys = pg_list_live_keys;
}
