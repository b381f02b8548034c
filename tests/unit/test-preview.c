/* test-preview.c — where each surface cuts a message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ms-core.h"
#include "preview/ms-preview.h"
#include "preview/ms-preview-private.h"

/* 30 full-width characters. */
#define SUBJECT_JA_30 "春の新作コスメ登場今だけ全品半額セール開催中です週末限定お急"
/* An average English subject: 48 characters, about 20.5 em. */
#define SUBJECT_EN_48 "Spring sale: 30% off everything until Sunday 5pm"
/* 60 characters. */
#define SUBJECT_EN_60 "Spring sale: 30% off everything until Sunday 5pm, shop today"

static const MsDeviceProfile *
profile (const char *id)
{
  const MsDeviceProfile *found = ms_device_profile_lookup (id);

  g_assert_nonnull (found);
  g_assert_cmpstr (ms_device_profile_get_id (found), ==, id);
  return found;
}

static guint
strv_len (char **strv)
{
  return strv != NULL ? g_strv_length (strv) : 0;
}

/* The first @n code points of @text, as a new string. */
static char *
prefix_code_points (const char *text,
                    guint       n)
{
  return g_strndup (text, g_utf8_offset_to_pointer (text, n) - text);
}

/* ------------------------------------------------------------------------ */

static void
test_profiles (void)
{
  GPtrArray *profiles = ms_device_profiles_get_default ();
  static const char * const ids[] = {
    "iphone_mail", "gmail_desktop", "gmail_mobile", "line_bubble", "line_chat_list", "line_push",
  };

  g_assert_cmpuint (profiles->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (ms_device_profile_get_id (profiles->pdata[i]), ==, ids[i]);

  g_assert_null (ms_device_profile_lookup ("nokia_3310"));
  g_assert_cmpint (ms_device_profile_get_channel (profile ("iphone_mail")), ==, MS_CHANNEL_EMAIL);
  g_assert_cmpint (ms_device_profile_get_channel (profile ("line_push")), ==, MS_CHANNEL_LINE);
  g_assert_cmpfloat (ms_device_profile_get_font_px (profile ("iphone_mail")), >, 0);
  g_assert_true (ms_device_profile_has_slot (profile ("iphone_mail"), MS_PREVIEW_SLOT_SUBJECT));
  g_assert_false (ms_device_profile_has_slot (profile ("iphone_mail"), MS_PREVIEW_SLOT_BUBBLE));
  g_assert_cmpuint (ms_device_profile_get_slot_lines (profile ("iphone_mail"), MS_PREVIEW_SLOT_SNIPPET), ==, 2);
  g_assert_cmpuint (ms_device_profile_get_slot_lines (profile ("line_bubble"), MS_PREVIEW_SLOT_BUBBLE), ==, 0);
  g_assert_cmpfloat (ms_device_profile_get_slot_width_em (profile ("iphone_mail"), MS_PREVIEW_SLOT_SUBJECT), ==, 21);
  g_assert_null (ms_device_profile_get_slot_separator (profile ("iphone_mail"), MS_PREVIEW_SLOT_SNIPPET));
  g_assert_cmpstr (ms_device_profile_get_slot_separator (profile ("gmail_desktop"), MS_PREVIEW_SLOT_SNIPPET), ==, " - ");
}

static void
test_advances (void)
{
  static const struct { const char *text; double em; } cases[] = {
    { "あ", 1.0 },
    { "Ａ", 1.0 },
    { "🎉", 1.0 },
    { "👨‍👩‍👧‍👦", 1.0 },          /* one cluster, one emoji */
    { "🇯🇵", 1.0 },
    { "…", 1.0 },
    { "ｱ", 0.5 },
    { "ｶﾞ", 1.0 },            /* half-width kana + voicing mark: two cells */
    { "a", 0.46 },
    { "A", 0.62 },
    { "m", 0.78 },
    { "i", 0.24 },
    { " ", 0.25 },
    { "5", 0.55 },
    { "e\xcc\x81", 0.46 },    /* e + combining acute */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *text = cases[i].text;
      MsGraphemeIter iter;
      const char *start;
      const char *end;

      ms_grapheme_iter_init (&iter, text, -1);
      g_assert_true (ms_grapheme_iter_next (&iter, &start, &end));
      g_assert_true (end == text + strlen (text));
      g_assert_cmpfloat_with_epsilon (ms_preview_cluster_advance_em (start, end), cases[i].em, 1e-9);
    }
}

static void
test_half_width_kana_and_emoji (void)
{
  /* 42 half-width kana take 21 em, exactly like 21 full-width characters. */
  g_autoptr(GString) kana = g_string_new (NULL);
  g_autoptr(GString) emoji = g_string_new (NULL);
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_autoptr(MsPreviewLayout) layout2 = NULL;
  const MsPreviewSlotLayout *slot;

  for (guint i = 0; i < 42; i++)
    g_string_append (kana, "ｱ");
  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, kana->str, NULL, NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_false (slot->truncated);
  g_assert_cmpfloat_with_epsilon (slot->width_em, 21.0, 1e-9);

  g_string_append (kana, "ｱ");
  g_clear_pointer (&layout, ms_preview_layout_unref);
  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, kana->str, NULL, NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, 40);   /* 20 em of kana + a 1 em ellipsis */

  /* 22 emoji ZWJ families: each is one 1 em cluster of 7 code points. */
  for (guint i = 0; i < 22; i++)
    g_string_append (emoji, "👨‍👩‍👧‍👦");
  layout2 = ms_preview_layout_email (profile ("iphone_mail"), NULL, emoji->str, NULL, NULL);
  slot = ms_preview_layout_find_slot (layout2, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->source_chars, ==, 22 * 7);
  g_assert_cmpuint (slot->visible_chars, ==, 20 * 7);
}

static void
test_iphone_subject_japanese (void)
{
  g_autoptr(MsPreviewLayout) layout = NULL;
  const MsPreviewSlotLayout *slot;
  g_autofree char *expected = NULL;
  g_auto(GStrv) warnings = NULL;
  const char *line;
  gsize len;

  g_assert_cmpuint (g_utf8_strlen (SUBJECT_JA_30, -1), ==, 30);

  layout = ms_preview_layout_email (profile ("iphone_mail"), "Shop", SUBJECT_JA_30, "", "");
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_nonnull (slot);
  g_assert_cmpint (slot->slot, ==, MS_PREVIEW_SLOT_SUBJECT);
  g_assert_false (slot->hidden);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->source_chars, ==, 30);
  /* 21 em: 20 full-width characters and a 1 em “…”. */
  g_assert_cmpuint (slot->visible_chars, ==, 20);
  g_assert_cmpuint (slot->visible_chars, >=, 19);
  g_assert_cmpuint (slot->visible_chars, <=, 23);
  g_assert_cmpuint (strv_len (slot->lines), ==, 1);

  line = slot->lines[0];
  len = strlen (line);
  g_assert_true (g_str_has_suffix (line, "…"));
  expected = prefix_code_points (SUBJECT_JA_30, slot->visible_chars);
  g_assert_cmpuint (len - strlen ("…"), ==, strlen (expected));
  g_assert_true (strncmp (line, expected, strlen (expected)) == 0);

  warnings = ms_preview_layout_dup_warnings (layout);
  g_assert_cmpuint (strv_len (warnings), >=, 1);
  g_assert_nonnull (strstr (warnings[0], "20"));
}

