/* ms-churn-model.h — gradient-boosted trees (XGBoost) with a calibrated churn probability
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-churn-data.h"

G_BEGIN_DECLS

typedef struct _MsChurnModel MsChurnModel;

/* How well scores did against what happened. */
typedef struct
{
  guint  n;
  guint  n_positive;
  double auc;                 /* ROC AUC, ties counted half */
  double threshold;           /* the alert threshold on the 0–100 churn score */
  guint  n_alerts;            /* rows at or above it */
  double precision;           /* of those alerts; NAN when there are none */
  double recall;              /* share of the churned rows alerted */
  double calibration_error;   /* expected calibration error over equal-width bins */
  double brier;
} MsChurnMetrics;

MsChurnModel *ms_churn_model_train            (const MsChurnData    *train,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_churn_model_free             (MsChurnModel         *self);
guint         ms_churn_model_get_n_features   (MsChurnModel         *self);
const char   *ms_churn_model_get_feature_name (MsChurnModel         *self,
                                               guint                 index);
guint         ms_churn_model_get_n_rounds     (MsChurnModel         *self);
double       *ms_churn_model_predict          (MsChurnModel         *self,
                                               const float          *x,
                                               guint                 n_rows,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;
float        *ms_churn_model_contributions    (MsChurnModel         *self,
                                               const float          *x,
                                               guint                 n_rows,
                                               gboolean              exact,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_churn_model_score_batch      (MsChurnModel         *self,
                                               const float          *x,
                                               guint                 n_rows,
                                               double               *probability,
                                               float                *contributions);
double        ms_churn_model_calibrate        (MsChurnModel         *self,
                                               double                margin);
double       *ms_churn_model_importance       (MsChurnModel         *self,
                                               const float          *x,
                                               guint                 n_rows,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;

void          ms_churn_model_set_card         (MsChurnModel         *self,
                                               JsonObject           *card);
JsonObject   *ms_churn_model_get_card         (MsChurnModel         *self);
char         *ms_churn_model_to_json          (MsChurnModel         *self,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;
MsChurnModel *ms_churn_model_new_from_json    (const char           *json,
                                               gsize                 length,
                                               GError              **error) G_GNUC_WARN_UNUSED_RESULT;

void          ms_churn_metrics_compute        (const double         *probability,
                                               const float          *y,
                                               guint                 n,
                                               MsChurnMetrics       *out);
double        ms_churn_auc                    (const double         *score,
                                               const float          *y,
                                               guint                 n);
JsonObject   *ms_churn_metrics_to_json        (const MsChurnMetrics *metrics) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsChurnModel, ms_churn_model_free)

G_END_DECLS
