/* test-calibration.c — the score's scale: what lands below 60, in 60–75, at 80+
 *
 * data/scoring.json publishes the scale (README.md “What 60, 70 and 80
 * mean”): spam-pattern copy below 60, plain but weak copy 60–75, good copy
 * 80 and up. These hand-written messages are the kinds a reviewer sees every
 * day; the published A/B tests (tests/corpus/ab, test-eval) measure how the
 * scale ranks real winners.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "score-test-util.h"
#include "score/ms-score-config.h"

/* The demo shop's footer, without a separator line. */
#define FOOTER "\n\n配信元：株式会社ノースリーフ（Northleaf オンラインストア）\n" \
               "〒150-0001 東京都渋谷区神宮前3-15-8\n" \
               "お問い合わせ：support@northleaf.example.jp\n" \
               "配信停止：https://example.jp/northleaf/unsubscribe"

typedef struct
{
  MsChannel   channel;
  const char *subject;
  const char *preheader;
  const char *body;
  guint       min;
  guint       max;
  const char *why;
} Example;

static const Example examples[] = {
  /* spam patterns: below 60 */
  { MS_CHANNEL_LINE, NULL, NULL,
    "【限定】【本日】【急げ】今すぐクリック！！！激安セール開催中🎉🎉🎉 https://bit.ly/3xYz",
    0, 59, "the LINE message of issue 12: bracket stack, !!!, spam words, emoji run, shortener" },
  { MS_CHANNEL_EMAIL, "【激安】【本日限り】今すぐクリック！！！", "",
    "{name}様\n\n冬物が激安です。今すぐクリック！\n\n▼セール会場へ\nhttps://example.jp/northleaf/sale" FOOTER,
    0, 59, "a spam-pattern subject over a plain body" },
  { MS_CHANNEL_EMAIL, "当選しました！現金プレゼント", "受け取りはこちら",
    "おめでとうございます。現金プレゼントに当選しました。\n\n▼受け取る\nhttps://tinyurl.com/abc" FOOTER,
    0, 59, "classic spam-filter wording and a shortened link" },
  /* plain but weak: 60–75 */
  { MS_CHANNEL_EMAIL, "お知らせ", "",
    "いつもありがとうございます。\nサイトを更新しました。" FOOTER,
    60, 75, "a subject that says nothing and no call to action" },
  { MS_CHANNEL_LINE, NULL, NULL,
    "Northleafです。\n今週も新しい商品が入荷しました。\n寒くなってきましたので、暖かくしてお過ごしください。",
    60, 75, "a LINE message that asks for nothing and has nothing concrete up front" },
  { MS_CHANNEL_EMAIL, "ラストチャンス！本日限り、残りわずか", "今すぐお急ぎください",
    "{name}様\n\n冬のコートが残りわずかです。本日限り、今すぐお急ぎください。\n\n"
    "▼コートを見る\nhttps://example.jp/northleaf/coat" FOOTER,
    60, 79, "pressure phrases stacked instead of a reason to open" },
  /* good: 80 and up */
  { MS_CHANNEL_EMAIL, "【3日間限定】冬のコート全品20%オフ", "人気のウールコートも対象。12月3日まで",
    "{name}様\n\nいつもNorthleafをご利用いただきありがとうございます。\n"
    "冬のコート全品が12月3日までの3日間20%オフです。\n\n▼コートを見て注文する\n"
    "https://example.jp/northleaf/coat" FOOTER,
    80, 100, "the demo's sale mail" },
  { MS_CHANNEL_EMAIL, "{name}様へ、秋の新作ニット12型が入荷しました", "肌ざわりで選ぶ、今季の定番",
    "{name}様\n\n秋の新作ニット12型が入荷しました。サイズ表を見てお選びください。\n\n"
    "▼新作ニットを見る\nhttps://example.jp/northleaf/knit" FOOTER,
    80, 100, "a concrete new-arrival mail" },
  { MS_CHANNEL_LINE, NULL, NULL,
    "Northleafです。\n新作ニット12型が入荷しました。\n肌ざわりで選べるサイズ表つきです。\n\n"
    "▼新作を見る\nhttps://example.jp/northleaf/knit",
    80, 100, "a concrete LINE message with one clear step" },
};

