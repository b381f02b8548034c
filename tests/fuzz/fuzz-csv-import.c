/* fuzz-csv-import.c — campaign CSV import: every way of cutting a file agrees
 *
 * The input is a campaign file. It is prepared with 1, 2, 3 and 4 threads
 * (_ms_campaign_import_prepare_with_threads()), which cut it in different
 * places; all must fail with the same error or give the same rows,
 * rejections and summary, in file order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-common.h"
#include "io/ms-io.h"
#include "io/ms-campaign-import-private.h"
#include "ms-core.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  ms_core_init_i18n ();
  return 0;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

static void
assert_same (MsCampaignImport *a,
             const GError     *a_error,
             MsCampaignImport *b,
             const GError     *b_error)
{
  g_autofree char *a_summary = NULL;
  g_autofree char *b_summary = NULL;

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    {
      g_assert_cmpint (a_error->code, ==, b_error->code);
      g_assert_cmpstr (a_error->message, ==, b_error->message);
      return;
    }
  g_assert_cmpint (ms_campaign_import_get_encoding (a), ==, ms_campaign_import_get_encoding (b));
  g_assert_cmpuint (ms_campaign_import_get_n_rows (a), ==, ms_campaign_import_get_n_rows (b));
  for (guint i = 0; i < ms_campaign_import_get_n_rows (a); i++)
    {
      const MsCampaignRow *x = ms_campaign_import_get_row (a, i);
      const MsCampaignRow *y = ms_campaign_import_get_row (b, i);

      g_assert_cmpuint (x->line, ==, y->line);
      if (i > 0)
        g_assert_cmpuint (ms_campaign_import_get_row (a, i - 1)->line, <, x->line);
      g_assert_cmpstr (x->sent_on, ==, y->sent_on);
      g_assert_cmpint (x->channel, ==, y->channel);
      g_assert_cmpstr (x->subject, ==, y->subject);
      g_assert_cmpstr (x->body, ==, y->body);
      g_assert_cmpint (x->recipients, ==, y->recipients);
      g_assert_true (same_double (x->open_rate, y->open_rate));
      g_assert_true (same_double (x->ctr, y->ctr));
      g_assert_cmpint (x->cv_count, ==, y->cv_count);
      g_assert_cmpstr (x->cv_type, ==, y->cv_type);
      g_assert_cmpstr (x->natural_key, ==, y->natural_key);
    }
  g_assert_cmpuint (ms_campaign_import_get_n_rejected (a), ==,
                    ms_campaign_import_get_n_rejected (b));
  for (guint i = 0; i < ms_campaign_import_get_n_rejected (a); i++)
    {
      const MsCampaignRejection *x = ms_campaign_import_get_rejected (a, i);
      const MsCampaignRejection *y = ms_campaign_import_get_rejected (b, i);

      g_assert_cmpuint (x->line, ==, y->line);
      g_assert_cmpstr (x->reason, ==, y->reason);
      g_assert_true (g_utf8_validate (x->reason, -1, NULL));
    }
  a_summary = ms_campaign_import_dup_summary (a);
  b_summary = ms_campaign_import_dup_summary (b);
  g_assert_cmpstr (a_summary, ==, b_summary);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) reference_error = NULL;
  g_autoptr(MsCampaignImport) reference = NULL;

  reference = _ms_campaign_import_prepare_with_threads (bytes, 1, &reference_error);
  g_assert_true ((reference == NULL) != (reference_error == NULL));
  for (guint n = 2; n <= 4; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsCampaignImport) other = _ms_campaign_import_prepare_with_threads (bytes, n,
                                                                                    &error);

      assert_same (reference, reference_error, other, error);
    }
  return 0;
}
