/* ms-application.c — the application: its context, actions, colour scheme
 *
 * The application owns the MsContext (settings, store, learning, sync) that
 * its windows receive, and the app-wide actions: sign in and out,
 * preferences, about, quit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-application.h"
#include "ms-core.h"
#include "ms-preferences-window.h"
#include "ms-sign-in-dialog.h"
#include "ms-window.h"

#define SETTINGS_SCHEMA_ID "io.github.msgscore.MsgScore"

struct _MsApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  MsContext      *context;       /* from startup on */
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
  MsPreferencesWindow *preferences = ms_preferences_window_new (self->context);

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

/* ---- Account ----------------------------------------------------------------- */

static void
show_message (MsApplication *self,
              const char    *heading,
              const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                              heading, body);

  gtk_widget_set_name (dialog, "account-message");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The sign-in dialog stays open, with what was typed, until the server
 * says yes; a refusal is said inside it. */
static void
finish_account_request (MsSignInDialog *dialog,
                        gboolean        ok,
                        const GError   *error)
{
  /* Closed meanwhile: a sign-in that went through still holds. */
  if (!gtk_widget_get_realized (GTK_WIDGET (dialog)))
    return;
  if (ok)
    gtk_window_destroy (GTK_WINDOW (dialog));
  else
    ms_sign_in_dialog_show_error (dialog, error->message);
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsSignInDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (object), result, &error);

  finish_account_request (dialog, ok, error);
}

static void
on_signed_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MsSignInDialog) dialog = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (object), result, &error);

  finish_account_request (dialog, ok, error);
}

static void
on_sign_in_submit_cb (MsSignInDialog *dialog,
                      gboolean        create,
                      MsApplication  *self)
{
  g_autofree char *server = ms_sign_in_dialog_dup_server (dialog);
  const char *email = ms_sign_in_dialog_get_email (dialog);
  const char *password = ms_sign_in_dialog_get_password (dialog);
  MsSyncClient *sync;

  g_settings_set_string (self->settings, "server-url", server);
  if (!ms_context_use_server (self->context, server))
    {
      ms_sign_in_dialog_show_error (dialog,
                                    _("No keyring is available to keep the sign-in safe. Start "
                                      "GNOME Keyring (or another Secret Service) and try again."));
      return;
    }

  sync = ms_context_get_sync_client (self->context);
  ms_sign_in_dialog_set_busy (dialog, TRUE);
  if (create)
    ms_sync_client_sign_up_async (sync, email, password, ms_sign_in_dialog_get_name (dialog), NULL,
                                  on_signed_up_cb, g_object_ref (dialog));
  else
    ms_sync_client_sign_in_async (sync, email, password, NULL, on_signed_in_cb,
                                  g_object_ref (dialog));
}

static void
sign_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MsApplication *self = user_data;
  g_autofree char *server = ms_context_dup_server_url (self->context);
  MsSignInDialog *dialog;

  dialog = ms_sign_in_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                  server);
  g_signal_connect_object (dialog, "submit", G_CALLBACK (on_sign_in_submit_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_sign_out_finish (MS_SYNC_CLIENT (object), result, &error))
    show_message (self, _("Could Not Sign Out"), error->message);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MsApplication *self = user_data;
  MsSyncClient *sync = ms_context_get_sync_client (self->context);

  if (sync != NULL)
    ms_sync_client_sign_out_async (sync, NULL, on_signed_out_cb, g_object_ref (self));
}

static const GActionEntry app_actions[] = {
  { "sign-in", sign_in_action },
  { "sign-out", sign_out_action },
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
  self->context = ms_context_new (self->settings, g_getenv ("MSGSCORE_PROFILE_DIR"));

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

  if (self->context != NULL)
    ms_context_shutdown (self->context);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);

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

/**
 * ms_application_get_context:
 *
 * Returns: (transfer none): what the windows and pages share: settings,
 *   store, learning and sync (from startup on)
 */
MsContext *
ms_application_get_context (MsApplication *self)
{
  g_return_val_if_fail (MS_IS_APPLICATION (self), NULL);

  return self->context;
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
