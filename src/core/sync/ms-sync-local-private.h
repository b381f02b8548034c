/* ms-sync-local-private.h — the sync client's side of the local database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store/ms-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  mutation_id;
  char   *name;
  char   *tenant;
  char   *args_json;
  char   *code;
  char   *message;
} MsSyncRejection;

void        _ms_sync_rejection_free        (MsSyncRejection *rejection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSyncRejection, _ms_sync_rejection_free)

JsonNode   *_ms_sync_local_build_push      (MsStore      *store,
                                            guint         limit,
                                            GHashTable   *stopped_tenants,
                                            guint        *n_mutations,
                                            GError      **error);
gboolean    _ms_sync_local_apply_push      (MsStore      *store,
                                            JsonObject   *response,
                                            GPtrArray    *rejections,
                                            GError      **error);
gboolean    _ms_sync_local_handle_gap      (MsStore      *store,
                                            gint64        expected_id,
                                            GError      **error);
JsonNode   *_ms_sync_local_build_pull      (MsStore      *store,
                                            const char   *tenant,
                                            guint         limit,
                                            GError      **error);
gboolean    _ms_sync_local_apply_pull      (MsStore      *store,
                                            const char   *tenant,
                                            JsonObject   *response,
                                            GError      **error);
gboolean    _ms_sync_local_reset           (MsStore      *store,
                                            const char   *tenant,
                                            GError      **error);
gboolean    _ms_sync_local_rehome          (MsStore      *store,
                                            const char   *from_tenant,
                                            const char   *to_tenant,
                                            GError      **error);
char       *_ms_sync_local_get_meta        (MsStore      *store,
                                            const char   *key);
gboolean    _ms_sync_local_set_meta        (MsStore      *store,
                                            const char   *key,
                                            const char   *value,
                                            GError      **error);
gint64      _ms_sync_local_get_cursor_version (MsStore   *store,
                                            const char   *tenant);

G_END_DECLS
