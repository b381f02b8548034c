/* ms-trend-chart-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "io/ms-trend-chart.h"

G_BEGIN_DECLS

#define MS_TYPE_TREND_CHART_VIEW (ms_trend_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (MsTrendChartView, ms_trend_chart_view, MS, TREND_CHART_VIEW, GtkWidget)

void      ms_trend_chart_view_set_points        (MsTrendChartView   *self,
                                                 const MsTrendPoint *points,
                                                 guint               n_points);
guint     ms_trend_chart_view_get_n_points      (MsTrendChartView   *self);
void      ms_trend_chart_view_set_channel       (MsTrendChartView   *self,
                                                 MsChannel           channel);
MsChannel ms_trend_chart_view_get_channel       (MsTrendChartView   *self);
double    ms_trend_chart_view_get_rate_axis_max (MsTrendChartView   *self);

G_END_DECLS
