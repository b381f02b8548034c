/* ms-server-csm-survey.c — the NPS survey (when a person is asked, their answer) and an
 * account's loyalty
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
/* NPS                                                                       */

/* When @user may next be asked in @tenant: never in the account's first
 * first_days days, and every_days after their last answer or dismissal. */
static gboolean
nps_due (MsServerStorage  *storage,
         Customer         *c,
         gint64           *next_at,
         GError          **error)
{
  const SurveyConfig *config = _ms_server_csm_survey_config ();
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autoptr(JsonArray) answers = NULL;
  gint64 started, last = 0;

  if (!ms_server_csm_storage_get_account (csm (storage), c->tenant, &a, error))
    return FALSE;
  started = a != NULL ? a->created_at : c->user->created_at;
  answers = ms_server_csm_storage_list_events (csm (storage), c->tenant, "nps", G_MAXINT, error);
  if (answers == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *answer = json_array_get_object_element (answers, i);

      if (g_strcmp0 (ms_json_object_get_string (answer, "user", NULL), c->user->id) == 0)
        last = MAX (last, ms_json_object_get_int (answer, "answered_at", 0));
    }
  *next_at = MAX (started + (gint64) config->nps_first_days * G_TIME_SPAN_DAY,
                  last > 0 ? last + (gint64) config->nps_every_days * G_TIME_SPAN_DAY : 0);
  return TRUE;
}

static gboolean
nps_status (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Customer *c = user_data;
  gint64 next_at = 0;

  if (!nps_due (storage, c, &next_at, error))
    return FALSE;
  c->out = json_object_new ();
  json_object_set_boolean_member (c->out, "due", next_at <= c->now);
  json_object_set_int_member (c->out, "next_at", next_at);
  return TRUE;
}

JsonObject *
ms_server_csm_nps_status (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *tenant,
                          gint64               now,
                          GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (!_ms_server_csm_member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, nps_status, &c, error))
    return NULL;
  return c.out;
}

static gboolean
nps_answer (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Customer *c = user_data;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  gint64 next_at = 0;

  if (!nps_due (storage, c, &next_at, error))
    return FALSE;
  if (next_at > c->now)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT,
                           _("The survey is not open to you now."));
      return FALSE;
    }
  id = new_id ();
  text = ms_server_csm_json_text (c->data);
  return ms_server_csm_storage_put_event (csm (storage), c->tenant, "nps", id,
                                          ms_csm_day_from_time (c->now), text, error);
}

JsonObject *
ms_server_csm_nps_answer (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          JsonObject          *request,
                          gint64               now,
                          GError             **error)
{
  const char *tenant = ms_server_json_get_string (request, "tenant", TRUE, error);
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *reason = NULL;
  gboolean dismissed = json_object_get_boolean_member_with_default (request, "dismissed", FALSE);
  gint64 score = -1;
  Customer c = { user, tenant, NULL, data, now, NULL };

  if (tenant == NULL || !_ms_server_csm_member_of (storage, user, tenant, error))
    return NULL;
  if (!dismissed)
    {
      if (!ms_server_json_get_int (request, "score", TRUE, &score, error))
        return NULL;
      if (score < 0 || score > 10)
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("An NPS answer is a whole number from 0 to 10."));
          return NULL;
        }
      reason = _ms_server_csm_get_text (request, "reason", FALSE,
                                        _ms_server_csm_survey_config ()->nps_reason_max, error);
      if (reason == NULL)
        return NULL;
    }
  json_object_set_int_member (data, "score", score);
  json_object_set_string_member (data, "reason", reason != NULL ? reason : "");
  json_object_set_string_member (data, "user", user->id);
  json_object_set_int_member (data, "answered_at", now);
  if (!ms_server_storage_transaction (storage, TRUE, nps_answer, &c, error))
    return NULL;
  return json_object_ref (data);
}

/* ------------------------------------------------------------------------ */
/* Loyalty                                                                   */

static gboolean
loyalty_of (MsCsmAccount  *account,
            gpointer       user_data,
            GError       **error)
{
  Customer *c = user_data;
  MsCsmSignals signals;
  guint64 into = 0, next = 0;

  ms_csm_signals_compute (account, ms_csm_day_from_time (c->now), &signals);
  ms_csm_level_for_exp (signals.exp, &into, &next);
  json_object_set_int_member (c->out, "exp", (gint64) signals.exp);
  json_object_set_int_member (c->out, "level", signals.level);
  json_object_set_int_member (c->out, "exp_into_level", (gint64) into);
  json_object_set_int_member (c->out, "exp_for_next_level", (gint64) next);
  return TRUE;
}

static gboolean
read_loyalty (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;

  c->out = json_object_new ();
  json_object_set_int_member (c->out, "exp", 0);
  json_object_set_int_member (c->out, "level", 1);
  json_object_set_int_member (c->out, "exp_into_level", 0);
  json_object_set_int_member (c->out, "exp_for_next_level",
                              (gint64) (ms_csm_level_for_exp (0, NULL, NULL) * 100));
  return ms_server_csm_storage_load_history (csm (storage), c->tenant, G_MININT32, loyalty_of, c,
                                             error);
}

/**
 * ms_server_csm_loyalty:
 *
 * Returns: the Exp and level of @tenant (data/csm/loyalty.json), counted
 *   from everything its people did
 */
JsonObject *
ms_server_csm_loyalty (MsServerStorage     *storage,
                       const MsServerUser  *user,
                       const char          *tenant,
                       gint64               now,
                       GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (!_ms_server_csm_member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, read_loyalty, &c, error))
    {
      g_clear_pointer (&c.out, json_object_unref);
      return NULL;
    }
  return c.out;
}
