/* ms-history-predictor.c — predictions from the team's own past results
 *
 * Built once from a snapshot of rows (imported campaign results and the
 * actuals entered on saved scorings; the newest MS_HISTORY_MAX_ROWS of each
 * channel), so predicting is a pure function of
 * that state and cheap enough for every keystroke: the n-gram vectors of all
 * rows and the fitted models are computed here, at construction.
 *
 * For one message, per channel (email and LINE rates never mix):
 *
 *   neighbours   the K = 10 rows most similar to the subject (cosine of
 *                tf-idf weighted character bigrams and trigrams, ms-ngram.c,
 *                found through an inverted index, ms-ngram-index.c);
 *                their similarity-weighted mean, shrunk to the channel mean:
 *                knn = (Σ sᵢ yᵢ + 1 · ȳ) / (Σ sᵢ + 1)
 *   model        from MS_HISTORY_MODEL_MIN_ROWS (30) rows with the rate: a
 *                ridge regression (λ = 10 on standardised features) on the
 *                message features (ms-features.h) plus the neighbour
 *                estimate (leave-one-out on the training rows), so the model
 *                learns how far to trust the neighbours. basis "model";
 *                below 30 rows basis "team_history" and team = knn.
 *   blend        with the industry baseline (the fallback predictor) by how
 *                much data there is: p50 = w · team + (1 − w) · baseline,
 *                w = n / (n + 2), n = rows of the channel with that rate.
 *                1 row: w = 0.33; 10: 0.83; 30: 0.94; 300: 0.99.
 *   error        measured at construction on held-back rows: rows ordered
 *                by date (undated rows, in a seeded shuffle, count as older
 *                than dated ones), a model trained on all but the newest
 *                20 % (at most 50, once there are 10 rows) predicts those;
 *                MAE in percentage points is reported, and p10/p90 are
 *                p50 ∓ 1.28 × RMSE (the normal 10th/90th percentiles).
 *
 * Conversion rates come from the baseline; conversions are recomputed from
 * the new CTR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-baseline-predictor.h"
#include "ms-history-predictor.h"
#include "ms-insights.h"
#include "ms-ngram-index.h"
#include "ms-ngram.h"
#include "ms-ridge.h"
#include "ms-scorer.h"

#define N_FEATURES 10  /* 9 message features + the neighbour estimate */
#define KNN_SHRINK 1.0
#define RIDGE_LAMBDA 10.0

typedef struct
{
  char      *id;
  char      *sent_on;
  char      *subject;   /* the similarity text once built */
  char      *body;      /* until built */
  MsChannel  channel;
  double     open_rate;
  double     ctr;
  double     x[N_FEATURES - 1];
} Row;

typedef enum { TARGET_OPEN, TARGET_CTR, N_TARGETS } Target;

/* One channel's model over a subset of the rows. */
typedef struct
{
  GArray         *index;     /* guint into rows */
  MsNgramIdf     *idf;
  MsNgramVector **vectors;   /* tf-idf, parallel to index */
  MsNgramIndex   *ngrams;    /* of the vectors */
  double          mean[N_TARGETS];
  guint           n_known[N_TARGETS];
  MsRidge        *ridge[N_TARGETS];
} Model;

typedef struct
{
  guint  row;
  double sim;
} Hit;

struct _MsHistoryPredictor
{
  GObject      parent_instance;

  MsPredictor *fallback;
  GArray      *rows;          /* Row */
  Model       *models[2];     /* per MsChannel; NULL without rows */
  guint        error_n[2];
  double       error_mae[2][N_TARGETS];   /* fraction */
  double       error_rmse[2][N_TARGETS];  /* fraction; NAN when unmeasured */
};

static void ms_history_predictor_iface_init (MsPredictorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsHistoryPredictor, ms_history_predictor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_PREDICTOR,
                                                      ms_history_predictor_iface_init))

/* ------------------------------------------------------------------------ */
/* Rows                                                                     */

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->sent_on, g_free);
  g_clear_pointer (&row->subject, g_free);
  g_clear_pointer (&row->body, g_free);
}

