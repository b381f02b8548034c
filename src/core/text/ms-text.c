/* ms-text.c — counting what a reader sees in a piece of text
 *
 * Grapheme clusters follow UAX #29 (extended clusters), using GLib's Unicode
 * tables for categories and Hangul types and a table of our own for
 * Extended_Pictographic, which GLib does not expose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ms-text.h"

typedef enum
{
  BREAK_OTHER,
  BREAK_CR,
  BREAK_LF,
  BREAK_CONTROL,
  BREAK_EXTEND,
  BREAK_ZWJ,
  BREAK_REGIONAL_INDICATOR,
  BREAK_SPACING_MARK,
  BREAK_L,
  BREAK_V,
  BREAK_T,
  BREAK_LV,
  BREAK_LVT,
} BreakClass;

typedef struct
{
  gunichar first;
  gunichar last;
} Range;

/* Extended_Pictographic from Unicode's emoji-data.txt (15.0), merged into ranges. */
static const Range extended_pictographic[] = {
  { 0x00A9, 0x00A9 }, { 0x00AE, 0x00AE }, { 0x203C, 0x203C }, { 0x2049, 0x2049 },
  { 0x2122, 0x2122 }, { 0x2139, 0x2139 }, { 0x2194, 0x2199 }, { 0x21A9, 0x21AA },
  { 0x231A, 0x231B }, { 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23CF, 0x23CF },
  { 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA }, { 0x24C2, 0x24C2 }, { 0x25AA, 0x25AB },
  { 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 }, { 0x25FB, 0x25FE }, { 0x2600, 0x2605 },
  { 0x2607, 0x2612 }, { 0x2614, 0x2685 }, { 0x2690, 0x2705 }, { 0x2708, 0x2712 },
  { 0x2714, 0x2714 }, { 0x2716, 0x2716 }, { 0x271D, 0x271D }, { 0x2721, 0x2721 },
  { 0x2728, 0x2728 }, { 0x2733, 0x2734 }, { 0x2744, 0x2744 }, { 0x2747, 0x2747 },
  { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 },
  { 0x2763, 0x2767 }, { 0x2795, 0x2797 }, { 0x27A1, 0x27A1 }, { 0x27B0, 0x27B0 },
  { 0x27BF, 0x27BF }, { 0x2934, 0x2935 }, { 0x2B05, 0x2B07 }, { 0x2B1B, 0x2B1C },
  { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x3030, 0x3030 }, { 0x303D, 0x303D },
  { 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1F000, 0x1F0FF }, { 0x1F10D, 0x1F10F },
  { 0x1F12F, 0x1F12F }, { 0x1F16C, 0x1F171 }, { 0x1F17E, 0x1F17F }, { 0x1F18E, 0x1F18E },
  { 0x1F191, 0x1F19A }, { 0x1F1AD, 0x1F1E5 }, { 0x1F201, 0x1F20F }, { 0x1F21A, 0x1F21A },
  { 0x1F22F, 0x1F22F }, { 0x1F232, 0x1F23A }, { 0x1F23C, 0x1F23F }, { 0x1F249, 0x1F3FA },
  { 0x1F400, 0x1F53D }, { 0x1F546, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F774, 0x1F77F },
  { 0x1F7D5, 0x1F7FF }, { 0x1F80C, 0x1F80F }, { 0x1F848, 0x1F84F }, { 0x1F85A, 0x1F85F },
  { 0x1F888, 0x1F88F }, { 0x1F8AE, 0x1F8FF }, { 0x1F90C, 0x1F93A }, { 0x1F93C, 0x1F945 },
  { 0x1F947, 0x1FAFF }, { 0x1FC00, 0x1FFFD },
};

#define ZERO_WIDTH_JOINER           0x200D
#define ZERO_WIDTH_NON_JOINER       0x200C
#define VARIATION_SELECTOR_EMOJI    0xFE0F
#define COMBINING_ENCLOSING_KEYCAP  0x20E3

G_DEFINE_QUARK (ms-text-error-quark, ms_text_error)

