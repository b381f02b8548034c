/* ms-preview-view.c — one surface (an inbox, a chat) drawn as the device shows it
 *
 * The view never decides where text is cut: it draws, line by line, exactly
 * the text of an MsPreviewLayout that the core computed. What it adds is the
 * look of the surface — rows, avatars, bubbles, the time — in light or dark.
 * The same drawing code renders the PNG export, so the export is the view.
 * Which drawing and how wide come from the profile (devices.json "drawing"),
 * so a profile added to the data draws without a change here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preview-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ms-preview-view.h"

#define FONT_FAMILY "Noto Sans CJK JP, Cantarell, sans-serif"
#define LINE_SPACING 1.3

struct _MsPreviewView
{
  GtkWidget        parent_instance;

  MsPreviewLayout *layout;
  GPtrArray       *neighbours;   /* MsPreviewLayout: dummy rows around ours */
  gboolean         dark;
};

enum {
  PROP_0,
  PROP_DARK,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsPreviewView, ms_preview_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Draws, or only measures when snapshot is NULL. */
typedef struct
{
  GtkSnapshot  *snapshot;
  PangoContext *context;
  gboolean      dark;
} Painter;

/* Draws the surface @width logical pixels wide; returns its height. */
typedef double (*PaintSurfaceFunc) (MsPreviewView *self,
                                    Painter       *painter,
                                    double         width);

static GdkRGBA
rgb (guint32 hex,
     double  alpha)
{
  return (GdkRGBA) {
    ((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0, alpha
  };
}

static PangoLayout *
make_text (Painter    *painter,
           const char *text,
           double      size_px,
           PangoWeight weight)
{
  PangoLayout *layout = pango_layout_new (painter->context);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_font_description_free (font);

  return layout;
}

static double
text_width (Painter    *painter,
            const char *text,
            double      size_px,
            PangoWeight weight)
{
  g_autoptr(PangoLayout) layout = make_text (painter, text, size_px, weight);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws one line of text clipped to max_width; returns the line's height. */
static double
paint_text (Painter     *painter,
            const char  *text,
            double       x,
            double       y,
            double       max_width,
            double       size_px,
            PangoWeight  weight,
            GdkRGBA      color)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height = size_px * LINE_SPACING;
  int logical_height;

  if (painter->snapshot == NULL)
    return height;

  /* Centre the font's line box in ours; clip only what overflows sideways. */
  layout = make_text (painter, text, size_px, weight);
  pango_layout_get_pixel_size (layout, NULL, &logical_height);
  gtk_snapshot_push_clip (painter->snapshot,
                          &GRAPHENE_RECT_INIT (x, y - size_px, max_width, height + 2 * size_px));
  gtk_snapshot_save (painter->snapshot);
  gtk_snapshot_translate (painter->snapshot,
                          &GRAPHENE_POINT_INIT (x, y + (height - logical_height) / 2));
  gtk_snapshot_append_layout (painter->snapshot, layout, &color);
  gtk_snapshot_restore (painter->snapshot);
  gtk_snapshot_pop (painter->snapshot);

  return height;
}

static double
paint_lines (Painter                   *painter,
             const MsPreviewSlotLayout *slot,
             double                     x,
             double                     y,
             double                     max_width,
             double                     size_px,
             PangoWeight                weight,
             GdkRGBA                    color)
{
  double top = y;

  if (slot == NULL || slot->hidden || slot->lines == NULL)
    return 0;

  for (guint i = 0; slot->lines[i] != NULL; i++)
    y += paint_text (painter, slot->lines[i], x, y, max_width, size_px, weight, color);

  return y - top;
}

static void
paint_rect (Painter *painter,
            double   x,
            double   y,
            double   width,
            double   height,
            double   radius,
            GdkRGBA  color)
{
  GskRoundedRect rounded;

  if (painter->snapshot == NULL)
    return;

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (x, y, width, height), radius);
  gtk_snapshot_push_rounded_clip (painter->snapshot, &rounded);
  gtk_snapshot_append_color (painter->snapshot, &color, &GRAPHENE_RECT_INIT (x, y, width, height));
  gtk_snapshot_pop (painter->snapshot);
}

/* A round avatar with the first character of @name. */
static void
paint_avatar (Painter    *painter,
              const char *name,
              double      x,
              double      y,
              double      size,
              GdkRGBA     background)
{
  g_autofree char *initial = NULL;
  double width;

  paint_rect (painter, x, y, size, size, size / 2, background);
  if (name == NULL || *name == '\0')
    return;

  initial = g_utf8_substring (name, 0, 1);
  width = text_width (painter, initial, size * 0.45, PANGO_WEIGHT_BOLD);
  paint_text (painter, initial, x + (size - width) / 2, y + (size - size * 0.45 * LINE_SPACING) / 2,
              size, size * 0.45, PANGO_WEIGHT_BOLD, rgb (0xFFFFFF, 1));
}

static const char *
first_line (MsPreviewLayout *layout,
            MsPreviewSlot    slot)
{
  const MsPreviewSlotLayout *slot_layout = ms_preview_layout_find_slot (layout, slot, 0);

  if (slot_layout == NULL || slot_layout->hidden || slot_layout->lines == NULL)
    return "";

  return slot_layout->lines[0] != NULL ? slot_layout->lines[0] : "";
}

typedef double (*PaintRowFunc) (Painter         *painter,
                                MsPreviewLayout *layout,
                                double           y,
                                double           width,
                                gboolean         unread);

/* Our message as the unread one between the dummy neighbours: the first
 * neighbour above it, the rest below. Returns the height of the rows. */
static double
paint_rows (MsPreviewView *self,
            Painter       *painter,
            PaintRowFunc   paint_row,
            double         width)
{
  guint n_neighbours = self->neighbours != NULL ? self->neighbours->len : 0;
  double y = 0;

  if (n_neighbours > 0)
    y += paint_row (painter, g_ptr_array_index (self->neighbours, 0), y, width, FALSE);
  y += paint_row (painter, self->layout, y, width, TRUE);
  for (guint i = 1; i < n_neighbours; i++)
    y += paint_row (painter, g_ptr_array_index (self->neighbours, i), y, width, FALSE);

  return y;
}

/* A phone's mail inbox (iPhone Mail): our message between two others. */
static double
paint_list_row (Painter         *painter,
                  MsPreviewLayout *layout,
                  double           y,
                  double           width,
                  gboolean         unread)
{
  GdkRGBA primary = painter->dark ? rgb (0xFFFFFF, 1) : rgb (0x000000, 1);
  GdkRGBA secondary = painter->dark ? rgb (0x98989F, 1) : rgb (0x8A8A8E, 1);
  GdkRGBA separator = painter->dark ? rgb (0x38383A, 1) : rgb (0xC6C6C8, 1);
  double left = 32;
  double right = 16;
  double text_width_px = width - left - right;
  double time_width = text_width (painter, "9:41", 15, PANGO_WEIGHT_NORMAL);
  double top = y;

  y += 10;
  if (unread)
    paint_rect (painter, 12, y + 6, 10, 10, 5, rgb (0x0A84FF, 1));
  paint_text (painter, "9:41", width - right - time_width, y, time_width, 15,
              PANGO_WEIGHT_NORMAL, secondary);
  y += paint_text (painter, first_line (layout, MS_PREVIEW_SLOT_SENDER), left, y,
                   text_width_px - time_width - 8, 17, PANGO_WEIGHT_SEMIBOLD, primary);
  y += paint_lines (painter, ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0),
                    left, y, text_width_px, 15, PANGO_WEIGHT_NORMAL, primary);
  y += paint_lines (painter, ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0),
                    left, y, text_width_px, 15, PANGO_WEIGHT_NORMAL, secondary);
  y += 10;
  paint_rect (painter, left, y - 0.5, width - left, 0.5, 0, separator);

