/* ms-server-billing-routes.c — the billing routes: a team's subscription, its changes, its
 * invoices and an invoice's PDF (ms-server-billing*.c do the work)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-billing.h"
#include "ms-server-json.h"
#include "ms-server-private.h"

void
_ms_server_handle_subscription_get (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_get (req->storage, req->user, req->params[0], req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_subscription_change (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_change (req->storage, req->user, req->params[0], req->body, req->now,
                                &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

static void
cancel_or_resume (Request  *req,
                  gboolean  cancel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_billing_cancel (req->storage, req->user, req->params[0], cancel, req->now,
                                &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_subscription_cancel (Request *req)
{
  cancel_or_resume (req, TRUE);
}

void
_ms_server_handle_subscription_resume (Request *req)
{
  cancel_or_resume (req, FALSE);
}

/* upgrade_needed says which plan has the feature. */
static void
reply_upgrade_error (Request      *req,
                     const GError *error,
                     const char   *needed_plan)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  if (needed_plan == NULL)
    return _ms_server_reply_error (req, error);
  json_object_set_string_member (extra, "plan", needed_plan);
  _ms_server_reply_error_extra (req, error, extra);
}

void
_ms_server_handle_invoices (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *needed = NULL;

  o = ms_server_billing_invoices (req->storage, req->user, req->params[0], req->now, &needed,
                                  &error);
  if (o == NULL)
    return reply_upgrade_error (req, error, needed);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_invoice_pdf (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *needed = NULL;
  g_autofree char *disposition = NULL;
  GBytes *pdf;

  pdf = ms_server_billing_invoice_pdf (req->storage, req->user, req->params[0], req->params[1],
                                       req->now, &needed, &error);
  if (pdf == NULL)
    return reply_upgrade_error (req, error, needed);
  req->reply.status = SOUP_STATUS_OK;
  req->reply.bytes = pdf;
  req->reply.content_type = "application/pdf";
  /* Only a number the team has gets here: [A-Z0-9-] */
  disposition = g_strdup_printf ("attachment; filename=\"%s.pdf\"", req->params[1]);
  soup_message_headers_replace (req->reply.headers, "Content-Disposition", disposition);
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "no-store");
}
