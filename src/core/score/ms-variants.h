/* ms-variants.h — A/B alternatives made by rules (private to the scorer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-rule-set.h"
#include "ms-score-result.h"
#include "ms-scorer.h"

G_BEGIN_DECLS

#define MS_MAX_VARIANTS 3

GPtrArray *_ms_variants_generate (MsRuleSet            *rules,
                                  const MsMessage      *message,
                                  const MsScoreResult  *result,
                                  const MsScoreOptions *options);

G_END_DECLS
