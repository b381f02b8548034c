/* ms-token-store.h — where the sign-in tokens are kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_TOKEN_STORE (ms_token_store_get_type ())

G_DECLARE_FINAL_TYPE (MsTokenStore, ms_token_store, MS, TOKEN_STORE, GObject)

/* The environment variable that chooses the store: "keyring" (the default),
 * "memory" or "file:PATH". */
#define MS_TOKEN_STORE_ENV "MSGSCORE_TOKEN_STORE"

MsTokenStore *ms_token_store_new_keyring   (void) G_GNUC_WARN_UNUSED_RESULT;
MsTokenStore *ms_token_store_new_memory    (void) G_GNUC_WARN_UNUSED_RESULT;
MsTokenStore *ms_token_store_new_file      (const char    *path) G_GNUC_WARN_UNUSED_RESULT;
MsTokenStore *ms_token_store_new_for_spec  (const char    *spec,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
MsTokenStore *ms_token_store_new_default   (GError       **error) G_GNUC_WARN_UNUSED_RESULT;
const char   *ms_token_store_get_kind      (MsTokenStore  *self);
char         *ms_token_store_lookup        (MsTokenStore  *self,
                                            const char    *server,
                                            const char    *client_id,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      ms_token_store_save          (MsTokenStore  *self,
                                            const char    *server,
                                            const char    *client_id,
                                            const char    *secret,
                                            GError       **error);
gboolean      ms_token_store_clear         (MsTokenStore  *self,
                                            const char    *server,
                                            const char    *client_id,
                                            GError       **error);

G_END_DECLS
