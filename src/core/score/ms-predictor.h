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
} MsPrediction;

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
