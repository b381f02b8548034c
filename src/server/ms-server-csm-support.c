/* ms-server-csm-support.c — support requests: the customer asks and rates the answer
 * (CSAT) in a tenant of theirs; staff answer and close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-churn-model.h"
#include "csm/ms-csm-account.h"
#include "csm/ms-health.h"
#include "csm/ms-playbook.h"
#include "csm/ms-reasons.h"
#include "csm/ms-csm-signals.h"
#include "ms-account-policy.h"
#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-server-auth.h"
#include "ms-server-csm.h"
#include "ms-server-csm-storage.h"
#include "ms-server-json.h"
#include "ms-server-csm-private.h"

/* ------------------------------------------------------------------------ */
/* Support requests                                                          */

static gboolean
answer_support (MsServerStorage  *storage,
                gpointer          user_data,
                GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autofree char *tenant = NULL;
  g_autofree char *data_json = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *text = NULL;
  gboolean close;

  if (!ms_server_csm_storage_get_event (csm (storage), "support", change->task_id, &tenant,
                                        &data_json, error))
    return FALSE;
  if (tenant == NULL || (data = _ms_server_csm_parse_text (data_json)) == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such support request."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), tenant, &a, error) ||
      !_ms_server_csm_may_see (read, a, error))
    return FALSE;
  answer = _ms_server_csm_get_text (change->request, "answer", FALSE,
                                    _ms_server_csm_survey_config ()->answer_max, error);
  if (answer == NULL)
    return FALSE;
  close = json_object_get_boolean_member_with_default (change->request, "close", FALSE);
  if (*answer != '\0')
    json_object_set_string_member (data, "answer", answer);
  if (close)
    {
      json_object_set_string_member (data, "status", "closed");
      json_object_set_int_member (data, "closed_day", ms_csm_day_from_time (read->now));
    }
  else
    json_object_set_string_member (data, "status", "answered");
  json_object_set_string_member (data, "answered_by", read->user->id);
  text = ms_server_csm_json_text (data);
  if (!ms_server_csm_storage_put_event (csm (storage), tenant, "support", change->task_id,
                                        (gint32) ms_json_object_get_int (data, "day", 0), text,
                                        error))
    return FALSE;
  read->out = _ms_server_csm_support_for_staff (data);
  json_object_set_string_member (read->out, "id", change->task_id);
  return TRUE;
}

JsonObject *
ms_server_csm_answer_support (MsServerStorage     *storage,
                              const MsServerUser  *user,
                              const char          *request_id,
                              JsonObject          *request,
                              gint64               now,
                              GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Change change = { { user, role, NULL, now, 0, NULL }, request_id, request };

  if (role == NULL ||
      !ms_server_storage_transaction (storage, TRUE, answer_support, &change, error))
    return NULL;
  return change.read.out;
}

/* The customer's side: the tenant must be one of theirs. */
gboolean
_ms_server_csm_member_of (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *tenant,
                          GError             **error)
{
  /* Who may ask first: a foreign tenant is 403 on every backend */
  return ms_server_authorize_tenant (storage, user, tenant, NULL, error) &&
         ms_server_csm_available (storage, error);
}

static gboolean
create_support (MsServerStorage  *storage,
                gpointer          user_data,
                GError          **error)
{
  Customer *c = user_data;
  g_autofree char *text = ms_server_csm_json_text (c->data);

  return ms_server_csm_storage_put_event (csm (storage), c->tenant, "support", c->id,
                                          ms_csm_day_from_time (c->now), text, error);
}

JsonObject *
ms_server_csm_support_create (MsServerStorage     *storage,
                              const MsServerUser  *user,
                              JsonObject          *request,
                              gint64               now,
                              GError             **error)
{
  const SurveyConfig *config = _ms_server_csm_survey_config ();
  const char *tenant = ms_server_json_get_string (request, "tenant", TRUE, error);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) data = NULL;
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (tenant == NULL || !_ms_server_csm_member_of (storage, user, tenant, error))
    return NULL;
  subject = _ms_server_csm_get_text (request, "subject", TRUE, config->subject_max, error);
  if (subject == NULL)
    return NULL;
  body = _ms_server_csm_get_text (request, "body", TRUE, config->body_max, error);
  if (body == NULL)
    return NULL;
  id = new_id ();
  data = json_object_new ();
  json_object_set_string_member (data, "subject", subject);
  json_object_set_string_member (data, "body", body);
  json_object_set_string_member (data, "status", "open");
  json_object_set_string_member (data, "user", user->id);
  json_object_set_int_member (data, "created_at", now);
  json_object_set_int_member (data, "closed_day", -1);
  json_object_set_int_member (data, "rating", 0);
  c.id = id;
  c.data = data;
  if (!ms_server_storage_transaction (storage, TRUE, create_support, &c, error))
    return NULL;
  json_object_set_string_member (data, "id", id);
  return json_object_ref (data);
}

static gboolean
list_support (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;
  JsonArray *list = ms_server_csm_storage_list_events (
      csm (storage), c->tenant, "support", _ms_server_csm_survey_config ()->list_max, error);

  if (list == NULL)
    return FALSE;
  c->out = json_object_new ();
  json_object_set_array_member (c->out, "requests", list);
  return TRUE;
}

JsonObject *
ms_server_csm_support_list (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *tenant,
                            GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, 0, NULL };

  if (!_ms_server_csm_member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, list_support, &c, error))
    return NULL;
  return c.out;
}

static gboolean
rate_support (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;
  g_autofree char *tenant = NULL;
  g_autofree char *data_json = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *text = NULL;
  gint64 rating = 0;

  if (!ms_server_csm_storage_get_event (csm (storage), "support", c->id, &tenant, &data_json,
                                        error))
    return FALSE;
  data = _ms_server_csm_parse_text (data_json);
  /* Someone else's request reads as none at all */
  if (tenant == NULL || data == NULL ||
      !ms_server_authorize_tenant (storage, c->user, tenant, NULL, NULL))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such support request."));
      return FALSE;
    }
  if (!ms_server_json_get_int (c->data, "rating", TRUE, &rating, error))
    return FALSE;
  if (rating < 1 || rating > 5)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("A rating is a whole number from 1 to 5."));
      return FALSE;
    }
  json_object_set_int_member (data, "rating", rating);
  if (ms_json_object_get_int (data, "closed_day", -1) < 0)
    {
      json_object_set_int_member (data, "closed_day", ms_csm_day_from_time (c->now));
      json_object_set_string_member (data, "status", "closed");
    }
  text = ms_server_csm_json_text (data);
  if (!ms_server_csm_storage_put_event (csm (storage), tenant, "support", c->id,
                                        (gint32) ms_json_object_get_int (data, "day", 0), text,
                                        error))
    return FALSE;
  json_object_set_string_member (data, "id", c->id);
  c->out = json_object_ref (data);
  return TRUE;
}

JsonObject *
ms_server_csm_support_rate (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *request_id,
                            JsonObject          *request,
                            gint64               now,
                            GError             **error)
{
  Customer c = { user, NULL, request_id, request, now, NULL };

  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, TRUE, rate_support, &c, error))
    return NULL;
  return c.out;
}
