/* ms-staff-repository.h — what a CSM last fetched of the staff routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ms-store.h"
#include "ms-staff-account.h"

G_BEGIN_DECLS

#define MS_TYPE_STAFF_REPOSITORY (ms_staff_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsStaffRepository, ms_staff_repository, MS, STAFF_REPOSITORY, GObject)

MsStaffRepository *ms_staff_repository_new          (MsStore            *store) G_GNUC_WARN_UNUSED_RESULT;
gint64             ms_staff_repository_get_fetched_at (MsStaffRepository *self);
GListModel        *ms_staff_repository_dup_accounts (MsStaffRepository  *self) G_GNUC_WARN_UNUSED_RESULT;
MsStaffAccount    *ms_staff_repository_dup_account  (MsStaffRepository  *self,
                                                     const char         *account) G_GNUC_WARN_UNUSED_RESULT;
JsonObject        *ms_staff_repository_dup_about    (MsStaffRepository  *self) G_GNUC_WARN_UNUSED_RESULT;
JsonArray         *ms_staff_repository_dup_tasks    (MsStaffRepository  *self) G_GNUC_WARN_UNUSED_RESULT;
char              *ms_staff_repository_dup_scope    (MsStaffRepository  *self) G_GNUC_WARN_UNUSED_RESULT;
JsonObject        *ms_staff_repository_dup_detail   (MsStaffRepository  *self,
                                                     const char         *account,
                                                     gint64             *fetched_at) G_GNUC_WARN_UNUSED_RESULT;

/* For the sync client: the staff routes' answers, kept for the signed-in
 * staff account (the store's tenant) */
gboolean           ms_store_put_staff_portfolio     (MsStore            *store,
                                                     JsonObject         *accounts,
                                                     JsonObject         *tasks,
                                                     GError            **error);
gboolean           ms_store_put_staff_detail        (MsStore            *store,
                                                     const char         *account,
                                                     JsonObject         *detail,
                                                     GError            **error);

G_END_DECLS
