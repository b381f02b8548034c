/* ms-context.h — what every window and page of the app shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/ms-learning.h"
#include "store/ms-onboarding-repository.h"
#include "store/ms-store.h"
#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

#define MS_TYPE_CONTEXT (ms_context_get_type ())

G_DECLARE_FINAL_TYPE (MsContext, ms_context, MS, CONTEXT, GObject)

MsContext    *ms_context_new             (GSettings   *settings,
                                          const char  *profile_dir) G_GNUC_WARN_UNUSED_RESULT;
GSettings    *ms_context_get_settings    (MsContext   *self);
MsStore      *ms_context_get_store       (MsContext   *self);
const GError *ms_context_get_store_error (MsContext   *self);
MsLearning   *ms_context_get_learning    (MsContext   *self);
MsOnboardingRepository *ms_context_get_onboarding (MsContext *self);
void          ms_context_mark_step       (MsContext   *self,
                                          const char  *step);
GActionGroup *ms_context_get_features    (MsContext   *self);
MsEntitlements *ms_context_get_plan      (MsContext   *self);
MsSyncClient *ms_context_get_sync_client (MsContext   *self);
char         *ms_context_dup_server_url  (MsContext   *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean      ms_context_use_server      (MsContext   *self,
                                          const char  *server_url);
void          ms_context_start           (MsContext   *self);
gboolean      ms_context_get_started     (MsContext   *self);
void          ms_context_show_toast      (MsContext   *self,
                                          GtkWidget   *source,
                                          AdwToast    *toast);
void          ms_context_shutdown        (MsContext   *self);

G_END_DECLS
