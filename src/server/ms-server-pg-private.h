/* ms-server-pg-private.h — what the parts of the PostgreSQL backend share
 *
 * MsServerPg is safe to use from several threads: each thread gets its own
 * connection (MsPgConn), made the first time it asks, and a transaction is
 * that thread's connection's. Its MsServerStorage methods are in
 * ms-server-pg-accounts.c, ms-server-pg-sync.c, ms-server-pg-teams.c and
 * ms-server-pg-plans.c (and of MsServerCsmStorage in ms-server-pg-csm.c),
 * sharing the helpers of ms-server-pg.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "ms-server-csm-storage.h"
#include "ms-server-pg.h"

G_BEGIN_DECLS

typedef struct
{
  PGconn     *conn;
  GHashTable *prepared;        /* SQL text → statement name */
  gboolean    in_transaction;
  gboolean    write;
  GHashTable *locked;          /* tenants whose row this write transaction holds */
  /* What a write transaction already knows (a push batch asks for each
   * mutation): the (user, client) row it holds FOR UPDATE, written back
   * once before COMMIT, and the roles read under a tenant's lock. */
  char       *last_user;
  char       *last_client;
  gint64      last_id;
  gboolean    last_dirty;
  GHashTable *roles;           /* "tenant\nuser" → role ("" for none) */
} MsPgConn;

struct _MsServerPg
{
  GObject     parent_instance;

  char       *conninfo;
  GMutex      lock;
  GHashTable *conns;           /* GThread → MsPgConn, under lock */
};

#define MS_PG_MAX_ARGS 12

/* Bound values, all sent as text: every value of every query is one. */
typedef struct
{
  const char *values[MS_PG_MAX_ARGS];
  char        buf[MS_PG_MAX_ARGS][24];
  int         n;
} MsPgArgs;

void      _ms_pg_arg_text   (MsPgArgs    *args,
                             const char  *text);
void      _ms_pg_arg_int    (MsPgArgs    *args,
                             gint64       value);
void      _ms_pg_arg_bool   (MsPgArgs    *args,
                             gboolean     value);
/* 0 is sent as NULL */
void      _ms_pg_arg_time   (MsPgArgs    *args,
                             gint64       value);

MsPgConn *_ms_pg_get_conn   (MsServerPg  *self,
                             GError     **error);
/* Runs @sql (prepared once per connection) with @args; NULL with @error set
 * unless it returned rows or completed. */
PGresult *_ms_pg_query      (MsPgConn    *c,
                             const char  *sql,
                             MsPgArgs    *args,
                             GError     **error);
gboolean  _ms_pg_exec       (MsPgConn    *c,
                             const char  *sql,
                             MsPgArgs    *args,
                             guint64     *n_changed,
                             GError     **error);
/* In a write transaction, takes @tenant's row lock once (FOR UPDATE): every
 * check made after it sees what the writers before committed. */
gboolean  _ms_pg_lock_tenant (MsPgConn   *c,
                              const char *tenant,
                              GError    **error);
gboolean  _ms_pg_begin      (MsPgConn    *c,
                             gboolean     write,
                             GError     **error);
gboolean  _ms_pg_commit     (MsPgConn    *c,
                             GError     **error);
void      _ms_pg_rollback   (MsPgConn    *c);

char     *_ms_pg_dup        (PGresult    *res,
                             int          row,
                             int          column);
gint64    _ms_pg_int        (PGresult    *res,
                             int          row,
                             int          column);

/* Each part registers its methods of MsServerStorage */
void      _ms_server_pg_accounts_init (MsServerStorageInterface *iface);
void      _ms_server_pg_sync_init     (MsServerStorageInterface *iface);
void      _ms_server_pg_teams_init    (MsServerStorageInterface *iface);
void      _ms_server_pg_plans_init    (MsServerStorageInterface *iface);
void      _ms_server_pg_api_init      (MsServerStorageInterface *iface);
void      _ms_server_pg_share_init    (MsServerStorageInterface *iface);
void      _ms_server_pg_csm_init      (MsServerCsmStorageInterface *iface);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* In a method of MsServerStorage: this thread's connection, or NULL with error set */
#define GET_CONN() _ms_pg_get_conn (MS_SERVER_PG (storage), error)

G_END_DECLS
