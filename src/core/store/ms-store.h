/* ms-store.h — the local SQLite store of one profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-entitlements.h"

G_BEGIN_DECLS

#define MS_STORE_ERROR (ms_store_error_quark ())

typedef enum
{
  MS_STORE_ERROR_FAILED,         /* an SQLite error we have no better word for */
  MS_STORE_ERROR_OPEN,           /* the database file cannot be opened or created */
  MS_STORE_ERROR_BUSY,           /* another process holds the write lock */
  MS_STORE_ERROR_CORRUPT,        /* not a database, or damaged */
  MS_STORE_ERROR_FULL,           /* the disk is full */
  MS_STORE_ERROR_READ_ONLY,      /* the file or folder is read-only */
  MS_STORE_ERROR_TOO_NEW,        /* written by a newer MsgScore */
  MS_STORE_ERROR_CONSTRAINT,     /* a row broke a rule of the schema */
  MS_STORE_ERROR_NOT_FOUND,      /* no such row */
  MS_STORE_ERROR_INVALID,        /* the caller passed something unusable */
  MS_STORE_ERROR_LIMIT_REACHED,  /* the plan's limit is reached: upgrade */
  MS_STORE_ERROR_LOCKED,         /* the row is beyond what the plan shows: upgrade */
  MS_STORE_ERROR_FORBIDDEN,      /* the user's role in the team does not allow it */
  MS_STORE_ERROR_UPGRADE_NEEDED, /* the plan does not include the feature: upgrade */
} MsStoreError;

/* The personal space of this device until the sync issue signs in. */
#define MS_STORE_LOCAL_TENANT "local"

#define MS_TYPE_STORE (ms_store_get_type ())

G_DECLARE_FINAL_TYPE (MsStore, ms_store, MS, STORE, GObject)

typedef gboolean (*MsStoreTransactionFunc) (MsStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

GQuark          ms_store_error_quark        (void);
char           *ms_store_get_default_dir    (void) G_GNUC_WARN_UNUSED_RESULT;
MsStore        *ms_store_open               (const char              *dir,
                                             GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
const char     *ms_store_get_path           (MsStore                 *self);
const char     *ms_store_get_client_id      (MsStore                 *self);
const char     *ms_store_get_tenant         (MsStore                 *self);
void            ms_store_set_tenant         (MsStore                 *self,
                                             const char              *tenant);
MsEntitlements *ms_store_get_entitlements   (MsStore                 *self);
void            ms_store_set_entitlements   (MsStore                 *self,
                                             MsEntitlements          *entitlements);
gint64          ms_store_get_now            (MsStore                 *self);
void            ms_store_set_now_for_testing (MsStore                *self,
                                              gint64                  now_usec);
gboolean        ms_store_transaction        (MsStore                 *self,
                                             MsStoreTransactionFunc   func,
                                             gpointer                 user_data,
                                             GError                 **error);
guint           ms_store_get_outbox_length  (MsStore                 *self);
guint           ms_store_get_schema_version (void);

G_END_DECLS
