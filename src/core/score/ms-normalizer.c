/* ms-normalizer.c — fold text to one form for matching, keeping a map back
 *
 * Most characters of Japanese marketing text (kana, kanji, emoji, ASCII)
 * are already in NFKC form or need a one-line fold, so they take a fast path
 * without allocating; only a character followed by combining marks, or one
 * with a compatibility decomposition, goes through g_utf8_normalize().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-normalizer.h"
#include "text/ms-fold.h"

void
ms_normalized_init (MsNormalized *self)
{
  memset (self, 0, sizeof *self);
}

void
ms_normalized_clear (MsNormalized *self)
{
  g_free (self->text);
  g_free (self->orig_start);
  g_free (self->orig_end);
  memset (self, 0, sizeof *self);
}

/* PCRE2's JIT reads the subject in 16-byte blocks; keep zeroed slack after
 * the terminating NUL so it never reads past the allocation. */
#define SLACK 32

static void
reserve (MsNormalized *self,
         gsize         extra)
{
  gsize needed = self->len + extra + 1 + SLACK;

  if (needed <= self->capacity)
    return;

  self->capacity = MAX (needed, self->capacity * 2);
  self->text = g_realloc (self->text, self->capacity);
  self->orig_start = g_renew (guint, self->orig_start, self->capacity);
  self->orig_end = g_renew (guint, self->orig_end, self->capacity);
}

static void
append (MsNormalized *self,
        const char   *bytes,
        gsize         n,
        guint         start,
        guint         end)
{
  reserve (self, n);
  for (gsize i = 0; i < n; i++)
    {
      self->text[self->len] = g_ascii_tolower (bytes[i]);
      self->orig_start[self->len] = start;
      self->orig_end[self->len] = end;
      self->len++;
    }
}

