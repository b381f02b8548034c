/* ms-invoice-list.c — a team's invoices, on its Team page
 *
 * For the team's owners: every invoice the server issued (qualified
 * invoices, 適格請求書), newest first, with its period, total and whether it
 * is paid, unpaid or overdue; each downloads as a PDF. Members see that the
 * owners have them. Built in code: its rows are the server's list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-invoice-list"

#include "config.h"

#include <glib/gi18n.h>

#include "billing/ms-billing.h"
#include "ms-invoice-list.h"

struct _MsInvoiceList
{
  GtkWidget      parent_instance;

  MsSyncClient  *client;
  char          *team;
  GCancellable  *cancellable;
  guint          n_invoices;
  gboolean       loading;

  GtkWidget     *group;
  GtkListBox    *list;
  GtkLabel      *note;
};

G_DEFINE_FINAL_TYPE (MsInvoiceList, ms_invoice_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (MsInvoiceList *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
clear_rows (MsInvoiceList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_invoices = 0;
}

static char *
describe_status (JsonObject *invoice)
{
  const char *status = json_object_get_string_member_with_default (invoice, "status", "");
  g_autofree char *total = ms_billing_format_yen (json_object_get_int_member_with_default (invoice,
                                                                                          "total",
                                                                                          0));
  const char *due = json_object_get_string_member_with_default (invoice, "due_on", "");

  if (g_str_equal (status, "paid"))
    /* Translators: an amount of yen */
    return g_strdup_printf (_("%s, paid"), total);
  if (g_str_equal (status, "corrected"))
    /* Translators: an amount of yen; a corrected invoice was replaced by a new one */
    return g_strdup_printf (_("%s, replaced by a corrected invoice"), total);
  if (g_str_equal (status, "overdue"))
    {
      gint64 days = json_object_get_int_member_with_default (invoice, "overdue_days", 0);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: an amount, then days */
                                           "%s, overdue by %d day",
                                           "%s, overdue by %d days", (gulong) days),
                              total, (int) days);
    }
  /* Translators: an amount of yen, then a date (YYYY-MM-DD) */
  return g_strdup_printf (_("%s, unpaid, due %s"), total, due);
}

/* ---- Saving a PDF -------------------------------------------------------- */

typedef struct
{
  MsInvoiceList *self;
  GFile         *file;
  GTask         *task;
} Save;

