/* ms-segment-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_SEGMENT_EDITOR (ms_segment_editor_get_type ())

G_DECLARE_FINAL_TYPE (MsSegmentEditor, ms_segment_editor, MS, SEGMENT_EDITOR, GtkWidget)

void ms_segment_editor_set_draft   (MsSegmentEditor *self,
                                    MsDraft         *draft);
void ms_segment_editor_set_context (MsSegmentEditor *self,
                                    MsContext       *context);

G_END_DECLS
