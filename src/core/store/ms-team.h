/* ms-team.h — one team the user belongs to, as GET /v1/teams last said
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_TEAM (ms_team_get_type ())

G_DECLARE_FINAL_TYPE (MsTeam, ms_team, MS, TEAM, GObject)

MsTeam     *ms_team_new             (const char *id,
                                     const char *name,
                                     const char *plan,
                                     const char *role,
                                     gint64      seats_used,
                                     gint64      seats_limit) G_GNUC_WARN_UNUSED_RESULT;
const char *ms_team_get_id          (MsTeam     *self);
const char *ms_team_get_name        (MsTeam     *self);
const char *ms_team_get_plan        (MsTeam     *self);
const char *ms_team_get_role        (MsTeam     *self);
gboolean    ms_team_get_is_owner    (MsTeam     *self);
gint64      ms_team_get_seats_used  (MsTeam     *self);
gint64      ms_team_get_seats_limit (MsTeam     *self);

G_END_DECLS
