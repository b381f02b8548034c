/* ms-server-template.h — the server's HTML templates (resources/server/)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A template's text, or one block of a file of parts: "share-parts.html#axis"
 * is what stands between "<!-- block axis -->" and "<!-- end -->" there.
 * NULL for a name that is not there. */
const char *ms_server_template_get        (const char  *name);

/* Appends @name filled in: {{key}} takes the value of @key HTML-escaped,
 * {{{key}}} as it is (HTML this server made from escaped parts). @pairs are
 * key, value, …, NULL; a key without a value is left empty. */
void        ms_server_template_append     (GString     *out,
                                           const char  *name,
                                           ...) G_GNUC_NULL_TERMINATED;
void        ms_server_template_append_v   (GString     *out,
                                           const char  *name,
                                           const char * const *pairs);
/* Appends @text with &, <, >, " and ' escaped. */
void        ms_server_html_append_escaped (GString     *out,
                                           const char  *text,
                                           gssize       length);
/* The stylesheet the pages link to (resources/server/share.css). */
GBytes     *ms_server_template_get_bytes  (const char  *name);

G_END_DECLS
