/* ms-server-share.c — share links: a scoring's snapshot behind /r/<token>
 *
 * From a scoring the app sends a snapshot (the message as the app stores
 * it, the result, the sender name its previews show) to POST /v1/shares,
 * naming the tenant the scoring lives in (the person's, or a team's they are
 * in). The server checks it (ms-server-share-page.c), keeps it with a new
 * token's SHA-256 and answers the token once: 16 random bytes (128 bits) in
 * URL-safe base64, so the link is /r/<22 characters>. A link expires after
 * share.days "default" days unless the owner asks for another number in
 * that range, and its owner can revoke it; GET /v1/shares lists the owner's
 * links with their views.
 *
 * GET /r/<token> needs no account: a Japanese HTML page (templates in
 * resources/server/) with noindex, no-referrer and a CSP that allows only
 * this server's stylesheet. A token that does not open (unknown, expired,
 * revoked) gets the same 404 page with no detail. Each address may open
 * share.views_per_minute pages a minute and miss share.misses_per_minute
 * times; past either, every /r/ page answers 429 until the minute is over,
 * so guessing is slow as well as hopeless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "store/ms-message-codec.h"
#include "sync/ms-mutation.h"
#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "ms-server-share.h"

#define TOKEN_BYTES 16
#define DAY ((gint64) G_USEC_PER_SEC * 24 * 3600)

/* ------------------------------------------------------------------------ */
/* Links                                                                     */

static char *
new_token (void)
{
  guint8 bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char *token;

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  token = g_strdup (text);
  sodium_memzero (text, sizeof text);
  return token;
}

static const char *
link_state (const MsServerShareLink *link,
            gint64                   now)
{
  if (link->revoked_at != 0)
    return "revoked";
  if (link->expires_at <= now)
    return "expired";
  return "active";
}

static JsonObject *
link_to_json (const MsServerShareLink *link,
              gint64                   now)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", link->id);
  json_object_set_string_member (o, "tenant", link->tenant);
  if (link->history_id != NULL)
    json_object_set_string_member (o, "history_id", link->history_id);
  else
    json_object_set_null_member (o, "history_id");
  json_object_set_string_member (o, "title", link->title);
  json_object_set_int_member (o, "created_at", link->created_at);
  json_object_set_int_member (o, "expires_at", link->expires_at);
  if (link->revoked_at != 0)
    json_object_set_int_member (o, "revoked_at", link->revoked_at);
  else
    json_object_set_null_member (o, "revoked_at");
  json_object_set_int_member (o, "views", link->views);
  if (link->last_viewed_at != 0)
    json_object_set_int_member (o, "last_viewed_at", link->last_viewed_at);
  else
    json_object_set_null_member (o, "last_viewed_at");
  json_object_set_string_member (o, "state", link_state (link, now));
  return o;
}

/* The snapshot as stored: the message and result as the core writes them. */
static char *
snapshot_to_string (const MsServerShareSnapshot *snapshot)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (o, "schema", 1);
  json_object_set_member (o, "message", ms_message_to_json (snapshot->message));
  json_object_set_member (o, "result", ms_score_result_to_json (snapshot->result));
  json_object_set_string_member (o, "sender", snapshot->sender);
  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

static char *
title_for (const MsMessage *message)
{
  const char *text = ms_message_get_field (message, ms_message_get_channel (message) ==
                                                    MS_CHANNEL_EMAIL ? MS_FIELD_SUBJECT
                                                                     : MS_FIELD_BUBBLE1);
  g_autofree char *start = ms_server_share_dup_start (text, 80);

  return g_strstrip (g_strdelimit (g_steal_pointer (&start), "\r\n\t", ' '));
}

typedef struct
{
  const MsServerUser *user;
  MsServerShareLink  *link;
  gint64              now;
} CreateContext;

static gboolean
create_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  CreateContext *ctx = user_data;
  gint64 per_day = ms_sync_limit ("share.links_per_day", "max");
  gint64 count = 0;

  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->link->tenant, NULL, error) ||
      !ms_server_storage_count_share_links (storage, ctx->user->id, ctx->now - DAY, &count,
                                            error))
    return FALSE;
  if (per_day >= 0 && count >= per_day)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
                   /* Translators: %u is how many share links one may make in a day */
                   g_dngettext (GETTEXT_PACKAGE, "You can make %u share link a day. "
                                "Try again tomorrow.",
                                "You can make %u share links a day. Try again tomorrow.",
                                (gulong) per_day), (guint) per_day);
      return FALSE;
    }
  return ms_server_storage_add_share_link (storage, ctx->link, error);
}

