/* ms-team-page.h — the Team section: the user's team, its rules and plan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_TEAM_PAGE (ms_team_page_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamPage, ms_team_page, MS, TEAM_PAGE, GtkWidget)


G_END_DECLS
