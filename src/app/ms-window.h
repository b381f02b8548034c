/* ms-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-application.h"
#include "ms-checklist.h"

G_BEGIN_DECLS

#define MS_TYPE_WINDOW (ms_window_get_type ())

G_DECLARE_FINAL_TYPE (MsWindow, ms_window, MS, WINDOW, AdwApplicationWindow)

MsWindow  *ms_window_new      (MsApplication *application) G_GNUC_WARN_UNUSED_RESULT;
GtkWidget *ms_window_get_page (MsWindow      *self,
                               const char    *name);
MsChecklist *ms_window_get_checklist (MsWindow *self);

G_END_DECLS
