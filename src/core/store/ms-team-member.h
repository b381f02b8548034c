/* ms-team-member.h — a member of a team, from the synced team_member rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_TEAM_MEMBER (ms_team_member_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamMember, ms_team_member, MS, TEAM_MEMBER, GObject)

MsTeamMember *ms_team_member_new          (const char   *user_id,
                                           const char   *name,
                                           const char   *email,
                                           const char   *role) G_GNUC_WARN_UNUSED_RESULT;
const char   *ms_team_member_get_user_id  (MsTeamMember *self);
const char   *ms_team_member_get_name     (MsTeamMember *self);
const char   *ms_team_member_get_email    (MsTeamMember *self);
const char   *ms_team_member_get_role     (MsTeamMember *self);
gboolean      ms_team_member_get_is_owner (MsTeamMember *self);

G_END_DECLS
