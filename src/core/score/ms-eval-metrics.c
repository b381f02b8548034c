/* ms-eval-metrics.c — how far predictions were from what happened
 *
 * Mean absolute and root mean squared error, Spearman's rank correlation
 * (average ranks for ties, the Pearson correlation of the ranks), the
 * coverage of the p10–p90 ranges, and the finite-sample quantile that split
 * conformal prediction needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ms-eval-metrics.h"

typedef struct
{
  double value;
  guint  index;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const Keyed *x = a, *y = b;

  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Ranks from 0; tied values share their mean rank. */
static double *
average_ranks (const double *values,
               guint         n)
{
  g_autofree Keyed *keyed = g_new (Keyed, n + 1);
  double *ranks = g_new (double, n + 1);

  for (guint i = 0; i < n; i++)
    keyed[i] = (Keyed) { values[i], i };
  qsort (keyed, n, sizeof *keyed, compare_keyed);
  for (guint i = 0; i < n;)
    {
      guint j = i;

      while (j < n && keyed[j].value == keyed[i].value)
        j++;
      for (guint k = i; k < j; k++)
        ranks[keyed[k].index] = (i + j - 1) / 2.0;
      i = j;
    }
  return ranks;
}

/**
 * ms_spearman:
 * @x: (array length=n): one measure
 * @y: (array length=n): the other, for the same items
 *
 * Returns: Spearman's rank correlation, −1…1; NAN when fewer than 2 items
 *   or either side is constant
 */
double
ms_spearman (const double *x,
             const double *y,
             guint         n)
{
  g_autofree double *rx = NULL;
  g_autofree double *ry = NULL;
  double mean = (n - 1) / 2.0, cov = 0, vx = 0, vy = 0;

  if (n < 2)
    return NAN;
  rx = average_ranks (x, n);
  ry = average_ranks (y, n);
  for (guint i = 0; i < n; i++)
    {
      cov += (rx[i] - mean) * (ry[i] - mean);
      vx += (rx[i] - mean) * (rx[i] - mean);
      vy += (ry[i] - mean) * (ry[i] - mean);
    }
  return vx > 0 && vy > 0 ? cov / sqrt (vx * vy) : NAN;
}

/**
 * ms_quantile_sorted:
 * @sorted: (array length=n): values in ascending order
 * @level: 0–1
 * @upper: round the position up (the upper end of a range) or down
 *
 * The finite-sample quantile of split conformal prediction: the
 * ⌈(n + 1)·level⌉-th smallest value for an upper end, the
 * ⌊(n + 1)·level⌋-th for a lower one, kept within the values.
 *
 * Returns: the quantile; NAN when @n is 0
 */
double
ms_quantile_sorted (const double *sorted,
                    guint         n,
                    double        level,
                    gboolean      upper)
{
  double position = (n + 1) * level;
  long k = upper ? (long) ceil (position - 1e-9) : (long) floor (position + 1e-9);

  if (n == 0)
    return NAN;
  return sorted[CLAMP (k, 1, (long) n) - 1];
}

/**
 * ms_eval_metrics_compute:
 * @samples: (array length=n_samples): predictions with their truths
 *
 * Samples whose prediction or truth is NAN are not counted.
 */
void
ms_eval_metrics_compute (const MsEvalSample *samples,
                         guint               n_samples,
                         MsEvalMetrics      *metrics)
{
  g_autofree double *pred = g_new (double, n_samples + 1);
  g_autofree double *truth = g_new (double, n_samples + 1);
  double abs_sum = 0, sq_sum = 0;
  guint n = 0, ranged = 0, covered = 0;

  g_return_if_fail (samples != NULL || n_samples == 0);
  g_return_if_fail (metrics != NULL);

  for (guint i = 0; i < n_samples; i++)
    {
      const MsEvalSample *s = &samples[i];

      if (isnan (s->pred) || isnan (s->truth))
        continue;
      pred[n] = s->pred;
      truth[n] = s->truth;
      n++;
      abs_sum += fabs (s->pred - s->truth);
      sq_sum += (s->pred - s->truth) * (s->pred - s->truth);
      if (!isnan (s->p10) && !isnan (s->p90))
        {
          ranged++;
          covered += s->truth >= s->p10 && s->truth <= s->p90;
        }
    }

  metrics->n = n;
  metrics->mae = n > 0 ? abs_sum / n : NAN;
  metrics->rmse = n > 0 ? sqrt (sq_sum / n) : NAN;
  metrics->spearman = ms_spearman (pred, truth, n);
  metrics->coverage = ranged > 0 ? (double) covered / ranged : NAN;
}