static void
test_iphone_subject_21_fits (void)
{
  g_autofree char *s21 = prefix_code_points (SUBJECT_JA_30, 21);
  g_autofree char *s22 = prefix_code_points (SUBJECT_JA_30, 22);
  g_autoptr(MsPreviewLayout) fits = NULL;
  g_autoptr(MsPreviewLayout) cut = NULL;

  fits = ms_preview_layout_email (profile ("iphone_mail"), NULL, s21, NULL, NULL);
  cut = ms_preview_layout_email (profile ("iphone_mail"), NULL, s22, NULL, NULL);
  g_assert_false (ms_preview_layout_find_slot (fits, MS_PREVIEW_SLOT_SUBJECT, 0)->truncated);
  g_assert_cmpstr (ms_preview_layout_find_slot (fits, MS_PREVIEW_SLOT_SUBJECT, 0)->lines[0], ==, s21);
  g_assert_true (ms_preview_layout_find_slot (cut, MS_PREVIEW_SLOT_SUBJECT, 0)->truncated);
}

static void
test_iphone_subject_ascii (void)
{
  g_autoptr(MsPreviewLayout) fits = NULL;
  g_autoptr(MsPreviewLayout) cut = NULL;
  const MsPreviewSlotLayout *slot;
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpuint (strlen (SUBJECT_EN_48), ==, 48);
  g_assert_cmpuint (strlen (SUBJECT_EN_60), ==, 60);

  fits = ms_preview_layout_email (profile ("iphone_mail"), NULL, SUBJECT_EN_48, NULL, NULL);
  slot = ms_preview_layout_find_slot (fits, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_false (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, 48);
  g_assert_cmpstr (slot->lines[0], ==, SUBJECT_EN_48);

  cut = ms_preview_layout_email (profile ("iphone_mail"), NULL, SUBJECT_EN_60, NULL, NULL);
  slot = ms_preview_layout_find_slot (cut, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, <, 60);
  g_assert_cmpuint (slot->visible_chars, >=, 45);
  prefix = prefix_code_points (SUBJECT_EN_60, slot->visible_chars);
  expected = g_strconcat (prefix, "…", NULL);
  g_assert_cmpstr (slot->lines[0], ==, expected);
  g_assert_true (slot->width_em <= 21 + 1e-9);
}

static void
test_short_subject (void)
{
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_auto(GStrv) warnings = NULL;

  for (guint i = 0; i < 3; i++)
    {
      static const char * const ids[] = { "iphone_mail", "gmail_desktop", "gmail_mobile" };
      const MsPreviewSlotLayout *slot;

      g_clear_pointer (&layout, ms_preview_layout_unref);
      g_clear_pointer (&warnings, g_strfreev);
      layout = ms_preview_layout_email (profile (ids[i]), "ショップ", "春のセール", "本日から", "本文");
      slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
      g_assert_false (slot->truncated);
      g_assert_cmpstr (slot->lines[0], ==, "春のセール");
      g_assert_cmpuint (slot->visible_chars, ==, 5);
      g_assert_cmpuint (slot->source_chars, ==, 5);
      g_assert_cmpfloat_with_epsilon (slot->width_em, 5.0, 1e-9);
      slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
      g_assert_false (slot->hidden);
      g_assert_cmpstr (slot->lines[0], ==, "本日から");
      warnings = ms_preview_layout_dup_warnings (layout);
      g_assert_cmpuint (strv_len (warnings), ==, 0);
    }

  /* Slots come in order: sender, subject, snippet. */
  g_assert_cmpuint (ms_preview_layout_get_n_slots (layout), ==, 3);
  g_assert_cmpint (ms_preview_layout_get_slot (layout, 0)->slot, ==, MS_PREVIEW_SLOT_SENDER);
  g_assert_cmpint (ms_preview_layout_get_slot (layout, 1)->slot, ==, MS_PREVIEW_SLOT_SUBJECT);
  g_assert_cmpint (ms_preview_layout_get_slot (layout, 2)->slot, ==, MS_PREVIEW_SLOT_SNIPPET);
  g_assert_true (ms_preview_layout_get_profile (layout) == profile ("gmail_mobile"));
}

static void
test_gmail_desktop_row (void)
{
  g_autoptr(GString) subject = g_string_new (NULL);
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_autoptr(MsPreviewLayout) shared = NULL;
  g_auto(GStrv) warnings = NULL;
  const MsPreviewSlotLayout *slot;

  /* A short subject leaves the rest of the row to the preheader. */
  shared = ms_preview_layout_email (profile ("gmail_desktop"), NULL, "春のセール",
                                    "全品20%オフ。週末だけのお得なセールです。お見逃しなく！今すぐチェック",
                                    NULL);
  slot = ms_preview_layout_find_slot (shared, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_false (slot->hidden);
  g_assert_cmpuint (strv_len (slot->lines), ==, 1);
  /* 43 em - 5 em of subject - “ - ” (0.9 em) = 37.1 em. */
  g_assert_true (slot->width_em <= 43 - 5 - 0.9 + 1e-9);
  g_assert_true (g_str_has_prefix (slot->lines[0], "全品20%オフ"));

  /* A subject that fills the row pushes the preheader out. */
  for (guint i = 0; i < 44; i++)
    g_string_append (subject, "セ");
  layout = ms_preview_layout_email (profile ("gmail_desktop"), NULL, subject->str,
                                    "週末だけのセール", NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_true (slot->truncated);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_true (slot->hidden);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 0);

  /* One that fits but leaves under 2 em hides it too. */
  g_clear_pointer (&layout, ms_preview_layout_unref);
  g_string_truncate (subject, strlen ("セ") * 41);
  layout = ms_preview_layout_email (profile ("gmail_desktop"), NULL, subject->str,
                                    "週末だけのセール", NULL);
  g_assert_false (ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SUBJECT, 0)->truncated);
  g_assert_true (ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0)->hidden);

  warnings = ms_preview_layout_dup_warnings (layout);
  g_assert_cmpuint (strv_len (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "Gmail"));
  g_assert_nonnull (strstr (warnings[0], "preheader"));
}

