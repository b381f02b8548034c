/* ms-server-csm-private.h — what the parts of customer success on the server share
 * (ms-server-csm*.c; not the backends, not the routes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-auth.h"
#include "ms-server-csm-storage.h"

G_BEGIN_DECLS

typedef struct
{
  guint nps_first_days;
  guint nps_every_days;
  guint nps_reason_max;
  guint subject_max;
  guint body_max;
  guint answer_max;
  guint note_max;
  guint list_max;
} SurveyConfig;

typedef struct
{
  const MsServerUser *user;
  const char         *role;
  const char         *tenant;
  gint64              now;
  gint32              day;
  JsonObject         *out;
} Read;

typedef struct
{
  Read        read;
  const char *task_id;
  JsonObject *request;
} Change;

typedef struct
{
  const MsServerUser *user;
  const char         *tenant;
  const char         *id;
  JsonObject         *data;
  gint64              now;
  JsonObject         *out;
} Customer;

static inline MsServerCsmStorage *
csm (MsServerStorage *storage)
{
  return MS_SERVER_CSM_STORAGE (storage);
}

static inline char *
new_id (void)
{
  return g_uuid_string_random ();
}

static inline gboolean
sees_all (const char *role)
{
  return g_strcmp0 (role, "lead") == 0 || g_strcmp0 (role, "admin") == 0;
}

const SurveyConfig *
_ms_server_csm_survey_config (void);

JsonObject *
_ms_server_csm_parse_text (const char *text);

char *
_ms_server_csm_get_text (JsonObject  *request,
          const char  *name,
          gboolean     required,
          guint        max,
          GError     **error);

char *
_ms_server_csm_authorize (MsServerStorage     *storage,
           const MsServerUser  *user,
           GError             **error);

JsonObject *
_ms_server_csm_account_summary (const MsServerCsmAccount *a,
                 JsonObject               *daily);

gboolean
_ms_server_csm_may_see (const Read               *read,
         const MsServerCsmAccount *a,
         GError                  **error);

JsonObject *
_ms_server_csm_support_for_staff (JsonObject *data);

JsonObject *
_ms_server_csm_task_to_json (const MsServerCsmTask *t,
              gint64                 now);

gboolean
_ms_server_csm_member_of (MsServerStorage     *storage,
           const MsServerUser  *user,
           const char          *tenant,
           GError             **error);

G_END_DECLS
