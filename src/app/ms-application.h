/* ms-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_APPLICATION (ms_application_get_type ())

G_DECLARE_FINAL_TYPE (MsApplication, ms_application, MS, APPLICATION, AdwApplication)

MsApplication *ms_application_new            (const char        *application_id,
                                              GApplicationFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
MsContext     *ms_application_get_context    (MsApplication     *self);
gint64         ms_application_get_start_time (MsApplication     *self);

G_END_DECLS
