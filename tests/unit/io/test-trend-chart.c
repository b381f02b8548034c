/* test-trend-chart.c — the trend chart draws what it is given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ms-core.h"
#include "io/ms-trend-chart.h"

#define WIDTH  640
#define HEIGHT 360
#define DAY    ((gint64) 86400 * G_USEC_PER_SEC)
#define START  ((gint64) 1793577600 * G_USEC_PER_SEC)   /* 2026-11-02 */

/* Pixels within a small distance of @color (antialiased edges are not counted). */
static guint
count_pixels (cairo_surface_t    *surface,
              const MsTrendColor *color)
{
  const guchar *data;
  int stride;
  guint n = 0;
  int r = (int) round (color->red * 255), g = (int) round (color->green * 255),
      b = (int) round (color->blue * 255);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        int pr = (px >> 16) & 0xff, pg = (px >> 8) & 0xff, pb = px & 0xff;

        if (ABS (pr - r) <= 8 && ABS (pg - g) <= 8 && ABS (pb - b) <= 8)
          n++;
      }
  return n;
}

/* The pixels of @color in the left and right halves, to see that the line spans the chart */
static void
count_halves (cairo_surface_t    *surface,
              const MsTrendColor *color,
              guint              *left,
              guint              *right)
{
  cairo_surface_t *half;
  cairo_t *cr;

  half = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cr = cairo_create (half);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_rectangle (cr, 0, 0, WIDTH / 2, HEIGHT);
  cairo_fill (cr);
  cairo_destroy (cr);
  *left = count_pixels (half, color);
  cairo_surface_destroy (half);
  *right = count_pixels (surface, color) - *left;
}

static cairo_surface_t *
draw (const MsTrendPoint   *points,
      guint                 n_points,
      const MsTrendPalette *palette)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_set_line_width (cr, 7);
  ms_trend_chart_draw (cr, WIDTH, HEIGHT, points, n_points, MS_CHANNEL_EMAIL, palette);
  /* the caller's state is left as it was */
  g_assert_cmpfloat (cairo_get_line_width (cr), ==, 7);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

static MsTrendPoint *
make_points (guint    n,
             gboolean with_actuals)
{
  MsTrendPoint *points = g_new (MsTrendPoint, n);

  for (guint i = 0; i < n; i++)
    {
      points[i].created_at = START + i * DAY;
      points[i].channel = MS_CHANNEL_EMAIL;
      points[i].total = 40 + (i * 37) % 55;
      points[i].predicted_open_rate = 0.18 + 0.01 * (i % 5);
      points[i].actual_open_rate = with_actuals && i % 3 == 0 ? 0.16 + 0.015 * (i % 4) : NAN;
    }
  return points;
}

/* What the legend alone draws in @color: the chart without points */
static guint
count_legend_pixels (const MsTrendPalette *palette,
                     const MsTrendColor   *color)
{
  cairo_surface_t *surface = draw (NULL, 0, palette);
  guint n = count_pixels (surface, color);

  cairo_surface_destroy (surface);
  return n;
}

static void
test_score_line (void)
{
  g_autofree MsTrendPoint *points = make_points (12, FALSE);
  MsTrendPalette palette;
  cairo_surface_t *surface;
  guint left, right, legend_score, legend_actual;

  ms_trend_palette_init_light (&palette);
  legend_score = count_legend_pixels (&palette, &palette.score);
  legend_actual = count_legend_pixels (&palette, &palette.actual);
  g_assert_cmpuint (legend_score, >, 0);
  surface = draw (points, 12, &palette);

  /* the score line and its points are there, across the whole time axis */
  g_assert_cmpuint (count_pixels (surface, &palette.score), >, legend_score + 800);
  count_halves (surface, &palette.score, &left, &right);
  g_assert_cmpuint (left, >, legend_score + 200);
  g_assert_cmpuint (right, >, 200);
  /* the predicted line too; no actual result was entered, so only the legend's sample */
  g_assert_cmpuint (count_pixels (surface, &palette.predicted), >, 200);
  g_assert_cmpuint (count_pixels (surface, &palette.actual), ==, legend_actual);
  cairo_surface_destroy (surface);
}

