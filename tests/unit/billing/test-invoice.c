/* test-invoice.c — qualified invoices: registration numbers, the document, the PDF
 *
 * The PDF is rendered to PNG with pdftoppm and read back with pdftotext
 * (poppler-utils, as a tax office's or a customer's viewer would), and
 * must show every item of a qualified invoice (DOMAIN.md): issuer and
 * registration number, invoice number, issue date, recipient, period,
 * lines, the total per tax rate with the rate, the tax per rate, the total.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "billing/ms-invoice.h"
#include "ms-core.h"

#define DAY(y, m, d) ms_billing_day_new (y, m, d)

/* 国税庁's own corporate number (houjin-bangou.nta.go.jp): 7000012050002. */
#define NTA_NUMBER "T7000012050002"

static JsonObject *
issuer (void)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", "株式会社メッセージスコア");
  json_object_set_string_member (o, "registration_number", NTA_NUMBER);
  json_object_set_string_member (o, "address", "東京都千代田区霞が関3-1-1");
  return o;
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* An upgrade on December 20th with two owners added: the lines whose tax,
 * rounded per line, would be ¥192 and, rounded once per rate, is ¥193. */
static GPtrArray *
upgrade_lines (void)
{
  g_autoptr(MsSubscriptionState) state = ms_subscription_state_new_paid ("team_s",
                                                                         MS_BILLING_MONTHLY, 0,
                                                                         DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 2, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (quote->subtotal, ==, 1548 + 387);
  return g_ptr_array_ref (quote->lines);
}

/* The first page as pdftoppm drew it: an A4 page (1 : √2), with ink in
 * its top band (the title and the issuer) and in the band of the lines,
 * the rest mostly paper. */
static void
assert_page_drawn (const char *png)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  int width, height, stride;
  const guchar *data;
  guint ink_top = 0, ink_middle = 0, ink = 0;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  g_assert_cmpfloat (fabs ((double) height / width - G_SQRT2), <, 0.02);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        guint luma = (((pixel >> 16) & 0xff) * 3 + ((pixel >> 8) & 0xff) * 6 + (pixel & 0xff)) / 10;

        if (luma >= 128)
          continue;
        ink++;
        ink_top += y < height / 8;
        ink_middle += y >= height / 4 && y < height / 2;
      }
  cairo_surface_destroy (surface);
  if (g_test_verbose ())
    g_test_message ("%dx%d: %u dark pixels, %u in the top eighth, %u in the second quarter",
                    width, height, ink, ink_top, ink_middle);
  g_assert_cmpuint (ink_top, >, 200);
  g_assert_cmpuint (ink_middle, >, 200);
  g_assert_cmpuint (ink, <, (guint) (width * height / 5));
}

static void
test_registration_number (void)
{
  g_autoptr(GError) error = NULL;
  MsInvoiceNumberCheck check;

  g_assert_true (ms_invoice_check_registration_number (NTA_NUMBER, &check, &error));
  g_assert_cmpint (check, ==, MS_INVOICE_NUMBER_VALID);
  /* Well formed, wrong check digit: a warning, not an error. */
  g_assert_true (ms_invoice_check_registration_number ("T7000012050003", &check, &error));
  g_assert_cmpint (check, ==, MS_INVOICE_NUMBER_CHECK_DIGIT_MISMATCH);
  g_assert_no_error (error);

  g_assert_false (ms_invoice_check_registration_number ("7000012050002", &check, &error));
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ms_invoice_check_registration_number ("T700001205000", &check, &error));
  g_clear_error (&error);
  g_assert_false (ms_invoice_check_registration_number ("T70000120500O2", &check, &error));
  g_clear_error (&error);
}

static void
test_period_label (void)
{
  g_autofree char *month = ms_invoice_dup_period_label (DAY (2026, 12, 1), DAY (2027, 1, 1));
  g_autofree char *span = ms_invoice_dup_period_label (DAY (2026, 12, 20), DAY (2027, 1, 20));

  g_assert_cmpstr (month, ==, "2026年12月分");
  g_assert_cmpstr (span, ==, "2026年12月20日〜2027年1月19日");
}

