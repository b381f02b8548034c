/* ms-personal-rules.c — the rules a profile scores with
 *
 * The built-in packs plus the profile's own NG words (rule ng.custom). Words
 * kept from a higher plan still apply after a downgrade: they are the
 * user's, and a plan never takes data away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "score/ms-brand-rules.h"
#include "ms-ng-word-repository.h"
#include "ms-personal-rules.h"

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
  g_autoptr(MsBrandRules) brand = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  ng_words = ms_ng_word_repository_new (store);
  words = ms_ng_word_repository_dup_words (ng_words);
  if (words == NULL || words[0] == NULL)
    return ms_rule_set_ref (ms_rule_set_get_default ());

  brand = ms_brand_rules_new ();
  brand->personal_ng_words = g_steal_pointer (&words);

  return ms_rule_set_new (NULL, brand, error);
}
