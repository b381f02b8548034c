/* test-matcher.c — normalisation, the offset map and the Aho–Corasick automaton
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "score/ms-matcher.h"
#include "score/ms-normalizer.h"
#include "score-test-util.h"

typedef struct
{
  const char *in;
  const char *out;
} NormCase;

static const NormCase norm_cases[] = {
  { "ＮＯ．１", "no.1" },
  { "No.1", "no.1" },
  { "ｶﾞｲﾄﾞ", "ガイド" },
  { "ｾｰﾙ", "セール" },
  { "Ｗｅｂ　ＳＡＬＥ", "web sale" },
  { "㈱サンプル", "(株)サンプル" },
  { "か\xe3\x82\x99", "が" },
  { "１００％ＯＦＦ", "100%off" },
  { "絶対に🎉", "絶対に🎉" },
};

static void
test_normalize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (norm_cases); i++)
    {
      g_autofree char *out = ms_normalize_string (norm_cases[i].in);
      g_assert_cmpstr (out, ==, norm_cases[i].out);
    }
}

static void
test_offset_map (void)
{
  MsNormalized n;
  guint start, end;

  ms_normalized_init (&n);
  /* ｶﾞ (2 code points) becomes ガ (one): the map spans both. */
  ms_normalized_set_text (&n, "ｶﾞｲﾄﾞ", -1);
  g_assert_cmpstr (n.text, ==, "ガイド");
  g_assert_cmpuint (n.n_chars, ==, 5);
  ms_normalized_to_original (&n, 0, strlen ("ガ"), &start, &end);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 2);
  ms_normalized_to_original (&n, strlen ("ガイ"), n.len, &start, &end);
  g_assert_cmpuint (start, ==, 3);
  g_assert_cmpuint (end, ==, 5);

  /* ㈱ (one code point) becomes (株) (three): any part maps to the one. */
  ms_normalized_set_text (&n, "a㈱b", -1);
  g_assert_cmpstr (n.text, ==, "a(株)b");
  ms_normalized_to_original (&n, 1, 2, &start, &end);
  g_assert_cmpuint (start, ==, 1);
  g_assert_cmpuint (end, ==, 2);
  ms_normalized_to_original (&n, n.len - 1, n.len, &start, &end);
  g_assert_cmpuint (start, ==, 2);
  g_assert_cmpuint (end, ==, 3);
  ms_normalized_clear (&n);
}

typedef struct
{
  GString *log;
} Collect;

static void
on_match (gsize          start,
          gsize          end,
          const guint32 *values,
          guint          n_values,
          gpointer       user_data)
{
  Collect *c = user_data;

  for (guint i = 0; i < n_values; i++)
    g_string_append_printf (c->log, "%u@%zu-%zu ", values[i], start, end);
}

static void
test_aho_corasick (void)
{
  g_autoptr(MsMatcher) m = ms_matcher_new ();
  Collect c = { g_string_new (NULL) };

  ms_matcher_add (m, "he", 1);
  ms_matcher_add (m, "she", 2);
  ms_matcher_add (m, "his", 3);
  ms_matcher_add (m, "hers", 4);
  ms_matcher_add (m, "hers", 5);
  ms_matcher_add (m, "hers", 5);       /* duplicates are kept once */
  ms_matcher_compile (m);
  g_assert_cmpuint (ms_matcher_get_n_words (m), ==, 4);

  ms_matcher_scan (m, "ushers", 6, on_match, &c);
  g_assert_cmpstr (c.log->str, ==, "2@1-4 1@2-4 4@2-6 5@2-6 ");

  g_string_truncate (c.log, 0);
  ms_matcher_scan (m, "xyz", 3, on_match, &c);
  g_assert_cmpstr (c.log->str, ==, "");
  g_string_free (c.log, TRUE);
}

static void
test_aho_corasick_utf8 (void)
{
  g_autoptr(MsMatcher) m = ms_matcher_new ();
  Collect c = { g_string_new (NULL) };
  const char *text = "最安値で業界no.1";

  ms_matcher_add (m, "最安", 1);
  ms_matcher_add (m, "最安値", 2);
  ms_matcher_add (m, "no.1", 3);
  ms_matcher_add (m, "業界no.1", 4);
  ms_matcher_compile (m);

  ms_matcher_scan (m, text, strlen (text), on_match, &c);
  g_assert_cmpstr (c.log->str, ==, "1@0-6 2@0-9 4@12-22 3@18-22 ");
  g_string_free (c.log, TRUE);
}

