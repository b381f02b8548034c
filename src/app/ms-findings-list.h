/* ms-findings-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_FINDINGS_LIST (ms_findings_list_get_type ())

G_DECLARE_FINAL_TYPE (MsFindingsList, ms_findings_list, MS, FINDINGS_LIST, GtkWidget)

void       ms_findings_list_set_draft    (MsFindingsList *self,
                                          MsDraft        *draft);
GtkWidget *ms_findings_list_get_row      (MsFindingsList *self,
                                          guint           finding_index);
GtkWidget *ms_findings_list_get_variant_row (MsFindingsList *self,
                                             guint           variant_index);

G_END_DECLS
