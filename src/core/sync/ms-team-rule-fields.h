/* ms-team-rule-fields.h — the fields of a team's rules (team_rules.set_field)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MS_TEAM_RULE_TEXT,           /* a string */
  MS_TEAM_RULE_NULLABLE_TEXT,  /* a string or null */
  MS_TEAM_RULE_BOOL,           /* true or false */
  MS_TEAM_RULE_NULLABLE_INT,   /* a whole number in the limit's range, or null: no rule */
  MS_TEAM_RULE_CHOICE,         /* one of choices */
} MsTeamRuleKind;

typedef struct
{
  const char          *name;
  MsTeamRuleKind       kind;
  const char          *limit;     /* data/limits.json */
  const char * const  *choices;   /* MS_TEAM_RULE_CHOICE */
  const char          *fallback;  /* the value of a text or choice the team has not set */
  const char          *feature;   /* the team plan feature that sets it (plans.json), or NULL */
} MsTeamRuleField;

const MsTeamRuleField *ms_team_rule_field_lookup (const char             *name);
const char * const    *ms_team_rule_field_names  (void);
gboolean               ms_team_rule_field_check  (const MsTeamRuleField  *field,
                                                  JsonNode               *value,
                                                  GError                **error);

G_END_DECLS
