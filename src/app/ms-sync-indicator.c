/* ms-sync-indicator.c — synced / syncing / offline / N changes waiting / error
 *
 * A header-bar button that watches the sync client and says, in a word and
 * an icon, where the profile's changes are; its popover gives the reason of
 * an error, when the last sync was, and Sync Now or Sign In.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-sync-indicator.h"

struct _MsSyncIndicator
{
  GtkWidget      parent_instance;

  MsSyncClient  *client;

  /* Template widgets */
  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkLabel      *details_label;
  GtkLabel      *last_synced_label;
  GtkWidget     *sync_now_button;
  GtkWidget     *sign_in_button;
};

G_DEFINE_FINAL_TYPE (MsSyncIndicator, ms_sync_indicator, GTK_TYPE_WIDGET)

static const char *
state_icon (MsSyncState state)
{
  switch (state)
    {
    case MS_SYNC_STATE_SYNCED: return "emblem-ok-symbolic";
    case MS_SYNC_STATE_SYNCING: return "emblem-synchronizing-symbolic";
    case MS_SYNC_STATE_OFFLINE: return "network-offline-symbolic";
    case MS_SYNC_STATE_WAITING: return "document-send-symbolic";
    case MS_SYNC_STATE_ERROR: return "dialog-warning-symbolic";
    case MS_SYNC_STATE_SIGNED_OUT:
    default: return "avatar-default-symbolic";
    }
}

static char *
state_text (MsSyncClient *client)
{
  MsSyncState state = ms_sync_client_get_state (client);
  guint pending = ms_sync_client_get_pending (client);

  switch (state)
    {
    case MS_SYNC_STATE_SIGNED_OUT:
      return g_strdup (_("Not signed in"));
    case MS_SYNC_STATE_SYNCED:
      return g_strdup (_("Synced"));
    case MS_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case MS_SYNC_STATE_OFFLINE:
      if (pending > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline · %u change waiting",
                                             "Offline · %u changes waiting", pending), pending);
      return g_strdup (_("Offline"));
    case MS_SYNC_STATE_WAITING:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting",
                                           "%u changes waiting", pending), pending);
    case MS_SYNC_STATE_ERROR:
    default:
      return g_strdup (_("Sync error"));
    }
}

static void
update (MsSyncIndicator *self)
{
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  MsSyncState state;
  gint64 last_synced;
  const char *error;

  if (self->client == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  state = ms_sync_client_get_state (self->client);
  text = state_text (self->client);
  error = ms_sync_client_get_last_error (self->client);
  last_synced = ms_sync_client_get_last_synced (self->client);

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_image_set_from_icon_name (self->icon, state_icon (state));
  gtk_label_set_label (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

  gtk_label_set_label (self->details_label,
                       state == MS_SYNC_STATE_SIGNED_OUT ?
                       _("Sign in to keep history, NG words and presets on every computer. "
                         "Everything works offline too.") :
                       error != NULL ? error : text);

  if (last_synced > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last_synced / G_USEC_PER_SEC);
      g_autofree char *formatted = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      /* Translators: %s is a date and time */
      last = g_strdup_printf (_("Last synced %s"), formatted);
    }
  gtk_label_set_label (self->last_synced_label, last != NULL ? last : "");
  gtk_widget_set_visible (GTK_WIDGET (self->last_synced_label), last != NULL);

  gtk_widget_set_visible (self->sign_in_button, state == MS_SYNC_STATE_SIGNED_OUT);
  gtk_widget_set_visible (self->sync_now_button, state != MS_SYNC_STATE_SIGNED_OUT);
  gtk_widget_set_sensitive (self->sync_now_button, state != MS_SYNC_STATE_SYNCING);

  if (state == MS_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->label), "error");
}

static void
on_client_notify_cb (MsSyncIndicator *self)
{
  update (self);
}

static void
on_sync_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  /* Failures show in the client's state and last-error. */
  ms_sync_client_sync_finish (MS_SYNC_CLIENT (object), result, NULL);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MsSyncIndicator *self = MS_SYNC_INDICATOR (widget);

  gtk_menu_button_popdown (self->button);
  if (self->client != NULL)
    ms_sync_client_sync_async (self->client, NULL, on_sync_done_cb, NULL);
}

static void
ms_sync_indicator_dispose (GObject *object)
{
  MsSyncIndicator *self = MS_SYNC_INDICATOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SYNC_INDICATOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ms_sync_indicator_parent_class)->dispose (object);
}

static void
ms_sync_indicator_class_init (MsSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/ms-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, details_label);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, last_synced_label);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, MsSyncIndicator, sign_in_button);

  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncindicator");
}

static void
ms_sync_indicator_init (MsSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * ms_sync_indicator_set_client:
 * @client: (nullable): the profile's sync client; without one the indicator hides
 */
void
ms_sync_indicator_set_client (MsSyncIndicator *self,
                              MsSyncClient    *client)
{
  g_return_if_fail (MS_IS_SYNC_INDICATOR (self));

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, on_client_notify_cb, self);

  g_set_object (&self->client, client);
  if (client != NULL)
    {
      const char *properties[] = { "notify::state", "notify::pending", "notify::last-error",
                                   "notify::last-synced" };

      for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
        g_signal_connect_object (client, properties[i], G_CALLBACK (on_client_notify_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  update (self);
}

/**
 * ms_sync_indicator_get_text:
 *
 * Returns: what the indicator says now, e.g. “2 changes waiting”
 */
const char *
ms_sync_indicator_get_text (MsSyncIndicator *self)
{
  g_return_val_if_fail (MS_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->label);
}
