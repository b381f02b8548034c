/* ms-server-teams.h — teams as sync tenants: create, list, members, invites, plans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_TEAM_PREFIX "team:"
#define MS_SERVER_INVITE_TTL (7 * G_TIME_SPAN_DAY)

gboolean    ms_server_teams_is_team_plan   (const char          *plan);
gboolean    ms_server_teams_is_team_tenant (const char          *tenant);
const char *ms_server_team_get_plan        (const MsServerTeam  *team,
                                            gint64               now);

JsonObject *ms_server_teams_create         (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            JsonObject          *request,
                                            gint64               now,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_teams_list           (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            gint64               now,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_teams_members        (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            const char          *team_id,
                                            gint64               now,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_teams_invite         (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            const char          *team_id,
                                            JsonObject          *request,
                                            gint64               now,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_teams_accept         (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            JsonObject          *request,
                                            gint64               now,
                                            GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_teams_cancel_invites (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            const char          *team_id,
                                            const char          *email,
                                            gint64               now,
                                            GError             **error);
gboolean    ms_server_teams_remove_member  (MsServerStorage     *storage,
                                            const MsServerUser  *user,
                                            const char          *team_id,
                                            const char          *member_id,
                                            gint64               now,
                                            GError             **error);
gboolean    ms_server_teams_set_plan       (MsServerStorage     *storage,
                                            const char          *team_id,
                                            const char          *plan,
                                            gint64               now,
                                            gboolean            *deferred,
                                            GError             **error);

G_END_DECLS
