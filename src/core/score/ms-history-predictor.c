/* ms-history-predictor.c — predictions from the team's own past results
 *
 * Built once from a snapshot of rows (imported campaign results and the
 * actuals entered on saved scorings; the newest MS_HISTORY_MAX_ROWS of each
 * channel), so predicting is a pure function of that state and cheap enough
 * for every keystroke: the n-gram vectors of all rows, the fitted models and
 * their measured errors are computed here, at construction.
 *
 * Everything is per channel: email and LINE rows never share a model, a
 * mean, a neighbour or a measured error. For one message:
 *
 *   neighbours   the K = 10 rows most similar to the subject (cosine of
 *                tf-idf weighted character bigrams and trigrams, ms-ngram.c,
 *                found through an inverted index, ms-ngram-index.c);
 *                their similarity-weighted mean, shrunk to the channel mean:
 *                knn = (Σ sᵢ yᵢ + 1 · ȳ) / (Σ sᵢ + 1)
 *   model        from MS_HISTORY_MODEL_MIN_ROWS (30) rows with the rate: a
 *                ridge regression (λ = 10 on standardised features) on the
 *                message features (ms-features.h) plus the neighbour
 *                _ms_history_model_estimate (leave-one-out on the training rows), so the model
 *                learns how far to trust the neighbours. basis "model";
 *                below 30 rows basis "team_history" and team = knn.
 *   familiarity  how far the message is from what the model learned from
 *                (data/learning.json, "extrapolation"): the nearest
 *                neighbour's similarity and how far the features lie
 *                outside the training rows' range. A linear model is only
 *                trusted where it has seen data: team = f · model +
 *                (1 − f) · knn, and the range widens by 1 + widen · (1 − f).
 *   blend        with the industry baseline (the fallback predictor) by how
 *                much data there is: p50 = w · team + (1 − w) · baseline,
 *                w = n / (n + 2), n = rows of the channel with that rate;
 *                then clamped to the channel's plausible range
 *                (data/baselines.json), widened to what the team's own sends
 *                reached.
 *   range        split conformal: the newest share of the channel's rows is
 *                held back, a model trained on the others predicts them, and
 *                p10/p90 are p50 plus the 10th/90th percentiles of their
 *                residuals, each divided by its own _ms_history_widening (so the range
 *                is as wide as the error was for messages as unfamiliar).
 *   error shown  the mean absolute error on the held-back rows most similar
 *                to the message, or, when none is similar, on all of them.
 *
 * The held-back residuals are those of the team estimate; the final p50 also
 * leans on the baseline by 1 − w (under 6 % from 30 rows). Conversion rates
 * come from the baseline; conversions are recomputed from the new CTR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-eval-metrics.h"
#include "ms-history-order.h"
#include "ms-history-model-private.h"
#include "ms-history-predictor.h"
#include "ms-insights.h"
#include "ms-learning-config.h"

/* What the held-back rows of one channel say about the error. */
typedef struct
{
  guint   n;                       /* held-back rows */
  guint  *positions;               /* in the channel's full model */
  double *abs_error;               /* open rate, per held-back row; NAN when unknown */
  guint   n_known[MS_HISTORY_N_TARGETS];
  double  mae[MS_HISTORY_N_TARGETS];          /* fractions */
  double  q_low[MS_HISTORY_N_TARGETS];        /* residual ÷ widening: its conformal p10 … */
  double  q_high[MS_HISTORY_N_TARGETS];       /* … and p90 */
} Check;

struct _MsHistoryPredictor
{
  GObject      parent_instance;

  MsPredictor *fallback;
  GArray      *rows;          /* MsHistoryRow */
  MsHistoryModel       *models[2];     /* per MsChannel; NULL without rows */
  Check        checks[2];
};

static void ms_history_predictor_iface_init (MsPredictorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsHistoryPredictor, ms_history_predictor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_PREDICTOR,
                                                      ms_history_predictor_iface_init))

/* ------------------------------------------------------------------------ */
/* Rows                                                                     */

/**
 * ms_history_row_usable:
 *
 * Returns: whether the predictor learns from @row: it has a subject (or, on
 *   LINE, a bubble), a rate, and no fewer than MS_HISTORY_MIN_RECIPIENTS
 *   known recipients
 */
