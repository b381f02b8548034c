/* test-learn.c — n-grams, ridge, the history predictor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "score/ms-baseline-predictor.h"
#include "score/ms-history-order.h"
#include "score/ms-history-predictor.h"
#include "score/ms-ngram-index.h"
#include "score/ms-ngram.h"
#include "score/ms-ridge.h"
#include "score/ms-scorer.h"

static MsCampaignRow
row (const char *date,
     const char *subject,
     double      open_rate,
     double      ctr)
{
  MsCampaignRow r = { 0 };

  r.sent_on = (char *) date;
  r.channel = MS_CHANNEL_EMAIL;
  r.subject = (char *) subject;
  r.body = (char *) "";
  r.recipients = 1000;
  r.open_rate = open_rate;
  r.ctr = ctr;
  r.cv_count = -1;
  return r;
}

static MsPredictor *
new_baseline (void)
{
  return ms_baseline_predictor_new (ms_rule_set_get_baselines (ms_rule_set_get_default ()), "en");
}

/* ------------------------------------------------------------------ */

static void
test_ngram_similarity (void)
{
  /* identical, NFKC-equal (full-width and half-width forms), disjoint */
  g_assert_cmpfloat_with_epsilon (ms_ngram_similarity ("夏の限定セール", "夏の限定セール"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_ngram_similarity ("ＳＡＬＥ ｾｰﾙ", "sale セール"), 1.0, 1e-9);
  g_assert_cmpfloat (ms_ngram_similarity ("夏の限定セール", "冬の銀行金利"), <, 0.15);
  g_assert_cmpfloat (ms_ngram_similarity ("夏の限定セール開催", "夏の限定セール"), >,
                     ms_ngram_similarity ("夏の限定セール開催", "冬の限定クーポン"));
  g_assert_cmpfloat (ms_ngram_similarity ("", "abc"), ==, 0);
  /* "ab" + "bc" and "abc": 2 bigrams shared out of 2 and 2, 1 trigram: 2/√(2·3) */
  g_assert_cmpfloat_with_epsilon (ms_ngram_similarity ("abc", "abcd"),
                                  3.0 / sqrt (3.0 * 5.0), 1e-6);
}

/* The inverted index gives exactly the cosines of one merge per pair. */
static void
test_ngram_index_matches_cosine (void)
{
  static const char * const words[] = {
    "限定", "セール", "新商品", "会員様", "クーポン", "送料無料", "週末", "SALE", "sale", "本日",
    "", "ポイント", "2倍", "ご案内", "特典",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_ngram_vector_free);
  g_autoptr(MsNgramIdf) idf = NULL;
  g_autoptr(MsNgramIndex) index = NULL;
  g_autofree double *cosines = NULL;

  for (guint v = 0; v < 300; v++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint w = g_rand_int_range (rand, 0, 5); w > 0; w--)
        g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_ptr_array_add (vectors, ms_ngram_vector_new (text->str));
    }
  idf = ms_ngram_idf_new ((MsNgramVector * const *) vectors->pdata, vectors->len);
  for (guint v = 0; v < vectors->len; v++)
    ms_ngram_vector_reweight (g_ptr_array_index (vectors, v), idf);
  index = ms_ngram_index_new ((MsNgramVector * const *) vectors->pdata, vectors->len);
  cosines = g_new (double, vectors->len);

  for (guint q = 0; q < vectors->len; q += 7)
    {
      const MsNgramVector *query = g_ptr_array_index (vectors, q);

      ms_ngram_index_cosines (index, query, cosines);
      for (guint v = 0; v < vectors->len; v++)
        g_assert_cmpfloat (cosines[v], ==,
                           ms_ngram_vector_cosine (query, g_ptr_array_index (vectors, v)));
    }
}