  return y - top;
}

static double
paint_inbox_list (MsPreviewView *self,
                  Painter       *painter,
                  double         width)
{
  double height;

  /* Measure first so the background can be drawn under the rows. */
  if (painter->snapshot != NULL)
    {
      Painter measure = { NULL, painter->context, painter->dark };

      height = paint_inbox_list (self, &measure, width);
      paint_rect (painter, 0, 0, width, height, 0,
                  painter->dark ? rgb (0x000000, 1) : rgb (0xFFFFFF, 1));
    }

  return paint_rows (self, painter, paint_list_row, width);
}

/* Webmail (Gmail on the web): sender, then subject and snippet sharing one row. */
static double
paint_webmail_row (Painter         *painter,
                         MsPreviewLayout *layout,
                         double           y,
                         double           width,
                         gboolean         unread)
{
  GdkRGBA primary = painter->dark ? rgb (0xE8EAED, 1) : rgb (0x202124, 1);
  GdkRGBA secondary = painter->dark ? rgb (0x9AA0A6, 1) : rgb (0x5F6368, 1);
  GdkRGBA row = unread ? (painter->dark ? rgb (0x2D2E30, 1) : rgb (0xFFFFFF, 1))
                       : (painter->dark ? rgb (0x202124, 1) : rgb (0xF2F6FC, 1));
  PangoWeight weight = unread ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
  const char *subject = first_line (layout, MS_PREVIEW_SLOT_SUBJECT);
  const char *snippet = first_line (layout, MS_PREVIEW_SLOT_SNIPPET);
  double height = 40;
  double x = 72;
  double row_end = width - 90;
  double text_y = y + (height - 14 * LINE_SPACING) / 2;
  double time_width = text_width (painter, "10:24", 12, weight);

  paint_rect (painter, 0, y, width, height, 0, row);
  paint_rect (painter, 0, y + height - 1, width, 1, 0,
              painter->dark ? rgb (0x3C4043, 1) : rgb (0xE0E0E0, 1));
  paint_rect (painter, 20, y + 13, 14, 14, 2, secondary);
  paint_rect (painter, 22, y + 15, 10, 10, 1, row);
  paint_text (painter, first_line (layout, MS_PREVIEW_SLOT_SENDER), x, text_y, 180, 14, weight,
              primary);
  x += 200;

  paint_text (painter, subject, x, text_y, row_end - x, 14, weight, primary);
  x += text_width (painter, subject, 14, weight);
  if (*snippet != '\0')
    {
      const char *separator =
        ms_device_profile_get_slot_separator (ms_preview_layout_get_profile (layout),
                                              MS_PREVIEW_SLOT_SNIPPET);
      g_autofree char *dashed = g_strconcat (separator != NULL ? separator : " ", snippet, NULL);

      paint_text (painter, dashed, x, text_y, MAX (row_end - x, 0), 14, PANGO_WEIGHT_NORMAL,
                  secondary);
    }
  paint_text (painter, "10:24", width - 20 - time_width, text_y + 1, time_width, 12, weight,
              primary);

  return height;
}