static MsMessage *
make_message (const Example *e)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();

  ms_segment_set_industry (segment, "fashion");
  segment->audience = MS_AUDIENCE_EXISTING;
  segment->goal = MS_GOAL_PURCHASE;
  if (e->channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (e->subject, e->preheader, e->body, segment);
  else
    {
      const char *bubbles[] = { e->body, NULL };

      return ms_message_new_line (NULL, bubbles, segment);
    }
}

static void
test_scale (gconstpointer data)
{
  const Example *e = data;
  g_autoptr(MsMessage) message = make_message (e);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  g_autofree char *described = test_describe (result);
  guint total = ms_score_result_get_total (result);

  g_test_message ("%s: %s", e->why, described);
  g_assert_cmpuint (total, >=, e->min);
  g_assert_cmpuint (total, <=, e->max);
}

/* Shouting costs readability and target fit, not only deliverability; what
 * it costs its own axis is its points, and the axes lose what the findings
 * cost them. */
static void
test_costs_every_axis (void)
{
  const char *bubbles[] = { "冬のコートが入荷しました！！！\n▼コートを見る\nhttps://example.jp/coat", NULL };
  g_autoptr(MsMessage) message = ms_message_new_line (NULL, bubbles, NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  GPtrArray *findings = ms_score_result_get_findings (result);
  const MsFinding *shouting = NULL;
  double lost[MS_N_AXES] = { 0, };

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (ms_finding_is (f, "spam.shouting"))
        shouting = f;
      g_assert_cmpfloat (f->costs[f->axis], ==, f->points);
      for (guint a = 0; a < MS_N_AXES; a++)
        lost[a] += f->costs[a];
    }

  g_assert_nonnull (shouting);
  g_assert_cmpint (shouting->axis, ==, MS_AXIS_COMPLIANCE);
  g_assert_cmpfloat (shouting->costs[MS_AXIS_READABILITY], >, 0);
  g_assert_cmpfloat (shouting->costs[MS_AXIS_FIT], >, 0);
  for (guint a = 0; a < MS_N_AXES; a++)
    g_assert_cmpfloat_with_epsilon ((double) ms_score_result_get_axis (result, a),
                                    MAX (0.0, 100.0 - lost[a]), 0.5 + 1e-9);

  /* one spam pattern is a slip, not spam copy */
  g_assert_false (ms_score_result_get_spam_capped (result));
}

/* Two spam patterns hold the total below 60; the result says why, and the
 * saved JSON keeps it. */
static void
test_spam_cap (void)
{
  const char *bubbles[] = { "冬のコートが入荷しました！！！🎉🎉🎉\n▼コートを見る\nhttps://example.jp/coat",
                            NULL };
  g_autoptr(MsMessage) message = ms_message_new_line (NULL, bubbles, NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  g_autoptr(JsonNode) json = ms_score_result_to_json (result);
  g_autoptr(MsScoreResult) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_score_result_has_finding (result, "spam.shouting"));
  g_assert_true (ms_score_result_has_finding (result, "spam.symbols"));
  g_assert_true (ms_score_result_get_spam_capped (result));
  g_assert_false (ms_score_result_get_capped (result));
  g_assert_cmpuint (ms_score_result_get_total (result), <=, 59);

  back = ms_score_result_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (ms_score_result_get_spam_capped (back));
  {
    const MsFinding *f = test_find (back, "spam.shouting", MS_FIELD_BUBBLE1, 12);
    const MsFinding *g = test_find (result, "spam.shouting", MS_FIELD_BUBBLE1, 12);

    g_assert_nonnull (f);
    g_assert_nonnull (g);
    for (guint a = 0; a < MS_N_AXES; a++)
      g_assert_cmpfloat_with_epsilon (f->costs[a], g->costs[a], 0.01);
  }
}

