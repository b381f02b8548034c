/* test-share-browser-feedback.c — a reviewer answers a Team Pro member's
 * share link in Debian's chromium, and the member's app receives it
 *
 * chromium runs headless with the DevTools protocol on a pipe (fds 3 and 4,
 * one JSON message per NUL): it opens the link, the page shows the score,
 * the marked span and the form (screenshots at a phone's and a desktop's
 * width, kept as data/screenshots/review-*-ja.png with
 * MSGSCORE_SCREENSHOT_DIR); then it clicks the choices, types the comment
 * and the corrected score, presses 送信 and gets the thank-you page. The
 * member's profile (a real store and sync client, signed in over HTTP)
 * then syncs, and MsFeedbackRepository lists what the reviewer sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "server-test.h"
#include "share-browser.h"
#include "store/ms-feedback-repository.h"
#include "store/ms-store.h"
#include "sync/ms-sync-client.h"
#include "sync/ms-token-store.h"

static const char *message =
  "{\"schema\":1,\"channel\":\"email\","
  "\"subject\":\"【3日間限定】春の新作コートが業界最安値で20%OFF！今すぐチェック\","
  "\"preheader\":\"会員さま限定、送料無料のご案内です。人気のカラーはお早めに。\","
  "\"body\":\"いつもご利用ありがとうございます。\\n春の新作コートを3日間限定で20%OFFにてご案内します。"
  "\\n下のボタンから今すぐチェックしてください。\\nhttps://example.jp/sale\\n\\n"
  "株式会社サンプル 東京都千代田区1-1-1\\n配信停止はこちら：https://example.jp/unsubscribe\","
  "\"segment\":{\"industry\":\"fashion\",\"audience\":\"existing\",\"goal\":\"purchase\"}}";

/* ------------------------------------------------------------------------ */
/* The DevTools protocol on a pipe                                           */

typedef struct
{
  GSubprocess *process;
  int          to;      /* chromium reads fd 3 */
  int          from;    /* chromium writes fd 4 */
  GString     *buffer;
  gint64       next_id;
} Cdp;

static Cdp *
cdp_start (const char *profile)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *user_dir = g_strconcat ("--user-data-dir=", profile, NULL);
  g_autoptr(GError) error = NULL;
  int to[2], from[2];
  Cdp *cdp = g_new0 (Cdp, 1);

  g_assert_nonnull (find_chromium ());
  g_assert_cmpint (pipe (to), ==, 0);
  g_assert_cmpint (pipe (from), ==, 0);
  g_subprocess_launcher_take_fd (launcher, to[0], 3);
  g_subprocess_launcher_take_fd (launcher, from[1], 4);
  cdp->process = g_subprocess_launcher_spawn (launcher, &error, find_chromium (), "--headless",
                                              "--no-sandbox", "--disable-gpu", "--no-first-run",
                                              "--disable-extensions", "--hide-scrollbars",
                                              "--lang=ja", "--remote-debugging-pipe",
                                              user_dir, "about:blank", NULL);
  g_assert_no_error (error);
  cdp->to = to[1];
  cdp->from = from[0];
  cdp->buffer = g_string_new (NULL);
  return cdp;
}

/* The next message chromium sends. */
static JsonObject *
cdp_read (Cdp *cdp)
{
  for (;;)
    {
      const char *nul = memchr (cdp->buffer->str, '\0', cdp->buffer->len);
      char chunk[65536];
      gssize n;

      if (nul != NULL)
        {
          gsize length = nul - cdp->buffer->str;
          g_autoptr(JsonNode) node = json_from_string (cdp->buffer->str, NULL);

          g_string_erase (cdp->buffer, 0, length + 1);
          g_assert_nonnull (node);
          return json_object_ref (json_node_get_object (node));
        }
      n = read (cdp->from, chunk, sizeof chunk);
      g_assert_cmpint (n, >, 0);   /* chromium did not go away */
      g_string_append_len (cdp->buffer, chunk, n);
    }
}

/* Sends @method with @params (JSON) to @session (or the browser); its result. */
static JsonObject *
cdp_call (Cdp        *cdp,
          const char *session,
          const char *method,
          const char *params)
{
  gint64 id = ++cdp->next_id;
  g_autofree char *text = NULL;

  if (session != NULL)
    text = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"sessionId\":\"%s\",\"method\":\"%s\","
                            "\"params\":%s}", id, session, method, params);
  else
    text = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"method\":\"%s\",\"params\":%s}",
                            id, method, params);
  g_assert_cmpint (write (cdp->to, text, strlen (text) + 1), ==, (gssize) strlen (text) + 1);
  for (;;)
    {
      g_autoptr(JsonObject) reply = cdp_read (cdp);

      if (!json_object_has_member (reply, "id") || json_object_get_int_member (reply, "id") != id)
        continue;   /* an event, or another answer */
      if (json_object_has_member (reply, "error"))
        g_error ("%s: %s", method,
                 json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                "message"));
      return json_object_ref (json_object_get_object_member (reply, "result"));
    }
}

