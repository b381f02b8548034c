/* ms-prediction-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_PREDICTION_VIEW (ms_prediction_view_get_type ())

G_DECLARE_FINAL_TYPE (MsPredictionView, ms_prediction_view, MS, PREDICTION_VIEW, GtkWidget)

void ms_prediction_view_set_draft (MsPredictionView *self,
                                   MsDraft          *draft);

G_END_DECLS
