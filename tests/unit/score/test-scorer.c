/* test-scorer.c — totals, the compliance cap, determinism, JSON, prediction
 * and variants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "score-test-util.h"

#define CLEAN_SUBJECT "{{name}}様、秋の新作コートが20%OFF"
#define CLEAN_PREHEADER "会員様限定・11月30日まで。人気のウールコートもお得にお求めいただけます。"
#define CLEAN_BODY \
  "{{name}}様\n\n" \
  "いつもご利用いただきありがとうございます。\n" \
  "秋の新作コートが入荷しました。\n" \
  "会員様限定で、11月30日まで全品20%OFFでお求めいただけます。\n\n" \
  "▼新作コートを見て購入する\n" \
  "https://shop.example.jp/coat\n" TEST_FOOTER

static MsMessage *
clean_message (const char *subject,
               const char *body)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();

  segment->audience = MS_AUDIENCE_EXISTING;
  segment->goal = MS_GOAL_PURCHASE;
  segment->list_size = 10000;
  ms_segment_set_industry (segment, "fashion");

  return ms_message_new_email (subject, CLEAN_PREHEADER, body, segment);
}

static void
test_clean_and_dirty (void)
{
  g_autoptr(MsMessage) clean = clean_message (CLEAN_SUBJECT, CLEAN_BODY);
  g_autoptr(MsMessage) dirty = NULL;
  g_autoptr(MsScoreResult) good = test_score (NULL, clean);
  g_autoptr(MsScoreResult) bad = NULL;
  g_autofree char *described = test_describe (good);
  const MsFinding *no1, *absolutely;

  g_test_message ("clean: %s", described);
  g_assert_cmpuint (ms_score_result_get_total (good), >=, 80);
  g_assert_false (ms_score_result_get_capped (good));

  /* The same message, claiming 「業界No.1」 in the subject and 「絶対」 in the body. */
  dirty = clean_message ("業界No.1の新作コートが20%OFF",
                         "{{name}}様\n\n"
                         "いつもご利用いただきありがとうございます。\n"
                         "絶対に暖かい新作コートが入荷しました。\n"
                         "会員様限定で、11月30日まで全品20%OFFでお求めいただけます。\n\n"
                         "▼新作コートを見て購入する\n"
                         "https://shop.example.jp/coat\n" TEST_FOOTER);
  bad = test_score (NULL, dirty);
  g_clear_pointer (&described, g_free);
  described = test_describe (bad);
  g_test_message ("dirty: %s", described);

  g_assert_cmpuint (ms_score_result_get_total (bad), <, 60);
  g_assert_true (ms_score_result_get_capped (bad));

  no1 = test_find (bad, "ng.common", MS_FIELD_SUBJECT, 0);
  g_assert_nonnull (no1);
  g_assert_cmpuint (no1->end, ==, 6);
  g_assert_cmpstr (no1->text, ==, "業界No.1");
  g_assert_cmpint (no1->severity, ==, MS_SEVERITY_ERROR);

  absolutely = test_find (bad, "ng.common", MS_FIELD_BODY, 33);
  g_assert_nonnull (absolutely);
  g_assert_cmpstr (absolutely->text, ==, "絶対に");
  g_assert_cmpuint (absolutely->end, ==, 36);
}

static void
test_every_point_explained (void)
{
  g_autoptr(MsMessage) message = ms_message_new_email ("お知らせ", "", "本文です。", NULL);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  GPtrArray *findings = ms_score_result_get_findings (result);
  double lost[MS_N_AXES] = { 0, };

  /* A finding may cost several axes (data/scoring.json "findings"); what it
   * costs its own axis is its points. */
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      g_assert_cmpfloat (f->costs[f->axis], ==, f->points);
      for (guint a = 0; a < MS_N_AXES; a++)
        lost[a] += f->costs[a];
    }

  for (guint a = 0; a < MS_N_AXES; a++)
    g_assert_cmpfloat_with_epsilon ((double) ms_score_result_get_axis (result, a),
                                    MAX (0.0, 100.0 - lost[a]), 0.5 + 1e-9);
  /* no tokutei footer: below 60, by the cap or by its own points */
  g_assert_cmpuint (ms_score_result_get_total (result), <=, 59);
}

