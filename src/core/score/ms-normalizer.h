/* ms-normalizer.h — fold text to one form for matching, keeping a map back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The normalised form of one field: NFKC (full-width ASCII and half-width
 * kana folded, 「ｶﾞ」 composed to 「ガ」), ASCII lower-cased, the ideographic
 * space made a space, variant kanji folded (瘦 → 痩, data/text/variants.json). For every byte of @text, @orig_start and @orig_end give
 * the original code points it came from, so a match in the normalised text
 * maps back to a span of the original (GtkTextIter offsets). */
typedef struct
{
  char  *text;
  gsize  len;
  guint *orig_start;   /* [len + 1]; orig_start[len] == n_chars */
  guint *orig_end;     /* [len + 1] */
  guint  n_chars;      /* code points in the original */
  gsize  capacity;
} MsNormalized;

void  ms_normalized_init      (MsNormalized *self);
void  ms_normalized_clear     (MsNormalized *self);
void  ms_normalized_set_text  (MsNormalized *self,
                               const char   *text,
                               gssize        length);
void  ms_normalized_to_original (const MsNormalized *self,
                                 gsize               norm_start,
                                 gsize               norm_end,
                                 guint              *start,
                                 guint              *end);
char *ms_normalize_string     (const char   *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
