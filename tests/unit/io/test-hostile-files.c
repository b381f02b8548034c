/* test-hostile-files.c — campaign files and exports built to do harm
 *
 * Every import here is prepared with 1, 2 and 4 threads, which must agree.
 * Times are printed, never asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "io/ms-io.h"
#include "io/ms-campaign-import-private.h"
#include "io/ms-csv-writer.h"
#include "ms-core.h"

static const guint thread_counts[] = { 1, 2, 4 };

/* Prepares @data every way; all must fail alike or give the same rows. */
static MsCampaignImport *
prepare_every_way (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  MsCampaignImport *first = NULL;
  GError *first_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (thread_counts); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(MsCampaignImport) preview =
        _ms_campaign_import_prepare_with_threads (bytes, thread_counts[i], &local_error);

      if (i == 0)
        {
          first = g_steal_pointer (&preview);
          first_error = g_steal_pointer (&local_error);
          continue;
        }
      g_assert_true ((preview == NULL) == (first == NULL));
      if (preview == NULL)
        {
          g_assert_cmpstr (local_error->message, ==, first_error->message);
          continue;
        }
      g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==,
                        ms_campaign_import_get_n_rows (first));
      g_assert_cmpuint (ms_campaign_import_get_n_rejected (preview), ==,
                        ms_campaign_import_get_n_rejected (first));
    }
  if (first_error != NULL)
    g_propagate_error (error, first_error);
  return first;
}

/* A NUL byte in a UTF-8 file was read as Shift_JIS mojibake: now it is an
 * error that names its line, in any encoding. */
static void
test_nul_named (void)
{
  static const char utf8[] = "date,channel,subject\n2024-01-01,email,件名\0です\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  g_autofree char *sjis = NULL;
  gsize length = 0;

  preview = prepare_every_way (utf8, sizeof utf8 - 1, &error);
  g_assert_null (preview);
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "2"));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_clear_error (&error);

  sjis = g_convert ("date,channel,subject\n\n2024-01-01,email,件名X\n", -1, "CP932", "UTF-8",
                    NULL, &length, NULL);
  *strchr (sjis, 'X') = '\0';
  preview = prepare_every_way (sjis, length, &error);
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);

  /* Excel's "Unicode Text": UTF-16 with its mark */
  preview = prepare_every_way ("\xff\xfe" "d\0a\0t\0e\0", 10, &error);
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "UTF-16"));
}

/* A file saved twice with a byte-order mark lost its date column (the
 * header's first name started with the second mark). */
static void
test_doubled_bom (void)
{
  static const char text[] = "\xEF\xBB\xBF\xEF\xBB\xBF" "date,channel,subject\n"
                             "2024-05-31,email,件名\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignImport) preview = prepare_every_way (text, sizeof text - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ms_campaign_import_get_encoding (preview), ==, MS_ENCODING_UTF8_BOM);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 1);
  g_assert_cmpstr (ms_campaign_import_get_row (preview, 0)->sent_on, ==, "2024-05-31");
}

static glong
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Room for rows followed the line breaks: 140 MB of CRs asked for 32 GiB
 * and aborted. Now it follows the bytes. */
static void
test_line_break_flood (void)
{
  const gsize size = 20 * 1024 * 1024;
  g_autoptr(GString) text = g_string_sized_new (size + 32);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  glong before;

  g_string_append (text, "subject,channel\n");
  while (text->len < size)
    g_string_append_c (text, '\r');
  bytes = g_bytes_new_take (g_string_free (g_steal_pointer (&text), FALSE), size);
  before = peak_rss_kb ();
  preview = _ms_campaign_import_prepare_with_threads (bytes, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 0);
  g_test_message ("peak RSS grew by %ld KiB for a %zu KiB file", peak_rss_kb () - before,
                  size / 1024);
  /* the text and its copy, and room for rows by bytes: a few times the file */
  g_assert_cmpint (peak_rss_kb () - before, <, (glong) (10 * size / 1024));
}

/* Fields are capped before they are normalised (400,000 characters in a
 * channel took 7 s), and a reason quotes a few characters of one. */
