/* ms-finding.c — one thing the scorer found: a rule, a span, the points lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-finding.h"

G_DEFINE_BOXED_TYPE (MsFinding, ms_finding, ms_finding_copy, ms_finding_free)

MsFinding *
ms_finding_new (void)
{
  return g_new0 (MsFinding, 1);
}

MsFinding *
ms_finding_copy (const MsFinding *self)
{
  MsFinding *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->rule_id = g_strdup (self->rule_id);
  copy->text = g_strdup (self->text);
  copy->message = g_strdup (self->message);
  copy->suggestion = g_strdup (self->suggestion);
  copy->reference = g_strdup (self->reference);
  copy->replacement = g_strdup (self->replacement);
  return copy;
}

void
ms_finding_free (MsFinding *self)
{
  if (self == NULL)
    return;

  g_free (self->rule_id);
  g_free (self->text);
  g_free (self->message);
  g_free (self->suggestion);
  g_free (self->reference);
  g_free (self->replacement);
  g_free (self);
}

/**
 * ms_finding_matches:
 * @rule_id: a rule id or a family prefix, like "keihyo" or "ng.common"
 *
 * Returns: TRUE if the finding's rule is @rule_id or inside that family
 */
gboolean
ms_finding_matches (const MsFinding *self,
                    const char      *rule_id)
{
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);

  len = strlen (rule_id);
  return strncmp (self->rule_id, rule_id, len) == 0 &&
         (self->rule_id[len] == '\0' || self->rule_id[len] == '.');
}
