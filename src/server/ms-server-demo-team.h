/* ms-server-demo-team.h — the demo's Team Pro team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"
#include "store/ms-store.h"

G_BEGIN_DECLS

/* The demo team's plan: its owner's plan in force too (ms-server-plans.c). */
#define MS_SERVER_DEMO_TEAM_PLAN "team_pro_s"

gboolean ms_server_seed_demo_team (MsServerStorage     *storage,
                                   const MsServerUser  *owner,
                                   MsStore             *owner_store,
                                   GError             **error);

G_END_DECLS