gboolean
ms_history_row_usable (const MsCampaignRow *row)
{
  g_return_val_if_fail (row != NULL, FALSE);

  /* a LINE message without a title is compared by its first bubble */
  if ((row->subject == NULL || *row->subject == '\0') &&
      (row->channel != MS_CHANNEL_LINE || row->body == NULL || *row->body == '\0'))
    return FALSE;
  if (row->recipients >= 0 && row->recipients < MS_HISTORY_MIN_RECIPIENTS)
    return FALSE;
  return !isnan (row->open_rate) || !isnan (row->ctr);
}

/* Only copies: the features are computed by build(), in the learning
 * thread, for the rows kept. */
static MsHistoryRow *
add_row (MsHistoryPredictor *self,
         const char         *id,
         const char         *sent_on,
         MsChannel           channel,
         const char         *subject,
         const char         *body,
         double              open_rate,
         double              ctr)
{
  MsHistoryRow row = { 0 };

  row.id = g_strdup (id);
  row.sent_on = g_strdup (sent_on);
  row.subject = g_strdup (subject);
  row.body = g_strdup (body);
  row.channel = channel;
  row.open_rate = open_rate;
  row.ctr = ctr;
  row.total = NAN;
  row.predicted_open_rate = NAN;
  g_array_append_val (self->rows, row);
  return &g_array_index (self->rows, MsHistoryRow, self->rows->len - 1);
}

/* ------------------------------------------------------------------------ */
/* The held-back check                                                      */

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->positions, g_free);
  g_clear_pointer (&check->abs_error, g_free);
  memset (check, 0, sizeof *check);
  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    check->mae[t] = check->q_low[t] = check->q_high[t] = NAN;
}

static guint
holdout_size (guint n)
{
  const MsLearningConfig *config = ms_learning_config_get ();

  if (n < config->holdout_min_rows)
    return 0;
  return CLAMP ((guint) round (n * config->holdout_share), 1, config->holdout_max_rows);
}

/* The indices (into self->rows) of @channel's rows, oldest first. */
static guint *
channel_order (MsHistoryPredictor *self,
               MsChannel           channel,
               guint              *n_rows)
{
  g_autofree const char **dates = g_new (const char *, self->rows->len + 1);
  g_autofree guint *positions = g_new (guint, self->rows->len + 1);
  guint *order;
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, MsHistoryRow, i).channel == channel)
      {
        dates[n] = g_array_index (self->rows, MsHistoryRow, i).sent_on;
        positions[n++] = i;
      }
  order = ms_history_order_dates (dates, n, MS_HISTORY_SEED);
  for (guint i = 0; i < n; i++)
    order[i] = positions[order[i]];
  *n_rows = n;
  return order;
}

static guint
position_in (const MsHistoryModel *model,
             guint                 row)
{
  guint lo = 0, hi = model->index->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (model->index, guint, mid) < row)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Trains on all but the newest rows of @channel and measures the newest. */
static void
check_channel (MsHistoryPredictor *self,
               MsChannel           channel)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  Check *check = &self->checks[channel];
  g_autofree guint *order = NULL;
  g_autoptr(MsHistoryModel) model = NULL;
  double *scaled[MS_HISTORY_N_TARGETS] = { NULL };
  double abs_sum[MS_HISTORY_N_TARGETS] = { 0 };
  guint n, n_test;

  check_clear (check);
  order = channel_order (self, channel, &n);
  n_test = holdout_size (n);
  if (n_test == 0 || self->models[channel] == NULL)
    return;
  model = _ms_history_model_build (self->rows, order, n - n_test, channel);
  if (model == NULL)
    return;

  check->positions = g_new (guint, n_test);
  check->abs_error = g_new (double, n_test);
  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    scaled[t] = g_new (double, n_test);

  for (guint i = n - n_test; i < n; i++)
    {
      const MsHistoryRow *row = &g_array_index (self->rows, MsHistoryRow, order[i]);
      g_autofree double *sims = _ms_history_model_cosines (model, row->subject);
      MsHistoryEstimate e;
      double sigma;

      _ms_history_model_estimate (model, self->rows, sims, -1, row->x, &e);
      sigma = _ms_history_widening (e.familiarity);
      check->positions[check->n] = position_in (self->models[channel], order[i]);
      check->abs_error[check->n] = NAN;
      for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
        {
          double y = _ms_history_target_of (row, t), r = y - e.team[t];

          if (isnan (r))
            continue;
          scaled[t][check->n_known[t]++] = r / sigma;
          abs_sum[t] += fabs (r);
          if (t == MS_HISTORY_OPEN)
            check->abs_error[check->n] = fabs (r);
        }
      check->n++;
    }

  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    {
      guint k = check->n_known[t];
      double tail = (1 - config->coverage) / 2;

      if (k == 0)
        continue;
      qsort (scaled[t], k, sizeof (double), compare_doubles);
      check->mae[t] = abs_sum[t] / k;
      check->q_low[t] = ms_quantile_sorted (scaled[t], k, tail, FALSE);
      check->q_high[t] = ms_quantile_sorted (scaled[t], k, 1 - tail, TRUE);
    }
  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    g_free (scaled[t]);
}

