/* ms-server-csm-tasks.c — the staff's work on an account: playbook tasks and the
 * portfolio owner (a CSM's notes and logged calls are a synced entity of their own:
 * csm_touchpoint, src/core/sync/ms-mutation-csm.c)
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
/* Tasks                                                                     */

JsonObject *
_ms_server_csm_task_to_json (const MsServerCsmTask *t,
                             gint64                 now)
{
  JsonObject *o = json_object_new ();
  const MsPlaybook *playbook = ms_playbook_lookup (t->playbook);
  /* A snooze that has run out is open again. */
  const char *status = g_str_equal (t->status, "snoozed") && t->snoozed_until <= now
                         ? "open" : t->status;

  json_object_set_string_member (o, "id", t->id);
  json_object_set_string_member (o, "account", t->tenant);
  json_object_set_string_member (o, "playbook", t->playbook);
  if (playbook != NULL)
    {
      JsonObject *title = json_object_new ();

      json_object_set_string_member (title, "ja", ms_csm_text (playbook->title, "ja"));
      json_object_set_string_member (title, "en", ms_csm_text (playbook->title, "en"));
      json_object_set_object_member (o, "title", title);
    }
  if (t->owner != NULL)
    json_object_set_string_member (o, "owner", t->owner);
  else
    json_object_set_null_member (o, "owner");
  json_object_set_string_member (o, "status", status);
  json_object_set_int_member (o, "created_at", t->created_at);
  json_object_set_int_member (o, "due_at", t->due_at);
  json_object_set_boolean_member (o, "overdue", g_str_equal (status, "open") && t->due_at < now);
  if (t->snoozed_until > 0)
    json_object_set_int_member (o, "snoozed_until", t->snoozed_until);
  if (t->closed_at > 0)
    json_object_set_int_member (o, "closed_at", t->closed_at);
  if (t->reason != NULL)
    json_object_set_string_member (o, "reason", t->reason);
  return o;
}

static gboolean
list_tasks (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Read *read = user_data;
  g_autoptr(GPtrArray) tasks = ms_server_csm_storage_list_tasks (csm (storage), NULL, TRUE, error);
  JsonArray *list;

  if (tasks == NULL)
    return FALSE;
  list = json_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      MsServerCsmTask *t = tasks->pdata[i];

      /* A csm's own tasks; leads and admins see every task */
      if (!sees_all (read->role) && g_strcmp0 (t->owner, read->user->id) != 0)
        continue;
      json_array_add_object_element (list, _ms_server_csm_task_to_json (t, read->now));
    }
  read->out = json_object_new ();
  json_object_set_array_member (read->out, "tasks", list);
  return TRUE;
}

JsonObject *
ms_server_csm_list_tasks (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          gint64               now,
                          GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Read read = { user, role, NULL, now, 0, NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, list_tasks, &read, error))
    return NULL;
  return read.out;
}

static gboolean
update_task (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autoptr(MsServerCsmTask) task = NULL;
  g_autoptr(MsServerCsmAccount) a = NULL;
  const char *status;
  g_autofree char *reason = NULL;
  gint64 until = 0;

  if (!ms_server_csm_storage_find_task (csm (storage), change->task_id, NULL, NULL, &task, error))
    return FALSE;
  if (task == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such task."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), task->tenant, &a, error) ||
      !_ms_server_csm_may_see (read, a, error))
    return FALSE;
  if (!sees_all (read->role) && task->owner != NULL && g_strcmp0 (task->owner, read->user->id) != 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("This task belongs to another CSM."));
      return FALSE;
    }
  status = ms_server_json_get_string (change->request, "status", TRUE, error);
  if (status == NULL)
    return FALSE;
  reason = _ms_server_csm_get_text (change->request, "reason", FALSE,
                                    _ms_server_csm_survey_config ()->note_max, error);
  if (reason == NULL ||
      !ms_server_json_get_int (change->request, "snoozed_until", FALSE, &until, error))
    return FALSE;
  if (g_str_equal (task->status, "done") || g_str_equal (task->status, "not_needed"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT,
                           _("This task is already closed."));
      return FALSE;
    }
  if (g_str_equal (status, "snoozed"))
    {
      if (until <= read->now || until > read->now + 90 * G_TIME_SPAN_DAY)
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Snooze a task until a time in the next 90 days."));
          return FALSE;
        }
      task->snoozed_until = until;
    }
  else if (g_str_equal (status, "done") || g_str_equal (status, "not_needed"))
    {
      if (g_str_equal (status, "not_needed") && *reason == '\0')
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Say why the task is not needed."));
          return FALSE;
        }
      task->closed_at = read->now;
    }
  else if (!g_str_equal (status, "open"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("A task’s status is open, snoozed, done or not_needed."));
      return FALSE;
    }
  else
    task->snoozed_until = 0;
  g_free (task->status);
  task->status = g_strdup (status);
  if (*reason != '\0')
    {
      g_free (task->reason);
      task->reason = g_steal_pointer (&reason);
    }
  if (!ms_server_csm_storage_put_task (csm (storage), task, error))
    return FALSE;
  read->out = _ms_server_csm_task_to_json (task, read->now);
  return TRUE;
}

JsonObject *
ms_server_csm_update_task (MsServerStorage     *storage,
                           const MsServerUser  *user,
                           const char          *task_id,
                           JsonObject          *request,
                           gint64               now,
                           GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Change change = { { user, role, NULL, now, 0, NULL }, task_id, request };

  if (role == NULL || !ms_server_storage_transaction (storage, TRUE, update_task, &change, error))
    return NULL;
  return change.read.out;
}

static gboolean
set_owner (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autofree char *owner_role = NULL;
  const char *owner;

  if (!sees_all (read->role))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("Only a lead or an admin assigns accounts."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), read->tenant, &a, error) ||
      !_ms_server_csm_may_see (read, a, error))
    return FALSE;
  owner = ms_server_json_get_string (change->request, "owner", FALSE, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (owner != NULL &&
      (!ms_server_csm_storage_get_staff (csm (storage), owner, &owner_role, error) ||
       owner_role == NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                             _("An account’s owner is a staff member."));
      return FALSE;
    }
  if (!ms_server_csm_storage_set_owner (csm (storage), a->tenant, owner, error))
    return FALSE;
  g_free (a->owner);
  a->owner = g_strdup (owner);
  read->out = _ms_server_csm_account_summary (a, NULL);
  return TRUE;
}

JsonObject *
ms_server_csm_set_owner (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         const char          *tenant,
                         JsonObject          *request,
                         GError             **error)
{
  g_autofree char *role = _ms_server_csm_authorize (storage, user, error);
  Change change = { { user, role, tenant, 0, 0, NULL }, NULL, request };

  if (role == NULL || !ms_server_storage_transaction (storage, TRUE, set_owner, &change, error))
    return NULL;
  return change.read.out;
}