static double
paint_inbox_row (MsPreviewView *self,
                 Painter       *painter,
                 double         width)
{
  return paint_rows (self, painter, paint_webmail_row, width);
}

/* A mail app with avatars (Gmail on a phone): sender, subject and one line of snippet. */
static double
paint_card_row (Painter         *painter,
                        MsPreviewLayout *layout,
                        double           y,
                        double           width,
                        gboolean         unread)
{
  GdkRGBA primary = painter->dark ? rgb (0xE3E3E3, 1) : rgb (0x1F1F1F, 1);
  GdkRGBA secondary = painter->dark ? rgb (0xC4C7C5, 1) : rgb (0x444746, 1);
  PangoWeight weight = unread ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL;
  const char *sender = first_line (layout, MS_PREVIEW_SLOT_SENDER);
  double left = 72;
  double right = 16;
  double time_width = text_width (painter, "10:24", 12, weight);
  double top = y;

  paint_rect (painter, 0, y, width, 1, 0, painter->dark ? rgb (0x1F1F1F, 1) : rgb (0xFFFFFF, 1));
  y += 12;
  paint_avatar (painter, sender, 16, y + 2, 40, unread ? rgb (0x1A73E8, 1) : rgb (0x5F6368, 1));
  paint_text (painter, "10:24", width - right - time_width, y, time_width, 12, weight, primary);
  y += paint_text (painter, sender, left, y, width - left - right - time_width - 8, 16, weight,
                   primary);
  y += paint_lines (painter, ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0),
                    left, y, width - left - right - 24, 14, weight, primary);
  y += paint_lines (painter, ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0),
                    left, y, width - left - right - 24, 14, PANGO_WEIGHT_NORMAL, secondary);
  y += 12;

  return y - top;
}

