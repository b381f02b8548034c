/* ms-team-invite.c — a team's pending invitation, as the server lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include "ms-team-invite.h"

G_DEFINE_BOXED_TYPE (MsTeamInvite, ms_team_invite, ms_team_invite_copy, ms_team_invite_free)

/**
 * ms_team_invite_new:
 * @role: (nullable): "owner" or "member" (the default)
 */
MsTeamInvite *
ms_team_invite_new (const char *email,
                    const char *role,
                    gint64      expires_at)
{
  MsTeamInvite *self;

  g_return_val_if_fail (email != NULL, NULL);

  self = g_new0 (MsTeamInvite, 1);
  self->email = g_strdup (email);
  self->role = g_strdup (role != NULL ? role : "member");
  self->expires_at = expires_at;
  return self;
}

MsTeamInvite *
ms_team_invite_copy (const MsTeamInvite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return ms_team_invite_new (self->email, self->role, self->expires_at);
}

void
ms_team_invite_free (MsTeamInvite *self)
{
  if (self == NULL)
    return;
  g_free (self->email);
  g_free (self->role);
  g_free (self);
}
