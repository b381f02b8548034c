/* ms-sync-state-private.h — shared by ms-sync-state.c and ms-sync-pull.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-sync-state.h"

G_BEGIN_DECLS

gboolean  _ms_sync_state_exec             (MsStore      *store,
                                           const char   *sql,
                                           GError      **error);
gboolean  _ms_sync_state_set_applying     (MsStore      *store,
                                           gboolean      applying,
                                           GError      **error);
gboolean  _ms_sync_state_fail             (MsStore      *store);
void      _ms_sync_state_mark_all_changed (MsStore      *store);
gboolean  _ms_sync_state_drop_shadow      (MsStore      *store,
                                           const char   *entity,
                                           const char   *id,
                                           GError      **error);
gboolean  _ms_sync_state_rewind_rows      (MsStore      *store,
                                           GHashTable   *rewind,
                                           GError      **error);
gboolean  _ms_sync_state_reapply_pending  (MsStore      *store,
                                           GError      **error);
gboolean  _ms_sync_state_acknowledge      (MsStore      *store,
                                           gint64        last_id,
                                           GHashTable   *outcomes,
                                           GHashTable   *rewind,
                                           GPtrArray    *rejections,
                                           GError      **error);
gboolean  _ms_sync_state_wipe_tenant      (MsStore      *store,
                                           const char   *tenant,
                                           GError      **error);
gboolean  _ms_sync_state_upsert_row       (MsStore      *store,
                                           const char   *entity,
                                           const char   *tenant,
                                           JsonObject   *row,
                                           gboolean      guard,
                                           GError      **error);

G_END_DECLS
