/* ms-server-sqlite-private.h — what the parts of the SQLite backend share
 *
 * MsServerSqlite is one connection; its MsServerStorage methods are in
 * ms-server-sqlite-accounts.c, ms-server-sqlite-sync.c,
 * ms-server-sqlite-teams.c and ms-server-sqlite-plans.c, sharing the helpers of ms-server-sqlite.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "ms-server-csm-storage.h"
#include "ms-server-sqlite.h"

G_BEGIN_DECLS

struct _MsServerSqlite
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  gboolean    in_transaction;
  GThread    *owner;
};

/* ms-server-sqlite.c: the connection's helpers */
gboolean      _ms_sql_set_db_error (MsServerSqlite  *self,
                                    int              rc,
                                    GError         **error);
sqlite3_stmt *_ms_sql_prepare      (MsServerSqlite  *self,
                                    const char      *sql,
                                    GError         **error);
gboolean      _ms_sql_step_done    (MsServerSqlite  *self,
                                    sqlite3_stmt    *stmt,
                                    GError         **error);
gboolean      _ms_sql_exec         (MsServerSqlite  *self,
                                    const char      *sql,
                                    GError         **error);
char         *_ms_sql_dup_text     (sqlite3_stmt    *stmt,
                                    int              column);
void          _ms_sql_bind_text    (sqlite3_stmt    *stmt,
                                    int              index,
                                    const char      *text);
char         *_ms_sql_new_epoch    (void);
gboolean      _ms_sql_begin        (MsServerSqlite  *self,
                                    gboolean         write,
                                    GError         **error);
gboolean      _ms_sql_commit       (MsServerSqlite  *self,
                                    GError         **error);
void          _ms_sql_rollback     (MsServerSqlite  *self);

/* Each part registers its methods of MsServerStorage */
void          _ms_server_sqlite_accounts_init (MsServerStorageInterface *iface);
void          _ms_server_sqlite_sync_init     (MsServerStorageInterface *iface);
void          _ms_server_sqlite_teams_init    (MsServerStorageInterface *iface);
void          _ms_server_sqlite_csm_init      (MsServerCsmStorageInterface *iface);
void          _ms_server_sqlite_plans_init    (MsServerStorageInterface *iface);
void          _ms_server_sqlite_api_init      (MsServerStorageInterface *iface);
void          _ms_server_sqlite_share_init    (MsServerStorageInterface *iface);

G_END_DECLS
