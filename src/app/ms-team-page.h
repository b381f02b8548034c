/* ms-team-page.h — the Team section: the user's team, its rules and plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/ms-store.h"
#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_PAGE (ms_team_page_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamPage, ms_team_page, MS, TEAM_PAGE, GtkWidget)

void ms_team_page_set_store       (MsTeamPage   *self,
                                   MsStore      *store);
void ms_team_page_set_sync_client (MsTeamPage   *self,
                                   MsSyncClient *client);

G_END_DECLS
