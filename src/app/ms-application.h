/* ms-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "store/ms-learning.h"
#include "store/ms-store.h"
#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

#define MS_TYPE_APPLICATION (ms_application_get_type ())

G_DECLARE_FINAL_TYPE (MsApplication, ms_application, MS, APPLICATION, AdwApplication)

MsApplication *ms_application_new          (const char        *application_id,
                                            GApplicationFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
GSettings     *ms_application_get_settings   (MsApplication     *self);
gint64         ms_application_get_start_time (MsApplication     *self);
MsStore       *ms_application_get_store      (MsApplication     *self);
const GError  *ms_application_get_store_error (MsApplication    *self);
MsLearning    *ms_application_get_learning   (MsApplication     *self);
MsSyncClient  *ms_application_get_sync_client (MsApplication    *self);

G_END_DECLS
