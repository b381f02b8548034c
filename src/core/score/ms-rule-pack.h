/* ms-rule-pack.h — a JSON file of rules, loaded and validated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-rule.h"

G_BEGIN_DECLS

#define MS_RULE_PACK_ERROR (ms_rule_pack_error_quark ())

typedef enum
{
  MS_RULE_PACK_ERROR_PARSE,        /* not JSON */
  MS_RULE_PACK_ERROR_INVALID,      /* JSON, but not a valid pack or rule */
  MS_RULE_PACK_ERROR_DUPLICATE_ID, /* two rules with one id */
} MsRulePackError;

#define MS_TYPE_RULE_PACK (ms_rule_pack_get_type ())

typedef struct _MsRulePack MsRulePack;

GType        ms_rule_pack_get_type          (void) G_GNUC_CONST;
GQuark       ms_rule_pack_error_quark       (void);
MsRulePack  *ms_rule_pack_new_from_bytes    (const char        *name,
                                             GBytes            *bytes,
                                             GError           **error) G_GNUC_WARN_UNUSED_RESULT;
MsRulePack  *ms_rule_pack_new_from_file     (const char        *path,
                                             GError           **error) G_GNUC_WARN_UNUSED_RESULT;
MsRulePack  *ms_rule_pack_new_from_resource (const char        *name,
                                             GError           **error) G_GNUC_WARN_UNUSED_RESULT;
MsRulePack  *ms_rule_pack_ref               (MsRulePack        *self);
void         ms_rule_pack_unref             (MsRulePack        *self);
const char  *ms_rule_pack_get_name          (const MsRulePack  *self);
guint        ms_rule_pack_get_n_rules       (const MsRulePack  *self);
MsRule      *ms_rule_pack_get_rule          (const MsRulePack  *self,
                                             guint              index);
const char  *ms_rule_pack_get_digest        (const MsRulePack  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRulePack, ms_rule_pack_unref)

G_END_DECLS