static void
test_determinism (void)
{
  g_autoptr(MsMessage) message = clean_message ("【本日限定】業界No.1の秋コート！！絶対お得🎉🎉",
                                                "詳しくはこちら " CLEAN_BODY);
  g_autoptr(MsScoreResult) a = test_score (NULL, message);
  g_autoptr(MsScoreResult) b = test_score (NULL, message);
  g_autofree char *ja = ms_score_result_to_string (a, TRUE);
  g_autofree char *jb = ms_score_result_to_string (b, TRUE);

  g_assert_cmpstr (ja, ==, jb);
  g_assert_nonnull (strstr (ja, "\"schema\" : 1"));
  g_assert_nonnull (strstr (ja, ms_rule_set_get_engine (ms_rule_set_get_default ())));
}

static void
test_json_round_trip (void)
{
  g_autoptr(MsMessage) message = clean_message ("【本日限定】業界No.1の秋コート", "詳しくはこちら " CLEAN_BODY);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  g_autoptr(JsonNode) node = ms_score_result_to_json (result);
  g_autoptr(MsScoreResult) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = ms_score_result_to_string (result, FALSE);
  g_autofree char *second = NULL;

  back = ms_score_result_new_from_json (node, &error);
  g_assert_no_error (error);
  second = ms_score_result_to_string (back, FALSE);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (ms_score_result_get_total (back), ==, ms_score_result_get_total (result));
}

static void
test_json_rejects (void)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"schema\": 2}", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreResult) result = ms_score_result_new_from_json (node, &error);

  g_assert_null (result);
  g_assert_error (error, MS_SCORE_RESULT_ERROR, MS_SCORE_RESULT_ERROR_INVALID);
}

static void
test_language (void)
{
  g_autoptr(MsMessage) message = ms_message_new_email ("絶対お得", "", "", NULL);
  MsScoreOptions ja = { MS_SCORE_FLAGS_NO_VARIANTS, NULL, "ja" };
  MsScoreOptions en = { MS_SCORE_FLAGS_NO_VARIANTS, NULL, "en" };
  g_autoptr(MsScoreResult) rja = ms_scorer_score (ms_rule_set_get_default (), message, &ja, NULL);
  g_autoptr(MsScoreResult) ren = ms_scorer_score (ms_rule_set_get_default (), message, &en, NULL);
  const MsFinding *fja = test_find (rja, "ng.common.absolutely", MS_FIELD_SUBJECT, 0);
  const MsFinding *fen = test_find (ren, "ng.common.absolutely", MS_FIELD_SUBJECT, 0);

  g_assert_nonnull (strstr (fja->message, "断定"));
  g_assert_nonnull (strstr (fen->message, "Absolutely"));
  g_assert_cmpstr (ms_score_result_get_axis_label (rja, MS_AXIS_OPEN), ==, "開封誘引力");
  g_assert_cmpstr (ms_score_result_get_axis_label (ren, MS_AXIS_COMPLIANCE), ==,
                   "Deliverability & compliance");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(MsMessage) message = ms_message_new_email ("abc\xff", "", "", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message, NULL,
                                                     &error);

  g_assert_null (result);
  g_assert_error (error, MS_TEXT_ERROR, MS_TEXT_ERROR_INVALID_UTF8);
}

static void
check_range (const MsRange *r)
{
  g_assert_cmpfloat (r->p10, <=, r->p50);
  g_assert_cmpfloat (r->p50, <=, r->p90);
  g_assert_cmpfloat (r->p10, >=, 0);
}

static void
test_prediction (void)
{
  g_autoptr(MsMessage) email = clean_message (CLEAN_SUBJECT, CLEAN_BODY);
  g_autoptr(MsSegment) segment = ms_segment_new ();
  const char *bubbles[] = { "🍁秋の新作コートが20%OFF\nいつもありがとうございます。\n"
                            "▼購入はこちらから\nhttps://shop.example.jp/coat", NULL };
  g_autoptr(MsMessage) line = NULL;
  g_autoptr(MsScoreResult) re = test_score (NULL, email);
  g_autoptr(MsScoreResult) rl = NULL;
  const MsPrediction *pe = ms_score_result_get_prediction (re);
  const MsPrediction *pl;

  segment->list_size = 10000;
  line = ms_message_new_line (NULL, bubbles, segment);
  rl = test_score (NULL, line);
  pl = ms_score_result_get_prediction (rl);

  g_assert_nonnull (pe);
  g_assert_nonnull (pl);
  g_assert_cmpstr (pe->basis, ==, "industry_baseline");
  g_assert_nonnull (strstr (pe->source, "28.7"));       /* fashion, Zoho 2023 */
  check_range (&pe->open_rate);
  check_range (&pe->click_rate);
  check_range (&pe->conversion_rate);
  check_range (&pe->conversions);
  g_assert_cmpfloat (pe->open_rate.p50, >, 0.15);
  g_assert_cmpfloat (pe->open_rate.p50, <, 0.45);
  g_assert_cmpfloat (pe->click_rate.p50, >=, 0.01);
  g_assert_cmpfloat (pe->click_rate.p50, <=, 0.05);
  g_assert_cmpuint (pe->list_size, ==, 10000);
  g_assert_cmpfloat (pe->conversions.p50, >, 0);
  /* LINE opens (about 60 %) beat email opens (about 20 %). */
  g_assert_cmpfloat (pl->open_rate.p50, >, 0.4);
  g_assert_cmpfloat (pl->open_rate.p50, >, pe->open_rate.p50);

  /* A worse message predicts fewer opens. */
  {
    g_autoptr(MsMessage) worse = clean_message ("お知らせ", CLEAN_BODY);
    g_autoptr(MsScoreResult) rw = test_score (NULL, worse);
    g_assert_cmpfloat (ms_score_result_get_prediction (rw)->open_rate.p50, <, pe->open_rate.p50);
  }
}