static void
test_snippet_falls_back_to_body (void)
{
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_autoptr(MsPreviewLayout) with_preheader = NULL;
  g_auto(GStrv) warnings = NULL;
  const MsPreviewSlotLayout *slot;

  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, "春のセール", " \n ",
                                    "いつもご利用ありがとうございます。\n\n本日より春のセールを開催します。");
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 2);
  g_assert_cmpstr (slot->lines[0], ==, "いつもご利用ありがとうございます。 本日より");
  g_assert_cmpstr (slot->lines[1], ==, "春のセールを開催します。");
  g_assert_false (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, slot->source_chars);
  warnings = ms_preview_layout_dup_warnings (layout);
  g_assert_cmpuint (strv_len (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "preheader"));

  with_preheader = ms_preview_layout_email (profile ("iphone_mail"), NULL, "春のセール", "本日から",
                                            "いつもご利用ありがとうございます。");
  slot = ms_preview_layout_find_slot (with_preheader, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_cmpstr (slot->lines[0], ==, "本日から");
  g_assert_null (slot->lines[1]);
}

static void
test_snippet_two_lines (void)
{
  g_autoptr(GString) preheader = g_string_new (NULL);
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_auto(GStrv) warnings = NULL;
  const MsPreviewSlotLayout *slot;

  /* Full-width digits: 21 per 21.5 em line, so 21 + 20 and “…” on two lines. */
  for (guint i = 0; i < 50; i++)
    g_string_append (preheader, "０");
  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, "件名", preheader->str, NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 2);
  g_assert_true (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, 41);
  g_assert_cmpuint (g_utf8_strlen (slot->lines[0], -1), ==, 21);
  g_assert_true (g_str_has_suffix (slot->lines[1], "…"));
  warnings = ms_preview_layout_dup_warnings (layout);
  g_assert_cmpuint (strv_len (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "41"));
}

static void
test_word_wrap (void)
{
  g_autoptr(MsPreviewLayout) layout = NULL;
  const MsPreviewSlotLayout *slot;

  /* Latin words move whole to the next line; the wrapping space is not drawn. */
  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, "Hi",
                                    "Thanks for being a member. This week only, everything in "
                                    "the store is thirty percent off for members.", NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 2);
  g_assert_false (g_str_has_suffix (slot->lines[0], " "));
  g_assert_cmpstr (slot->lines[0], ==, "Thanks for being a member. This week only,");
  g_assert_true (g_str_has_prefix (slot->lines[1], "everything in the store"));
  g_assert_true (g_str_has_suffix (slot->lines[1], "…"));

  /* A closing 。 does not start a line. */
  g_clear_pointer (&layout, ms_preview_layout_unref);
  layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, "件名",
                                    "あいうえおかきくけこさしすせそたちつてとなに。の", NULL);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_SNIPPET, 0);
  g_assert_cmpstr (slot->lines[0], ==, "あいうえおかきくけこさしすせそたちつてとな");
  g_assert_cmpstr (slot->lines[1], ==, "に。の");
}

static void
test_newlines (void)
{
  const char *bubble_text = "【春のセール】\n\n全品20%オフ！  \nお見逃しなく";
  const char * const bubbles[] = { bubble_text, NULL };
  g_autoptr(MsPreviewLayout) subject = NULL;
  g_autoptr(MsPreviewLayout) bubble = NULL;
  g_autoptr(MsPreviewLayout) list = NULL;
  g_autoptr(MsPreviewLayout) push = NULL;
  const MsPreviewSlotLayout *slot;
  g_autofree char *collapsed_prefix = NULL;

  subject = ms_preview_layout_email (profile ("iphone_mail"), NULL, "  春の\n\nセール\t開催 \n", NULL, NULL);
  slot = ms_preview_layout_find_slot (subject, MS_PREVIEW_SLOT_SUBJECT, 0);
  g_assert_cmpstr (slot->lines[0], ==, "春の セール 開催");
  g_assert_false (slot->truncated);
  g_assert_cmpuint (slot->visible_chars, ==, slot->source_chars);

  bubble = ms_preview_layout_line (profile ("line_bubble"), "Shop", bubbles);
  g_assert_cmpuint (ms_preview_layout_get_n_slots (bubble), ==, 2);
  slot = ms_preview_layout_find_slot (bubble, MS_PREVIEW_SLOT_BUBBLE, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 4);
  g_assert_cmpstr (slot->lines[0], ==, "【春のセール】");
  g_assert_cmpstr (slot->lines[1], ==, "");
  g_assert_cmpstr (slot->lines[2], ==, "全品20%オフ！");
  g_assert_cmpstr (slot->lines[3], ==, "お見逃しなく");
  g_assert_false (slot->truncated);
  g_assert_cmpuint (slot->over_limit_chars, ==, 0);
  g_assert_null (ms_preview_layout_find_slot (bubble, MS_PREVIEW_SLOT_BUBBLE, 1));
  g_assert_cmpstr (ms_preview_layout_find_slot (bubble, MS_PREVIEW_SLOT_SENDER, 0)->lines[0], ==, "Shop");

  /* The chat list shows the first bubble on one line, newlines collapsed. */
  list = ms_preview_layout_line (profile ("line_chat_list"), "Shop", bubbles);
  slot = ms_preview_layout_find_slot (list, MS_PREVIEW_SLOT_LIST_TEXT, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 1);
  g_assert_true (slot->truncated);
  g_assert_true (g_str_has_prefix (slot->lines[0], "【春のセール】 全品20%オフ"));
  g_assert_true (g_str_has_suffix (slot->lines[0], "…"));
  /* visible_chars counts the collapsed “\n\n” as two code points. */
  collapsed_prefix = prefix_code_points (bubble_text, slot->visible_chars);
  g_test_message ("list: %s / prefix: %s", slot->lines[0], collapsed_prefix);
  g_assert_true (g_str_has_suffix (collapsed_prefix, "\n\n全品20%オフ！"));
  g_assert_cmpstr (slot->lines[0], ==, "【春のセール】 全品20%オフ！…");

  push = ms_preview_layout_line (profile ("line_push"), "Shop", bubbles);
  slot = ms_preview_layout_find_slot (push, MS_PREVIEW_SLOT_LIST_TEXT, 0);
  g_assert_cmpuint (strv_len (slot->lines), ==, 1);
  g_assert_false (slot->truncated);
  g_assert_cmpstr (slot->lines[0], ==, "【春のセール】 全品20%オフ！ お見逃しなく");
}

