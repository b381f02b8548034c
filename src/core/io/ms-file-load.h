/* ms-file-load.h — a file's bytes, read fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *ms_file_load_contents (GFile         *file,
                             GCancellable  *cancellable,
                             gsize         *length,
                             GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
