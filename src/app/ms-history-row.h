/* ms-history-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/ms-history-item.h"

G_BEGIN_DECLS

#define MS_TYPE_HISTORY_ROW (ms_history_row_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryRow, ms_history_row, MS, HISTORY_ROW, GtkWidget)

MsHistoryItem *ms_history_row_get_item (MsHistoryRow  *self);
void           ms_history_row_set_item (MsHistoryRow  *self,
                                        MsHistoryItem *item);

G_END_DECLS
