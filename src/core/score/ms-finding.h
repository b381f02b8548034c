/* ms-finding.h — one thing the scorer found: a rule, a span, the points lost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_TYPE_FINDING (ms_finding_get_type ())

/* Read-only once in a result. start and end are offsets in Unicode code
 * points into the original text of field (exactly GtkTextIter offsets);
 * start == end marks a position (e.g. where a missing opt-out link belongs).
 * points: what the finding cost its axis; costs: what it cost each axis
 * (costs[axis] == points; others from data/scoring.json "findings"). message and suggestion are in the
 * result's language. replacement: a quick fix for the span (NULL: none;
 * "": delete the span), from the rule's "replacement" or, for a vague CTA,
 * its "replacement_by_goal" for the segment's goal. */
typedef struct
{
  char       *rule_id;
  MsAxis      axis;
  MsSeverity  severity;
  MsField     field;
  guint       start;
  guint       end;
  char       *text;
  double      points;
  double      costs[MS_N_AXES];
  char       *message;
  char       *suggestion;
  char       *reference;
  char       *replacement;
  GPtrArray  *also;       /* (nullable) (element-type MsFinding): other rules that
                             flag the same words; only rule_id, severity,
                             message and reference are set (one problem, one finding) */
} MsFinding;

GType      ms_finding_get_type (void) G_GNUC_CONST;
MsFinding *ms_finding_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MsFinding *ms_finding_copy     (const MsFinding *self) G_GNUC_WARN_UNUSED_RESULT;
void       ms_finding_free     (MsFinding       *self);
gboolean   ms_finding_matches  (const MsFinding *self,
                                const char      *rule_id);
gboolean   ms_finding_is       (const MsFinding *self,
                                const char      *rule_id);
void       ms_finding_add_also (MsFinding       *self,
                                MsFinding       *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsFinding, ms_finding_free)

G_END_DECLS
