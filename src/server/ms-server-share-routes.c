/* ms-server-share-routes.c — the routes of share links (ms-server-share.c):
 * the owner's POST/GET /v1/shares and DELETE /v1/shares/{link}, and the page
 * /r/<token> with its stylesheet, with no account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-json-guard.h"
#include "sync/ms-mutation.h"
#include "ms-server-api.h"
#include "ms-server-json.h"
#include "ms-server-private.h"
#include "ms-server-share.h"
#include "ms-server-template.h"

#define PAGE_TYPE "text/html; charset=utf-8"
#define PAGE_CSP "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';" \
                 " base-uri 'none'; frame-ancestors 'none'"

/* ------------------------------------------------------------------------ */
/* Routes                                                                    */

/* Per server: the page limits per client address. */
typedef struct
{
  MsServerApiLimiter *views;
  MsServerApiLimiter *misses;
} Limits;

static void
limits_free (gpointer data)
{
  Limits *limits = data;

  ms_server_api_limiter_free (limits->views);
  ms_server_api_limiter_free (limits->misses);
  g_free (limits);
}

static Limits *
get_limits (MsServer *server)
{
  static GMutex lock;
  Limits *limits;

  g_mutex_lock (&lock);
  limits = g_object_get_data (G_OBJECT (server), "ms-share-limits");
  if (limits == NULL)
    {
      limits = g_new0 (Limits, 1);
      limits->views = ms_server_api_limiter_new ();
      ms_server_api_limiter_set_limit (limits->views,
                                       MAX (1, ms_sync_limit ("share.views_per_minute", "max")));
      limits->misses = ms_server_api_limiter_new ();
      ms_server_api_limiter_set_limit (limits->misses,
                                       MAX (1, ms_sync_limit ("share.misses_per_minute", "max")));
      g_object_set_data_full (G_OBJECT (server), "ms-share-limits", limits, limits_free);
    }
  g_mutex_unlock (&lock);
  return limits;
}

/* Answers @html (taken) with the headers every page of a link has. */
void
_ms_server_share_reply_page (Request *req,
                             guint    status,
                             char    *html)
{
  req->reply.status = status;
  g_clear_pointer (&req->reply.bytes, g_bytes_unref);
  req->reply.bytes = g_bytes_new_take (html, strlen (html));
  req->reply.content_type = PAGE_TYPE;
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "no-store");
  soup_message_headers_replace (req->reply.headers, "X-Robots-Tag", "noindex, nofollow");
  soup_message_headers_replace (req->reply.headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (req->reply.headers, "Content-Security-Policy", PAGE_CSP);
  soup_message_headers_replace (req->reply.headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (req->reply.headers, "X-Frame-Options", "DENY");
}

/* The snapshot a link keeps. */
gboolean
_ms_server_share_load_snapshot (const MsServerShareLink  *link,
                                MsServerShareSnapshot    *snapshot,
                                GError                  **error)
{
  MsJsonLimits json_limits = { G_MAXSIZE, MS_JSON_MAX_DEPTH_REQUEST };
  g_autoptr(JsonNode) node = ms_json_guard_parse (link->snapshot_json,
                                                  strlen (link->snapshot_json),
                                                  &json_limits, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INTERNAL,
                           "a share link's snapshot is not an object");
      return FALSE;
    }
  return ms_server_share_snapshot_parse (json_node_get_object (node), snapshot, error);
}

static void
reply_busy (Request *req,
            gint64   retry_after)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (1, retry_after));

  soup_message_headers_replace (req->reply.headers, "Retry-After", value);
  _ms_server_share_reply_page (req, 429, ms_server_share_render_gone (TRUE));
}

void
_ms_server_handle_share_page (Request *req)
{
  Limits *limits = get_limits (req->server);
  g_autofree char *address = _ms_server_dup_client_address (req);
  g_autoptr(MsServerShareLink) link = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MsServerShareSnapshot) snapshot = { 0 };
  const char *key = address != NULL ? address : "";
  guint remaining;
  gint64 reset;

  if (!ms_server_api_limiter_peek (limits->misses, key, req->now, &reset))
    return reply_busy (req, reset);
  if (!ms_server_api_limiter_take (limits->views, key, req->now, &remaining, &reset))
    return reply_busy (req, reset);

  link = ms_server_share_open (req->storage, req->params[0], req->now, &error);
  if (link != NULL && _ms_server_share_load_snapshot (link, &snapshot, &error))
    {
      /* a Team Pro member's link: the reviewer's form under the findings */
      g_autofree char *form = _ms_server_review_dup_form (req, link, &snapshot);

      return _ms_server_share_reply_page (req, SOUP_STATUS_OK,
                                          ms_server_share_render_page (&snapshot,
                                                                       link->expires_at, form));
    }

  if (error != NULL && g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE))
    {
      soup_message_headers_replace (req->reply.headers, "Retry-After", "1");
      return _ms_server_share_reply_page (req, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                          ms_server_share_render_gone (TRUE));
    }
  if (error != NULL)
    g_warning ("GET /r/{token}: %s", error->message);
  ms_server_api_limiter_take (limits->misses, key, req->now, &remaining, &reset);
  _ms_server_share_reply_page (req, SOUP_STATUS_NOT_FOUND, ms_server_share_render_gone (FALSE));
}

/* The pages' stylesheet, the one asset they load. */
void
_ms_server_handle_share_css (Request *req)
{
  req->reply.status = SOUP_STATUS_OK;
  req->reply.bytes = ms_server_template_get_bytes ("share.css");
  req->reply.content_type = "text/css; charset=utf-8";
  soup_message_headers_replace (req->reply.headers, "Cache-Control", "public, max-age=3600");
  soup_message_headers_replace (req->reply.headers, "X-Content-Type-Options", "nosniff");
  _ms_server_request_finish (req);
}

void
_ms_server_handle_share_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = ms_server_share_create (req->storage, req->user, req->body,
                                                    req->now, &error);

  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

void
_ms_server_handle_share_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = ms_server_share_list (req->storage, req->user, req->now, &error);

  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_share_revoke (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_share_revoke (req->storage, req->user, req->params[0], req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}
