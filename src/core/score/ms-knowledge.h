/* ms-knowledge.h — team knowledge: what a team's reviewers taught, applied on
 * top of the scorer's result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-message.h"
#include "ms-score-result.h"

G_BEGIN_DECLS

/* One reviewer's feedback, as the knowledge reads it. */
typedef struct
{
  const char *id;
  const char *role;             /* director | manager | senior */
  const char *rating;           /* fair | high | low | far_off */
  const char *axes;             /* the axes named, comma-separated */
  const char *comment;          /* or NULL */
  int         engine_total;
  int         corrected_score;  /* or -1 */
} MsKnowledgeFeedback;

typedef enum
{
  MS_KNOWLEDGE_CALIBRATION,     /* a role's reviewers judge an axis N points off */
  MS_KNOWLEDGE_RULE,            /* an expression reviewers flagged again and again */
} MsKnowledgeKind;

typedef struct
{
  char            *key;         /* "calibration:<role>:<axis>" or "rule:<term>" */
  MsKnowledgeKind  kind;
  char            *role;        /* calibration: whose judgement */
  MsAxis           axis;        /* calibration: the axis moved; rule: the axis it costs */
  int              shift;       /* calibration: points added to the axis (< 0: lower) */
  char            *term;        /* rule: the expression */
  GStrv            evidence;    /* the feedback ids it rests on */
  guint            n_evidence;
  gboolean         enabled;     /* an owner can turn an entry off */
} MsKnowledgeEntry;

void        ms_knowledge_entry_free (MsKnowledgeEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsKnowledgeEntry, ms_knowledge_entry_free)

/* The entries @items teach (data/knowledge.json), calibrations first, each
 * enabled; none below min_feedback items. */
GPtrArray     *ms_knowledge_derive        (const MsKnowledgeFeedback *items,
                                           guint                      n_items) G_GNUC_WARN_UNUSED_RESULT;
/* How many items the knowledge needs before it says anything. */
guint          ms_knowledge_min_feedback  (void);
/* @result with the enabled @entries applied: calibrated axes, a finding per
 * entry that acted, the total moved by the axes' weights (never above a
 * cap the scorer set). A new result; @result when nothing applies. */
MsScoreResult *ms_knowledge_apply         (MsScoreResult             *result,
                                           const MsMessage           *message,
                                           GPtrArray                 *entries) G_GNUC_WARN_UNUSED_RESULT;
/* What an entry says, in @language ("ja" or "en"). */
char          *ms_knowledge_entry_describe (const MsKnowledgeEntry   *entry,
                                            const char               *language) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