static void
test_long_fields (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsCampaignImport) preview = NULL;
  const MsCampaignRejection *rejection;
  gint64 start;

  /* a long header name is no column; the known ones still are */
  g_string_append (text, "subject,channel,date,");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "a\xcc\x81");
  g_string_append (text, "\n件名,");
  for (guint i = 0; i < 400000; i++)
    g_string_append (text, "a\xcc\x81");   /* a and a combining accent */
  g_string_append (text, ",2024-01-01,x\n件名,email,");
  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "２");
  g_string_append (text, ",x\n");

  start = g_get_monotonic_time ();
  preview = prepare_every_way (text->str, text->len, &error);
  g_test_message ("prepared in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_campaign_import_get_n_rows (preview), ==, 0);
  g_assert_cmpuint (ms_campaign_import_get_n_rejected (preview), ==, 2);
  rejection = ms_campaign_import_get_rejected (preview, 0);
  g_assert_cmpuint (rejection->line, ==, 2);
  g_assert_nonnull (strstr (rejection->reason, "…"));
  g_assert_cmpuint (g_utf8_strlen (rejection->reason, -1), <, 200);
  rejection = ms_campaign_import_get_rejected (preview, 1);
  g_assert_cmpuint (rejection->line, ==, 3);
  g_assert_cmpuint (g_utf8_strlen (rejection->reason, -1), <, 200);
}

/* Cells a spreadsheet would run as formulas are written with a ' first, in
 * every encoding; plain numbers are left alone. */
static void
test_csv_formulas (void)
{
  static const struct
  {
    const char *field;
    const char *written;
  } cases[] = {
    { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
    { "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1:A2)", "'@SUM(A1:A2)" },
    { "\t=1", "'\t=1" },
    { "\r=1", "\"'\r=1\"" },
    { "-5", "-5" },
    { "+1.5", "+1.5" },
    { "=", "'=" },
    { "件名=1", "件名=1" },
    { "", "" },
  };
  static const MsEncoding encodings[] = {
    MS_ENCODING_UTF8, MS_ENCODING_UTF8_BOM, MS_ENCODING_SHIFT_JIS
  };

  for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(MsCsvWriter) writer = ms_csv_writer_new ();
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *expected = g_strconcat (cases[i].written, "\r\n", NULL);
        g_autofree char *utf8 = NULL;
        const char *data;
        gsize length;

        ms_csv_writer_add_field (writer, cases[i].field);
        ms_csv_writer_end_row (writer);
        bytes = ms_csv_writer_finish (writer, encodings[e], &error);
        g_assert_no_error (error);
        data = g_bytes_get_data (bytes, &length);
        utf8 = ms_encoding_to_utf8 (data, length, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (utf8, ==, expected);
      }
}

/* The reasons msgscore-cli prints quote the file: a terminal command in it
 * (ESC … BEL sets the window title, or worse) is printed escaped. */
static void
test_cli_escapes_controls (void)
{
  const char *cli = g_getenv ("MSGSCORE_CLI");
  g_autofree char *dir = g_dir_make_tmp ("msgscore-hostile-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "campaigns.csv", NULL);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (cli == NULL)
    {
      g_test_skip ("MSGSCORE_CLI is not set");
      return;
    }
  g_assert_true (g_file_set_contents (path, "subject,channel\n件名,\x1b]0;owned\x07\r\n"
                                      "件名,\x1b[2J\x1b[31mred\n", -1, &error));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, cli, "--profile", profile, "import", "campaigns", path,
                              "--dry-run", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "\\x1b]0;owned\\x07"));
  g_assert_nonnull (strstr (out, "\\x1b[2J"));
  g_assert_null (strchr (out, '\x1b'));
  g_assert_null (strchr (out, '\x07'));
  g_assert_null (strchr (err, '\x1b'));

  g_remove (path);
  g_remove (profile);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/hostile-files/nul-named", test_nul_named);
  g_test_add_func ("/ms/hostile-files/doubled-bom", test_doubled_bom);
  g_test_add_func ("/ms/hostile-files/line-break-flood", test_line_break_flood);
  g_test_add_func ("/ms/hostile-files/long-fields", test_long_fields);
  g_test_add_func ("/ms/hostile-files/csv-formulas", test_csv_formulas);
  g_test_add_func ("/ms/hostile-files/cli-escapes-controls", test_cli_escapes_controls);
  return g_test_run ();
}
