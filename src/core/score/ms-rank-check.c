/* ms-rank-check.c — did the score and the prediction rank the team's sends right?
 *
 * Once a team has entered results, it can see whether a higher score or a
 * higher predicted open rate went with a higher real open rate on its own
 * sends: Spearman's rank correlation, per channel, with how many sends it
 * rests on and a plain reading (thresholds in data/learning.json,
 * "rank_check"). Under the minimum number of sends it says so instead of
 * showing a number that means nothing yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ms-eval-metrics.h"
#include "ms-learning-config.h"
#include "ms-rank-check.h"

void
ms_rank_check_free (MsRankCheck *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

static MsRankReading
reading_of (double   spearman,
            gboolean enough)
{
  const MsLearningConfig *config = ms_learning_config_get ();

  if (!enough)
    return MS_RANK_TOO_FEW;
  if (isnan (spearman))
    return MS_RANK_NOT;   /* every value the same: nothing to rank by */
  if (spearman >= config->rank_good)
    return MS_RANK_WELL;
  if (spearman >= config->rank_fair)
    return MS_RANK_SOMEWHAT;
  return MS_RANK_NOT;
}

static const char *
reading_text (MsRankReading reading)
{
  switch (reading)
    {
    case MS_RANK_WELL:
      return _("ranks them well");
    case MS_RANK_SOMEWHAT:
      return _("ranks them somewhat");
    case MS_RANK_NOT:
      return _("does not rank them yet: trust your own results more");
    case MS_RANK_TOO_FEW:
    default:
      return _("not enough sends yet");
    }
}

/* Spearman's correlation, or a dash when every value was the same. */
static char *
format_rho (double rho)
{
  return isnan (rho) ? g_strdup ("—") : g_strdup_printf ("%.2f", rho);
}

static char *
describe (const MsRankCheck *check)
{
  const char *channel = check->channel == MS_CHANNEL_LINE ? "LINE" : _("Email");
  g_autofree char *prediction = NULL;
  g_autofree char *score_rho = format_rho (check->score_spearman);
  g_autofree char *prediction_rho = format_rho (check->prediction_spearman);

  if (check->score_reading == MS_RANK_TOO_FEW)
    /* Translators: %s is the channel (Email or LINE); %u numbers of sends */
    return g_strdup_printf (_("%s: not enough sends with results yet to check the score "
                              "(%u of the %u needed)"),
                            channel, check->n, check->n_needed);

  if (check->prediction_reading == MS_RANK_TOO_FEW)
    /* Translators: %u numbers of sends */
    prediction = g_strdup_printf (_("the prediction: not enough sends yet (%u of the %u needed)"),
                                  check->n_predicted, check->n_needed);
  else
    /* Translators: how well it ranks (“ranks them well”), Spearman's correlation */
    prediction = g_strdup_printf (_("the prediction %s (Spearman %s)"),
                                  reading_text (check->prediction_reading), prediction_rho);

  /* Translators: %s the channel; %u a number of sends; then how well the score
   * ranks them (“ranks them well”), Spearman's correlation, and the same said
   * of the prediction */
  return g_strdup_printf (_("%s, %u sends with results: the score %s (Spearman %s); %s"),
                          channel, check->n, reading_text (check->score_reading), score_rho,
                          prediction);
}

/**
 * ms_rank_check_compute:
 * @totals: (array length=n): the score of each send
 * @predicted: (array length=n): the open rate predicted when it was saved, NAN when none
 * @actual: (array length=n): the real open rate
 *
 * Returns: (transfer full): the check
 */
MsRankCheck *
ms_rank_check_compute (MsChannel     channel,
                       const double *totals,
                       const double *predicted,
                       const double *actual,
                       guint         n)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  MsRankCheck *check = g_new0 (MsRankCheck, 1);
  g_autofree double *with_prediction = g_new (double, n + 1);
  g_autofree double *their_actual = g_new (double, n + 1);

  g_return_val_if_fail ((totals != NULL && predicted != NULL && actual != NULL) || n == 0, check);

  check->channel = channel;
  check->n = n;
  check->n_needed = config->rank_min_sends;
  for (guint i = 0; i < n; i++)
    if (!isnan (predicted[i]))
      {
        with_prediction[check->n_predicted] = predicted[i];
        their_actual[check->n_predicted++] = actual[i];
      }

  check->score_spearman = n >= check->n_needed ? ms_spearman (totals, actual, n) : NAN;
  check->prediction_spearman = check->n_predicted >= check->n_needed ?
    ms_spearman (with_prediction, their_actual, check->n_predicted) : NAN;
  check->score_reading = reading_of (check->score_spearman, n >= check->n_needed);
  check->prediction_reading = reading_of (check->prediction_spearman,
                                          check->n_predicted >= check->n_needed);
  check->text = describe (check);
  return check;
}
