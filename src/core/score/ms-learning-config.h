/* ms-learning-config.h — what learning from results trusts, from data/learning.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-channel.h"

G_BEGIN_DECLS

/* Read once from data/learning.json and the "plausible" ranges of
 * data/baselines.json; see their comments for what each value means. */
typedef struct
{
  double cite_min_similarity;
  double familiar_similarity;
  double range_tolerance_sd;
  double widen;
  double unfamiliar_below;
  double coverage;
  double holdout_share;
  guint  holdout_min_rows;
  guint  holdout_max_rows;
  guint  like_this_rows;
  guint  like_this_min_rows;
  guint  insight_min_support;
  guint  insight_permutations;
  double insight_max_p;
  guint  insight_seed;
  guint  rank_min_sends;
  double rank_good;
  double rank_fair;
  char  *ab_email_subject;
  char  *ab_email_body;
  char  *ab_email_footer;
  /* per MsChannel: [open rate, click rate] × [low, high], fractions */
  double plausible[2][2][2];
} MsLearningConfig;

const MsLearningConfig *ms_learning_config_get (void);

G_END_DECLS