/* Evaluates @expression in the page; its value as a string ("" when not one). */
static char *
cdp_eval (Cdp        *cdp,
          const char *session,
          const char *expression)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) params = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonObject *value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "expression");
  json_builder_add_string_value (builder, expression);
  json_builder_set_member_name (builder, "returnByValue");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  params = json_builder_get_root (builder);
  text = json_to_string (params, FALSE);
  result = cdp_call (cdp, session, "Runtime.evaluate", text);
  value = json_object_get_object_member (result, "result");
  if (value == NULL || !json_object_has_member (value, "value") ||
      json_node_get_value_type (json_object_get_member (value, "value")) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strdup (json_object_get_string_member (value, "value"));
}

/* Waits (a bounded number of polls, not a time) until @expression is "yes". */
static void
cdp_wait_for (Cdp        *cdp,
              const char *session,
              const char *expression)
{
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *value = cdp_eval (cdp, session, expression);

      if (g_str_equal (value, "yes"))
        return;
      g_usleep (20000);
    }
  g_error ("the page never got to: %s", expression);
}

/* The page at @width × @height pixels, where it is scrolled to, saved as @name. */
static cairo_surface_t *
cdp_screenshot (Cdp        *cdp,
                const char *session,
                const char *dir,
                int         width,
                int         height,
                const char *name)
{
  g_autofree char *metrics = g_strdup_printf ("{\"width\":%d,\"height\":%d,"
                                              "\"deviceScaleFactor\":1,\"mobile\":%s}",
                                              width, height, width < 600 ? "true" : "false");
  g_autoptr(JsonObject) set = cdp_call (cdp, session, "Emulation.setDeviceMetricsOverride",
                                        metrics);
  g_autofree char *scrolled = NULL;
  g_autoptr(JsonObject) shot = NULL;
  g_autofree guchar *png = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  cairo_surface_t *surface;

  scrolled = cdp_eval (cdp, session, "document.getElementById('review').scrollIntoView(), 'yes'");
  shot = cdp_call (cdp, session, "Page.captureScreenshot", "{\"format\":\"png\"}");
  png = g_base64_decode (json_object_get_string_member (shot, "data"), &length);
  g_file_set_contents (path, (const char *) png, (gssize) length, &error);
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  return surface;
}

static void
cdp_stop (Cdp *cdp)
{
  g_autoptr(JsonObject) closed = cdp_call (cdp, NULL, "Browser.close", "{}");

  g_subprocess_wait (cdp->process, NULL, NULL);
  close (cdp->to);
  close (cdp->from);
  g_string_free (cdp->buffer, TRUE);
  g_object_unref (cdp->process);
  g_free (cdp);
}

/* ------------------------------------------------------------------------ */
/* The member's app                                                          */

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
member_sync (MsSyncClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ms_sync_client_sync_async (client, NULL, on_done_cb, &result);
  g_assert_true (ms_sync_client_sync_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */

static void
join (TestServer *ts,
      const char *owner,
      const char *team,
      const char *email,
      const char *token)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites", team);
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"member\"}", email);
  g_autoptr(TestReply) invite = test_request (NULL, ts, "POST", path, owner, body);
  g_autofree char *accept = NULL;
  g_autoptr(TestReply) accepted = NULL;

  g_assert_cmpuint (invite->status, ==, 201);
  accept = g_strdup_printf ("{\"token\":\"%s\"}",
                            json_object_get_string_member (test_reply_object (invite), "token"));
  accepted = test_request (NULL, ts, "POST", "/v1/invites/accept", token, accept);
  g_assert_cmpuint (accepted->status, ==, 200);
}

#define FILL_IN \
  "(() => { const f = document.querySelector('form');" \
  " f.querySelector('input[name=role][value=director]').click();" \
  " f.querySelector('input[name=rating][value=high]').click();" \
  " f.querySelector('#corrected_score').value = '61';" \
  " f.querySelector('input[name=axes][value=cta]').click();" \
  " f.querySelector('input[name=axes][value=compliance]').click();" \
  " f.querySelector('#comment').value = '「業界最安値」は根拠を示せないので使わないでください。\\n件名はもっと短く。';" \
  " f.querySelector('#reviewer_name').value = '佐藤';" \
  " document.getElementById('review').scrollIntoView(); return 'filled'; })()"

