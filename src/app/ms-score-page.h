/* ms-score-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_SCORE_PAGE (ms_score_page_get_type ())

G_DECLARE_FINAL_TYPE (MsScorePage, ms_score_page, MS, SCORE_PAGE, GtkWidget)

MsDraft *ms_score_page_get_draft    (MsScorePage     *self);
gboolean ms_score_page_get_saving   (MsScorePage     *self);
void     ms_score_page_load_message (MsScorePage     *self,
                                     const MsMessage *message);

G_END_DECLS
