/* test-claims.c — legal claims as written: conjugations, variant spellings,
 * numbers inside phrases, context that makes a match no claim, one finding
 * per problem, exact spans, and the 特定電子メール法 checks where they apply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "score-test-util.h"

typedef struct
{
  const char *name;
  const char *text;        /* scored as a LINE bubble */
  const char *rule;        /* a rule id or family */
  gboolean    expected;
} ClaimCase;

static const ClaimCase cases[] = {
  /* Conjugations: rules are written on base forms. */
  { "conjugation/polite", "毎日飲んでがんを予防します", "yakki.disease", TRUE },
  { "conjugation/past", "半年でがんを予防した", "yakki.disease", TRUE },
  { "conjugation/potential", "糖尿病を予防できるお茶", "yakki.disease", TRUE },
  { "conjugation/past-verb", "3か月で5キロ痩せました", "yakki.body", TRUE },
  { "conjugation/te-form", "シミが消えていく", "yakki.cosmetics", TRUE },
  /* Variant spellings. */
  { "variant/old-kanji", "飲むだけで瘦せた", "yakki.body", TRUE },
  { "variant/hiragana", "みるみるやせる", "yakki.body", TRUE },
  { "variant/katakana-concern", "しみが消える美容液", "yakki.cosmetics", TRUE },
  { "variant/half-width", "ｼﾐが消える美容液", "yakki.cosmetics", TRUE },
  { "variant/no1-space", "満足度No. 1のサロン", "keihyo.no1", TRUE },
  { "variant/no1-full-width", "満足度ＮＯ．１の実力", "keihyo.no1", TRUE },
  { "variant/no1-numero", "顧客満足度№1", "keihyo.no1", TRUE },
  /* Numbers inside phrases. */
  { "number/percent", "シミが99.9%消える", "yakki.cosmetics", TRUE },
  { "number/minus-kilo", "3ヶ月で-12kg！", "yakki.body", TRUE },
  { "number/kilo-down", "2週間で5キロ減", "yakki.body", TRUE },
  { "number/years-younger", "10歳若返る肌へ", "yakki.cosmetics", TRUE },
  /* Negation. */
  { "negation/wake", "シミが消えるわけではありません", "yakki.cosmetics", FALSE },
  { "negation/masen", "この美容液でシミは消えません", "yakki.cosmetics", FALSE },
  { "negation/promise", "効果を保証するものではありません", "yakki.guarantee", FALSE },
  { "negation/urgency", "先着順ではございません", "keihyo.urgency", FALSE },
  { "negation/not-needed", "無理に痩せる必要はありません", "yakki.body", FALSE },
  { "negation/double", "この薬草茶が病気を治すことは間違いありません", "yakki.guarantee", TRUE },
  /* Aspiration. */
  { "aspiration/no1", "No.1の企業を目指します", "keihyo.no1", FALSE },
  { "aspiration/japan-first", "日本一を目指して", "keihyo.no1", FALSE },
  /* Questions and quotations. */
  { "question/superlative", "最高の一日を過ごしませんか？", "keihyo.superlative", FALSE },
  { "quotation/warning", "「飲むだけで痩せる」という広告にご注意ください", "yakki.guarantee", FALSE },
  /* Fixed expressions. */
  { "fixed/temperature", "今日の最高気温は23℃です", "keihyo.superlative", FALSE },
  { "fixed/officer", "最高責任者からのご挨拶", "keihyo.superlative", FALSE },
  { "fixed/reservation", "完全予約制のサロンです", "keihyo.superlative", FALSE },
  { "fixed/statistics", "りんごの生産量日本一の青森県から", "keihyo.no1", FALSE },
  { "fixed/weather", "きょうは全国一位の暑さでした", "keihyo.no1", FALSE },
  { "fixed/event", "日本一の芋煮会に出かけました", "keihyo.no1", FALSE },
  /* Whom a product is not for. */
  { "caution/consult", "高血圧の方は医師にご相談ください", "yakki.disease", FALSE },
  { "caution/list", "以下の方はご利用いただけません\n・糖尿病のある方\n・心臓病のある方", "yakki.disease", FALSE },
  { "caution/other-clause", "高血圧の方におすすめ！医師にご相談ください", "yakki.disease", TRUE },
  /* A notified function claim (機能性表示食品) is worded as notified. */
  { "notified/function", "本品にはＡが含まれ、体脂肪を減らすのを助ける機能が報告されています。", "yakki.body", FALSE },
  { "notified/not-this-sentence", "体脂肪を減らす！機能が報告されています", "yakki.body", TRUE },
  { "notified/koto", "本品にはＢが含まれ、便通を改善することが報告されています。", "yakki.disease", FALSE },
  /* A clinic's vaccination notice or a classed drug may name a disease. */
  { "medical/vaccination", "インフルエンザの予防接種は10月1日から始めます", "yakki.disease", FALSE },
  { "medical/drug-class", "第2類医薬品：かぜの諸症状の緩和に", "yakki.disease", FALSE },
  { "medical/not-a-food", "インフルエンザを予防するサプリ", "yakki.disease", TRUE },
  /* Permitted wording. */
  { "permitted/sun-spots", "日やけによるシミ・そばかすを防ぐ", "yakki.cosmetics", FALSE },
  { "permitted/wrinkles", "乾燥による小ジワを目立たなくする", "yakki.cosmetics", FALSE },
  { "permitted/quasi-drug", "メラニンの生成を抑え、シミ・そばかすを防ぐ", "yakki.cosmetics", FALSE },
  { "permitted/moisture", "肌にうるおいを与える化粧水", "yakki", FALSE },
};