static void
test_bubble_limit (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(MsPreviewLayout) ok = NULL;
  g_autoptr(MsPreviewLayout) over = NULL;
  g_auto(GStrv) ok_warnings = NULL;
  g_auto(GStrv) over_warnings = NULL;
  const MsPreviewSlotLayout *slot;

  g_assert_cmpuint (ms_channel_limits_get_default ()->line_bubble_max_characters, ==, 500);

  /* 490 characters, 10 of them newlines: newlines count too. */
  for (guint i = 0; i < 10; i++)
    {
      for (guint j = 0; j < 48; j++)
        g_string_append (text, "あ");
      g_string_append (text, "\n");
    }
  for (guint j = 0; j < 10; j++)
    g_string_append (text, "🎉");

  {
    const char * const bubbles[] = { "こんにちは", text->str, NULL };

    ok = ms_preview_layout_line (profile ("line_bubble"), "Shop", bubbles);
    slot = ms_preview_layout_find_slot (ok, MS_PREVIEW_SLOT_BUBBLE, 1);
    g_assert_cmpuint (slot->over_limit_chars, ==, 0);
    g_assert_false (slot->truncated);
    g_assert_cmpuint (strv_len (slot->lines), >, 10);
    ok_warnings = ms_preview_layout_dup_warnings (ok);
    g_assert_cmpuint (strv_len (ok_warnings), ==, 0);
  }

  g_string_append (text, "!");
  {
    const char * const bubbles[] = { "こんにちは", text->str, NULL };

    over = ms_preview_layout_line (profile ("line_bubble"), "Shop", bubbles);
    slot = ms_preview_layout_find_slot (over, MS_PREVIEW_SLOT_BUBBLE, 1);
    g_assert_cmpuint (slot->over_limit_chars, ==, 1);
    g_assert_false (slot->truncated);
    over_warnings = ms_preview_layout_dup_warnings (over);
    g_assert_cmpuint (strv_len (over_warnings), ==, 1);
    g_assert_nonnull (strstr (over_warnings[0], "bubble 2"));
    g_assert_nonnull (strstr (over_warnings[0], "500"));
  }
}

static void
test_bubble_wrap (void)
{
  const char * const bubbles[] = { "あいうえおかきくけこさしすせそたち", "😀", "", "x", NULL };
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_auto(GStrv) warnings = NULL;
  const MsPreviewSlotLayout *slot;

  layout = ms_preview_layout_line (profile ("line_bubble"), NULL, bubbles);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_BUBBLE, 0);
  g_assert_cmpstr (slot->lines[0], ==, "あいうえおかきくけこさしす");
  g_assert_cmpstr (slot->lines[1], ==, "せそたち");
  g_assert_null (slot->lines[2]);
  g_assert_cmpfloat_with_epsilon (slot->width_em, 13.0, 1e-9);
  slot = ms_preview_layout_find_slot (layout, MS_PREVIEW_SLOT_BUBBLE, 2);
  g_assert_null (slot->lines[0]);

  /* Four bubbles are more than one message. */
  warnings = ms_preview_layout_dup_warnings (layout);
  g_assert_cmpuint (strv_len (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "4 bubbles"));
}

static void
test_names (void)
{
  const char *name = ms_device_profile_get_name (profile ("iphone_mail"));

  if (g_str_has_prefix (g_get_language_names ()[0], "ja"))
    g_assert_cmpstr (name, ==, "iPhoneメール");
  else
    g_assert_cmpstr (name, ==, "iPhone Mail");
}

static void
test_parse_invalid (void)
{
  static const char *advances =
    "\"advances\": { \"full_width\": 1, \"uppercase\": 0.6, \"lowercase\": 0.5, \"digit\": 0.5, "
    "\"space\": 0.25, \"narrow\": 0.25, \"narrow_chars\": \"il\", \"wide\": 0.8, \"wide_chars\": \"mw\", "
    "\"punctuation\": 0.4, \"other\": 0.6, \"half_width_kana\": 0.5, \"ellipsis\": 1 }";
  static const char * const bad_profiles[] = {
    "[]",
    "[ 1 ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"fax\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": -1, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": \"wide\", \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1.5 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"bubble\": { \"width_em\": 20, \"lines\": 0 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subjekt\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"snippet\": { \"width_em\": 20, \"lines\": 1, \"same_row_as\": \"subject\", \"separator\": \" - \" } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"sender\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } }, "
    "{ \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    /* A surface the app cannot draw, one that does not fit the channel, none at all. */
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"drawing\": { \"surface\": \"hologram\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"drawing\": { \"surface\": \"talk\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
  };
  static const char * const bad_documents[] = {
    "",
    "{",
    "[]",
    "{ \"profiles\": [] }",
    "{ \"advances\": { \"full_width\": 1 }, \"profiles\": [] }",
  };
  const char *good =
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"エー\", \"channel\": \"email\", \"font_px\": 15, \"drawing\": { \"surface\": \"inbox_list\", \"width_px\": 390 }, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 }, "
    "\"snippet\": { \"width_em\": 20, \"lines\": 1, \"same_row_as\": \"subject\", \"separator\": \" - \" } } } ]";
  g_autofree char *good_json = g_strdup_printf ("{ %s, \"profiles\": %s }", advances, good);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) error = NULL;

  parsed = _ms_device_profiles_parse (good_json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed);
  g_assert_cmpuint (parsed->len, ==, 1);
  g_assert_cmpstr (ms_device_profile_get_slot_separator (parsed->pdata[0], MS_PREVIEW_SLOT_SNIPPET), ==, " - ");

  for (guint i = 0; i < G_N_ELEMENTS (bad_profiles); i++)
    {
      g_autofree char *json = g_strdup_printf ("{ %s, \"profiles\": %s }", advances, bad_profiles[i]);
      g_autoptr(GPtrArray) profiles = _ms_device_profiles_parse (json, &error);

      g_test_message ("bad profile %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (profiles);
      g_assert_error (error, MS_PREVIEW_ERROR, MS_PREVIEW_ERROR_INVALID_PROFILE);
      g_assert_true (g_str_has_prefix (error->message, "devices.json: "));
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_documents); i++)
    {
      g_autoptr(GPtrArray) profiles = _ms_device_profiles_parse (bad_documents[i], &error);

      g_test_message ("bad document %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (profiles);
      g_assert_error (error, MS_PREVIEW_ERROR, MS_PREVIEW_ERROR_INVALID_PROFILE);
      g_clear_error (&error);
    }
}

