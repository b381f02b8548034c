/* ms-preferences-window.c — appearance and writing defaults, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-preferences-window"

#include "config.h"

#include "ms-preferences-window.h"

struct _MsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwComboRow          *color_scheme_row;
  AdwComboRow          *default_channel_row;
  AdwEntryRow          *sender_name_row;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsPreferencesWindow, ms_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The combo rows list a key's choices in the order of its enum in the schema. */
static const char * const color_scheme_choices[] = { "follow", "light", "dark", NULL };
static const char * const channel_choices[] = { "email", "line", NULL };

static gboolean
choice_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], choice))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[position]);
}

static void
bind_choice (GSettings          *settings,
             const char         *key,
             AdwComboRow        *row,
             const char * const *choices)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_position, position_to_choice,
                                (gpointer) choices, NULL);
}

static void
ms_preferences_window_constructed (GObject *object)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (ms_preferences_window_parent_class)->constructed (object);

  bind_choice (self->settings, "color-scheme", self->color_scheme_row, color_scheme_choices);
  bind_choice (self->settings, "default-channel", self->default_channel_row, channel_choices);
  g_settings_bind (self->settings, "sender-name", self->sender_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
ms_preferences_window_dispose (GObject *object)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ms_preferences_window_parent_class)->dispose (object);
}

static void
ms_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MsPreferencesWindow *self = MS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_preferences_window_class_init (MsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ms_preferences_window_constructed;
  object_class->dispose = ms_preferences_window_dispose;
  object_class->set_property = ms_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, default_channel_row);
  gtk_widget_class_bind_template_child (widget_class, MsPreferencesWindow, sender_name_row);
}

static void
ms_preferences_window_init (MsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MsPreferencesWindow *
ms_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (MS_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
