/* ms-fold.c — orthographic variants folded to one form
 *
 * Two folds, both from data/text/variants.json:
 *  - characters: a variant kanji becomes its 常用 form (瘦 → 痩). The
 *    normaliser applies it to every field, so literal words, patterns and
 *    MeCab all see 「痩せた」 where the writer typed 「瘦せた」.
 *  - words: the spellings of one word share a key (やせる, 痩せる → 痩せる),
 *    applied to base forms after katakana became hiragana.
 *
 * The table is read once, on first use, and never changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-text"

#include "config.h"

#include <string.h>

#include "ms-data.h"
#include "ms-fold.h"

#define BITMAP_FIRST 0x3400
#define BITMAP_LAST  0xFAFF

typedef struct
{
  GHashTable *chars;      /* GUINT_TO_POINTER (variant) → GUINT_TO_POINTER (form) */
  GHashTable *words;      /* folded spelling → folded first spelling (owned) */
  guint8      bitmap[(BITMAP_LAST - BITMAP_FIRST + 1) / 8 + 1];
} FoldTable;

static void
add_char (FoldTable  *table,
          const char *from,
          const char *to)
{
  gunichar a = g_utf8_get_char (from);
  gunichar b = g_utf8_get_char (to);

  /* The data is tested (test-text); a bad entry is a build mistake. */
  g_assert (a >= BITMAP_FIRST && a <= BITMAP_LAST);
  g_hash_table_insert (table->chars, GUINT_TO_POINTER (a), GUINT_TO_POINTER (b));
  table->bitmap[(a - BITMAP_FIRST) / 8] |= 1 << ((a - BITMAP_FIRST) % 8);
}

static gunichar
fold_char_with (const FoldTable *table,
                gunichar         c)
{
  guint bit;

  if (c < BITMAP_FIRST || c > BITMAP_LAST)
    return c;

  bit = c - BITMAP_FIRST;
  if (!(table->bitmap[bit / 8] & (1 << (bit % 8))))
    return c;

  return GPOINTER_TO_UINT (g_hash_table_lookup (table->chars, GUINT_TO_POINTER (c)));
}

static void
fold_kana_with (const FoldTable *table,
                GString         *out,
                const char      *text,
                gsize            length)
{
  const char *end = text + length;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x30A1 && c <= 0x30F6)
        c -= 0x60;
      else if (c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) c));
          continue;
        }
      else
        c = fold_char_with (table, c);

      g_string_append_unichar (out, c);
    }
}

static char *
fold_kana_string (const FoldTable *table,
                  const char      *text)
{
  GString *out = g_string_new (NULL);

  fold_kana_with (table, out, text, strlen (text));
  return g_string_free (out, FALSE);
}

static void
load_words (FoldTable *table,
            JsonArray *groups)
{
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonArray *group = json_array_get_array_element (groups, i);
      const char *first = json_array_get_string_element (group, 0);
      g_autofree char *form = NULL;

      /* Characters fold before words, so 「瘦せる」 needs no entry. */
      form = fold_kana_string (table, first);
      for (guint j = 0; j < json_array_get_length (group); j++)
        {
          g_autofree char *spelling =
            fold_kana_string (table, json_array_get_string_element (group, j));

          if (!g_str_equal (spelling, form))
            g_hash_table_insert (table->words, g_steal_pointer (&spelling), g_strdup (form));
        }
    }
}

static FoldTable *
get_table (void)
{
  static FoldTable *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("text/variants.json", &error);
      FoldTable *t = g_new0 (FoldTable, 1);
      JsonObject *object;
      JsonObjectIter iter;
      const char *from;
      JsonNode *to;

      if (root == NULL)
        g_error ("text/variants.json: %s", error->message);

      t->chars = g_hash_table_new (g_direct_hash, g_direct_equal);
      t->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      object = json_node_get_object (root);
      json_object_iter_init (&iter, json_object_get_object_member (object, "characters"));
      while (json_object_iter_next (&iter, &from, &to))
        add_char (t, from, json_node_get_string (to));
      load_words (t, json_object_get_array_member (object, "words"));

      g_once_init_leave (&table, t);
    }

  return table;
}

/**
 * ms_fold_char:
 *
 * Returns: the 常用 form of a variant kanji, else @c
 */
gunichar
ms_fold_char (gunichar c)
{
  if (c < BITMAP_FIRST || c > BITMAP_LAST)
    return c;
  return fold_char_with (get_table (), c);
}

/**
 * ms_fold_kana:
 *
 * Appends @text to @out with katakana made hiragana (ア → あ, ヴ → ゔ), ASCII
 * lower-cased and variant kanji folded; the long-vowel mark and everything
 * else stay. Works on the bytes: it runs for every token of every scoring.
 */
void
ms_fold_kana (GString    *out,
              const char *text,
              gsize       length)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;
  FoldTable *table = get_table ();
  gsize at = out->len;
  guchar *w;

  g_string_set_size (out, at + length);     /* folding never lengthens */
  w = (guchar *) out->str + at;

  while (p < end)
    {
      if (p[0] < 0x80)
        {
          *w++ = g_ascii_tolower (*p++);
        }
      else if ((p[0] & 0xF0) == 0xE0 && p + 2 < end)
        {
          gunichar c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
          gunichar folded = c;

          if (c >= 0x30A1 && c <= 0x30F6)
            folded = c - 0x60;
          else if (c >= BITMAP_FIRST)
            folded = fold_char_with (table, c);

          if (folded == c)
            {
              w[0] = p[0];
              w[1] = p[1];
              w[2] = p[2];
              w += 3;
            }
          else if (folded >= 0x800 && folded <= 0xFFFF)
            {
              w[0] = 0xE0 | (folded >> 12);
              w[1] = 0x80 | ((folded >> 6) & 0x3F);
              w[2] = 0x80 | (folded & 0x3F);
              w += 3;
            }
          else
            {
              w += g_unichar_to_utf8 (folded, (char *) w);
            }
          p += 3;
        }
      else
        {
          *w++ = *p++;
        }
    }

  g_string_set_size (out, (char *) w - out->str);
}

/**
 * ms_fold_word:
 * @kana_folded: a word already through ms_fold_kana()
 *
 * Returns: (nullable): the form the word's group is written in, or NULL when
 *   @kana_folded is that form already or has no group
 */
const char *
ms_fold_word (const char *kana_folded,
              gsize       length)
{
  FoldTable *table = get_table ();
  char buffer[128];

  if (kana_folded[length] == '\0')
    return g_hash_table_lookup (table->words, kana_folded);
  if (length >= sizeof buffer)
    return NULL;

  memcpy (buffer, kana_folded, length);
  buffer[length] = '\0';
  return g_hash_table_lookup (table->words, buffer);
}
