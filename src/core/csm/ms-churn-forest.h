/* ms-churn-forest.h — XGBoost's trees walked directly, for the daily batch (private to csm/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MsChurnForest MsChurnForest;

MsChurnForest *_ms_churn_forest_new_from_json (const char     *xgboost_json,
                                               gsize           length,
                                               guint           n_features,
                                               guint           n_rounds,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void           _ms_churn_forest_free          (MsChurnForest  *forest);
void           _ms_churn_forest_explain       (MsChurnForest  *forest,
                                               const float    *x,
                                               guint           n_rows,
                                               guint           n_threads,
                                               double         *margin,
                                               float          *contributions);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsChurnForest, _ms_churn_forest_free)

G_END_DECLS
