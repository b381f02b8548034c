/* ms-stats-chart.c — the team's monthly average beside one member's
 *
 * One layer that draws two lines over the months of MsTeamStats: the
 * team's average score and one member's (the viewer's own, or the member
 * an owner picked). A month without scorings breaks its line. Scores are
 * normalised to 0–1 of a 0–100 axis before drawing; the palette is the
 * History trend chart's, light or dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-stats-chart"

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "io/ms-trend-chart.h"
#include "ms-stats-chart.h"

#define MARGIN_LEFT   36.0
#define MARGIN_RIGHT  12.0
#define MARGIN_TOP    12.0
#define MARGIN_BOTTOM 28.0

struct _MsStatsChart
{
  GtkWidget    parent_instance;

  MsTeamStats *stats;
  char        *member_id;
};

G_DEFINE_FINAL_TYPE (MsStatsChart, ms_stats_chart, GTK_TYPE_WIDGET)

static void
set_color (cairo_t            *cr,
           const MsTrendColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* @align: 0 left, 0.5 centred, 1 right of @x; kept inside 0 … @max_x */
static void
draw_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      align,
           double      max_x)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (MS_TREND_CHART_FONT_FAMILY
                                                                   " 9");
  int width, height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, CLAMP (x - width * align, 0, MAX (0, max_x - width)), y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
draw_series (cairo_t                 *cr,
             const MsTeamStatsSeries *series,
             guint                    n,
             double                   left,
             double                   top,
             double                   width,
             double                   height,
             const MsTrendColor      *color,
             gboolean                 dashed)
{
  gboolean drawing = FALSE;
  double dash[] = { 6, 4 };

  set_color (cr, color);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  for (guint i = 0; i < n; i++)
    {
      double value = series->months[i].average;
      double x = left + (n > 1 ? width * i / (n - 1) : width / 2);
      double y = top + height * (1 - value / 100.0);

      if (isnan (value))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      drawing = TRUE;
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < n; i++)
    {
      double value = series->months[i].average;

      if (isnan (value))
        continue;
      cairo_arc (cr, left + (n > 1 ? width * i / (n - 1) : width / 2),
                 top + height * (1 - value / 100.0), 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
ms_stats_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  MsStatsChart *self = MS_STATS_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
  double plot_h = height - MARGIN_TOP - MARGIN_BOTTOM;
  const MsTeamStatsSeries *member;
  MsTrendPalette palette;
  cairo_t *cr;
  guint n;

  if (self->stats == NULL || plot_w <= 0 || plot_h <= 0)
    return;
  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    ms_trend_palette_init_dark (&palette);
  else
    ms_trend_palette_init_light (&palette);

  n = ms_team_stats_get_n_months (self->stats);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Grid every 20 points, labelled */
  cairo_set_line_width (cr, 1);
  for (int score = 0; score <= 100; score += 20)
    {
      double y = MARGIN_TOP + plot_h * (1 - score / 100.0);
      g_autofree char *label = g_strdup_printf ("%d", score);

      set_color (cr, score == 0 ? &palette.axis : &palette.grid);
      cairo_move_to (cr, MARGIN_LEFT, round (y) + 0.5);
      cairo_line_to (cr, MARGIN_LEFT + plot_w, round (y) + 0.5);
      cairo_stroke (cr);
      set_color (cr, &palette.text);
      draw_text (cr, label, MARGIN_LEFT - 6, y, 1.0, width);
    }

  /* Month labels: every one that fits */
  set_color (cr, &palette.text);
  for (guint i = 0; i < n; i++)
    {
      guint every = MAX (1, (guint) ceil (n * 48.0 / MAX (plot_w, 1)));
      const char *month = ms_team_stats_get_month (self->stats, i);

      if (i % every != 0 && i + 1 != n)
        continue;
      draw_text (cr, strlen (month) > 5 ? month + 2 : month,
                 MARGIN_LEFT + (n > 1 ? plot_w * i / (n - 1) : plot_w / 2),
                 height - MARGIN_BOTTOM / 2, 0.5, width);
    }

  draw_series (cr, ms_team_stats_get_team_series (self->stats), n, MARGIN_LEFT, MARGIN_TOP,
               plot_w, plot_h, &palette.score, FALSE);
  member = self->member_id != NULL ? ms_team_stats_find_member (self->stats, self->member_id)
                                   : NULL;
  if (member != NULL)
    draw_series (cr, member, n, MARGIN_LEFT, MARGIN_TOP, plot_w, plot_h, &palette.actual, TRUE);
  cairo_destroy (cr);
}

static void
ms_stats_chart_finalize (GObject *object)
{
  MsStatsChart *self = MS_STATS_CHART (object);

  g_clear_object (&self->stats);
  g_free (self->member_id);

  G_OBJECT_CLASS (ms_stats_chart_parent_class)->finalize (object);
}

static void
ms_stats_chart_class_init (MsStatsChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ms_stats_chart_finalize;
  widget_class->snapshot = ms_stats_chart_snapshot;
  gtk_widget_class_set_css_name (widget_class, "statschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_stats_chart_init (MsStatsChart *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 240, 200);
}

/**
 * ms_stats_chart_set_stats:
 * @stats: (nullable): the figures
 * @member_id: (nullable): the member whose line goes beside the team's
 */
void
ms_stats_chart_set_stats (MsStatsChart *self,
                          MsTeamStats  *stats,
                          const char   *member_id)
{
  g_return_if_fail (MS_IS_STATS_CHART (self));

  if (self->stats == stats && g_strcmp0 (self->member_id, member_id) == 0)
    return;
  g_set_object (&self->stats, stats);
  g_free (self->member_id);
  self->member_id = g_strdup (member_id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
