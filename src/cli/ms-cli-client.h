/* ms-cli-client.h — what the subcommands that talk to the server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "store/ms-store.h"
#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

/* ms-cli-team.c: the client for @server (or the one remembered, or
 * $MSGSCORE_SERVER) with @token_store ("file:PATH", or the keyring) */
MsSyncClient *ms_cli_make_client  (MsStore     *store,
                                   const char  *server,
                                   const char  *token_store,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* TEAM as typed (its tenant, uuid or name) → the team's tenant */
char         *ms_cli_resolve_team (MsStore     *store,
                                   const char  *name,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
