/* ms-text-search.h — the History search's SQL function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean _ms_text_search_register (sqlite3     *db,
                                   GError     **error);
gboolean _ms_text_contains        (const char  *haystack,
                                   gsize        haystack_len,
                                   const char  *needle,
                                   gsize        needle_len);

G_END_DECLS
