/* ms-sync-error.h — what can go wrong while syncing, and what to do about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_SYNC_ERROR (ms_sync_error_quark ())

typedef enum
{
  MS_SYNC_ERROR_FAILED,          /* something we have no better word for */
  MS_SYNC_ERROR_OFFLINE,         /* the server cannot be reached: try again later */
  MS_SYNC_ERROR_NOT_SIGNED_IN,   /* no token: sign in */
  MS_SYNC_ERROR_AUTH,            /* the sign-in expired or was revoked: sign in again */
  MS_SYNC_ERROR_BAD_CREDENTIALS, /* wrong email or password */
  MS_SYNC_ERROR_FORBIDDEN,       /* no longer a member of that team */
  MS_SYNC_ERROR_UPGRADE_NEEDED,  /* this MsgScore is too old for the server */
  MS_SYNC_ERROR_BUSY,            /* 429/503: the server asked to wait */
  MS_SYNC_ERROR_SERVER,          /* 5xx */
  MS_SYNC_ERROR_PROTOCOL,        /* an answer we cannot read */
  MS_SYNC_ERROR_NO_KEYRING,      /* no Secret Service to keep the token */
  MS_SYNC_ERROR_TOKEN_STORE,     /* the token file cannot be read or written */
  MS_SYNC_ERROR_CONFLICT,        /* the account already exists, and similar */
  MS_SYNC_ERROR_ROLE,            /* only a team's owners may do that */
  MS_SYNC_ERROR_INVITE,          /* the invitation is unknown, used, expired or for another */
  MS_SYNC_ERROR_SEATS_FULL,      /* the team has no free seat */
  MS_SYNC_ERROR_PLAN,            /* the team's plan does not include it: upgrade_needed */
} MsSyncError;

GQuark ms_sync_error_quark (void);

G_END_DECLS
