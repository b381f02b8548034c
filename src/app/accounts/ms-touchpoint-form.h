/* ms-touchpoint-form.h — log a call, meeting or e-mail, or write a note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/ms-touchpoint-repository.h"

G_BEGIN_DECLS

#define MS_TYPE_TOUCHPOINT_FORM (ms_touchpoint_form_get_type ())

G_DECLARE_FINAL_TYPE (MsTouchpointForm, ms_touchpoint_form, MS, TOUCHPOINT_FORM, GtkWidget)

GtkWidget  *ms_touchpoint_form_new         (void);
void        ms_touchpoint_form_set_target  (MsTouchpointForm       *self,
                                            MsTouchpointRepository *repository,
                                            const char             *account);
void        ms_touchpoint_form_set_kind    (MsTouchpointForm       *self,
                                            const char             *kind);
void        ms_touchpoint_form_set_text    (MsTouchpointForm       *self,
                                            const char             *text);
gboolean    ms_touchpoint_form_save        (MsTouchpointForm       *self);
const char *ms_touchpoint_form_get_error   (MsTouchpointForm       *self);

G_END_DECLS