void
test_feedback_in_chromium (void)
{
  TestServer *ts = test_server_start ();
  g_autofree char *owner = test_signup (ts, "boss-team@example.jp", NULL, NULL);
  g_autofree char *member_tenant = NULL;
  g_autofree char *member = test_signup (ts, "member@example.jp", &member_tenant, NULL);
  g_autofree char *team = test_create_team (ts, owner, "team_pro_s");
  g_autofree char *body = test_share_body (member_tenant, message, "ファッション通販サンプル");
  g_autoptr(TestReply) reply = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-review-XXXXXX", NULL);
  const char *keep = g_getenv ("MSGSCORE_SCREENSHOT_DIR");
  const char *shots = keep != NULL ? keep : dir;
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *url = NULL;
  g_autofree char *anchored = NULL;
  g_autofree char *dom = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(JsonObject) attached = NULL;
  g_autofree char *params = NULL;
  g_autofree char *sent = NULL;
  const char *session;
  cairo_surface_t *phone, *desktop;
  Cdp *cdp;

  join (ts, owner, team, "member@example.jp", member);
  reply = test_request (NULL, ts, "POST", "/v1/shares", member, body);
  g_assert_cmpuint (reply->status, ==, 201);
  url = g_strconcat (ts->base, json_object_get_string_member (test_reply_object (reply), "path"),
                     NULL);

  /* The page with its form, as chromium parsed and drew it */
  dom = run_chromium (profile, url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, "最安値</mark>"));
  g_assert_nonnull (strstr (dom, "このスコアへのフィードバック"));
  g_assert_nonnull (strstr (dom, "課長・マネージャー"));
  g_assert_nonnull (strstr (dom, "大幅にずれている"));
  /* chromium fills in the form and sends it */
  cdp = cdp_start (profile);
  params = g_strdup_printf ("{\"url\":\"%s\"}", url);
  target = cdp_call (cdp, NULL, "Target.createTarget", params);
  g_free (params);
  params = g_strdup_printf ("{\"targetId\":\"%s\",\"flatten\":true}",
                            json_object_get_string_member (target, "targetId"));
  attached = cdp_call (cdp, NULL, "Target.attachToTarget", params);
  session = json_object_get_string_member (attached, "sessionId");
  cdp_wait_for (cdp, session, "document.readyState === 'complete' &&"
                              " document.getElementById('send') ? 'yes' : 'no'");
  sent = cdp_eval (cdp, session, FILL_IN);
  g_assert_cmpstr (sent, ==, "filled");
  /* the filled-in form at a phone's width and a desktop's: the send button
   * (#1c71d8) and the chosen radio buttons are drawn */
  phone = cdp_screenshot (cdp, session, shots, 390, 1100, "review-phone-ja.png");
  desktop = cdp_screenshot (cdp, session, shots, 1280, 900, "review-desktop-ja.png");
  g_test_message ("button pixels: phone %u, desktop %u", count_colour (phone, 0x1c71d8),
                  count_colour (desktop, 0x1c71d8));
  g_assert_cmpuint (count_colour (phone, 0x1c71d8), >, 1000);
  g_assert_cmpuint (count_colour (desktop, 0x1c71d8), >, 1000);
  cairo_surface_destroy (phone);
  cairo_surface_destroy (desktop);
  g_free (sent);
  sent = cdp_eval (cdp, session, "document.getElementById('send').click(), 'sent'");
  g_assert_cmpstr (sent, ==, "sent");
  cdp_wait_for (cdp, session, "document.body && document.body.innerText.includes("
                              "'フィードバックを送信しました') ? 'yes' : 'no'");
  cdp_stop (cdp);

  /* the member's app has it after a sync */
  {
    g_autofree char *store_dir = g_build_filename (dir, "member", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStore) store = ms_store_open (store_dir, &error);
    g_autoptr(MsTokenStore) tokens = ms_token_store_new_memory ();
    g_autoptr(MsSyncClient) client = NULL;
    g_autoptr(GAsyncResult) signed_in = NULL;
    g_autoptr(MsFeedbackRepository) feedback = NULL;
    g_autoptr(MsFeedbackItem) item = NULL;
    const MsFeedbackInfo *info;

    g_assert_no_error (error);
    client = ms_sync_client_new (store, ts->base, tokens);
    ms_sync_client_sign_in_async (client, "member@example.jp", TEST_PASSWORD, NULL, on_done_cb,
                                  &signed_in);
    g_assert_true (ms_sync_client_sign_in_finish (client, wait_for (&signed_in), &error));
    g_assert_no_error (error);
    feedback = ms_feedback_repository_new (store);
    g_assert_cmpuint (g_list_model_get_n_items (ms_feedback_repository_get_items (feedback)), ==,
                      0);
    member_sync (client);
    g_assert_cmpuint (g_list_model_get_n_items (ms_feedback_repository_get_items (feedback)), ==,
                      1);
    item = g_list_model_get_item (ms_feedback_repository_get_items (feedback), 0);
    info = ms_feedback_item_get_info (item);
    g_assert_cmpstr (info->role, ==, "director");
    g_assert_cmpstr (info->rating, ==, "high");
    g_assert_cmpint (info->corrected_score, ==, 61);
    g_assert_cmpstr (info->axes, ==, "cta,compliance");
    g_assert_cmpstr (info->comment, ==,
                     "「業界最安値」は根拠を示せないので使わないでください。\n件名はもっと短く。");
    g_assert_cmpstr (info->reviewer_name, ==, "佐藤");
    g_assert_cmpstr (info->status, ==, "open");
    g_assert_cmpstr (info->shared_by, ==, member_tenant + strlen ("user:"));
    g_clear_object (&client);
  }

  test_server_stop (ts);
  if (keep == NULL)
    {
      g_autofree char *a = g_build_filename (dir, "review-phone-ja.png", NULL);
      g_autofree char *b = g_build_filename (dir, "review-desktop-ja.png", NULL);

      g_unlink (a);
      g_unlink (b);
    }
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
}
