/* ms-count-panel.c — live counts of one field, and LINE's bubble limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-count-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-count-panel.h"

struct _MsCountPanel
{
  GtkWidget     parent_instance;

  MsDraft      *draft;
  MsDraftField  field;

  /* Template widgets */
  GtkLabel     *characters_value;
  GtkLabel     *cells_value;
  GtkLabel     *lines_value;
  GtkLabel     *emoji_value;
  GtkWidget    *utf16_box;
  GtkLabel     *utf16_value;
  GtkWidget    *limit_box;
  GtkLevelBar  *limit_bar;
  GtkLabel     *limit_value;
  GtkImage     *limit_icon;
  GtkLabel     *limit_message;
};

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_FIELD,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsCountPanel, ms_count_panel, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
set_number (GtkLabel *label,
            guint     value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  gtk_label_set_label (label, text);
}

static void
show_line_limit (MsCountPanel       *self,
                 const MsTextCounts *counts)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();
  guint max = limits->line_bubble_max_characters;
  gboolean over_limit = ms_draft_field_is_over_limit (self->draft, self->field);
  g_autofree char *value = NULL;
  g_autofree char *message = NULL;

  gtk_level_bar_set_max_value (self->limit_bar, max);
  gtk_level_bar_set_value (self->limit_bar, MIN (counts->characters, max));

  /* Translators: characters used of the most a LINE bubble holds, e.g. “120 / 500” */
  value = g_strdup_printf (_("%u / %u"), counts->characters, max);
  gtk_label_set_label (self->limit_value, value);

  if (counts->characters > max)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u character over LINE’s %u-character limit for "
                                            "one bubble. Shorten the text or move some of it "
                                            "to another bubble.",
                                            "%u characters over LINE’s %u-character limit for "
                                            "one bubble. Shorten the text or move some of it "
                                            "to another bubble.",
                                            counts->characters - max),
                               counts->characters - max, max);
  else if (counts->utf16_units > limits->line_api_max_utf16_units)
    message = g_strdup_printf (_("%u UTF-16 units: over the Messaging API’s limit of %u. "
                                 "Use fewer emoji or shorten the text."),
                               counts->utf16_units, limits->line_api_max_utf16_units);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u character left in this bubble",
                                            "%u characters left in this bubble",
                                            max - counts->characters),
                               max - counts->characters);

  gtk_label_set_label (self->limit_message, message);
  gtk_widget_set_visible (GTK_WIDGET (self->limit_icon), over_limit);

  if (over_limit)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "over-limit");
      gtk_widget_add_css_class (GTK_WIDGET (self->limit_value), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->limit_message), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "over-limit");
      gtk_widget_remove_css_class (GTK_WIDGET (self->limit_value), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->limit_message), "error");
    }
}

static void
update (MsCountPanel *self)
{
  const MsTextCounts *counts;
  gboolean is_line;

  if (self->draft == NULL)
    return;

  counts = ms_draft_get_counts (self->draft, self->field);
  is_line = ms_draft_get_channel (self->draft) == MS_CHANNEL_LINE;

  set_number (self->characters_value, counts->characters);
  set_number (self->cells_value, counts->cells);
  set_number (self->lines_value, counts->lines);
  set_number (self->emoji_value, counts->emoji);
  set_number (self->utf16_value, counts->utf16_units);

  gtk_widget_set_visible (self->utf16_box, is_line);
  gtk_widget_set_visible (self->limit_box, is_line);

  if (is_line)
    show_line_limit (self, counts);
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "over-limit");
}

static void
on_draft_notify_cb (MsCountPanel *self,
                    GParamSpec   *pspec,
                    MsDraft      *draft)
{
  update (self);
}

static void
ms_count_panel_dispose (GObject *object)
{
  GtkWidget *child;
  MsCountPanel *self = MS_COUNT_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_COUNT_PANEL);
  /* The template's root is not bound to a field, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ms_count_panel_parent_class)->dispose (object);
}

static void
ms_count_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsCountPanel *self = MS_COUNT_PANEL (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_FIELD:
      g_value_set_uint (value, self->field);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_count_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsCountPanel *self = MS_COUNT_PANEL (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      ms_count_panel_set_draft (self, g_value_get_object (value));
      break;
    case PROP_FIELD:
      self->field = g_value_get_uint (value);
      update (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_count_panel_class_init (MsCountPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_count_panel_dispose;
  object_class->get_property = ms_count_panel_get_property;
  object_class->set_property = ms_count_panel_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL,
                         MS_TYPE_DRAFT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsCountPanel:field:
   *
   * The MsDraftField counted: the body (LINE's first bubble) by default.
   */
  properties[PROP_FIELD] =
    g_param_spec_uint ("field", NULL, NULL,
                       MS_DRAFT_FIELD_BODY, MS_DRAFT_N_FIELDS - 1, MS_DRAFT_FIELD_BODY,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-count-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, characters_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, cells_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, lines_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, emoji_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, utf16_box);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, utf16_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, limit_box);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, limit_bar);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, limit_value);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, limit_icon);
  gtk_widget_class_bind_template_child (widget_class, MsCountPanel, limit_message);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "countpanel");
}

static void
ms_count_panel_init (MsCountPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ms_count_panel_get_draft:
 *
 * Returns: (transfer none) (nullable): the draft whose body is counted
 */
MsDraft *
ms_count_panel_get_draft (MsCountPanel *self)
{
  g_return_val_if_fail (MS_IS_COUNT_PANEL (self), NULL);

  return self->draft;
}

void
ms_count_panel_set_draft (MsCountPanel *self,
                          MsDraft      *draft)
{
  g_return_if_fail (MS_IS_COUNT_PANEL (self));
  g_return_if_fail (draft == NULL || MS_IS_DRAFT (draft));

  if (self->draft == draft)
    return;

  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_func (self->draft, on_draft_notify_cb, self);

  g_set_object (&self->draft, draft);

  if (self->draft != NULL)
    g_signal_connect_object (self->draft, "notify",
                             G_CALLBACK (on_draft_notify_cb), self,
                             G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}
