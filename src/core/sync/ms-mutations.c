/* ms-mutations.c — the built-in synced entities, in the order a tenant's
 * rows are cleared
 *
 * Adding an entity: HACKING.md, "How to add a synced entity".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include "ms-mutations-private.h"

MsSyncEntity * const *
_ms_mutations_builtin (void)
{
  static MsSyncEntity * const builtin[] = {
    &_ms_history_entity,
    &_ms_segment_entity,
    &_ms_ng_word_entity,
    &_ms_personal_setting_entity,
    &_ms_onboarding_step_entity,
    &_ms_campaign_entity,
    &_ms_team_rules_entity,
    &_ms_team_ng_word_entity,
    &_ms_team_preset_entity,
    &_ms_team_member_entity,
    &_ms_shared_scoring_entity,
    &_ms_fix_request_entity,
    &_ms_feedback_entity,
    &_ms_knowledge_state_entity,
    &_ms_csm_touchpoint_entity,
    NULL,
  };

  return builtin;
}
