/* ms-fold.h — orthographic variants folded to one form (data/text/variants.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gunichar    ms_fold_char       (gunichar     c);
void        ms_fold_kana       (GString     *out,
                                const char  *text,
                                gsize        length);
const char *ms_fold_word       (const char  *kana_folded,
                                gsize        length);

G_END_DECLS
