/* ms-server-backends.h — the one place that chooses a storage backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

MsServerStorage *ms_server_storage_open (const char  *db,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