/* Runs last: it switches the process to Japanese and back. */
static void
test_warnings_in_japanese (void)
{
  static const char *msgid = "%s: the subject pushes the preheader out of the row. "
                             "Shorten the subject to make room for it.";
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_lc_all = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(MsPreviewLayout) layout = NULL;
  g_auto(GStrv) warnings = NULL;
  gboolean translated;

  g_setenv ("LANGUAGE", "ja", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  ms_core_init_i18n ();

  translated = g_strcmp0 (g_dgettext (GETTEXT_PACKAGE, msgid), msgid) != 0;
  if (translated)
    {
      layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, SUBJECT_JA_30, "", "");
      warnings = ms_preview_layout_dup_warnings (layout);
    }

  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (old_lc_all != NULL)
    g_setenv ("LC_ALL", old_lc_all, TRUE);
  else
    g_unsetenv ("LC_ALL");
  setlocale (LC_ALL, "");

  if (!translated)
    {
      g_test_skip ("the Japanese catalogue has no preview warnings yet (po/ja-preview.po.part)");
      return;
    }

  g_test_message ("%s", warnings[0]);
  g_assert_cmpuint (strv_len (warnings), >=, 1);
  g_assert_true (g_str_has_prefix (warnings[0], "iPhoneメール: "));
  g_assert_nonnull (strstr (warnings[0], "件名が20文字目で切れます"));
}

static void
test_ref_counting (void)
{
  MsPreviewLayout *layout = ms_preview_layout_email (profile ("iphone_mail"), NULL, NULL, NULL, NULL);

  g_assert_true (ms_preview_layout_ref (layout) == layout);
  ms_preview_layout_unref (layout);
  g_assert_cmpuint (ms_preview_layout_get_n_slots (layout), ==, 3);
  g_assert_null (ms_preview_layout_get_slot (layout, 1)->lines[0]);
  g_assert_false (ms_preview_layout_get_slot (layout, 1)->truncated);
  g_assert_cmpuint (ms_preview_layout_get_slot (layout, 1)->source_chars, ==, 0);
  ms_preview_layout_unref (layout);
}

/* ------------------------------------------------------------------------ */
/* Hand-checked cut points, per device profile                              */
/* ------------------------------------------------------------------------ */

/* Each case is worked out by hand from data/devices.json, in em:
 *   full-width (kana, kanji, ！％２（【、。…, emoji) 1.0   half-width kana 0.5
 *   uppercase 0.62   lowercase 0.46   digit 0.55   space 0.25   punctuation 0.4
 *   narrow (ijlI.,;:'!|`) 0.24   wide (mwMW@%) 0.78   ellipsis “…” 1.0
 * A character fits while the running width stays ≤ the slot width. On the
 * last line, when something does not fit, characters (and any space) are
 * taken back off until the line plus the 1 em “…” fits. Non-bubble slots
 * collapse each run of white space to one 0.25 em space. */
typedef struct
{
  const char    *profile_id;
  const char    *name;
  /* Email: sender, subject, preheader, body. LINE: sender is the account name. */
  const char    *sender;
  const char    *subject;
  const char    *preheader;
  const char    *body;
  const char    *bubbles[3];      /* LINE, NULL-terminated */
  /* The slot checked, and what it must be. */
  MsPreviewSlot  slot;
  const char    *lines[6];        /* NULL-terminated */
  guint          visible_chars;
  guint          source_chars;
  gboolean       truncated;
  gboolean       hidden;
  double         width_em;
} CutCase;

