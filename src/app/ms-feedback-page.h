/* ms-feedback-page.h — the Feedback section: reviewers' feedback on the team's share links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "store/ms-feedback-repository.h"

G_BEGIN_DECLS

#define MS_TYPE_FEEDBACK_PAGE (ms_feedback_page_get_type ())

G_DECLARE_FINAL_TYPE (MsFeedbackPage, ms_feedback_page, MS, FEEDBACK_PAGE, GtkWidget)

MsFeedbackRepository *ms_feedback_page_get_repository (MsFeedbackPage *self);

G_END_DECLS
