/* ms-api-keys-dialog.c — the active team's keys of the scoring API
 *
 * Owners of a Team Pro team make a key with a name; its secret ("msk_…") is
 * shown once, with a button that copies it: the server keeps only its hash.
 * The list shows each key's name, prefix, uses and last use, and revokes
 * one. Everything goes through the sync client (ms-sync-api-keys.c); the
 * server's refusals (not an owner, not Team Pro) are shown as it words them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-api-keys"

#include "config.h"

#include <glib/gi18n.h>

#include "store/ms-team-repository.h"
#include "sync/ms-sync-client.h"
#include "ms-api-keys-dialog.h"

struct _MsApiKeysDialog
{
  AdwWindow     parent_instance;

  MsContext    *context;
  char         *team;          /* "team:<uuid>" */
  GCancellable *cancellable;

  AdwPreferencesGroup *group;
  GtkListBox          *list;
  GtkWidget           *name_entry;
};

G_DEFINE_FINAL_TYPE (MsApiKeysDialog, ms_api_keys_dialog, ADW_TYPE_WINDOW)

static void refresh (MsApiKeysDialog *self);

static void
show_error (MsApiKeysDialog *self,
            const char      *heading,
            const GError    *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static MsSyncClient *
get_client (MsApiKeysDialog *self)
{
  return self->context != NULL ? ms_context_get_sync_client (self->context) : NULL;
}

/* ------------------------------------------------------------------------ */
/* The list                                                                  */

static char *
describe_key (JsonObject *key)
{
  JsonNode *revoked = json_object_get_member (key, "revoked_at");
  JsonNode *used = json_object_get_member (key, "last_used_at");
  gint64 uses = json_object_get_int_member_with_default (key, "uses", 0);
  const char *prefix = json_object_get_string_member_with_default (key, "prefix", "");
  g_autofree char *last = NULL;

  if (revoked != NULL && !JSON_NODE_HOLDS_NULL (revoked))
    /* Translators: %s is the start of a revoked key, such as msk_AbCd */
    return g_strdup_printf (_("%s… · Revoked"), prefix);
  if (used == NULL || JSON_NODE_HOLDS_NULL (used))
    /* Translators: %s is the start of a key, such as msk_AbCd */
    return g_strdup_printf (_("%s… · Not used yet"), prefix);
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (json_node_get_int (used) /
                                                                 G_USEC_PER_SEC);

    /* Translators: when an API key was last used (g_date_time_format) */
    last = when != NULL ? g_date_time_format (when, _("%b %-d, %Y %H:%M")) : g_strdup ("");
  }
  /* Translators: the start of a key, how many requests it made, when it was last used */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s… · %u request · last used %s",
                                       "%s… · %u requests · last used %s", (gulong) uses),
                          prefix, (guint) MIN (uses, G_MAXUINT), last);
}

