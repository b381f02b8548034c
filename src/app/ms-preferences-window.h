/* ms-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_PREFERENCES_WINDOW (ms_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MsPreferencesWindow, ms_preferences_window, MS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

MsPreferencesWindow *ms_preferences_window_new (MsContext *context) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