/* Drops all but the newest MS_HISTORY_MAX_ROWS rows of each channel (in the
 * order the check uses), keeping the others in their order. */
static void
keep_newest (MsHistoryPredictor *self)
{
  g_autofree gboolean *keep = g_new0 (gboolean, self->rows->len + 1);
  guint n_kept = 0;

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      guint n;
      g_autofree guint *order = channel_order (self, c, &n);

      for (guint i = n > MS_HISTORY_MAX_ROWS ? n - MS_HISTORY_MAX_ROWS : 0; i < n; i++)
        keep[order[i]] = TRUE;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      MsHistoryRow *row = &g_array_index (self->rows, MsHistoryRow, i);

      if (!keep[i])
        _ms_history_row_clear (row);
      else
        g_array_index (self->rows, MsHistoryRow, n_kept++) = *row;
    }
  /* the moved rows' strings now belong to their new places */
  g_array_set_clear_func (self->rows, NULL);
  g_array_set_size (self->rows, n_kept);
  g_array_set_clear_func (self->rows, (GDestroyNotify) _ms_history_row_clear);
}

static void
build (MsHistoryPredictor *self)
{
  g_autofree guint *all = NULL;

  keep_newest (self);
  for (guint i = 0; i < self->rows->len; i++)
    _ms_history_row_compute_features (&g_array_index (self->rows, MsHistoryRow, i));

  all = g_new (guint, self->rows->len + 1);
  for (guint i = 0; i < self->rows->len; i++)
    all[i] = i;
  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      self->models[c] = _ms_history_model_build (self->rows, all, self->rows->len, c);
      check_channel (self, c);
    }
}

/* ------------------------------------------------------------------------ */
/* Predicting                                                               */

static double
round4 (double value)
{
  return round (value * 10000.0) / 10000.0;
}

/* p50 within [lo, hi], with the held-back rows' residual percentiles
 * scaled by @sigma around it (without them, the baseline's spread). */
static MsRange
range_around (double           p50,
              const Check     *check,
              MsHistoryTarget  target,
              double           sigma,
              const MsRange   *baseline,
              double           lo,
              double           hi)
{
  MsRange range;

  p50 = CLAMP (p50, lo, hi);
  if (check->n_known[target] > 0)
    {
      range.p10 = p50 + check->q_low[target] * sigma;
      range.p90 = p50 + check->q_high[target] * sigma;
    }
  else if (baseline->p50 > 0)
    {
      range.p10 = p50 - (1 - baseline->p10 / baseline->p50) * p50 * sigma;
      range.p90 = p50 + (baseline->p90 / baseline->p50 - 1) * p50 * sigma;
    }
  else
    range.p10 = range.p90 = p50;
  range.p10 = round4 (CLAMP (range.p10, lo, p50));
  range.p90 = round4 (CLAMP (range.p90, p50, hi));
  range.p50 = round4 (p50);
  return range;
}

/* The plausible range of a rate in @channel, widened to what the team's
 * own sends reached. */
static void
plausible (const MsHistoryModel *model,
           MsChannel             channel,
           MsHistoryTarget       target,
           double               *lo,
           double               *hi)
{
  const double *range = ms_learning_config_get ()->plausible[channel][target];

  *lo = MIN (range[0], model->y_min[target]);
  *hi = MAX (range[1], model->y_max[target]);
}

/**
 * ms_history_predictor_blend_weight:
 * @n_rows: rows of the channel with the rate known
 *
 * Returns: the weight of the team's own estimate against the industry
 *   baseline, n / (n + MS_HISTORY_BASELINE_WEIGHT)
 */
