/* ms-private-file.h — database files only their owner can read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ms_private_file_prepare_database (const char  *path,
                                           GError     **error);

G_END_DECLS
