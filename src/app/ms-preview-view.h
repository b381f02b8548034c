/* ms-preview-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"
#include "preview/ms-preview.h"

G_BEGIN_DECLS

#define MS_TYPE_PREVIEW_VIEW (ms_preview_view_get_type ())

G_DECLARE_FINAL_TYPE (MsPreviewView, ms_preview_view, MS, PREVIEW_VIEW, GtkWidget)

GtkWidget       *ms_preview_view_new        (void);
MsPreviewLayout *ms_preview_view_get_layout (MsPreviewView   *self);
void             ms_preview_view_set_layout (MsPreviewView   *self,
                                             MsPreviewLayout *layout,
                                             GPtrArray       *neighbours);
gboolean         ms_preview_view_get_dark   (MsPreviewView   *self);
void             ms_preview_view_set_dark   (MsPreviewView   *self,
                                             gboolean         dark);
void             ms_preview_view_paint      (MsPreviewView   *self,
                                             GtkSnapshot     *snapshot,
                                             double          *width,
                                             double          *height);
GdkTexture      *ms_preview_view_render     (MsPreviewView   *self,
                                             GError         **error);
GdkTexture      *ms_preview_render_node     (GskRenderNode   *node,
                                             double           width,
                                             double           height,
                                             GError         **error);

G_END_DECLS