double
ms_history_predictor_blend_weight (guint n_rows)
{
  return n_rows / (n_rows + MS_HISTORY_BASELINE_WEIGHT);
}

/* The mean absolute open-rate error of the held-back rows most similar to
 * the message (@sims against the full model), or NAN when too few are
 * similar. */
static double
error_like_this (const Check  *check,
                 const double *sims,
                 guint        *n_like)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  g_autofree MsHistoryHit *like = g_new (MsHistoryHit, check->n + 1);
  guint n = 0;
  double sum = 0;

  for (guint i = 0; i < check->n; i++)
    if (!isnan (check->abs_error[i]) && sims[check->positions[i]] >= config->cite_min_similarity)
      like[n++] = (MsHistoryHit) { i, sims[check->positions[i]] };
  /* most similar first; ties by held-back order */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && like[j - 1].sim < like[j].sim; j--)
      {
        MsHistoryHit tmp = like[j];

        like[j] = like[j - 1];
        like[j - 1] = tmp;
      }
  n = MIN (n, config->like_this_rows);
  *n_like = n;
  if (n < config->like_this_min_rows)
    return NAN;
  for (guint i = 0; i < n; i++)
    sum += check->abs_error[like[i].row];
  return sum / n;
}

static const char *
channel_noun (MsChannel channel)
{
  /* Translators: the channel, as in “62 past email sends” */
  return channel == MS_CHANNEL_LINE ? _("LINE") : _("email");
}

static char *
describe (const MsPrediction *prediction,
          MsChannel           channel,
          gboolean            modelled,
          guint               n_rows,
          guint               n_checked,
          double              familiarity)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  GString *text = g_string_new (NULL);
  double pct = prediction->open_rate.p50 * 100;

  if (modelled)
    /* Translators: %u a number of sends, %s the channel (“email”), %.1f a percentage */
    g_string_append_printf (text, _("Model on %u past %s sends: open rate %.1f%%."), n_rows,
                            channel_noun (channel), pct);
  else
    /* Translators: %u a number of sends, %s the channel (“email”), %.1f a percentage */
    g_string_append_printf (text, _("Most similar of %u past %s sends: open rate %.1f%%."),
                            n_rows, channel_noun (channel), pct);
  g_string_append_c (text, ' ');

  if (prediction->error_n == 0)
    /* Translators: %u is a number of sends */
    g_string_append_printf (text, _("Its error is not measured yet: that needs %u sends."),
                            config->holdout_min_rows);
  else if (prediction->error_similar)
    /* Translators: %u a number of sends, %.1f an error in percentage points */
    g_string_append_printf (text, _("On the %u held-back sends most like this one it was off by "
                                    "±%.1f pt on average."),
                            prediction->error_n, prediction->error_open_rate_pt);
  else
    /* Translators: %u a number of sends, %.1f an error in percentage points */
    g_string_append_printf (text, _("None of the %u held-back sends is like this one; on all of "
                                    "them it was off by ±%.1f pt on average."),
                            n_checked, prediction->error_open_rate_pt);

  if (familiarity < config->unfamiliar_below)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("This message is unlike your past sends: the estimate leans on "
                               "their average and the range is wider."));
    }
  return g_string_free (text, FALSE);
}

static void
cite_neighbours (MsHistoryPredictor      *self,
                 const MsHistoryModel    *model,
                 const MsHistoryEstimate *e,
                 MsPrediction            *prediction)
{
  double min_sim = ms_learning_config_get ()->cite_min_similarity;

  prediction->neighbours = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_neighbour_free);
  for (guint h = 0; h < e->n_hits && prediction->neighbours->len < MS_HISTORY_N_CITED; h++)
    {
      const MsHistoryRow *row = _ms_history_model_row (model, self->rows, e->hits[h].row);
      MsNeighbour *n;

      if (e->hits[h].sim < min_sim)
        break;
      n = g_new0 (MsNeighbour, 1);
      n->id = g_strdup (row->id);
      n->subject = g_strdup (row->subject);
      n->sent_on = g_strdup (row->sent_on);
      n->channel = row->channel;
      n->open_rate = row->open_rate;
      n->ctr = row->ctr;
      n->similarity = e->hits[h].sim;
      g_ptr_array_add (prediction->neighbours, n);
    }
}

