/* test-rules.c — every rule family fires when it should and only then;
 * broken packs are rejected with errors that name the file and the rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "score-test-util.h"

#define GOOD_BODY \
  "いつもご利用いただきありがとうございます。\n" \
  "秋の新作が入荷しました。11月30日まで新作20%OFFです。\n\n" \
  "▼新作を見て購入する\nhttps://example.jp/new\n" TEST_FOOTER

typedef struct
{
  const char *name;
  const char *rule;
  gboolean    expected;
  MsChannel   channel;
  const char *subject;
  const char *preheader;
  const char *body;          /* LINE: bubbles separated by "\f" */
  MsAudience  audience;
  MsAgeBand   age_band;
  gboolean    b2b;
  MsGoal      goal;
  const char *industry;
} RuleCase;

#define EMAIL(subj, pre, body) MS_CHANNEL_EMAIL, subj, pre, body
#define LINE(title, bubbles) MS_CHANNEL_LINE, title, "", bubbles

static const RuleCase cases[] = {
  /* ng.common: the five common NG words */
  { "ng.common/lowest-price", "ng.common", TRUE, EMAIL ("地域最安値に挑戦中", "", GOOD_BODY) },
  { "ng.common/industry-no1", "ng.common", TRUE, EMAIL ("業界No.1の品ぞろえ", "", GOOD_BODY) },
  { "ng.common/absolutely-full-width", "ng.common", TRUE, EMAIL ("秋の新作20%OFF", "", "ゼッタイではなく絶対に似合う" GOOD_BODY) },
  { "ng.common/certain", "ng.common", TRUE, EMAIL ("確実に届く新作20%OFF", "", GOOD_BODY) },
  { "ng.common/guarantee-line", "ng.common", TRUE, LINE (NULL, "品質保証つき！新作20%OFF\nhttps://example.jp") },
  { "ng.common/none", "ng.common", FALSE, EMAIL ("秋の新作コートが20%OFF", "", GOOD_BODY) },
  /* keihyo */
  { "keihyo.superlative/yes", "keihyo.superlative", TRUE, EMAIL ("最高品質の化粧水", "", GOOD_BODY) },
  { "keihyo.no1/japan-first", "keihyo.no1", TRUE, EMAIL ("日本一売れている化粧水", "", GOOD_BODY) },
  { "keihyo.superlative/no", "keihyo.superlative", FALSE, EMAIL ("よく選ばれている化粧水", "", GOOD_BODY) },
  { "keihyo.no1/yes", "keihyo.no1", TRUE, EMAIL ("新作のご案内", "", "顧客満足度No.1のサロンです。" GOOD_BODY) },
  { "keihyo.no1/full-width", "keihyo.no1", TRUE, EMAIL ("新作のご案内", "", "満足度ＮＯ．１の実力。" GOOD_BODY) },
  { "keihyo.no1.basis/with-note", "keihyo.no1.basis", TRUE, EMAIL ("新作のご案内", "", "顧客満足度No.1※\n※2024年 当社調べ（利用者300名）" GOOD_BODY) },
  { "keihyo.price/yes", "keihyo.price", TRUE, EMAIL ("新作のご案内", "", "通常価格12,000円→今なら8,400円！" GOOD_BODY) },
  { "keihyo.price/arrow", "keihyo.price", TRUE, EMAIL ("新作のご案内", "", "9,800円 ⇒ 4,900円" GOOD_BODY) },
  { "keihyo.price/no", "keihyo.price", FALSE, EMAIL ("新作のご案内", "", "期間限定価格 8,400円（税込）" GOOD_BODY) },
  { "keihyo.disclaimer/subject-claim", "keihyo.disclaimer", TRUE, EMAIL ("満足度98%の美容液", "", GOOD_BODY) },
  { "keihyo.disclaimer/body-claim", "keihyo.disclaimer", TRUE, EMAIL ("新作美容液のご案内", "", "9割の方が実感！" GOOD_BODY) },
  { "keihyo.disclaimer.body/noted", "keihyo.disclaimer.body", FALSE, EMAIL ("新作美容液のご案内", "", "9割の方が実感※\n※個人の感想です。" GOOD_BODY) },
  /* A note that a testimonial is personal does not cancel its claim (CAA 2017). */
  { "keihyo.disclaimer.terms/personal-note", "keihyo.disclaimer.terms", TRUE, EMAIL ("新作美容液のご案内", "", "9割の方が実感※\n※個人の感想です。" GOOD_BODY) },
  /* yakki */
  { "yakki.cosmetics/yes", "yakki.cosmetics", TRUE, EMAIL ("シミが消える美容液", "", GOOD_BODY), .industry = "cosmetics" },
  { "yakki.cosmetics/half-width", "yakki.cosmetics", TRUE, LINE (NULL, "ｼﾐが消える美容液が新登場\nhttps://example.jp") },
  { "yakki.cosmetics/no", "yakki.cosmetics", FALSE, EMAIL ("肌にうるおいを与える美容液", "", GOOD_BODY), .industry = "cosmetics" },
  { "yakki.guarantee/yes", "yakki.guarantee", TRUE, EMAIL ("飲むだけで痩せるサプリ", "", GOOD_BODY), .industry = "health_food" },
  { "yakki.disease/yes", "yakki.disease", TRUE, EMAIL ("新サプリ", "", "血圧が下がると評判です。" GOOD_BODY) },
  { "yakki/no", "yakki", FALSE, EMAIL ("毎日の栄養補給に新サプリ", "", GOOD_BODY), .industry = "health_food" },
  /* tokutei: email bodies only */
  { "tokutei.sender/missing", "tokutei.sender", TRUE, EMAIL ("新作20%OFF", "", "新作です。\nhttps://example.jp\n配信停止はこちら") },
  { "tokutei.sender/present", "tokutei.sender", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "tokutei.optout/missing", "tokutei.optout", TRUE, EMAIL ("新作20%OFF", "", "新作です。\n発行：株式会社サンプル") },
  { "tokutei.optout/present", "tokutei.optout", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "tokutei.address/missing", "tokutei.address", TRUE, EMAIL ("新作20%OFF", "", "新作です。\n発行：株式会社サンプル") },
  { "tokutei.address/present", "tokutei.address", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "tokutei.contact/missing", "tokutei.contact", TRUE, EMAIL ("新作20%OFF", "", "新作です。\n発行：株式会社サンプル") },
  { "tokutei.contact/present", "tokutei.contact", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "tokutei/not-for-line", "tokutei", FALSE, LINE (NULL, "新作です。20%OFF\nhttps://example.jp") },
  /* limits */
  { "subject.length/long", "subject.length", TRUE, EMAIL ("【期間限定】秋の新作コートとニットが全品20%OFFになる特別なセールを開催します", "", GOOD_BODY) },
  { "subject.length/ok", "subject.length", FALSE, EMAIL ("秋の新作コートが20%OFF", "", GOOD_BODY) },
  { "preheader.length/long", "preheader.length", TRUE, EMAIL ("秋の新作20%OFF", "会員様限定のご案内です。秋の新作コート、ニット、ブーツなど人気のアイテムが11月30日まで全品20%OFF。数量に限りがありますので、お早めにチェックしてください。在庫がなくなり次第終了となります。", GOOD_BODY) },
  { "preheader.length/ok", "preheader.length", FALSE, EMAIL ("秋の新作20%OFF", "会員様限定、11月30日まで。人気のコートもお得です。", GOOD_BODY) },
  { "line.length/501", "line.length", TRUE, LINE (NULL, NULL) },
  { "line.length/500", "line.length", FALSE, LINE (NULL, NULL) },
  { "line.bubbles/4", "line.bubbles", TRUE, LINE (NULL, "1つ目\f2つ目\f3つ目\f4つ目") },
  { "line.bubbles/3", "line.bubbles", FALSE, LINE (NULL, "1つ目\f2つ目\f3つ目") },
  /* style */
  { "style.exclamation/subject", "style.exclamation", TRUE, EMAIL ("新作20%OFF！本日まで！", "", GOOD_BODY) },
  { "style.exclamation/one", "style.exclamation", FALSE, EMAIL ("新作20%OFF！", "", GOOD_BODY) },
  { "style.emoji/subject", "style.emoji", TRUE, EMAIL ("🎉新作20%OFF🍁", "", GOOD_BODY) },
  { "style.emoji/one", "style.emoji", FALSE, EMAIL ("🍁新作20%OFF", "", GOOD_BODY) },
  { "style.brackets/stacked", "style.brackets", TRUE, EMAIL ("【本日限定】【送料無料】新作20%OFF", "", GOOD_BODY) },
  { "style.brackets/one-pair", "style.brackets", FALSE, EMAIL ("【本日限定】新作20%OFF", "", GOOD_BODY) },
  { "style.brackets/no", "style.brackets", FALSE, EMAIL ("本日限定：新作20%OFF", "", GOOD_BODY) },
  { "style.register_mix/yes", "style.register_mix", TRUE, EMAIL ("新作20%OFF", "", "新作が入荷しました。今年の冬はこれで決まりだ。ぜひご覧ください。" GOOD_BODY) },
  { "style.register_mix/no", "style.register_mix", FALSE, EMAIL ("新作20%OFF", "", "新作が入荷しました。今年の冬におすすめです。ぜひご覧ください。" GOOD_BODY) },
  /* appeal */
  { "appeal.urgency/yes", "appeal.urgency", TRUE, EMAIL ("今だけ新作20%OFF", "", GOOD_BODY) },
  { "appeal.urgency/no", "appeal.urgency", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "appeal.number/missing", "appeal.number", TRUE, EMAIL ("秋の新作のご案内", "", GOOD_BODY) },
  { "appeal.number/full-width", "appeal.number", FALSE, EMAIL ("秋の新作が２０％ＯＦＦ", "", GOOD_BODY) },
  { "appeal.number/line", "appeal.number", TRUE, LINE (NULL, "秋の新作が入荷しました。\nhttps://example.jp") },
  /* cta */
  { "cta.missing/yes", "cta.missing", TRUE, EMAIL ("新作20%OFF", "", "秋の新作が入荷しました。" TEST_FOOTER "\n") },
  { "cta.missing/line", "cta.missing", TRUE, LINE (NULL, "秋の新作が入荷しました。") },
  { "cta.missing/no", "cta.missing", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  { "cta.vague/yes", "cta.vague", TRUE, EMAIL ("新作20%OFF", "", "詳しくはこちら\nhttps://example.jp" TEST_FOOTER) },
  { "cta.vague/no", "cta.vague", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY) },
  /* spam */
  { "spam/words", "spam", TRUE, EMAIL ("副業で簡単に稼げる方法", "", GOOD_BODY) },
  { "spam/shouting", "spam", TRUE, LINE (NULL, "新作入荷！！！20%OFF\nhttps://example.jp") },
  { "spam/shortener", "spam", TRUE, EMAIL ("新作20%OFF", "", "https://bit.ly/abc" TEST_FOOTER) },
  { "spam/none", "spam", FALSE, EMAIL ("秋の新作コートが20%OFF", "", GOOD_BODY) },
  /* fit */
  { "fit.existing/missing", "fit.existing", TRUE, EMAIL ("新作20%OFF", "", "新作です。\nhttps://example.jp" TEST_FOOTER), .audience = MS_AUDIENCE_EXISTING },
  { "fit.existing/thanks", "fit.existing", FALSE, EMAIL ("新作20%OFF", "", GOOD_BODY), .audience = MS_AUDIENCE_EXISTING },
  { "fit.new/missing", "fit.new", TRUE, EMAIL ("新作20%OFF", "", GOOD_BODY), .audience = MS_AUDIENCE_NEW },
  { "fit.new/first-time", "fit.new", FALSE, EMAIL ("初回限定20%OFF", "", GOOD_BODY), .audience = MS_AUDIENCE_NEW },
  { "fit.b2b/emoji", "fit.b2b_emoji", TRUE, EMAIL ("🎉新サービス20%OFF", "", GOOD_BODY), .b2b = TRUE },
  { "fit.b2b/formal", "fit.b2b", FALSE, EMAIL ("新サービスのご案内（導入費20%OFF）", "", GOOD_BODY), .b2b = TRUE },
  { "fit.age_emoji/yes", "fit.age_emoji", TRUE, LINE (NULL, "🎉🎉新作🍁20%OFF\nhttps://example.jp"), .age_band = MS_AGE_BAND_60S_PLUS },
  { "fit.age_emoji/young", "fit.age_emoji", FALSE, LINE (NULL, "🎉🎉新作🍁20%OFF\nhttps://example.jp"), .age_band = MS_AGE_BAND_20S },
  { "fit.goal/reservation-missing", "fit.goal", TRUE, EMAIL ("新作20%OFF", "", GOOD_BODY), .goal = MS_GOAL_RESERVATION },
  { "fit.goal/reservation", "fit.goal", FALSE, EMAIL ("新作20%OFF", "", "ご予約はこちらから\nhttps://example.jp" TEST_FOOTER), .goal = MS_GOAL_RESERVATION },
};

