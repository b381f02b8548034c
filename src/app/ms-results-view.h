/* ms-results-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "io/ms-trend-chart.h"
#include "ms-core.h"
#include "store/ms-learning.h"

G_BEGIN_DECLS

#define MS_TYPE_RESULTS_VIEW (ms_results_view_get_type ())

G_DECLARE_FINAL_TYPE (MsResultsView, ms_results_view, MS, RESULTS_VIEW, GtkWidget)

void      ms_results_view_set_chart_locked (MsResultsView *self,
                                            const char    *reason);
gboolean  ms_results_view_get_chart_locked (MsResultsView *self);
void      ms_results_view_set_learning (MsResultsView *self,
                                        MsLearning    *learning);
MsChannel ms_results_view_get_channel  (MsResultsView *self);
void      ms_results_view_set_channel  (MsResultsView *self,
                                        MsChannel      channel);
void      ms_results_view_set_points   (MsResultsView      *self,
                                        const MsTrendPoint *points,
                                        guint               n_points);

G_END_DECLS
