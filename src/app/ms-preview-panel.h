/* ms-preview-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"
#include "ms-preview-view.h"
#include "store/ms-entitlements.h"

G_BEGIN_DECLS

#define MS_TYPE_PREVIEW_PANEL (ms_preview_panel_get_type ())

G_DECLARE_FINAL_TYPE (MsPreviewPanel, ms_preview_panel, MS, PREVIEW_PANEL, GtkWidget)

void           ms_preview_panel_set_draft       (MsPreviewPanel *self,
                                                 MsDraft        *draft);
void           ms_preview_panel_set_plan        (MsPreviewPanel *self,
                                                 MsEntitlements *plan);
gboolean       ms_preview_panel_get_locked      (MsPreviewPanel *self);
void           ms_preview_panel_set_sender_name (MsPreviewPanel *self,
                                                 const char     *sender_name);
MsPreviewView *ms_preview_panel_get_view        (MsPreviewPanel *self,
                                                 const char     *profile_id);
char         **ms_preview_panel_dup_warnings    (MsPreviewPanel *self,
                                                 const char     *profile_id);
gboolean       ms_preview_panel_export          (MsPreviewPanel *self,
                                                 const char     *profile_id,
                                                 GFile          *file,
                                                 GError        **error);

G_END_DECLS