static MsMessage *
make_message (const RuleCase *c)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();

  segment->audience = c->audience;
  segment->age_band = c->age_band;
  segment->b2b = c->b2b;
  segment->goal = c->goal;
  ms_segment_set_industry (segment, c->industry);

  if (c->channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (c->subject, c->preheader, c->body, segment);

  if (c->body == NULL)
    {
      /* line.length: 500 or 501 characters, emoji and newlines included. */
      g_autoptr(GString) text = g_string_new ("新作20%OFF https://example.jp\n");
      guint target = g_str_has_suffix (c->name, "501") ? 501 : 500;
      const char *bubbles[2] = { NULL, NULL };

      while (g_utf8_strlen (text->str, -1) < target)
        g_string_append (text, g_utf8_strlen (text->str, -1) % 10 == 0 ? "😀" : "あ");
      bubbles[0] = text->str;
      return ms_message_new_line (c->subject, bubbles, segment);
    }
  else
    {
      g_auto(GStrv) bubbles = g_strsplit (c->body, "\f", -1);
      return ms_message_new_line (c->subject, (const char * const *) bubbles, segment);
    }
}

static void
test_rule_case (gconstpointer data)
{
  const RuleCase *c = data;
  g_autoptr(MsMessage) message = make_message (c);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  gboolean found = ms_score_result_has_finding (result, c->rule);

  if (found != c->expected)
    {
      g_autofree char *described = test_describe (result);
      g_test_message ("%s expected %s; %s", c->rule, c->expected ? "present" : "absent",
                      described);
    }
  g_assert_cmpint (found, ==, c->expected);
}

