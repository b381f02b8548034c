/* test-scheduled-import.c — the monthly import of campaign results from a folder
 *
 * A real folder of files with set modification times: the CSV files
 * changed since the last run are imported (a .txt and an older CSV are
 * not), a file that fails imports nothing and is named in the report with
 * its reason, the run is recorded, and the next run only sees newer files.
 * Without Team Pro nothing is imported. Due means: never ran, or last ran
 * in an earlier month in Japan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "io/ms-scheduled-import.h"
#include "store-test.h"

/* 2026-11-30 15:00 UTC is 2026-12-01 00:00 in Tokyo */
#define NOV_30_1400_UTC ((gint64) 1796047200 * G_USEC_PER_SEC)
#define NOV_30_1500_UTC ((gint64) 1796050800 * G_USEC_PER_SEC)
#define HOUR ((gint64) G_USEC_PER_SEC * 3600)

static void
write_file (const char *dir,
            const char *name,
            const char *text,
            gint64      mtime)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                              (guint64) (mtime / G_USEC_PER_SEC),
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_no_error (error);
}

static const char good[] =
  "date,channel,subject,body,recipients,open_rate,ctr,cv_count\n"
  "2026-11-02,email,冬のコート入荷,本文,1000,23.4%,2.1%,12\n"
  "2026-11-09,line,週末クーポン,本文,800,61%,5%,30\n"
  "2026-11-10,fax,不明なチャネル,本文,1,1%,1%,0\n";
static const char bad[] = "date,subject,body\n2026-11-03,件名,本文\n";

static void
test_due (void)
{
  g_assert_true (ms_scheduled_import_is_due (0, NOV_30_1400_UTC));
  /* the same month in Japan */
  g_assert_false (ms_scheduled_import_is_due (NOV_30_1400_UTC - HOUR * 24 * 20,
                                              NOV_30_1400_UTC));
  /* an hour later it is December in Tokyo */
  g_assert_true (ms_scheduled_import_is_due (NOV_30_1400_UTC, NOV_30_1500_UTC));
}

static void
test_folder (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "exports", NULL);
  gint64 last = TEST_NOW - HOUR * 24 * 40;
  g_autoptr(MsScheduledImport) import = NULL;
  g_autoptr(MsScheduledImport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  g_autofree char *kept = NULL;
  const MsScheduledImportFile *file;

  use_plan (fixture->store, "team_pro_s");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (folder, "2026-11-a.csv", good, TEST_NOW - HOUR);
  write_file (folder, "2026-11-b.csv", bad, TEST_NOW - HOUR);
  write_file (folder, "notes.txt", good, TEST_NOW - HOUR);
  write_file (folder, "2026-09.csv", good, last - (gint64) G_USEC_PER_SEC);   /* imported last time */

  g_assert_false (ms_scheduled_import_set_folder (fixture->store, "relative/dir", &error));
  g_clear_error (&error);
  g_assert_true (ms_scheduled_import_set_folder (fixture->store, folder, &error));
  g_assert_no_error (error);
  kept = ms_scheduled_import_dup_folder (fixture->store);
  g_assert_cmpstr (kept, ==, folder);

  import = ms_scheduled_import_prepare (folder, last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_scheduled_import_get_n_files (import), ==, 2);
  g_assert_true (ms_scheduled_import_commit (import, fixture->store, TEST_NOW, &error));
  g_assert_no_error (error);

  file = ms_scheduled_import_get_file (import, 0);
  g_assert_cmpstr (file->name, ==, "2026-11-a.csv");
  g_assert_cmpuint (file->n_added, ==, 2);
  g_assert_cmpuint (file->n_rejected, ==, 1);     /* the fax row, as the dialog refuses it */
  g_assert_null (file->error);
  file = ms_scheduled_import_get_file (import, 1);
  g_assert_cmpstr (file->name, ==, "2026-11-b.csv");
  g_assert_cmpuint (file->n_added, ==, 0);
  g_assert_nonnull (file->error);
  {
    g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (fixture->store);

    g_assert_cmpuint (ms_campaign_repository_count (campaigns, NULL), ==, 2);
  }
  report = ms_scheduled_import_describe (import);
  g_assert_nonnull (strstr (report, "2026-11-b.csv"));
  g_assert_cmpint (ms_scheduled_import_get_last_run (fixture->store), ==, TEST_NOW);

  /* the next run sees only what changed since */
  again = ms_scheduled_import_prepare (folder, ms_scheduled_import_get_last_run (fixture->store),
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_scheduled_import_get_n_files (again), ==, 0);
}

static void
test_needs_team_pro (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "exports", NULL);
  g_autoptr(MsScheduledImport) import = NULL;
  g_autoptr(GError) error = NULL;

  use_plan (fixture->store, "pro");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (folder, "a.csv", good, TEST_NOW - (gint64) G_USEC_PER_SEC);
  import = ms_scheduled_import_prepare (folder, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (ms_scheduled_import_commit (import, fixture->store, TEST_NOW, &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED);
  g_assert_cmpint (count_rows (fixture->store, "campaign_batch"), ==, 0);
  g_assert_cmpint (ms_scheduled_import_get_last_run (fixture->store), ==, 0);
}

static void
test_missing_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScheduledImport) import = ms_scheduled_import_prepare ("/nonexistent/exports", 0,
                                                                     NULL, &error);

  g_assert_null (import);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scheduled-import/due", test_due);
  g_test_add_func ("/scheduled-import/missing-folder", test_missing_folder);
  g_test_add ("/scheduled-import/folder", StoreFixture, NULL, store_fixture_set_up, test_folder,
              store_fixture_tear_down);
  g_test_add ("/scheduled-import/needs-team-pro", StoreFixture, NULL, store_fixture_set_up,
              test_needs_team_pro, store_fixture_tear_down);
  return g_test_run ();
}
