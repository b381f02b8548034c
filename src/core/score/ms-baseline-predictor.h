/* ms-baseline-predictor.h — predictions from industry × channel baselines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-predictor.h"

G_BEGIN_DECLS

#define MS_TYPE_BASELINE_PREDICTOR (ms_baseline_predictor_get_type ())

G_DECLARE_FINAL_TYPE (MsBaselinePredictor, ms_baseline_predictor, MS, BASELINE_PREDICTOR, GObject)

MsPredictor *ms_baseline_predictor_new (JsonObject *baselines,
                                        const char *language) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
