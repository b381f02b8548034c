/* ms-segment.c — who a message is written for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-segment.h"

G_DEFINE_BOXED_TYPE (MsSegment, ms_segment, ms_segment_copy, ms_segment_free)

MsSegment *
ms_segment_new (void)
{
  return g_new0 (MsSegment, 1);
}

MsSegment *
ms_segment_copy (const MsSegment *self)
{
  MsSegment *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->industry = g_strdup (self->industry);
  return copy;
}

void
ms_segment_free (MsSegment *self)
{
  if (self == NULL)
    return;

  g_free (self->industry);
  g_free (self);
}

void
ms_segment_set_industry (MsSegment  *self,
                         const char *industry)
{
  g_return_if_fail (self != NULL);

  if (self->industry == industry)
    return;
  g_free (self->industry);
  self->industry = g_strdup (industry);
}
