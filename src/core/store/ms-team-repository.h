/* ms-team-repository.h — the teams the user belongs to, and the active one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-store.h"
#include "ms-team.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_REPOSITORY (ms_team_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamRepository, ms_team_repository, MS, TEAM_REPOSITORY, GObject)

MsTeamRepository *ms_team_repository_new           (MsStore           *store) G_GNUC_WARN_UNUSED_RESULT;
GListModel       *ms_team_repository_get_model     (MsTeamRepository  *self);
MsTeam           *ms_team_repository_dup_team      (MsTeamRepository  *self,
                                                    const char        *id) G_GNUC_WARN_UNUSED_RESULT;
char             *ms_team_repository_dup_active_id (MsTeamRepository  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean          ms_team_repository_set_active_id (MsTeamRepository  *self,
                                                    const char        *id,
                                                    GError           **error);
gboolean          ms_team_repository_put           (MsTeamRepository  *self,
                                                    MsTeam            *team,
                                                    GError           **error);

char             *ms_store_dup_active_team         (MsStore           *store) G_GNUC_WARN_UNUSED_RESULT;

/* For the sync client: the teams as GET /v1/teams says */
char             *ms_store_dup_team_role           (MsStore           *store,
                                                    const char        *tenant) G_GNUC_WARN_UNUSED_RESULT;
gboolean          ms_store_put_team                (MsStore           *store,
                                                    MsTeam            *team,
                                                    GError           **error);
gboolean          ms_store_forget_team             (MsStore           *store,
                                                    const char        *tenant,
                                                    GError           **error);
gboolean          ms_store_replace_teams           (MsStore           *store,
                                                    GPtrArray         *teams,
                                                    GError           **error);
GPtrArray        *ms_store_list_team_ids           (MsStore           *store,
                                                    GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
