/* ms-sign-in-dialog.h — sign in to MsgScore, or create an account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MS_TYPE_SIGN_IN_DIALOG (ms_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MsSignInDialog, ms_sign_in_dialog, MS, SIGN_IN_DIALOG, AdwWindow)

MsSignInDialog *ms_sign_in_dialog_new          (GtkWindow      *parent,
                                                const char     *server);
char           *ms_sign_in_dialog_dup_server   (MsSignInDialog *self) G_GNUC_WARN_UNUSED_RESULT;
const char     *ms_sign_in_dialog_get_email    (MsSignInDialog *self);
const char     *ms_sign_in_dialog_get_password (MsSignInDialog *self);
const char     *ms_sign_in_dialog_get_name     (MsSignInDialog *self);
gboolean        ms_sign_in_dialog_get_busy     (MsSignInDialog *self);
void            ms_sign_in_dialog_set_busy     (MsSignInDialog *self,
                                                gboolean        busy);
void            ms_sign_in_dialog_show_error   (MsSignInDialog *self,
                                                const char     *message);

G_END_DECLS
