/* ms-share-flow.c — 「共有リンクを作成」 from a saved scoring, and the list of
 * the account's share links
 *
 * Sharing uploads the saved scoring (its message and result, and the sender
 * name the previews show) through the sync client; the answer's address is
 * shown once, with a button that copies it. The list asks the server for
 * the account's links, with views, expiry and state, and revokes one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-app"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "store/ms-history-repository.h"
#include "sync/ms-sync-client.h"
#include "ms-share-flow.h"

typedef struct
{
  GtkWidget *widget;    /* the page that asked, for its window and toasts */
  MsContext *context;
} Flow;

static void
flow_free (Flow *flow)
{
  g_clear_object (&flow->widget);
  g_clear_object (&flow->context);
  g_free (flow);
}

static GtkWindow *
window_of (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (GtkWidget    *widget,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (window_of (widget), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_link_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "url");

  if (g_strcmp0 (response, "copy") == 0 && url != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), url);
}

static void
show_link (GtkWidget  *widget,
           JsonObject *link)
{
  const char *url = json_object_get_string_member (link, "url");
  gint64 expires_at = json_object_get_int_member_with_default (link, "expires_at", 0);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (expires_at / G_USEC_PER_SEC);
  g_autofree char *day = expires != NULL ? g_date_time_format (expires, "%x") : g_strdup ("");
  /* Translators: %s is a date; the link is shown once, so copy it now */
  g_autofree char *body = g_strdup_printf (_("Anyone with this link can see the scoring until "
                                             "%s, without an account. Copy it now: it is shown "
                                             "only once."), day);
  GtkWidget *dialog = adw_message_dialog_new (window_of (widget), _("Share Link Created"), body);
  GtkWidget *label = gtk_label_new (url);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_name (label, "share-url");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("_Copy Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  g_object_set_data_full (G_OBJECT (dialog), "url", g_strdup (url), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_link_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = ms_sync_client_create_share_finish (MS_SYNC_CLIENT (source),
                                                                   result, &error);

  if (link == NULL)
    show_error (flow->widget, _("Could Not Create the Share Link"), error);
  else
    show_link (flow->widget, link);
  flow_free (flow);
}

/**
 * ms_share_flow_share_scoring:
 * @widget: the page asking (its window shows the answer)
 * @history_id: a saved scoring's id
 *
 * Makes a share link of a saved scoring and shows it.
 */
void
ms_share_flow_share_scoring (GtkWidget  *widget,
                             MsContext  *context,
                             const char *history_id)
{
  g_autoptr(MsHistoryRepository) history = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sender = NULL;
  MsSyncClient *client = ms_context_get_sync_client (context);
  Flow *flow;

  if (client == NULL || !ms_sync_client_get_signed_in (client))
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Sign in to share scorings: the link is on the MsgScore server."));
      return show_error (widget, _("Could Not Create the Share Link"), error);
    }
  history = ms_history_repository_new (ms_context_get_store (context));
  if ((message = ms_history_repository_load_message (history, history_id, &error)) == NULL ||
      (result = ms_history_repository_load_result (history, history_id, &error)) == NULL)
    return show_error (widget, _("Could Not Create the Share Link"), error);

  sender = g_settings_get_string (ms_context_get_settings (context), "sender-name");
  g_strstrip (sender);
  if (*sender == '\0')
    {
      g_free (sender);
      /* Translators: the sender shown in previews until one is set in Preferences */
      sender = g_strdup (_("Your Brand"));
    }
  flow = g_new0 (Flow, 1);
  flow->widget = g_object_ref (widget);
  flow->context = g_object_ref (context);
  ms_sync_client_create_share_async (client, history_id, message, result, sender, 0, NULL,
                                     on_created_cb, flow);
}

/* ---- The list of links ---------------------------------------------------- */

typedef struct
{
  GtkWindow   *window;
  GtkListBox  *list;
  GtkWidget   *status;
  MsContext   *context;
  GCancellable *cancellable;   /* cancelled when the window goes */
} Links;

static void refresh_links (Links *links);

static void
links_free (gpointer data)
{
  Links *links = data;

  g_cancellable_cancel (links->cancellable);
  g_clear_object (&links->cancellable);
  g_clear_object (&links->context);
  g_free (links);
}

