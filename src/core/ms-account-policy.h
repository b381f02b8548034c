/* ms-account-policy.h — what an account's email and password must be
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_ACCOUNT_ERROR (ms_account_error_quark ())

typedef enum
{
  MS_ACCOUNT_ERROR_EMAIL,      /* not an email address we accept */
  MS_ACCOUNT_ERROR_PASSWORD,   /* not a password we accept for a new account */
} MsAccountError;

#define MS_PASSWORD_MIN_CHARS 8
#define MS_PASSWORD_MAX_BYTES 1024

GQuark    ms_account_error_quark     (void);
char     *ms_account_normalize_email (const char  *email,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean  ms_account_check_password  (const char  *password,
                                      const char  *email,
                                      GError     **error);

G_END_DECLS
