/* ms-team-stats-csv.h — the member stats table as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-encoding.h"
#include "score/ms-team-stats.h"

G_BEGIN_DECLS

GBytes *ms_team_stats_to_csv (MsTeamStats  *stats,
                              guint         month,
                              MsEncoding    encoding,
                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
