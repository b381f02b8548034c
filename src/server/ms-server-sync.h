/* ms-server-sync.h — push and pull of named mutations (DESIGN.md §7, README-sync.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/ms-entitlements.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_SYNC_PROTOCOL 1
#define MS_SERVER_SYNC_MAX_MUTATIONS 1000
#define MS_SERVER_SYNC_MAX_PULL 1000
#define MS_SERVER_SYNC_DEFAULT_PULL 500

JsonObject *ms_server_sync_push (MsServerStorage     *storage,
                                 const MsServerUser  *user,
                                 JsonObject          *request,
                                 gint64               now,
                                 gint64              *expected_id,
                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_server_sync_pull (MsServerStorage     *storage,
                                 const MsServerUser  *user,
                                 JsonObject          *request,
                                 gint64               now,
                                 GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_sync_apply_as_server (MsServerStorage  *storage,
                                            const char       *tenant,
                                            const char       *name,
                                            JsonObject       *args,
                                            gint64            now,
                                            GError          **error);
MsEntitlements *ms_server_sync_dup_entitlements (const char *plan) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_sync_check_protocol (JsonObject *request,
                                           GError    **error);

G_END_DECLS
