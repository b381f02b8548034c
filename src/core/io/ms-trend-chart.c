/* ms-trend-chart.c — the personal trend chart, drawn with cairo
 *
 * One channel at a time (email and LINE open rates differ by a factor of
 * about three, so they never share a line or an axis). Two panels share one
 * time axis:
 *   top     the score (0–100) of each saved scoring: a line with a point each;
 *   bottom  the predicted open rate (dashed) and the actual one (solid, with
 *           points, only where a result was entered), from 0 % to the data's
 *           highest rate rounded up to a tick, never above 100 %.
 * A legend sits above, dates below. Pure drawing into the caller's cairo_t:
 * the app calls it from a widget's snapshot (gtk_snapshot_append_cairo) and
 * the PDF report calls it on its page, so both show the same picture.
 *
 * Sizes are in the cairo_t's user units (pixels in a widget, points in a
 * PDF); text is sized in those units too (absolute font size), so the chart
 * looks the same at any resolution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "ms-trend-chart.h"

typedef struct
{
  double x, y, width, height;
} Rect;

typedef struct
{
  cairo_t              *cr;
  const MsTrendPalette *palette;
  double                font_size;
  gint64                t_min;   /* the x axis, microseconds */
  gint64                t_max;
} Chart;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static void
set_color (cairo_t            *cr,
           const MsTrendColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static PangoLayout *
make_layout (Chart      *chart,
             const char *text,
             double      scale,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (chart->cr);
  PangoFontDescription *font = pango_font_description_from_string (MS_TREND_CHART_FONT_FAMILY);

  pango_font_description_set_absolute_size (font, chart->font_size * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = (double) w / PANGO_SCALE;
  if (height != NULL)
    *height = (double) h / PANGO_SCALE;
}

/* Draws @text with its anchor point at (x, y): xalign/yalign 0 = left/top,
 * 0.5 = centre, 1 = right/bottom. Returns the width drawn. */
static double
draw_text (Chart              *chart,
           const char         *text,
           double              x,
           double              y,
           double              xalign,
           double              yalign,
           double              scale,
           gboolean            bold,
           const MsTrendColor *color)
{
  g_autoptr(PangoLayout) layout = make_layout (chart, text, scale, bold);
  double w, h;

  text_size (layout, &w, &h);
  set_color (chart->cr, color);
  cairo_move_to (chart->cr, x - w * xalign, y - h * yalign);
  pango_cairo_show_layout (chart->cr, layout);
  return w;
}

static double
measure_text (Chart      *chart,
              const char *text,
              double     *height)
{
  g_autoptr(PangoLayout) layout = make_layout (chart, text, 1.0, FALSE);
  double w;

  text_size (layout, &w, height);
  return w;
}

static double
x_for_time (Chart      *chart,
            const Rect *plot,
            gint64      t)
{
  return plot->x + plot->width * (double) (t - chart->t_min) / (double) (chart->t_max - chart->t_min);
}

static char *
format_rate_tick (double fraction)
{
  return g_strdup_printf ("%.0f%%", fraction * 100);
}

/* Grid lines every @y_step up to @y_max (a multiple of it); a tick label on
 * every @label_every-th line counted down from the top, so the top is
 * always labelled. */
static void
draw_panel_frame (Chart      *chart,
                  const Rect *plot,
                  double      y_max,
                  double      y_step,
                  int         label_every,
                  gboolean    percent)
{
  cairo_t *cr = chart->cr;
  int n_steps = (int) floor (y_max / y_step + 1e-9);

  cairo_save (cr);
  cairo_set_line_width (cr, 1);

  for (int i = 0; i <= n_steps; i++)
    {
      double v = i * y_step;
      double y = round (plot->y + plot->height * (1 - v / y_max)) + 0.5;

      set_color (cr, v == 0 ? &chart->palette->axis : &chart->palette->grid);
      cairo_move_to (cr, plot->x, y);
      cairo_line_to (cr, plot->x + plot->width, y);
      cairo_stroke (cr);
      if ((n_steps - i) % label_every == 0)
        {
          g_autofree char *label = percent ? format_rate_tick (v) : g_strdup_printf ("%.0f", v);

          draw_text (chart, label, plot->x - 6, y, 1.0, 0.5, 0.9, FALSE, &chart->palette->text);
        }
    }
  cairo_restore (cr);
}

static void
draw_marker (cairo_t *cr,
             double   x,
             double   y,
             double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
}

typedef double (*ValueFunc) (const MsTrendPoint *point);

static double value_total (const MsTrendPoint *p) { return p->total; }
static double value_predicted (const MsTrendPoint *p) { return p->predicted_open_rate; }
static double value_actual (const MsTrendPoint *p) { return p->actual_open_rate; }

/* A line through every point whose value is a number (NaN ones are skipped,
 * not breaks: the series is "where entered"), then markers if asked. */
static void
draw_series (Chart              *chart,
             const Rect         *plot,
             const MsTrendPoint *points,
             guint               n_points,
             ValueFunc           value,
             double              y_max,
             const MsTrendColor *color,
             double              line_width,
             gboolean            dashed,
             double              marker_radius)
{
  cairo_t *cr = chart->cr;
  gboolean started = FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, plot->x - marker_radius - 1, plot->y - marker_radius - 1,
                   plot->width + 2 * marker_radius + 2, plot->height + 2 * marker_radius + 2);
  cairo_clip (cr);
  set_color (cr, color);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (dashed)
    {
      double dash[] = { 5 * line_width / 1.5, 3 * line_width / 1.5 };
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
    }

  for (guint i = 0; i < n_points; i++)
    {
      double v = value (&points[i]);
      double x, y;

      if (isnan (v))
        continue;
      x = x_for_time (chart, plot, points[i].created_at);
      y = plot->y + plot->height * (1 - CLAMP (v, 0, y_max) / y_max);
      if (!started)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      started = TRUE;
    }
  cairo_stroke (cr);

  if (marker_radius > 0)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint i = 0; i < n_points; i++)
        {
          double v = value (&points[i]);

          if (isnan (v))
            continue;
          draw_marker (cr, x_for_time (chart, plot, points[i].created_at),
                       plot->y + plot->height * (1 - CLAMP (v, 0, y_max) / y_max), marker_radius);
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static const char *
time_format_for_span (gint64 span)
{
  if (span >= (gint64) 400 * G_TIME_SPAN_DAY)
    return "%Y/%-m";
  if (span >= 2 * G_TIME_SPAN_DAY)
    return "%-m/%-d";
  return "%H:%M";
}

static char *
format_time (gint64      t,
             const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

static void
draw_time_axis (Chart              *chart,
                const Rect         *top,
                const Rect         *bottom,
                const MsTrendPoint *points,
                guint               n_points)
{
  cairo_t *cr = chart->cr;
  gint64 first = points[0].created_at, last = points[n_points - 1].created_at;
  const char *format = time_format_for_span (last - first);
  g_autofree char *sample = format_time (last, format);
  g_autofree char *previous = NULL;
  double label_w = measure_text (chart, sample, NULL);
  int n_ticks = (int) CLAMP (bottom->width / (label_w * 0.9 + 28), 2, 8);

  if (first == last)
    n_ticks = 1;

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  for (int i = 0; i < n_ticks; i++)
    {
      gint64 t = n_ticks == 1 ? first : first + (gint64) ((double) (last - first) * i / (n_ticks - 1));
      double x = round (x_for_time (chart, bottom, t)) + 0.5;
      g_autofree char *label = format_time (t, format);

      set_color (cr, &chart->palette->grid);
      cairo_move_to (cr, x, top->y);
      cairo_line_to (cr, x, top->y + top->height);
      cairo_move_to (cr, x, bottom->y);
      cairo_line_to (cr, x, bottom->y + bottom->height);
      cairo_stroke (cr);
      set_color (cr, &chart->palette->axis);
      cairo_move_to (cr, x, bottom->y + bottom->height);
      cairo_line_to (cr, x, bottom->y + bottom->height + 4);
      cairo_stroke (cr);

      if (g_strcmp0 (label, previous) != 0)
        draw_text (chart, label, x, bottom->y + bottom->height + 6, 0.5, 0, 0.9, FALSE,
                   &chart->palette->text);
      g_free (previous);
      previous = g_steal_pointer (&label);
    }
  cairo_restore (cr);
}

/* One legend entry: a short sample of the line, then its name. */
static double
draw_legend_item (Chart              *chart,
                  double              x,
                  double              y,
                  const char         *name,
                  const MsTrendColor *color,
                  gboolean            dashed,
                  gboolean            marker)
{
  cairo_t *cr = chart->cr;
  double sample = chart->font_size * 2;

  cairo_save (cr);
  set_color (cr, color);
  cairo_set_line_width (cr, 2);
  if (dashed)
    {
      double dash[] = { 4, 3 };
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
    }
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + sample, y);
  cairo_stroke (cr);
  if (marker)
    {
      draw_marker (cr, x + sample / 2, y, 3);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  return sample + 6 + draw_text (chart, name, x + sample + 6, y, 0, 0.5, 1.0, FALSE,
                                 &chart->palette->text) + chart->font_size * 1.6;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

static void
color_from_hex (MsTrendColor *color,
                guint32       rgb,
                double        alpha)
{
  color->red = ((rgb >> 16) & 0xff) / 255.0;
  color->green = ((rgb >> 8) & 0xff) / 255.0;
  color->blue = (rgb & 0xff) / 255.0;
  color->alpha = alpha;
}

/**
 * ms_trend_palette_init_light:
 *
 * GNOME's light palette: blue score, purple predicted, green actual, on white.
 */
void
ms_trend_palette_init_light (MsTrendPalette *palette)
{
  g_return_if_fail (palette != NULL);

  color_from_hex (&palette->background, 0xffffff, 1.0);
  color_from_hex (&palette->text, 0x3d3846, 1.0);
  color_from_hex (&palette->axis, 0x77767b, 1.0);
  color_from_hex (&palette->grid, 0xdeddda, 1.0);
  color_from_hex (&palette->score, 0x1c71d8, 1.0);
  color_from_hex (&palette->predicted, 0x9141ac, 1.0);
  color_from_hex (&palette->actual, 0x26a269, 1.0);
}

/**
 * ms_trend_palette_init_dark:
 *
 * The same hues, lighter, on libadwaita's dark view background.
 */
void
ms_trend_palette_init_dark (MsTrendPalette *palette)
{
  g_return_if_fail (palette != NULL);

  color_from_hex (&palette->background, 0x1e1e1e, 1.0);
  color_from_hex (&palette->text, 0xdeddda, 1.0);
  color_from_hex (&palette->axis, 0x9a9996, 1.0);
  color_from_hex (&palette->grid, 0x3d3846, 1.0);
  color_from_hex (&palette->score, 0x62a0ea, 1.0);
  color_from_hex (&palette->predicted, 0xc061cb, 1.0);
  color_from_hex (&palette->actual, 0x57e389, 1.0);
}

/**
 * ms_trend_chart_rate_axis:
 * @points: (array length=n_points) (nullable): the chart's points
 * @channel: the channel whose rates are drawn
 * @step: (out): the distance between the rate axis's ticks
 *
 * The top of the rate axis: the highest predicted or actual open rate of
 * @channel's points, rounded up to a tick (at least two ticks), never
 * above 100 %.
 *
 * Returns: the top, a fraction
 */
double
ms_trend_chart_rate_axis (const MsTrendPoint *points,
                          guint               n_points,
                          MsChannel           channel,
                          double             *step)
{
  double max = 0;

  g_return_val_if_fail (points != NULL || n_points == 0, 1.0);
  g_return_val_if_fail (step != NULL, 1.0);

  for (guint i = 0; i < n_points; i++)
    {
      if (points[i].channel != channel)
        continue;
      if (!isnan (points[i].predicted_open_rate))
        max = MAX (max, points[i].predicted_open_rate);
      if (!isnan (points[i].actual_open_rate))
        max = MAX (max, points[i].actual_open_rate);
    }
  max = MIN (max, 1.0);
  *step = max <= 0.2 ? 0.05 : max <= 0.5 ? 0.1 : 0.2;
  return MIN (1.0, MAX (*step * 2, ceil (max / *step - 1e-9) * *step));
}

/* The x range: the data's, widened a little so the end points are not on the edges. */
static void
set_time_range (Chart              *chart,
                const MsTrendPoint *points,
                guint               n_points)
{
  if (n_points > 0)
    {
      gint64 first = points[0].created_at, last = points[n_points - 1].created_at;
      gint64 span = last - first;

      if (span <= 0)
        span = 2 * G_TIME_SPAN_DAY;
      chart->t_min = first - span / 25;
      chart->t_max = last + span / 25;
      if (chart->t_max <= chart->t_min)
        chart->t_max = chart->t_min + 1;
    }
  else
    {
      chart->t_min = 0;
      chart->t_max = 1;
    }
}

/* The legend above both panels and each panel's title. */
static void
draw_legend_and_titles (Chart      *chart,
                        const Rect *top,
                        const Rect *bottom,
                        double      pad,
                        double      legend_h,
                        double      text_h,
                        const char *channel_name)
{
  const MsTrendPalette *palette = chart->palette;
  g_autofree char *score_title = NULL;
  g_autofree char *rate_title = NULL;
  double x = top->x;

  x += draw_legend_item (chart, x, pad + legend_h / 2 - 2, _("Score"), &palette->score,
                         FALSE, TRUE);
  x += draw_legend_item (chart, x, pad + legend_h / 2 - 2, _("Predicted open rate"),
                         &palette->predicted, TRUE, FALSE);
  draw_legend_item (chart, x, pad + legend_h / 2 - 2, _("Actual open rate"), &palette->actual,
                    FALSE, TRUE);

  /* Translators: the title of the chart's score panel; %s is the channel (Email or LINE) */
  score_title = g_strdup_printf (_("Score · %s"), channel_name);
  /* Translators: the title of the chart's open-rate panel; %s is the channel (Email or LINE) */
  rate_title = g_strdup_printf (_("Open rate · %s"), channel_name);
  draw_text (chart, score_title, pad, top->y - text_h * 0.6 - 2, 0, 1, 0.95, TRUE,
             &palette->text);
  draw_text (chart, rate_title, pad, bottom->y - text_h * 0.6 - 2, 0, 1, 0.95, TRUE,
             &palette->text);
}

/**
 * ms_trend_chart_draw:
 * @cr: where to draw; the chart fills (0, 0)–(@width, @height) in user units
 * @points: (array length=n_points) (nullable): oldest first
 * @channel: the channel drawn; the other channel's points are left out
 * @palette: the colours
 *
 * Draws the trend chart of one channel. With no points it draws the empty
 * panels and says that there is nothing yet. Leaves @cr's state as it
 * found it.
 */
void
ms_trend_chart_draw (cairo_t              *cr,
                     double                width,
                     double                height,
                     const MsTrendPoint   *all_points,
                     guint                 n_all_points,
                     MsChannel             channel,
                     const MsTrendPalette *palette)
{
  Chart chart = { cr, palette, 0, 0, 0 };
  g_autofree MsTrendPoint *points = NULL;
  const char *channel_name;
  Rect top, bottom;
  double legend_h, label_w, text_h, title_h, rate_max, rate_step, plot_h, gap;
  double pad = 8;
  gboolean has_rates = FALSE;
  guint n_points = 0;
  int rate_label_every = 1;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (palette != NULL);
  g_return_if_fail (all_points != NULL || n_all_points == 0);

  if (width < 80 || height < 80)
    return;

  points = g_new (MsTrendPoint, n_all_points + 1);
  for (guint i = 0; i < n_all_points; i++)
    if (all_points[i].channel == channel)
      points[n_points++] = all_points[i];
  channel_name = channel == MS_CHANNEL_LINE ? "LINE" : _("Email");

  cairo_save (cr);
  chart.font_size = CLAMP (MIN (width, height) / 26, 8, 13);

  if (palette->background.alpha > 0)
    {
      set_color (cr, &palette->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  set_time_range (&chart, points, n_points);

  for (guint i = 0; i < n_points; i++)
    has_rates |= !isnan (points[i].predicted_open_rate) || !isnan (points[i].actual_open_rate);
  rate_max = ms_trend_chart_rate_axis (points, n_points, channel, &rate_step);

  /* layout */
  label_w = MAX (measure_text (&chart, "100", &text_h),
                 measure_text (&chart, "100%", NULL)) * 0.9;
  legend_h = text_h + 10;
  gap = text_h * 1.2;
  /* each panel's title sits above the top tick label, which is centred on
   * the panel's top edge */
  title_h = text_h * 1.6 + 4;
  plot_h = height - 2 * pad - legend_h - 2 * title_h - gap - (text_h + 10);
  top.x = bottom.x = pad + label_w + 8;
  top.width = bottom.width = width - top.x - pad - 4;
  top.y = pad + legend_h + title_h;
  top.height = plot_h * 0.55;
  bottom.y = top.y + top.height + gap + title_h;
  bottom.height = plot_h - top.height;

  draw_legend_and_titles (&chart, &top, &bottom, pad, legend_h, text_h, channel_name);

  draw_panel_frame (&chart, &top, 100, top.height >= 110 ? 20 : 50, 1, FALSE);
  /* a short panel labels every other tick, counted from its top */
  if (bottom.height < 90 && rate_max / rate_step > 3 + 1e-9)
    rate_label_every = 2;
  draw_panel_frame (&chart, &bottom, rate_max, rate_step, rate_label_every, TRUE);

  if (n_points == 0)
    {
      draw_text (&chart, _("No scorings yet"), top.x + top.width / 2,
                 top.y + (bottom.y + bottom.height - top.y) / 2, 0.5, 0.5, 1.2, FALSE,
                 &palette->text);
      cairo_restore (cr);
      return;
    }

  draw_time_axis (&chart, &top, &bottom, points, n_points);

  {
    double per_point = top.width / MAX (n_points, 1);
    double radius = per_point >= 8 ? 3 : per_point >= 4 ? 2 : 0;
    double line = n_points > 300 ? 1.25 : 2;

    draw_series (&chart, &top, points, n_points, value_total, 100, &palette->score, line, FALSE,
                 radius);
    if (has_rates)
      {
        draw_series (&chart, &bottom, points, n_points, value_predicted, rate_max,
                     &palette->predicted, line * 0.9, TRUE, 0);
        draw_series (&chart, &bottom, points, n_points, value_actual, rate_max,
                     &palette->actual, line, FALSE, MAX (radius, 2.5));
      }
    else
      draw_text (&chart, _("No predictions or results yet"), bottom.x + bottom.width / 2,
                 bottom.y + bottom.height / 2, 0.5, 0.5, 1.0, FALSE, &palette->text);
  }

  cairo_restore (cr);
}
