/* bench-history.c — the History list over 100,000 saved scorings
 *
 * Fills a fresh profile with 100,000 history rows (one real scoring's result
 * JSON reused, rows written straight with SQL in one transaction: the fill is
 * not what is measured), closes it, then times what the History page does:
 * open the store, create the list model and get its first page (50 items);
 * a filtered query (search 「限定」 + channel LINE) and its first page, the
 * same search in every channel; sort by score; saving one more scoring while
 * the whole list is shown, on the main thread and then as the app saves, on
 * the store's worker thread, where the line "history-save-stall" gives the
 * longest time the main loop went without polling from the save until the
 * list showed the new row (SAVES saves: the median and the largest, in
 * wall-clock time and in the main thread's CPU time, which other programs on
 * a busy machine do not inflate). Peak RSS at the end. One JSON line per
 * measurement. Goals: < 50 ms to the first page, < 4 ms of stall, < 100 MB
 * RSS. Never fails on time.
 *
 *   bench-history [ROWS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <glib/gstdio.h>

#include "ms-core.h"
#include "score/ms-score.h"
#include "store/ms-store-all.h"
#include "store/ms-store-private.h"

#define PAGE 50
#define SAVES 9

/* The longest time the main loop spent between two polls: how long the UI
 * would not have answered input or drawn a frame. */
static gint64 last_poll_return;
static gint64 last_poll_return_cpu;
static gint64 longest_stall;
static gint64 longest_stall_cpu;

/* CPU time of the calling thread, in µs. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint
timed_poll (GPollFD *fds,
            guint    nfds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();
  gint result;

  if (last_poll_return != 0)
    {
      longest_stall = MAX (longest_stall, now - last_poll_return);
      longest_stall_cpu = MAX (longest_stall_cpu, cpu - last_poll_return_cpu);
    }
  result = g_poll (fds, nfds, timeout);
  last_poll_return = g_get_monotonic_time ();
  last_poll_return_cpu = thread_cpu_time ();
  return result;
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  MsHistoryRepository *history;
  MsHistoryList       *list;
  MsMessage           *message;
  MsScoreResult       *result;
  GMainLoop           *loop;
  char                *id;
  guint                n_before;
  gint64               started;
  gint64               listed;
} SaveRun;

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->id = ms_history_repository_save_finish (run->history, result, &error);
  g_assert_no_error (error);
}

static void
on_list_items_changed_cb (GListModel *list,
                          guint       position,
                          guint       removed,
                          guint       added,
                          SaveRun    *run)
{
  if (g_list_model_get_n_items (list) == run->n_before + 1)
    {
      run->listed = g_get_monotonic_time ();
      g_main_loop_quit (run->loop);
    }
}

static gboolean
start_save_cb (gpointer user_data)
{
  SaveRun *run = user_data;

  run->started = g_get_monotonic_time ();
  ms_history_repository_save_async (run->history, run->message, run->result, NULL, on_saved_cb,
                                    run);
  return G_SOURCE_REMOVE;
}

/* Saves once as the app does, with the list shown; the longest stall is in
 * longest_stall and longest_stall_cpu. Returns the time from the save until
 * the list showed the new row, in µs. */