/* ------------------------------------------------------------ brand rules */

static void
test_brand_rules (void)
{
  g_autoptr(MsBrandRules) brand = ms_brand_rules_new ();
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char * const personal[] = { "激安", NULL };
  const char * const team[] = { "ヤバい", "ＳＡＬＥ", NULL };
  guint threshold;
  gboolean passed;
  MsMinScoreAction action;

  brand->personal_ng_words = g_strdupv ((char **) personal);
  brand->team_ng_words = g_strdupv ((char **) team);
  brand->brand_name = g_strdup ("サンプル堂");
  brand->subject_no_brackets = TRUE;
  brand->subject_max_emoji = 0;
  brand->subject_max_cells = 30;
  brand->require_unsubscribe = TRUE;
  brand->min_score = 90;
  brand->min_score_action = MS_MIN_SCORE_ACTION_BADGE;

  rules = ms_rule_set_new (NULL, brand, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_rule_set_get_engine (rules), !=,
                   ms_rule_set_get_engine (ms_rule_set_get_default ()));

  message = ms_message_new_email ("【激安】ヤバいsale🎉秋の新作がとってもお得になっています", "",
                                  "新作です。\nhttps://example.jp\n発行：株式会社サンプル\n"
                                  "〒150-0001 東京都渋谷区1-2-3 お問い合わせ：a@example.jp", NULL);
  result = test_score (rules, message);

  g_assert_true (ms_score_result_has_finding (result, "ng.custom"));
  g_assert_true (ms_score_result_has_finding (result, "ng.team"));
  g_assert_nonnull (test_find (result, "ng.team", MS_FIELD_SUBJECT, 7));   /* sale ≈ ＳＡＬＥ */
  g_assert_true (ms_score_result_has_finding (result, "brand.subject.brackets"));
  g_assert_true (ms_score_result_has_finding (result, "brand.subject.emoji"));
  g_assert_true (ms_score_result_has_finding (result, "brand.subject.length"));
  g_assert_true (ms_score_result_has_finding (result, "brand.required.name"));
  g_assert_true (ms_score_result_has_finding (result, "brand.required.unsubscribe"));
  g_assert_false (ms_score_result_has_finding (result, "brand.required.contact"));

  g_assert_true (ms_score_result_get_min_score (result, &threshold, &passed, &action));
  g_assert_cmpuint (threshold, ==, 90);
  g_assert_false (passed);
  g_assert_cmpint (action, ==, MS_MIN_SCORE_ACTION_BADGE);

  /* The default set has none of these. */
  {
    g_autoptr(MsScoreResult) plain = test_score (NULL, message);
    g_assert_false (ms_score_result_has_finding (plain, "ng.custom"));
    g_assert_false (ms_score_result_has_finding (plain, "brand"));
    g_assert_false (ms_score_result_get_min_score (plain, NULL, NULL, NULL));
  }
}

