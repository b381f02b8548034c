/* ms-text.h — counting what a reader sees in a piece of text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_TEXT_ERROR (ms_text_error_quark ())

typedef enum
{
  MS_TEXT_ERROR_INVALID_UTF8,
} MsTextError;

/* What the counter panel, the CLI and the scorer report for one field.
 *
 * characters:  user-perceived characters (extended grapheme clusters): an emoji
 *              ZWJ sequence, a flag, a skin-toned emoji, a base letter with its
 *              combining marks and a half-width kana with its voicing mark each
 *              count once; CR LF counts once.
 * cells:       display width, full-width (East Asian Wide/Fullwidth, emoji) = 2;
 *              East Asian Ambiguous symbols from U+2000 up (…, ※, ★, ①) are
 *              drawn full-width by Japanese fonts and count 2; line breaks 0.
 * lines:       line separators + 1 for non-empty text (a trailing newline
 *              opens a new, empty line, as in the editor); 0 for empty text.
 * emoji:       clusters drawn as emoji (emoji presentation by default or via
 *              U+FE0F, flags, keycaps).
 * utf16_units: UTF-16 code units, what the LINE Messaging API counts.
 * bytes:       UTF-8 bytes.
 */
typedef struct
{
  guint characters;
  guint cells;
  guint lines;
  guint emoji;
  guint utf16_units;
  guint bytes;
} MsTextCounts;

/* A walk over extended grapheme clusters (UAX #29) of valid UTF-8. */
typedef struct
{
  const char *pos;
  const char *end;
} MsGraphemeIter;

GQuark   ms_text_error_quark      (void);
gboolean ms_text_validate         (const char        *text,
                                   gssize             length,
                                   GError           **error);
gboolean ms_text_count            (const char        *text,
                                   gssize             length,
                                   MsTextCounts      *counts,
                                   GError           **error);
void     ms_grapheme_iter_init    (MsGraphemeIter    *iter,
                                   const char        *text,
                                   gssize             length);
gboolean ms_grapheme_iter_next    (MsGraphemeIter    *iter,
                                   const char       **cluster_start,
                                   const char       **cluster_end);
guint    ms_text_cluster_cells    (const char        *cluster_start,
                                   const char        *cluster_end);
gboolean ms_text_cluster_is_emoji (const char        *cluster_start,
                                   const char        *cluster_end);
gboolean ms_text_cluster_is_line_break (const char   *cluster_start,
                                        const char   *cluster_end);
gboolean ms_unichar_is_extended_pictographic (gunichar c);

G_END_DECLS
