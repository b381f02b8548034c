/* ms-server-pg-plans.c — MsServerStorage on PostgreSQL: what plans ask of the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <libpq-fe.h>

#include "ms-server-pg-private.h"

/* Ids compare bytewise (COLLATE "C"), as SQLite's and strcmp() do. */
static gboolean
pg_get_nth_newest_row (MsServerStorage  *storage,
                       const char       *tenant,
                       const char       *entity,
                       gint64            n,
                       gboolean         *found,
                       gint64           *created_at,
                       char            **id,
                       GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *found = FALSE;
  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_int (&args, n - 1);
  res = _ms_pg_query (c, "SELECT created_at, id FROM sync_row"
                         " WHERE tenant = $1 AND entity = $2 AND deleted_at IS NULL"
                         " ORDER BY created_at DESC, id COLLATE \"C\" DESC LIMIT 1 OFFSET $3",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      *found = TRUE;
      *created_at = _ms_pg_int (res, 0, 0);
      *id = _ms_pg_dup (res, 0, 1);
    }
  return TRUE;
}

void
_ms_server_pg_plans_init (MsServerStorageInterface *iface)
{
  iface->get_nth_newest_row = pg_get_nth_newest_row;
}
