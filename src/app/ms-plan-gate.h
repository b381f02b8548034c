/* ms-plan-gate.h — where the app asks whether the plan has a feature, and says what unlocks it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/ms-entitlements.h"

G_BEGIN_DECLS

GActionGroup *ms_plan_gate_new_actions   (void) G_GNUC_WARN_UNUSED_RESULT;
void          ms_plan_gate_update_actions (GActionGroup   *actions,
                                           MsEntitlements *plan);
gboolean      ms_plan_gate_check         (GtkWidget      *widget,
                                          MsEntitlements *plan,
                                          const char     *feature,
                                          gboolean        for_team);
char         *ms_plan_gate_dup_label     (const char     *label,
                                          MsEntitlements *plan,
                                          const char     *feature,
                                          gboolean        for_team) G_GNUC_WARN_UNUSED_RESULT;
char         *ms_plan_gate_dup_reason    (MsEntitlements *plan,
                                          const char     *feature,
                                          gboolean        for_team) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
