/* test-share.c — share links: POST/GET /v1/shares, DELETE /v1/shares/{link}
 * and the page at /r/<token>: its headers, its escaping, the marked spans,
 * expiry, revocation, the guessing limit, and the token never in clear
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "ms-server-share.h"
#include "server-test.h"

#define DAY ((gint64) G_USEC_PER_SEC * 24 * 3600)

typedef struct
{
  TestServer *ts;
  char       *owner;     /* access token */
  char       *tenant;    /* the owner's personal tenant */
  char       *other;     /* another account's token */
  char       *other_tenant;
} Fixture;

/* A spring sale mail with a common NG word (最安値) and markup in its text. */
static const char *message =
  "{\"schema\":1,\"channel\":\"email\","
  "\"subject\":\"【3日間限定】春の新作コートが業界最安値<b>20%OFF</b>\","
  "\"preheader\":\"会員さま限定のご案内です\","
  "\"body\":\"いつもご利用ありがとうございます。\\n春の新作コートを3日間限定で20%OFFにてご案内します。"
  "\\n<script>alert(1)</script>\\nhttps://example.jp/sale\\n\\n配信停止はこちら："
  "https://example.jp/unsubscribe\","
  "\"segment\":{\"industry\":\"fashion\",\"audience\":\"existing\",\"goal\":\"purchase\"}}";

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", &f->tenant, NULL);
  f->other = test_signup (f->ts, "other@example.jp", &f->other_tenant, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->tenant);
  g_free (f->other);
  g_free (f->other_tenant);
  test_server_stop (f->ts);
}

/* Makes a link; returns its token, @id its id. */
static char *
share (Fixture    *f,
       const char *extra,
       char      **id)
{
  g_autofree char *body = test_share_body (f->tenant, message, "<Shop & Co>");
  g_autoptr(TestReply) reply = NULL;
  JsonObject *o;

  if (extra != NULL)
    {
      char *with = g_strdup_printf ("{%s,%s", extra, body + 1);

      g_free (body);
      body = with;
    }
  reply = test_request (NULL, f->ts, "POST", "/v1/shares", f->owner, body);
  g_assert_cmpuint (reply->status, ==, 201);
  o = test_reply_object (reply);
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "token")), ==,
                    MS_SERVER_SHARE_TOKEN_CHARS);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "path"), "/r/"));
  g_assert_cmpstr (json_object_get_string_member (o, "path") + 3, ==,
                   json_object_get_string_member (o, "token"));
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "active");
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (o, "id"));
  return g_strdup (json_object_get_string_member (o, "token"));
}

static TestReply *
open_page (Fixture    *f,
           const char *token)
{
  g_autofree char *path = g_strconcat ("/r/", token, NULL);

  return test_request (NULL, f->ts, "GET", path, NULL, NULL);
}

static void
assert_page_headers (TestReply *reply)
{
  const char *csp = soup_message_headers_get_one (reply->headers, "Content-Security-Policy");

  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (reply->headers, NULL),
                                   "text/html"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "X-Robots-Tag"), ==,
                   "noindex, nofollow");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Referrer-Policy"), ==,
                   "no-referrer");
  g_assert_nonnull (csp);
  g_assert_true (g_str_has_prefix (csp, "default-src 'none';"));
  g_assert_nonnull (strstr (csp, "style-src 'self'"));
  g_assert_null (strstr (csp, "unsafe"));
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Cache-Control"), ==,
                   "no-store");
}

