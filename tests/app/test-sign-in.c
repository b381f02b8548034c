/* test-sign-in.c — the sign-in dialog keeps what was typed until the server says yes
 *
 * Against the real msgscore-server on 127.0.0.1: a sign-in to an account
 * that does not exist is refused inside the dialog (it stays open, says why,
 * keeps the fields); creating the account from the same dialog closes it
 * and signs the app in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-sign-in-dialog.h"

static MsApplication *app;
static MsAppServer server;

static MsSignInDialog *
find_dialog (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MS_IS_SIGN_IN_DIALOG (l->data))
      return l->data;
  return NULL;
}

static gpointer
dialog_child (MsSignInDialog *dialog,
              const char     *name)
{
  return ms_test_child (dialog, MS_TYPE_SIGN_IN_DIALOG, name);
}

static void
test_refusal_keeps_the_dialog (void)
{
  MsSignInDialog *dialog;
  GtkWidget *sign_in, *create;
  GtkLabel *error_label;

  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-in", NULL);
  ms_test_flush ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  sign_in = dialog_child (dialog, "sign_in_button");
  create = dialog_child (dialog, "create_button");
  error_label = dialog_child (dialog, "error_label");

  /* Nothing to send until email and password are there. */
  g_assert_false (gtk_widget_get_sensitive (sign_in));
  gtk_editable_set_text (dialog_child (dialog, "email_row"), "nobody@example.jp");
  gtk_editable_set_text (dialog_child (dialog, "password_row"), "correct horse battery staple");
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  /* No such account: refused inside the dialog. */
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_true (ms_sign_in_dialog_get_busy (dialog));
  g_assert_false (gtk_widget_get_sensitive (sign_in));
  ms_test_wait_until (!ms_sign_in_dialog_get_busy (dialog));
  g_assert_true (find_dialog () == dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpuint (strlen (gtk_label_get_text (error_label)), >, 10);
  g_assert_cmpstr (ms_sign_in_dialog_get_email (dialog), ==, "nobody@example.jp");
  g_assert_cmpstr (ms_sign_in_dialog_get_password (dialog), ==, "correct horse battery staple");
  g_assert_true (gtk_widget_get_sensitive (sign_in));
  g_assert_null (ms_sync_client_get_email (ms_test_get_sync_client (app)));

  /* The same fields create the account: the dialog closes, signed in. */
  gtk_editable_set_text (dialog_child (dialog, "name_row"), "山田太郎");
  g_signal_emit_by_name (create, "clicked");
  ms_test_wait_until (find_dialog () == NULL);
  g_assert_cmpstr (ms_sync_client_get_email (ms_test_get_sync_client (app)), ==,
                   "nobody@example.jp");
}

/* Closing the dialog while the server answers is fine: the sign-in holds. */
static void
test_close_while_busy (void)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  MsSignInDialog *dialog;

  g_assert_nonnull (ms_sync_client_get_email (client));  /* from the test before */
  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-in", NULL);
  ms_test_flush ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (dialog_child (dialog, "email_row"), "nobody@example.jp");
  gtk_editable_set_text (dialog_child (dialog, "password_row"), "correct horse battery staple");
  g_signal_emit_by_name (dialog_child (dialog, "sign_in_button"), "clicked");
  g_assert_true (ms_sign_in_dialog_get_busy (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  ms_test_wait_until (find_dialog () == NULL);
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED);
  g_assert_cmpstr (ms_sync_client_get_email (client), ==, "nobody@example.jp");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* A blinking cursor checks that focus-out came; under a slow build (ASan)
   * its timer can run between the focus moving and focus-out arriving. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/account/refusal-keeps-the-dialog", test_refusal_keeps_the_dialog);
  g_test_add_func ("/ms/app/account/close-while-busy", test_close_while_busy);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
