/* ms-review-actions.h — "review.share": share a saved scoring with the active team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

void ms_review_actions_install (GtkWidget *widget,
                                MsContext *context);

G_END_DECLS
