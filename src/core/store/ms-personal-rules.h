/* ms-personal-rules.h — the rules a profile scores with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "score/ms-brand-rules.h"
#include "score/ms-rule-set.h"
#include "ms-store.h"

G_BEGIN_DECLS

MsRuleSet          *ms_personal_rules_build          (MsStore  *store,
                                                      GError  **error) G_GNUC_WARN_UNUSED_RESULT;
void                ms_personal_rules_build_async    (MsStore             *store,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
MsRuleSet          *ms_personal_rules_build_finish   (MsStore             *store,
                                                      GAsyncResult        *result,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;
const char * const *ms_personal_rules_get_tables     (void);
MsBrandRules       *ms_personal_rules_dup_team_rules (MsStore  *store) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
