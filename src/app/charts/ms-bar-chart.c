/* ms-bar-chart.c — horizontal bars of parts of a whole, drawn with cairo
 *
 * One row per bar: its label, a track as long as its maximum and the
 * value filled in, the figure "value / max" at the end. A missing bar is
 * an outline with the missing text, never a zero. Colours come from the
 * widget's style (text colour, accent), so dark mode follows. The chart's
 * accessible description says every figure, for a screen reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-charts"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ms-bar-chart.h"

#define ROW_HEIGHT   28
#define LABEL_WIDTH  150
#define VALUE_WIDTH  80
#define BAR_HEIGHT   12

typedef struct
{
  char    *label;
  double   value;
  double   max;
  gboolean missing;
} Bar;

struct _MsBarChart
{
  GtkWidget  parent_instance;

  GArray    *bars;          /* of Bar */
  double     scale_max;     /* the longest track */
  char      *missing_text;
  char      *description;
};

G_DEFINE_FINAL_TYPE (MsBarChart, ms_bar_chart, GTK_TYPE_WIDGET)

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
draw_text (cairo_t    *cr,
           GtkWidget  *widget,
           const char *text,
           double      x,
           double      y,
           double      width,
           gboolean    right)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right ? x + width - w : x, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
ms_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  MsBarChart *self = MS_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  double track_width = MAX (width - LABEL_WIDTH - VALUE_WIDTH - 24, 40);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA text;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };  /* libadwaita's blue */
  cairo_t *cr;

  if (self->bars->len == 0)
    return;
  /* GTK 4.8: gtk_widget_get_color () is 4.10 */
  gtk_style_context_get_color (style, &text);
  gtk_style_context_lookup_color (style, "accent_color", &accent);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width,
                                                                 self->bars->len * ROW_HEIGHT));
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = &g_array_index (self->bars, Bar, i);
      double y = i * ROW_HEIGHT + ROW_HEIGHT / 2.0;
      double x = LABEL_WIDTH + 12;
      double length = self->scale_max > 0 ? track_width * bar->max / self->scale_max : 0;
      g_autofree char *figure = NULL;

      set_source (cr, &text, 1.0);
      draw_text (cr, widget, bar->label, 0, y, LABEL_WIDTH, FALSE);
      /* the track */
      cairo_rectangle (cr, x, y - BAR_HEIGHT / 2.0, length, BAR_HEIGHT);
      if (bar->missing)
        {
          static const double dash[] = { 4, 3 };

          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_set_line_width (cr, 1);
          set_source (cr, &text, 0.45);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          figure = g_strdup (self->missing_text != NULL ? self->missing_text : "—");
        }
      else
        {
          set_source (cr, &text, 0.12);
          cairo_fill (cr);
          cairo_rectangle (cr, x, y - BAR_HEIGHT / 2.0,
                           bar->max > 0 ? length * CLAMP (bar->value / bar->max, 0, 1) : 0,
                           BAR_HEIGHT);
          set_source (cr, &accent, 1.0);
          cairo_fill (cr);
          figure = g_strdup_printf ("%g / %g", bar->value, bar->max);
        }
      set_source (cr, &text, bar->missing ? 0.6 : 1.0);
      draw_text (cr, widget, figure, x + track_width + 12, y, VALUE_WIDTH, TRUE);
    }
  cairo_destroy (cr);
}

static void
ms_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  MsBarChart *self = MS_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + VALUE_WIDTH + 80;
      *natural = LABEL_WIDTH + VALUE_WIDTH + 360;
    }
  else
    *minimum = *natural = self->bars->len * ROW_HEIGHT;
}

static void
ms_bar_chart_finalize (GObject *object)
{
  MsBarChart *self = MS_BAR_CHART (object);

  g_array_unref (self->bars);
  g_free (self->missing_text);
  g_free (self->description);

  G_OBJECT_CLASS (ms_bar_chart_parent_class)->finalize (object);
}

static void
ms_bar_chart_class_init (MsBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ms_bar_chart_finalize;
  widget_class->snapshot = ms_bar_chart_snapshot;
  widget_class->measure = ms_bar_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_bar_chart_init (MsBarChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, (GDestroyNotify) bar_clear);
}

/**
 * ms_bar_chart_set_bars:
 * @missing_text: what a missing bar says instead of a figure
 *
 * Draws @bars (copied) from now on.
 */
void
ms_bar_chart_set_bars (MsBarChart  *self,
                       const MsBar *bars,
                       guint        n_bars,
                       const char  *missing_text)
{
  GString *description = g_string_new (NULL);

  g_return_if_fail (MS_IS_BAR_CHART (self));

  g_array_set_size (self->bars, 0);
  self->scale_max = 0;
  for (guint i = 0; i < n_bars; i++)
    {
      Bar bar = { g_strdup (bars[i].label), bars[i].value, bars[i].max, bars[i].missing };

      g_array_append_val (self->bars, bar);
      self->scale_max = MAX (self->scale_max, bars[i].max);
      if (description->len > 0)
        g_string_append (description, "; ");
      if (bars[i].missing)
        g_string_append_printf (description, "%s: %s", bars[i].label,
                                missing_text != NULL ? missing_text : "—");
      else
        g_string_append_printf (description, "%s: %g / %g", bars[i].label, bars[i].value,
                                bars[i].max);
    }
  g_free (self->missing_text);
  self->missing_text = g_strdup (missing_text);
  g_free (self->description);
  self->description = g_string_free (description, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
ms_bar_chart_get_n_bars (MsBarChart *self)
{
  g_return_val_if_fail (MS_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

/**
 * ms_bar_chart_get_description:
 *
 * Returns: (nullable): every bar's figure in words, as assistive
 *   technologies get it
 */
const char *
ms_bar_chart_get_description (MsBarChart *self)
{
  g_return_val_if_fail (MS_IS_BAR_CHART (self), NULL);
  return self->description;
}
