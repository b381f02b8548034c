/* ms-server-csm-routes.c — the customer-success routes: staff's accounts, owners,
 * model, tasks and support answers; the customer's support requests, NPS survey and
 * loyalty (ms-server-csm*.c do the work)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-csm.h"
#include "ms-server-json.h"
#include "ms-server-private.h"

static void
reply_result (Request    *req,
              guint       status,
              JsonObject *o,
              GError     *error)
{
  g_autoptr(JsonObject) owned = o;

  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, status, o);
}

void
_ms_server_handle_staff_accounts (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_list_accounts (req->storage, req->user, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_account (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_get_account (req->storage, req->user, req->params[0], req->now,
                                             &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_owner (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_set_owner (req->storage, req->user, req->params[0], req->body,
                                           &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_model (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_get_model (req->storage, req->user, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_tasks (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_list_tasks (req->storage, req->user, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_task (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_update_task (req->storage, req->user, req->params[0], req->body,
                                             req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_staff_support (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_answer_support (req->storage, req->user, req->params[0],
                                                req->body, req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_support_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_create (req->storage, req->user, req->body, req->now,
                                                &error);

  reply_result (req, SOUP_STATUS_CREATED, o, error);
}

void
_ms_server_handle_support_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_list (req->storage, req->user, req->params[0], &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_support_rate (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_support_rate (req->storage, req->user, req->params[0], req->body,
                                              req->now, &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_nps_status (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_nps_status (req->storage, req->user, req->params[0], req->now,
                                            &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}

void
_ms_server_handle_nps_answer (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_nps_answer (req->storage, req->user, req->body, req->now, &error);

  reply_result (req, SOUP_STATUS_CREATED, o, error);
}

void
_ms_server_handle_loyalty (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = ms_server_csm_loyalty (req->storage, req->user, req->params[0], req->now,
                                         &error);

  reply_result (req, SOUP_STATUS_OK, o, error);
}
