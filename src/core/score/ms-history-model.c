/* ms-history-model.c — one channel's model of past sends, and its estimates
 *
 * The parts of MsHistoryPredictor that learn (ms-history-predictor.c holds
 * the rows, measures the error on held-back rows and turns an estimate into
 * a prediction): the rows' features, the n-gram neighbours, the ridge model
 * on the features and the neighbour estimate, and how familiar a message is
 * to the rows a model learned from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-history-model-private.h"
#include "ms-learning-config.h"

#define KNN_SHRINK   1.0
#define RIDGE_LAMBDA 10.0

/* ------------------------------------------------------------------------ */
/* Rows                                                                     */

void
_ms_history_row_clear (MsHistoryRow *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->sent_on, g_free);
  g_clear_pointer (&row->subject, g_free);
  g_clear_pointer (&row->body, g_free);
}

double
_ms_history_target_of (const MsHistoryRow *row,
                       MsHistoryTarget     target)
{
  return target == MS_HISTORY_OPEN ? row->open_rate : row->ctr;
}

void
_ms_history_features_to_x (const MsFeatures *f,
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
const char *
_ms_history_similarity_text (const MsMessage *message)
{
  const char *subject = ms_message_get_field (message, MS_FIELD_SUBJECT);

  if ((subject == NULL || *subject == '\0') && ms_message_get_channel (message) == MS_CHANNEL_LINE)
    return ms_message_get_field (message, MS_FIELD_BUBBLE1);
  return subject;
}


void
_ms_history_row_compute_features (MsHistoryRow *row)
{
  g_autoptr(MsMessage) message = message_for (row->channel, row->subject, row->body);
  MsFeatures features;

  ms_features_compute (&features, message);
  _ms_history_features_to_x (&features, row->x);
  g_free (row->subject);
  row->subject = g_strdup (_ms_history_similarity_text (message));
  g_clear_pointer (&row->body, g_free);
}

const MsHistoryRow *
_ms_history_model_row (const MsHistoryModel *model,
                       const GArray         *rows,
                       guint                 position)
{
  return &g_array_index (rows, MsHistoryRow, g_array_index (model->index, guint, position));
}


/* ------------------------------------------------------------------------ */
/* Models                                                                   */

void
_ms_history_model_free (MsHistoryModel *model)
{
  if (model == NULL)
    return;
  for (guint i = 0; i < model->index->len; i++)
    ms_ngram_vector_free (model->vectors[i]);
  g_free (model->vectors);
  ms_ngram_index_free (model->ngrams);
  g_array_unref (model->index);
  ms_ngram_idf_free (model->idf);
  for (guint t = 0; t < MS_HISTORY_N_TARGETS; t++)
    ms_ridge_free (model->ridge[t]);
  g_free (model);
}

/* The cosines of @text against every row of @model. */
double *
_ms_history_model_cosines (const MsHistoryModel *model,
                           const char           *text)
{
  g_autoptr(MsNgramVector) query = ms_ngram_vector_new (text);
  double *sims = g_new (double, model->index->len + 1);

  ms_ngram_vector_reweight (query, model->idf);
  ms_ngram_index_cosines (model->ngrams, query, sims);
  return sims;
}

/* The top MS_HISTORY_K rows by similarity (ties: the earlier row), skipping
 * position @skip of the model (-1: none). Returns how many. */
static guint
nearest (const MsHistoryModel *model,
         const double         *sims,
         int                   skip,
         MsHistoryHit         *hits)
{
  guint n = 0;

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
knn_estimate (const MsHistoryModel *model,
              const GArray         *rows,
              const MsHistoryHit   *hits,
              guint                 n_hits,
              MsHistoryTarget       target)
{
  double num = KNN_SHRINK * model->mean[target], den = KNN_SHRINK;

  for (guint h = 0; h < n_hits; h++)
    {
      double y = _ms_history_target_of (_ms_history_model_row (model, rows, hits[h].row), target);

      if (isnan (y))
        continue;
      num += hits[h].sim * y;
      den += hits[h].sim;
    }
  return num / den;
}

/* 1 for a message like the rows learned from; towards 0 as its nearest
 * neighbour gets less similar and its features leave the learned range. */
static double
familiarity (const MsHistoryModel *model,
             const MsHistoryHit   *hits,
             guint                 n_hits,
             const double         *x)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  double near = MIN (1.0, (n_hits > 0 ? hits[0].sim : 0) / config->familiar_similarity);
  double outside = 0;

  for (guint j = 0; j < MS_HISTORY_N_X; j++)
    if (model->x_sd[j] > 0)
      outside += MAX (0, MAX (x[j] - model->x_max[j], model->x_min[j] - x[j])) / model->x_sd[j];
  return near / (1 + outside / config->range_tolerance_sd);
}

double
_ms_history_widening (double familiarity)
{
  return 1 + ms_learning_config_get ()->widen * (1 - familiarity);
}

/* The team's estimate of each rate for one message (@x, @sims against the
 * model's rows), leaving out position @skip of the model (-1: none). */
void
_ms_history_model_estimate (const MsHistoryModel *model,
                            const GArray         *rows,
                            const double         *sims,
                            int                   skip,
                            const double         *x,
                            MsHistoryEstimate    *out)
{
  out->n_hits = nearest (model, sims, skip, out->hits);
  out->familiarity = familiarity (model, out->hits, out->n_hits, x);

  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    {
      double z[MS_HISTORY_N_FEATURES], knn, fitted;

      if (model->n_known[t] == 0)
        {
          out->team[t] = NAN;
          continue;
        }
      knn = knn_estimate (model, rows, out->hits, out->n_hits, t);
      if (model->ridge[t] == NULL)
        {
          out->team[t] = knn;
          continue;
        }
      memcpy (z, x, sizeof (double) * MS_HISTORY_N_X);
      z[MS_HISTORY_N_X] = knn;
      fitted = CLAMP (ms_ridge_predict (model->ridge[t], z), 0.0, 1.0);
      out->team[t] = out->familiarity * fitted + (1 - out->familiarity) * knn;
    }
}

static void
model_measure (MsHistoryModel *model,
               const GArray   *rows)
{
  guint n = model->index->len;

  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    {
      double sum = 0;

      model->y_min[t] = INFINITY;
      model->y_max[t] = -INFINITY;
      for (guint i = 0; i < n; i++)
        {
          double y = _ms_history_target_of (_ms_history_model_row (model, rows, i), t);

          if (isnan (y))
            continue;
          sum += y;
          model->n_known[t]++;
          model->y_min[t] = MIN (model->y_min[t], y);
          model->y_max[t] = MAX (model->y_max[t], y);
        }
      model->mean[t] = model->n_known[t] > 0 ? sum / model->n_known[t] : NAN;
    }

  for (guint j = 0; j < MS_HISTORY_N_X; j++)
    {
      double sum = 0, sq = 0;

      model->x_min[j] = INFINITY;
      model->x_max[j] = -INFINITY;
      for (guint i = 0; i < n; i++)
        {
          double v = _ms_history_model_row (model, rows, i)->x[j];

          sum += v;
          sq += v * v;
          model->x_min[j] = MIN (model->x_min[j], v);
          model->x_max[j] = MAX (model->x_max[j], v);
        }
      model->x_sd[j] = sqrt (MAX (0, sq / n - (sum / n) * (sum / n)));
    }
}

/* A model of @channel over the rows at @positions (of @rows). */
MsHistoryModel *
_ms_history_model_build (const GArray *rows,
                         const guint  *positions,
                         guint         n_positions,
                         MsChannel     channel)
{
  g_autoptr(MsHistoryModel) model = g_new0 (MsHistoryModel, 1);
  g_autofree double *sims = NULL;
  guint n;

  model->index = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n_positions; i++)
    if (g_array_index (rows, MsHistoryRow, positions[i]).channel == channel)
      g_array_append_val (model->index, positions[i]);
  n = model->index->len;
  if (n == 0)
    return NULL;

  model->vectors = g_new (MsNgramVector *, n);
  for (guint i = 0; i < n; i++)
    model->vectors[i] = ms_ngram_vector_new (_ms_history_model_row (model, rows, i)->subject);
  model->idf = ms_ngram_idf_new (model->vectors, n);
  for (guint i = 0; i < n; i++)
    ms_ngram_vector_reweight (model->vectors[i], model->idf);
  model->ngrams = ms_ngram_index_new (model->vectors, n);
  model_measure (model, rows);

  sims = g_new (double, n);
  for (MsHistoryTarget t = 0; t < MS_HISTORY_N_TARGETS; t++)
    {
      g_autofree double *x = NULL;
      g_autofree double *y = NULL;
      guint m = 0;

      if (model->n_known[t] < MS_HISTORY_MODEL_MIN_ROWS)
        continue;
      x = g_new (double, (gsize) model->n_known[t] * MS_HISTORY_N_FEATURES);
      y = g_new (double, model->n_known[t]);
      for (guint i = 0; i < n; i++)
        {
          const MsHistoryRow *row = _ms_history_model_row (model, rows, i);
          MsHistoryHit hits[MS_HISTORY_K];
          guint n_hits;

          if (isnan (_ms_history_target_of (row, t)))
            continue;
          memcpy (x + (gsize) m * MS_HISTORY_N_FEATURES, row->x,
                  sizeof (double) * MS_HISTORY_N_X);
          ms_ngram_index_cosines (model->ngrams, model->vectors[i], sims);
          n_hits = nearest (model, sims, (int) i, hits);
          x[(gsize) m * MS_HISTORY_N_FEATURES + MS_HISTORY_N_X] =
            knn_estimate (model, rows, hits, n_hits, t);
          y[m++] = _ms_history_target_of (row, t);
        }
      model->ridge[t] = ms_ridge_fit (x, y, m, MS_HISTORY_N_FEATURES, RIDGE_LAMBDA);
    }

  return g_steal_pointer (&model);
}
