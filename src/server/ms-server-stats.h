/* ms-server-stats.h — a team's member stats and trend (GET /v1/teams/{team}/stats)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

JsonObject *ms_server_team_stats (MsServerStorage     *storage,
                                  const MsServerUser  *user,
                                  const char          *team_id,
                                  gint64               now,
                                  char               **needed_plan,
                                  GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