static gboolean
is_combining (gunichar c)
{
  if (c < 0x300)
    return FALSE;
  /* Half-width voicing marks are letters (Lm) but fold to U+3099/U+309A. */
  if (c == 0xFF9E || c == 0xFF9F)
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

/* TRUE when NFKC leaves @c alone (so it can be copied as is). */
static gboolean
is_stable (gunichar c)
{
  gunichar compat[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gunichar canon[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_compat;
  gsize n_canon;

  if ((c >= 0x3041 && c <= 0x3096) ||      /* hiragana */
      (c >= 0x30A1 && c <= 0x30FA) ||      /* katakana */
      c == 0x30FC ||                       /* ー */
      (c >= 0x3001 && c <= 0x3035) ||      /* CJK punctuation, brackets */
      (c >= 0x4E00 && c <= 0x9FFF) ||      /* kanji */
      (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x1F300 && c <= 0x1FAFF))      /* emoji */
    return TRUE;

  n_compat = g_unichar_fully_decompose (c, TRUE, compat, G_N_ELEMENTS (compat));
  if (n_compat == 1 && compat[0] == c)
    return TRUE;

  /* A precomposed letter whose only decomposition is canonical recomposes. */
  n_canon = g_unichar_fully_decompose (c, FALSE, canon, G_N_ELEMENTS (canon));
  return n_canon > 1 && n_canon == n_compat &&
         memcmp (canon, compat, n_canon * sizeof (gunichar)) == 0;
}

/* Whether the bytes at @p can start a combining mark (U+0300…, the kana
 * voicing marks, variation selectors, enclosing keycaps…): if not, the
 * character before them is complete. */
static inline gboolean
may_combine (const guchar *p,
             const guchar *end)
{
  if (p >= end || p[0] < 0xCC)
    return FALSE;
  if (p[0] <= 0xDF)
    return p[0] <= 0xCD;
  if (p[0] == 0xE3)
    return p + 2 < end && p[1] == 0x82 && (p[2] == 0x99 || p[2] == 0x9A);
  return p[0] == 0xE1 || p[0] == 0xE2 || p[0] == 0xEF || p[0] >= 0xF0;
}

static gboolean
fast_char (MsNormalized  *self,
           const char   **pp,
           const char    *end,
           guint         *index)
{
  const guchar *p = (const guchar *) *pp;
  gunichar c;
  gint n;

  if (p[0] < 0x80)
    {
      if (may_combine (p + 1, (const guchar *) end))
        return FALSE;
      reserve (self, 1);
      self->text[self->len] = g_ascii_tolower (p[0]);
      self->orig_start[self->len] = *index;
      self->orig_end[self->len] = *index + 1;
      self->len++;
      (*index)++;
      *pp += 1;
      return TRUE;
    }

  if ((p[0] & 0xF0) != 0xE0 || p + 2 >= (const guchar *) end + 0 ||
      may_combine (p + 3, (const guchar *) end))
    return FALSE;

  c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  if (!((c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC ||
        (c >= 0x3001 && c <= 0x3035) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0x3400 && c <= 0x4DBF)))
    return FALSE;

  c = ms_fold_char (c);
  reserve (self, 6);
  n = g_unichar_to_utf8 (c, self->text + self->len);
  for (gint i = 0; i < n; i++)
    {
      self->orig_start[self->len + i] = *index;
      self->orig_end[self->len + i] = *index + 1;
    }
  self->len += n;
  (*index)++;
  *pp += 3;
  return TRUE;
}

/* Any other character, with the combining marks that follow it. */
static const char *
normalize_char (MsNormalized *self,
                const char   *p,
                const char   *end,
                guint        *index_out)
{
  guint index = *index_out;

    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      const char *chunk_end = next;
      guint n_chars = 1;

      while (chunk_end < end && is_combining (g_utf8_get_char (chunk_end)))
        {
          chunk_end = g_utf8_next_char (chunk_end);
          n_chars++;
        }

      if (n_chars == 1 && c < 0x80)
        {
          char ch = (char) c;
          append (self, &ch, 1, index, index + 1);
        }
      else if (n_chars == 1 && c >= 0xFF01 && c <= 0xFF5E)
        {
          char ch = (char) (c - 0xFEE0);
          append (self, &ch, 1, index, index + 1);
        }
      else if (n_chars == 1 && c == 0x3000)
        {
          append (self, " ", 1, index, index + 1);
        }
      else if (n_chars == 1 && is_stable (c))
        {
          gunichar folded = ms_fold_char (c);
          char buffer[6];

          if (folded == c)
            append (self, p, next - p, index, index + 1);
          else
            append (self, buffer, g_unichar_to_utf8 (folded, buffer), index, index + 1);
        }
      else
        {
          g_autofree char *folded = g_utf8_normalize (p, chunk_end - p, G_NORMALIZE_NFKC);

          if (folded != NULL)
            append (self, folded, strlen (folded), index, index + n_chars);
          else
            append (self, p, chunk_end - p, index, index + n_chars);
        }

      index += n_chars;
      p = chunk_end;
    }

  *index_out = index;
  return p;
}

void
ms_normalized_set_text (MsNormalized *self,
                        const char   *text,
                        gssize        length)
{
  const char *p;
  const char *end;
  guint index = 0;

  g_return_if_fail (self != NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  self->len = 0;
  reserve (self, length);

  p = text;
  end = text + length;
  while (p < end)
    {
      /* Most Japanese text: ASCII, and kana and kanji not followed by a
       * combining mark, copied without decoding twice. */
      if (fast_char (self, &p, end, &index))
        continue;

      p = normalize_char (self, p, end, &index);
    }

  memset (self->text + self->len, 0, SLACK + 1);
  self->orig_start[self->len] = index;
  self->orig_end[self->len] = index;
  self->n_chars = index;
}


/**
 * ms_normalized_to_original:
 *
 * Maps the byte range [@norm_start, @norm_end) of the normalised text to the
 * code-point range [@start, @end) of the original.
 */
void
ms_normalized_to_original (const MsNormalized *self,
                           gsize               norm_start,
                           gsize               norm_end,
                           guint              *start,
                           guint              *end)
{
  g_return_if_fail (norm_start <= norm_end && norm_end <= self->len);

  *start = self->orig_start[norm_start];
  *end = norm_end > norm_start ? self->orig_end[norm_end - 1] : *start;
}

/**
 * ms_normalize_string:
 *
 * Returns: @text in normalised form (how rule words are compiled)
 */
char *
ms_normalize_string (const char *text)
{
  MsNormalized n;
  char *result;

  ms_normalized_init (&n);
  ms_normalized_set_text (&n, text, -1);
  result = g_strndup (n.text, n.len);
  ms_normalized_clear (&n);
  return result;
}