static char *
describe_link (JsonObject *link)
{
  const char *state = json_object_get_string_member_with_default (link, "state", "");
  gint64 views = json_object_get_int_member_with_default (link, "views", 0);
  gint64 expires_at = json_object_get_int_member_with_default (link, "expires_at", 0);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_local (expires_at / G_USEC_PER_SEC);
  g_autofree char *day = expires != NULL ? g_date_time_format (expires, "%x") : g_strdup ("");
  /* Translators: how often a share link was opened */
  g_autofree char *seen = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d view", "%d views",
                                                        (gulong) views), (int) views);

  if (g_str_equal (state, "revoked"))
    /* Translators: %s is "N views" */
    return g_strdup_printf (_("%s · Stopped"), seen);
  if (g_str_equal (state, "expired"))
    /* Translators: %s is "N views", %s a date */
    return g_strdup_printf (_("%s · Expired on %s"), seen, day);
  /* Translators: %s is "N views", %s a date */
  return g_strdup_printf (_("%s · Open until %s"), seen, day);
}

static void
on_revoked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Links *links = user_data;
  g_autoptr(GError) error = NULL;

  if (!ms_sync_client_revoke_share_finish (MS_SYNC_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    show_error (GTK_WIDGET (links->window), _("Could Not Stop the Share Link"), error);
  refresh_links (links);
}

static void
on_revoke_clicked_cb (GtkButton *button,
                      Links     *links)
{
  const char *id = g_object_get_data (G_OBJECT (button), "link-id");
  MsSyncClient *client = ms_context_get_sync_client (links->context);

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  ms_sync_client_revoke_share_async (client, id, links->cancellable, on_revoked_cb, links);
}

static GtkWidget *
link_row (Links      *links,
          JsonObject *link)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_link (link);
  const char *title = json_object_get_string_member_with_default (link, "title", "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *title != '\0' ? title
                                                                          : _("Untitled"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (g_strcmp0 (json_object_get_string_member_with_default (link, "state", ""), "active") == 0)
    {
      GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop Sharing"));

      gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (stop, "destructive-action");
      g_object_set_data_full (G_OBJECT (stop), "link-id",
                              g_strdup (json_object_get_string_member (link, "id")), g_free);
      g_signal_connect (stop, "clicked", G_CALLBACK (on_revoke_clicked_cb), links);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), stop);
    }
  return row;
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Links *links = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = ms_sync_client_list_shares_finish (MS_SYNC_CLIENT (source), result,
                                                               &error);
  JsonArray *array = o != NULL && json_object_has_member (o, "links")
                     ? json_object_get_array_member (o, "links") : NULL;
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (links->list))) != NULL)
    gtk_list_box_remove (links->list, child);
  if (o == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (links->status), error->message);
      gtk_widget_set_visible (links->status, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (links->list), FALSE);
      return;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (links->list, link_row (links, json_node_get_object (node)));
    }
  adw_status_page_set_description (ADW_STATUS_PAGE (links->status),
                                   _("Share a saved scoring from History to see it here."));
  gtk_widget_set_visible (links->status, array == NULL || json_array_get_length (array) == 0);
  gtk_widget_set_visible (GTK_WIDGET (links->list), !gtk_widget_get_visible (links->status));
}

static void
refresh_links (Links *links)
{
  MsSyncClient *client = ms_context_get_sync_client (links->context);

  if (client == NULL)
    return;
  ms_sync_client_list_shares_async (client, links->cancellable, on_listed_cb, links);
}

/**
 * ms_share_flow_present_links:
 *
 * Shows the account's share links, with their views, and lets each be
 * stopped.
 */
void
ms_share_flow_present_links (GtkWidget *widget,
                             MsContext *context)
{
  Links *links = g_new0 (Links, 1);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = adw_header_bar_new ();

  links->window = GTK_WINDOW (window);
  links->context = g_object_ref (context);
  links->cancellable = g_cancellable_new ();
  links->list = GTK_LIST_BOX (gtk_list_box_new ());
  links->status = adw_status_page_new ();
  g_object_set_data_full (G_OBJECT (window), "ms-share-links", links, links_free);

  gtk_window_set_title (GTK_WINDOW (window), _("Share Links"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), window_of (widget));
  gtk_list_box_set_selection_mode (links->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (links->list), "boxed-list");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (links->status), "emblem-shared-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (links->status), _("No Share Links"));
  gtk_widget_set_visible (links->status, FALSE);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (links->list));
  gtk_box_append (GTK_BOX (inner), links->status);
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  refresh_links (links);
  gtk_window_present (GTK_WINDOW (window));
}
