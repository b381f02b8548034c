/* ms-server-review-routes.c — the reviewer's form on a share link's page:
 * the form under a Team Pro member's page (GET /r/<token>) and its answer
 * (POST /r/<token>), with no account (ms-server-review.c)
 *
 * Before anything is read, each client address may send
 * feedback.per_address_minute forms a minute and each link take
 * feedback.per_link_minute; more get 429 with Retry-After. A body over
 * feedback.form bytes is refused unread. A refused form comes back with
 * what was typed, the reason in Japanese and a new token; a token that
 * does not open gets the share page's 404, with no detail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "sync/ms-mutation.h"
#include "ms-server-private.h"
#include "ms-server-review.h"

typedef struct
{
  MsServerApiLimiter *addresses;
  MsServerApiLimiter *links;
} Limits;

static void
limits_free (gpointer data)
{
  Limits *limits = data;

  ms_server_api_limiter_free (limits->addresses);
  ms_server_api_limiter_free (limits->links);
  g_free (limits);
}

static Limits *
get_limits (MsServer *server)
{
  static GMutex lock;
  Limits *limits;

  g_mutex_lock (&lock);
  limits = g_object_get_data (G_OBJECT (server), "ms-review-limits");
  if (limits == NULL)
    {
      limits = g_new0 (Limits, 1);
      limits->addresses = ms_server_api_limiter_new ();
      ms_server_api_limiter_set_limit (limits->addresses,
                                       MAX (1, ms_sync_limit ("feedback.per_address_minute",
                                                              "max")));
      limits->links = ms_server_api_limiter_new ();
      ms_server_api_limiter_set_limit (limits->links,
                                       MAX (1, ms_sync_limit ("feedback.per_link_minute", "max")));
      g_object_set_data_full (G_OBJECT (server), "ms-review-limits", limits, limits_free);
    }
  g_mutex_unlock (&lock);
  return limits;
}

static void
reply_busy (Request *req,
            gint64   retry_after)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (1, retry_after));

  soup_message_headers_replace (req->reply.headers, "Retry-After", value);
  _ms_server_share_reply_page (req, 429, ms_server_review_render_busy ());
}

/**
 * _ms_server_review_dup_form:
 *
 * Returns: (nullable): the form for @link's page, with a new token; NULL
 *   when the link's maker has no team with reviewer feedback
 */
char *
_ms_server_review_dup_form (Request                     *req,
                            const MsServerShareLink     *link,
                            const MsServerShareSnapshot *snapshot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = ms_server_review_dup_team (req->storage, link, req->now, &error);
  g_autofree char *csrf = NULL;

  if (team != NULL)
    csrf = ms_server_review_new_token (req->storage, link, req->now, &error);
  if (error != NULL)
    g_warning ("the review form: %s", error->message);
  if (csrf == NULL)
    return NULL;
  return ms_server_review_render_form (snapshot, req->params[0], csrf, NULL, NULL);
}

static guint
status_of (const GError *refusal)
{
  if (refusal->domain != MS_SERVER_REVIEW_ERROR)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  switch (refusal->code)
    {
    case MS_SERVER_REVIEW_ERROR_TOKEN:
    case MS_SERVER_REVIEW_ERROR_USED:
    case MS_SERVER_REVIEW_ERROR_CLOSED:
      return SOUP_STATUS_FORBIDDEN;
    case MS_SERVER_REVIEW_ERROR_FORM:
      return SOUP_STATUS_BAD_REQUEST;
    default:
      return SOUP_STATUS_UNPROCESSABLE_ENTITY;
    }
}

/* The page again, with the form as typed, why it was refused and a new token. */
static void
reply_refused (Request                     *req,
               const MsServerShareLink     *link,
               const MsServerShareSnapshot *snapshot,
               const MsServerReviewForm    *form,
               const GError                *refusal)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csrf = ms_server_review_new_token (req->storage, link, req->now, &error);
  g_autofree char *html = NULL;

  if (csrf == NULL)
    return _ms_server_reply_error (req, error);
  html = ms_server_review_render_form (snapshot, req->params[0], csrf, form, refusal);
  _ms_server_share_reply_page (req, status_of (refusal),
                               ms_server_share_render_page (snapshot, link->expires_at, html));
}

/* The body, when it is a form of at most feedback.form bytes. */
static GBytes *
read_body (Request *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  gint64 max = ms_sync_limit ("feedback.form", "max_bytes");

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0 || body == NULL ||
      body->length > (goffset) max)
    return NULL;
  return soup_message_body_flatten (body);
}

void
_ms_server_handle_review_post (Request *req)
{
  Limits *limits = get_limits (req->server);
  g_autofree char *address = _ms_server_dup_client_address (req);
  g_autoptr(MsServerShareLink) link = NULL;
  g_auto(MsServerShareSnapshot) snapshot = { 0 };
  g_auto(MsServerReviewForm) form = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint remaining;
  gint64 reset;

  if (!ms_server_api_limiter_take (limits->addresses, address != NULL ? address : "", req->now,
                                   &remaining, &reset))
    return reply_busy (req, reset);
  link = ms_server_share_find (req->storage, req->params[0], req->now, &error);
  if (link == NULL || !_ms_server_share_load_snapshot (link, &snapshot, &error))
    {
      if (error != NULL)
        g_warning ("POST /r/{token}: %s", error->message);
      return _ms_server_share_reply_page (req, SOUP_STATUS_NOT_FOUND,
                                          ms_server_share_render_gone (FALSE));
    }
  if (!ms_server_api_limiter_take (limits->links, link->id, req->now, &remaining, &reset))
    return reply_busy (req, reset);

  body = read_body (req);
  if (body == NULL)
    {
      g_set_error_literal (&error, MS_SERVER_REVIEW_ERROR, MS_SERVER_REVIEW_ERROR_FORM, "form");
      return reply_refused (req, link, &snapshot, NULL, error);
    }
  if (!ms_server_review_parse_form (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                    &form, &error))
    return reply_refused (req, link, &snapshot, NULL, error);
  if (!ms_server_review_submit (req->storage, link, &snapshot, &form, req->now, &error))
    {
      if (error->domain != MS_SERVER_REVIEW_ERROR)
        return _ms_server_reply_error (req, error);
      return reply_refused (req, link, &snapshot, &form, error);
    }
  _ms_server_share_reply_page (req, SOUP_STATUS_OK,
                               ms_server_review_render_thanks (&snapshot, req->params[0]));
}
