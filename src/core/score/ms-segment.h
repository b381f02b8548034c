/* ms-segment.h — who a message is written for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_TYPE_SEGMENT (ms_segment_get_type ())

/* A plain value type: fill it in and pass it by pointer; MsMessage keeps a copy.
 * industry is one of the keys of data/baselines.json ("retail", "cosmetics",
 * …) or NULL for the overall baseline. list_size 0 means unknown. */
typedef struct
{
  MsAudience  audience;
  MsAgeBand   age_band;
  char       *industry;
  gboolean    b2b;
  guint64     list_size;
  MsGoal      goal;
} MsSegment;

GType      ms_segment_get_type (void) G_GNUC_CONST;
MsSegment *ms_segment_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MsSegment *ms_segment_copy     (const MsSegment *self) G_GNUC_WARN_UNUSED_RESULT;
void       ms_segment_free     (MsSegment       *self);
void       ms_segment_set_industry (MsSegment   *self,
                                    const char  *industry);

/* An industry that has baselines, with its label in the UI language. */
typedef struct
{
  char *id;
  char *label;
} MsIndustry;

GPtrArray *ms_segment_list_industries (void) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSegment, ms_segment_free)

G_END_DECLS