static double
paint_inbox_cards (MsPreviewView *self,
                   Painter       *painter,
                   double         width)
{
  if (painter->snapshot != NULL)
    {
      Painter measure = { NULL, painter->context, painter->dark };

      paint_rect (painter, 0, 0, width, paint_inbox_cards (self, &measure, width), 0,
                  painter->dark ? rgb (0x1F1F1F, 1) : rgb (0xFFFFFF, 1));
    }

  return paint_rows (self, painter, paint_card_row, width);
}

/* A chat (a LINE talk): the account's icon and name, then each bubble with the time. */
static double
paint_talk (MsPreviewView *self,
            Painter       *painter,
            double         width)
{
  const MsDeviceProfile *profile = ms_preview_layout_get_profile (self->layout);
  const char *account = first_line (self->layout, MS_PREVIEW_SLOT_SENDER);
  double font_px = ms_device_profile_get_font_px (profile);
  double bubble_text_width = ms_device_profile_get_slot_width_em (profile, MS_PREVIEW_SLOT_BUBBLE) *
                             font_px;
  GdkRGBA background = painter->dark ? rgb (0x22262A, 1) : rgb (0x8CABD8, 1);
  GdkRGBA bubble = painter->dark ? rgb (0x3A3D42, 1) : rgb (0xFFFFFF, 1);
  GdkRGBA text = painter->dark ? rgb (0xF2F2F2, 1) : rgb (0x111111, 1);
  GdkRGBA muted = painter->dark ? rgb (0xA0A4A8, 1) : rgb (0xF4F7FB, 1);
  double y = 16;
  double x = 60;

  if (painter->snapshot != NULL)
    {
      Painter measure = { NULL, painter->context, painter->dark };

      paint_rect (painter, 0, 0, width, paint_talk (self, &measure, width), 0, background);
    }

  paint_avatar (painter, account, 12, y, 38, rgb (0x06C755, 1));
  y += paint_text (painter, account, x, y, width - x - 16, 12, PANGO_WEIGHT_NORMAL, muted) + 4;

  for (guint i = 0; ; i++)
    {
      const MsPreviewSlotLayout *slot = ms_preview_layout_find_slot (self->layout,
                                                                     MS_PREVIEW_SLOT_BUBBLE, i);
      double widest = 0;
      double height;

      if (slot == NULL)
        break;

      for (guint l = 0; slot->lines != NULL && slot->lines[l] != NULL; l++)
        widest = MAX (widest, text_width (painter, slot->lines[l], font_px, PANGO_WEIGHT_NORMAL));
      widest = MIN (widest, bubble_text_width);

      if (painter->snapshot != NULL)
        {
          Painter measure = { NULL, painter->context, painter->dark };

          height = paint_lines (&measure, slot, 0, 0, widest, font_px, PANGO_WEIGHT_NORMAL, text);
          paint_rect (painter, x, y, widest + 24, height + 16, 18, bubble);
          paint_text (painter, "10:00", x + widest + 30, y + height + 16 - 13, 40, 10,
                      PANGO_WEIGHT_NORMAL, muted);
        }
      height = paint_lines (painter, slot, x + 12, y + 8, widest + 1, font_px,
                            PANGO_WEIGHT_NORMAL, text);
      y += height + 16 + 8;
    }

  return y + 8;
}

