/* bench-portfolio.c — the Accounts section's portfolio of 10,000 accounts
 *
 *   bench-portfolio [ACCOUNTS]   (needs a display: build-aux/run-with-display)
 *
 * Keeps ACCOUNTS (default 10,000) synthetic accounts in a real store as the
 * staff routes' answer would (ms_store_put_staff_portfolio), then opens the
 * portfolio as the section does: with the window on screen, reads the cache
 * (MsStaffRepository), gives it to the MsPortfolioView and waits for the
 * next frame. It
 * prints JSON lines: the time to open (wall and this process's CPU, with
 * the load average, since the machine is shared), the row widgets built
 * for the first screen, the rows built after scrolling to the end, and the
 * time to re-sort and to search. Never fails on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ms-portfolio-view.h"
#include "store/ms-store-all.h"

static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
load_average (void)
{
  double load = -1;
  FILE *file = fopen ("/proc/loadavg", "r");

  if (file != NULL)
    {
      if (fscanf (file, "%lf", &load) != 1)
        load = -1;
      fclose (file);
    }
  return load;
}

static JsonObject *
synthetic_portfolio (guint n)
{
  static const char * const plans[] = { "free", "pro", "team_s", "team_m", "team_pro_s" };
  static const char * const bands[] = { "high_risk", "medium_risk", "healthy", "champion" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  JsonObject *o = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_object_new ();
      JsonObject *trend = json_object_new ();
      JsonObject *factor = json_object_new ();
      JsonObject *sentence = json_object_new ();
      int health = g_rand_int_range (rand, 0, 101);
      g_autofree char *id = g_strdup_printf ("user:%08u", i);
      g_autofree char *name = g_strdup_printf ("アカウント %05u", i);

      json_object_set_string_member (a, "account", id);
      json_object_set_string_member (a, "kind", i % 7 == 0 ? "team" : "personal");
      json_object_set_string_member (a, "name", name);
      json_object_set_string_member (a, "plan", plans[i % G_N_ELEMENTS (plans)]);
      json_object_set_int_member (a, "people", 1 + i % 9);
      json_object_set_string_member (a, "owner", i % 3 == 0 ? "user:csm-1" : "user:csm-2");
      json_object_set_int_member (a, "health", health);
      json_object_set_string_member (a, "band", bands[MIN (health / 21, 3)]);
      json_object_set_int_member (a, "churn_score", g_rand_int_range (rand, 0, 101));
      json_object_set_int_member (trend, "health_change_7d", g_rand_int_range (rand, -10, 11));
      json_object_set_int_member (trend, "health_change_30d", g_rand_int_range (rand, -20, 21));
      json_object_set_object_member (a, "trend", trend);
      json_object_set_string_member (sentence, "ja", "最後の利用から20日");
      json_object_set_string_member (sentence, "en", "20 days since last use");
      json_object_set_object_member (factor, "sentence", sentence);
      json_object_set_object_member (a, "top_factor", factor);
      json_array_add_object_element (list, a);
    }
  json_object_set_int_member (o, "day", 20000);
  json_object_set_string_member (o, "scope", "all");
  json_object_set_array_member (o, "accounts", list);
  json_object_set_object_member (o, "about", json_object_new ());
  return o;
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_paint (GtkWidget *window)
{
  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-bench-XXXXXX", &error);
  g_autoptr(MsStore) store = NULL;
  g_autoptr(JsonObject) portfolio = synthetic_portfolio (n);
  g_autoptr(JsonObject) tasks = json_object_new ();
  g_autoptr(MsStaffRepository) repository = NULL;
  g_autoptr(GListModel) accounts = NULL;
  GtkWidget *window;
  MsPortfolioView *view;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  double t0, c0, t_put, c_put, t_read, c_read, open_wall, open_cpu;
  guint first_rows, scroll_rows;

  adw_init ();
  store = ms_store_open (dir, &error);
  g_assert_no_error (error);
  ms_store_set_tenant (store, "user:bench-lead");
  json_object_set_array_member (tasks, "tasks", json_array_new ());

  t0 = wall_ms (), c0 = cpu_ms ();
  g_assert_true (ms_store_put_staff_portfolio (store, portfolio, tasks, &error));
  t_put = wall_ms () - t0, c_put = cpu_ms () - c0;

  /* The window is on screen with the section still empty, as in the app */
  view = g_object_new (MS_TYPE_PORTFOLIO_VIEW, NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), NULL);
  wait_for_paint (window);

  /* Open: read the cache, fill the table, the next frame */
  t0 = wall_ms (), c0 = cpu_ms ();
  repository = ms_staff_repository_new (store);
  accounts = ms_staff_repository_dup_accounts (repository);
  t_read = wall_ms () - t0, c_read = cpu_ms () - c0;
  ms_portfolio_view_set_accounts (view, accounts, "user:csm-1");
  wait_for_paint (window);
  open_wall = wall_ms () - t0, open_cpu = cpu_ms () - c0;
  first_rows = ms_portfolio_view_get_rows_built ();

  printf ("{\"bench\":\"portfolio-open\",\"accounts\":%u,\"shown\":%u,\"put_ms\":%.1f,"
          "\"put_cpu_ms\":%.1f,\"read_ms\":%.1f,\"read_cpu_ms\":%.1f,\"open_ms\":%.1f,"
          "\"open_cpu_ms\":%.1f,\"rows_built\":%u,\"load\":%.2f}\n", n,
          g_list_model_get_n_items (ms_portfolio_view_get_shown (view)), t_put, c_put, t_read,
          c_read, open_wall, open_cpu, first_rows, load_average ());

  /* Scroll to the end a screen at a time */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                 MS_TYPE_PORTFOLIO_VIEW,
                                                                 "scroller"));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  t0 = wall_ms (), c0 = cpu_ms ();
  for (guint step = 0; step < 40; step++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * (step + 1) / 40);
      wait_for_paint (window);
    }
  scroll_rows = ms_portfolio_view_get_rows_built ();
  printf ("{\"bench\":\"portfolio-scroll\",\"accounts\":%u,\"frames\":40,\"ms\":%.1f,"
          "\"cpu_ms\":%.1f,\"rows_built_before\":%u,\"rows_built_after\":%u,\"load\":%.2f}\n",
          n, wall_ms () - t0, cpu_ms () - c0, first_rows, scroll_rows, load_average ());

  /* Re-sort and search */
  t0 = wall_ms (), c0 = cpu_ms ();
  ms_portfolio_view_sort_by (view, "health", GTK_SORT_ASCENDING);
  wait_for_paint (window);
  printf ("{\"bench\":\"portfolio-sort\",\"accounts\":%u,\"ms\":%.1f,\"cpu_ms\":%.1f,"
          "\"load\":%.2f}\n", n, wall_ms () - t0, cpu_ms () - c0, load_average ());
  t0 = wall_ms (), c0 = cpu_ms ();
  ms_portfolio_view_set_filter (view, "high_risk", NULL, NULL, "123");
  wait_for_paint (window);
  printf ("{\"bench\":\"portfolio-filter\",\"accounts\":%u,\"shown\":%u,\"ms\":%.1f,"
          "\"cpu_ms\":%.1f,\"load\":%.2f}\n", n,
          g_list_model_get_n_items (ms_portfolio_view_get_shown (view)), wall_ms () - t0,
          cpu_ms () - c0, load_average ());

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    const char *files[] = { "msgscore.db", "msgscore.db-wal", "msgscore.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (dir, files[i], NULL);

        g_remove (path);
      }
    g_rmdir (dir);
  }
  return 0;
}
