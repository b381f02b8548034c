/* ms-campaign-json.h — a campaign row as the sync protocol sends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-campaign-repository.h"

G_BEGIN_DECLS

void _ms_campaign_row_append_json (GString             *s,
                                   const MsCampaignRow *row,
                                   const char          *id);

G_END_DECLS
