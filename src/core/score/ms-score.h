/* ms-score.h — the scoring engine's public API, in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "score/ms-baseline-predictor.h"
#include "score/ms-brand-rules.h"
#include "score/ms-features.h"
#include "score/ms-finding.h"
#include "score/ms-message.h"
#include "score/ms-predictor.h"
#include "score/ms-rule.h"
#include "score/ms-rule-pack.h"
#include "score/ms-rule-set.h"
#include "score/ms-score-result.h"
#include "score/ms-score-types.h"
#include "score/ms-scorer.h"
#include "score/ms-segment.h"
#include "score/ms-variant.h"