/* A predictor plugged in through the interface, as a learned model will be. */
#define TEST_TYPE_PREDICTOR (test_predictor_get_type ())
G_DECLARE_FINAL_TYPE (TestPredictor, test_predictor, TEST, PREDICTOR, GObject)

struct _TestPredictor
{
  GObject parent_instance;
};

static MsPrediction *
test_predictor_predict (MsPredictor      *self,
                        const MsMessage  *message,
                        const MsFeatures *features,
                        const guint      *axes,
                        GError          **error)
{
  MsPrediction *p = ms_prediction_new ();
  MsRange r = { 0.1, 0.2, 0.3 };

  p->open_rate = p->click_rate = p->conversion_rate = p->conversions = r;
  p->basis = g_strdup ("model");
  p->source = g_strdup_printf ("test model, subject %u cells", features->subject_cells);
  return p;
}

static void
test_predictor_iface_init (MsPredictorInterface *iface)
{
  iface->predict = test_predictor_predict;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPredictor, test_predictor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_PREDICTOR, test_predictor_iface_init))

static void test_predictor_class_init (TestPredictorClass *klass) { }
static void test_predictor_init (TestPredictor *self) { }

static void
test_custom_predictor (void)
{
  g_autoptr(MsPredictor) predictor = g_object_new (TEST_TYPE_PREDICTOR, NULL);
  g_autoptr(MsMessage) message = clean_message ("秋の新作", CLEAN_BODY);
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, "en" };
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message,
                                                     &options, NULL);
  const MsPrediction *p = ms_score_result_get_prediction (result);

  g_assert_cmpstr (p->basis, ==, "model");
  g_assert_cmpstr (p->source, ==, "test model, subject 8 cells");
}

static void
test_variants (void)
{
  g_autoptr(MsMessage) message = clean_message ("【本日限定】業界No.1のコートが本日限り20%OFF",
                                                "詳しくはこちら\n" CLEAN_BODY);
  g_autoptr(MsScoreResult) result = test_score (NULL, message);
  GPtrArray *variants = ms_score_result_get_variants (result);
  gboolean ng = FALSE;

  g_assert_cmpuint (variants->len, >=, 1);
  g_assert_cmpuint (variants->len, <=, 3);
  for (guint i = 0; i < variants->len; i++)
    {
      const MsVariant *v = g_ptr_array_index (variants, i);
      g_autoptr(MsScoreResult) again = test_score (NULL, v->message);

      g_test_message ("variant %s %+d: %s", v->id, v->delta, v->text);
      g_assert_cmpint (v->delta, >, 0);
      g_assert_cmpint ((int) v->total, ==, (int) ms_score_result_get_total (result) + v->delta);
      g_assert_cmpuint (ms_score_result_get_total (again), ==, v->total);
      g_assert_cmpstr (ms_message_get_field (v->message, v->field), ==, v->text);
      g_assert_true (v->change != NULL && v->change[0] != '\0');
      if (i > 0)
        g_assert_cmpint (v->delta, <=, ((MsVariant *) g_ptr_array_index (variants, i - 1))->delta);
      if (g_str_equal (v->id, "ng_words"))
        {
          ng = TRUE;
          g_assert_null (strstr (v->text, "No.1"));
        }
    }
  g_assert_true (ng);
}

