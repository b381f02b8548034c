/* ms-sync-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

#define MS_TYPE_SYNC_INDICATOR (ms_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (MsSyncIndicator, ms_sync_indicator, MS, SYNC_INDICATOR, GtkWidget)

void        ms_sync_indicator_set_client (MsSyncIndicator *self,
                                          MsSyncClient    *client);
const char *ms_sync_indicator_get_text   (MsSyncIndicator *self);

G_END_DECLS
