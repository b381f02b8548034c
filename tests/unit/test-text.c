/* test-text.c — counting characters, width, lines and emoji
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-core.h"

typedef struct
{
  const char *name;
  const char *text;
  guint       characters;
  guint       cells;
  guint       lines;
  guint       emoji;
  guint       utf16_units;
} CountCase;

static const CountCase count_cases[] = {
  { "empty", "", 0, 0, 0, 0, 0 },
  { "ascii", "Hello", 5, 5, 1, 0, 5 },
  { "mixed-japanese", "今日はSALE！", 8, 12, 1, 0, 8 },
  { "full-width-ascii", "ＮＯ．１", 4, 8, 1, 0, 4 },
  { "half-width-kana-voiced", "ｶﾞｲﾄﾞ", 3, 3, 1, 0, 5 },
  { "half-width-kana-semi-voiced", "ﾎﾟｲﾝﾄ", 4, 4, 1, 0, 5 },
  { "combining-acute", "Cafe\xcc\x81", 4, 4, 1, 0, 5 },
  { "combining-dakuten", "\xe3\x81\x8b\xe3\x82\x99", 1, 2, 1, 0, 2 },
  { "zwj-family", "👨‍👩‍👧‍👦", 1, 2, 1, 1, 11 },
  { "skin-tone", "👍🏽", 1, 2, 1, 1, 4 },
  { "zwj-skin-tone", "👩🏻‍💻です", 3, 6, 1, 1, 9 },
  { "flags", "🇯🇵🇺🇸", 2, 4, 1, 2, 8 },
  { "keycap", "1️⃣位", 2, 4, 1, 1, 4 },
  { "emoji-presentation-selector", "❤️", 1, 2, 1, 1, 2 },
  { "text-presentation-heart", "❤", 1, 1, 1, 0, 1 },
  { "decorative-symbols", "※★…①", 4, 8, 1, 0, 4 },
  { "latin-accent-narrow", "é", 1, 1, 1, 0, 1 },
  { "hangul-syllables", "한국어", 3, 6, 1, 0, 3 },
  { "hangul-jamo", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", 1, 2, 1, 0, 3 },
  { "newlines", "a\nb\r\nc", 5, 3, 3, 0, 6 },
  { "trailing-newline", "本日限り\n", 5, 8, 2, 0, 5 },
  { "only-newline", "\n", 1, 0, 2, 0, 1 },
  { "line-with-emoji-and-newlines", "【速報】🎉\n明日まで！\n", 12, 20, 3, 1, 13 },
};

static void
test_count_case (gconstpointer data)
{
  const CountCase *c = data;
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  g_assert_true (ms_text_count (c->text, -1, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.characters, ==, c->characters);
  g_assert_cmpuint (counts.cells, ==, c->cells);
  g_assert_cmpuint (counts.lines, ==, c->lines);
  g_assert_cmpuint (counts.emoji, ==, c->emoji);
  g_assert_cmpuint (counts.utf16_units, ==, c->utf16_units);
  g_assert_cmpuint (counts.bytes, ==, strlen (c->text));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts = { 7, 7, 7, 7, 7, 7 };

  g_assert_false (ms_text_count ("abc\xff" "def", -1, &counts, &error));
  g_assert_error (error, MS_TEXT_ERROR, MS_TEXT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_cmpuint (counts.characters, ==, 0);
}

static void
test_truncated_sequence (void)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  /* The first two bytes of 「あ」 (E3 81 82). */
  g_assert_false (ms_text_count ("\xe3\x81", -1, &counts, &error));
  g_assert_error (error, MS_TEXT_ERROR, MS_TEXT_ERROR_INVALID_UTF8);
}

static void
test_embedded_nul (void)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  g_assert_false (ms_text_count ("ab\0cd", 5, &counts, &error));
  g_assert_error (error, MS_TEXT_ERROR, MS_TEXT_ERROR_INVALID_UTF8);
}

static void
test_explicit_length (void)
{
  MsTextCounts counts;

  /* Only the first two characters of 「あいう」. */
  g_assert_true (ms_text_count ("あいう", 6, &counts, NULL));
  g_assert_cmpuint (counts.characters, ==, 2);
  g_assert_cmpuint (counts.cells, ==, 4);
}

static void
test_line_bubble_length (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  MsTextCounts counts;

  for (guint i = 0; i < 500; i++)
    g_string_append (text, i % 2 ? "あ" : "😀");

  g_assert_true (ms_text_count (text->str, text->len, &counts, NULL));
  g_assert_cmpuint (counts.characters, ==, 500);
  g_assert_cmpuint (counts.emoji, ==, 250);
  g_assert_cmpuint (counts.utf16_units, ==, 750);
  g_assert_cmpuint (counts.cells, ==, 1000);
}

static void
test_grapheme_boundaries (void)
{
  const char *text = "ｶﾞ👍🏽\r\nx";
  const char *expected[] = { "ｶﾞ", "👍🏽", "\r\n", "x" };
  MsGraphemeIter iter;
  const char *start;
  const char *end;
  guint n = 0;

  ms_grapheme_iter_init (&iter, text, -1);
  while (ms_grapheme_iter_next (&iter, &start, &end))
    {
      g_autofree char *cluster = g_strndup (start, end - start);

      g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (cluster, ==, expected[n]);
      n++;
    }

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
}

static void
test_extended_pictographic (void)
{
  g_assert_true (ms_unichar_is_extended_pictographic (0x1F600));
  g_assert_true (ms_unichar_is_extended_pictographic (0x00A9));
  g_assert_true (ms_unichar_is_extended_pictographic (0x2764));
  g_assert_false (ms_unichar_is_extended_pictographic ('A'));
  g_assert_false (ms_unichar_is_extended_pictographic (0x3042));
  g_assert_false (ms_unichar_is_extended_pictographic (0x1F3FB));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (count_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/text/count/%s", count_cases[i].name);
      g_test_add_data_func (path, &count_cases[i], test_count_case);
    }

  g_test_add_func ("/ms/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ms/text/truncated-sequence", test_truncated_sequence);
  g_test_add_func ("/ms/text/embedded-nul", test_embedded_nul);
  g_test_add_func ("/ms/text/explicit-length", test_explicit_length);
  g_test_add_func ("/ms/text/line-bubble-length", test_line_bubble_length);
  g_test_add_func ("/ms/text/grapheme-boundaries", test_grapheme_boundaries);
  g_test_add_func ("/ms/text/extended-pictographic", test_extended_pictographic);

  return g_test_run ();
}