static double
target_of (const Row *row,
           Target     target)
{
  return target == TARGET_OPEN ? row->open_rate : row->ctr;
}

static void
features_to_x (const MsFeatures *f,
               double           *x)
{
  x[0] = f->subject_characters;
  x[1] = f->subject_emoji;
  x[2] = f->subject_has_number;
  x[3] = f->subject_has_question;
  x[4] = f->has_personalisation;
  x[5] = log1p (f->body_characters);
  x[6] = f->exclamations;
  x[7] = f->urls;
  x[8] = f->emoji;
}

static MsMessage *
message_for (MsChannel   channel,
             const char *subject,
             const char *body)
{
  if (channel == MS_CHANNEL_LINE)
    {
      const char *bubbles[] = { body, NULL };

      return ms_message_new_line (subject, body != NULL && *body != '\0' ? bubbles : NULL, NULL);
    }
  return ms_message_new_email (subject, NULL, body, NULL);
}

/* The text compared: the subject, or for a LINE message without a title the
 * first bubble. */
static const char *
similarity_text (const MsMessage *message)
{
  const char *subject = ms_message_get_field (message, MS_FIELD_SUBJECT);

  if ((subject == NULL || *subject == '\0') && ms_message_get_channel (message) == MS_CHANNEL_LINE)
    return ms_message_get_field (message, MS_FIELD_BUBBLE1);
  return subject;
}

static gboolean
row_usable (const MsCampaignRow *row)
{
  if (row->subject == NULL || *row->subject == '\0')
    return FALSE;
  if (row->recipients >= 0 && row->recipients < MS_HISTORY_MIN_RECIPIENTS)
    return FALSE;
  return !isnan (row->open_rate) || !isnan (row->ctr);
}

/* Only copies: the features are computed by build(), in the learning
 * thread, for the rows kept. */
static void
add_row (MsHistoryPredictor *self,
         const char         *id,
         const char         *sent_on,
         MsChannel           channel,
         const char         *subject,
         const char         *body,
         double              open_rate,
         double              ctr)
{
  Row row = { 0 };

  row.id = g_strdup (id);
  row.sent_on = g_strdup (sent_on);
  row.subject = g_strdup (subject);
  row.body = g_strdup (body);
  row.channel = channel;
  row.open_rate = open_rate;
  row.ctr = ctr;
  g_array_append_val (self->rows, row);
}

static void
compute_features (Row *row)
{
  g_autoptr(MsMessage) message = message_for (row->channel, row->subject, row->body);
  MsFeatures features;

  ms_features_compute (&features, message);
  features_to_x (&features, row->x);
  g_free (row->subject);
  row->subject = g_strdup (similarity_text (message));
  g_clear_pointer (&row->body, g_free);
}

/* ------------------------------------------------------------------------ */
/* Models                                                                   */

