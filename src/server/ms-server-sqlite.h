/* ms-server-sqlite.h — MsServerStorage on one SQLite file (WAL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER_SQLITE (ms_server_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (MsServerSqlite, ms_server_sqlite, MS, SERVER_SQLITE, GObject)

MsServerSqlite *ms_server_sqlite_new (const char  *path,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void            ms_server_sqlite_set_owner_thread (MsServerSqlite *self);

G_END_DECLS
