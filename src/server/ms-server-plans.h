/* ms-server-plans.h — the plan in force for a person and what it lets them see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/ms-entitlements.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

/* Which saved scorings of a personal tenant the plan serves (history_visible_*). */
typedef struct
{
  gint64  count;          /* MS_LIMIT_UNLIMITED or the newest N */
  gint64  since;          /* 0, or the first created_at served */
  char    key[48];        /* names count and days in a cursor: "" when unlimited */

  /* ms_server_plans_window_load(): the Nth newest row, where count cuts */
  gboolean has_cutoff;
  gint64   cutoff_created_at;
  char    *cutoff_id;
} MsServerHistoryWindow;

MsEntitlements *ms_server_plans_dup_user_entitlements (MsServerStorage        *storage,
                                                       const MsServerUser     *user,
                                                       gint64                  now,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;
MsEntitlements *ms_server_plans_dup_entitlements_for  (MsServerStorage        *storage,
                                                       const MsServerUser     *user,
                                                       JsonArray              *tenants,
                                                       gint64                  now,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;
void            ms_server_plans_window_init           (MsServerHistoryWindow  *window,
                                                       MsEntitlements         *entitlements,
                                                       gint64                  now);
void            ms_server_plans_window_clear          (MsServerHistoryWindow  *window);
gboolean        ms_server_plans_window_load           (MsServerHistoryWindow  *window,
                                                       MsServerStorage        *storage,
                                                       const char             *tenant,
                                                       GError                **error);
gboolean        ms_server_plans_window_hides          (const MsServerHistoryWindow *window,
                                                       const MsServerRow      *row);
gboolean        ms_server_plans_window_covers         (const MsServerHistoryWindow *window,
                                                       MsServerStorage        *storage,
                                                       const char             *tenant,
                                                       const char             *old_key,
                                                       gint64                  now,
                                                       gboolean               *covers,
                                                       GError                **error);
gboolean        ms_server_plans_check_feature         (MsEntitlements         *entitlements,
                                                       const char             *feature,
                                                       gboolean                for_team,
                                                       char                  **needed_plan,
                                                       GError                **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsServerHistoryWindow, ms_server_plans_window_clear)

G_END_DECLS