static void
test_actuals_where_entered (void)
{
  g_autofree MsTrendPoint *without = make_points (12, FALSE);
  g_autofree MsTrendPoint *with = make_points (12, TRUE);
  MsTrendPalette palette;
  cairo_surface_t *a, *b;

  ms_trend_palette_init_light (&palette);
  a = draw (without, 12, &palette);
  b = draw (with, 12, &palette);
  g_assert_cmpuint (count_pixels (b, &palette.actual), >, count_pixels (a, &palette.actual) + 300);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_palette_is_used (void)
{
  g_autofree MsTrendPoint *points = make_points (8, TRUE);
  MsTrendPalette light, dark;
  cairo_surface_t *surface;

  ms_trend_palette_init_light (&light);
  ms_trend_palette_init_dark (&dark);
  surface = draw (points, 8, &dark);
  g_assert_cmpuint (count_pixels (surface, &dark.background), >, WIDTH * HEIGHT / 2);
  g_assert_cmpuint (count_pixels (surface, &dark.score), >, 500);
  g_assert_cmpuint (count_pixels (surface, &light.score), ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_empty_and_single (void)
{
  MsTrendPalette palette;
  MsTrendPoint one = { START, MS_CHANNEL_EMAIL, 80, 0.2, 0.25 };
  cairo_surface_t *surface;
  guint legend_score;

  ms_trend_palette_init_light (&palette);
  legend_score = count_legend_pixels (&palette, &palette.score);

  /* nothing yet: frames, legend and a message (text), no line */
  surface = draw (NULL, 0, &palette);
  g_assert_cmpuint (count_pixels (surface, &palette.text), >, 50);
  g_assert_cmpuint (legend_score, <, 150);
  cairo_surface_destroy (surface);

  /* one scoring: its point is drawn */
  surface = draw (&one, 1, &palette);
  g_assert_cmpuint (count_pixels (surface, &palette.score), >, legend_score + 15);
  cairo_surface_destroy (surface);

  /* too small to draw anything: no crash, nothing drawn */
  {
    cairo_surface_t *tiny = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 40);
    cairo_t *cr = cairo_create (tiny);

    ms_trend_chart_draw (cr, 40, 40, &one, 1, MS_CHANNEL_EMAIL, &palette);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (tiny);
  }
}

static void
test_many_points (void)
{
  g_autofree MsTrendPoint *points = make_points (5000, TRUE);
  MsTrendPalette palette;
  cairo_surface_t *surface;

  ms_trend_palette_init_light (&palette);
  surface = draw (points, 5000, &palette);
  g_assert_cmpuint (count_pixels (surface, &palette.score), >, 800);
  cairo_surface_destroy (surface);
}

/* Email and LINE never share a line: the LINE points among email ones
 * change nothing in the email chart. */
static void
test_one_channel (void)
{
  g_autofree MsTrendPoint *email = make_points (12, TRUE);
  g_autofree MsTrendPoint *mixed = g_new (MsTrendPoint, 24);
  MsTrendPalette palette;
  cairo_surface_t *a, *b;

  for (guint i = 0; i < 12; i++)
    {
      mixed[2 * i] = email[i];
      mixed[2 * i + 1] = email[i];
      mixed[2 * i + 1].created_at += DAY / 2;
      mixed[2 * i + 1].channel = MS_CHANNEL_LINE;
      mixed[2 * i + 1].total = 100 - email[i].total;
      mixed[2 * i + 1].actual_open_rate = 0.65;
    }
  ms_trend_palette_init_light (&palette);
  a = draw (email, 12, &palette);
  b = draw (mixed, 24, &palette);
  g_assert_cmpuint (count_pixels (a, &palette.score), ==, count_pixels (b, &palette.score));
  g_assert_cmpuint (count_pixels (a, &palette.actual), ==, count_pixels (b, &palette.actual));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The rate axis ends at the data's highest rate rounded up to a tick, and
 * never above 100 %. */
static void
test_rate_axis (void)
{
  static const struct { double rate; double top; double step; } cases[] = {
    { 0.27, 0.30, 0.10 }, { 0.12, 0.15, 0.05 }, { 0.61, 0.80, 0.20 }, { 0.95, 1.00, 0.20 },
    { 1.00, 1.00, 0.20 }, { 1.20, 1.00, 0.20 }, { 0.0, 0.10, 0.05 },
  };
  MsTrendPoint points[3] = {
    { START, MS_CHANNEL_EMAIL, 80, NAN, NAN },
    { START + DAY, MS_CHANNEL_LINE, 90, 0.62, 0.71 },
    { START + 2 * DAY, MS_CHANNEL_EMAIL, 70, 0.2, NAN },
  };
  double step;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      points[0].actual_open_rate = cases[i].rate;
      points[2].predicted_open_rate = NAN;
      g_assert_cmpfloat_with_epsilon (ms_trend_chart_rate_axis (points, 3, MS_CHANNEL_EMAIL,
                                                                &step),
                                      cases[i].top, 1e-9);
      g_assert_cmpfloat_with_epsilon (step, cases[i].step, 1e-9);
    }
  /* each channel's own: LINE's 71 % does not stretch the email axis */
  points[0].actual_open_rate = 0.25;
  g_assert_cmpfloat_with_epsilon (ms_trend_chart_rate_axis (points, 3, MS_CHANNEL_EMAIL, &step),
                                  0.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_trend_chart_rate_axis (points, 3, MS_CHANNEL_LINE, &step),
                                  0.8, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/trend-chart/score-line", test_score_line);
  g_test_add_func ("/ms/trend-chart/actuals-where-entered", test_actuals_where_entered);
  g_test_add_func ("/ms/trend-chart/palette", test_palette_is_used);
  g_test_add_func ("/ms/trend-chart/empty-and-single", test_empty_and_single);
  g_test_add_func ("/ms/trend-chart/many-points", test_many_points);
  g_test_add_func ("/ms/trend-chart/one-channel", test_one_channel);
  g_test_add_func ("/ms/trend-chart/rate-axis", test_rate_axis);

  return g_test_run ();
}
