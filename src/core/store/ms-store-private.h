/* ms-store-private.h — what the repositories use of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ms-store.h"

G_BEGIN_DECLS

sqlite3      *_ms_store_get_db           (MsStore      *self);
sqlite3_stmt *_ms_store_prepare          (MsStore      *self,
                                          const char   *sql,
                                          GError      **error);
gboolean      _ms_store_step_done        (MsStore      *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
/* Makes a list item from the current row of a SELECT, or NULL to skip it. */
typedef gpointer (*MsStoreRowFunc) (sqlite3_stmt *stmt);

gboolean      _ms_store_reload_model     (MsStore      *self,
                                          sqlite3_stmt *stmt,
                                          MsStoreRowFunc make_item,
                                          GListStore   *model,
                                          GError      **error);
gboolean      _ms_store_begin            (MsStore      *self,
                                          GError      **error);
gboolean      _ms_store_commit           (MsStore      *self,
                                          GError      **error);
void          _ms_store_rollback         (MsStore      *self);
gboolean      _ms_store_add_outbox       (MsStore      *self,
                                          const char   *name,
                                          JsonNode     *args,
                                          GError      **error);
gboolean      _ms_store_add_outbox_for_tenant (MsStore *self,
                                          const char   *tenant,
                                          const char   *name,
                                          JsonNode     *args,
                                          GError      **error);
void          _ms_store_mark_changed     (MsStore      *self,
                                          const char   *table);
void          _ms_store_set_db_error     (MsStore      *self,
                                          int           rc,
                                          GError      **error);
void          _ms_set_sqlite_error       (sqlite3      *db,
                                          int           rc,
                                          GError      **error);
char         *_ms_store_new_id           (void) G_GNUC_WARN_UNUSED_RESULT;
/* A JSON text of a synced row (it may come from a pull, a hostile server's
 * too): bounded like the answer it came in before it is parsed. NULL (with
 * @error) when it is too deep, too large or not JSON. */
JsonNode     *_ms_store_parse_row_json   (const char   *json,
                                          GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      _ms_store_install_shadows  (MsStore      *self,
                                          const char   *entity,
                                          GError      **error);

/* Work for the store's worker thread (ms-store-worker.c): runs on the
 * worker's own connection, with the task's data; FALSE with @error set
 * makes the task return the error. */
typedef gboolean (*MsStoreJobFunc) (MsStore   *worker_store,
                                    gpointer   task_data,
                                    GError   **error);

void          _ms_store_run_in_worker    (MsStore       *self,
                                          GTask         *task,
                                          MsStoreJobFunc func);
gboolean      _ms_store_is_worker_change (MsStore       *self);

/* For ms-store-worker.c */
typedef struct _MsStoreWorker MsStoreWorker;

MsStoreWorker *_ms_store_worker_new      (const char    *path);
void          _ms_store_worker_free      (MsStoreWorker *worker);
void          _ms_store_worker_push      (MsStoreWorker *worker,
                                          MsStore       *store,
                                          GTask         *task,
                                          MsStoreJobFunc func);
MsStore      *_ms_store_open_path        (const char    *path,
                                          gboolean       main_connection,
                                          GError       **error);
void          _ms_store_emit_worker_change (MsStore     *self,
                                          const char    *table);
gint64        _ms_store_get_now_for_testing (MsStore    *self);

/* ms-migrations.c */
const char * const *_ms_migrations_get   (guint        *n_migrations);
gboolean      _ms_migrations_apply       (sqlite3      *db,
                                          guint         target_version,
                                          GError      **error);

G_END_DECLS
