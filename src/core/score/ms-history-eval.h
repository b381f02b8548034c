/* ms-history-eval.h — how well the history predictor does on held-back rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-eval-metrics.h"
#include "ms-rule-set.h"
#include "ms-campaign-row.h"

G_BEGIN_DECLS

typedef enum
{
  MS_EVAL_PREDICTOR,      /* MsHistoryPredictor trained on the older rows */
  MS_EVAL_BASELINE,       /* the industry baseline (MsBaselinePredictor) */
  MS_EVAL_TRAINING_MEAN,  /* the mean of the training rows */
  MS_EVAL_N_MODELS
} MsEvalModel;

typedef struct
{
  guint         n_train;
  guint         n_test;
  guint         n_skipped;     /* fewer than MS_HISTORY_MIN_RECIPIENTS, or no rate */
  gboolean      time_ordered;  /* FALSE: no dates, a seeded shuffle */
  MsEvalMetrics open[MS_EVAL_N_MODELS];
  MsEvalMetrics ctr[MS_EVAL_N_MODELS];
} MsEvalReport;

gboolean     ms_history_evaluate (MsRuleSet           *rules,
                                  const MsCampaignRow *rows,
                                  guint                n_rows,
                                  double               holdout,
                                  guint32              seed,
                                  MsEvalReport        *report,
                                  MsPredictor        **trained,
                                  GError             **error);

G_END_DECLS
