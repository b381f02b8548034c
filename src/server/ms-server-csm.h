/* ms-server-csm.h — customer success on the server: staff, their routes, surveys and support
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "csm/ms-churn-model.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_CSM_TENANT "csm:staff"

JsonArray  *ms_server_csm_reasons_json      (MsChurnModel        *model,
                                             const float         *contributions,
                                             const float         *values) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_server_csm_json_text         (JsonObject          *object) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_csm_available         (MsServerStorage     *storage,
                                             GError             **error);
gboolean    ms_server_csm_record_mutation   (MsServerStorage     *storage,
                                             const char          *user_id,
                                             const char          *tenant,
                                             const char          *mutation,
                                             gint64               now,
                                             GError             **error);
gboolean    ms_server_csm_record_use        (MsServerStorage     *storage,
                                             const char          *user_id,
                                             gint64               now,
                                             GError             **error);
gboolean    ms_server_csm_add_staff         (MsServerStorage     *storage,
                                             const char          *email,
                                             const char          *role,
                                             gint64               now,
                                             GError             **error);
JsonObject *ms_server_csm_describe_staff    (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Staff routes (/v1/staff/…): a staff account only; a csm sees its portfolio */
JsonObject *ms_server_csm_list_accounts     (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_get_account       (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *tenant,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_get_model         (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_list_tasks        (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_update_task       (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *task_id,
                                             JsonObject          *request,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_set_owner         (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *tenant,
                                             JsonObject          *request,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_answer_support    (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *request_id,
                                             JsonObject          *request,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Customer routes: a member of the tenant */
JsonObject *ms_server_csm_support_create    (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             JsonObject          *request,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_support_list      (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *tenant,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_support_rate      (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *request_id,
                                             JsonObject          *request,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_nps_status        (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *tenant,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_loyalty           (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             const char          *tenant,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_nps_answer        (MsServerStorage     *storage,
                                             const MsServerUser  *user,
                                             JsonObject          *request,
                                             gint64               now,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
