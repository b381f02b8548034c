/* ms-feedback-trends-view.h — the Feedback section's trends and this month's status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Fills @trends (per reviewer role and name) and @months (this month's
 * feedback per category, resolved, and last month's) from @items
 * (MsFeedbackItem). */
void ms_feedback_trends_view_fill (GtkListBox *trends,
                                   GtkListBox *months,
                                   GListModel *items,
                                   gint64      now);

G_END_DECLS
