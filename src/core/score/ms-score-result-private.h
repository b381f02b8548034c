/* ms-score-result-private.h — how the scorer fills in a result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-score-result.h"

G_BEGIN_DECLS

struct _MsScoreResult
{
  gatomicrefcount   ref_count;
  char             *engine;
  char             *language;
  MsChannel         channel;
  guint             total;
  gboolean          capped;
  gboolean          spam_capped;
  guint             axes[MS_N_AXES];
  double            weights[MS_N_AXES];
  char             *labels[MS_N_AXES];
  GPtrArray        *findings;      /* MsFinding, by field then position */
  MsPrediction     *prediction;    /* nullable */
  GPtrArray        *variants;      /* MsVariant */
  gboolean          has_min_score;
  guint             min_threshold;
  gboolean          min_passed;
  MsMinScoreAction  min_action;
};

MsScoreResult *_ms_score_result_new (void);

G_END_DECLS
