/* ms-score-context.h — the working state of one scoring (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-message.h"
#include "ms-normalizer.h"
#include "ms-rule-set-private.h"
#include "text/ms-tokenizer.h"

G_BEGIN_DECLS

/* A word or pattern occurrence, in normalised bytes and original code points. */
typedef struct
{
  guint    rule;
  guint    tag;
  MsField  field;
  gsize    nstart;
  gsize    nend;
  guint    start;
  guint    end;
} MsHit;

/* A finding before it is priced and given its texts. */
typedef struct
{
  guint    rule;
  MsField  field;
  guint    start;
  guint    end;
  MsSeverity severity;  /* the rule's, unless the claim model lowered it */
} MsRawFinding;

/* One user-perceived character (grapheme cluster) of an original field. */
typedef struct
{
  guint32  byte_start;
  guint32  byte_end;
  guint32  cp;          /* code-point offset of its start */
  guint16  cells;
  guint8   emoji;
  guint8   line_break;
  gunichar first;
} MsCluster;

typedef struct
{
  const MsRuleSet *set;
  const MsMessage *message;
  const MsSegment *segment;
  MsChannel        channel;
  gboolean         present[MS_N_FIELDS];
  MsNormalized     norm[MS_N_FIELDS];
  gboolean        *applies;        /* [n_rules] */
  GArray          *hits;           /* MsHit, sorted by rule, field, start */
  guint           *first_hit;      /* [n_rules + 1]: hits of rule r are [first_hit[r], first_hit[r+1]) */
  GArray          *raw;            /* MsRawFinding */
  GArray          *clusters[MS_N_FIELDS];  /* MsCluster, computed on first use */
  GArray          *spans[MS_N_FIELDS][2];  /* ms-checks.c's sentences [0] and lines [1], on first use */
  int              footer_start[MS_N_FIELDS]; /* code points; -1 until computed */
  MsTokens         tokens[MS_N_FIELDS];       /* of the normalised text, on first use */
  gboolean         tokenized[MS_N_FIELDS];
  GArray          *claims[MS_N_FIELDS];   /* ms-claim-similar.c's sentences, on first use */
} MsScoreContext;

void _ms_score_context_init  (MsScoreContext  *ctx,
                              const MsRuleSet *set,
                              const MsMessage *message);
void _ms_score_context_clear (MsScoreContext  *ctx);
void _ms_score_context_emit  (MsScoreContext  *ctx,
                              guint            rule,
                              MsField          field,
                              guint            start,
                              guint            end);
GArray *_ms_score_context_get_clusters (MsScoreContext *ctx,
                                       MsField         field);
guint   _ms_score_context_get_footer_start (MsScoreContext *ctx,
                                           MsField         field);
void    _ms_claim_similar_pass (MsScoreContext *ctx);
const MsTokens *_ms_score_context_get_tokens (MsScoreContext *ctx,
                                              MsField         field);
void _ms_checks_run          (MsScoreContext  *ctx,
                              guint            rule);

G_END_DECLS