static void
model_free (Model *model)
{
  if (model == NULL)
    return;
  for (guint i = 0; i < model->index->len; i++)
    ms_ngram_vector_free (model->vectors[i]);
  g_free (model->vectors);
  ms_ngram_index_free (model->ngrams);
  g_array_unref (model->index);
  ms_ngram_idf_free (model->idf);
  for (guint t = 0; t < N_TARGETS; t++)
    ms_ridge_free (model->ridge[t]);
  g_free (model);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

/* The top MS_HISTORY_K rows by similarity (ties: the earlier row), skipping
 * position @skip of the model (-1: none). Returns how many. */
static guint
nearest (const Model         *model,
         const MsNgramVector *query,
         int                  skip,
         Hit                 *hits)
{
  g_autofree double *sims = g_new (double, model->index->len + 1);
  guint n = 0;

  ms_ngram_index_cosines (model->ngrams, query, sims);
  for (guint i = 0; i < model->index->len; i++)
    {
      double sim = sims[i];
      guint at;

      if ((int) i == skip)
        continue;
      if (sim <= 0 || (n == MS_HISTORY_K && sim <= hits[n - 1].sim))
        continue;
      at = n < MS_HISTORY_K ? n++ : n - 1;
      while (at > 0 && hits[at - 1].sim < sim)
        {
          hits[at] = hits[at - 1];
          at--;
        }
      hits[at].row = i;
      hits[at].sim = sim;
    }
  return n;
}

static double
knn_estimate (const Model *model,
              const GArray *rows,
              const Hit   *hits,
              guint        n_hits,
              Target       target)
{
  double num = KNN_SHRINK * model->mean[target], den = KNN_SHRINK;

  for (guint h = 0; h < n_hits; h++)
    {
      const Row *row = &g_array_index (rows, Row, g_array_index (model->index, guint,
                                                                 hits[h].row));
      double y = target_of (row, target);

      if (isnan (y))
        continue;
      num += hits[h].sim * y;
      den += hits[h].sim;
    }
  return num / den;
}

static double
model_estimate (const Model         *model,
                const GArray        *rows,
                const MsNgramVector *query,
                const double        *x,
                int                  skip,
                Target               target,
                Hit                 *hits,
                guint               *n_hits)
{
  Hit local[MS_HISTORY_K];
  double z[N_FEATURES];
  guint n;

  if (hits == NULL)
    hits = local;
  n = nearest (model, query, skip, hits);
  if (n_hits != NULL)
    *n_hits = n;
  if (model->n_known[target] == 0)
    return NAN;

  memcpy (z, x, sizeof (double) * (N_FEATURES - 1));
  z[N_FEATURES - 1] = knn_estimate (model, rows, hits, n, target);
  if (model->ridge[target] == NULL)
    return z[N_FEATURES - 1];
  return CLAMP (ms_ridge_predict (model->ridge[target], z), 0.0, 1.0);
}

/* A model of @channel over the rows at @positions (of self->rows). */
static Model *
model_build (const GArray *rows,
             const guint  *positions,
             guint         n_positions,
             MsChannel     channel)
{
  g_autoptr(Model) model = g_new0 (Model, 1);
  guint n;

  model->index = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n_positions; i++)
    if (g_array_index (rows, Row, positions[i]).channel == channel)
      g_array_append_val (model->index, positions[i]);
  n = model->index->len;
  if (n == 0)
    return NULL;

  model->vectors = g_new (MsNgramVector *, n);
  for (guint i = 0; i < n; i++)
    model->vectors[i] = ms_ngram_vector_new (g_array_index (rows, Row,
                                                            g_array_index (model->index, guint,
                                                                           i)).subject);
  model->idf = ms_ngram_idf_new (model->vectors, n);
  for (guint i = 0; i < n; i++)
    ms_ngram_vector_reweight (model->vectors[i], model->idf);
  model->ngrams = ms_ngram_index_new (model->vectors, n);

  for (Target t = 0; t < N_TARGETS; t++)
    {
      double sum = 0;

      for (guint i = 0; i < n; i++)
        {
          double y = target_of (&g_array_index (rows, Row, g_array_index (model->index, guint, i)),
                                t);
          if (!isnan (y))
            sum += y, model->n_known[t]++;
        }
      model->mean[t] = model->n_known[t] > 0 ? sum / model->n_known[t] : NAN;
    }

  for (Target t = 0; t < N_TARGETS; t++)
    {
      g_autofree double *x = NULL;
      g_autofree double *y = NULL;
      guint m = 0;

      if (model->n_known[t] < MS_HISTORY_MODEL_MIN_ROWS)
        continue;
      x = g_new (double, (gsize) model->n_known[t] * N_FEATURES);
      y = g_new (double, model->n_known[t]);
      for (guint i = 0; i < n; i++)
        {
          const Row *row = &g_array_index (rows, Row, g_array_index (model->index, guint, i));
          Hit hits[MS_HISTORY_K];
          guint n_hits;

          if (isnan (target_of (row, t)))
            continue;
          memcpy (x + (gsize) m * N_FEATURES, row->x, sizeof (double) * (N_FEATURES - 1));
          n_hits = nearest (model, model->vectors[i], (int) i, hits);
          x[(gsize) m * N_FEATURES + N_FEATURES - 1] = knn_estimate (model, rows, hits, n_hits, t);
          y[m++] = target_of (row, t);
        }
      model->ridge[t] = ms_ridge_fit (x, y, m, N_FEATURES, RIDGE_LAMBDA);
    }

  return g_steal_pointer (&model);
}

