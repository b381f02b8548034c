/* ms-churn-eval.h — train the churn model on part of a data set and measure it on the rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-churn-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint           n_rows;
  guint           n_features;
  guint           n_train;
  guint           n_test;
  guint           n_rounds;
  MsChurnMetrics  test;       /* on the held-out rows */
  guint           top[5];     /* the features with the largest mean |contribution| on them */
  double          top_value[5];
  guint           n_top;
} MsChurnReport;

MsChurnModel *ms_churn_evaluate (const MsChurnData  *data,
                                 double              test_share,
                                 guint32             seed,
                                 MsChurnReport      *report,
                                 GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void          ms_churn_report_set_top (MsChurnReport *report,
                                       const double  *importance,
                                       guint          n_features);

G_END_DECLS