static void
test_empty_matcher (void)
{
  g_autoptr(MsMatcher) m = ms_matcher_new ();
  Collect c = { g_string_new (NULL) };

  ms_matcher_compile (m);
  ms_matcher_scan (m, "abc", 3, on_match, &c);
  g_assert_cmpstr (c.log->str, ==, "");
  g_string_free (c.log, TRUE);
}

typedef struct
{
  const char *name;
  const char *subject;
  const char *rule;
  guint       start;
  guint       end;
} SpanCase;

/* Offsets are code points of the original text (GtkTextIter offsets). */
static const SpanCase span_cases[] = {
  { "full-width-no1", "【ＮＯ．１】🎉\n業界No.1と絶対！", "keihyo.no1", 1, 5 },
  { "ascii-no1-after-newline", "【ＮＯ．１】🎉\n業界No.1と絶対！", "ng.common.industry_no1", 8, 14 },
  { "after-emoji-and-newline", "【ＮＯ．１】🎉\n業界No.1と絶対！", "ng.common.absolutely", 15, 17 },
  { "half-width-kana", "ｶﾞｲﾄﾞ絶対", "ng.common.absolutely", 5, 7 },
  { "zwj-emoji", "👨‍👩‍👧絶対", "ng.common.absolutely", 5, 7 },
  { "combining-mark", "か\xe3\x82\x99絶対", "ng.common.absolutely", 2, 4 },
  { "full-width-word", "ＳＡＬＥは業界Ｎｏ．１", "ng.common.industry_no1", 5, 11 },
  { "crlf", "a\r\n最安値", "ng.common.lowest_price", 3, 6 },
  { "flag-and-skin-tone", "🇯🇵👍🏽最安値", "ng.common.lowest_price", 4, 7 },
};

static void
test_span (gconstpointer data)
{
  const SpanCase *c = data;
  g_autoptr(MsMessage) message = ms_message_new_email (c->subject, "", "", NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  const MsFinding *f = test_find (result, c->rule, MS_FIELD_SUBJECT, c->start);

  if (f == NULL)
    {
      g_autofree char *found = test_describe (result);
      g_test_message ("found: %s", found);
    }
  g_assert_nonnull (f);
  g_assert_cmpuint (f->end, ==, c->end);
  /* The span's text is what the editor underlines. */
  {
    const char *s = g_utf8_offset_to_pointer (c->subject, c->start);
    const char *e = g_utf8_offset_to_pointer (c->subject, c->end);
    g_autofree char *expected = g_strndup (s, e - s);
    g_assert_cmpstr (f->text, ==, expected);
  }
}

static void
test_span_body_lines (void)
{
  const char *body = "こんにちは😀\n\nＰＯＩＮＴ２倍！\n絶対お得です。\r\n" TEST_FOOTER;
  g_autoptr(MsMessage) message = ms_message_new_email ("秋のセール開催中", "", body, NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  const MsFinding *f = test_find (result, "ng.common.absolutely", MS_FIELD_BODY, 17);

  g_assert_nonnull (f);
  g_assert_cmpuint (f->end, ==, 19);
  g_assert_cmpstr (f->text, ==, "絶対");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/score/normalize/strings", test_normalize);
  g_test_add_func ("/ms/score/normalize/offset-map", test_offset_map);
  g_test_add_func ("/ms/score/matcher/aho-corasick", test_aho_corasick);
  g_test_add_func ("/ms/score/matcher/utf8", test_aho_corasick_utf8);
  g_test_add_func ("/ms/score/matcher/empty", test_empty_matcher);
  for (guint i = 0; i < G_N_ELEMENTS (span_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/score/span/%s", span_cases[i].name);
      g_test_add_data_func (path, &span_cases[i], test_span);
    }
  g_test_add_func ("/ms/score/span/body-lines", test_span_body_lines);

  return g_test_run ();
}