/* ---------------------------------------------------------- broken packs */

typedef struct
{
  const char *name;
  const char *json;
  int         code;
  const char *mentions;    /* besides the file name */
} BrokenCase;

#define RULE_HEAD "{\"pack\": \"team\", \"rules\": [{\"id\": \"ng.team.bad\", \"axis\": \"compliance\", \"severity\": \"error\", "
#define RULE_TEXTS "\"message\": {\"ja\": \"だめ\", \"en\": \"bad\"}, \"suggestion\": {\"ja\": \"直す\", \"en\": \"fix\"}, \"reference\": \"team\""

static const BrokenCase broken_cases[] = {
  { "not-json", "{\"pack\": \"team\", \"rules\": [", MS_RULE_PACK_ERROR_PARSE, NULL },
  { "no-rules", "{\"pack\": \"team\"}", MS_RULE_PACK_ERROR_INVALID, "rules" },
  { "bad-regex", RULE_HEAD "\"matcher\": {\"kind\": \"regex\", \"pattern\": \"([a-\"}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "ng.team.bad" },
  { "empty-words", RULE_HEAD "\"matcher\": {\"kind\": \"literal\", \"words\": []}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "ng.team.bad" },
  { "unknown-axis", "{\"pack\": \"team\", \"rules\": [{\"id\": \"ng.team.bad\", \"axis\": \"beauty\", \"severity\": \"error\", "
    "\"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "axis" },
  { "missing-english", RULE_HEAD "\"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, "
    "\"message\": {\"ja\": \"だめ\"}, \"suggestion\": {\"ja\": \"直す\", \"en\": \"fix\"}, \"reference\": \"team\"}]}",
    MS_RULE_PACK_ERROR_INVALID, "en" },
  { "no-reference", RULE_HEAD "\"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, "
    "\"message\": {\"ja\": \"だめ\", \"en\": \"bad\"}, \"suggestion\": {\"ja\": \"直す\", \"en\": \"fix\"}}]}",
    MS_RULE_PACK_ERROR_INVALID, "reference" },
  { "unknown-check", RULE_HEAD "\"matcher\": {\"kind\": \"check\", \"check\": \"vibes\"}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "vibes" },
  { "bad-id", "{\"pack\": \"team\", \"rules\": [{\"id\": \"NG Team\", \"axis\": \"compliance\", \"severity\": \"error\", "
    "\"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "NG Team" },
  /* the id of a broken rule names it in the error; an array or an object
   * there was a critical in json-glib (the fuzzer found it) */
  { "id-array", "{\"pack\": \"team\", \"rules\": [{\"id\": [\"ng.team.bad\"], \"axis\": \"compliance\", "
    "\"severity\": \"error\", \"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "rule “?” (#1): “id” must be a non-empty string" },
  { "id-object", "{\"pack\": \"team\", \"rules\": [{\"id\": {\"a\": 1}, \"axis\": \"compliance\", "
    "\"severity\": \"error\", \"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "“id” must be a non-empty string" },
  { "id-number", "{\"pack\": \"team\", \"rules\": [{\"id\": 7, \"axis\": \"compliance\", "
    "\"severity\": \"error\", \"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_INVALID, "“id” must be a non-empty string" },
  { "duplicate-id", RULE_HEAD "\"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}, "
    "{\"id\": \"ng.team.bad\", \"axis\": \"compliance\", \"severity\": \"error\", "
    "\"matcher\": {\"kind\": \"literal\", \"words\": [\"y\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_DUPLICATE_ID, "#2" },
  { "clashes-with-built-in", "{\"pack\": \"team\", \"rules\": [{\"id\": \"ng.common.absolutely\", \"axis\": \"compliance\", "
    "\"severity\": \"error\", \"matcher\": {\"kind\": \"literal\", \"words\": [\"x\"]}, " RULE_TEXTS "}]}",
    MS_RULE_PACK_ERROR_DUPLICATE_ID, "common.json" },
};

static void
test_broken_pack (gconstpointer data)
{
  const BrokenCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-rules-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  const char *paths[2] = { NULL, NULL };

  g_assert_no_error (error);
  path = g_build_filename (dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (path, c->json, -1, &error));
  paths[0] = path;

  rules = ms_rule_set_new (paths, NULL, &error);
  g_assert_null (rules);
  g_assert_error (error, MS_RULE_PACK_ERROR, c->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "broken.json"));
  if (c->mentions != NULL)
    g_assert_nonnull (strstr (error->message, c->mentions));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_extra_pack (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("msgscore-rules-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "team.json", NULL);
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  const char *paths[] = { path, NULL };

  g_assert_true (g_file_set_contents (path,
    RULE_HEAD "\"matcher\": {\"kind\": \"literal\", \"words\": [\"ＣＯＯＬ\"]}, " RULE_TEXTS "}]}",
    -1, &error));
  rules = ms_rule_set_new (paths, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ms_rule_set_lookup (rules, "ng.team.bad"));

  message = ms_message_new_email ("cool な新作20%OFF", "", GOOD_BODY, NULL);
  result = test_score (rules, message);
  g_assert_nonnull (test_find (result, "ng.team.bad", MS_FIELD_SUBJECT, 0));

  g_unlink (path);
  g_rmdir (dir);
}

/* Every family the issue names exists, and every rule cites a source. */
static void
test_families_exist (void)
{
  static const char * const families[] = {
    "ng.common", "ng.custom", "ng.team", "keihyo.superlative", "keihyo.no1",
    "keihyo.price", "keihyo.disclaimer", "keihyo.urgency", "keihyo.efficacy", "yakki.cosmetics",
    "yakki.disease", "yakki.body", "yakki.guarantee", "yakki.endorsement",
    "tokutei.sender", "tokutei.optout", "tokutei.address", "tokutei.contact",
    "subject.length", "preheader.length", "line.length", "line.bubbles",
    "style.exclamation", "style.emoji", "style.brackets", "style.register_mix",
    "appeal.urgency", "appeal.number", "cta.missing", "cta.vague", "spam",
  };
  g_autoptr(GPtrArray) all = ms_rule_set_list_all_rules (ms_rule_set_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    {
      gboolean found = FALSE;
      gsize len = strlen (families[i]);

      for (guint j = 0; j < all->len && !found; j++)
        {
          const char *id = ms_rule_get_id (g_ptr_array_index (all, j));
          found = strncmp (id, families[i], len) == 0 && (id[len] == '\0' || id[len] == '.');
        }
      if (!found)
        g_test_message ("missing family %s", families[i]);
      g_assert_true (found);
    }

  for (guint j = 0; j < all->len; j++)
    {
      MsRule *rule = g_ptr_array_index (all, j);

      g_assert_cmpstr (ms_rule_get_reference (rule), !=, "");
      g_assert_nonnull (ms_rule_get_message (rule, "ja"));
      g_assert_nonnull (ms_rule_get_message (rule, "en"));
      g_assert_nonnull (ms_rule_get_suggestion (rule, "en"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/score/rules/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_rule_case);
    }
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/score/pack/broken/%s", broken_cases[i].name);
      g_test_add_data_func (path, &broken_cases[i], test_broken_pack);
    }
  g_test_add_func ("/ms/score/pack/extra", test_extra_pack);
  g_test_add_func ("/ms/score/pack/families", test_families_exist);
  g_test_add_func ("/ms/score/brand/rules", test_brand_rules);

  return g_test_run ();
}
