/* ms-rule-set.h — the rules in force: built-in packs, extra packs, brand rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-brand-rules.h"
#include "ms-rule-pack.h"
#include "ms-score-config.h"

G_BEGIN_DECLS

#define MS_ENGINE_VERSION "1.0.0"

#define MS_TYPE_RULE_SET (ms_rule_set_get_type ())

/* Immutable once built, reference counted, shareable between threads. */
typedef struct _MsRuleSet MsRuleSet;

GType                ms_rule_set_get_type        (void) G_GNUC_CONST;
MsRuleSet           *ms_rule_set_get_default     (void);
MsRuleSet           *ms_rule_set_peek_default    (void);
GPtrArray           *ms_rule_set_load_builtin_packs (GError            **error) G_GNUC_WARN_UNUSED_RESULT;
MsRuleSet           *ms_rule_set_new             (const char * const  *extra_pack_paths,
                                                  const MsBrandRules  *brand,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;
MsRuleSet           *ms_rule_set_new_from_packs  (GPtrArray           *packs,
                                                  const MsBrandRules  *brand,
                                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;
MsRuleSet           *ms_rule_set_ref             (MsRuleSet           *self);
void                 ms_rule_set_unref           (MsRuleSet           *self);
guint                ms_rule_set_get_n_rules     (const MsRuleSet     *self);
MsRule              *ms_rule_set_get_rule        (const MsRuleSet     *self,
                                                  guint                index);
MsRule              *ms_rule_set_lookup          (const MsRuleSet     *self,
                                                  const char          *id);
GPtrArray           *ms_rule_set_list_all_rules  (const MsRuleSet     *self) G_GNUC_WARN_UNUSED_RESULT;
const char          *ms_rule_set_get_engine      (const MsRuleSet     *self);
const MsScoreConfig *ms_rule_set_get_config      (const MsRuleSet     *self);
JsonObject          *ms_rule_set_get_baselines   (const MsRuleSet     *self);
const MsBrandRules  *ms_rule_set_get_brand       (const MsRuleSet     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRuleSet, ms_rule_set_unref)

G_END_DECLS
