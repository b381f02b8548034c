/* ms-team-stats-page.h — the Stats section: member stats and the team trend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_STATS_PAGE (ms_team_stats_page_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamStatsPage, ms_team_stats_page, MS, TEAM_STATS_PAGE, GtkWidget)

MsTeamStats *ms_team_stats_page_get_stats    (MsTeamStatsPage *self);
gboolean     ms_team_stats_page_get_fetching (MsTeamStatsPage *self);

G_END_DECLS
