/* ms-stats-chart.h — the team's monthly average beside one member's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "score/ms-team-stats.h"

G_BEGIN_DECLS

#define MS_TYPE_STATS_CHART (ms_stats_chart_get_type ())

G_DECLARE_FINAL_TYPE (MsStatsChart, ms_stats_chart, MS, STATS_CHART, GtkWidget)

void ms_stats_chart_set_stats (MsStatsChart *self,
                               MsTeamStats  *stats,
                               const char   *member_id);

G_END_DECLS
