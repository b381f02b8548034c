/* ms-review-repository.h — a team's shared scorings and fix requests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-review-item.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_REVIEW_REPOSITORY (ms_review_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsReviewRepository, ms_review_repository, MS, REVIEW_REPOSITORY, GObject)

MsReviewRepository *ms_review_repository_new          (MsStore             *store,
                                                       const char          *tenant) G_GNUC_WARN_UNUSED_RESULT;
const char         *ms_review_repository_get_tenant   (MsReviewRepository  *self);
const char         *ms_review_repository_get_user_id  (MsReviewRepository  *self);
gboolean            ms_review_repository_get_is_owner (MsReviewRepository  *self);
GListModel         *ms_review_repository_get_requests (MsReviewRepository  *self);
GListModel         *ms_review_repository_get_scorings (MsReviewRepository  *self);

char               *ms_review_repository_share        (MsReviewRepository  *self,
                                                       const char          *history_id,
                                                       const char          *previous_id,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_review_repository_request_fix  (MsReviewRepository  *self,
                                                       const char          *scoring_id,
                                                       const char          *comment,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;
char               *ms_review_repository_dup_fix_candidate (MsReviewRepository *self,
                                                       const char          *request_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean            ms_review_repository_answer       (MsReviewRepository  *self,
                                                       const char          *request_id,
                                                       const char          *history_id,
                                                       const char          *answer,
                                                       GError             **error);
gboolean            ms_review_repository_close        (MsReviewRepository  *self,
                                                       const char          *request_id,
                                                       GError             **error);

char               *ms_store_dup_fix_request_status   (MsStore             *store,
                                                       const char          *history_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
