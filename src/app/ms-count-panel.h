/* ms-count-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_COUNT_PANEL (ms_count_panel_get_type ())

G_DECLARE_FINAL_TYPE (MsCountPanel, ms_count_panel, MS, COUNT_PANEL, GtkWidget)

MsDraft *ms_count_panel_get_draft (MsCountPanel *self);
void     ms_count_panel_set_draft (MsCountPanel *self,
                                   MsDraft      *draft);

G_END_DECLS
