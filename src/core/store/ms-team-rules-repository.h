/* ms-team-rules-repository.h — one team's rules, NG words and shared presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "score/ms-brand-rules.h"
#include "score/ms-segment.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_RULES_REPOSITORY (ms_team_rules_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamRulesRepository, ms_team_rules_repository, MS, TEAM_RULES_REPOSITORY, GObject)

MsTeamRulesRepository *ms_team_rules_repository_new                 (MsStore               *store,
                                                                     const char            *tenant) G_GNUC_WARN_UNUSED_RESULT;
const char            *ms_team_rules_repository_get_tenant          (MsTeamRulesRepository *self);
gboolean               ms_team_rules_repository_get_can_edit        (MsTeamRulesRepository *self);
MsEntitlements        *ms_team_rules_repository_dup_plan            (MsTeamRulesRepository *self) G_GNUC_WARN_UNUSED_RESULT;
const char            *ms_team_rules_repository_get_field_feature   (const char            *field);
const char * const    *ms_team_rules_repository_list_fields         (void);
JsonObject            *ms_team_rules_repository_dup_fields          (MsTeamRulesRepository *self) G_GNUC_WARN_UNUSED_RESULT;
MsBrandRules          *ms_team_rules_repository_dup_brand_rules     (MsTeamRulesRepository *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean               ms_team_rules_repository_set_field           (MsTeamRulesRepository *self,
                                                                     const char            *field,
                                                                     JsonNode              *value,
                                                                     GError               **error);
gboolean               ms_team_rules_repository_set_field_from_string (MsTeamRulesRepository *self,
                                                                     const char            *field,
                                                                     const char            *text,
                                                                     GError               **error);
GListModel            *ms_team_rules_repository_get_ng_words        (MsTeamRulesRepository *self);
char                 **ms_team_rules_repository_dup_ng_words        (MsTeamRulesRepository *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean               ms_team_rules_repository_add_ng_word         (MsTeamRulesRepository *self,
                                                                     const char            *word,
                                                                     GError               **error);
gboolean               ms_team_rules_repository_remove_ng_word      (MsTeamRulesRepository *self,
                                                                     const char            *word,
                                                                     GError               **error);
GListModel            *ms_team_rules_repository_get_members        (MsTeamRulesRepository *self);
GListModel            *ms_team_rules_repository_get_presets         (MsTeamRulesRepository *self);
char                  *ms_team_rules_repository_put_preset          (MsTeamRulesRepository *self,
                                                                     const char            *id,
                                                                     const char            *name,
                                                                     const MsSegment       *segment,
                                                                     GError               **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean               ms_team_rules_repository_delete_preset       (MsTeamRulesRepository *self,
                                                                     const char            *id,
                                                                     GError               **error);

G_END_DECLS
