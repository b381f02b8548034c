/* ms-sign-in-dialog.c — sign in to MsgScore, or create an account
 *
 * A small modal window rather than a message dialog, so that a wrong
 * password or an unreachable server is said inside it, under the fields,
 * with everything typed still there: the user fixes one field and tries
 * again. The dialog only collects and shows; the application talks to the
 * server when the dialog emits ::submit, and calls
 * ms_sign_in_dialog_show_error() or closes it.
 *
 * While a request is out the fields and buttons are insensitive and a
 * spinner turns; Escape or the close button still closes the dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-sign-in-dialog.h"

struct _MsSignInDialog
{
  AdwWindow    parent_instance;

  AdwEntryRow *server_row;
  AdwEntryRow *email_row;
  AdwEntryRow *password_row;
  AdwEntryRow *name_row;
  GtkWidget   *fields;
  GtkLabel    *error_label;
  GtkWidget   *create_button;
  GtkWidget   *sign_in_button;
  GtkSpinner  *spinner;

  gboolean     busy;
};

enum {
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsSignInDialog, ms_sign_in_dialog, ADW_TYPE_WINDOW)

static void
update_buttons (MsSignInDialog *self)
{
  gboolean filled = *gtk_editable_get_text (GTK_EDITABLE (self->server_row)) != '\0' &&
                    *gtk_editable_get_text (GTK_EDITABLE (self->email_row)) != '\0' &&
                    *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';

  gtk_widget_set_sensitive (self->sign_in_button, filled && !self->busy);
  gtk_widget_set_sensitive (self->create_button, filled && !self->busy);
}

static void
on_field_changed_cb (MsSignInDialog *self)
{
  update_buttons (self);
}

static void
submit (MsSignInDialog *self,
        gboolean        create)
{
  if (self->busy || !gtk_widget_get_sensitive (self->sign_in_button))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[SUBMIT], 0, create);
}

static void
on_sign_in_clicked_cb (MsSignInDialog *self)
{
  submit (self, FALSE);
}

static void
on_create_clicked_cb (MsSignInDialog *self)
{
  submit (self, TRUE);
}

static void
ms_sign_in_dialog_class_init (MsSignInDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * MsSignInDialog::submit:
   * @create: TRUE to create an account, FALSE to sign in
   */
  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/msgscore/MsgScore/ui/"
                                               "ms-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, fields);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, MsSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ms_sign_in_dialog_init (MsSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_entry_row_set_input_purpose (self->email_row, GTK_INPUT_PURPOSE_EMAIL);
  update_buttons (self);
}

/**
 * ms_sign_in_dialog_new:
 * @server: the server URL to start with
 */
MsSignInDialog *
ms_sign_in_dialog_new (GtkWindow  *parent,
                       const char *server)
{
  MsSignInDialog *self = g_object_new (MS_TYPE_SIGN_IN_DIALOG,
                                       "transient-for", parent,
                                       "application", parent != NULL
                                                      ? gtk_window_get_application (parent)
                                                      : NULL,
                                       NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server != NULL ? server : "");
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  return self;
}

/**
 * ms_sign_in_dialog_dup_server:
 *
 * Returns: (transfer full): the server URL, without surrounding spaces
 */
char *
ms_sign_in_dialog_dup_server (MsSignInDialog *self)
{
  g_return_val_if_fail (MS_IS_SIGN_IN_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
}

const char *
ms_sign_in_dialog_get_email (MsSignInDialog *self)
{
  g_return_val_if_fail (MS_IS_SIGN_IN_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->email_row));
}

const char *
ms_sign_in_dialog_get_password (MsSignInDialog *self)
{
  g_return_val_if_fail (MS_IS_SIGN_IN_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->password_row));
}

const char *
ms_sign_in_dialog_get_name (MsSignInDialog *self)
{
  g_return_val_if_fail (MS_IS_SIGN_IN_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

gboolean
ms_sign_in_dialog_get_busy (MsSignInDialog *self)
{
  g_return_val_if_fail (MS_IS_SIGN_IN_DIALOG (self), FALSE);
  return self->busy;
}

/**
 * ms_sign_in_dialog_set_busy:
 *
 * While a request is out: the fields and buttons wait, a spinner turns.
 */
void
ms_sign_in_dialog_set_busy (MsSignInDialog *self,
                            gboolean        busy)
{
  g_return_if_fail (MS_IS_SIGN_IN_DIALOG (self));

  self->busy = busy;
  gtk_widget_set_sensitive (self->fields, !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  update_buttons (self);
}

/**
 * ms_sign_in_dialog_show_error:
 * @message: what went wrong and what to do, translated
 *
 * Ends the busy state, says why under the fields and puts the focus back
 * in the password, the field most often wrong.
 */
void
ms_sign_in_dialog_show_error (MsSignInDialog *self,
                              const char     *message)
{
  g_return_if_fail (MS_IS_SIGN_IN_DIALOG (self));
  g_return_if_fail (message != NULL);

  ms_sign_in_dialog_set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}