static void
on_downloaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = ms_sync_client_download_invoice_finish (MS_SYNC_CLIENT (source), result,
                                                                  &error);

  if (pdf == NULL ||
      !g_file_replace_contents (file, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL,
                                FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * ms_invoice_list_save_async:
 * @number: an invoice number of the list
 * @file: where the PDF goes
 */
void
ms_invoice_list_save_async (MsInvoiceList       *self,
                            const char          *number,
                            GFile               *file,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, user_data);

  g_return_if_fail (MS_IS_INVOICE_LIST (self));
  g_return_if_fail (G_IS_FILE (file));

  g_task_set_source_tag (task, ms_invoice_list_save_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  if (self->client == NULL || self->team == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Sign in to download the team’s invoices."));
      return;
    }
  ms_sync_client_download_invoice_async (self->client, self->team, number, self->cancellable,
                                         on_downloaded_cb, g_steal_pointer (&task));
}

gboolean
ms_invoice_list_save_finish (MsInvoiceList  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MsInvoiceList *self = MS_INVOICE_LIST (source);
  g_autoptr(GError) error = NULL;

  if (!ms_invoice_list_save_finish (self, result, &error))
    gtk_label_set_label (self->note, error->message);
  else
    gtk_label_set_label (self->note, _("Invoice saved"));
  gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(MsInvoiceList) self = user_data;
  const char *number = g_object_get_data (G_OBJECT (dialog), "number");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ms_invoice_list_save_async (self, number, file, on_saved_cb, NULL);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_download_clicked_cb (GtkButton     *button,
                        MsInvoiceList *self)
{
  const char *number = g_object_get_data (G_OBJECT (button), "number");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = g_strdup_printf ("%s.pdf", number);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save the Invoice"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "number", g_strdup (number), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- The list ------------------------------------------------------------ */

static void
on_invoices_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MsInvoiceList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = ms_sync_client_list_invoices_finish (MS_SYNC_CLIENT (source),
                                                                      result, &error);
  JsonArray *invoices;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  clear_rows (self);
  if (answer == NULL)
    {
      /* A plan without invoices says which plan has them. */
      gtk_label_set_label (self->note, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
      return;
    }
  invoices = json_object_get_array_member (answer, "invoices");
  for (guint i = 0; invoices != NULL && i < json_array_get_length (invoices); i++)
    {
      JsonObject *invoice = json_array_get_object_element (invoices, i);
      const char *number = json_object_get_string_member_with_default (invoice, "number", "");
      g_autofree char *title = g_strdup_printf ("%s · %s", number,
                                                json_object_get_string_member_with_default (invoice,
                                                                                            "period",
                                                                                            ""));
      g_autofree char *subtitle = describe_status (invoice);
      g_autofree char *escaped_title = g_markup_escape_text (title, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, number);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Download PDF"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Download PDF"), -1);
      g_object_set_data_full (G_OBJECT (button), "number", g_strdup (number), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_download_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->list, row);
      self->n_invoices++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_invoices > 0);
  gtk_label_set_label (self->note, self->n_invoices == 0
                                   ? _("No invoice yet: the first comes when the trial ends.")
                                   : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note), self->n_invoices == 0);
}

/**
 * ms_invoice_list_set_team:
 * @client: (nullable): the sync client, NULL when there is none
 * @team: (nullable): the team's tenant
 * @owner: whether the user owns it (only owners see invoices)
 */
void
ms_invoice_list_set_team (MsInvoiceList *self,
                          MsSyncClient  *client,
                          const char    *team,
                          gboolean       owner)
{
  g_return_if_fail (MS_IS_INVOICE_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->client, client);
  g_free (self->team);
  self->team = g_strdup (team);
  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
  if (team == NULL || client == NULL || !ms_sync_client_get_signed_in (client))
    {
      gtk_label_set_label (self->note, _("Sign in to see the team’s invoices."));
      set_loading (self, FALSE);
      return;
    }
  if (!owner)
    {
      gtk_label_set_label (self->note, _("The team’s owners receive its invoices."));
      set_loading (self, FALSE);
      return;
    }
  gtk_label_set_label (self->note, "");
  self->cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  ms_sync_client_list_invoices_async (client, team, self->cancellable, on_invoices_cb,
                                      g_object_ref (self));
}

guint
ms_invoice_list_get_n_invoices (MsInvoiceList *self)
{
  g_return_val_if_fail (MS_IS_INVOICE_LIST (self), 0);
  return self->n_invoices;
}

/**
 * ms_invoice_list_get_rows:
 *
 * Returns: (transfer none): the list of invoices: a row per invoice, named
 *   by its number
 */
GtkListBox *
ms_invoice_list_get_rows (MsInvoiceList *self)
{
  g_return_val_if_fail (MS_IS_INVOICE_LIST (self), NULL);
  return self->list;
}

const char *
ms_invoice_list_get_note (MsInvoiceList *self)
{
  g_return_val_if_fail (MS_IS_INVOICE_LIST (self), NULL);
  return gtk_label_get_label (self->note);
}

/* ---- GObject ------------------------------------------------------------- */

static void
ms_invoice_list_dispose (GObject *object)
{
  MsInvoiceList *self = MS_INVOICE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->group, gtk_widget_unparent);

  G_OBJECT_CLASS (ms_invoice_list_parent_class)->dispose (object);
}

static void
ms_invoice_list_finalize (GObject *object)
{
  g_free (MS_INVOICE_LIST (object)->team);
  G_OBJECT_CLASS (ms_invoice_list_parent_class)->finalize (object);
}

static void
ms_invoice_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, MS_INVOICE_LIST (object)->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_invoice_list_class_init (MsInvoiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_invoice_list_dispose;
  object_class->finalize = ms_invoice_list_finalize;
  object_class->get_property = ms_invoice_list_get_property;

  /**
   * MsInvoiceList:loading:
   *
   * Whether the list is being fetched.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "invoicelist");
}

static void
ms_invoice_list_init (MsInvoiceList *self)
{
  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Invoices"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Qualified invoices (適格請求書) of the team’s "
                                           "subscription, payable by bank transfer."));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Invoices"), -1);
  self->note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->note, TRUE);
  gtk_label_set_xalign (self->note, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->note), "dim-label");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), GTK_WIDGET (self->list));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), GTK_WIDGET (self->note));
  gtk_widget_set_parent (self->group, GTK_WIDGET (self));
}
