/* ms-feedback-repository.h — reviewers' feedback on the team's share links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-feedback-item.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_FEEDBACK_REPOSITORY (ms_feedback_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsFeedbackRepository, ms_feedback_repository, MS, FEEDBACK_REPOSITORY,
                      GObject)

MsFeedbackRepository *ms_feedback_repository_new         (MsStore              *store) G_GNUC_WARN_UNUSED_RESULT;
GListModel           *ms_feedback_repository_get_items   (MsFeedbackRepository *self);
const char           *ms_feedback_repository_get_history_id (MsFeedbackRepository *self);
void                  ms_feedback_repository_set_history_id (MsFeedbackRepository *self,
                                                          const char           *history_id);
gboolean              ms_feedback_repository_resolve     (MsFeedbackRepository *self,
                                                          const char           *id,
                                                          const char           *resolution,
                                                          GError              **error);

/* How much feedback a saved scoring has (all, and still open). */
guint                 ms_store_count_feedback            (MsStore              *store,
                                                          const char           *history_id,
                                                          guint                *n_open);

G_END_DECLS
