/* ms-sync-local.h — the protocol's side of the local store: push and pull bodies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store/ms-store.h"
#include "store/ms-sync-state.h"

G_BEGIN_DECLS

JsonNode   *ms_sync_local_build_push         (MsStore      *store,
                                              guint         limit,
                                              GHashTable   *stopped_tenants,
                                              guint        *n_mutations,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_sync_local_build_push_text    (MsStore      *store,
                                              guint         limit,
                                              GHashTable   *stopped_tenants,
                                              gboolean      one_tenant,
                                              guint        *n_mutations,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_sync_local_apply_push         (MsStore      *store,
                                              JsonObject   *response,
                                              GPtrArray    *rejections,
                                              GError      **error);
JsonNode   *ms_sync_local_build_pull         (MsStore      *store,
                                              const char   *tenant,
                                              guint         limit,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_sync_local_apply_pull         (MsStore      *store,
                                              const char   *tenant,
                                              JsonObject   *response,
                                              GError      **error);
gint64      ms_sync_local_get_cursor_version (MsStore      *store,
                                              const char   *tenant);

G_END_DECLS