/* ------------------------------------------------------------------------ */
/* Time order and the self-check                                            */

typedef struct
{
  const char *date;
  guint       index;
  guint       shuffled;
} OrderKey;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const OrderKey *x = a, *y = b;

  if ((x->date == NULL) != (y->date == NULL))
    return x->date == NULL ? -1 : 1;
  if (x->date == NULL)
    return x->shuffled < y->shuffled ? -1 : x->shuffled > y->shuffled;
  if (strcmp (x->date, y->date) != 0)
    return strcmp (x->date, y->date);
  return x->index < y->index ? -1 : x->index > y->index;
}

static guint *
order_dates (const char * const *dates,
             guint               n,
             guint32             seed)
{
  g_autofree OrderKey *keys = g_new (OrderKey, n);
  g_autofree guint *perm = g_new (guint, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint *order = g_new (guint, n);

  /* Fisher–Yates with a fixed seed: the same order on every machine. */
  for (guint i = 0; i < n; i++)
    perm[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint tmp = perm[i - 1];

      perm[i - 1] = perm[j];
      perm[j] = tmp;
    }
  for (guint i = 0; i < n; i++)
    {
      keys[perm[i]].shuffled = i;
      keys[i].date = dates[i];
      keys[i].index = i;
    }
  if (n > 1)
    qsort (keys, n, sizeof *keys, compare_order);
  for (guint i = 0; i < n; i++)
    order[i] = keys[i].index;
  return order;
}

/**
 * ms_history_order_rows:
 *
 * Orders rows oldest first: dated rows by date (then file order); rows
 * without a date, in a shuffle seeded by @seed, before them.
 *
 * Returns: (transfer full) (array length=n_rows): row indices, oldest first
 */
guint *
ms_history_order_rows (const MsCampaignRow *rows,
                       guint                n_rows,
                       guint32              seed)
{
  g_autofree const char **dates = g_new (const char *, n_rows + 1);

  for (guint i = 0; i < n_rows; i++)
    dates[i] = rows[i].sent_on;
  return order_dates (dates, n_rows, seed);
}

static guint
holdout_size (guint n)
{
  if (n < MS_HISTORY_EVAL_MIN_ROWS)
    return 0;
  return CLAMP ((guint) round (n * 0.2), 1, MS_HISTORY_EVAL_MAX_ROWS);
}

static void
self_check (MsHistoryPredictor *self,
            MsChannel           channel)
{
  g_autofree const char **dates = NULL;
  g_autofree guint *order = NULL;
  g_autofree guint *positions = NULL;
  g_autoptr(Model) model = NULL;
  guint n = 0, n_test;
  double abs_sum[N_TARGETS] = { 0 }, sq_sum[N_TARGETS] = { 0 };
  guint counted[N_TARGETS] = { 0 };

  self->error_n[channel] = 0;
  positions = g_new (guint, self->rows->len + 1);
  dates = g_new (const char *, self->rows->len + 1);
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, Row, i).channel == channel)
      {
        dates[n] = g_array_index (self->rows, Row, i).sent_on;
        positions[n++] = i;
      }
  n_test = holdout_size (n);
  if (n_test == 0)
    return;

  order = order_dates (dates, n, MS_HISTORY_SEED);
  for (guint i = 0; i < n; i++)
    order[i] = positions[order[i]];
  model = model_build (self->rows, order, n - n_test, channel);
  if (model == NULL)
    return;

  for (guint i = n - n_test; i < n; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, order[i]);
      g_autoptr(MsNgramVector) query = ms_ngram_vector_new (row->subject);
      double x[N_FEATURES - 1];

      memcpy (x, row->x, sizeof x);
      ms_ngram_vector_reweight (query, model->idf);
      for (Target t = 0; t < N_TARGETS; t++)
        {
          double y = target_of (row, t);
          double p = model_estimate (model, self->rows, query, x, -1, t, NULL, NULL);

          if (isnan (y) || isnan (p))
            continue;
          abs_sum[t] += fabs (p - y);
          sq_sum[t] += (p - y) * (p - y);
          counted[t]++;
        }
    }

  self->error_n[channel] = counted[TARGET_OPEN];
  for (Target t = 0; t < N_TARGETS; t++)
    {
      self->error_mae[channel][t] = counted[t] > 0 ? abs_sum[t] / counted[t] : NAN;
      self->error_rmse[channel][t] = counted[t] > 0 ? sqrt (sq_sum[t] / counted[t]) : NAN;
    }
}

