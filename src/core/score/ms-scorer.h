/* ms-scorer.h — score a message against a rule set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-message.h"
#include "ms-predictor.h"
#include "ms-rule-set.h"
#include "ms-score-result.h"

G_BEGIN_DECLS

#define MS_SCORER_ERROR (ms_scorer_error_quark ())

typedef enum
{
  MS_SCORER_ERROR_INVALID_INPUT,
} MsScorerError;

typedef enum
{
  MS_SCORE_FLAGS_NONE          = 0,
  MS_SCORE_FLAGS_NO_PREDICTION = 1 << 0,
  MS_SCORE_FLAGS_NO_VARIANTS   = 1 << 1,
} MsScoreFlags;

/* All members optional: zero-initialise and set what you need. */
typedef struct
{
  MsScoreFlags  flags;
  MsPredictor  *predictor;   /* NULL: the industry-baseline predictor */
  const char   *language;    /* "ja" or "en"; NULL: ms_score_get_language() */
} MsScoreOptions;

GQuark         ms_scorer_error_quark (void);
MsScoreResult *ms_scorer_score       (MsRuleSet            *rules,
                                      const MsMessage      *message,
                                      const MsScoreOptions *options,
                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
