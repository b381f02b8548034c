/* test-draft.c — the observable model behind the Score page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-core.h"

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, unit);

  return g_string_free (text, FALSE);
}

static void
test_counts_follow_fields (void)
{
  g_autoptr(MsDraft) draft = ms_draft_new ();
  guint body_notifies = 0;

  g_signal_connect (draft, "notify::body", G_CALLBACK (count_notify), &body_notifies);

  ms_draft_set_subject (draft, "【限定】春のセール");
  ms_draft_set_body (draft, "こんにちは\n🎉");
  ms_draft_set_body (draft, "こんにちは\n🎉");

  g_assert_cmpuint (body_notifies, ==, 1);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_SUBJECT)->characters, ==, 9);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_SUBJECT)->cells, ==, 18);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_BODY)->lines, ==, 2);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_BODY)->emoji, ==, 1);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_PREHEADER)->characters, ==, 0);
}

/* A keystroke recounts the paragraph it changed; the counts must be those
 * of the whole text after any edit, where clusters join across what was
 * typed (CR then LF, two flags' halves, a base and its mark). */
static void
test_counts_follow_edits (void)
{
  static const char * const pieces[] = {
    "a", "冬", "\n", "\r", "\r\n", "👍🏽", "👨‍👩‍👧", "🇯", "🇵", "1️⃣", "か", "\xe3\x82\x99",
    "ｶﾞ", "𠮷", "\t", " ", "セール\n", "\n\n",
  };
  g_autoptr(MsDraft) draft = ms_draft_new ();
  g_autoptr(GPtrArray) text = g_ptr_array_new ();

  for (guint step = 0; step < 600; step++)
    {
      g_autoptr(GString) joined = g_string_new (NULL);
      MsTextCounts expected;
      const MsTextCounts *counts;
      guint at = g_test_rand_int_range (0, text->len + 1);

      if (text->len > 0 && g_test_rand_int_range (0, 3) == 0)
        g_ptr_array_remove_index (text, MIN (at, text->len - 1));
      else
        g_ptr_array_insert (text, at,
                            (gpointer) pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      for (guint i = 0; i < text->len; i++)
        g_string_append (joined, g_ptr_array_index (text, i));

      ms_draft_set_body (draft, joined->str);
      g_assert_true (ms_text_count (joined->str, -1, &expected, NULL));
      counts = ms_draft_get_counts (draft, MS_DRAFT_FIELD_BODY);
      g_assert_cmpuint (counts->characters, ==, expected.characters);
      g_assert_cmpuint (counts->cells, ==, expected.cells);
      g_assert_cmpuint (counts->lines, ==, expected.lines);
      g_assert_cmpuint (counts->emoji, ==, expected.emoji);
      g_assert_cmpuint (counts->utf16_units, ==, expected.utf16_units);
      g_assert_cmpuint (counts->bytes, ==, expected.bytes);
    }
}

static void
test_line_over_limit (void)
{
  g_autoptr(MsDraft) draft = ms_draft_new ();
  g_autofree char *at_limit = repeat ("あ", 500);
  g_autofree char *over_limit = repeat ("あ", 501);
  guint notifies = 0;

  g_signal_connect (draft, "notify::over-limit", G_CALLBACK (count_notify), &notifies);

  ms_draft_set_body (draft, over_limit);
  g_assert_false (ms_draft_get_over_limit (draft));   /* email has no such limit */

  ms_draft_set_channel (draft, MS_CHANNEL_LINE);
  g_assert_true (ms_draft_get_over_limit (draft));
  g_assert_cmpuint (notifies, ==, 1);

  ms_draft_set_body (draft, at_limit);
  g_assert_false (ms_draft_get_over_limit (draft));
  g_assert_cmpuint (notifies, ==, 2);
}

static void
test_line_utf16_limit (void)
{
  g_autoptr(MsDraft) draft = ms_draft_new ();
  /* 455 families of 11 UTF-16 units each: under 500 characters, over 5,000 units. */
  g_autofree char *families = repeat ("👨‍👩‍👧‍👦", 455);

  ms_draft_set_channel (draft, MS_CHANNEL_LINE);
  ms_draft_set_body (draft, families);
  g_assert_cmpuint (ms_draft_get_counts (draft, MS_DRAFT_FIELD_BODY)->characters, ==, 455);
  g_assert_true (ms_draft_get_over_limit (draft));
}

static void
test_channel_limits_from_data (void)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();

  g_assert_cmpuint (limits->line_bubble_max_characters, ==, 500);
  g_assert_cmpuint (limits->line_max_bubbles, ==, 3);
  g_assert_cmpuint (limits->line_api_max_utf16_units, ==, 5000);
}

static void
test_channel_names (void)
{
  MsChannel channel;

  g_assert_true (ms_channel_from_string ("line", &channel));
  g_assert_cmpint (channel, ==, MS_CHANNEL_LINE);
  g_assert_cmpstr (ms_channel_to_string (MS_CHANNEL_EMAIL), ==, "email");
  g_assert_false (ms_channel_from_string ("fax", &channel));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/draft/counts-follow-fields", test_counts_follow_fields);
  g_test_add_func ("/ms/draft/counts-follow-edits", test_counts_follow_edits);
  g_test_add_func ("/ms/draft/line-over-limit", test_line_over_limit);
  g_test_add_func ("/ms/draft/line-utf16-limit", test_line_utf16_limit);
  g_test_add_func ("/ms/channel/limits-from-data", test_channel_limits_from_data);
  g_test_add_func ("/ms/channel/names", test_channel_names);

  return g_test_run ();
}
