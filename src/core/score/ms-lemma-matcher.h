/* ms-lemma-matcher.h — rules on words as MeCab reads them, not on strings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "text/ms-tokenizer.h"

G_BEGIN_DECLS

typedef struct _MsLemmaMatcher MsLemmaMatcher;

/* A match: tokens [first, last] of the scanned text. */
typedef void (*MsLemmaMatchFunc) (guint    value,
                                  guint    first,
                                  guint    last,
                                  gpointer user_data);

gboolean        ms_lemma_pattern_validate (const char      *pattern,
                                           GError         **error);
MsLemmaMatcher *ms_lemma_matcher_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void            ms_lemma_matcher_free     (MsLemmaMatcher  *self);
gboolean        ms_lemma_matcher_add      (MsLemmaMatcher  *self,
                                           const char      *pattern,
                                           guint            value,
                                           GError         **error);
void            ms_lemma_matcher_compile  (MsLemmaMatcher  *self);
guint           ms_lemma_matcher_get_n_patterns (const MsLemmaMatcher *self);
guint           ms_lemma_matcher_get_n_words    (const MsLemmaMatcher *self);
void            ms_lemma_matcher_scan     (const MsLemmaMatcher *self,
                                           const MsTokens       *tokens,
                                           MsLemmaMatchFunc      func,
                                           gpointer              user_data);
char          **ms_lemma_lexicon_get_words (const char     *name,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsLemmaMatcher, ms_lemma_matcher_free)

G_END_DECLS