static gint64
save_once (MsHistoryRepository *history,
           MsHistoryList       *list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = ms_message_new_email ("裏で保存する件名", "", "本文", NULL);
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message, NULL,
                                                     &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SaveRun run = { history, list, message, result, loop, NULL,
                  g_list_model_get_n_items (G_LIST_MODEL (list)), 0, 0 };
  gulong handler;

  g_assert_no_error (error);
  handler = g_signal_connect (list, "items-changed", G_CALLBACK (on_list_items_changed_cb), &run);
  g_main_context_set_poll_func (NULL, timed_poll);
  last_poll_return = longest_stall = longest_stall_cpu = 0;
  g_idle_add (start_save_cb, &run);
  g_main_loop_run (loop);
  g_main_context_set_poll_func (NULL, g_poll);
  g_signal_handler_disconnect (list, handler);
  while (run.id == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_free (run.id);
  return run.listed - run.started;
}

/* Saves SAVES times as the app does and reports the longest stalls. */
static void
measure_save_stall (MsHistoryRepository *history,
                    MsHistoryList       *list,
                    guint                rows)
{
  gint64 stall[SAVES];
  gint64 stall_cpu[SAVES];
  gint64 listed[SAVES];

  for (guint i = 0; i < SAVES; i++)
    {
      listed[i] = save_once (history, list);
      stall[i] = longest_stall;
      stall_cpu[i] = longest_stall_cpu;
    }
  qsort (stall, SAVES, sizeof (gint64), compare_int64);
  qsort (stall_cpu, SAVES, sizeof (gint64), compare_int64);
  qsort (listed, SAVES, sizeof (gint64), compare_int64);
  printf ("{\"bench\":\"history-save-stall\",\"rows\":%u,\"saves\":%u,"
          "\"median_longest_stall_ms\":%.2f,\"max_longest_stall_ms\":%.2f,"
          "\"median_longest_stall_cpu_ms\":%.2f,\"max_longest_stall_cpu_ms\":%.2f,"
          "\"median_save_to_listed_ms\":%.1f}\n",
          rows, SAVES, stall[SAVES / 2] / 1000.0, stall[SAVES - 1] / 1000.0,
          stall_cpu[SAVES / 2] / 1000.0, stall_cpu[SAVES - 1] / 1000.0,
          listed[SAVES / 2] / 1000.0);
}

static const char * const subjects[] = {
  "【期間限定】春のセール開催中！最大50%OFF", "新商品のご案内", "会員様だけの特別クーポン",
  "週末限定：送料無料キャンペーン", "ご注文ありがとうございます", "秋の新作コレクション入荷",
  "【重要】ポイント失効のお知らせ", "今だけ！2点目半額", "LINE友だち限定プレゼント",
  "ご来店予約受付中",
};

static void
fill (MsStore *store,
      guint    rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autofree char *input_json = NULL;
  g_autofree char *result_json = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  sqlite3 *db = _ms_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_real_time () - (gint64) rows * 600 * G_USEC_PER_SEC;

  message = ms_message_new_email (subjects[0], "プレヘッダー", "本文です。", NULL);
  result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, &error);
  g_assert_no_error (error);
  input = ms_message_to_json (message);
  input_json = json_to_string (input, FALSE);
  result_json = ms_score_result_to_string (result, FALSE);

  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db,
                      "INSERT INTO score_history (id, tenant, created_at, updated_at, channel,"
                      " subject, preheader, body, input_json, result_json, engine, total,"
                      " predicted_open_rate, predicted_ctr)"
                      " VALUES (?1, 'local', ?2, ?2, ?3, ?4, '', ?5, ?6, ?7, 'bench', ?8, 0.2, 0.02)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < rows; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *subject = g_strdup_printf ("%s #%u",
                                                  subjects[g_rand_int_range (rand, 0,
                                                                             G_N_ELEMENTS (subjects))],
                                                  i);
      gboolean line = g_rand_int_range (rand, 0, 3) == 0;

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, start + (gint64) i * 600 * G_USEC_PER_SEC);
      sqlite3_bind_text (stmt, 3, line ? "line" : "email", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, "いつもご利用ありがとうございます。今週のおすすめをお届けします。"
                                  "詳しくはこちらからご覧ください。", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, input_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, result_json, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 8, g_rand_int_range (rand, 20, 100));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_rand_free (rand);
}

static double
first_page (MsHistoryList *list)
{
  guint n = MIN (PAGE, g_list_model_get_n_items (G_LIST_MODEL (list)));
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsHistoryItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_assert_nonnull (item);
    }
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

/* A filtered query (search 「限定」 + LINE) and its first page, the same
 * search in every channel, the channel alone, every row by score. */