/* A chat list (LINE's): a row with icon, name, time and the start of the text. */
static double
paint_chat_list (MsPreviewView *self,
                 Painter       *painter,
                 double         width)
{
  const char *account = first_line (self->layout, MS_PREVIEW_SLOT_SENDER);
  GdkRGBA background = painter->dark ? rgb (0x111111, 1) : rgb (0xFFFFFF, 1);
  GdkRGBA primary = painter->dark ? rgb (0xF2F2F2, 1) : rgb (0x111111, 1);
  GdkRGBA secondary = painter->dark ? rgb (0x8E8E93, 1) : rgb (0x8A8A8E, 1);
  double height = 76;
  double x = 80;
  double time_width = text_width (painter, "10:00", 11, PANGO_WEIGHT_NORMAL);
  double y = 14;

  paint_rect (painter, 0, 0, width, height, 0, background);
  paint_avatar (painter, account, 14, 12, 52, rgb (0x06C755, 1));
  paint_text (painter, "10:00", width - 16 - time_width, y, time_width, 11, PANGO_WEIGHT_NORMAL,
              secondary);
  y += paint_text (painter, account, x, y, width - x - time_width - 24, 16, PANGO_WEIGHT_BOLD,
                   primary);
  paint_lines (painter, ms_preview_layout_find_slot (self->layout, MS_PREVIEW_SLOT_LIST_TEXT, 0),
               x, y + 2, width - x - 16, 13, PANGO_WEIGHT_NORMAL, secondary);
  paint_rect (painter, width - 36, height - 30, 20, 20, 10, rgb (0x06C755, 1));

  return height;
}

/* A notification on a phone's lock screen (LINE's push). */
static double
paint_notification (MsPreviewView *self,
                    Painter       *painter,
                    double         width)
{
  const char *account = first_line (self->layout, MS_PREVIEW_SLOT_SENDER);
  GdkRGBA wallpaper = painter->dark ? rgb (0x1C2431, 1) : rgb (0x5E7391, 1);
  GdkRGBA card = painter->dark ? rgb (0x2C2C2E, 0.92) : rgb (0xF5F5F5, 0.92);
  GdkRGBA primary = painter->dark ? rgb (0xFFFFFF, 1) : rgb (0x000000, 1);
  GdkRGBA secondary = painter->dark ? rgb (0x98989F, 1) : rgb (0x6C6C70, 1);
  const char *now = C_("notification time", "now");
  double x = 24;
  double y = 28;
  double now_width = text_width (painter, now, 13, PANGO_WEIGHT_NORMAL);
  double card_height;

  {
    Painter measure = { NULL, painter->context, painter->dark };

    card_height = 14 + 13 * LINE_SPACING + 4 +
                  paint_text (&measure, account, 0, 0, 1, 15, PANGO_WEIGHT_SEMIBOLD, primary) +
                  paint_lines (&measure, ms_preview_layout_find_slot (self->layout,
                                                                      MS_PREVIEW_SLOT_LIST_TEXT, 0),
                               0, 0, 1, 15, PANGO_WEIGHT_NORMAL, primary) + 14;
  }

  paint_rect (painter, 0, 0, width, card_height + 56, 0, wallpaper);
  paint_rect (painter, 12, y - 14, width - 24, card_height, 20, card);
  paint_rect (painter, x, y, 20, 20, 5, rgb (0x06C755, 1));
  paint_text (painter, "LINE", x + 28, y, 120, 13, PANGO_WEIGHT_NORMAL, secondary);
  paint_text (painter, now, width - x - now_width, y, now_width, 13, PANGO_WEIGHT_NORMAL,
              secondary);
  y += 13 * LINE_SPACING + 4;
  y += paint_text (painter, account, x, y, width - 2 * x, 15, PANGO_WEIGHT_SEMIBOLD, primary);
  paint_lines (painter, ms_preview_layout_find_slot (self->layout, MS_PREVIEW_SLOT_LIST_TEXT, 0),
               x, y, width - 2 * x, 15, PANGO_WEIGHT_NORMAL, primary);

  return card_height + 56;
}