static void
test_ridge_known_system (void)
{
  /* y = 1 + 2·x0 − 3·x1 exactly; with a tiny λ the fit recovers it */
  double x[] = { 0, 0,  1, 0,  0, 1,  1, 1,  2, 1,  3, 5 };
  double y[6];
  g_autoptr(MsRidge) ridge = NULL;
  double q[] = { 4, 2 };
  double a[] = { 4, 2, 2, 3 }, b[] = { 2, 1 };

  for (guint i = 0; i < 6; i++)
    y[i] = 1 + 2 * x[2 * i] - 3 * x[2 * i + 1];
  ridge = ms_ridge_fit (x, y, 6, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (ms_ridge_predict (ridge, q), 1 + 8 - 6, 1e-6);

  /* a larger λ shrinks the slope towards the mean */
  {
    g_autoptr(MsRidge) shrunk = ms_ridge_fit (x, y, 6, 2, 100);
    double mean = 0;

    for (guint i = 0; i < 6; i++)
      mean += y[i] / 6;
    g_assert_cmpfloat (fabs (ms_ridge_predict (shrunk, q) - mean), <,
                       fabs (ms_ridge_predict (ridge, q) - mean));
  }

  /* Cholesky on [[4,2],[2,3]] x = [2,1]: x = (0.5, 0) */
  g_assert_true (ms_cholesky_solve (a, b, 2));
  g_assert_cmpfloat_with_epsilon (b[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (b[1], 0.0, 1e-12);
}

static void
test_blend_weights (void)
{
  g_assert_cmpfloat (ms_history_predictor_blend_weight (0), ==, 0);
  g_assert_cmpfloat_with_epsilon (ms_history_predictor_blend_weight (2), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ms_history_predictor_blend_weight (30), 30 / 32.0, 1e-12);
  for (guint n = 1; n < 500; n++)
    g_assert_cmpfloat (ms_history_predictor_blend_weight (n), >,
                       ms_history_predictor_blend_weight (n - 1));
}

static void
test_time_ordered_holdout (void)
{
  MsCampaignRow rows[] = {
    row ("2024-03-01", "c", 0.2, NAN),
    row (NULL, "u1", 0.2, NAN),
    row ("2024-01-15", "a", 0.2, NAN),
    row ("2024-02-01", "b", 0.2, NAN),
    row (NULL, "u2", 0.2, NAN),
  };
  g_autofree guint *order = ms_history_order_rows (rows, G_N_ELEMENTS (rows), 7);
  g_autofree guint *again = ms_history_order_rows (rows, G_N_ELEMENTS (rows), 7);

  /* undated first (older), then by date: the held-back tail is the newest */
  g_assert_true ((order[0] == 1 && order[1] == 4) || (order[0] == 4 && order[1] == 1));
  g_assert_cmpuint (order[2], ==, 2);
  g_assert_cmpuint (order[3], ==, 3);
  g_assert_cmpuint (order[4], ==, 0);
  g_assert_cmpmem (order, sizeof (guint) * 5, again, sizeof (guint) * 5);
}

static GArray *
synthetic_rows (guint n)
{
  static const char * const topics[] = { "限定セール", "新商品のお知らせ", "会員様へクーポン",
                                         "送料無料キャンペーン", "週末イベント" };
  static const double rates[] = { 0.30, 0.18, 0.25, 0.22, 0.15 };
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));

  g_array_set_clear_func (rows, (GDestroyNotify) ms_campaign_row_clear);
  for (guint i = 0; i < n; i++)
    {
      MsCampaignRow r = { 0 };
      guint t = i % G_N_ELEMENTS (topics);

      r.line = i + 2;
      r.sent_on = g_strdup_printf ("2024-%02u-%02u", 1 + (i / 28) % 12, 1 + i % 28);
      r.channel = MS_CHANNEL_EMAIL;
      r.subject = g_strdup_printf ("【%u月】%s第%u弾", 1 + i % 12, topics[t], i);
      r.body = g_strdup ("");
      r.recipients = 1000 + i;
      r.open_rate = rates[t] + 0.01 * ((i * 7) % 5) / 4.0;
      r.ctr = rates[t] / 10;
      r.cv_count = -1;
      g_array_append_val (rows, r);
    }
  return rows;
}

static char *
score_json (MsPredictor *predictor,
            const char  *subject)
{
  g_autoptr(MsMessage) message = ms_message_new_email (subject, "", "本文", NULL);
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, "en" };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message,
                                                     &options, &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  node = ms_score_result_to_json (result);
  return json_to_string (node, FALSE);
}

static void
test_neighbours_in_json (void)
{
  g_autoptr(GArray) rows = synthetic_rows (12);
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor =
    ms_history_predictor_new_from_rows ((MsCampaignRow *) rows->data, rows->len, baseline);
  g_autofree char *text = score_json (predictor, "【6月】限定セール第99弾");
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *prediction = json_object_get_object_member (json_node_get_object (node),
                                                          "prediction");
  JsonArray *neighbours = json_object_get_array_member (prediction, "neighbours");
  JsonObject *first = json_array_get_object_element (neighbours, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreResult) back = ms_score_result_new_from_json (node, &error);

  g_assert_cmpstr (json_object_get_string_member (prediction, "basis"), ==, "team_history");
  g_assert_cmpuint (json_array_get_length (neighbours), ==, MS_HISTORY_N_CITED);
  g_assert_nonnull (strstr (json_object_get_string_member (first, "subject"), "限定セール"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "id"), "line "));
  g_assert_true (json_object_has_member (first, "date"));
  g_assert_cmpfloat (json_object_get_double_member (first, "open_rate"), >=, 0.30);
  g_assert_cmpfloat (json_object_get_double_member (first, "similarity"), >, 0);
  g_assert_cmpint (json_object_get_int_member (prediction, "error_n"), ==, 2);
  g_assert_true (json_object_has_member (prediction, "error_open_rate_pt"));
  g_assert_nonnull (strstr (json_object_get_string_member (prediction, "source"), "±"));

  /* read back */
  g_assert_no_error (error);
  g_assert_cmpuint (ms_score_result_get_prediction (back)->neighbours->len, ==, 3);
  g_assert_cmpuint (ms_score_result_get_prediction (back)->error_n, ==, 2);

  /* the baseline predictor writes none, so old results look the same */
  {
    g_autofree char *plain = score_json (baseline, "【6月】限定セール第99弾");

    g_assert_null (strstr (plain, "neighbours"));
    g_assert_null (strstr (plain, "error_n"));
  }
}

