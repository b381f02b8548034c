/* ms-sync-rows-private.h — synced rows as JSON, and synced changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ms-store.h"

G_BEGIN_DECLS

GPtrArray  *_ms_sync_rows_get_columns   (MsStore       *store,
                                         const char    *table);
void        _ms_sync_rows_bind_json     (sqlite3_stmt  *stmt,
                                         int            index,
                                         JsonNode      *node);
JsonObject *_ms_sync_rows_from_stmt     (sqlite3_stmt  *stmt) G_GNUC_WARN_UNUSED_RESULT;

gint64      _ms_sync_rows_count_live    (MsStore       *store,
                                         const char    *entity,
                                         const char    *tenant,
                                         const char    *id,
                                         gboolean      *has_id,
                                         GError       **error);

MsEntitlements *_ms_store_dup_tenant_entitlements (MsStore    *store,
                                                  const char *tenant) G_GNUC_WARN_UNUSED_RESULT;
gboolean    _ms_store_check_feature     (MsStore       *store,
                                         const char    *tenant,
                                         const char    *name,
                                         JsonObject    *args,
                                         GError       **error);
JsonObject *_ms_store_validate_mutation (MsStore       *store,
                                         const char    *name,
                                         JsonObject    *args,
                                         GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    _ms_store_write_mutation    (MsStore       *store,
                                         const char    *tenant,
                                         const char    *name,
                                         JsonObject    *args,
                                         const char    *conflict,
                                         GError       **error);
gboolean    _ms_store_apply_mutation    (MsStore       *store,
                                         const char    *tenant,
                                         const char    *name,
                                         JsonObject    *args,
                                         gint64         created_at,
                                         GError       **error);

G_END_DECLS