/* One drawing per kind of surface the data can name. */
static const PaintSurfaceFunc paint_surface[MS_PREVIEW_SURFACE_N] = {
  [MS_PREVIEW_SURFACE_INBOX_LIST] = paint_inbox_list,
  [MS_PREVIEW_SURFACE_INBOX_ROW] = paint_inbox_row,
  [MS_PREVIEW_SURFACE_INBOX_CARDS] = paint_inbox_cards,
  [MS_PREVIEW_SURFACE_TALK] = paint_talk,
  [MS_PREVIEW_SURFACE_CHAT_LIST] = paint_chat_list,
  [MS_PREVIEW_SURFACE_NOTIFICATION] = paint_notification,
};

/**
 * ms_preview_view_paint:
 * @snapshot: (nullable): where to draw, or %NULL to measure only
 *
 * Draws the preview at the snapshot's origin, as the view does.
 */
void
ms_preview_view_paint (MsPreviewView *self,
                       GtkSnapshot   *snapshot,
                       double        *width,
                       double        *height)
{
  Painter painter = { snapshot, gtk_widget_get_pango_context (GTK_WIDGET (self)), self->dark };
  const MsDeviceProfile *profile;

  *width = *height = 0;
  if (self->layout == NULL)
    return;

  profile = ms_preview_layout_get_profile (self->layout);
  *width = ms_device_profile_get_width_px (profile);
  *height = paint_surface[ms_device_profile_get_surface (profile)] (self, &painter, *width);
}

static void
ms_preview_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  double width;
  double height;

  ms_preview_view_paint (MS_PREVIEW_VIEW (widget), NULL, &width, &height);
  *minimum = *natural = (int) ceil (orientation == GTK_ORIENTATION_HORIZONTAL ? width : height);
}

static void
ms_preview_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  double width;
  double height;

  ms_preview_view_paint (MS_PREVIEW_VIEW (widget), snapshot, &width, &height);
}

static void
ms_preview_view_dispose (GObject *object)
{
  MsPreviewView *self = MS_PREVIEW_VIEW (object);

  g_clear_pointer (&self->layout, ms_preview_layout_unref);
  g_clear_pointer (&self->neighbours, g_ptr_array_unref);

  G_OBJECT_CLASS (ms_preview_view_parent_class)->dispose (object);
}