static MsPrediction *
ms_history_predictor_predict (MsPredictor       *predictor,
                              const MsMessage   *message,
                              const MsFeatures  *features,
                              const guint       *axes,
                              GError           **error)
{
  MsHistoryPredictor *self = MS_HISTORY_PREDICTOR (predictor);
  MsChannel channel = ms_message_get_channel (message);
  const MsHistoryModel *model = self->models[channel];
  const Check *check = &self->checks[channel];
  g_autoptr(MsPrediction) prediction = NULL;
  g_autofree double *sims = NULL;
  MsHistoryEstimate e;
  double x[MS_HISTORY_N_X], blended[MS_HISTORY_N_TARGETS], lo, hi, sigma, like_error;
  MsRange base_open, base_click, base_conv;
  guint n_like = 0;

  prediction = ms_predictor_predict (self->fallback, message, features, axes, error);
  if (prediction == NULL || model == NULL || model->n_known[MS_HISTORY_OPEN] == 0)
    return g_steal_pointer (&prediction);

  _ms_history_features_to_x (features, x);
  sims = _ms_history_model_cosines (model, _ms_history_similarity_text (message));
  _ms_history_model_estimate (model, self->rows, sims, -1, x, &e);
  sigma = _ms_history_widening (e.familiarity);

  base_open = prediction->open_rate;
  base_click = prediction->click_rate;
  base_conv = prediction->conversions;
  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    {
      double base = t == MS_HISTORY_OPEN ? base_open.p50 : base_click.p50;
      double w = ms_history_predictor_blend_weight (model->n_known[t]);

      blended[t] = isnan (e.team[t]) ? base : w * e.team[t] + (1 - w) * base;
    }

  plausible (model, channel, MS_HISTORY_OPEN, &lo, &hi);
  prediction->open_rate = range_around (blended[MS_HISTORY_OPEN], check, MS_HISTORY_OPEN, sigma,
                                        &base_open, lo, hi);
  if (isnan (e.team[MS_HISTORY_CTR]))
    {
      lo = base_click.p10;
      hi = MAX (base_click.p90, base_click.p50);
    }
  else
    plausible (model, channel, MS_HISTORY_CTR, &lo, &hi);
  hi = MIN (hi, prediction->open_rate.p50);
  prediction->click_rate = range_around (blended[MS_HISTORY_CTR], check, MS_HISTORY_CTR, sigma,
                                         &base_click, MIN (lo, hi), hi);
  {
    double per_recipient = prediction->click_rate.p50 * prediction->conversion_rate.p50;
    double conversions = round (per_recipient * prediction->list_size * 10) / 10;
    double low = base_conv.p50 > 0 ? base_conv.p10 / base_conv.p50 : 1;
    double high = base_conv.p50 > 0 ? base_conv.p90 / base_conv.p50 : 1;

    prediction->conversions.p50 = round4 (conversions);
    prediction->conversions.p10 = round4 (conversions * low);
    prediction->conversions.p90 = round4 (MIN (conversions * high,
                                               (double) prediction->list_size));
  }

  g_free (prediction->basis);
  prediction->basis = g_strdup (model->ridge[MS_HISTORY_OPEN] != NULL ? "model" : "team_history");
  prediction->familiarity = round4 (e.familiarity);
  cite_neighbours (self, model, &e, prediction);

  like_error = error_like_this (check, sims, &n_like);
  prediction->error_similar = !isnan (like_error);
  prediction->error_n = prediction->error_similar ? n_like : check->n_known[MS_HISTORY_OPEN];
  if (prediction->error_similar)
    prediction->error_open_rate_pt = like_error * 100;
  else if (check->n_known[MS_HISTORY_OPEN] > 0)
    prediction->error_open_rate_pt = check->mae[MS_HISTORY_OPEN] * 100;
  prediction->error_ctr_pt = check->mae[MS_HISTORY_CTR] * 100;   /* NAN when not measured */

  g_free (prediction->source);
  prediction->source = describe (prediction, channel, model->ridge[MS_HISTORY_OPEN] != NULL,
                                 model->n_known[MS_HISTORY_OPEN], check->n_known[MS_HISTORY_OPEN],
                                 e.familiarity);
  return g_steal_pointer (&prediction);
}

