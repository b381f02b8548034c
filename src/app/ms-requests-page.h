/* ms-requests-page.h — the Requests section: shared scorings and fix requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "store/ms-review-repository.h"

G_BEGIN_DECLS

#define MS_TYPE_REQUESTS_PAGE (ms_requests_page_get_type ())

G_DECLARE_FINAL_TYPE (MsRequestsPage, ms_requests_page, MS, REQUESTS_PAGE, GtkWidget)

MsReviewRepository *ms_requests_page_get_review (MsRequestsPage *self);

G_END_DECLS
