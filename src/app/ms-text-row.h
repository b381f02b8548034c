/* ms-text-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MS_TYPE_TEXT_ROW (ms_text_row_get_type ())

G_DECLARE_FINAL_TYPE (MsTextRow, ms_text_row, MS, TEXT_ROW, AdwPreferencesRow)

GtkWidget  *ms_text_row_new          (void);
const char *ms_text_row_get_subtitle (MsTextRow  *self);
void        ms_text_row_set_subtitle (MsTextRow  *self,
                                      const char *subtitle);
void        ms_text_row_add_prefix   (MsTextRow  *self,
                                      GtkWidget  *widget);
void        ms_text_row_add_suffix   (MsTextRow  *self,
                                      GtkWidget  *widget);

G_END_DECLS