static const CutCase cut_cases[] = {
  /* ---- iphone_mail: sender 17 em, subject 21 em, snippet 2 × 21.5 em ---- */
  {
    /* 株式会社サンプル公式オンラインストア: 18 full-width = 18 em > 17.
     * 17 em / 1.0 em per full-width = 17 characters fit; the 18th does not,
     * so 16 + “…” = 16 + 1 = 17 em: “株式会社サンプル公式オンラインス…”. */
    .profile_id = "iphone_mail", .name = "sender-cut",
    .sender = "株式会社サンプル公式オンラインストア", .subject = "春のセール",
    .slot = MS_PREVIEW_SLOT_SENDER,
    .lines = { "株式会社サンプル公式オンラインス…", NULL },
    .visible_chars = 16, .source_chars = 18, .truncated = TRUE, .width_em = 17,
  },
  {
    /* Half-width kana, emoji and ASCII on one 21 em line:
     *   🎉 1 → 1.00; ｾｰﾙ 3 × 0.5 → 2.50; 開催中 3 → 5.50; 🎉 → 6.50;
     *   space → 6.75; T 0.62 → 7.37; シャツ 3 → 10.37; 全品 2 → 12.37;
     *   5 0 0.55 + 0.55 → 13.47; % 0.78 → 14.25; OFF 3 × 0.62 → 16.11;
     *   space → 16.36; ｸｰ 2 × 0.5 → 17.36; ﾎﾟ (one cluster, two cells)
     *   1.0 → 18.36; ﾝ 0.5 → 18.86; 配 → 19.86; 布 → 20.86; 中 → 21.86 > 21.
     * Take back: 布 20.86 + 1 > 21, out; 配 19.86 + 1 = 20.86 ≤ 21, stays.
     * Visible code points: 🎉ｾｰﾙ開催中🎉 8 + space 1 + Tシャツ全品50%OFF 12
     * + space 1 + ｸｰﾎﾟﾝ 5 + 配 1 = 28. */
    .profile_id = "iphone_mail", .name = "subject-mixed-cut",
    .subject = "🎉ｾｰﾙ開催中🎉 Tシャツ全品50%OFF ｸｰﾎﾟﾝ配布中",
    .slot = MS_PREVIEW_SLOT_SUBJECT,
    .lines = { "🎉ｾｰﾙ開催中🎉 Tシャツ全品50%OFF ｸｰﾎﾟﾝ配…", NULL },
    .visible_chars = 28, .source_chars = 30, .truncated = TRUE, .width_em = 20.86,
  },
  {
    /* Two lines of 21.5 em.
     * Line 1: 【限定】本日 6 → 6; 20 1.10 → 7.10; 時まで 3 → 10.10;
     *   全品送料無料！ 7 → 17.10; さらに会 4 → 21.10; 員 → 22.10 > 21.5,
     *   so the line breaks before 員 (22 code points, 21.10 em).
     * Line 2 (last): 員様はポイント 7 → 7; 10 1.10 → 8.10; 倍。 2 → 10.10;
     *   お買い物はお早めにどう 11 → 21.10; ぞ → 22.10 > 21.5. Take back:
     *   う 21.10 + 1 > 21.5, out; ど 20.10 + 1 = 21.10 ≤ 21.5, stays.
     * Visible: 22 + 7 + 2 + 2 + 10 = 43 of 45. */
    .profile_id = "iphone_mail", .name = "snippet-two-lines-cut",
    .subject = "春のセール",
    .preheader = "【限定】本日20時まで全品送料無料！さらに会員様はポイント10倍。お買い物はお早めにどうぞ",
    .slot = MS_PREVIEW_SLOT_SNIPPET,
    .lines = { "【限定】本日20時まで全品送料無料！さらに会", "員様はポイント10倍。お買い物はお早めにど…", NULL },
    .visible_chars = 43, .source_chars = 45, .truncated = TRUE, .width_em = 21.10,
  },

  /* ---- gmail_desktop: sender 12 em; subject + “ - ” + snippet share 43 em ---- */
  {
    /* ｻ 0.5, ﾝ 0.5, ﾌﾟ (one cluster, two cells) 1.0, ﾙ 0.5 → 2.50;
     * 商店 2 → 4.50; space → 4.75; 公式 2 → 6.75;
     * 🛍️ (U+1F6CD U+FE0F, emoji) 1 → 7.75; space → 8.00;
     * Online: O 0.62, n 0.46, l 0.24, i 0.24, n 0.46, e 0.46 = 2.48 → 10.48;
     * space → 10.73; S 0.62 → 11.35; h 0.46 → 11.81; o 0.46 → 12.27 > 12.
     * Take back: h 11.81 + 1 > 12, S 11.35 + 1 > 12, the space; e 10.48 + 1
     * = 11.48 ≤ 12 stays. The cut falls at the word boundary after “Online”:
     * ｻﾝﾌﾟﾙ 5 code points + 商店 2 + space + 公式 2 + 🛍️ 2 + space + Online 6 = 19. */
    .profile_id = "gmail_desktop", .name = "sender-mixed-cut",
    .sender = "ｻﾝﾌﾟﾙ商店 公式🛍️ Online Shop", .subject = "春のセール",
    .slot = MS_PREVIEW_SLOT_SENDER,
    .lines = { "ｻﾝﾌﾟﾙ商店 公式🛍️ Online…", NULL },
    .visible_chars = 19, .source_chars = 24, .truncated = TRUE, .width_em = 11.48,
  },
  {
    /* Subject 春のセール = 5 em; “ - ” = 0.25 + 0.4 + 0.25 = 0.9 em; the
     * snippet gets 43 - 5 - 0.9 = 37.1 em. The preheader is 43 full-width:
     * 37 fit (37 ≤ 37.1), the 38th does not (38 > 37.1). Take back the 37th
     * (37 + 1 = 38 > 37.1); 36 + 1 = 37 ≤ 37.1: 36 characters and “…”. */
    .profile_id = "gmail_desktop", .name = "snippet-rest-of-row-cut",
    .subject = "春のセール",
    .preheader = "週末限定のスペシャルセールを開催中です。全品送料無料でお届けしますので、この機会にぜひ",
    .slot = MS_PREVIEW_SLOT_SNIPPET,
    .lines = { "週末限定のスペシャルセールを開催中です。全品送料無料でお届けしますので、…", NULL },
    .visible_chars = 36, .source_chars = 43, .truncated = TRUE, .width_em = 37,
  },
  {
    /* A 40 full-width subject fits (40 ≤ 43) and leaves 43 - 40 - 0.9 = 2.1 em,
     * not under the 2 em minimum, so the snippet shows: 週 1, 末 2 ≤ 2.1,
     * だ 3 > 2.1. Take back 末 (2 + 1 = 3 > 2.1); 1 + 1 = 2 ≤ 2.1: “週…”. */
    .profile_id = "gmail_desktop", .name = "snippet-minimum-room",
    .subject = "春の新作コスメ登場今だけ全品半額セール開催中です週末限定お急ぎください数量限定品",
    .preheader = "週末だけのセール",
    .slot = MS_PREVIEW_SLOT_SNIPPET,
    .lines = { "週…", NULL },
    .visible_chars = 1, .source_chars = 8, .truncated = TRUE, .width_em = 2,
  },

  {
    /* A 41 full-width subject fits (41 ≤ 43) but leaves 43 - 41 - 0.9 = 1.1 em,
     * under the 2 em minimum: the snippet is hidden, no lines, nothing visible. */
    .profile_id = "gmail_desktop", .name = "snippet-pushed-out",
    .subject = "春の新作コスメ登場今だけ全品半額セール開催中です週末限定お急ぎください数量限定品！",
    .preheader = "週末だけのセール",
    .slot = MS_PREVIEW_SLOT_SNIPPET,
    .lines = { NULL },
    .visible_chars = 0, .source_chars = 8, .truncated = TRUE, .hidden = TRUE, .width_em = 0,
  },

  /* ---- gmail_mobile: sender 15 em, subject 17 em, snippet 19 em, one line each ---- */
  {
    /* 【春の新作】コスメ全品２０％オフ！: 17 full-width = 17 em ≤ 17: fits exactly. */
    .profile_id = "gmail_mobile", .name = "subject-japanese-fits",
    .subject = "【春の新作】コスメ全品２０％オフ！",
    .slot = MS_PREVIEW_SLOT_SUBJECT,
    .lines = { "【春の新作】コスメ全品２０％オフ！", NULL },
    .visible_chars = 17, .source_chars = 17, .truncated = FALSE, .width_em = 17,
  },
  {
    /* 21 full-width. 17 em / 1.0 em per full-width = 17 characters; the 18th
     * (本) does not fit, so 16 + “…” = 16 + 1 = 17 em. */
    .profile_id = "gmail_mobile", .name = "subject-japanese-cut",
    .subject = "【春の新作】コスメ全品２０％オフ！本日まで",
    .slot = MS_PREVIEW_SLOT_SUBJECT,
    .lines = { "【春の新作】コスメ全品２０％オフ…", NULL },
    .visible_chars = 16, .source_chars = 21, .truncated = TRUE, .width_em = 17,
  },
  {
    /* Your 0.62 + 3 × 0.46 = 2.00; space 2.25; order 5 × 0.46 → 4.55;
     * space 4.80; has 1.38 → 6.18; space 6.43; shipped 6 × 0.46 + 0.24 (i)
     * = 3.00 → 9.43; space 9.68; and 1.38 → 11.06; space 11.31;
     * will 0.78 + 3 × 0.24 = 1.50 → 12.81; space 13.06;
     * arrive 5 × 0.46 + 0.24 = 2.54 → 15.60; space 15.85; s → 16.31;
     * o → 16.77; o → 17.23 > 17. Take back o (16.77 + 1 > 17), s (16.31 + 1
     * > 17) and the space; e 15.60 + 1 = 16.60 ≤ 17 stays: the cut is at the
     * word boundary, 38 characters “Your order has shipped and will arrive”. */
    .profile_id = "gmail_mobile", .name = "subject-ascii-word-boundary",
    .subject = "Your order has shipped and will arrive soon",
    .slot = MS_PREVIEW_SLOT_SUBJECT,
    .lines = { "Your order has shipped and will arrive…", NULL },
    .visible_chars = 38, .source_chars = 43, .truncated = TRUE, .width_em = 16.60,
  },
  {
    /* The snippet is one 19 em line (no second line as on iPhone):
     * ご購入いただいたお客様全員に次回使える = 19 full-width = 19 em; 5 0.55
     * → 19.55 > 19. Take back る (19 + 1 > 19); え 18 + 1 = 19 ≤ 19 stays. */
    .profile_id = "gmail_mobile", .name = "snippet-one-line",
    .subject = "春のセール",
    .preheader = "ご購入いただいたお客様全員に次回使える500円クーポンをプレゼント",
    .slot = MS_PREVIEW_SLOT_SNIPPET,
    .lines = { "ご購入いただいたお客様全員に次回使え…", NULL },
    .visible_chars = 18, .source_chars = 33, .truncated = TRUE, .width_em = 19,
  },

  /* ---- line_bubble: account name 14 em; bubbles 13.5 em, no line limit ---- */
  {
    /* サンプル化粧品公式アカウント = 14 full-width = 14 em fits; （ → 15 > 14.
     * Take back ト (14 + 1 > 14); ン 13 + 1 = 14 ≤ 14 stays: 13 + “…”. */
    .profile_id = "line_bubble", .name = "account-name-cut",
    .sender = "サンプル化粧品公式アカウント（東京）",
    .bubbles = { "こんにちは", NULL },
    .slot = MS_PREVIEW_SLOT_SENDER,
    .lines = { "サンプル化粧品公式アカウン…", NULL },
    .visible_chars = 13, .source_chars = 18, .truncated = TRUE, .width_em = 14,
  },
  {
    /* Thank 0.62 + 4 × 0.46 = 2.46; space 2.71; you 1.38 → 4.09; space 4.34;
     * for 1.38 → 5.72; space 5.97; shopping 7 × 0.46 + 0.24 = 3.46 → 9.43;
     * space 9.68; with 0.78 + 0.24 + 0.46 + 0.46 = 1.94 → 11.62; space 11.87;
     * us 0.92 → 12.79; space 13.04; t → 13.50 ≤ 13.5; o → 13.96 > 13.5.
     * “today!” is one word, so it moves whole to line 2; the wrapping space is
     * not drawn. Line 1 is 12.79 em; line 2 5 × 0.46 + 0.24 = 2.54 em. */
    .profile_id = "line_bubble", .name = "latin-word-wrap",
    .bubbles = { "Thank you for shopping with us today!", NULL },
    .slot = MS_PREVIEW_SLOT_BUBBLE,
    .lines = { "Thank you for shopping with us", "today!", NULL },
    .visible_chars = 37, .source_chars = 37, .truncated = FALSE, .width_em = 12.79,
  },
  {
    /* 本日から春のセールを開催 12 → 12; 「 → 13 ≤ 13.5; 全 → 14 > 13.5.
     * 「 may not end a line, so the break goes before 「: line 1 is 12 em,
     * line 2 「全品半額」です is 8 em. */
    .profile_id = "line_bubble", .name = "opening-bracket-wraps",
    .bubbles = { "本日から春のセールを開催「全品半額」です", NULL },
    .slot = MS_PREVIEW_SLOT_BUBBLE,
    .lines = { "本日から春のセールを開催", "「全品半額」です", NULL },
    .visible_chars = 20, .source_chars = 20, .truncated = FALSE, .width_em = 12,
  },

  /* ---- line_chat_list: one 16 em line, the first bubble with newlines collapsed ---- */
  {
    /* 【週末限定】 6 → 6; “\n\n” one space → 6.25; 全品 → 8.25; 20 1.10 →
     * 9.35; % 0.78 → 10.13; オフ → 12.13; “\n” space → 12.38; クー → 14.38;
     * ポ → 15.38; ン → 16.38 > 16. Take back ポ (15.38 + 1 > 16); ー 14.38 + 1
     * = 15.38 ≤ 16 stays. Visible code points: 6 + 2 (\n\n) + 7 + 1 (\n) + 2
     * = 18. The second bubble is not shown. */
    .profile_id = "line_chat_list", .name = "first-bubble-collapsed-cut",
    .sender = "Shop",
    .bubbles = { "【週末限定】\n\n全品20%オフ\nクーポンは店頭でご提示ください", "2通目は表示されません", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "【週末限定】 全品20%オフ クー…", NULL },
    .visible_chars = 18, .source_chars = 31, .truncated = TRUE, .width_em = 15.38,
  },
  {
    /* ご来店ありがとうございました 14 → 14; “\n” space → 14.25; ま → 15.25;
     * た → 16.25 > 16. Take back ま (15.25 + 1 > 16) and the space; た
     * 14 + 1 = 15 ≤ 16 stays. The newline is after the cut: visible 14. */
    .profile_id = "line_chat_list", .name = "cut-at-newline",
    .bubbles = { "ご来店ありがとうございました\nまたのお越しをお待ちしております", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "ご来店ありがとうございました…", NULL },
    .visible_chars = 14, .source_chars = 31, .truncated = TRUE, .width_em = 15,
  },
  {
    /* Leading and trailing newlines dropped; 新商品のお知らせ 8 → 8; “\n”
     * space → 8.25; 詳細はこちら 6 → 14.25 ≤ 16: not cut. */
    .profile_id = "line_chat_list", .name = "short-not-cut",
    .bubbles = { "\n新商品のお知らせ\n詳細はこちら\n", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "新商品のお知らせ 詳細はこちら", NULL },
    .visible_chars = 17, .source_chars = 17, .truncated = FALSE, .width_em = 14.25,
  },

  /* ---- line_push: four lines of 22 em, the first bubble with newlines collapsed ---- */
  {
    /* Line 1: いつもご利用いただき誠にありがとうございます = 22 full-width
     *   = 22 em, but 。 (23 > 22) may not start a line, so す goes down
     *   with it: 21 characters, 21 em.
     * Line 2: す。本日より全店で春の大感謝祭を開催します。 = 22 em; 期 → 23.
     * Line 3: 期間中は対象商品がすべて二十パーセントオフ、 = 22 em; さ → 23.
     * Line 4 (last): さらに会員様には送料無料の特典もご用意してお = 22 em;
     *   り → 23 > 22. Take back お (22 + 1 > 22); て 21 + 1 = 22 ≤ 22 stays.
     * Visible: 21 + 22 + 22 + 21 = 86 of 106. */
    .profile_id = "line_push", .name = "four-lines-cut",
    .bubbles = { "いつもご利用いただき誠にありがとうございます。本日より全店で春の大感謝祭を開催します。"
                 "期間中は対象商品がすべて二十パーセントオフ、さらに会員様には送料無料の特典もご用意しております。"
                 "ぜひこの機会にお越しください。", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "いつもご利用いただき誠にありがとうございま",
               "す。本日より全店で春の大感謝祭を開催します。",
               "期間中は対象商品がすべて二十パーセントオフ、",
               "さらに会員様には送料無料の特典もご用意して…", NULL },
    .visible_chars = 86, .source_chars = 106, .truncated = TRUE, .width_em = 22,
  },
  {
    /* 新作コスメが入荷しました。 13 → 13; “\n” space → 13.25;
     * 数量限定のため、 8 → 21.25; お → 22.25 > 22: line 1 breaks before お
     * (21.25 em, the collapsed newline drawn as a space). Line 2
     * お早めにお買い求めください。 = 14 em. Not cut: 13 + 1 + 8 + 14 = 36. */
    .profile_id = "line_push", .name = "two-lines-fit",
    .bubbles = { "新作コスメが入荷しました。\n数量限定のため、お早めにお買い求めください。", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "新作コスメが入荷しました。 数量限定のため、", "お早めにお買い求めください。", NULL },
    .visible_chars = 36, .source_chars = 36, .truncated = FALSE, .width_em = 21.25,
  },
  {
    /* ご注文ありがとうございます。注文番号 18 → 18; space → 18.25;
     * A B C D 4 × 0.62 → 20.73; 1 2 2 × 0.55 → 21.83; 3 → 22.38 > 22.
     * ABCD1234 is one word, so it moves whole to line 2 (line 1: 18 em).
     * Line 2: ABCD 2.48 + 1234 2.20 = 4.68; space 4.93; をご確認ください
     * 8 → 12.93. Not cut: 18 + 1 + 8 + 1 + 8 = 36. */
    .profile_id = "line_push", .name = "latin-word-wraps",
    .bubbles = { "ご注文ありがとうございます。注文番号 ABCD1234 をご確認ください", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "ご注文ありがとうございます。注文番号", "ABCD1234 をご確認ください", NULL },
    .visible_chars = 36, .source_chars = 36, .truncated = FALSE, .width_em = 18,
  },
  {
    /* 全品ポイント十倍キャンペーンを本日も実施中 = 21 full-width = 21 em;
     * space → 21.25 ≤ 22; ！ → 22.25 > 22. ！ may not start a line and a
     * line does not break before a space, so the break goes before 中:
     * line 1 is 20 em; line 2 中 1 + space 0.25 + ！ 1 + お見逃しなく 6
     * = 8.25 em, with no space drawn at its start. */
    .profile_id = "line_push", .name = "space-before-closing-mark",
    .bubbles = { "全品ポイント十倍キャンペーンを本日も実施中 ！お見逃しなく", NULL },
    .slot = MS_PREVIEW_SLOT_LIST_TEXT,
    .lines = { "全品ポイント十倍キャンペーンを本日も実施", "中 ！お見逃しなく", NULL },
    .visible_chars = 29, .source_chars = 29, .truncated = FALSE, .width_em = 20,
  },
};

