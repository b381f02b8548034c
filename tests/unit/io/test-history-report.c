/* test-history-report.c — the history as a PDF report
 *
 * The PDF is read back with poppler-utils (pdftotext, pdfinfo), as a user's
 * viewer would; without them those checks are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "io/ms-io.h"
#include "store-test.h"

#define OLDEST_SUBJECT "【会員様限定】秋の感謝祭のお知らせ"
#define NEWEST_SUBJECT "【本日限定】春のセール開催中"

static char *
save_at (StoreFixture *fixture,
         gint64        when,
         const char   *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = make_email (subject, "いつもご利用ありがとうございます。");
  char *id;

  ms_store_set_now_for_testing (fixture->store, when);
  id = save_scoring (fixture->store, message, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* Saves @n scorings an hour apart, the oldest first and the newest at TEST_NOW. */
static void
save_many (StoreFixture *fixture,
           guint         n)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (fixture->store);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = i == 0 ? g_strdup (OLDEST_SUBJECT)
                                 : i == n - 1 ? g_strdup (NEWEST_SUBJECT)
                                 : g_strdup_printf ("お知らせ第%u号", i);
      g_autofree char *id = save_at (fixture, TEST_NOW - (gint64) (n - 1 - i) * G_TIME_SPAN_HOUR,
                                     subject);

      if (i % 4 == 1)
        {
          g_autoptr(GError) error = NULL;
          MsActuals actuals = { 10000, 0.18 + 0.01 * (i % 5), 0.02, 30 };

          g_assert_true (ms_history_repository_set_actuals (history, id, &actuals, &error));
          g_assert_no_error (error);
        }
    }
  ms_store_set_now_for_testing (fixture->store, TEST_NOW);
}

static GFile *
report_file (StoreFixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->dir, "report.pdf", NULL);
  return g_file_new_for_path (path);
}

static char *
run_tool (const char *tool,
          GFile      *file)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;
  const char *argv_text[] = { program, "-enc", "UTF-8", path, "-", NULL };
  const char *argv_info[] = { program, path, NULL };

  if (program == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL,
                               (char **) (g_str_equal (tool, "pdftotext") ? argv_text : argv_info),
                               NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
count_pages (GFile *file)
{
  g_autofree char *info = run_tool ("pdfinfo", file);
  const char *pages;

  if (info == NULL)
    return 0;
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:") + strspn (pages + 6, " "), NULL, 10);
}

static void
test_write_pdf (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = report_file (fixture);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length;

  use_plan (fixture->store, "pro");
  save_many (fixture, 5);

  g_assert_true (ms_history_report_write_pdf (fixture->store, NULL, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* a complete file: it ends with the end-of-file marker (binary streams come before) */
  g_assert_nonnull (g_strstr_len (contents + length - 8, 8, "%%EOF"));

  text = run_tool ("pdftotext", file);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  /* the title, in the test's language, and Japanese subjects from the table */
  g_assert_nonnull (strstr (text, _("Scoring history report")));
  g_assert_nonnull (strstr (text, NEWEST_SUBJECT));
  g_assert_nonnull (strstr (text, OLDEST_SUBJECT));
  /* the period and the page numbers */
  g_assert_nonnull (strstr (text, "2026/11/21"));
  g_assert_cmpuint (count_pages (file), ==, 1);
}

static void
test_pages (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = report_file (fixture);
  guint first_page, n_rows;

  /* the first page holds a few rows under the chart; the others hold many */
  first_page = 0;
  while (ms_history_report_count_pages (first_page + 1) == 1)
    first_page++;
  g_assert_cmpuint (first_page, >=, 5);
  g_assert_cmpuint (ms_history_report_count_pages (1), ==, 1);
  g_assert_cmpuint (ms_history_report_count_pages (first_page + 1), ==, 2);

  /* one row onto the third page */
  n_rows = first_page + 1;
  while (ms_history_report_count_pages (n_rows + 1) == 2)
    n_rows++;
  g_assert_cmpuint (n_rows - first_page, >=, 30);   /* a full page of rows */
  n_rows++;
  g_assert_cmpuint (ms_history_report_count_pages (n_rows), ==, 3);

  use_plan (fixture->store, "pro");
  save_many (fixture, n_rows);
  g_assert_true (ms_history_report_write_pdf (fixture->store, NULL, file, &error));
  g_assert_no_error (error);

  {
    g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

    if (pdfinfo == NULL)
      {
        g_test_skip ("pdfinfo (poppler-utils) is not installed");
        return;
      }
  }
  g_assert_cmpuint (count_pages (file), ==, 3);

  {
    g_autofree char *text = run_tool ("pdftotext", file);
    g_autofree char *last = g_strdup_printf (_("Page %u of %u"), 3, 3);
    g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

    /* the header is repeated on every page, and the last page has the oldest row */
    g_assert_cmpuint (g_strv_length (pages), >=, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_nonnull (strstr (pages[i], _("Subject")));
    g_assert_nonnull (strstr (pages[2], last));
    g_assert_nonnull (strstr (pages[2], OLDEST_SUBJECT));
    g_assert_nonnull (strstr (pages[0], NEWEST_SUBJECT));
  }
}

static void
test_locked_rows_left_out (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = report_file (fixture);
  g_autofree char *text = NULL;

  /* Free shows the 3 newest; save 5 over two days (5 a day is Free's limit) */
  use_plan (fixture->store, "free");
  g_free (save_at (fixture, TEST_NOW - 30 * G_TIME_SPAN_HOUR, OLDEST_SUBJECT));
  g_free (save_at (fixture, TEST_NOW - 29 * G_TIME_SPAN_HOUR, "古い件名その2"));
  g_free (save_at (fixture, TEST_NOW - 2 * G_TIME_SPAN_HOUR, "新しい件名その1"));
  g_free (save_at (fixture, TEST_NOW - 1 * G_TIME_SPAN_HOUR, "新しい件名その2"));
  g_free (save_at (fixture, TEST_NOW, NEWEST_SUBJECT));

  g_assert_true (ms_history_report_write_pdf (fixture->store, NULL, file, &error));
  g_assert_no_error (error);
  text = run_tool ("pdftotext", file);
  if (text == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, NEWEST_SUBJECT));
  g_assert_nonnull (strstr (text, "新しい件名その1"));
  g_assert_null (strstr (text, OLDEST_SUBJECT));
  g_assert_null (strstr (text, "古い件名その2"));
}

static void
test_empty (StoreFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = report_file (fixture);
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;

  /* no scoring at all: a clear error, and no file */
  g_assert_false (ms_history_report_write_pdf (fixture->store, NULL, file, &error));
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_false (g_file_query_exists (file, NULL));
  g_clear_error (&error);

  /* a search that finds nothing is the same */
  use_plan (fixture->store, "pro");
  save_many (fixture, 2);
  query.search = "見つからない言葉";
  g_assert_false (ms_history_report_write_pdf (fixture->store, &query, file, &error));
  g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY);
  g_assert_false (g_file_query_exists (file, NULL));
}

static void
test_unwritable (StoreFixture  *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "no-such-folder", "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  use_plan (fixture->store, "pro");
  save_many (fixture, 1);
  g_assert_false (ms_history_report_write_pdf (fixture->store, NULL, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/ms/history-report/write-pdf", test_write_pdf);
  ADD ("/ms/history-report/pages", test_pages);
  ADD ("/ms/history-report/locked-rows-left-out", test_locked_rows_left_out);
  ADD ("/ms/history-report/empty", test_empty);
  ADD ("/ms/history-report/unwritable", test_unwritable);
#undef ADD

  return g_test_run ();
}
