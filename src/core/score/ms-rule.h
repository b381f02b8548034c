/* ms-rule.h — one rule of a rule pack
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_RULE_ERROR (ms_rule_error_quark ())

typedef enum
{
  MS_RULE_ERROR_INVALID,
} MsRuleError;

#define MS_TYPE_RULE (ms_rule_get_type ())

/* Immutable and reference counted once loaded. */
typedef struct _MsRule MsRule;

GType       ms_rule_get_type       (void) G_GNUC_CONST;
GQuark      ms_rule_error_quark    (void);
MsRule     *ms_rule_new_from_json  (JsonObject   *object,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;
MsRule     *ms_rule_ref            (MsRule       *self);
void        ms_rule_unref          (MsRule       *self);
const char *ms_rule_get_id         (const MsRule *self);
MsAxis      ms_rule_get_axis       (const MsRule *self);
MsSeverity  ms_rule_get_severity   (const MsRule *self);
const char *ms_rule_get_kind       (const MsRule *self);
const char *ms_rule_get_message    (const MsRule *self,
                                    const char   *language);
const char *ms_rule_get_suggestion (const MsRule *self,
                                    const char   *language);
const char *ms_rule_get_reference  (const MsRule *self);
const char *ms_rule_get_pack       (const MsRule *self);
const char *ms_rule_get_brand_slot (const MsRule *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRule, ms_rule_unref)

G_END_DECLS