static void
ms_history_predictor_iface_init (MsPredictorInterface *iface)
{
  iface->predict = ms_history_predictor_predict;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                  */

static void
ms_history_predictor_dispose (GObject *object)
{
  MsHistoryPredictor *self = MS_HISTORY_PREDICTOR (object);

  g_clear_object (&self->fallback);

  G_OBJECT_CLASS (ms_history_predictor_parent_class)->dispose (object);
}

static void
ms_history_predictor_finalize (GObject *object)
{
  MsHistoryPredictor *self = MS_HISTORY_PREDICTOR (object);

  for (guint c = 0; c < G_N_ELEMENTS (self->models); c++)
    {
      g_clear_pointer (&self->models[c], _ms_history_model_free);
      check_clear (&self->checks[c]);
    }
  g_array_unref (self->rows);

  G_OBJECT_CLASS (ms_history_predictor_parent_class)->finalize (object);
}

static void
ms_history_predictor_class_init (MsHistoryPredictorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_history_predictor_dispose;
  object_class->finalize = ms_history_predictor_finalize;
}

static void
ms_history_predictor_init (MsHistoryPredictor *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (MsHistoryRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) _ms_history_row_clear);
  for (guint c = 0; c < G_N_ELEMENTS (self->checks); c++)
    check_clear (&self->checks[c]);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

/**
 * ms_history_predictor_new_from_rows:
 * @rows: (array length=n_rows): past campaigns; copied
 * @fallback: the industry-baseline predictor (ms_baseline_predictor_new())
 *
 * Rows are cited by "line N" (their line in the imported file) or, without
 * a line, "row N" (their position, from 1). Rows without a subject, without
 * any rate, or with fewer than MS_HISTORY_MIN_RECIPIENTS known recipients
 * are left out.
 *
 * Returns: (transfer full): the predictor
 */
MsPredictor *
ms_history_predictor_new_from_rows (const MsCampaignRow *rows,
                                    guint                n_rows,
                                    MsPredictor         *fallback)
{
  MsHistoryPredictor *self;

  g_return_val_if_fail (rows != NULL || n_rows == 0, NULL);
  g_return_val_if_fail (MS_IS_PREDICTOR (fallback), NULL);

  self = g_object_new (MS_TYPE_HISTORY_PREDICTOR, NULL);
  self->fallback = g_object_ref (fallback);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = NULL;

      if (!ms_history_row_usable (&rows[i]))
        continue;
      id = rows[i].line > 0 ? g_strdup_printf ("line %u", rows[i].line)
                            : g_strdup_printf ("row %u", i + 1);
      add_row (self, id, rows[i].sent_on, rows[i].channel, rows[i].subject, rows[i].body,
               rows[i].open_rate, rows[i].ctr);
    }
  build (self);
  return MS_PREDICTOR (self);
}

/**
 * ms_history_predictor_new_empty:
 * @fallback: the industry-baseline predictor (ms_baseline_predictor_new())
 *
 * A predictor to give rows with ms_history_predictor_add_row() (on the
 * thread that reads them; the store's learning source does,
 * store/ms-learning-source.h), then to fit with ms_history_predictor_build(),
 * which may run in a worker thread (0.2 s for 2,000 rows) before the
 * predictor is shared.
 *
 * Returns: (transfer full): the predictor, not yet usable
 */
MsPredictor *
ms_history_predictor_new_empty (MsPredictor *fallback)
{
  MsHistoryPredictor *self;

  g_return_val_if_fail (MS_IS_PREDICTOR (fallback), NULL);

  self = g_object_new (MS_TYPE_HISTORY_PREDICTOR, NULL);
  self->fallback = g_object_ref (fallback);
  return MS_PREDICTOR (self);
}

/**
 * ms_history_predictor_add_row:
 * @id: the row's id, cited when it is a neighbour
 * @row: a past send; one ms_history_row_usable() refuses is left out
 *
 * Adds a row before ms_history_predictor_build().
 */
void
ms_history_predictor_add_row (MsHistoryPredictor  *self,
                              const char          *id,
                              const MsCampaignRow *row)
{
  g_return_if_fail (MS_IS_HISTORY_PREDICTOR (self));
  g_return_if_fail (row != NULL);

  if (ms_history_row_usable (row))
    add_row (self, id, row->sent_on, row->channel, row->subject, row->body,
             row->open_rate, row->ctr);
}

/**
 * ms_history_predictor_add_scored_row:
 * @total: the score the send got when it was saved (0–100)
 * @predicted_open_rate: the open rate predicted then; NAN when none
 *
 * Adds a saved scoring with its entered results, as
 * ms_history_predictor_add_row() does, keeping what was said of it before
 * it was sent, for ms_history_predictor_compute_rank_checks().
 */
