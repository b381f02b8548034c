/* ms-team-invite.h — a team's pending invitation, as the server lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_TEAM_INVITE (ms_team_invite_get_type ())

typedef struct _MsTeamInvite MsTeamInvite;

/**
 * MsTeamInvite:
 * @email: the invited address (lower-cased by the server)
 * @role: "owner" or "member"
 * @expires_at: when the invitation expires, in microseconds since the Unix epoch
 */
struct _MsTeamInvite
{
  char   *email;
  char   *role;
  gint64  expires_at;
};

GType         ms_team_invite_get_type (void);
MsTeamInvite *ms_team_invite_new      (const char         *email,
                                       const char         *role,
                                       gint64              expires_at) G_GNUC_WARN_UNUSED_RESULT;
MsTeamInvite *ms_team_invite_copy     (const MsTeamInvite *self) G_GNUC_WARN_UNUSED_RESULT;
void          ms_team_invite_free     (MsTeamInvite       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTeamInvite, ms_team_invite_free)

G_END_DECLS
