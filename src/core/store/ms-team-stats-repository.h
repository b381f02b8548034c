/* ms-team-stats-repository.h — a team's member stats as the server last computed them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-store.h"
#include "score/ms-team-stats.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_STATS_REPOSITORY (ms_team_stats_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamStatsRepository, ms_team_stats_repository, MS, TEAM_STATS_REPOSITORY, GObject)

MsTeamStatsRepository *ms_team_stats_repository_new       (MsStore                *store) G_GNUC_WARN_UNUSED_RESULT;
MsTeamStats           *ms_team_stats_repository_dup_stats (MsTeamStatsRepository  *self,
                                                           const char             *tenant,
                                                           gint64                 *fetched_at) G_GNUC_WARN_UNUSED_RESULT;

/* For the sync client: the stats route's answer */
gboolean               ms_store_put_team_stats            (MsStore                *store,
                                                           MsTeamStats            *stats,
                                                           GError                **error);

G_END_DECLS