static void
test_model_basis_and_determinism (void)
{
  g_autoptr(GArray) rows = synthetic_rows (60);
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) a =
    ms_history_predictor_new_from_rows ((MsCampaignRow *) rows->data, rows->len, baseline);
  g_autoptr(MsPredictor) b =
    ms_history_predictor_new_from_rows ((MsCampaignRow *) rows->data, rows->len, baseline);
  g_autofree char *ja = score_json (a, "会員様へクーポン配布");
  g_autofree char *jb = score_json (b, "会員様へクーポン配布");
  g_autofree char *ja2 = score_json (a, "会員様へクーポン配布");

  g_assert_cmpstr (ja, ==, jb);
  g_assert_cmpstr (ja, ==, ja2);
  g_assert_nonnull (strstr (ja, "\"basis\":\"model\""));
  g_assert_cmpuint (ms_history_predictor_get_error_n (MS_HISTORY_PREDICTOR (a), MS_CHANNEL_EMAIL),
                    ==, 12);
  g_assert_cmpfloat (ms_history_predictor_get_error_open_rate_pt (MS_HISTORY_PREDICTOR (a),
                                                                  MS_CHANNEL_EMAIL), <, 3.0);
  g_assert_cmpuint (ms_history_predictor_get_error_n (MS_HISTORY_PREDICTOR (a), MS_CHANNEL_LINE),
                    ==, 0);
}

/* Over MS_HISTORY_MAX_ROWS rows of a channel, the newest are learned from;
 * the other channel keeps all of its own. */
static void
test_keeps_newest_rows (void)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsPrediction) prediction = NULL;
  /* as like the old "旧21" (if it were kept) as the new "新21" */
  g_autoptr(MsMessage) message = ms_message_new_email ("新21旧21", "", "本文", NULL);
  guint axes[5] = { 70, 70, 70, 70, 70 };
  MsFeatures features;

  for (guint i = 0; i < MS_HISTORY_MAX_ROWS + 100; i++)
    {
      gboolean old = i % 21 == 0 && i / 21 < 100;
      char *subject = g_strdup_printf ("%s%u", old ? "旧" : "新", i);
      char *date = g_strdup_printf ("%s-%02u-%02u", old ? "2020" : "2024", 1 + i % 12,
                                    1 + i % 28);
      MsCampaignRow r = row (date, subject, old ? 0.9 : 0.2, 0.02);

      g_ptr_array_add (strings, subject);
      g_ptr_array_add (strings, date);
      g_array_append_val (rows, r);
    }
  for (guint i = 0; i < 3; i++)
    {
      MsCampaignRow r = row ("2019-05-01", "旧LINE", 0.6, 0.05);

      r.channel = MS_CHANNEL_LINE;
      g_array_append_val (rows, r);
    }

  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) rows->data, rows->len,
                                                  baseline);
  g_assert_cmpuint (ms_history_predictor_get_n_rows (MS_HISTORY_PREDICTOR (predictor)), ==,
                    MS_HISTORY_MAX_ROWS + 3);

  ms_features_compute (&features, message);
  prediction = ms_predictor_predict (predictor, message, &features, axes, NULL);
  g_assert_nonnull (prediction->neighbours);
  g_assert_cmpuint (prediction->neighbours->len, >, 0);
  for (guint i = 0; i < prediction->neighbours->len; i++)
    {
      MsNeighbour *neighbour = g_ptr_array_index (prediction->neighbours, i);

      g_assert_true (g_str_has_prefix (neighbour->sent_on, "2024-"));
      g_assert_null (strstr (neighbour->subject, "旧"));
    }
}

static void
test_empty_history_is_baseline (void)
{
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = ms_history_predictor_new_from_rows (NULL, 0, baseline);
  g_autofree char *a = score_json (predictor, "夏の限定セール");
  g_autofree char *b = score_json (baseline, "夏の限定セール");

  g_assert_cmpstr (a, ==, b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/learn/ngram/similarity", test_ngram_similarity);
  g_test_add_func ("/ms/learn/ngram/index-matches-cosine", test_ngram_index_matches_cosine);
  g_test_add_func ("/ms/learn/ridge/known-system", test_ridge_known_system);
  g_test_add_func ("/ms/learn/blend/weights", test_blend_weights);
  g_test_add_func ("/ms/learn/holdout/time-ordered", test_time_ordered_holdout);
  g_test_add_func ("/ms/learn/predictor/neighbours-json", test_neighbours_in_json);
  g_test_add_func ("/ms/learn/predictor/model-determinism", test_model_basis_and_determinism);
  g_test_add_func ("/ms/learn/predictor/empty", test_empty_history_is_baseline);
  g_test_add_func ("/ms/learn/predictor/keeps-newest", test_keeps_newest_rows);

  return g_test_run ();
}
