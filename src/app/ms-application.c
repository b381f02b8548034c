/* ms-application.c — the application: settings, actions, colour scheme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-application.h"
#include "store/ms-store-all.h"
#include "ms-preferences-window.h"
#include "ms-window.h"

#define SETTINGS_SCHEMA_ID "io.github.msgscore.MsgScore"

struct _MsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  MsStore        *store;         /* NULL when the profile could not be opened */
  MsLearning     *learning;      /* what the profile's results teach; NULL without a store */
  GError         *store_error;
  gint64          start_time;
};

G_DEFINE_FINAL_TYPE (MsApplication, ms_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (MsApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");

  if (g_str_equal (scheme, "light"))
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (scheme, "dark"))
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
on_settings_color_scheme_changed_cb (MsApplication *self,
                                     const char    *key,
                                     GSettings     *settings)
{
  apply_color_scheme (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  MsApplication *self = user_data;

  /* Close windows first so they save their size and state. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  MsPreferencesWindow *preferences = ms_preferences_window_new (self->settings, self->store);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  MsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The MsgScore developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("MsgScore"),
                         "application-icon", APP_ID,
                         "developer-name", _("The MsgScore developers"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Score and preview email and LINE messages before you send them"),
                         "website", "https://github.com/msgscore/msgscore",
                         "issue-url", "https://github.com/msgscore/msgscore/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
};

static void
ms_application_startup (GApplication *application)
{
  MsApplication *self = MS_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  /* MSGSCORE_PROFILE_DIR keeps tests and scripts out of the user's profile. */
  self->store = ms_store_open (g_getenv ("MSGSCORE_PROFILE_DIR"), &self->store_error);
  if (self->store == NULL)
    g_warning ("Could not open the local store: %s", self->store_error->message);
  else
    self->learning = ms_learning_new (self->store);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_settings_color_scheme_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
ms_application_activate (GApplication *application)
{
  MsApplication *self = MS_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ms_window_new (self));

  gtk_window_present (window);
}

static void
ms_application_dispose (GObject *object)
{
  MsApplication *self = MS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->learning);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (ms_application_parent_class)->dispose (object);
}

static void
ms_application_class_init (MsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ms_application_dispose;
  app_class->startup = ms_application_startup;
  app_class->activate = ms_application_activate;
}

static void
ms_application_init (MsApplication *self)
{
  self->start_time = g_get_monotonic_time ();
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
}

MsApplication *
ms_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (MS_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
ms_application_get_settings (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * ms_application_get_start_time:
 *
 * Returns: the monotonic time (µs) at which the application was created
 */
gint64
ms_application_get_start_time (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), 0);

  return self->start_time;
}

/**
 * ms_application_get_store:
 *
 * Returns: (transfer none) (nullable): the profile's local store, or %NULL
 *   if it could not be opened (see ms_application_get_store_error())
 */
MsStore *
ms_application_get_store (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * ms_application_get_store_error:
 *
 * Returns: (transfer none) (nullable): why the store could not be opened
 */
const GError *
ms_application_get_store_error (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * ms_application_get_learning:
 *
 * Returns: (transfer none) (nullable): the predictor and insights learned
 *   from the profile's results
 */
MsLearning *
ms_application_get_learning (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), NULL);

  return self->learning;
}
