/* ms-ab-eval.h — does the score pick the winner of published A/B tests?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-predictor.h"
#include "ms-rule-set.h"

G_BEGIN_DECLS

/* Limits on a pairs file (it is read whole). */
#define MS_AB_MAX_BYTES       (8 * 1024 * 1024)
#define MS_AB_MAX_PAIRS       10000
#define MS_AB_MAX_TEXT_BYTES  20000

/* One test of tests/corpus/ab/pairs.jsonl (format in tests/corpus/README.md). */
typedef struct
{
  char      *id;
  MsChannel  channel;      /* push notifications are scored as LINE messages */
  char      *field;        /* subject, preheader, body or push */
  char      *a;
  char      *b;
  gboolean   b_won;
  char      *metric;       /* open_rate, click_rate, ctr, conversion_rate, response_rate */
  char      *language;     /* ja or en, as the file says; NULL when it does not */
  char      *source;       /* the id of its entry in the SOURCES.md next to the file; may be NULL */
  gboolean   heldout;      /* "split": "heldout": kept aside from any tuning */
} MsAbPair;

typedef struct
{
  guint  n;                /* pairs scored */
  double total_accuracy;   /* share where the winner scored higher (a tie counts half) */
  guint  total_ties;
  double rate_accuracy;    /* the same for the predicted rate of each pair's metric */
  guint  rate_ties;
} MsAbReport;

void       ms_ab_pair_free    (MsAbPair     *self);
GPtrArray *ms_ab_pairs_load   (GBytes       *data,
                               GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean   ms_ab_evaluate     (MsRuleSet    *rules,
                               MsPredictor  *predictor,
                               GPtrArray    *pairs,
                               MsAbReport   *report,
                               GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsAbPair, ms_ab_pair_free)

G_END_DECLS
