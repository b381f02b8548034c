/* ms-server-connection.c — what happens to a request around its route: the early
 * handler (bodies without a Content-Length or above the cap refused before they are read,
 * everything refused while shutting down), the one JSON log line per finished request, and
 * the count of requests in flight that a shutdown waits for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-server-json.h"
#include "ms-server-private.h"

static void
reply_unavailable (SoupServerMessage *msg,
                   const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                                                 message);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Retry-After", "5");
  soup_message_headers_replace (headers, "Connection", "close");
  ms_server_reply_error (msg, error, NULL);
}

/* Answers @msg at once and closes its connection, without reading a body
 * that may never come (a Content-Length that is not a number, or far too
 * large): libsoup would read the body before answering. The request counts
 * as in flight until the connection is closed. */
typedef struct
{
  MsServer          *server;
  SoupServerMessage *msg;
  GIOStream         *stream;
  GBytes            *answer;
} Closing;

static void finish_request (MsServer          *self,
                            SoupServerMessage *msg);


static void
on_closed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Closing *closing = user_data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  /* A stolen message never reaches request-finished. */
  finish_request (closing->server, closing->msg);
  g_object_unref (closing->stream);
  g_object_unref (closing->msg);
  g_object_unref (closing->server);
  g_bytes_unref (closing->answer);
  g_free (closing);
}

static void
on_closing_write_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Closing *closing = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (closing->stream, G_PRIORITY_DEFAULT, NULL, on_closed_cb, closing);
}

static void
reply_and_close (MsServer          *self,
                 SoupServerMessage *msg,
                 const GError      *error,
                 JsonObject        *extra)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  guint status = ms_server_error_status (error);
  JsonObject *e = ms_server_error_to_json (error);
  Closing *closing;

  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (e, name, json_node_copy (value));
    }
  json_object_set_object_member (root, "error", e);
  json_node_set_object (node, root);
  body = json_to_string (node, FALSE);
  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nCache-Control: no-store\r\n"
                          "Connection: close\r\n\r\n%s",
                          status, soup_status_get_phrase (status), strlen (body), body);

  soup_server_message_set_status (msg, status, NULL);
  closing = g_new0 (Closing, 1);
  closing->stream = soup_server_message_steal_connection (msg);
  if (closing->stream == NULL)
    {
      g_free (closing);
      finish_request (self, msg);
      return;
    }
  closing->server = g_object_ref (self);
  closing->msg = g_object_ref (msg);
  closing->answer = g_string_free_to_bytes (g_steal_pointer (&answer));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (closing->stream),
                                   g_bytes_get_data (closing->answer, NULL),
                                   g_bytes_get_size (closing->answer), G_PRIORITY_DEFAULT, NULL,
                                   on_closing_write_cb, closing);
}

void
_ms_server_on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  MsServer *self = user_data;
  g_autoptr(GError) error = NULL;
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "ms-request-info", info, _ms_server_request_info_free);
  self->n_in_flight++;

  if (self->shutting_down)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      reply_unavailable (msg, _("The server is restarting. Try again in a moment."));
      return;
    }
  if (!ms_server_json_check_length (msg, self->max_body, &error))
    {
      SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
      g_autoptr(JsonObject) extra = NULL;

      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE))
        {
          extra = json_object_new ();
          json_object_set_int_member (extra, "max_bytes", (gint64) self->max_body);
        }
      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED) ||
          (guint64) soup_message_headers_get_content_length (request_headers) / 16 >
          self->max_body)
        {
          reply_and_close (self, msg, error, extra);
          return;
        }
      /* The body is still read (so the client gets this answer, not a
       * broken pipe), but dropped as it arrives; the body timeout bounds
       * how long that may take. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      ms_server_reply_error (msg, error, extra);
    }
}

static void
log_request (MsServer          *self,
             SoupServerMessage *msg)
{
  RequestInfo *info = _ms_server_get_info (msg);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  g_autofree char *line = NULL;

  json_object_set_string_member (o, "time", time);
  json_object_set_string_member (o, "method", soup_server_message_get_method (msg));
  /* The pattern, not the path: a path can hold an email address. */
  if (info != NULL && info->route != NULL)
    json_object_set_string_member (o, "path", info->route);
  else
    json_object_set_null_member (o, "path");
  json_object_set_int_member (o, "status", soup_server_message_get_status (msg));
  json_object_set_double_member (o, "duration_ms",
                                 info != NULL ? (g_get_monotonic_time () - info->started) / 1000.0
                                              : 0.0);
  if (info != NULL && info->user_id != NULL)
    json_object_set_string_member (o, "user", info->user_id);
  else
    json_object_set_null_member (o, "user");
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (node, o);
    line = json_to_string (node, FALSE);
  }
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
}

void
_ms_server_maybe_finish_shutdown (MsServer *self)
{
  if (self->shutting_down && self->n_in_flight == 0 && self->shutdown_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->shutdown_task);

      g_task_return_boolean (task, TRUE);
    }
}

static void
finish_request (MsServer          *self,
                SoupServerMessage *msg)
{
  if (_ms_server_get_info (msg) == NULL)
    return;  /* no request arrived on the connection */
  if (self->log_requests)
    log_request (self, msg);
  g_object_set_data (G_OBJECT (msg), "ms-request-info", NULL);
  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  _ms_server_maybe_finish_shutdown (self);
}

void
_ms_server_on_request_finished_cb (SoupServer        *soup,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  finish_request (user_data, msg);
}
