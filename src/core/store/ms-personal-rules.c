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

/* The profile's own rules on top of the built-in packs, or %NULL when it
 * has none (the built-in rules alone). Reads the store: the calling thread's. */
static MsBrandRules *
dup_brand (MsStore *store)
{
  g_autoptr(MsNgWordRepository) ng_words = ms_ng_word_repository_new (store);
  g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);
  g_autoptr(MsBrandRules) brand = ms_personal_rules_dup_team_rules (store);
  g_auto(GStrv) words = ms_ng_word_repository_dup_words (ng_words);
  gboolean esp_footer;

  esp_footer = ms_personal_setting_repository_get_boolean (settings,
                                                           MS_PERSONAL_SETTING_ESP_FOOTER);
  if (brand == NULL && (words == NULL || words[0] == NULL) && !esp_footer)
    return NULL;
  if (brand == NULL)
    brand = ms_brand_rules_new ();

  if (words != NULL && words[0] != NULL)
    brand->personal_ng_words = g_steal_pointer (&words);
  brand->esp_footer = brand->esp_footer || esp_footer;
  return g_steal_pointer (&brand);
}

static MsRuleSet *
compile (const MsBrandRules  *brand,
         GError             **error)
{
  if (brand == NULL)
    return ms_rule_set_ref (ms_rule_set_get_default ());
  return ms_rule_set_new (NULL, brand, error);
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
  g_autoptr(MsBrandRules) brand = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  brand = dup_brand (store);
  return compile (brand, error);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  MsRuleSet *rules = compile (task_data, &error);

  if (rules == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rules, (GDestroyNotify) ms_rule_set_unref);
}

/**
 * ms_personal_rules_build_async:
 * @store: (nullable): the profile's store; %NULL: no profile, the built-in
 *   rules alone
 *
 * As ms_personal_rules_build(), but only the store is read on the calling
 * thread: the packs compile on a worker (the first time, the built-in ones
 * too), which takes a while.
 */
void
ms_personal_rules_build_async (MsStore             *store,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (store == NULL || MS_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, ms_personal_rules_build_async);
  g_task_set_task_data (task, store != NULL ? dup_brand (store) : NULL,
                        (GDestroyNotify) ms_brand_rules_free);
  g_task_run_in_thread (task, build_thread);
}

/**
 * ms_personal_rules_build_finish:
 *
 * Returns: (transfer full): the rule set, or %NULL with @error set
 */
MsRuleSet *
ms_personal_rules_build_finish (MsStore       *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
