/* ms-team-rules-editor.h — a team's brand rules, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "store/ms-team-rules-repository.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_RULES_EDITOR (ms_team_rules_editor_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamRulesEditor, ms_team_rules_editor, MS, TEAM_RULES_EDITOR, GtkWidget)

void ms_team_rules_editor_set_context    (MsTeamRulesEditor     *self,
                                          MsContext             *context);
void ms_team_rules_editor_set_repository (MsTeamRulesEditor     *self,
                                          MsTeamRulesRepository *rules);

G_END_DECLS