/* The request's number of days, or the default; FALSE when out of range. */
static gboolean
read_days (JsonObject  *request,
           gint64      *days,
           GError     **error)
{
  gint64 min = ms_sync_limit ("share.days", "min");
  gint64 max = ms_sync_limit ("share.days", "max");
  JsonNode *node = json_object_get_member (request, "expires_in_days");

  *days = ms_sync_limit ("share.days", "default");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                   /* Translators: %u and %u are the shortest and longest life of a link */
                   _("A share link lasts %u to %u days."), (guint) min, (guint) max);
      return FALSE;
    }
  *days = json_node_get_int (node);
  return TRUE;
}

/**
 * ms_server_share_create:
 *
 * Returns: (transfer full): the new link's facts and, this once, its "token"
 *   and "path"
 */
JsonObject *
ms_server_share_create (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        JsonObject          *request,
                        gint64               now,
                        GError             **error)
{
  g_auto(MsServerShareSnapshot) snapshot = { 0 };
  g_autoptr(MsServerShareLink) link = g_new0 (MsServerShareLink, 1);
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  CreateContext ctx = { user, link, now };
  const char *tenant, *history_id;
  gint64 days, max_bytes = ms_sync_limit ("share.snapshot", "max_bytes");
  JsonObject *o;

  if ((tenant = ms_server_json_get_string (request, "tenant", TRUE, error)) == NULL ||
      !read_days (request, &days, error) ||
      !ms_server_share_snapshot_parse (request, &snapshot, error))
    return NULL;
  history_id = ms_json_object_get_string (request, "history_id", NULL);
  if (history_id != NULL &&
      (*history_id == '\0' || strlen (history_id) > (gsize) ms_sync_limit ("row_id", "max_bytes")))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The scoring’s id is not valid."));
      return NULL;
    }

  link->snapshot_json = snapshot_to_string (&snapshot);
  if (max_bytes >= 0 && strlen (link->snapshot_json) > (gsize) max_bytes)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_TOO_LARGE,
                   /* Translators: %u is a size in KiB */
                   _("This scoring is too large to share (over %u KiB)."),
                   (guint) (max_bytes / 1024));
      return NULL;
    }
  token = new_token ();
  link->id = g_uuid_string_random ();
  link->hash = ms_server_auth_hash_token (token);
  link->tenant = g_strdup (tenant);
  link->created_by = g_strdup (user->id);
  link->history_id = g_strdup (history_id);
  link->title = title_for (snapshot.message);
  link->created_at = now;
  link->expires_at = now + days * DAY;
  if (!ms_server_storage_transaction (storage, TRUE, create_in_transaction, &ctx, error))
    return NULL;

  o = link_to_json (link, now);
  path = g_strconcat ("/r/", token, NULL);
  json_object_set_string_member (o, "token", token);
  json_object_set_string_member (o, "path", path);
  sodium_memzero (token, strlen (token));
  return o;
}

/**
 * ms_server_share_list:
 *
 * Returns: (transfer full): {"links": […]}, the user's, newest first
 */
JsonObject *
ms_server_share_list (MsServerStorage     *storage,
                      const MsServerUser  *user,
                      gint64               now,
                      GError             **error)
{
  g_autoptr(GPtrArray) links = NULL;
  JsonArray *array = json_array_new ();
  JsonObject *o = json_object_new ();
  gint64 max = ms_sync_limit ("share.list", "max_items");

  links = ms_server_storage_list_share_links (storage, user->id, (guint) CLAMP (max, 1, 10000),
                                              error);
  json_object_set_array_member (o, "links", array);
  if (links == NULL)
    {
      json_object_unref (o);
      return NULL;
    }
  for (guint i = 0; i < links->len; i++)
    json_array_add_object_element (array, link_to_json (g_ptr_array_index (links, i), now));
  return o;
}

gboolean
ms_server_share_revoke (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        const char          *id,
                        gint64               now,
                        GError             **error)
{
  gboolean revoked = FALSE;

  if (!ms_server_storage_revoke_share_link (storage, user->id, id, now, &revoked, error))
    return FALSE;
  if (!revoked)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("You have no share link in force with this id."));
      return FALSE;
    }
  return TRUE;
}

MsServerShareLink *
ms_server_share_find (MsServerStorage  *storage,
                      const char       *token,
                      gint64            now,
                      GError          **error)
{
  g_autoptr(MsServerShareLink) link = NULL;
  g_autofree char *hash = NULL;

  if (!ms_server_share_token_is_valid (token))
    return NULL;
  hash = ms_server_auth_hash_token (token);
  if (!ms_server_storage_find_share_link (storage, hash, &link, error) || link == NULL ||
      !g_str_equal (link_state (link, now), "active"))
    return NULL;
  return g_steal_pointer (&link);
}

MsServerShareLink *
ms_server_share_open (MsServerStorage  *storage,
                      const char       *token,
                      gint64            now,
                      GError          **error)
{
  g_autoptr(MsServerShareLink) link = ms_server_share_find (storage, token, now, error);

  if (link == NULL)
    return NULL;
  if (!ms_server_storage_view_share_link (storage, link->id, now, error))
    return NULL;
  link->views++;
  return g_steal_pointer (&link);
}
