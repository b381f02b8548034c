/* ms-brand-rules.h — a person's and a team's own rules, as input to the scorer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MS_MIN_SCORE_ACTION_WARN,
  MS_MIN_SCORE_ACTION_BADGE,
  MS_MIN_SCORE_ACTION_NOTIFY,
} MsMinScoreAction;

#define MS_TYPE_BRAND_RULES (ms_brand_rules_get_type ())

/* A plain value type. Each rule maps onto a template in data/rules/brand.json
 * (which holds its id, messages, severity and reference):
 *   personal_ng_words  → ng.custom          team_ng_words → ng.team
 *   require_unsubscribe → brand.required.unsubscribe
 *   require_contact     → brand.required.contact
 *   brand_name (non-NULL) → brand.required.name
 *   subject_no_brackets → brand.subject.brackets
 *   subject_max_emoji ≥ 0 → brand.subject.emoji
 *   subject_max_cells > 0 → brand.subject.length
 *   min_score > 0        → min_score in the result
 *   esp_footer           → the four 特定電子メール法 footer checks become one
 *                          reminder (tokutei.esp_footer): the sending system
 *                          adds the footer; rules name it with "unless" */
typedef struct
{
  char             **personal_ng_words;
  char             **team_ng_words;
  gboolean           require_unsubscribe;
  gboolean           require_contact;
  char              *brand_name;
  gboolean           subject_no_brackets;
  int                subject_max_emoji;    /* -1: no rule */
  int                subject_max_cells;    /* 0: no rule */
  int                min_score;            /* 0: no rule */
  MsMinScoreAction   min_score_action;
  gboolean           esp_footer;
} MsBrandRules;

GType         ms_brand_rules_get_type (void) G_GNUC_CONST;
MsBrandRules *ms_brand_rules_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MsBrandRules *ms_brand_rules_copy     (const MsBrandRules *self) G_GNUC_WARN_UNUSED_RESULT;
void          ms_brand_rules_free     (MsBrandRules       *self);
const char   *ms_min_score_action_to_string   (MsMinScoreAction  action);
gboolean      ms_min_score_action_from_string (const char       *name,
                                               MsMinScoreAction *action);
gboolean      ms_brand_rules_has_setting      (const char         *name);
gboolean      ms_brand_rules_get_setting      (const MsBrandRules *self,
                                               const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsBrandRules, ms_brand_rules_free)

G_END_DECLS
