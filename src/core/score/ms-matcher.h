/* ms-matcher.h — many words at once: an Aho–Corasick automaton over bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MsMatcher MsMatcher;

/* Called for every occurrence of every word, in order of end position; @values
 * are the values added with that word (several rules may share a word). */
typedef void (*MsMatchFunc) (gsize          start,
                             gsize          end,
                             const guint32 *values,
                             guint          n_values,
                             gpointer       user_data);

MsMatcher *ms_matcher_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void       ms_matcher_free     (MsMatcher       *self);
void       ms_matcher_add      (MsMatcher       *self,
                                const char      *word,
                                guint32          value);
void       ms_matcher_compile  (MsMatcher       *self);
guint      ms_matcher_get_n_words  (const MsMatcher *self);
guint      ms_matcher_get_n_states (const MsMatcher *self);
void       ms_matcher_scan     (const MsMatcher *self,
                                const char      *text,
                                gsize            length,
                                MsMatchFunc      func,
                                gpointer         user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsMatcher, ms_matcher_free)

G_END_DECLS