static void
ms_preview_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsPreviewView *self = MS_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_DARK:
      g_value_set_boolean (value, self->dark);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_preview_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsPreviewView *self = MS_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_DARK:
      ms_preview_view_set_dark (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_preview_view_class_init (MsPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_preview_view_dispose;
  object_class->get_property = ms_preview_view_get_property;
  object_class->set_property = ms_preview_view_set_property;
  widget_class->measure = ms_preview_view_measure;
  widget_class->snapshot = ms_preview_view_snapshot;

  properties[PROP_DARK] =
    g_param_spec_boolean ("dark", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "previewview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_preview_view_init (MsPreviewView *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
ms_preview_view_new (void)
{
  return g_object_new (MS_TYPE_PREVIEW_VIEW, NULL);
}

/**
 * ms_preview_view_get_layout:
 *
 * Returns: (transfer none) (nullable): the layout drawn
 */
MsPreviewLayout *
ms_preview_view_get_layout (MsPreviewView *self)
{
  g_return_val_if_fail (MS_IS_PREVIEW_VIEW (self), NULL);

  return self->layout;
}

/* Whether @a and @b draw the same lines on the same surface. */
static gboolean
same_drawing (MsPreviewLayout *a,
              MsPreviewLayout *b)
{
  guint n;

  if (a == NULL || b == NULL || ms_preview_layout_get_profile (a) != ms_preview_layout_get_profile (b))
    return FALSE;
  n = ms_preview_layout_get_n_slots (a);
  if (n != ms_preview_layout_get_n_slots (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const MsPreviewSlotLayout *sa = ms_preview_layout_get_slot (a, i);
      const MsPreviewSlotLayout *sb = ms_preview_layout_get_slot (b, i);

      if (sa->slot != sb->slot || sa->hidden != sb->hidden ||
          (sa->lines == NULL) != (sb->lines == NULL) ||
          (sa->lines != NULL && !g_strv_equal ((const char * const *) sa->lines,
                                               (const char * const *) sb->lines)))
        return FALSE;
    }
  return TRUE;
}

/**
 * ms_preview_view_set_layout:
 * @neighbours: (nullable) (element-type MsPreviewLayout): dummy messages
 *   around ours; the first is drawn above it, the rest below
 *
 * Shows @layout. The text of every line is the core's decision. Typing far
 * down a long body usually changes no line a surface shows: then nothing is
 * measured or drawn again.
 */
void
ms_preview_view_set_layout (MsPreviewView   *self,
                            MsPreviewLayout *layout,
                            GPtrArray       *neighbours)
{
  g_autofree char *description = NULL;
  gboolean unchanged;

  g_return_if_fail (MS_IS_PREVIEW_VIEW (self));

  unchanged = neighbours == self->neighbours && same_drawing (self->layout, layout);

  g_clear_pointer (&self->layout, ms_preview_layout_unref);
  g_clear_pointer (&self->neighbours, g_ptr_array_unref);
  self->layout = layout != NULL ? ms_preview_layout_ref (layout) : NULL;
  self->neighbours = neighbours != NULL ? g_ptr_array_ref (neighbours) : NULL;
  if (unchanged)
    return;

  if (layout != NULL)
    {
      const MsDeviceProfile *profile = ms_preview_layout_get_profile (layout);

      /* Translators: accessible name of a preview image, e.g. “iPhone Mail preview” */
      description = g_strdup_printf (_("%s preview"), ms_device_profile_get_name (profile));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                      -1);
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

gboolean
ms_preview_view_get_dark (MsPreviewView *self)
{
  g_return_val_if_fail (MS_IS_PREVIEW_VIEW (self), FALSE);

  return self->dark;
}

void
ms_preview_view_set_dark (MsPreviewView *self,
                          gboolean       dark)
{
  g_return_if_fail (MS_IS_PREVIEW_VIEW (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DARK]);
}

/**
 * ms_preview_render_node:
 *
 * Renders @node, clipped to @width × @height, through the cairo renderer:
 * no display and no mapped window are needed.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
GdkTexture *
ms_preview_render_node (GskRenderNode  *node,
                        double          width,
                        double          height,
                        GError        **error)
{
  g_autoptr(GskRenderer) renderer = NULL;
  GdkTexture *texture;

  if (node == NULL || width < 1 || height < 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("There is nothing to export yet. Write a message first."));
      return NULL;
    }

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, error))
    return NULL;

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, ceil (width), ceil (height)));
  gsk_renderer_unrealize (renderer);

  return texture;
}

/**
 * ms_preview_view_render:
 *
 * Renders the preview at its natural size with the view's own drawing code.
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
GdkTexture *
ms_preview_view_render (MsPreviewView  *self,
                        GError        **error)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  double width;
  double height;

  g_return_val_if_fail (MS_IS_PREVIEW_VIEW (self), NULL);

  snapshot = gtk_snapshot_new ();
  ms_preview_view_paint (self, snapshot, &width, &height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return ms_preview_render_node (node, width, height, error);
}