/* Drops all but the newest MS_HISTORY_MAX_ROWS rows of each channel (in the
 * order the self-check uses), keeping the others in their order. */
static void
keep_newest (MsHistoryPredictor *self)
{
  g_autofree gboolean *keep = g_new0 (gboolean, self->rows->len + 1);
  guint n_kept = 0;

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      g_autofree const char **dates = g_new (const char *, self->rows->len + 1);
      g_autofree guint *positions = g_new (guint, self->rows->len + 1);
      g_autofree guint *order = NULL;
      guint n = 0;

      for (guint i = 0; i < self->rows->len; i++)
        if (g_array_index (self->rows, Row, i).channel == c)
          {
            dates[n] = g_array_index (self->rows, Row, i).sent_on;
            positions[n++] = i;
          }
      order = order_dates (dates, n, MS_HISTORY_SEED);
      for (guint i = n > MS_HISTORY_MAX_ROWS ? n - MS_HISTORY_MAX_ROWS : 0; i < n; i++)
        keep[positions[order[i]]] = TRUE;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      if (!keep[i])
        row_clear (row);
      else
        g_array_index (self->rows, Row, n_kept++) = *row;
    }
  /* the moved rows' strings now belong to their new places */
  g_array_set_clear_func (self->rows, NULL);
  g_array_set_size (self->rows, n_kept);
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
}

static void
build (MsHistoryPredictor *self)
{
  g_autofree guint *all = NULL;

  keep_newest (self);
  for (guint i = 0; i < self->rows->len; i++)
    compute_features (&g_array_index (self->rows, Row, i));

  all = g_new (guint, self->rows->len + 1);

  for (guint i = 0; i < self->rows->len; i++)
    all[i] = i;
  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    {
      self->error_mae[c][TARGET_OPEN] = self->error_mae[c][TARGET_CTR] = NAN;
      self->error_rmse[c][TARGET_OPEN] = self->error_rmse[c][TARGET_CTR] = NAN;
      self->models[c] = model_build (self->rows, all, self->rows->len, c);
      self_check (self, c);
    }
}

/* ------------------------------------------------------------------------ */
/* Predicting                                                               */

static double
round4 (double value)
{
  return round (value * 10000.0) / 10000.0;
}

