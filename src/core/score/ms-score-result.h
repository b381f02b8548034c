/* ms-score-result.h — a score: total, axes, findings, prediction, variants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-brand-rules.h"
#include "ms-channel.h"
#include "ms-finding.h"
#include "ms-predictor.h"
#include "ms-score-types.h"
#include "ms-variant.h"

G_BEGIN_DECLS

#define MS_SCORE_RESULT_SCHEMA 1

#define MS_SCORE_RESULT_ERROR (ms_score_result_error_quark ())

typedef enum
{
  MS_SCORE_RESULT_ERROR_INVALID,
} MsScoreResultError;

#define MS_TYPE_SCORE_RESULT (ms_score_result_get_type ())

/* Immutable and reference counted. */
typedef struct _MsScoreResult MsScoreResult;

GType               ms_score_result_get_type        (void) G_GNUC_CONST;
GQuark              ms_score_result_error_quark     (void);
MsScoreResult      *ms_score_result_ref             (MsScoreResult        *self);
void                ms_score_result_unref           (MsScoreResult        *self);
const char         *ms_score_result_get_engine      (const MsScoreResult  *self);
const char         *ms_score_result_get_language    (const MsScoreResult  *self);
MsChannel           ms_score_result_get_channel     (const MsScoreResult  *self);
guint               ms_score_result_get_total       (const MsScoreResult  *self);
gboolean            ms_score_result_get_capped      (const MsScoreResult  *self);
gboolean            ms_score_result_get_spam_capped (const MsScoreResult  *self);
guint               ms_score_result_get_axis        (const MsScoreResult  *self,
                                                     MsAxis                axis);
double              ms_score_result_get_axis_weight (const MsScoreResult  *self,
                                                     MsAxis                axis);
const char         *ms_score_result_get_axis_label  (const MsScoreResult  *self,
                                                     MsAxis                axis);
GPtrArray          *ms_score_result_get_findings    (const MsScoreResult  *self);
gboolean            ms_score_result_has_finding     (const MsScoreResult  *self,
                                                     const char           *rule_id);
const MsPrediction *ms_score_result_get_prediction  (const MsScoreResult  *self);
GPtrArray          *ms_score_result_get_variants    (const MsScoreResult  *self);
gboolean            ms_score_result_get_min_score   (const MsScoreResult  *self,
                                                     guint                *threshold,
                                                     gboolean             *passed,
                                                     MsMinScoreAction     *action);
JsonNode           *ms_score_result_to_json         (const MsScoreResult  *self) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_score_result_to_string       (const MsScoreResult  *self,
                                                     gboolean              pretty) G_GNUC_WARN_UNUSED_RESULT;
MsScoreResult      *ms_score_result_new_from_json   (JsonNode             *node,
                                                     GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsScoreResult, ms_score_result_unref)

G_END_DECLS
