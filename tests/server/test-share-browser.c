/* test-share-browser.c — a share link opened in Debian's chromium (headless):
 * the page as a browser lays it out, at a phone's width and a desktop's
 *
 * The DOM chromium builds has the score and the marked span; its
 * screenshots show the highlight's colour and the score ring's, and the
 * phone one is as wide as the phone (nothing pushed past its right edge).
 * With MSGSCORE_SCREENSHOT_DIR set, the screenshots are kept there
 * (build-aux/update-screenshots: data/screenshots/share-*-ja.png).
 *
 * On a Team Pro member's link (test-share-browser-feedback.c) chromium,
 * driven over the DevTools protocol on a pipe, fills in the reviewer's form
 * and sends it; the member's app (a real store and sync client) has the
 * feedback after its next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "server-test.h"
#include "share-browser.h"

/* A mail whose subject has a common NG word (業界最安値) and whose body has
 * a claim a rule flags. */
static const char *message =
  "{\"schema\":1,\"channel\":\"email\","
  "\"subject\":\"【3日間限定】春の新作コートが業界最安値で20%OFF！今すぐチェック\","
  "\"preheader\":\"会員さま限定、送料無料のご案内です。人気のカラーはお早めに。\","
  "\"body\":\"いつもご利用ありがとうございます。\\n春の新作コートを3日間限定で20%OFFにてご案内します。"
  "\\n下のボタンから今すぐチェックしてください。\\nhttps://example.jp/sale\\n\\n"
  "株式会社サンプル 東京都千代田区1-1-1\\n配信停止はこちら：https://example.jp/unsubscribe\","
  "\"segment\":{\"industry\":\"fashion\",\"audience\":\"existing\",\"goal\":\"purchase\"}}";

const char *
find_chromium (void)
{
  static const char * const names[] = { "chromium", "chromium-browser", "google-chrome" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_find_program_in_path (names[i]);

      if (path != NULL)
        return g_intern_string (path);
    }
  return NULL;
}

/* Runs chromium headless on @url with @args; its stdout. */
char *
run_chromium (const char  *profile,
              const char  *url,
              const char  *arg1,
              const char  *arg2)
{
  const char *chromium = find_chromium ();
  g_autofree char *user_dir = g_strconcat ("--user-data-dir=", profile, NULL);
  const char *argv[] = { chromium, "--headless", "--no-sandbox", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                         "--lang=ja", user_dir, arg1, arg2, url, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (chromium);   /* build-aux/install-deps installs Debian's chromium */
  if (arg2 == NULL)
    {
      argv[10] = url;
      argv[11] = NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("chromium: %s", err);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

/* Pixels of @png close to the colour @rgb. */
guint
count_colour (cairo_surface_t *png,
              guint32          rgb)
{
  int width = cairo_image_surface_get_width (png);
  int height = cairo_image_surface_get_height (png);
  int stride = cairo_image_surface_get_stride (png);
  const guint8 *data = cairo_image_surface_get_data (png);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        int dr = (int) ((pixel >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff);
        int dg = (int) ((pixel >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff);
        int db = (int) (pixel & 0xff) - (int) (rgb & 0xff);

        if (ABS (dr) <= 6 && ABS (dg) <= 6 && ABS (db) <= 6)
          n++;
      }
  return n;
}

cairo_surface_t *
screenshot (const char *dir,
            const char *profile,
            const char *url,
            int         width,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *shot = g_strconcat ("--screenshot=", path, NULL);
  g_autofree char *size = g_strdup_printf ("--window-size=%d,%d", width, width < 600 ? 2600 : 1900);
  g_autofree char *out = run_chromium (profile, url, shot, size);
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, width);
  return png;
}

static void
test_share_in_chromium (void)
{
  TestServer *ts = test_server_start ();
  g_autofree char *tenant = NULL;
  g_autofree char *token = test_signup (ts, "owner@example.jp", &tenant, NULL);
  g_autofree char *body = test_share_body (tenant, message, "ファッション通販サンプル");
  g_autoptr(TestReply) reply = test_request (NULL, ts, "POST", "/v1/shares", token, body);
  g_autofree char *dir = g_dir_make_tmp ("msgscore-browser-XXXXXX", NULL);
  const char *keep = g_getenv ("MSGSCORE_SCREENSHOT_DIR");
  const char *shots = keep != NULL ? keep : dir;
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *url = NULL;
  g_autofree char *dom = NULL;
  g_autofree char *total = NULL;
  cairo_surface_t *phone, *desktop;
  JsonObject *o;

  g_assert_cmpuint (reply->status, ==, 201);
  o = test_reply_object (reply);
  url = g_strconcat (ts->base, json_object_get_string_member (o, "path"), NULL);
  {
    g_autoptr(JsonNode) sent = json_from_string (body, NULL);
    JsonObject *result = json_object_get_object_member (json_node_get_object (sent), "result");

    total = g_strdup_printf ("<span class=\"number\" id=\"total\">%" G_GINT64_FORMAT "</span>",
                             json_object_get_int_member (result, "total"));
  }

  /* The DOM as chromium parsed it: the score and the marked NG word */
  dom = run_chromium (profile, url, "--dump-dom", NULL);
  g_assert_nonnull (strstr (dom, total));
  g_assert_nonnull (strstr (dom, "最安値</mark>"));
  g_assert_nonnull (strstr (dom, "5つの評価軸"));

  /* What it drew: the highlight (mark.sev-error #ffcdd2 or .sev-warn
   * #ffe082) and the score ring, at 390 and 1280 pixels */
  phone = screenshot (shots, profile, url, 390, "share-phone-ja.png");
  desktop = screenshot (shots, profile, url, 1280, "share-desktop-ja.png");
  g_test_message ("highlight pixels: phone %u+%u, desktop %u+%u",
                  count_colour (phone, 0xffcdd2), count_colour (phone, 0xffe082),
                  count_colour (desktop, 0xffcdd2), count_colour (desktop, 0xffe082));
  g_assert_cmpuint (count_colour (phone, 0xffcdd2) + count_colour (phone, 0xffe082), >, 200);
  g_assert_cmpuint (count_colour (desktop, 0xffcdd2) + count_colour (desktop, 0xffe082), >, 200);
  /* the ring is one of the band colours */
  g_assert_cmpuint (count_colour (phone, 0x1a7f37) + count_colour (phone, 0xb35900) +
                    count_colour (phone, 0xc62828), >, 500);
  cairo_surface_destroy (phone);
  cairo_surface_destroy (desktop);

  /* the page was counted as viewed (three loads) */
  {
    g_autoptr(TestReply) list = test_request (NULL, ts, "GET", "/v1/shares", token, NULL);
    JsonArray *links = json_object_get_array_member (test_reply_object (list), "links");

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (links, 0),
                                                 "views"), ==, 3);
  }
  test_server_stop (ts);
  if (keep == NULL)
    {
      g_autofree char *a = g_build_filename (dir, "share-phone-ja.png", NULL);
      g_autofree char *b = g_build_filename (dir, "share-desktop-ja.png", NULL);

      g_unlink (a);
      g_unlink (b);
    }
  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ms/share/chromium", test_share_in_chromium);
  g_test_add_func ("/ms/share/chromium-feedback", test_feedback_in_chromium);
  return g_test_run ();
}
