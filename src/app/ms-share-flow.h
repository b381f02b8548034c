/* ms-share-flow.h — share links from the app: make one, list and stop them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-context.h"

G_BEGIN_DECLS

void ms_share_flow_share_scoring  (GtkWidget  *widget,
                                   MsContext  *context,
                                   const char *history_id);
void ms_share_flow_present_links  (GtkWidget  *widget,
                                   MsContext  *context);

G_END_DECLS
