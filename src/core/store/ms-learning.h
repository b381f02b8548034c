/* ms-learning.h — what the profile's own results teach, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "score/ms-predictor.h"
#include "score/ms-rule-set.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_LEARNING (ms_learning_get_type ())

G_DECLARE_FINAL_TYPE (MsLearning, ms_learning, MS, LEARNING, GObject)

MsLearning  *ms_learning_new           (MsStore    *store) G_GNUC_WARN_UNUSED_RESULT;
MsPredictor *ms_learning_get_predictor (MsLearning *self);
GPtrArray   *ms_learning_get_insights  (MsLearning *self);
GPtrArray   *ms_learning_get_rank_checks (MsLearning *self);
guint        ms_learning_get_n_rows    (MsLearning *self);
gboolean     ms_learning_get_busy      (MsLearning *self);

G_END_DECLS