static void
measure_queries (MsHistoryList *list)
{
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
  gint64 t0, t1;
  double page_ms;

  /* Search 「限定」 on LINE. */
  query.search = "限定";
  query.channel = MS_CHANNEL_LINE;
  t0 = g_get_monotonic_time ();
  ms_history_list_set_query (list, &query);
  t1 = g_get_monotonic_time ();
  page_ms = first_page (list);
  printf ("{\"bench\":\"history-filter\",\"search\":\"限定\",\"channel\":\"line\",\"items\":%u,"
          "\"query_ms\":%.1f,\"first_%u_items_ms\":%.2f}\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (t1 - t0) / 1000.0, PAGE, page_ms);

  /* Search 「限定」 in every channel: every row is looked at. */
  query.channel = MS_HISTORY_CHANNEL_ANY;
  t0 = g_get_monotonic_time ();
  ms_history_list_set_query (list, &query);
  t1 = g_get_monotonic_time ();
  page_ms = first_page (list);
  printf ("{\"bench\":\"history-search\",\"search\":\"限定\",\"items\":%u,"
          "\"query_ms\":%.1f,\"first_%u_items_ms\":%.2f}\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (t1 - t0) / 1000.0, PAGE, page_ms);

  /* Channel only, then every row by score. */
  query.channel = MS_CHANNEL_LINE;
  query.search = NULL;
  t0 = g_get_monotonic_time ();
  ms_history_list_set_query (list, &query);
  t1 = g_get_monotonic_time ();
  printf ("{\"bench\":\"history-channel\",\"items\":%u,\"query_ms\":%.1f}\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (t1 - t0) / 1000.0);
  query.channel = MS_HISTORY_CHANNEL_ANY;
  query.sort = MS_HISTORY_SORT_SCORE_HIGH;
  t0 = g_get_monotonic_time ();
  ms_history_list_set_query (list, &query);
  t1 = g_get_monotonic_time ();
  page_ms = first_page (list);
  printf ("{\"bench\":\"history-sort-score\",\"items\":%u,\"query_ms\":%.1f,"
          "\"first_%u_items_ms\":%.2f}\n",
          g_list_model_get_n_items (G_LIST_MODEL (list)), (t1 - t0) / 1000.0, PAGE, page_ms);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-history-XXXXXX", &error);
  g_autoptr(MsEntitlements) pro = NULL;
  MsHistoryQuery query = MS_HISTORY_QUERY_INIT;
  struct rusage usage;
  gint64 t0, t1, t2;
  double page_ms;

  g_assert_no_error (error);
  {
    g_autoptr(MsStore) store = ms_store_open (dir, &error);
    gint64 f0 = g_get_monotonic_time ();

    g_assert_no_error (error);
    fill (store, rows);
    printf ("{\"bench\":\"history-fill\",\"rows\":%u,\"ms\":%.1f}\n", rows,
            (g_get_monotonic_time () - f0) / 1000.0);
  }

  pro = ms_entitlements_new_for_plan ("team_pro_s", &error);
  g_assert_no_error (error);

  /* Open the profile, make the list, get the first page. */
  {
    g_autoptr(MsStore) store = NULL;
    g_autoptr(MsHistoryList) list = NULL;

    t0 = g_get_monotonic_time ();
    store = ms_store_open (dir, &error);
    g_assert_no_error (error);
    ms_store_set_entitlements (store, pro);
    t1 = g_get_monotonic_time ();
    list = ms_history_list_new (store);
    t2 = g_get_monotonic_time ();
    page_ms = first_page (list);
    printf ("{\"bench\":\"history-first-page\",\"rows\":%u,\"items\":%u,\"open_store_ms\":%.1f,"
            "\"list_model_ms\":%.1f,\"first_%u_items_ms\":%.2f,\"total_ms\":%.1f}\n",
            rows, g_list_model_get_n_items (G_LIST_MODEL (list)), (t1 - t0) / 1000.0,
            (t2 - t1) / 1000.0, PAGE, page_ms, (t2 - t0) / 1000.0 + page_ms);

    /* Free plan on the same rows: the lock cut-off costs one more query. */
    {
      g_autoptr(MsEntitlements) free_plan = ms_entitlements_new_free ();
      g_autoptr(MsHistoryList) free_list = NULL;

      ms_store_set_entitlements (store, free_plan);
      t0 = g_get_monotonic_time ();
      free_list = ms_history_list_new (store);
      t1 = g_get_monotonic_time ();
      page_ms = first_page (free_list);
      printf ("{\"bench\":\"history-first-page-free\",\"items\":%u,\"locked\":%u,"
              "\"list_model_ms\":%.1f,\"first_%u_items_ms\":%.2f}\n",
              g_list_model_get_n_items (G_LIST_MODEL (free_list)),
              ms_history_list_get_n_locked (free_list), (t1 - t0) / 1000.0, PAGE, page_ms);
      ms_store_set_entitlements (store, pro);
    }

    measure_queries (list);

    /* Saving one more scoring while the full list is shown. */
    {
      g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
      g_autoptr(MsMessage) message = ms_message_new_email ("追加の件名", "", "本文", NULL);
      g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message,
                                                         NULL, &error);
      g_autofree char *id = NULL;

      query.sort = MS_HISTORY_SORT_NEWEST;
      ms_history_list_set_query (list, &query);
      t0 = g_get_monotonic_time ();
      id = ms_history_repository_save (history, message, result, &error);
      g_assert_no_error (error);
      t1 = g_get_monotonic_time ();
      printf ("{\"bench\":\"history-save-with-list\",\"ms\":%.1f}\n", (t1 - t0) / 1000.0);

      measure_save_stall (history, list, rows);
    }
  }

  getrusage (RUSAGE_SELF, &usage);
  printf ("{\"bench\":\"history\",\"peak_rss_mb\":%.1f}\n", usage.ru_maxrss / 1024.0);

  remove_tree (dir);
  return 0;
}
