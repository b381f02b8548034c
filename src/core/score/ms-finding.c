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
  copy->also = NULL;
  for (guint i = 0; self->also != NULL && i < self->also->len; i++)
    ms_finding_add_also (copy, ms_finding_copy (g_ptr_array_index (self->also, i)));
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
  g_clear_pointer (&self->also, g_ptr_array_unref);
  g_free (self);
}

/**
 * ms_finding_add_also:
 * @other: (transfer full): another rule's finding of the same words
 */
void
ms_finding_add_also (MsFinding *self,
                     MsFinding *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  if (self->also == NULL)
    self->also = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_finding_free);
  g_ptr_array_add (self->also, other);
}

static gboolean
id_in_family (const char *id,
              const char *family)
{
  gsize len = strlen (family);

  return strncmp (id, family, len) == 0 && (id[len] == '\0' || id[len] == '.');
}

/**
 * ms_finding_is:
 * @rule_id: a rule id or a family prefix, like "keihyo" or "ng.common"
 *
 * Returns: TRUE if the finding's own rule is @rule_id or inside that family
 */
gboolean
ms_finding_is (const MsFinding *self,
               const char      *rule_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);

  return id_in_family (self->rule_id, rule_id);
}

/**
 * ms_finding_matches:
 * @rule_id: a rule id or a family prefix, like "keihyo" or "ng.common"
 *
 * Returns: TRUE if the finding names @rule_id or a rule inside that family,
 *   as its own rule or as one of the rules that flag the same words
 */
gboolean
ms_finding_matches (const MsFinding *self,
                    const char      *rule_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);

  if (id_in_family (self->rule_id, rule_id))
    return TRUE;
  for (guint i = 0; self->also != NULL && i < self->also->len; i++)
    if (id_in_family (((MsFinding *) g_ptr_array_index (self->also, i))->rule_id, rule_id))
      return TRUE;
  return FALSE;
}