static GtkWidget *
new_key_row (JsonObject *key)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_key (key);
  JsonNode *revoked = json_object_get_member (key, "revoked_at");
  const char *id = json_object_get_string_member_with_default (key, "id", "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 json_object_get_string_member_with_default (key, "name", ""));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, id);
  if (revoked == NULL || JSON_NODE_HOLDS_NULL (revoked))
    {
      GtkWidget *button = gtk_button_new_with_label (_("Revoke"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "keys.revoke");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
clear_list (MsApiKeysDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsApiKeysDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = ms_sync_client_list_api_keys_finish (MS_SYNC_CLIENT (source),
                                                                 result, &error);
  JsonArray *keys;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  clear_list (self);
  if (o == NULL)
    {
      adw_preferences_group_set_description (self->group, error->message);
      return;
    }
  keys = json_object_get_array_member (o, "keys");
  for (guint i = 0; i < json_array_get_length (keys); i++)
    gtk_list_box_append (self->list, new_key_row (json_array_get_object_element (keys, i)));
}

static void
refresh (MsApiKeysDialog *self)
{
  MsSyncClient *client = get_client (self);

  if (client == NULL || self->team == NULL)
    return;
  ms_sync_client_list_api_keys_async (client, self->team, self->cancellable, on_listed_cb,
                                      g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Creating and revoking                                                     */

static void
on_secret_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  const char *secret = g_object_get_data (G_OBJECT (dialog), "secret");

  if (g_strcmp0 (response, "copy") == 0 && secret != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), secret);
}

/* The secret, this once. */
static void
show_secret (MsApiKeysDialog *self,
             const char      *secret)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("API Key Created"),
                                              _("Copy the key now: it is shown only once. "
                                                "Send it as “Authorization: Bearer KEY” to "
                                                "POST /v1/score."));
  GtkWidget *label = gtk_label_new (secret);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_name (label, "api-key-secret");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("_Copy Key"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  g_object_set_data_full (G_OBJECT (dialog), "secret", g_strdup (secret), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_secret_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsApiKeysDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = ms_sync_client_create_api_key_finish (MS_SYNC_CLIENT (source),
                                                                  result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (o == NULL)
    return show_error (self, _("Could Not Create the API Key"), error);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  show_secret (self, json_object_get_string_member (o, "key"));
  refresh (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsApiKeysDialog *self = MS_API_KEYS_DIALOG (widget);
  MsSyncClient *client = get_client (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (
                                                  self->name_entry))));

  if (client == NULL || self->team == NULL || *name == '\0')
    return;
  ms_sync_client_create_api_key_async (client, self->team, name, self->cancellable,
                                       on_created_cb, g_object_ref (self));
}

static void
on_revoked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsApiKeysDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_revoke_api_key_finish (MS_SYNC_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Revoke the API Key"), error);
      return;
    }
  refresh (self);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsApiKeysDialog *self = MS_API_KEYS_DIALOG (widget);
  MsSyncClient *client = get_client (self);

  if (client == NULL || self->team == NULL)
    return;
  ms_sync_client_revoke_api_key_async (client, self->team, g_variant_get_string (parameter, NULL),
                                       self->cancellable, on_revoked_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
ms_api_keys_dialog_dispose (GObject *object)
{
  MsApiKeysDialog *self = MS_API_KEYS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->team, g_free);
  G_OBJECT_CLASS (ms_api_keys_dialog_parent_class)->dispose (object);
}

static void
ms_api_keys_dialog_class_init (MsApiKeysDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ms_api_keys_dialog_dispose;
  gtk_widget_class_install_action (widget_class, "keys.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "keys.revoke", "s", revoke_action);
}

static void
on_name_activate_cb (MsApiKeysDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "keys.create", NULL);
}

static GtkWidget *
build_create_row (MsApiKeysDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("C_reate Key"));

  self->name_entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->name_entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->name_entry),
                                  _("What the key is for, such as “CRM nightly check”"));
  gtk_entry_set_max_length (GTK_ENTRY (self->name_entry), 100);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "keys.create");
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (self->name_entry, "activate", G_CALLBACK (on_name_activate_cb),
                            self);
  gtk_box_append (GTK_BOX (box), self->name_entry);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
ms_api_keys_dialog_init (MsApiKeysDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *create_group = adw_preferences_group_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Scoring API Keys"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_box_append (GTK_BOX (toolbar), adw_header_bar_new ());

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (create_group), _("New Key"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (create_group),
                                         _("Your systems score messages with POST /v1/score and "
                                           "a key: the same result as the app, with the team’s "
                                           "rules."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (create_group), build_create_row (self));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (create_group));

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("The Team’s Keys"));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  adw_preferences_group_add (self->group, GTK_WIDGET (self->list));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->group);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

/**
 * ms_api_keys_dialog_present:
 * @parent: the window asking
 *
 * Shows the keys of the active team.
 */
void
ms_api_keys_dialog_present (GtkWindow *parent,
                            MsContext *context)
{
  MsApiKeysDialog *self = g_object_new (MS_TYPE_API_KEYS_DIALOG, "transient-for", parent, NULL);
  MsStore *store = ms_context_get_store (context);

  self->context = g_object_ref (context);
  self->team = store != NULL ? ms_store_dup_active_team (store) : NULL;
  if (self->team == NULL)
    adw_preferences_group_set_description (self->group,
                                           _("Create or join a team on the Team page first."));
  refresh (self);
  gtk_window_present (GTK_WINDOW (self));
}
