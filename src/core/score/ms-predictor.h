/* ms-predictor.h — how a message will do: opens, clicks, conversions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-features.h"
#include "ms-message.h"

G_BEGIN_DECLS

/* Rates are fractions (0.2 = 20 %); conversions are a count. */
typedef struct
{
  double p10;
  double p50;
  double p90;
} MsRange;

/* A past campaign cited as evidence: the nearest ones by n-gram similarity.
 * open_rate/ctr are fractions, NAN when unknown; sent_on "YYYY-MM-DD" or NULL. */
typedef struct
{
  char      *id;
  char      *subject;
  char      *sent_on;
  MsChannel  channel;
  double     open_rate;
  double     ctr;
  double     similarity;  /* 0–1 */
} MsNeighbour;

#define MS_TYPE_PREDICTION (ms_prediction_get_type ())

typedef struct
{
  MsRange  open_rate;        /* opens ÷ delivered (inflated by Apple MPP for email) */
  MsRange  click_rate;       /* clicks ÷ delivered (CTR) */
  MsRange  conversion_rate;  /* conversions ÷ clicks */
  MsRange  conversions;      /* for list_size recipients */
  guint64  list_size;
  char    *basis;            /* "industry_baseline", "team_history" or "model" */
  char    *source;           /* where the numbers come from, for people */
  /* From the team's own results (MsHistoryPredictor); empty or 0 otherwise. */
  GPtrArray *neighbours;          /* (nullable) MsNeighbour, most similar first */
  guint      error_n;             /* held-back rows the error was measured on; 0: none */
  double     error_open_rate_pt;  /* mean absolute error, percentage points */
  double     error_ctr_pt;        /* the same for CTR (all held-back rows); NAN when not measured */
  gboolean   error_similar;       /* the error is that of the held-back rows most like this
                                   * message (else of all of them) */
  double     familiarity;         /* 0–1: how like the rows learned from; NAN: not learned */
} MsPrediction;

MsNeighbour  *ms_neighbour_copy      (const MsNeighbour  *self) G_GNUC_WARN_UNUSED_RESULT;
void          ms_neighbour_free      (MsNeighbour        *self);

GType         ms_prediction_get_type (void) G_GNUC_CONST;
MsPrediction *ms_prediction_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MsPrediction *ms_prediction_copy     (const MsPrediction *self) G_GNUC_WARN_UNUSED_RESULT;
void          ms_prediction_free     (MsPrediction       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPrediction, ms_prediction_free)

#define MS_TYPE_PREDICTOR (ms_predictor_get_type ())

G_DECLARE_INTERFACE (MsPredictor, ms_predictor, MS, PREDICTOR, GObject)

/* A later predictor (neighbours from the team's own campaigns, a fitted
 * model) implements this and is passed in MsScoreOptions. @axes are the
 * message's axis scores (0–100) in MsAxis order. Must be a pure function of
 * its inputs and its own state. */
struct _MsPredictorInterface
{
  GTypeInterface parent_iface;

  MsPrediction *(*predict) (MsPredictor      *self,
                            const MsMessage  *message,
                            const MsFeatures *features,
                            const guint      *axes,
                            GError          **error);
};

MsPrediction *ms_predictor_predict (MsPredictor      *self,
                                    const MsMessage  *message,
                                    const MsFeatures *features,
                                    const guint      *axes,
                                    GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
