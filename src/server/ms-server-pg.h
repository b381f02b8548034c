/* ms-server-pg.h — MsServerStorage on PostgreSQL (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER_PG (ms_server_pg_get_type ())

G_DECLARE_FINAL_TYPE (MsServerPg, ms_server_pg, MS, SERVER_PG, GObject)

MsServerPg *ms_server_pg_new              (const char  *conninfo,
                                           GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_pg_is_conninfo      (const char  *db);
guint       ms_server_pg_get_schema_version (void);

G_END_DECLS
