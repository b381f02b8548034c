/* ms-finding-highlighter.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_FINDING_HIGHLIGHTER (ms_finding_highlighter_get_type ())

G_DECLARE_FINAL_TYPE (MsFindingHighlighter, ms_finding_highlighter, MS, FINDING_HIGHLIGHTER, GObject)

MsFindingHighlighter *ms_finding_highlighter_new        (MsDraft              *draft) G_GNUC_WARN_UNUSED_RESULT;
void                  ms_finding_highlighter_add_view   (MsFindingHighlighter *self,
                                                         MsDraftField          field,
                                                         GtkTextView          *view);
void                  ms_finding_highlighter_add_entry  (MsFindingHighlighter *self,
                                                         MsDraftField          field,
                                                         GtkEditable          *entry);

G_END_DECLS