typedef struct
{
  MsPreviewLayout           *layout;
  const MsPreviewSlotLayout *slot;
} CutFixture;

static void
cut_fixture_set_up (CutFixture    *fixture,
                    gconstpointer  data)
{
  const CutCase *c = data;
  const MsDeviceProfile *p = profile (c->profile_id);

  if (ms_device_profile_get_channel (p) == MS_CHANNEL_EMAIL)
    fixture->layout = ms_preview_layout_email (p, c->sender, c->subject, c->preheader, c->body);
  else
    fixture->layout = ms_preview_layout_line (p, c->sender, c->bubbles);

  fixture->slot = ms_preview_layout_find_slot (fixture->layout, c->slot, 0);
  g_assert_nonnull (fixture->slot);
}

static void
cut_fixture_tear_down (CutFixture    *fixture,
                       gconstpointer  data)
{
  g_clear_pointer (&fixture->layout, ms_preview_layout_unref);
}

static void
test_cut_case (CutFixture    *fixture,
               gconstpointer  data)
{
  const CutCase *c = data;
  const MsPreviewSlotLayout *slot = fixture->slot;
  guint n_expected = 0;

  while (c->lines[n_expected] != NULL)
    n_expected++;

  for (guint i = 0; slot->lines[i] != NULL; i++)
    g_test_message ("line %u: “%s”", i, slot->lines[i]);

  g_assert_cmpuint (strv_len (slot->lines), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (slot->lines[i], ==, c->lines[i]);
  g_assert_cmpuint (slot->visible_chars, ==, c->visible_chars);
  g_assert_cmpuint (slot->source_chars, ==, c->source_chars);
  g_assert_cmpint (slot->truncated, ==, c->truncated);
  g_assert_cmpint (slot->hidden, ==, c->hidden);
  g_assert_cmpfloat_with_epsilon (slot->width_em, c->width_em, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/preview/profiles", test_profiles);
  g_test_add_func ("/ms/preview/advances", test_advances);
  g_test_add_func ("/ms/preview/half-width-kana-and-emoji", test_half_width_kana_and_emoji);
  g_test_add_func ("/ms/preview/iphone/subject-japanese-cut", test_iphone_subject_japanese);
  g_test_add_func ("/ms/preview/iphone/subject-21-full-width-fits", test_iphone_subject_21_fits);
  g_test_add_func ("/ms/preview/iphone/subject-ascii", test_iphone_subject_ascii);
  g_test_add_func ("/ms/preview/short-subject", test_short_subject);
  g_test_add_func ("/ms/preview/gmail-desktop/row", test_gmail_desktop_row);
  g_test_add_func ("/ms/preview/snippet/body-fallback", test_snippet_falls_back_to_body);
  g_test_add_func ("/ms/preview/snippet/two-lines", test_snippet_two_lines);
  g_test_add_func ("/ms/preview/word-wrap", test_word_wrap);
  g_test_add_func ("/ms/preview/newlines", test_newlines);
  g_test_add_func ("/ms/preview/line/bubble-limit", test_bubble_limit);
  g_test_add_func ("/ms/preview/line/bubble-wrap", test_bubble_wrap);
  g_test_add_func ("/ms/preview/names", test_names);
  g_test_add_func ("/ms/preview/parse-invalid", test_parse_invalid);
  g_test_add_func ("/ms/preview/ref-counting", test_ref_counting);
  g_test_add_func ("/ms/preview/warnings-in-japanese", test_warnings_in_japanese);

  for (guint i = 0; i < G_N_ELEMENTS (cut_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/preview/%s/%s",
                                               cut_cases[i].profile_id, cut_cases[i].name);

      g_test_add (path, CutFixture, &cut_cases[i],
                  cut_fixture_set_up, test_cut_case, cut_fixture_tear_down);
    }

  return g_test_run ();
}
