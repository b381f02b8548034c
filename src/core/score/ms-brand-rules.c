/* ms-brand-rules.c — a person's and a team's own rules, as input to the scorer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-brand-rules.h"

G_DEFINE_BOXED_TYPE (MsBrandRules, ms_brand_rules, ms_brand_rules_copy, ms_brand_rules_free)

MsBrandRules *
ms_brand_rules_new (void)
{
  MsBrandRules *self = g_new0 (MsBrandRules, 1);

  self->subject_max_emoji = -1;
  return self;
}

MsBrandRules *
ms_brand_rules_copy (const MsBrandRules *self)
{
  MsBrandRules *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->personal_ng_words = g_strdupv (self->personal_ng_words);
  copy->team_ng_words = g_strdupv (self->team_ng_words);
  copy->brand_name = g_strdup (self->brand_name);
  return copy;
}

void
ms_brand_rules_free (MsBrandRules *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->personal_ng_words);
  g_strfreev (self->team_ng_words);
  g_free (self->brand_name);
  g_free (self);
}

static const char * const action_names[] = { "warn", "badge", "notify" };

const char *
ms_min_score_action_to_string (MsMinScoreAction action)
{
  g_return_val_if_fail ((guint) action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

gboolean
ms_min_score_action_from_string (const char       *name,
                                 MsMinScoreAction *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    if (g_strcmp0 (name, action_names[i]) == 0)
      {
        *action = i;
        return TRUE;
      }
  return FALSE;
}

/* The on/off settings a rule can name in "unless" (data/rules/README.md). */
static const char * const settings[] = { "esp_footer" };

gboolean
ms_brand_rules_has_setting (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_strcmp0 (name, settings[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ms_brand_rules_get_setting:
 * @self: (nullable): the rules, or NULL for none
 *
 * Returns: whether the setting @name is on
 */
gboolean
ms_brand_rules_get_setting (const MsBrandRules *self,
                            const char         *name)
{
  g_return_val_if_fail (ms_brand_rules_has_setting (name), FALSE);

  if (self == NULL)
    return FALSE;
  if (g_str_equal (name, "esp_footer"))
    return self->esp_footer;
  return FALSE;
}
