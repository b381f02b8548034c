/* ms-server-backends.c — the one place that chooses a storage backend
 *
 * --db postgresql://… (or postgres://…, or a libpq "host=… dbname=…"
 * string): PostgreSQL, shared by any number of server processes;
 * anything else is the path of a SQLite file (the default backend).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-backends.h"
#include "ms-server-pg.h"
#include "ms-server-sqlite.h"

/**
 * ms_server_storage_open:
 * @db: a SQLite file, or a PostgreSQL connection URI
 *
 * Returns: (transfer full): the storage, its schema up to date
 */
MsServerStorage *
ms_server_storage_open (const char  *db,
                        GError     **error)
{
  if (db == NULL || *db == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Name the database with --db FILE or --db postgresql://…"));
      return NULL;
    }
  if (ms_server_pg_is_conninfo (db))
    return MS_SERVER_STORAGE (ms_server_pg_new (db, error));
  return MS_SERVER_STORAGE (ms_server_sqlite_new (db, error));
}