static MsScoreResult *
score_line (const char *text)
{
  const char * const bubbles[] = { text, NULL };
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsMessage) message = ms_message_new_line (NULL, bubbles, segment);

  return test_score (NULL, message);
}

static void
test_claim (gconstpointer data)
{
  const ClaimCase *c = data;
  g_autoptr(MsScoreResult) result = score_line (c->text);
  gboolean found = ms_score_result_has_finding (result, c->rule);

  if (found != c->expected)
    {
      g_autofree char *described = test_describe (result);
      g_test_message ("“%s”: %s expected %s; %s", c->text, c->rule,
                      c->expected ? "present" : "absent", described);
    }
  g_assert_cmpint (found, ==, c->expected);
}

/* A No.1 with its basis close by asks to check the survey (a warning); one
 * without a basis is an error. */
static void
test_no1_basis (void)
{
  g_autoptr(MsScoreResult) bare = score_line ("顧客満足度No.1のサロンです");
  g_autoptr(MsScoreResult) noted =
    score_line ("顧客満足度No.1※\n※2024年3月 当社調べ（利用者300名）");
  const MsFinding *f;

  /* The finding marks 満足度No.1: the claim and the words around it. */
  f = test_find (bare, "keihyo.no1", MS_FIELD_BUBBLE1, 2);
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, MS_SEVERITY_ERROR);
  g_assert_true (ms_score_result_get_capped (bare));

  f = test_find (noted, "keihyo.no1.basis", MS_FIELD_BUBBLE1, 2);
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, MS_SEVERITY_WARN);
  g_assert_false (ms_score_result_get_capped (noted));
}

/* 業界No.1 is a common NG word and a No.1 claim: one finding names both
 * rules and takes its points once. */
static void
test_one_problem_one_finding (void)
{
  g_autoptr(MsScoreResult) result = score_line ("業界No.1の品ぞろえ");
  GPtrArray *findings = ms_score_result_get_findings (result);
  const MsFinding *claim = NULL;
  guint naming = 0;

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (ms_finding_matches (f, "ng.common") || ms_finding_matches (f, "keihyo.no1"))
        {
          claim = f;
          naming++;
        }
    }

  g_assert_cmpuint (naming, ==, 1);
  g_assert_nonnull (claim);
  g_assert_true (ms_finding_matches (claim, "ng.common.industry_no1"));
  g_assert_true (ms_finding_matches (claim, "keihyo.no1"));
  g_assert_nonnull (claim->also);
  g_assert_cmpuint (claim->start, ==, 0);
  g_assert_cmpuint (claim->end, ==, 6);
  g_assert_cmpstr (claim->text, ==, "業界No.1");
  /* Points once: the first finding of an error rule costs 50 (scoring.json). */
  g_assert_cmpfloat (claim->points, ==, 50.0);
}

