/* ms-score-ring.c — the total score as a ring, drawn with GtkSnapshot
 *
 * The ring's colour follows the score's band (good, fair, poor); the number
 * sits in the middle. For assistive technologies the ring is a meter whose
 * value is the score out of 100.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score-ring"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ms-score-band.h"
#include "ms-score-ring.h"

#define RING_SIZE      120
#define RING_THICKNESS 10

struct _MsScoreRing
{
  GtkWidget  parent_instance;

  int        value;   /* 0–100, or -1 while there is nothing to score */
};

enum {
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsScoreRing, ms_score_ring, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
update_accessible (MsScoreRing *self)
{
  g_autofree char *text = NULL;

  if (self->value < 0)
    text = g_strdup (_("No score yet"));
  else
    /* Translators: the total score, read by screen readers */
    text = g_strdup_printf (_("%d out of 100"), self->value);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) MAX (self->value, 0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  /* GTK 4.8 exposes no AT-SPI Value for custom widgets: say it in words too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
ms_score_ring_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = *natural = RING_SIZE;
}

static void
ms_score_ring_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MsScoreRing *self = MS_SCORE_RING (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = MIN (width, height);
  double radius = (size - RING_THICKNESS) / 2.0;
  double cx = width / 2.0;
  double cy = height / 2.0;
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color;
  GdkRGBA track;
  cairo_t *cr;
  char number[8];
  int text_width;
  int text_height;

  /* The widget's CSS colour carries the band colour (see style.css). */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  track = color;
  track.alpha = 0.15;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, RING_THICKNESS);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  gdk_cairo_set_source_rgba (cr, &track);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (self->value > 0)
    {
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, cx, cy, radius, -G_PI / 2, -G_PI / 2 + 2 * G_PI * self->value / 100.0);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  if (self->value < 0)
    g_strlcpy (number, "–", sizeof number);
  else
    g_snprintf (number, sizeof number, "%d", self->value);

  layout = gtk_widget_create_pango_layout (widget, number);
  {
    PangoContext *context = gtk_widget_get_pango_context (widget);
    PangoFontDescription *font =
      pango_font_description_copy (pango_context_get_font_description (context));
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
    pango_font_description_set_absolute_size (font, 34 * PANGO_SCALE);
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
    pango_layout_set_attributes (layout, attrs);
    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
    pango_attr_list_unref (attrs);
  }
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (cx - text_width / 2.0, cy - text_height / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
ms_score_ring_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsScoreRing *self = MS_SCORE_RING (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_score_ring_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MsScoreRing *self = MS_SCORE_RING (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      ms_score_ring_set_value (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_score_ring_class_init (MsScoreRingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ms_score_ring_get_property;
  object_class->set_property = ms_score_ring_set_property;
  widget_class->measure = ms_score_ring_measure;
  widget_class->snapshot = ms_score_ring_snapshot;

  properties[PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL,
                      -1, 100, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "scorering");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
ms_score_ring_init (MsScoreRing *self)
{
  self->value = -1;
  gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  update_accessible (self);
}

GtkWidget *
ms_score_ring_new (void)
{
  return g_object_new (MS_TYPE_SCORE_RING, NULL);
}

int
ms_score_ring_get_value (MsScoreRing *self)
{
  g_return_val_if_fail (MS_IS_SCORE_RING (self), -1);

  return self->value;
}

void
ms_score_ring_set_value (MsScoreRing *self,
                         int          value)
{
  g_return_if_fail (MS_IS_SCORE_RING (self));
  g_return_if_fail (value >= -1 && value <= 100);

  if (self->value == value)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self),
                               self->value < 0 ? "empty" :
                               ms_score_band_to_string (ms_score_band_for_total (self->value)));
  self->value = value;
  gtk_widget_add_css_class (GTK_WIDGET (self),
                            value < 0 ? "empty" :
                            ms_score_band_to_string (ms_score_band_for_total (value)));

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}