void
ms_history_predictor_add_scored_row (MsHistoryPredictor  *self,
                                     const char          *id,
                                     const MsCampaignRow *row,
                                     double               total,
                                     double               predicted_open_rate)
{
  MsHistoryRow *added;

  g_return_if_fail (MS_IS_HISTORY_PREDICTOR (self));
  g_return_if_fail (row != NULL);

  if (!ms_history_row_usable (row))
    return;
  added = add_row (self, id, row->sent_on, row->channel, row->subject, row->body,
                   row->open_rate, row->ctr);
  added->total = total;
  added->predicted_open_rate = predicted_open_rate;
}

/**
 * ms_history_predictor_build:
 *
 * Fits the model on the rows added; see ms_history_predictor_new_empty().
 */
void
ms_history_predictor_build (MsHistoryPredictor *self)
{
  g_return_if_fail (MS_IS_HISTORY_PREDICTOR (self));

  build (self);
}

/**
 * ms_history_predictor_compute_insights:
 * @min_support: the fewest sends a group needs (0: the default)
 *
 * What stands out in the rows the predictor was built from, within each
 * channel: see ms_insights_compute().
 *
 * Returns: (transfer container) (element-type MsInsight): the insights
 */
GPtrArray *
ms_history_predictor_compute_insights (MsHistoryPredictor *self,
                                       guint               min_support,
                                       guint               top_n)
{
  g_autofree MsCampaignRow *rows = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), NULL);

  /* Borrowed strings: the rows live as long as the predictor. */
  rows = g_new0 (MsCampaignRow, MAX (self->rows->len, 1));
  for (guint i = 0; i < self->rows->len; i++)
    {
      const MsHistoryRow *row = &g_array_index (self->rows, MsHistoryRow, i);

      rows[i].sent_on = row->sent_on;
      rows[i].channel = row->channel;
      rows[i].subject = row->subject;
      rows[i].recipients = -1;
      rows[i].open_rate = row->open_rate;
      rows[i].ctr = row->ctr;
      rows[i].cv_count = -1;
    }

  return ms_insights_compute (rows, self->rows->len, min_support, top_n);
}

/**
 * ms_history_predictor_compute_rank_checks:
 *
 * How well the score and the prediction saved with each scoring ranked
 * the sends whose open rate was entered later, per channel that has any:
 * see ms_rank_check_compute().
 *
 * Returns: (transfer container) (element-type MsRankCheck): email first
 */
GPtrArray *
ms_history_predictor_compute_rank_checks (MsHistoryPredictor *self)
{
  GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rank_check_free);

  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), checks);

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      g_autofree double *totals = g_new (double, self->rows->len + 1);
      g_autofree double *predicted = g_new (double, self->rows->len + 1);
      g_autofree double *actual = g_new (double, self->rows->len + 1);
      guint n = 0;

      for (guint i = 0; i < self->rows->len; i++)
        {
          const MsHistoryRow *row = &g_array_index (self->rows, MsHistoryRow, i);

          if (row->channel != c || isnan (row->total) || isnan (row->open_rate))
            continue;
          totals[n] = row->total;
          predicted[n] = row->predicted_open_rate;
          actual[n++] = row->open_rate;
        }
      if (n > 0)
        g_ptr_array_add (checks, ms_rank_check_compute (c, totals, predicted, actual, n));
    }
  return checks;
}

guint
ms_history_predictor_get_n_rows (MsHistoryPredictor *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), 0);
  return self->rows->len;
}

/**
 * ms_history_predictor_get_error_n:
 *
 * Returns: the held-back rows of @channel the open-rate error was measured
 *   on (0: too few rows)
 */
guint
ms_history_predictor_get_error_n (MsHistoryPredictor *self,
                                  MsChannel           channel)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), 0);
  return self->checks[channel].n_known[MS_HISTORY_OPEN];
}

/**
 * ms_history_predictor_get_error_open_rate_pt:
 *
 * Returns: the mean absolute open-rate error on the held-back rows of
 *   @channel, in percentage points; NAN when not measured
 */
double
ms_history_predictor_get_error_open_rate_pt (MsHistoryPredictor *self,
                                             MsChannel           channel)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), NAN);
  return self->checks[channel].mae[MS_HISTORY_OPEN] * 100;
}