static MsRange
range_around (double        p50,
              double        rmse,
              const MsRange *baseline,
              double        cap)
{
  MsRange range;

  p50 = CLAMP (p50, 0.0, cap);
  if (!isnan (rmse))
    {
      range.p10 = p50 - 1.2816 * rmse;
      range.p90 = p50 + 1.2816 * rmse;
    }
  else if (baseline->p50 > 0)
    {
      range.p10 = p50 * baseline->p10 / baseline->p50;
      range.p90 = p50 * baseline->p90 / baseline->p50;
    }
  else
    range.p10 = range.p90 = p50;
  range.p10 = round4 (CLAMP (range.p10, 0.0, p50));
  range.p90 = round4 (CLAMP (range.p90, p50, cap));
  range.p50 = round4 (p50);
  return range;
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

static char *
describe (MsHistoryPredictor *self,
          MsChannel           channel,
          gboolean            modelled,
          double             open_rate,
          guint              n_rows)
{
  double pct = open_rate * 100;

  if (self->error_n[channel] == 0)
    return modelled
      /* Translators: %.1f is a percentage, %u a number of sends */
      ? g_strdup_printf (_("Model on %u past sends: open rate %.1f%% (error not measured yet)"),
                         n_rows, pct)
      /* Translators: %.1f is a percentage, %u a number of sends */
      : g_strdup_printf (_("Similar past sends: open rate %.1f%% (from %u sends; error not "
                           "measured yet)"), pct, n_rows);

  return modelled
    /* Translators: %u numbers of sends, %.1f a percentage and its error in points */
    ? g_strdup_printf (_("Model on %u past sends: open rate %.1f%% (error ±%.1f pt, checked on "
                         "the latest %u sends)"),
                       n_rows, pct, self->error_mae[channel][TARGET_OPEN] * 100,
                       self->error_n[channel])
    /* Translators: %.1f a percentage and its error in points, %u a number of sends */
    : g_strdup_printf (_("Similar past sends: open rate %.1f%% (error ±%.1f pt, checked on the "
                         "latest %u sends)"),
                       pct, self->error_mae[channel][TARGET_OPEN] * 100, self->error_n[channel]);
}

static MsPrediction *
ms_history_predictor_predict (MsPredictor      *predictor,
                              const MsMessage  *message,
                              const MsFeatures *features,
                              const guint      *axes,
                              GError          **error)
{
  MsHistoryPredictor *self = MS_HISTORY_PREDICTOR (predictor);
  MsChannel channel = ms_message_get_channel (message);
  const Model *model = self->models[channel];
  g_autoptr(MsPrediction) prediction = NULL;
  g_autoptr(MsNgramVector) query = NULL;
  Hit hits[MS_HISTORY_K];
  guint n_hits = 0;
  double x[N_FEATURES - 1], team[N_TARGETS], blended[N_TARGETS];
  MsRange base_open, base_click, base_conv;
  gboolean modelled;
  double per_recipient;

  prediction = ms_predictor_predict (self->fallback, message, features, axes, error);
  if (prediction == NULL || model == NULL || model->n_known[TARGET_OPEN] == 0)
    return g_steal_pointer (&prediction);

  features_to_x (features, x);
  query = ms_ngram_vector_new (similarity_text (message));
  ms_ngram_vector_reweight (query, model->idf);
  for (Target t = 0; t < N_TARGETS; t++)
    team[t] = model_estimate (model, self->rows, query, x, -1, t, hits, &n_hits);

  base_open = prediction->open_rate;
  base_click = prediction->click_rate;
  base_conv = prediction->conversions;
  for (Target t = 0; t < N_TARGETS; t++)
    {
      double base = t == TARGET_OPEN ? base_open.p50 : base_click.p50;
      double w = ms_history_predictor_blend_weight (model->n_known[t]);

      blended[t] = isnan (team[t]) ? base : w * team[t] + (1 - w) * base;
    }

  prediction->open_rate = range_around (blended[TARGET_OPEN],
                                        self->error_rmse[channel][TARGET_OPEN], &base_open, 1.0);
  prediction->click_rate = range_around (blended[TARGET_CTR],
                                         isnan (team[TARGET_CTR]) ? NAN :
                                         self->error_rmse[channel][TARGET_CTR],
                                         &base_click, prediction->open_rate.p50);
  per_recipient = prediction->click_rate.p50 * prediction->conversion_rate.p50;
  {
    double conversions = round (per_recipient * prediction->list_size * 10) / 10;
    double lo = base_conv.p50 > 0 ? base_conv.p10 / base_conv.p50 : 1;
    double hi = base_conv.p50 > 0 ? base_conv.p90 / base_conv.p50 : 1;

    prediction->conversions.p50 = round4 (conversions);
    prediction->conversions.p10 = round4 (conversions * lo);
    prediction->conversions.p90 = round4 (MIN (conversions * hi, (double) prediction->list_size));
  }

  modelled = model->ridge[TARGET_OPEN] != NULL;
  g_free (prediction->basis);
  prediction->basis = g_strdup (modelled ? "model" : "team_history");
  g_free (prediction->source);
  prediction->source = describe (self, channel, modelled, prediction->open_rate.p50,
                                 model->n_known[TARGET_OPEN]);

  prediction->neighbours = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_neighbour_free);
  for (guint h = 0; h < n_hits && prediction->neighbours->len < MS_HISTORY_N_CITED; h++)
    {
      const Row *row = &g_array_index (self->rows, Row,
                                       g_array_index (model->index, guint, hits[h].row));
      MsNeighbour *n = g_new0 (MsNeighbour, 1);

      n->id = g_strdup (row->id);
      n->subject = g_strdup (row->subject);
      n->sent_on = g_strdup (row->sent_on);
      n->channel = row->channel;
      n->open_rate = row->open_rate;
      n->ctr = row->ctr;
      n->similarity = hits[h].sim;
      g_ptr_array_add (prediction->neighbours, n);
    }

  prediction->error_n = self->error_n[channel];
  prediction->error_open_rate_pt = self->error_n[channel] > 0 ?
    self->error_mae[channel][TARGET_OPEN] * 100 : 0;
  prediction->error_ctr_pt = isnan (self->error_mae[channel][TARGET_CTR]) ? NAN :
    self->error_mae[channel][TARGET_CTR] * 100;

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
    g_clear_pointer (&self->models[c], model_free);
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
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
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

      if (!row_usable (&rows[i]))
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
 * @row: a past send; one without a subject, with too few recipients
 *   (%MS_HISTORY_MIN_RECIPIENTS) or without a rate is left out
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

  if (row_usable (row))
    add_row (self, id, row->sent_on, row->channel, row->subject, row->body,
             row->open_rate, row->ctr);
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
 * What stands out in the rows the predictor was built from: see
 * ms_insights_compute().
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
      const Row *row = &g_array_index (self->rows, Row, i);

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

guint
ms_history_predictor_get_n_rows (MsHistoryPredictor *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), 0);
  return self->rows->len;
}