static void
test_pdf_has_every_item (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) who = issuer ();
  g_autoptr(GPtrArray) lines = upgrade_lines ();
  g_autoptr(GPtrArray) month = ms_billing_period_lines ("team_m", MS_BILLING_MONTHLY, 2,
                                                        DAY (2027, 1, 1), DAY (2027, 2, 1));
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) renewal = NULL;
  g_autoptr(JsonObject) correction = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-invoice-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "invoice.pdf", NULL);
  g_autofree char *png_root = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *text = NULL;
  const char *pdftotext[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *pdftoppm[] = { "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path,
                             png_root, NULL };
  GStatBuf st;

  g_assert_no_error (error);
  doc = ms_invoice_build (who, "株式会社ノースリーフ", "MS-2026-000042", DAY (2026, 12, 20),
                          DAY (2027, 1, 19), lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_invoice_get_total (doc), ==, 1935 + 193);

  pdf = ms_invoice_render_pdf (doc, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                                      (gssize) g_bytes_get_size (pdf), &error));
  g_free (run (pdftoppm));
  g_assert_cmpint (g_stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  assert_page_drawn (png);

  text = run (pdftotext);
  if (g_test_verbose ())
    g_test_message ("%s", text);
  {
    const char *items[] = {
      "請求書", "適格請求書",
      "株式会社メッセージスコア", "登録番号：" NTA_NUMBER,          /* issuer */
      "MS-2026-000042", "2026年12月20日",                           /* number, issue date */
      "株式会社ノースリーフ 御中",                                   /* recipient */
      "2026年12月20日〜2026年12月31日",                              /* the period */
      "プラン変更 Team S→Team M", "¥1,548", "追加オーナー 2名", "¥387", /* lines */
      "10%対象", "¥1,935", "消費税（10%）", "¥193",                  /* per rate */
      "¥2,128",                                                       /* the total */
    };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      if (strstr (text, items[i]) == NULL)
        g_error ("the invoice does not show “%s”:\n%s", items[i], text);
    /* Rounded per line the tax would be ¥192: it is not. */
    g_assert_null (strstr (text, "¥192"));
  }

  /* A month's renewal is 「2027年1月分」. */
  renewal = ms_invoice_build (who, "株式会社ノースリーフ", "MS-2027-000043", DAY (2027, 1, 1),
                              DAY (2027, 1, 31), month, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (renewal,
                                                                                 "period"),
                                                  "label"), ==, "2027年1月分");
  /* (8,980 + 2 × 500) × 1.10 = 10,978 */
  g_assert_cmpint (ms_invoice_get_total (renewal), ==, 10978);

  /* A correction names the invoice it corrects. */
  correction = ms_invoice_build (who, "株式会社ノースリーフ（経理部）", "MS-2026-000044",
                                 DAY (2026, 12, 22), DAY (2027, 1, 19), lines, "MS-2026-000042",
                                 "宛名の訂正", &error);
  g_assert_no_error (error);
  g_clear_pointer (&pdf, g_bytes_unref);
  pdf = ms_invoice_render_pdf (correction, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL),
                                      (gssize) g_bytes_get_size (pdf), &error));
  g_free (text);
  text = run (pdftotext);
  g_assert_nonnull (strstr (text, "本書は請求書 MS-2026-000042 を訂正するものです"));
  g_assert_nonnull (strstr (text, "宛名の訂正"));

  /* No issuer, no invoice. */
  g_assert_null (ms_invoice_build (NULL, "x", "n", DAY (2026, 12, 20), DAY (2027, 1, 19), lines,
                                   NULL, NULL, &error));
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID);

  g_remove (png);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/invoice/registration-number", test_registration_number);
  g_test_add_func ("/ms/invoice/period-label", test_period_label);
  g_test_add_func ("/ms/invoice/pdf-has-every-item", test_pdf_has_every_item);

  return g_test_run ();
}
