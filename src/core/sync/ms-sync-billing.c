/* ms-sync-billing.c — the REST calls of a team's subscription and invoices
 *
 * README-sync.md, "Subscriptions and invoices": read the subscription, change
 * the plan, cancel or go on, list invoices and download one as a PDF. The
 * answers are the server's JSON as it is: the app reads the subscription
 * with ms_subscription_state_from_json() and prices a change with the same
 * ms_billing_quote_change() the server charges by.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-sync-client-private.h"

static GError *
billing_error (MsSyncResponse *response)
{
  const char *code = _ms_sync_response_code (response);
  JsonObject *o = _ms_sync_response_object (response);
  JsonObject *e = o != NULL && json_object_has_member (o, "error")
                  ? json_object_get_object_member (o, "error") : NULL;
  const char *message = e != NULL ? json_object_get_string_member_with_default (e, "message",
                                                                                NULL)
                                  : NULL;

  if (g_str_equal (code, "forbidden_role"))
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_ROLE,
                                _("Only the team’s owners can do this."));
  /* The server says which plan has it, in the user's words. */
  if (g_str_equal (code, "upgrade_needed") && message != NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_PLAN, message);
  if ((g_str_equal (code, "not_found") || g_str_equal (code, "malformed")) && message != NULL)
    return g_error_new_literal (MS_SYNC_ERROR, MS_SYNC_ERROR_CONFLICT, message);
  return _ms_sync_response_error (response);
}

static void
on_billing_call_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MsSyncClient *self = MS_SYNC_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncResponse) response = _ms_sync_http_request_finish (self, result, &error);
  JsonObject *o;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->status / 100 != 2)
    {
      g_task_return_error (task, billing_error (response));
      return;
    }
  if (g_task_get_source_tag (task) == ms_sync_client_download_invoice_async)
    {
      if (g_strcmp0 (response->content_type, "application/pdf") != 0 || response->bytes == NULL)
        g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                                 _("The server’s answer cannot be read. Try again later or "
                                   "update MsgScore."));
      else
        g_task_return_pointer (task, g_bytes_ref (response->bytes),
                               (GDestroyNotify) g_bytes_unref);
      return;
    }
  o = _ms_sync_response_object (response);
  if (o == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer cannot be read. Try again later or "
                                 "update MsgScore."));
      return;
    }
  g_task_return_pointer (task, json_object_ref (o), (GDestroyNotify) json_object_unref);
}

static void
billing_call (MsSyncClient        *self,
              gpointer             tag,
              const char          *method,
              const char          *team,
              const char          *rest,
              JsonNode            *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  const char *uuid = g_str_has_prefix (team, "team:") ? team + strlen ("team:") : team;
  g_autofree char *escaped = g_uri_escape_string (uuid, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/teams/", escaped, rest, NULL);

  g_task_set_source_tag (task, tag);
  _ms_sync_session_load_tokens (self, NULL);
  if (self->access_token == NULL)
    {
      g_task_return_new_error (task, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to see the team’s plan and invoices."));
      return;
    }
  _ms_sync_http_request_async (self, method, path, body, TRUE, cancellable, on_billing_call_cb,
                               g_steal_pointer (&task));
}

static JsonObject *
billing_finish (MsSyncClient  *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ms_sync_client_get_subscription_async:
 * @team: the team's tenant ("team:<uuid>")
 *
 * The answer (finish) is GET /v1/teams/{team}/subscription as it is.
 */
void
ms_sync_client_get_subscription_async (MsSyncClient        *self,
                                       const char          *team,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);

  billing_call (self, ms_sync_client_get_subscription_async, "GET", team, "/subscription", NULL,
                cancellable, callback, user_data);
}

JsonObject *
ms_sync_client_get_subscription_finish (MsSyncClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return billing_finish (self, result, error);
}

/**
 * ms_sync_client_change_subscription_async:
 * @plan: (nullable): a team plan id
 * @cycle: (nullable): "monthly" or "yearly"
 * @company_name: (nullable): the invoices' recipient, or NULL to keep it
 *
 * Owners only. The answer is the subscription after the change, with
 * "charged" (yen before tax) and "invoice" (the number, or null). Without
 * @plan and @cycle, only the recipient changes.
 */
void
ms_sync_client_change_subscription_async (MsSyncClient        *self,
                                          const char          *team,
                                          const char          *plan,
                                          const char          *cycle,
                                          const char          *company_name,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);
  g_return_if_fail ((plan != NULL && cycle != NULL) ||
                    (plan == NULL && cycle == NULL && company_name != NULL));

  if (plan != NULL)
    json_object_set_string_member (o, "plan", plan);
  if (cycle != NULL)
    json_object_set_string_member (o, "cycle", cycle);
  if (company_name != NULL)
    json_object_set_string_member (o, "company_name", company_name);
  json_node_set_object (body, o);
  billing_call (self, ms_sync_client_change_subscription_async, "POST", team, "/subscription",
                body, cancellable, callback, user_data);
}

JsonObject *
ms_sync_client_change_subscription_finish (MsSyncClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return billing_finish (self, result, error);
}

/**
 * ms_sync_client_cancel_subscription_async:
 * @cancel: TRUE to end at the period's end, FALSE to go on after all
 *
 * Owners only. The answer is the subscription after it.
 */
void
ms_sync_client_cancel_subscription_async (MsSyncClient        *self,
                                          const char          *team,
                                          gboolean             cancel,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);

  billing_call (self, ms_sync_client_cancel_subscription_async, "POST", team,
                cancel ? "/subscription/cancel" : "/subscription/resume", body, cancellable,
                callback, user_data);
}

JsonObject *
ms_sync_client_cancel_subscription_finish (MsSyncClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return billing_finish (self, result, error);
}

/**
 * ms_sync_client_list_invoices_async:
 *
 * Owners only: {"invoices": [{number, issued_on, due_on, period, total,
 * paid, status, overdue_days, corrects}]}, newest first.
 */
void
ms_sync_client_list_invoices_async (MsSyncClient        *self,
                                    const char          *team,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL);

  billing_call (self, ms_sync_client_list_invoices_async, "GET", team, "/invoices", NULL,
                cancellable, callback, user_data);
}

JsonObject *
ms_sync_client_list_invoices_finish (MsSyncClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return billing_finish (self, result, error);
}

/**
 * ms_sync_client_download_invoice_async:
 * @number: an invoice number of the team
 *
 * Owners only. The answer is the invoice as a PDF.
 */
void
ms_sync_client_download_invoice_async (MsSyncClient        *self,
                                       const char          *team,
                                       const char          *number,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *rest = NULL;

  g_return_if_fail (MS_IS_SYNC_CLIENT (self));
  g_return_if_fail (team != NULL && number != NULL);

  escaped = g_uri_escape_string (number, NULL, FALSE);
  rest = g_strconcat ("/invoices/", escaped, NULL);
  billing_call (self, ms_sync_client_download_invoice_async, "GET", team, rest, NULL,
                cancellable, callback, user_data);
}

/**
 * ms_sync_client_download_invoice_finish:
 *
 * Returns: (transfer full): the PDF
 */
GBytes *
ms_sync_client_download_invoice_finish (MsSyncClient  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
