/* ms-history-model-private.h — one channel's model of past sends, and its estimates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-features.h"
#include "ms-history-predictor.h"
#include "ms-ngram-index.h"
#include "ms-ngram.h"
#include "ms-ridge.h"

G_BEGIN_DECLS

#define MS_HISTORY_N_X        9                     /* message features */
#define MS_HISTORY_N_FEATURES (MS_HISTORY_N_X + 1)  /* … and the neighbour estimate */

/* A past send learned from. */

typedef struct
{
  char      *id;
  char      *sent_on;
  char      *subject;   /* the similarity text once built */
  char      *body;      /* until built */
  MsChannel  channel;
  double     open_rate;
  double     ctr;
  double     total;               /* the score of a saved scoring; NAN for imported rows */
  double     predicted_open_rate; /* predicted when it was saved; NAN when not known */
  double     x[MS_HISTORY_N_X];
} MsHistoryRow;

typedef enum { MS_HISTORY_OPEN, MS_HISTORY_CTR, MS_HISTORY_N_TARGETS } MsHistoryTarget;

/* One channel's model over a subset of the rows. */
typedef struct
{
  GArray         *index;     /* guint into rows (ascending in the full models) */
  MsNgramIdf     *idf;
  MsNgramVector **vectors;   /* tf-idf, parallel to index */
  MsNgramIndex   *ngrams;    /* of the vectors */
  double          mean[MS_HISTORY_N_TARGETS];
  guint           n_known[MS_HISTORY_N_TARGETS];
  double          y_min[MS_HISTORY_N_TARGETS];
  double          y_max[MS_HISTORY_N_TARGETS];
  double          x_min[MS_HISTORY_N_X];
  double          x_max[MS_HISTORY_N_X];
  double          x_sd[MS_HISTORY_N_X];
  MsRidge        *ridge[MS_HISTORY_N_TARGETS];
} MsHistoryModel;

/* A neighbour: a position in the model, and its similarity. */
typedef struct
{
  guint  row;
  double sim;
} MsHistoryHit;

/* One message against one model: its neighbours, how familiar it is (0–1)
 * and the team's estimate of each rate. */
typedef struct
{
  MsHistoryHit hits[MS_HISTORY_K];
  guint        n_hits;
  double       familiarity;
  double       team[MS_HISTORY_N_TARGETS];
} MsHistoryEstimate;

void                _ms_history_row_clear            (MsHistoryRow         *row);
double              _ms_history_target_of            (const MsHistoryRow   *row,
                                                      MsHistoryTarget       target);
void                _ms_history_features_to_x        (const MsFeatures     *features,
                                                      double               *x);
const char         *_ms_history_similarity_text      (const MsMessage      *message);
void                _ms_history_row_compute_features (MsHistoryRow         *row);
const MsHistoryRow *_ms_history_model_row            (const MsHistoryModel *model,
                                                      const GArray         *rows,
                                                      guint                 position);
MsHistoryModel     *_ms_history_model_build          (const GArray         *rows,
                                                      const guint          *positions,
                                                      guint                 n_positions,
                                                      MsChannel             channel);
void                _ms_history_model_free           (MsHistoryModel       *model);
double             *_ms_history_model_cosines        (const MsHistoryModel *model,
                                                      const char           *text);
void                _ms_history_model_estimate       (const MsHistoryModel *model,
                                                      const GArray         *rows,
                                                      const double         *sims,
                                                      int                   skip,
                                                      const double         *x,
                                                      MsHistoryEstimate    *out);
double              _ms_history_widening             (double                familiarity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsHistoryModel, _ms_history_model_free)

G_END_DECLS