/* Spans are code points of the original text, whatever surrounds them. */
static void
test_exact_spans (void)
{
  g_autoptr(MsScoreResult) result = score_line ("🎉ＮＥＷ！ｼﾐが99.9%消える✨クリーム");
  const MsFinding *f = NULL;
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len && f == NULL; i++)
    if (ms_finding_matches (g_ptr_array_index (findings, i), "yakki.cosmetics"))
      f = g_ptr_array_index (findings, i);

  g_assert_nonnull (f);
  /* 🎉 is one code point, ＮＥＷ！ four, ｼﾐ two. */
  g_assert_cmpuint (f->start, ==, 5);
  g_assert_cmpstr (f->text, ==, "ｼﾐが99.9%消える");
  g_assert_cmpuint (f->end, ==, 5 + g_utf8_strlen ("ｼﾐが99.9%消える", -1));
}

/* A subject scored before the body is written is not held down by the
 * footer that body will carry. */
static void
test_subject_alone (void)
{
  g_autoptr(MsMessage) message = ms_message_new_email ("冬のコート12型、サイズ表を更新しました",
                                                       "", "", NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);

  g_assert_false (ms_score_result_has_finding (result, "tokutei"));
  g_assert_false (ms_score_result_get_capped (result));
  g_assert_cmpuint (ms_score_result_get_total (result), >, 59);
}

/* The sending system adds the footer: the four checks become one reminder. */
static void
test_esp_footer (void)
{
  g_autoptr(MsBrandRules) brand = ms_brand_rules_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsMessage) message = ms_message_new_email ("冬のコートのご案内", "",
                                                       "新作のコートが入荷しました。", NULL);
  g_autoptr(MsScoreResult) without = test_score (NULL, message);
  g_autoptr(MsScoreResult) with = NULL;
  const MsFinding *reminder;

  g_assert_true (ms_score_result_has_finding (without, "tokutei.sender"));
  g_assert_false (ms_score_result_has_finding (without, "tokutei.esp_footer"));

  brand->esp_footer = TRUE;
  rules = ms_rule_set_new (NULL, brand, &error);
  g_assert_no_error (error);
  with = test_score (rules, message);

  g_assert_false (ms_score_result_has_finding (with, "tokutei.sender"));
  g_assert_false (ms_score_result_has_finding (with, "tokutei.optout"));
  g_assert_false (ms_score_result_has_finding (with, "tokutei.address"));
  g_assert_false (ms_score_result_has_finding (with, "tokutei.contact"));
  reminder = test_find (with, "tokutei.esp_footer", MS_FIELD_BODY, 14);
  g_assert_nonnull (reminder);
  g_assert_cmpint (reminder->severity, ==, MS_SEVERITY_INFO);
  g_assert_false (ms_score_result_get_capped (with));
  g_assert_cmpstr (ms_rule_set_get_engine (rules), !=, ms_rule_set_get_engine (ms_rule_set_get_default ()));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");     /* the messages quote Japanese */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/claims/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_claim);
    }
  g_test_add_func ("/ms/claims/no1-basis", test_no1_basis);
  g_test_add_func ("/ms/claims/one-problem-one-finding", test_one_problem_one_finding);
  g_test_add_func ("/ms/claims/exact-spans", test_exact_spans);
  g_test_add_func ("/ms/claims/subject-alone", test_subject_alone);
  g_test_add_func ("/ms/claims/esp-footer", test_esp_footer);

  return g_test_run ();
}
