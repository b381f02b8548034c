/* ms-team-join-dialog.c — the dialog to join a team with an invitation code
 *
 * An owner sends the code the Team page showed them (by mail or chat), so
 * what arrives may be the bare code or a line or link with the code at its
 * end; the dialog takes the last run of code characters (base64url, as
 * README-sync.md's invites are) and only enables Join when there is one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-team-join-dialog.h"

/* An invitation token is 32 random bytes in base64url: 43 characters. */
#define MIN_CODE_LENGTH 32

static gboolean
is_code_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/**
 * ms_team_join_parse_code:
 * @text: what the user pasted or typed
 *
 * Returns: (transfer full) (nullable): the invitation code at the end of
 *   @text, or %NULL when there is none
 */
char *
ms_team_join_parse_code (const char *text)
{
  const char *end, *start;

  g_return_val_if_fail (text != NULL, NULL);

  end = text + strlen (text);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  start = end;
  while (start > text && is_code_char (start[-1]))
    start--;
  if (end - start < MIN_CODE_LENGTH)
    return NULL;
  return g_strndup (start, end - start);
}

static void
on_code_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *code = ms_team_join_parse_code (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "join", code != NULL);
}

/**
 * ms_team_join_dialog_new:
 *
 * Returns: (transfer floating): a dialog with the responses "cancel" and
 *   "join"; read the code with ms_team_join_dialog_dup_code()
 */
AdwMessageDialog *
ms_team_join_dialog_new (GtkWindow *parent)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Join a Team"),
                                                       _("Paste the invitation code a team "
                                                         "owner sent you.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Invitation Code"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Invitation Code"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "join", _("_Join"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "join", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "join", FALSE);
  adw_message_dialog_set_default_response (dialog, "join");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), "code-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_code_changed_cb), dialog);
  return dialog;
}

/**
 * ms_team_join_dialog_dup_code:
 *
 * Returns: (transfer full) (nullable): the code entered, if any
 */
char *
ms_team_join_dialog_dup_code (AdwMessageDialog *dialog)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "code-entry");

  g_return_val_if_fail (entry != NULL, NULL);
  return ms_team_join_parse_code (gtk_editable_get_text (entry));
}
