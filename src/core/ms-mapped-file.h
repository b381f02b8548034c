/* ms-mapped-file.h — give back the pages of read-only file mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *ms_mapped_file_get_dictionary_dir (void);
guint64     ms_mapped_file_release           (const char *dir);

G_END_DECLS
