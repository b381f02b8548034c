/* ms-sync-staff.c — the staff routes, kept in the store for offline use
 *
 * A CSM's Accounts section reads MsStaffRepository, never the network:
 * this fetches GET /v1/staff/accounts and /v1/staff/tasks (one fetch, both
 * kept in one transaction) and GET /v1/staff/accounts/{id} (an account's
 * page) and hands the answers to the store, which keeps them for the
 * signed-in staff account. Staff routes never carry message texts: the
 * server leaves them out, and nothing here asks for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"
#include "ms-json-guard.h"
#include "store/ms-staff-repository.h"

typedef struct
{
  char       *account;   /* an account's page, or NULL for the portfolio */
  JsonObject *accounts;  /* the portfolio's first answer, until the tasks come */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->account);
  g_clear_pointer (&fetch->accounts, json_object_unref);
  g_free (fetch);
}

/**
 * ms_sync_client_get_staff_role:
 *
 * Returns: (nullable): "csm", "lead" or "admin" when the signed-in account
 *   is the service's staff (as /v1/me said, kept for offline use)
 */
const char *
ms_sync_client_get_staff_role (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return ms_sync_client_get_signed_in (self) ? self->staff_role : NULL;
}

/**
 * ms_sync_client_get_user_id:
 *
 * Returns: (nullable): the signed-in account's user id (a CSM's portfolio
 *   names its owner by it)
 */
const char *
ms_sync_client_get_user_id (MsSyncClient *self)
{
  g_return_val_if_fail (MS_IS_SYNC_CLIENT (self), NULL);
  return self->user_id;
}

static GError *
staff_error (MsSyncResponse *response)
{
  JsonObject *o = _ms_sync_response_object (response);
  JsonObject *e = o != NULL ? ms_json_object_get_object (o, "error") : NULL;
  const char *message = e != NULL ? ms_json_object_get_string (e, "message", NULL) : NULL;

  /* Not staff any more, or not this CSM's account: the server says which. */
  if (response->status == SOUP_STATUS_FORBIDDEN && message != NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN, message);
  return _ms_sync_response_error (response);
}

static JsonObject *
answer_object (MsSyncResponse  *response,
               GError         **error)
{
  JsonObject *o;

  if (response->status / 100 != 2)
    {
      g_propagate_error (error, staff_error (response));
      return NULL;
    }
  o = _ms_sync_response_object (response);
  if (o == NULL)
    g_set_error_literal (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                         _("The server’s answer cannot be read. Try again later or update "
                           "MsgScore."));
  return o;
}

static void
on_staff_answer_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  JsonObject *o = response != NULL ? answer_object (response, &error) : NULL;
  gboolean saved;

  if (o == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (fetch->account == NULL && fetch->accounts == NULL)
    {
      /* The portfolio; its tasks next, so both are of one moment. */
      GCancellable *cancellable = g_task_get_cancellable (task);

      fetch->accounts = json_object_ref (o);
      _ms_sync_http_request_async (self, "GET", "/v1/staff/tasks", NULL, TRUE, cancellable,
                                   on_staff_answer_cb, g_steal_pointer (&task));
      return;
    }
  self->applying = TRUE;
  if (fetch->account != NULL)
    saved = ms_store_put_staff_detail (self->store, fetch->account, o, &error);
  else
    saved = ms_store_put_staff_portfolio (self->store, fetch->accounts, o, &error);
  self->applying = FALSE;
  if (!saved)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
staff_call (MsSyncClient        *self,
            gpointer             tag,
            const char          *account,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, tag);
  fetch->account = g_strdup (account);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  _ms_sync_session_load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in with a staff account to see the accounts."));
      return;
    }
  if (account != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (account, NULL, FALSE);

      path = g_strconcat ("/v1/staff/accounts/", escaped, NULL);
    }
  _ms_sync_http_request_async (self, "GET", path != NULL ? path : "/v1/staff/accounts", NULL,
                               TRUE, cancellable, on_staff_answer_cb, g_steal_pointer (&task));
}

/**
 * ms_sync_client_fetch_staff_async:
 *
 * Fetches the signed-in staff account's portfolio and tasks and keeps them
 * in the store (MsStaffRepository).
 */
void
ms_sync_client_fetch_staff_async (MsSyncClient        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));

  staff_call (self, ms_sync_client_fetch_staff_async, NULL, cancellable, callback, user_data);
}

gboolean
ms_sync_client_fetch_staff_finish (MsSyncClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ms_sync_client_fetch_staff_account_async:
 * @account: the customer account's tenant
 *
 * Fetches @account's page (health inputs, churn reasons, tasks, notes) and
 * keeps it in the store.
 */
void
ms_sync_client_fetch_staff_account_async (MsSyncClient        *self,
                                          const char          *account,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (account != NULL);

  staff_call (self, ms_sync_client_fetch_staff_account_async, account, cancellable, callback,
              user_data);
}

gboolean
ms_sync_client_fetch_staff_account_finish (MsSyncClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
