/* ms-history-predictor.h — predictions from the team's own past results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-predictor.h"
#include "ms-rank-check.h"
#include "ms-rule-set.h"
#include "ms-campaign-row.h"

G_BEGIN_DECLS

/* Rows needed before the ridge model is used (below: neighbours only). */
#define MS_HISTORY_MODEL_MIN_ROWS      30
/* Pseudo-count of the industry baseline in the blend:
 * p50 = w · team + (1 − w) · baseline, w = n / (n + K). */
#define MS_HISTORY_BASELINE_WEIGHT     2.0
/* Neighbours averaged, and at most cited in the result. */
#define MS_HISTORY_K                   10
#define MS_HISTORY_N_CITED             3
/* Rows with fewer known recipients are noise (one open moves the rate 5 pt). */
#define MS_HISTORY_MIN_RECIPIENTS      20
/* Of the shuffle of undated rows when the newest are held back. */
#define MS_HISTORY_SEED                20240531u
/* Rows learned from per channel: the newest. Building finds every row's
 * neighbours among the others, which grows with the square of the rows
 * that share n-grams, so this bounds the build (0.2 s here) and each
 * prediction (25 µs); and a marketer's audience drifts, so the newest say
 * most. */
#define MS_HISTORY_MAX_ROWS            2000

#define MS_TYPE_HISTORY_PREDICTOR (ms_history_predictor_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryPredictor, ms_history_predictor, MS, HISTORY_PREDICTOR, GObject)

MsPredictor *ms_history_predictor_new_from_rows  (const MsCampaignRow *rows,
                                                  guint                n_rows,
                                                  MsPredictor         *fallback) G_GNUC_WARN_UNUSED_RESULT;
MsPredictor *ms_history_predictor_new_empty      (MsPredictor         *fallback) G_GNUC_WARN_UNUSED_RESULT;
void         ms_history_predictor_add_row        (MsHistoryPredictor  *self,
                                                  const char          *id,
                                                  const MsCampaignRow *row);
void         ms_history_predictor_add_scored_row (MsHistoryPredictor  *self,
                                                  const char          *id,
                                                  const MsCampaignRow *row,
                                                  double               total,
                                                  double               predicted_open_rate);
void         ms_history_predictor_build          (MsHistoryPredictor  *self);
GPtrArray   *ms_history_predictor_compute_insights (MsHistoryPredictor *self,
                                                    guint               min_support,
                                                    guint               top_n) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *ms_history_predictor_compute_rank_checks (MsHistoryPredictor *self) G_GNUC_WARN_UNUSED_RESULT;
guint        ms_history_predictor_get_n_rows     (MsHistoryPredictor  *self);
guint        ms_history_predictor_get_error_n    (MsHistoryPredictor  *self,
                                                  MsChannel            channel);
double       ms_history_predictor_get_error_open_rate_pt (MsHistoryPredictor *self,
                                                          MsChannel           channel);
double       ms_history_predictor_blend_weight   (guint                n_rows);
gboolean     ms_history_row_usable               (const MsCampaignRow *row);

G_END_DECLS
