/* ms-personal-rules.c — the rules a profile scores with
 *
 * The built-in packs plus the profile's own NG words (rule ng.custom), and
 * the rules of the active team (ms-team-repository.c): its NG words
 * (ng.team), required checks, subject rules and minimum score, read from
 * the local store — so an owner's offline edit applies at once. Words kept
 * from a higher plan still apply after a downgrade: they are the user's,
 * and a plan never takes data away.
 *
 * "The sending system adds the footer" (esp_footer) is on when the person
 * turned it on (ms-personal-setting-repository.c) or the active team did:
 * a team that turns it on decides for every member; a team that leaves it
 * off leaves it to each person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "score/ms-brand-rules.h"
#include "ms-ng-word-repository.h"
#include "ms-personal-rules.h"
#include "ms-personal-setting-repository.h"
#include "ms-team-repository.h"
#include "ms-team-rules-repository.h"

/**
 * ms_personal_rules_get_tables:
 *
 * Returns: (transfer none): the store tables ms_personal_rules_build()
 *   reads; build again after a `changed` signal for any of them ("meta"
 *   holds which team is active)
 */
const char * const *
ms_personal_rules_get_tables (void)
{
  static const char * const tables[] = {
    "ng_word", "personal_setting", "team", "team_rules", "team_ng_word", "meta", NULL,
  };

  return tables;
}

/**
 * ms_personal_rules_dup_team_rules:
 *
 * Returns: (transfer full) (nullable): the active team's rules, or %NULL
 *   without an active team
 */
MsBrandRules *
ms_personal_rules_dup_team_rules (MsStore *store)
{
  g_autofree char *team = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  team = ms_store_dup_active_team (store);
  if (team == NULL)
    return NULL;
  rules = ms_team_rules_repository_new (store, team);
  return ms_team_rules_repository_dup_brand_rules (rules);
}

/**
 * ms_personal_rules_build:
 *
 * Returns: (transfer full): the rule set for @store's profile, or %NULL
 *   with @error set
 */
MsRuleSet *
ms_personal_rules_build (MsStore  *store,
                         GError  **error)
{
  g_autoptr(MsNgWordRepository) ng_words = NULL;
  g_autoptr(MsPersonalSettingRepository) settings = NULL;
  g_autoptr(MsBrandRules) brand = NULL;
  g_auto(GStrv) words = NULL;
  gboolean esp_footer;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  ng_words = ms_ng_word_repository_new (store);
  words = ms_ng_word_repository_dup_words (ng_words);
  settings = ms_personal_setting_repository_new (store);
  esp_footer = ms_personal_setting_repository_get_boolean (settings,
                                                           MS_PERSONAL_SETTING_ESP_FOOTER);
  brand = ms_personal_rules_dup_team_rules (store);

  if (brand == NULL && (words == NULL || words[0] == NULL) && !esp_footer)
    return ms_rule_set_ref (ms_rule_set_get_default ());
  if (brand == NULL)
    brand = ms_brand_rules_new ();

  if (words != NULL && words[0] != NULL)
    brand->personal_ng_words = g_steal_pointer (&words);
  brand->esp_footer = brand->esp_footer || esp_footer;

  return ms_rule_set_new (NULL, brand, error);
}
