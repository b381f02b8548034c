/* ms-history-eval.c — how well the history predictor does on held-back rows
 *
 * The rows are ordered oldest first (ms-history-order.c), the newest share is
 * held back, MsHistoryPredictor is trained on the others, and each held-back
 * row is scored as a message with its subject and body. The predictor, the
 * industry baseline and the training mean are compared on the same rows:
 * MAE, RMSE, Spearman and the share of real rates within p10–p90.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-baseline-predictor.h"
#include "ms-history-eval.h"
#include "ms-history-order.h"
#include "ms-history-predictor.h"
#include "ms-scorer.h"

static MsMessage *
message_for (const MsCampaignRow *row)
{
  if (row->channel == MS_CHANNEL_LINE)
    {
      const char *bubbles[] = { row->body, NULL };

      return ms_message_new_line (row->subject,
                                  row->body != NULL && *row->body != '\0' ? bubbles : NULL, NULL);
    }
  return ms_message_new_email (row->subject, NULL, row->body, NULL);
}

static void
add_sample (GArray        *samples,
            const MsRange *range,
            double         truth)
{
  MsEvalSample sample = { range->p50, range->p10, range->p90, truth };

  g_array_append_val (samples, sample);
}

static void
add_point (GArray *samples,
           double  pred,
           double  truth)
{
  MsEvalSample sample = { pred, NAN, NAN, truth };

  g_array_append_val (samples, sample);
}

/**
 * ms_history_evaluate:
 * @rules: the rule set to score the held-back messages with
 * @holdout: the newest share of rows to test on (0 < holdout < 1)
 * @seed: for the shuffle of rows without a date
 * @trained: (out) (optional) (transfer full): the predictor trained on the
 *   older rows
 *
 * Returns: FALSE with @error set when a message cannot be scored
 */
gboolean
ms_history_evaluate (MsRuleSet           *rules,
                     const MsCampaignRow *rows,
                     guint                n_rows,
                     double               holdout,
                     guint32              seed,
                     MsEvalReport        *report,
                     MsPredictor        **trained,
                     GError             **error)
{
  g_autoptr(GArray) usable = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
  g_autoptr(MsPredictor) baseline = NULL;
  g_autoptr(MsPredictor) predictor = NULL;
  g_autofree guint *order = NULL;
  GArray *samples[2][MS_EVAL_N_MODELS];
  double mean[2] = { 0, 0 };
  guint n_mean[2] = { 0, 0 };
  gboolean ok = TRUE;
  guint n_test;

  g_return_val_if_fail (rules != NULL && report != NULL, FALSE);
  g_return_val_if_fail (holdout > 0 && holdout < 1, FALSE);

  memset (report, 0, sizeof *report);
  for (guint i = 0; i < n_rows; i++)
    {
      if (ms_history_row_usable (&rows[i]))
        {
          MsCampaignRow row = rows[i];

          if (row.line == 0)
            row.line = i + 1;
          g_array_append_val (usable, row);  /* shallow: strings stay @rows' */
          if (row.sent_on != NULL)
            report->time_ordered = TRUE;
        }
      else
        report->n_skipped++;
    }

  order = ms_history_order_rows ((MsCampaignRow *) usable->data, usable->len, seed);
  n_test = (guint) round (usable->len * holdout);
  if (usable->len > 1)
    n_test = CLAMP (n_test, 1, usable->len - 1);
  report->n_test = n_test;
  report->n_train = usable->len - n_test;

  for (guint i = 0; i < report->n_train; i++)
    {
      const MsCampaignRow *row = &g_array_index (usable, MsCampaignRow, order[i]);

      g_array_append_val (train, *row);
      if (!isnan (row->open_rate))
        mean[0] += row->open_rate, n_mean[0]++;
      if (!isnan (row->ctr))
        mean[1] += row->ctr, n_mean[1]++;
    }
  for (guint t = 0; t < 2; t++)
    mean[t] = n_mean[t] > 0 ? mean[t] / n_mean[t] : NAN;

  baseline = ms_baseline_predictor_new (ms_rule_set_get_baselines (rules), "en");
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) train->data, train->len,
                                                  baseline);
  for (guint t = 0; t < 2; t++)
    for (guint m = 0; m < MS_EVAL_N_MODELS; m++)
      samples[t][m] = g_array_new (FALSE, FALSE, sizeof (MsEvalSample));

  for (guint i = report->n_train; i < usable->len && ok; i++)
    {
      const MsCampaignRow *row = &g_array_index (usable, MsCampaignRow, order[i]);
      g_autoptr(MsMessage) message = message_for (row);
      MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, "en" };
      MsScoreOptions base_options = { MS_SCORE_FLAGS_NO_VARIANTS, baseline, "en" };
      g_autoptr(MsScoreResult) result = ms_scorer_score (rules, message, &options, error);
      g_autoptr(MsScoreResult) base_result = NULL;
      const MsPrediction *p, *b;

      if (result != NULL)
        base_result = ms_scorer_score (rules, message, &base_options, error);
      if (base_result == NULL)
        {
          ok = FALSE;
          break;
        }
      p = ms_score_result_get_prediction (result);
      b = ms_score_result_get_prediction (base_result);

      add_sample (samples[0][MS_EVAL_PREDICTOR], &p->open_rate, row->open_rate);
      add_sample (samples[0][MS_EVAL_BASELINE], &b->open_rate, row->open_rate);
      add_point (samples[0][MS_EVAL_TRAINING_MEAN], mean[0], row->open_rate);
      add_sample (samples[1][MS_EVAL_PREDICTOR], &p->click_rate, row->ctr);
      add_sample (samples[1][MS_EVAL_BASELINE], &b->click_rate, row->ctr);
      add_point (samples[1][MS_EVAL_TRAINING_MEAN], mean[1], row->ctr);
    }

  for (guint m = 0; m < MS_EVAL_N_MODELS; m++)
    {
      if (ok)
        {
          ms_eval_metrics_compute ((MsEvalSample *) samples[0][m]->data, samples[0][m]->len,
                                   &report->open[m]);
          ms_eval_metrics_compute ((MsEvalSample *) samples[1][m]->data, samples[1][m]->len,
                                   &report->ctr[m]);
        }
      g_array_unref (samples[0][m]);
      g_array_unref (samples[1][m]);
    }
  if (ok && trained != NULL)
    *trained = g_steal_pointer (&predictor);
  return ok;
}
