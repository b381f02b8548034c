/* ms-variant.c — an A/B alternative to the message, with its score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-variant.h"

G_DEFINE_BOXED_TYPE (MsVariant, ms_variant, ms_variant_copy, ms_variant_free)

MsVariant *
ms_variant_new (void)
{
  return g_new0 (MsVariant, 1);
}

MsVariant *
ms_variant_copy (const MsVariant *self)
{
  MsVariant *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->text = g_strdup (self->text);
  copy->change = g_strdup (self->change);
  copy->message = self->message != NULL ? ms_message_ref (self->message) : NULL;
  return copy;
}

void
ms_variant_free (MsVariant *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->text);
  g_free (self->change);
  g_clear_pointer (&self->message, ms_message_unref);
  g_free (self);
}