/**
 * ms_history_predictor_get_error_n:
 *
 * Returns: the email rows the open-rate error was measured on (0: too few)
 */
guint
ms_history_predictor_get_error_n (MsHistoryPredictor *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), 0);
  return self->error_n[MS_CHANNEL_EMAIL];
}

double
ms_history_predictor_get_error_open_rate_pt (MsHistoryPredictor *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_PREDICTOR (self), NAN);
  return self->error_mae[MS_CHANNEL_EMAIL][TARGET_OPEN] * 100;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */

typedef struct
{
  double pred;
  double truth;
  double rank_p;
  double rank_t;
} Pair;

static int
compare_double (double a,
                double b)
{
  return a < b ? -1 : a > b;
}

static int
compare_pred (gconstpointer a, gconstpointer b)
{
  return compare_double (((const Pair *) a)->pred, ((const Pair *) b)->pred);
}

static int
compare_truth (gconstpointer a, gconstpointer b)
{
  return compare_double (((const Pair *) a)->truth, ((const Pair *) b)->truth);
}

/* Average ranks (ties share the mean rank), by @which. */
static void
assign_ranks (Pair     *pairs,
              guint     n,
              gboolean  by_pred)
{
  qsort (pairs, n, sizeof *pairs, by_pred ? compare_pred : compare_truth);
  for (guint i = 0; i < n;)
    {
      guint j = i;
      double v = by_pred ? pairs[i].pred : pairs[i].truth;

      while (j < n && (by_pred ? pairs[j].pred : pairs[j].truth) == v)
        j++;
      for (guint k = i; k < j; k++)
        *(by_pred ? &pairs[k].rank_p : &pairs[k].rank_t) = (i + j - 1) / 2.0;
      i = j;
    }
}

static void
compute_metrics (GArray        *pairs,
                 MsEvalMetrics *metrics)
{
  Pair *p = (Pair *) pairs->data;
  guint n = pairs->len;
  double abs_sum = 0, sq_sum = 0, mp = 0, mt = 0, cov = 0, vp = 0, vt = 0;

  memset (metrics, 0, sizeof *metrics);
  metrics->n = n;
  metrics->spearman = NAN;
  if (n == 0)
    {
      metrics->mae = metrics->rmse = NAN;
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      abs_sum += fabs (p[i].pred - p[i].truth);
      sq_sum += (p[i].pred - p[i].truth) * (p[i].pred - p[i].truth);
    }
  metrics->mae = abs_sum / n;
  metrics->rmse = sqrt (sq_sum / n);

  assign_ranks (p, n, TRUE);
  assign_ranks (p, n, FALSE);
  for (guint i = 0; i < n; i++)
    mp += p[i].rank_p, mt += p[i].rank_t;
  mp /= n, mt /= n;
  for (guint i = 0; i < n; i++)
    {
      cov += (p[i].rank_p - mp) * (p[i].rank_t - mt);
      vp += (p[i].rank_p - mp) * (p[i].rank_p - mp);
      vt += (p[i].rank_t - mt) * (p[i].rank_t - mt);
    }
  if (vp > 0 && vt > 0)
    metrics->spearman = cov / sqrt (vp * vt);
}

