/* bench-workspace.c — from a keystroke to updated results and previews
 *
 * bench-workspace [ITERATIONS]
 * Opens the real window under the current display with a 1,500-character
 * email, then types one character at a time into the body the way an input
 * method commits it. For each keystroke it measures the synchronous update
 * (counters, score, findings, highlights, preview layouts) and the style,
 * layout and paint of the frame that shows it (from the frame clock's
 * before-paint to its after-paint), and prints JSON lines with the
 * medians and the 90th percentile. It also gives the main thread's CPU time
 * per keystroke, which other programs on a busy machine do not inflate as
 * they do the wall-clock time. Never fails on time. Run it through build-aux/run-with-display;
 * under Xvfb, GSK_RENDERER=cairo measures the CPU's layout and paint (the
 * default GL renderer runs there on llvmpipe, software GL, and mostly
 * measures that). MSGSCORE_BENCH_KEYS=1 adds a JSON line per keystroke (the
 * ones that add or drop a finding cost most).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ms-app-test.h"
#include "ms-score-page.h"

typedef struct
{
  gint64 layout_start;
  gint64 paint_end;
} FrameTimes;

/* The frame starts: "before-paint" comes before the style, size and
 * allocation work of "layout", whose own handlers (GTK's) run before any a
 * program connects later, so timing from "layout" would leave them out. */
static void
on_before_paint_cb (GdkFrameClock *clock,
                    FrameTimes    *times)
{
  if (times->layout_start == 0)
    times->layout_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   FrameTimes    *times)
{
  if (times->layout_start != 0 && times->paint_end == 0)
    times->paint_end = g_get_monotonic_time ();
}

/* CPU time of the calling thread, in µs. */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) ((values->len - 1) * p));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;
  g_autoptr(GArray) update_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) body = g_string_new (NULL);
  guint iterations = argc > 1 ? (guint) atoi (argv[1]) : 200;
  const char *keys = "冬のコートが今だけお得です。ぜひご覧ください。";
  FrameTimes times = { 0, 0 };
  GdkFrameClock *clock;
  GtkTextBuffer *buffer;
  MsScorePage *page;
  MsWindow *window;
  const char *key;

  ms_core_init_i18n ();
  gtk_init ();

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));
  window = ms_test_get_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 820);
  ms_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));

  page = MS_SCORE_PAGE (ms_window_get_page (window, "score"));
  buffer = gtk_text_view_get_buffer (ms_test_child (page, MS_TYPE_SCORE_PAGE, "body_view"));
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "【3日間限定】冬のコート全品20%オフ");
  while (g_utf8_strlen (body->str, -1) < 1500)
    g_string_append (body, "いつもNorthleafをご利用いただきありがとうございます。冬のコート全品が、"
                           "12月3日（日）までの3日間20%オフになります。\n");
  gtk_text_buffer_set_text (buffer, body->str, -1);
  ms_test_flush ();

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), &times);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &times);

  key = keys;
  for (guint i = 0; i < iterations; i++)
    {
      const char *next = g_utf8_next_char (key);
      g_autofree char *character = g_strndup (key, next - key);
      gint64 start;
      gint64 updated;
      gint64 cpu_start;
      double update;
      double frame;
      double cpu;

      key = *next != '\0' ? next : keys;
      times.layout_start = times.paint_end = 0;

      cpu_start = thread_cpu_time ();
      start = g_get_monotonic_time ();
      gtk_text_buffer_insert_interactive_at_cursor (buffer, character, -1, TRUE);
      updated = g_get_monotonic_time ();

      ms_test_wait_until (times.paint_end != 0);
      cpu = (thread_cpu_time () - cpu_start) / 1000.0;
      g_array_append_val (cpu_ms, cpu);
      update = (updated - start) / 1000.0;
      frame = (times.paint_end - times.layout_start) / 1000.0;
      g_array_append_val (update_ms, update);
      g_array_append_val (frame_ms, frame);
      frame += update;
      g_array_append_val (total_ms, frame);
      if (g_getenv ("MSGSCORE_BENCH_KEYS") != NULL)
        printf ("{\"bench\": \"workspace-key\", \"key\": %u, \"cpu_ms\": %.3f, "
                "\"update_ms\": %.3f}\n", i, cpu, update);
    }

  printf ("{\"bench\": \"workspace\", \"renderer\": \"%s\", \"body_characters\": %ld, "
          "\"iterations\": %u, "
          "\"median_update_ms\": %.3f, \"median_layout_paint_ms\": %.3f, "
          "\"median_keystroke_to_frame_ms\": %.3f, \"p90_keystroke_to_frame_ms\": %.3f, "
          "\"median_cpu_ms\": %.3f, \"p90_cpu_ms\": %.3f}\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
          g_utf8_strlen (body->str, -1), iterations, median (update_ms), median (frame_ms),
          median (total_ms), percentile (total_ms, 0.9), median (cpu_ms), percentile (cpu_ms, 0.9));

  g_application_release (G_APPLICATION (app));
  return 0;
}
