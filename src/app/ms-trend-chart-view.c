/* ms-trend-chart-view.c — the personal trend chart on the History page
 *
 * Draws with the core's ms_trend_chart_draw(), the very function the PDF
 * report uses, so the chart on screen and on paper is the same; the
 * palette follows the light or dark style. It holds the points of both
 * channels and draws one channel's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-trend-chart-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ms-trend-chart-view.h"

struct _MsTrendChartView
{
  GtkWidget  parent_instance;

  GArray    *points;   /* MsTrendPoint */
  MsChannel  channel;
};

G_DEFINE_FINAL_TYPE (MsTrendChartView, ms_trend_chart_view, GTK_TYPE_WIDGET)

static void
ms_trend_chart_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  MsTrendChartView *self = MS_TREND_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  MsTrendPalette palette;
  cairo_t *cr;

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    ms_trend_palette_init_dark (&palette);
  else
    ms_trend_palette_init_light (&palette);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ms_trend_chart_draw (cr, width, height, (const MsTrendPoint *) self->points->data,
                       self->points->len, self->channel, &palette);
  cairo_destroy (cr);
}

static void
ms_trend_chart_view_finalize (GObject *object)
{
  MsTrendChartView *self = MS_TREND_CHART_VIEW (object);

  g_array_unref (self->points);

  G_OBJECT_CLASS (ms_trend_chart_view_parent_class)->finalize (object);
}

static void
ms_trend_chart_view_class_init (MsTrendChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ms_trend_chart_view_finalize;
  widget_class->snapshot = ms_trend_chart_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "trendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_trend_chart_view_init (MsTrendChartView *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (MsTrendPoint));
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, 220);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Trend of score and open rate, predicted and actual"),
                                  -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

/**
 * ms_trend_chart_view_set_points:
 * @points: (array length=n_points): saved scorings, oldest first
 */
void
ms_trend_chart_view_set_points (MsTrendChartView   *self,
                                const MsTrendPoint *points,
                                guint               n_points)
{
  g_return_if_fail (MS_IS_TREND_CHART_VIEW (self));

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n_points);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ms_trend_chart_view_get_n_points:
 *
 * Returns: the points of the channel drawn
 */
guint
ms_trend_chart_view_get_n_points (MsTrendChartView *self)
{
  guint n = 0;

  g_return_val_if_fail (MS_IS_TREND_CHART_VIEW (self), 0);

  for (guint i = 0; i < self->points->len; i++)
    n += g_array_index (self->points, MsTrendPoint, i).channel == self->channel;
  return n;
}

void
ms_trend_chart_view_set_channel (MsTrendChartView *self,
                                 MsChannel         channel)
{
  g_return_if_fail (MS_IS_TREND_CHART_VIEW (self));

  if (self->channel == channel)
    return;
  self->channel = channel;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

MsChannel
ms_trend_chart_view_get_channel (MsTrendChartView *self)
{
  g_return_val_if_fail (MS_IS_TREND_CHART_VIEW (self), MS_CHANNEL_EMAIL);

  return self->channel;
}

/**
 * ms_trend_chart_view_get_rate_axis_max:
 *
 * Returns: the top of the open-rate axis drawn, a fraction (never above 1)
 */
double
ms_trend_chart_view_get_rate_axis_max (MsTrendChartView *self)
{
  double step;

  g_return_val_if_fail (MS_IS_TREND_CHART_VIEW (self), 1.0);

  return ms_trend_chart_rate_axis ((const MsTrendPoint *) self->points->data, self->points->len,
                                   self->channel, &step);
}
