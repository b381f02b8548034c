/* ms-server-hasher.h — Argon2id on a few worker threads, never on the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-server-auth.h"

G_BEGIN_DECLS

#define MS_TYPE_SERVER_HASHER (ms_server_hasher_get_type ())

G_DECLARE_FINAL_TYPE (MsServerHasher, ms_server_hasher, MS, SERVER_HASHER, GObject)

MsServerHasher *ms_server_hasher_new           (guint                 max_threads,
                                                guint                 max_waiting,
                                                MsPwhashCost          cost) G_GNUC_WARN_UNUSED_RESULT;
void            ms_server_hasher_hash_async    (MsServerHasher       *self,
                                                const char           *password,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char           *ms_server_hasher_hash_finish   (MsServerHasher       *self,
                                                GAsyncResult         *result,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void            ms_server_hasher_verify_async  (MsServerHasher       *self,
                                                const char           *hash,
                                                const char           *password,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        ms_server_hasher_verify_finish (MsServerHasher       *self,
                                                GAsyncResult         *result,
                                                gboolean             *verified,
                                                GError              **error);
guint           ms_server_hasher_get_max_threads (MsServerHasher     *self);

G_END_DECLS
