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
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"fax\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": -1, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": \"wide\", \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1.5 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"bubble\": { \"width_em\": 20, \"lines\": 0 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subjekt\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"snippet\": { \"width_em\": 20, \"lines\": 1, \"same_row_as\": \"subject\", \"separator\": \" - \" } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"sender\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } } ]",
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
    "\"slots\": { \"subject\": { \"width_em\": 20, \"lines\": 1 } } }, "
    "{ \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"A\", \"channel\": \"email\", \"font_px\": 15, "
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
    "[ { \"id\": \"a\", \"name_en\": \"A\", \"name_ja\": \"エー\", \"channel\": \"email\", \"font_px\": 15, "
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

  return g_test_run ();
}