/* A footer without a separator line is still a footer: its links are no
 * call to action. */
static void
test_footer_paragraph (void)
{
  g_autoptr(MsMessage) bare = ms_message_new_email ("冬のコート20%オフ", "12月3日まで",
                                                    "いつもありがとうございます。" FOOTER, NULL);
  g_autoptr(MsMessage) linked = ms_message_new_email ("冬のコート20%オフ", "12月3日まで",
                                                      "いつもありがとうございます。\n"
                                                      "▼コートを見る\nhttps://example.jp/coat" FOOTER,
                                                      NULL);
  g_autoptr(MsScoreResult) a = test_score (NULL, bare);
  g_autoptr(MsScoreResult) b = test_score (NULL, linked);

  g_assert_true (ms_score_result_has_finding (a, "cta.missing"));
  g_assert_false (ms_score_result_has_finding (b, "cta.missing"));
  /* and the footer still counts for 特定電子メール法 */
  g_assert_false (ms_score_result_has_finding (a, "tokutei"));
}

/* Capitals shout in a sentence written in lower case, not in merge tags,
 * acronyms or Japanese copy. */
static void
test_capitals (void)
{
  static const struct { const char *subject; gboolean flagged; } cases[] = {
    { "NEW VIDEO: the winter collection is here", TRUE },
    { "Our FINAL sale starts today", TRUE },
    { "Our BBC interview about the winter collection", FALSE },
    { "*|FNAME|*, the winter collection is here", FALSE },
    { "{{NAME}}, the winter collection is here", FALSE },
    { "【SALE】全品20%OFF", FALSE },
    { "WINTER SALE NOW ON", FALSE },   /* all capitals: no sentence to stand out from */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsMessage) message = ms_message_new_email (cases[i].subject, NULL,
                                                           "本文" TEST_FOOTER, NULL);
      g_autoptr(MsScoreResult) result = test_score (NULL, message);

      if (ms_score_result_has_finding (result, "style.capitals") != cases[i].flagged)
        g_error ("“%s” should %sraise style.capitals", cases[i].subject,
                 cases[i].flagged ? "" : "not ");
    }
}

/* A subject that says only “news” or an issue number. */
static void
test_vague_subject (void)
{
  static const struct { const char *subject; gboolean flagged; } cases[] = {
    { "お知らせ", TRUE },
    { "【お知らせ】", TRUE },
    { "Northleaf通信 Vol.12", TRUE },
    { "メールマガジン第35号", TRUE },
    { "Newsletter No. 12", TRUE },
    { "冬のコート20%オフのお知らせ", FALSE },
    { "今月のお知らせ：新作ニット12型", FALSE },
    { "Important News", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsMessage) message = ms_message_new_email (cases[i].subject, NULL,
                                                           "本文" TEST_FOOTER, NULL);
      g_autoptr(MsScoreResult) result = test_score (NULL, message);

      if (ms_score_result_has_finding (result, "appeal.vague") != cases[i].flagged)
        g_error ("“%s” should %sraise appeal.vague", cases[i].subject,
                 cases[i].flagged ? "" : "not ");
    }
}

/* "findings": the longest matching entry decides; the rule's own axis keeps
 * its points unless listed. */
