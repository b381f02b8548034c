/* ms-rank-check.h — did the score and the prediction rank the team's sends right?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-channel.h"

G_BEGIN_DECLS

typedef enum
{
  MS_RANK_TOO_FEW,   /* fewer sends than data/learning.json's min_sends */
  MS_RANK_WELL,
  MS_RANK_SOMEWHAT,
  MS_RANK_NOT,
} MsRankReading;

typedef struct
{
  MsChannel      channel;
  guint          n;                    /* sends with a score and a real open rate */
  guint          n_needed;             /* before a correlation is shown */
  double         score_spearman;       /* score against the real open rate; NAN: too few */
  MsRankReading  score_reading;
  guint          n_predicted;          /* of them, with a predicted open rate saved */
  double         prediction_spearman;  /* NAN: too few */
  MsRankReading  prediction_reading;
  char          *text;                 /* translated, for people */
} MsRankCheck;

MsRankCheck *ms_rank_check_compute (MsChannel     channel,
                                    const double *totals,
                                    const double *predicted,
                                    const double *actual,
                                    guint         n) G_GNUC_WARN_UNUSED_RESULT;
void         ms_rank_check_free    (MsRankCheck  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRankCheck, ms_rank_check_free)

G_END_DECLS
