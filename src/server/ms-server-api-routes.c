/* ms-server-api-routes.c — the routes of the public scoring API (ms-server-api.c):
 * a team's keys and POST /v1/score with its rate-limit headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-api.h"
#include "ms-server-json.h"
#include "ms-server-private.h"

/* 402 upgrade_needed names the plan to upgrade to ("plan"); any other error as it is. */
static void
upgrade_needed (Request      *req,
                const GError *error,
                const char   *plan)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  if (plan == NULL)
    return _ms_server_reply_error (req, error);
  json_object_set_string_member (extra, "plan", plan);
  _ms_server_reply_error_extra (req, error, extra);
}

void
_ms_server_handle_api_key_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *plan = NULL;

  o = ms_server_api_create_key (req->storage, req->user, req->params[0], req->body, req->now,
                                &plan, &error);
  if (o == NULL)
    return upgrade_needed (req, error, plan);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

void
_ms_server_handle_api_key_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_api_list_keys (req->storage, req->user, req->params[0], req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_api_key_revoke (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_api_revoke_key (req->storage, req->user, req->params[0], req->params[1],
                                 req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_score (Request *req)
{
  MsServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerApiKey) key = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *rules_json = NULL;
  g_auto(GStrv) ng_words = NULL;
  g_autofree char *value = NULL;
  char *body;
  guint remaining = 0;
  gint64 reset = 0;
  gboolean allowed;

  key = ms_server_api_authenticate (req->storage, req->msg, req->now, &plan, &rules_json,
                                    &ng_words, &error);
  if (key == NULL)
    return upgrade_needed (req, error, plan);

  allowed = ms_server_api_limiter_take (self->api_limiter, key->id, req->now, &remaining,
                                        &reset);
  value = g_strdup_printf ("%u", ms_server_api_limiter_get_limit (self->api_limiter));
  soup_message_headers_replace (req->reply.headers, "RateLimit-Limit", value);
  g_free (value);
  value = g_strdup_printf ("%u", remaining);
  soup_message_headers_replace (req->reply.headers, "RateLimit-Remaining", value);
  g_free (value);
  value = g_strdup_printf ("%" G_GINT64_FORMAT, reset);
  soup_message_headers_replace (req->reply.headers, "RateLimit-Reset", value);
  if (!allowed)
    {
      soup_message_headers_replace (req->reply.headers, "Retry-After", value);
      g_set_error_literal (&error, MS_SERVER_ERROR, MS_SERVER_ERROR_RATE_LIMITED,
                           _("This API key has made too many requests this minute. "
                             "Try again after Retry-After seconds."));
      return _ms_server_reply_error (req, error);
    }

  body = ms_server_api_score (req->storage, key, rules_json,
                              (const char * const *) ng_words, req->body, req->now, &error);
  if (body == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_take_body (req, SOUP_STATUS_OK, body);
}

/**
 * ms_server_set_api_requests_per_minute:
 * @per_minute: POST /v1/score requests each key may make in a minute
 *
 * Overrides api.requests_per_minute of data/limits.json (a benchmark needs
 * more). Call before ms_server_listen().
 */
void
ms_server_set_api_requests_per_minute (MsServer *self,
                                       guint     per_minute)
{
  g_return_if_fail (MS_IS_SERVER (self));
  g_return_if_fail (per_minute > 0);
  ms_server_api_limiter_set_limit (self->api_limiter, per_minute);
}
