/* bench-import.c — campaign CSV import against pandas.read_csv
 *
 * Generates a 100,000-row campaign CSV (UTF-8, and a Shift_JIS copy) in a
 * temporary folder, then for each file times our import — prepare (read,
 * decode, parse, validate, preview) and commit (the rows file, synced, and
 * one transaction into a fresh store with an outbox reference per 500 rows)
 * — and, in the same run, Debian's pandas
 * read_csv on the same file (timed inside Python, so interpreter start-up is
 * not counted against pandas). Then, apart, the time learning takes on the
 * main thread to read the imported rows. Prints one JSON line per file and
 * a summary.
 * Not a test: it never fails on time. Goal: ours ≤ 0.5 × pandas.
 *
 *   bench-import [ROWS] [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "io/ms-io.h"
#include "ms-core.h"
#include "score/ms-baseline-predictor.h"
#include "score/ms-history-predictor.h"
#include "store/ms-store-all.h"

static const char * const subjects[] = {
  "【期間限定】春のセール開催中！最大50%OFF", "新商品のご案内", "会員様だけの特別クーポン",
  "週末限定：送料無料キャンペーン", "ご注文ありがとうございます", "秋の新作コレクション入荷",
  "【重要】ポイント失効のお知らせ", "今だけ！2点目半額", "LINE友だち限定プレゼント",
  "ご来店予約受付中", "Weekly newsletter: what's new", "\"Quoted\" subject, with comma",
};

static char *
generate_csv (guint rows)
{
  GString *s = g_string_sized_new (rows * 120);
  GRand *rand = g_rand_new_with_seed (42);

  g_string_append (s, "date,channel,subject,body,recipients,open_rate,ctr,cv_count,cv_type\r\n");
  for (guint i = 0; i < rows; i++)
    {
      const char *subject = subjects[g_rand_int_range (rand, 0, G_N_ELEMENTS (subjects))];
      gboolean line = g_rand_boolean (rand);
      guint recipients = (guint) g_rand_int_range (rand, 500, 200000);
      double open = line ? g_rand_double_range (rand, 40, 80) : g_rand_double_range (rand, 10, 35);
      double ctr = g_rand_double_range (rand, 0.5, 8);
      g_autofree char *quoted = NULL;

      if (strchr (subject, '"') != NULL || strchr (subject, ',') != NULL)
        {
          g_autofree char *doubled = NULL;
          g_auto(GStrv) parts = g_strsplit (subject, "\"", -1);

          doubled = g_strjoinv ("\"\"", parts);
          quoted = g_strdup_printf ("\"%s\"", doubled);
        }
      g_string_append_printf (s, "2024-%02u-%02u,%s,%s #%u,%s,%u,%.1f%%,%.2f%%,%u,%s\r\n",
                              1 + i % 12, 1 + i % 28, line ? "line" : "email",
                              quoted != NULL ? quoted : subject, i,
                              i % 3 == 0 ? "\"本文です。\r\n2行目, カンマ入り\"" : "本文",
                              recipients, open, ctr, recipients / 200,
                              i % 2 ? "購入" : "会員登録");
    }
  g_rand_free (rand);
  return g_string_free (s, FALSE);
}

static double
pandas_read_csv (const char *path,
                 const char *encoding)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import sys, time, pandas\n"
    "best = None\n"
    "for _ in range(int(sys.argv[3])):\n"
    "    t = time.perf_counter()\n"
    "    frame = pandas.read_csv(sys.argv[1], encoding=sys.argv[2])\n"
    "    t = time.perf_counter() - t\n"
    "    best = t if best is None else min(best, t)\n"
    "assert len(frame) > 0\n"
    "print(best * 1000)\n",
    path, encoding, "3", NULL
  };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("bench-import: pandas failed (apt-get install python3-pandas): %s%s\n",
                  error != NULL ? error->message : "", err != NULL ? err : "");
      return -1;
    }
  return g_ascii_strtod (out, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 3;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-import-XXXXXX", &error);
  g_autofree char *csv = generate_csv (rows);
  g_autofree char *utf8_path = g_build_filename (dir, "campaigns-utf8.csv", NULL);
  g_autofree char *sjis_path = g_build_filename (dir, "campaigns-sjis.csv", NULL);
  g_autofree char *sjis = NULL;
  gsize sjis_len = 0;
  const struct { const char *name; const char *path; const char *pandas; } files[] = {
    { "utf-8", utf8_path, "utf-8" },
    { "shift_jis", sjis_path, "cp932" },
  };
  struct rusage usage;

  g_assert_no_error (error);
  sjis = g_convert (csv, -1, "CP932", "UTF-8", NULL, &sjis_len, &error);
  g_assert_no_error (error);
  g_file_set_contents (utf8_path, csv, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (sjis_path, sjis, sjis_len, &error);
  g_assert_no_error (error);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      double best_prepare = G_MAXDOUBLE, best_commit = G_MAXDOUBLE, best_total = G_MAXDOUBLE;
      double best_snapshot = G_MAXDOUBLE;
      guint n_rows = 0, added = 0;
      double pandas_ms;

      for (guint run = 0; run < runs; run++)
        {
          g_autofree char *profile = g_strdup_printf ("%s/profile-%u-%u", dir, f, run);
          g_autoptr(GFile) file = g_file_new_for_path (files[f].path);
          g_autoptr(MsCampaignImport) preview = NULL;
          g_autoptr(MsStore) store = NULL;
          gint64 t0, t1, t2;

          /* The app imports into the profile it has open, on Team Pro. */
          store = ms_store_open (profile, &error);
          g_assert_no_error (error);
          {
            g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan ("team_pro_s", &error);

            g_assert_no_error (error);
            ms_store_set_entitlements (store, plan);
          }
          t0 = g_get_monotonic_time ();
          preview = ms_campaign_import_prepare_file (file, NULL, &error);
          g_assert_no_error (error);
          t1 = g_get_monotonic_time ();
          ms_campaign_import_commit (preview, store, &added, &error);
          g_assert_no_error (error);
          t2 = g_get_monotonic_time ();

          n_rows = ms_campaign_import_get_n_rows (preview);

          best_prepare = MIN (best_prepare, (t1 - t0) / 1000.0);
          best_commit = MIN (best_commit, (t2 - t1) / 1000.0);
          best_total = MIN (best_total, (t2 - t0) / 1000.0);
        }

      /* What learning then reads on the main thread (ms-learning.c), after
       * the import runs so that its memory does not slow them. */
      for (guint run = 0; run < runs; run++)
        {
          g_autofree char *profile = g_strdup_printf ("%s/profile-%u-%u", dir, f, run);
          g_autoptr(MsStore) store = ms_store_open (profile, &error);
          g_autoptr(MsPredictor) baseline =
            ms_baseline_predictor_new (ms_rule_set_get_baselines (ms_rule_set_get_default ()),
                                       "ja");
          g_autoptr(MsPredictor) unbuilt = NULL;
          gint64 r0;

          g_assert_no_error (error);
          r0 = g_get_monotonic_time ();
          unbuilt = ms_learning_source_read (store, baseline, &error);
          g_assert_no_error (error);
          best_snapshot = MIN (best_snapshot, (g_get_monotonic_time () - r0) / 1000.0);
        }

      pandas_ms = pandas_read_csv (files[f].path, files[f].pandas);
      printf ("{\"bench\":\"import\",\"encoding\":\"%s\",\"rows\":%u,\"accepted\":%u,\"added\":%u,"
              "\"prepare_ms\":%.1f,\"commit_ms\":%.1f,\"total_ms\":%.1f,\"pandas_read_csv_ms\":%.1f,"
              "\"ratio_prepare_vs_pandas\":%.2f,\"ratio_total_vs_pandas\":%.2f,"
              "\"learning_snapshot_ms\":%.1f,\"runs\":%u}\n",
              files[f].name, rows, n_rows, added, best_prepare, best_commit, best_total,
              pandas_ms, pandas_ms > 0 ? best_prepare / pandas_ms : -1,
              pandas_ms > 0 ? best_total / pandas_ms : -1, best_snapshot, runs);
      fflush (stdout);
    }

  getrusage (RUSAGE_SELF, &usage);
  printf ("{\"bench\":\"import\",\"peak_rss_mb\":%.1f,\"file_mb\":%.1f}\n",
          usage.ru_maxrss / 1024.0, strlen (csv) / 1048576.0);

  remove_tree (dir);
  return 0;
}