static void
test_variant_kinds (void)
{
  struct { const char *subject; const char *body; const char *id; } cases[] = {
    { "秋の新作コートとニットとブーツが会員様だけ全品お得になる特別セールを開催中です", CLEAN_BODY, "shorten_subject" },
    { "会員様限定の秋の新作コートが今なら20%OFF", CLEAN_BODY, "front_number" },
    { "{{name}}様、秋の新作20%OFF", "詳しくはこちら\n" CLEAN_BODY, "concrete_cta" },
    { "【会員様限定】【送料無料】{{name}}様、新作20%OFF", CLEAN_BODY, "plain_brackets" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsMessage) message = clean_message (cases[i].subject, cases[i].body);
      g_autoptr(MsScoreResult) result = test_score (NULL, message);
      GPtrArray *variants = ms_score_result_get_variants (result);
      gboolean found = FALSE;

      for (guint j = 0; j < variants->len; j++)
        {
          const MsVariant *v = g_ptr_array_index (variants, j);
          g_test_message ("%s: %s %+d %s", cases[i].id, v->id, v->delta, v->text);
          found |= g_str_equal (v->id, cases[i].id);
        }
      g_assert_true (found);
    }
}

static void
test_line_message (void)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();
  const char *bubbles[] = {
    "🍁秋の新作コートが20%OFF🍁\n会員様限定、11月30日までです。",
    "いつもご利用ありがとうございます。\n人気のウールコートは数量に限りがございます。\n\n▼新作コートを見て購入する\nhttps://shop.example.jp/coat",
    NULL
  };
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autofree char *described = NULL;

  segment->audience = MS_AUDIENCE_EXISTING;
  segment->goal = MS_GOAL_PURCHASE;
  message = ms_message_new_line (NULL, bubbles, segment);
  result = test_score (NULL, message);
  described = test_describe (result);
  g_test_message ("%s", described);
  g_assert_cmpuint (ms_score_result_get_total (result), >=, 80);
  g_assert_false (ms_score_result_has_finding (result, "tokutei"));
  g_assert_cmpint (ms_score_result_get_channel (result), ==, MS_CHANNEL_LINE);
}

/* Odd input never crashes and spans stay inside their fields. */
static void
test_odd_input (void)
{
  static const char * const texts[] = {
    "", "\n", "\r\n\r\n", "\xe3\x82\x99\xe3\x82\x99絶対", "ﾞﾞﾞ", "👨‍👩‍👧‍👦🇯🇵👍🏽1️⃣",
    "【【【】】】！！！？？？", "ＮＯ．１ＮＯ．１ＮＯ．１", "~~~~~~~~", "――――――――――\n配信停止",
    "㈱㈲№１", "\t \u3000 ", "a", "こちら", "(40代・女性)", "通常価格→円",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint j = 0; j < G_N_ELEMENTS (texts); j += 3)
      {
        const char *bubbles[] = { texts[i], texts[j], texts[i], texts[j], texts[i], NULL };
        g_autoptr(MsMessage) email = ms_message_new_email (texts[j], texts[i], texts[i], NULL);
        g_autoptr(MsMessage) line = ms_message_new_line (texts[j], bubbles, NULL);
        MsMessage *messages[] = { email, line };

        for (guint m = 0; m < G_N_ELEMENTS (messages); m++)
          {
            g_autoptr(MsScoreResult) result = test_score (NULL, messages[m]);
            GPtrArray *findings = ms_score_result_get_findings (result);

            g_assert_cmpuint (ms_score_result_get_total (result), <=, 100);
            for (guint k = 0; k < findings->len; k++)
              {
                const MsFinding *f = g_ptr_array_index (findings, k);
                const char *text = ms_message_get_field (messages[m], f->field);

                g_assert_cmpuint (f->start, <=, f->end);
                g_assert_cmpuint (f->end, <=, g_utf8_strlen (text, -1));
              }
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/score/scorer/clean-and-dirty", test_clean_and_dirty);
  g_test_add_func ("/ms/score/scorer/every-point-explained", test_every_point_explained);
  g_test_add_func ("/ms/score/scorer/determinism", test_determinism);
  g_test_add_func ("/ms/score/scorer/json-round-trip", test_json_round_trip);
  g_test_add_func ("/ms/score/scorer/json-rejects", test_json_rejects);
  g_test_add_func ("/ms/score/scorer/language", test_language);
  g_test_add_func ("/ms/score/scorer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/ms/score/scorer/line", test_line_message);
  g_test_add_func ("/ms/score/scorer/odd-input", test_odd_input);
  g_test_add_func ("/ms/score/prediction/baseline", test_prediction);
  g_test_add_func ("/ms/score/prediction/custom", test_custom_predictor);
  g_test_add_func ("/ms/score/variants/dirty", test_variants);
  g_test_add_func ("/ms/score/variants/kinds", test_variant_kinds);

  return g_test_run ();
}