static gint64
views_of (Fixture    *f,
          const char *token,
          const char *id,
          const char **state)
{
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", "/v1/shares", token, NULL);
  JsonArray *links;

  g_assert_cmpuint (reply->status, ==, 200);
  links = json_object_get_array_member (test_reply_object (reply), "links");
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);

      if (g_str_equal (json_object_get_string_member (link, "id"), id))
        {
          static char state_buf[16];

          g_strlcpy (state_buf, json_object_get_string_member (link, "state"), sizeof state_buf);
          if (state != NULL)
            *state = state_buf;
          return json_object_get_int_member (link, "views");
        }
    }
  return -1;
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *token = share (f, NULL, &id);
  g_autoptr(TestReply) reply = open_page (f, token);
  const char *state = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  assert_page_headers (reply);
  /* Japanese, the score, the five axes, a marked span of 最安値 */
  g_assert_nonnull (strstr (reply->body, "<html lang=\"ja\">"));
  g_assert_nonnull (strstr (reply->body, "5つの評価軸"));
  g_assert_nonnull (strstr (reply->body, "<progress max=\"100\""));
  g_assert_nonnull (strstr (reply->body, "最安値</mark>"));
  g_assert_nonnull (strstr (reply->body, "<mark class=\"sev-"));
  g_assert_nonnull (strstr (reply->body, "id=\"finding-1\""));
  /* the inbox rows of each email device and their cuts */
  g_assert_nonnull (strstr (reply->body, "surface-inbox_list"));
  g_assert_nonnull (strstr (reply->body, "surface-inbox_row"));
  g_assert_nonnull (strstr (reply->body, "文字まで表示"));
  /* every value escaped: the markup of the message and sender is text */
  g_assert_null (strstr (reply->body, "<script>"));
  g_assert_null (strstr (reply->body, "<b>"));
  g_assert_null (strstr (reply->body, "<Shop"));
  g_assert_nonnull (strstr (reply->body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (reply->body, "&lt;Shop &amp; Co&gt;"));
  /* no third-party asset: the only link is this server's stylesheet */
  g_assert_null (strstr (reply->body, "http://"));
  g_assert_null (strstr (reply->body, "src="));
  g_assert_nonnull (strstr (reply->body, "href=\"/assets/share.css\""));

  g_assert_cmpint (views_of (f, f->owner, id, &state), ==, 1);
  g_assert_cmpstr (state, ==, "active");
  {
    g_autoptr(TestReply) again = open_page (f, token);

    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpint (views_of (f, f->owner, id, NULL), ==, 2);
  }
  /* another account does not see it */
  g_assert_cmpint (views_of (f, f->other, id, NULL), ==, -1);
  {
    g_autoptr(TestReply) css = test_request (NULL, f->ts, "GET", "/assets/share.css", NULL,
                                             NULL);

    g_assert_cmpuint (css->status, ==, 200);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (css->headers, NULL),
                                     "text/css"));
    g_assert_nonnull (strstr (css->body, "mark.sev-error"));
  }
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
test_token_hashed (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = share (f, NULL, NULL);
  g_autofree char *hash = sha256_hex (token);
  g_autofree char *clear = g_strdup_printf ("SELECT count(*) FROM share_link WHERE hash = '%s'"
                                            " OR id = '%s' OR snapshot_json LIKE '%%%s%%'",
                                            token, token, token);
  g_autofree char *hashed = g_strdup_printf ("SELECT count(*) FROM share_link"
                                             " WHERE hash = '%s'", hash);
  guint8 raw[32];
  gsize len = 0;

  g_assert_cmpint (test_db_int (f->ts, clear), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, hashed), ==, 1);
  /* 128 bits of randomness: 22 characters of URL-safe base64 are 16 bytes */
  g_assert_cmpint (sodium_base642bin (raw, sizeof raw, token, strlen (token), NULL, &len, NULL,
                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING), ==, 0);
  g_assert_cmpuint (len, ==, 16);
}

