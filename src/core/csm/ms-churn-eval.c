/* ms-churn-eval.c — train the churn model on part of a data set and measure it on the rest
 *
 * A stratified split (ms_churn_split_stratified(): the same share of churned
 * rows on both sides, seeded), the model trained by ms_churn_model_train() on
 * the training side — the code the server trains with — and its calibrated
 * probabilities measured on the held-out side: AUC, precision and recall at
 * the alert threshold, calibration error; plus the features that moved the
 * held-out scores most (mean |TreeSHAP contribution|).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-churn-eval.h"

void
ms_churn_report_set_top (MsChurnReport *report,
                         const double  *importance,
                         guint          n_features)
{
  report->n_top = 0;
  for (guint k = 0; k < G_N_ELEMENTS (report->top) && k < n_features; k++)
    {
      guint best = G_MAXUINT;

      for (guint j = 0; j < n_features; j++)
        {
          gboolean taken = FALSE;

          for (guint t = 0; t < report->n_top; t++)
            taken |= report->top[t] == j;
          if (!taken && importance[j] > 0 && (best == G_MAXUINT || importance[j] > importance[best]))
            best = j;
        }
      if (best == G_MAXUINT)
        break;
      report->top[report->n_top] = best;
      report->top_value[report->n_top] = importance[best];
      report->n_top++;
    }
}

MsChurnModel *
ms_churn_evaluate (const MsChurnData  *data,
                   double              test_share,
                   guint32             seed,
                   MsChurnReport      *report,
                   GError            **error)
{
  g_autoptr(GArray) train_rows = NULL;
  g_autoptr(GArray) test_rows = NULL;
  g_autoptr(MsChurnData) train = NULL;
  g_autoptr(MsChurnData) test = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  g_autofree double *p = NULL;
  g_autofree double *importance = NULL;

  memset (report, 0, sizeof *report);
  report->n_rows = data->n_rows;
  report->n_features = data->n_cols;
  ms_churn_split_stratified (data->y, data->n_rows, test_share, seed, &train_rows, &test_rows);
  train = ms_churn_data_subset (data, (guint *) train_rows->data, train_rows->len);
  test = ms_churn_data_subset (data, (guint *) test_rows->data, test_rows->len);
  report->n_train = train->n_rows;
  report->n_test = test->n_rows;
  if (ms_churn_data_count_positive (test) == 0 ||
      ms_churn_data_count_positive (test) == test->n_rows)
    {
      g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW,
                           _("The held-out rows need both churned and staying rows."));
      return NULL;
    }

  model = ms_churn_model_train (train, error);
  if (model == NULL)
    return NULL;
  report->n_rounds = ms_churn_model_get_n_rounds (model);
  p = ms_churn_model_predict (model, test->x, test->n_rows, error);
  if (p == NULL)
    return NULL;
  ms_churn_metrics_compute (p, test->y, test->n_rows, &report->test);
  importance = ms_churn_model_importance (model, test->x, test->n_rows, error);
  if (importance == NULL)
    return NULL;
  ms_churn_report_set_top (report, importance, data->n_cols);
  return g_steal_pointer (&model);
}