gboolean
ms_unichar_is_extended_pictographic (gunichar c)
{
  gsize lo = 0;
  gsize hi = G_N_ELEMENTS (extended_pictographic);

  /* The gaps between the table's ranges where most text is: ASCII, Latin
   * and the rest below U+203C, kana (U+303E–U+3296), kanji and full-width
   * forms (U+329A–U+1EFFF). */
  if (c < 0x00A9 || (c > 0x00AE && c < 0x203C) || (c > 0x303D && c < 0x3297) ||
      (c > 0x3299 && c < 0x1F000) || c > 0x1FFFD)
    return FALSE;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;

      if (c < extended_pictographic[mid].first)
        hi = mid;
      else if (c > extended_pictographic[mid].last)
        lo = mid + 1;
      else
        return TRUE;
    }

  return FALSE;
}

static BreakClass
classify (gunichar c)
{
  if (c < 0x80)
    {
      if (c == '\r')
        return BREAK_CR;
      if (c == '\n')
        return BREAK_LF;
      if (c < 0x20 || c == 0x7F)
        return BREAK_CONTROL;
      return BREAK_OTHER;
    }

  if (c == ZERO_WIDTH_JOINER)
    return BREAK_ZWJ;
  if (c >= 0x1F1E6 && c <= 0x1F1FF)
    return BREAK_REGIONAL_INDICATOR;
  /* Emoji modifiers, half-width kana voicing marks (Other_Grapheme_Extend),
   * ZWNJ and emoji tag characters all extend the cluster before them. */
  if ((c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFF9E || c == 0xFF9F ||
      c == ZERO_WIDTH_NON_JOINER || (c >= 0xE0020 && c <= 0xE007F))
    return BREAK_EXTEND;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return BREAK_EXTEND;
    case G_UNICODE_SPACING_MARK:
      return BREAK_SPACING_MARK;
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
      return BREAK_CONTROL;
    default:
      break;
    }

  if (c >= 0x1100 && c <= 0xD7FB)
    {
      switch (g_unichar_break_type (c))
        {
        case G_UNICODE_BREAK_HANGUL_L_JAMO: return BREAK_L;
        case G_UNICODE_BREAK_HANGUL_V_JAMO: return BREAK_V;
        case G_UNICODE_BREAK_HANGUL_T_JAMO: return BREAK_T;
        case G_UNICODE_BREAK_HANGUL_LV_SYLLABLE: return BREAK_LV;
        case G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE: return BREAK_LVT;
        default: break;
        }
    }

  return BREAK_OTHER;
}

static gboolean
is_hangul_join (BreakClass prev,
                BreakClass next)
{
  switch (prev)
    {
    case BREAK_L:
      return next == BREAK_L || next == BREAK_V || next == BREAK_LV || next == BREAK_LVT;
    case BREAK_LV:
    case BREAK_V:
      return next == BREAK_V || next == BREAK_T;
    case BREAK_LVT:
    case BREAK_T:
      return next == BREAK_T;
    default:
      return FALSE;
    }
}



gboolean
ms_text_validate (const char  *text,
                  gssize       length,
                  GError     **error)
{
  const char *invalid = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (g_utf8_validate_len (text, len, &invalid))
    return TRUE;

  g_set_error (error, MS_TEXT_ERROR, MS_TEXT_ERROR_INVALID_UTF8,
               /* Translators: %lu is a byte position counted from 0 */
               _("The text is not valid UTF-8 (the problem starts at byte %lu). "
                 "Save it as UTF-8 and try again."),
               (gulong) (invalid - text));
  return FALSE;
}

void
ms_grapheme_iter_init (MsGraphemeIter *iter,
                       const char     *text,
                       gssize          length)
{
  g_return_if_fail (iter != NULL);

  iter->pos = text;
  iter->end = text + (length < 0 ? strlen (text) : (gsize) length);
}