static void
add_pair (GArray *pairs,
          double  pred,
          double  truth)
{
  Pair pair = { pred, truth, 0, 0 };

  if (!isnan (pred) && !isnan (truth))
    g_array_append_val (pairs, pair);
}

static void
free_pairs (GArray *pairs[2][3])
{
  for (guint t = 0; t < 2; t++)
    for (guint m = 0; m < 3; m++)
      g_array_unref (pairs[t][m]);
}

/**
 * ms_history_evaluate:
 * @rules: the rule set to score the held-back messages with
 * @holdout: the newest share of rows to test on (0 < holdout < 1)
 * @seed: for the shuffle of rows without a date
 *
 * Trains MsHistoryPredictor on the older rows and compares it, the industry
 * baseline and the training mean on the newest ones: each held-back row is
 * scored as an email or LINE message with the subject and body of the row.
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
                     GError             **error)
{
  g_autoptr(GArray) usable = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
  GArray *pairs[2][3];
  g_autofree guint *order = NULL;
  g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (MsCampaignRow));
  g_autoptr(MsPredictor) baseline = NULL;
  g_autoptr(MsPredictor) predictor = NULL;
  double mean[2] = { 0, 0 };
  guint n_mean[2] = { 0, 0 };
  guint n_test;

  g_return_val_if_fail (rules != NULL && report != NULL, FALSE);
  g_return_val_if_fail (holdout > 0 && holdout < 1, FALSE);

  memset (report, 0, sizeof *report);
  for (guint i = 0; i < n_rows; i++)
    {
      if (row_usable (&rows[i]))
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
    for (guint m = 0; m < 3; m++)
      pairs[t][m] = g_array_new (FALSE, FALSE, sizeof (Pair));

  for (guint i = report->n_train; i < usable->len; i++)
    {
      const MsCampaignRow *row = &g_array_index (usable, MsCampaignRow, order[i]);
      g_autoptr(MsMessage) message = message_for (row->channel, row->subject, row->body);
      MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, "en" };
      MsScoreOptions base_options = { MS_SCORE_FLAGS_NO_VARIANTS, baseline, "en" };
      g_autoptr(MsScoreResult) result = ms_scorer_score (rules, message, &options, error);
      g_autoptr(MsScoreResult) base_result = NULL;
      const MsPrediction *p, *b;

      if (result != NULL)
        base_result = ms_scorer_score (rules, message, &base_options, error);
      if (base_result == NULL)
        {
          free_pairs (pairs);
          return FALSE;
        }
      p = ms_score_result_get_prediction (result);
      b = ms_score_result_get_prediction (base_result);

      add_pair (pairs[0][MS_EVAL_PREDICTOR], p->open_rate.p50, row->open_rate);
      add_pair (pairs[0][MS_EVAL_BASELINE], b->open_rate.p50, row->open_rate);
      add_pair (pairs[0][MS_EVAL_TRAINING_MEAN], mean[0], row->open_rate);
      add_pair (pairs[1][MS_EVAL_PREDICTOR], p->click_rate.p50, row->ctr);
      add_pair (pairs[1][MS_EVAL_BASELINE], b->click_rate.p50, row->ctr);
      add_pair (pairs[1][MS_EVAL_TRAINING_MEAN], mean[1], row->ctr);
    }

  for (guint m = 0; m < 3; m++)
    {
      compute_metrics (pairs[0][m], &report->open[m]);
      compute_metrics (pairs[1][m], &report->ctr[m]);
    }
  free_pairs (pairs);
  return TRUE;
}
