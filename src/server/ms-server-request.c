/* ms-server-request.c — a request's life: its reply, its steps on the storage workers
 *
 * A route fills in a Reply from whichever thread runs it; the main loop
 * writes it (_ms_server_request_finish()). Storage work runs on a pool of
 * worker threads, each with a storage of its own opened on first use
 * (ms_server_storage_open_for_thread()), and comes back to the main loop
 * for the next step (_ms_server_run_in_worker()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-server-json.h"
#include "ms-server-private.h"

void
_ms_server_request_info_free (gpointer data)
{
  RequestInfo *info = data;

  g_free (info->user_id);
  g_free (info);
}

RequestInfo *
_ms_server_get_info (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "ms-request-info");
}

/* ------------------------------------------------------------------------ */
/* Replies: filled in by whichever thread runs the route                     */

void
_ms_server_reply_json (Request  *req,
            guint     status,
            JsonNode *node)
{
  req->reply.status = status;
  g_free (req->reply.body);
  req->reply.body = json_to_string (node, FALSE);
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "no-store");
}

void
_ms_server_reply_object (Request    *req,
              guint       status,
              JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  _ms_server_reply_json (req, status, node);
}

/* @body: (transfer full): a JSON text */
void
_ms_server_reply_take_body (Request *req,
                 guint    status,
                 char    *body)
{
  req->reply.status = status;
  g_free (req->reply.body);
  req->reply.body = body;
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "no-store");
}

void
_ms_server_reply_error_extra (Request      *req,
                   const GError *error,
                   JsonObject   *extra)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *e = ms_server_error_to_json (error);

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
  _ms_server_reply_object (req, ms_server_error_status (error), root);
}

void
_ms_server_reply_error (Request      *req,
             const GError *error)
{
  if (error->domain != MS_SERVER_ERROR)
    {
      guint n_routes;
      const MsServerRoute *route = &ms_server_get_routes (&n_routes)[req->route];

      g_warning ("%s %s: %s", route->method, route->path, error->message);
    }
  /* The database was busy: a moment is enough. */
  if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE) &&
      soup_message_headers_get_one (req->reply.headers, "Retry-After") == NULL)
    soup_message_headers_replace (req->reply.headers, "Retry-After", "1");
  _ms_server_reply_error_extra (req, error, NULL);
}

Request *
_ms_server_request_new (MsServer          *self,
             SoupServerMessage *msg,
             guint              route)
{
  Request *req = g_new0 (Request, 1);

  req->server = g_object_ref (self);
  req->msg = g_object_ref (msg);
  req->route = route;
  req->now = ms_server_get_now (self);
  req->reply.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  return req;
}

void
_ms_server_request_free (Request *req)
{
  g_clear_pointer (&req->user, ms_server_user_free);
  g_free (req->session_id);
  g_clear_pointer (&req->body, json_object_unref);
  g_free (req->params[0]);
  g_free (req->params[1]);
  g_clear_pointer (&req->reply.headers, soup_message_headers_unref);
  g_free (req->reply.body);
  g_clear_pointer (&req->signup, ms_server_signup_free);
  g_clear_pointer (&req->signin, ms_server_signin_free);
  g_free (req->hash);
  g_free (req->address);
  g_clear_error (&req->error);
  g_object_unref (req->msg);
  g_object_unref (req->server);
  g_free (req);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_replace (user_data, name, value);
}

/* On the main loop: writes the reply, lets the message go on, frees @req. */
void
_ms_server_request_finish (Request *req)
{
  SoupServerMessage *msg = req->msg;
  char *body = g_steal_pointer (&req->reply.body);

  soup_message_headers_foreach (req->reply.headers, copy_header,
                                soup_server_message_get_response_headers (msg));
  soup_server_message_set_status (msg, req->reply.status != 0 ? req->reply.status
                                                              : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                  NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body,
                                      strlen (body));
  if (req->paused)
    soup_server_message_unpause (msg);
  _ms_server_request_free (req);
}

/* ------------------------------------------------------------------------ */
/* Storage workers                                                           */

typedef struct
{
  Request  *req;
  WorkFunc  work;   /* on a worker, with req->storage */
  WorkFunc  done;   /* then on the main loop */
} Job;

/* The calling worker thread's storage, opened the first time. */
MsServerStorage *
_ms_server_dup_thread_storage (MsServer  *self,
                               GError   **error)
{
  GThread *thread = g_thread_self ();
  MsServerStorage *storage;

  g_mutex_lock (&self->storage_lock);
  storage = g_hash_table_lookup (self->thread_storage, thread);
  g_mutex_unlock (&self->storage_lock);
  if (storage != NULL)
    return g_object_ref (storage);

  storage = ms_server_storage_open_for_thread (self->storage, error);
  if (storage == NULL)
    return NULL;
  g_mutex_lock (&self->storage_lock);
  g_hash_table_insert (self->thread_storage, thread, g_object_ref (storage));
  g_mutex_unlock (&self->storage_lock);
  return storage;
}

static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;

  job->done (job->req);
  g_free (job);
  return G_SOURCE_REMOVE;
}

void
_ms_server_worker_func (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  Request *req = job->req;
  MsServer *self = req->server;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  storage = _ms_server_dup_thread_storage (self, &error);
  if (storage == NULL)
    {
      g_warning ("no database connection: %s", error->message);
      g_clear_error (&error);
      g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                           _("The server is busy. Try again in a moment."));
      _ms_server_reply_error (req, error);
    }
  else
    {
      req->storage = storage;
      job->work (req);
      req->storage = NULL;
    }
  g_main_context_invoke (self->context, job_done_cb, job);
}

/* From the main loop: runs @work on a storage worker (or at once, with no
 * workers), then @done on the main loop. */
void
_ms_server_run_in_worker (Request  *req,
               WorkFunc  work,
               WorkFunc  done)
{
  MsServer *self = req->server;
  Job *job;

  if (self->workers == NULL)
    {
      req->storage = self->storage;
      work (req);
      req->storage = NULL;
      done (req);
      return;
    }
  if (!req->paused)
    {
      soup_server_message_pause (req->msg);
      req->paused = TRUE;
    }
  job = g_new0 (Job, 1);
  job->req = req;
  job->work = work;
  job->done = done;
  g_thread_pool_push (self->workers, job, NULL);
}
