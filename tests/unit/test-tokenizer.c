/* test-tokenizer.c — MeCab words: spans, base forms, numbers, web addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "text/ms-tokenizer.h"

/* The words of @text as "surface/key" joined by spaces. */
static char *
describe (const char *text)
{
  MsTokens tokens;
  GString *out = g_string_new (NULL);

  ms_tokens_init (&tokens);
  ms_tokenize_uncached (text, strlen (text), &tokens);
  for (guint i = 0; i < tokens.tokens->len; i++)
    {
      const MsToken *t = &g_array_index (tokens.tokens, MsToken, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, text + t->start, t->end - t->start);
      g_string_append_printf (out, "/%s", ms_tokens_get_key (&tokens, t));
    }
  ms_tokens_clear (&tokens);
  return g_string_free (out, FALSE);
}

/* The token of @text whose surface is @surface. */
static gboolean
find_token (const char *text,
            const char *surface,
            MsToken    *found,
            char      **key)
{
  MsTokens tokens;
  gboolean ok = FALSE;

  ms_tokens_init (&tokens);
  ms_tokenize_uncached (text, strlen (text), &tokens);
  for (guint i = 0; i < tokens.tokens->len && !ok; i++)
    {
      const MsToken *t = &g_array_index (tokens.tokens, MsToken, i);

      if (t->end - t->start == strlen (surface) && memcmp (text + t->start, surface, t->end - t->start) == 0)
        {
          *found = *t;
          *key = g_strdup (ms_tokens_get_key (&tokens, t));
          ok = TRUE;
        }
    }
  ms_tokens_clear (&tokens);
  return ok;
}

static gboolean
skip_without_dictionary (void)
{
  if (ms_tokenizer_init (NULL))
    return FALSE;
  g_test_skip ("MeCab's IPADIC dictionary is not installed (mecab-ipadic-utf8)");
  return TRUE;
}

static void
test_base_forms (void)
{
  g_autofree char *key = NULL;
  MsToken token;

  if (skip_without_dictionary ())
    return;

  /* A conjugated verb meets its base form. */
  g_assert_true (find_token ("3日で痩せた！", "痩せ", &token, &key));
  g_assert_cmpstr (key, ==, "痩せる");
  g_assert_cmpint (token.pos, ==, MS_POS_VERB);
  g_clear_pointer (&key, g_free);

  g_assert_true (find_token ("シミを予防します", "予防", &token, &key));
  g_assert_cmpint (token.pos, ==, MS_POS_NOUN);
}

static void
test_spans_on_mixed_text (void)
{
  const char *text = "😊No.1の美容液🎉 99.9%除菌";
  g_autofree char *key = NULL;
  MsToken token;

  if (skip_without_dictionary ())
    return;

  /* Byte offsets point into the text as written, around emoji and ASCII. */
  g_assert_true (find_token (text, "美容", &token, &key));
  g_assert_cmpuint (token.start, ==, strlen ("😊No.1の"));
  g_assert_cmpuint (token.end, ==, strlen ("😊No.1の美容"));
  g_clear_pointer (&key, g_free);

  /* 99 . 9 is one number. */
  g_assert_true (find_token (text, "99.9", &token, &key));
  g_assert_cmpint (token.pos, ==, MS_POS_NUMBER);
  g_assert_cmpuint (token.start, ==, strlen ("😊No.1の美容液🎉 "));
}

static void
test_placeholder_number (void)
{
  g_autofree char *key = NULL;
  MsToken token;

  if (skip_without_dictionary ())
    return;

  g_assert_true (find_token ("○○日で効果", "○○", &token, &key));
  g_assert_cmpint (token.pos, ==, MS_POS_NUMBER);
}

static void
test_web_address (void)
{
  const char *text = "詳しくはhttps://shop.example.jp/coat?utm_source=mail&a=1。今すぐwww.example.com/sale!";
  g_autofree char *words = NULL;
  g_autofree char *key = NULL;
  MsToken token;

  if (skip_without_dictionary ())
    return;

  /* One word each, without the sentence's punctuation after it. */
  g_assert_true (find_token (text, "https://shop.example.jp/coat?utm_source=mail&a=1", &token, &key));
  g_assert_cmpint (token.pos, ==, MS_POS_OTHER);
  g_clear_pointer (&key, g_free);
  g_assert_true (find_token (text, "www.example.com/sale", &token, &key));

  /* The words around it are still MeCab's. */
  words = describe (text);
  g_test_message ("%s", words);
  g_assert_nonnull (strstr (words, "詳しく/詳しい"));
  g_assert_nonnull (strstr (words, "。/"));
  g_assert_nonnull (strstr (words, " 今/今"));

  /* 「www」 inside a word is no address. */
  g_clear_pointer (&words, g_free);
  words = describe ("awww.");
  g_assert_null (strstr (words, "awww./"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/tokenizer/base-forms", test_base_forms);
  g_test_add_func ("/ms/tokenizer/spans-on-mixed-text", test_spans_on_mixed_text);
  g_test_add_func ("/ms/tokenizer/placeholder-number", test_placeholder_number);
  g_test_add_func ("/ms/tokenizer/web-address", test_web_address);

  return g_test_run ();
}
