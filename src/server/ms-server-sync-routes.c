/* ms-server-sync-routes.c — the sync routes: push and pull (ms-server-sync.c does the work)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-json.h"
#include "ms-server-private.h"
#include "ms-server-sync.h"

void
_ms_server_handle_push (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) response = NULL;
  gint64 expected_id = 0;

  response = ms_server_sync_push (req->storage, req->user, req->body, req->now,
                                  &expected_id, &error);
  if (response == NULL)
    {
      if (expected_id > 0)
        {
          g_autoptr(JsonObject) extra = json_object_new ();

          json_object_set_int_member (extra, "expected_id", expected_id);
          _ms_server_reply_error_extra (req, error, extra);
          return;
        }
      return _ms_server_reply_error (req, error);
    }
  _ms_server_reply_object (req, SOUP_STATUS_OK, response);
}

void
_ms_server_handle_pull (Request *req)
{
  g_autoptr(GError) error = NULL;
  char *body;

  body = ms_server_sync_pull (req->storage, req->user, req->body, req->now, &error);
  if (body == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_take_body (req, SOUP_STATUS_OK, body);
}
