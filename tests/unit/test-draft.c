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
  g_test_add_func ("/ms/draft/line-over-limit", test_line_over_limit);
  g_test_add_func ("/ms/draft/line-utf16-limit", test_line_utf16_limit);
  g_test_add_func ("/ms/channel/limits-from-data", test_channel_limits_from_data);
  g_test_add_func ("/ms/channel/names", test_channel_names);

  return g_test_run ();
}
