/* ms-checklist.h — the first-run checklist in the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_CHECKLIST (ms_checklist_get_type ())

G_DECLARE_FINAL_TYPE (MsChecklist, ms_checklist, MS, CHECKLIST, GtkWidget)

GtkListBoxRow *ms_checklist_get_row        (MsChecklist *self,
                                            const char  *step);
const char    *ms_checklist_get_step_title (const char  *step);

G_END_DECLS