static void
assert_gone (Fixture    *f,
             const char *token)
{
  g_autoptr(TestReply) reply = open_page (f, token);

  g_assert_cmpuint (reply->status, ==, 404);
  assert_page_headers (reply);
  g_assert_nonnull (strstr (reply->body, "このリンクは開けません"));
  /* the same page whatever the reason: no detail */
  g_assert_null (strstr (reply->body, "最安値"));
  g_assert_null (strstr (reply->body, "期限切れ"));
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *token = share (f, NULL, &id);
  g_autofree char *short_token = share (f, "\"expires_in_days\":2", NULL);
  gint64 now = g_get_real_time ();
  const char *state = NULL;
  guint status = 0;

  test_server_set_now (f->ts, now + 3 * DAY);
  assert_gone (f, short_token);
  {
    g_autoptr(TestReply) reply = open_page (f, token);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  test_server_set_now (f->ts, now + 30 * DAY + G_USEC_PER_SEC);
  assert_gone (f, token);
  /* a month on, the owner signs in again */
  g_free (f->owner);
  f->owner = test_signin (f->ts, "owner@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (views_of (f, f->owner, id, &state), ==, 1);
  g_assert_cmpstr (state, ==, "expired");

  /* out of range */
  {
    g_autofree char *body = test_share_body (f->tenant, message, "Shop");
    g_autofree char *with = g_strdup_printf ("{\"expires_in_days\":400,%s", body + 1);
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/shares", f->owner,
                                               with);

    g_assert_cmpuint (reply->status, ==, 400);
  }
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *token = share (f, NULL, &id);
  g_autofree char *path = g_strconcat ("/v1/shares/", id, NULL);
  const char *state = NULL;

  /* not another account's to revoke */
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "DELETE", path, f->other, NULL);

    g_assert_cmpuint (reply->status, ==, 404);
  }
  {
    g_autoptr(TestReply) reply = open_page (f, token);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  assert_gone (f, token);
  g_assert_cmpint (views_of (f, f->owner, id, &state), ==, 1);
  g_assert_cmpstr (state, ==, "revoked");
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);

    g_assert_cmpuint (reply->status, ==, 404);
  }
}

static void
test_guessing_limited (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = share (f, NULL, NULL);
  guint misses = 0;

  /* 20 wrong tokens a minute are answered 404, then every page 429 */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *guess = g_strdup_printf ("AAAAAAAAAAAAAAAAAAAA%02u", i);
      g_autoptr(TestReply) reply = open_page (f, guess);

      if (reply->status == 429)
        break;
      g_assert_cmpuint (reply->status, ==, 404);
      misses++;
    }
  g_assert_cmpuint (misses, ==, 20);
  {
    g_autoptr(TestReply) reply = open_page (f, token);

    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Retry-After"));
    g_assert_null (strstr (reply->body, "最安値"));
  }
  /* a minute later the right token opens */
  test_server_set_now (f->ts, g_get_real_time () + 61 * G_USEC_PER_SEC);
  {
    g_autoptr(TestReply) reply = open_page (f, token);

    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  /* another account's tenant */
  {
    g_autofree char *body = test_share_body (f->other_tenant, message, "Shop");
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/shares", f->owner,
                                               body);

    g_assert_cmpuint (reply->status, ==, 403);
  }
  /* a finding that points past the text */
  {
    g_autofree char *body = test_share_body (f->tenant, message, "Shop");
    g_autoptr(GString) bad = g_string_new (body);
    g_autoptr(TestReply) reply = NULL;

    g_assert_cmpuint (g_string_replace (bad, "\"end\":", "\"end\":9999", 1), ==, 1);
    reply = test_request (NULL, f->ts, "POST", "/v1/shares", f->owner, bad->str);
    g_assert_cmpuint (reply->status, ==, 400);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "malformed");
  }
  /* no result */
  {
    g_autofree char *body = g_strdup_printf ("{\"tenant\":\"%s\",\"message\":%s}", f->tenant,
                                             message);
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/shares", f->owner,
                                               body);

    g_assert_cmpuint (reply->status, ==, 400);
  }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM share_link"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

#define ADD(name, func) \
  g_test_add ("/ms/share/" name, Fixture, NULL, setup, func, teardown)
  ADD ("page", test_page);
  ADD ("token-hashed", test_token_hashed);
  ADD ("expiry", test_expiry);
  ADD ("revoke", test_revoke);
  ADD ("guessing-limited", test_guessing_limited);
  ADD ("refused", test_refused);
#undef ADD
  return g_test_run ();
}