static void
test_config_costs (void)
{
  static const char *json =
    "{ \"axes\": [ {\"id\":\"open\",\"label\":{\"ja\":\"a\",\"en\":\"a\"}},"
    "  {\"id\":\"readability\",\"label\":{\"ja\":\"b\",\"en\":\"b\"}},"
    "  {\"id\":\"cta\",\"label\":{\"ja\":\"c\",\"en\":\"c\"}},"
    "  {\"id\":\"fit\",\"label\":{\"ja\":\"d\",\"en\":\"d\"}},"
    "  {\"id\":\"compliance\",\"label\":{\"ja\":\"e\",\"en\":\"e\"}} ],"
    "  \"weights\": { \"email\": {\"open\":0.2,\"readability\":0.2,\"cta\":0.2,\"fit\":0.2,\"compliance\":0.2},"
    "                 \"line\": {\"open\":0.2,\"readability\":0.2,\"cta\":0.2,\"fit\":0.2,\"compliance\":0.2} },"
    "  \"severity_penalty\": { \"info\": 1, \"warn\": 2, \"error\": 3 },"
    "  \"findings\": { \"spam\": { \"fit\": 5 }, \"spam.words\": { \"compliance\": 20, \"open\": 4 } },"
    "  \"spam_cap\": { \"rules\": [ \"spam\" ], \"min_findings\": 2, \"cap\": 50 },"
    "  \"repeat_factor\": 0.5, \"max_findings_per_rule\": 10, \"compliance_error_cap\": 59 }";
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreConfig) config = ms_score_config_new_from_json (root, &error);
  double costs[MS_N_AXES];

  g_assert_no_error (error);
  ms_score_config_get_costs (config, "spam.words", MS_AXIS_COMPLIANCE, 2, costs);
  g_assert_cmpfloat (costs[MS_AXIS_COMPLIANCE], ==, 20);
  g_assert_cmpfloat (costs[MS_AXIS_OPEN], ==, 4);
  g_assert_cmpfloat (costs[MS_AXIS_FIT], ==, 0);   /* the longest entry alone decides */
  ms_score_config_get_costs (config, "spam.shouting", MS_AXIS_COMPLIANCE, 2, costs);
  g_assert_cmpfloat (costs[MS_AXIS_COMPLIANCE], ==, 2);   /* own axis: not listed, kept */
  g_assert_cmpfloat (costs[MS_AXIS_FIT], ==, 5);
  ms_score_config_get_costs (config, "spamx", MS_AXIS_OPEN, 1, costs);
  g_assert_cmpfloat (costs[MS_AXIS_OPEN], ==, 1);         /* not in the family */
  g_assert_cmpfloat (costs[MS_AXIS_FIT], ==, 0);
  g_assert_true (ms_score_config_is_spam_pattern (config, "spam.words"));
  g_assert_false (ms_score_config_is_spam_pattern (config, "style.brackets"));
  g_assert_cmpuint (config->spam_cap, ==, 50);

  /* a wrong axis or a cap of 60 is refused */
  {
    g_autofree char *bad_axis = g_strdup (json);
    g_autofree char *bad_cap = NULL;
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(MsScoreConfig) c1 = NULL;
    g_autoptr(MsScoreConfig) c2 = NULL;
    char *at = strstr (bad_axis, "\"fit\": 5");

    memcpy (at, "\"fix\"", 5);
    a = json_from_string (bad_axis, NULL);
    c1 = ms_score_config_new_from_json (a, &e1);
    g_assert_null (c1);
    g_assert_error (e1, MS_SCORE_CONFIG_ERROR, MS_SCORE_CONFIG_ERROR_INVALID);
    g_assert_nonnull (strstr (e1->message, "not an axis"));

    bad_cap = g_strdup (json);
    at = strstr (bad_cap, "\"cap\": 50");
    memcpy (at, "\"cap\": 60", 9);
    b = json_from_string (bad_cap, NULL);
    c2 = ms_score_config_new_from_json (b, &e2);
    g_assert_null (c2);
    g_assert_nonnull (strstr (e2->message, "below 60"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ms/score/calibration/scale/%u-%s", i,
                                               examples[i].max < 60 ? "spam" :
                                               examples[i].min >= 80 ? "good" : "weak");

      g_test_add_data_func (path, &examples[i], test_scale);
    }
  g_test_add_func ("/ms/score/calibration/costs-every-axis", test_costs_every_axis);
  g_test_add_func ("/ms/score/calibration/spam-cap", test_spam_cap);
  g_test_add_func ("/ms/score/calibration/footer-paragraph", test_footer_paragraph);
  g_test_add_func ("/ms/score/calibration/capitals", test_capitals);
  g_test_add_func ("/ms/score/calibration/vague-subject", test_vague_subject);
  g_test_add_func ("/ms/score/calibration/config-costs", test_config_costs);

  return g_test_run ();
}
