/* ms-eval-metrics.h — how far predictions were from what happened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One prediction against the truth; p10/p90 NAN when there is no range. */
typedef struct
{
  double pred;
  double p10;
  double p90;
  double truth;
} MsEvalSample;

typedef struct
{
  guint  n;
  double mae;        /* fraction (0.021 = 2.1 pt) */
  double rmse;
  double spearman;   /* NAN when undefined (constant predictions) */
  double coverage;   /* share of truths within p10–p90; NAN without ranges */
} MsEvalMetrics;

void   ms_eval_metrics_compute (const MsEvalSample *samples,
                                guint               n_samples,
                                MsEvalMetrics      *metrics);
double ms_spearman             (const double       *x,
                                const double       *y,
                                guint               n);
double ms_quantile_sorted      (const double       *sorted,
                                guint               n,
                                double              level,
                                gboolean            upper);

G_END_DECLS