gboolean
ms_grapheme_iter_next (MsGraphemeIter  *iter,
                       const char     **cluster_start,
                       const char     **cluster_end)
{
  const char *p = iter->pos;
  BreakClass prev;
  gunichar c;
  gboolean pictographic_run;  /* ExtPict Extend* so far */
  gboolean after_pictographic_zwj = FALSE;
  guint regional_run;

  if (p >= iter->end)
    return FALSE;

  c = g_utf8_get_char (p);
  prev = classify (c);
  pictographic_run = ms_unichar_is_extended_pictographic (c);
  regional_run = prev == BREAK_REGIONAL_INDICATOR ? 1 : 0;
  p = g_utf8_next_char (p);

  while (p < iter->end)
    {
      BreakClass next;
      gboolean joins;
      gboolean next_pictographic;

      c = g_utf8_get_char (p);
      next = classify (c);
      next_pictographic = ms_unichar_is_extended_pictographic (c);

      if (prev == BREAK_CR && next == BREAK_LF)
        joins = TRUE;                                         /* GB3 */
      else if (prev == BREAK_CR || prev == BREAK_LF || prev == BREAK_CONTROL)
        joins = FALSE;                                        /* GB4 */
      else if (next == BREAK_CR || next == BREAK_LF || next == BREAK_CONTROL)
        joins = FALSE;                                        /* GB5 */
      else if (is_hangul_join (prev, next))
        joins = TRUE;                                         /* GB6–8 */
      else if (next == BREAK_EXTEND || next == BREAK_ZWJ || next == BREAK_SPACING_MARK)
        joins = TRUE;                                         /* GB9, GB9a */
      else if (after_pictographic_zwj && next_pictographic)
        joins = TRUE;                                         /* GB11 */
      else if (prev == BREAK_REGIONAL_INDICATOR && next == BREAK_REGIONAL_INDICATOR)
        joins = regional_run % 2 == 1;                        /* GB12, GB13 */
      else
        joins = FALSE;                                        /* GB999 */

      if (!joins)
        break;

      after_pictographic_zwj = pictographic_run && next == BREAK_ZWJ;
      if (next_pictographic)
        pictographic_run = TRUE;
      else if (next != BREAK_EXTEND)
        pictographic_run = FALSE;
      regional_run = next == BREAK_REGIONAL_INDICATOR ? regional_run + 1 : 0;
      prev = next;
      p = g_utf8_next_char (p);
    }

  *cluster_start = iter->pos;
  *cluster_end = p;
  iter->pos = p;

  return TRUE;
}

static gboolean
cluster_contains (const char *start,
                  const char *end,
                  gunichar    wanted)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == wanted)
      return TRUE;
  return FALSE;
}

gboolean
ms_text_cluster_is_line_break (const char *cluster_start,
                               const char *cluster_end)
{
  gunichar first = g_utf8_get_char (cluster_start);

  return first == '\n' || first == '\r' || first == 0x0085 || first == 0x2028 || first == 0x2029;
}

gboolean
ms_text_cluster_is_emoji (const char *cluster_start,
                          const char *cluster_end)
{
  gunichar first = g_utf8_get_char (cluster_start);

  if (first >= 0x1F1E6 && first <= 0x1F1FF)
    return TRUE;                                    /* flags */

  if ((g_ascii_isdigit (first) || first == '#' || first == '*') &&
      cluster_contains (cluster_start, cluster_end, COMBINING_ENCLOSING_KEYCAP))
    return TRUE;                                    /* keycaps */

  if (!ms_unichar_is_extended_pictographic (first))
    return FALSE;

  /* Emoji_Presentation characters are East Asian Wide since Unicode 9. */
  return g_unichar_iswide (first) ||
         cluster_contains (cluster_start, cluster_end, VARIATION_SELECTOR_EMOJI);
}

guint
ms_text_cluster_cells (const char *cluster_start,
                       const char *cluster_end)
{
  gunichar first = g_utf8_get_char (cluster_start);

  if (ms_text_cluster_is_emoji (cluster_start, cluster_end))
    return 2;

  if (classify (first) == BREAK_CONTROL || first == '\r' || first == '\n')
    return 0;

  if (g_unichar_iszerowidth (first))
    return 0;

  if (g_unichar_iswide (first))
    return 2;

  if (first >= 0x2000 && g_unichar_iswide_cjk (first))
    return 2;

  return 1;
}

gboolean
ms_text_count (const char   *text,
               gssize        length,
               MsTextCounts *counts,
               GError      **error)
{
  MsGraphemeIter iter;
  const char *start;
  const char *end;
  gsize len;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);

  if (text == NULL)
    return TRUE;

  len = length < 0 ? strlen (text) : (gsize) length;
  if (!ms_text_validate (text, len, error))
    return FALSE;

  counts->bytes = len;
  ms_grapheme_iter_init (&iter, text, len);

  while (ms_grapheme_iter_next (&iter, &start, &end))
    {
      counts->characters++;
      counts->cells += ms_text_cluster_cells (start, end);

      if (ms_text_cluster_is_line_break (start, end))
        counts->lines++;
      else if (ms_text_cluster_is_emoji (start, end))
        counts->emoji++;

      for (const char *p = start; p < end; p = g_utf8_next_char (p))
        counts->utf16_units += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
    }

  if (counts->characters > 0)
    counts->lines++;

  return TRUE;
}
