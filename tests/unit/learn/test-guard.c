/* test-guard.c — predictions that know what they don't know
 *
 * Per-channel learning, guarded extrapolation, the plausible range, honest
 * p10–p90 ranges, the error for messages like this one, and citing only
 * similar past sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "score/ms-baseline-predictor.h"
#include "score/ms-eval-metrics.h"
#include "score/ms-history-predictor.h"
#include "score/ms-learning-config.h"
#include "score/ms-scorer.h"

/* The case: nothing like it was ever sent. */
#define UNLIKE_EVERYTHING "飲むだけで-10kg！医師も認めるダイエットサプリ"

static const char * const topics[] = {
  "冬のコート特集", "新作ニットのご案内", "ギフト特集を公開", "会員様ポイント2倍", "週末限定セール",
};

typedef struct
{
  GArray    *rows;      /* MsCampaignRow, owning */
  GPtrArray *strings;
} Rows;

static void
rows_init (Rows *r)
{
  r->rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  r->strings = g_ptr_array_new_with_free_func (g_free);
}

static void
rows_clear (Rows *r)
{
  g_array_unref (r->rows);
  g_ptr_array_unref (r->strings);
}

static void
rows_add (Rows       *r,
          MsChannel   channel,
          const char *subject,
          double      open_rate,
          double      ctr)
{
  MsCampaignRow row = { 0 };
  char *date = g_strdup_printf ("2025-%02u-%02u", 1 + (r->rows->len / 28) % 12,
                                1 + r->rows->len % 28);
  char *copy = g_strdup (subject);

  g_ptr_array_add (r->strings, date);
  g_ptr_array_add (r->strings, copy);
  row.line = r->rows->len + 2;
  row.sent_on = date;
  row.channel = channel;
  row.subject = copy;
  row.body = (char *) "";
  row.recipients = 5000;
  row.open_rate = open_rate;
  row.ctr = ctr;
  row.cv_count = -1;
  g_array_append_val (r->rows, row);
}

/* Email sends whose open rate rises steeply with the subject's length, all
 * 8–14 characters long: a linear model that believed the slope would
 * predict far beyond the data for a longer subject. */
static void
add_sloped_email (Rows *r,
                  guint n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *topic = topics[i % G_N_ELEMENTS (topics)];
      g_autofree char *subject = g_strdup_printf ("%s%.*s", topic, (int) (i % 4) * 3, "第一弾第二弾");
      glong length = g_utf8_strlen (subject, -1);

      rows_add (r, MS_CHANNEL_EMAIL, subject, 0.10 + 0.02 * (length - 6) + 0.005 * (i % 3),
                0.02);
    }
}

static MsPredictor *
new_baseline (void)
{
  return ms_baseline_predictor_new (ms_rule_set_get_baselines (ms_rule_set_get_default ()), "en");
}

static MsPrediction *
predict (MsPredictor *predictor,
         MsChannel    channel,
         const char  *text)
{
  g_autoptr(MsMessage) message = NULL;
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, "en" };
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (channel == MS_CHANNEL_EMAIL)
    message = ms_message_new_email (text, "", "", NULL);
  else
    {
      const char *bubbles[] = { text, NULL };

      message = ms_message_new_line (NULL, bubbles, NULL);
    }
  result = ms_scorer_score (ms_rule_set_get_default (), message, &options, &error);
  g_assert_no_error (error);
  return ms_prediction_copy (ms_score_result_get_prediction (result));
}

static double
width (const MsRange *range)
{
  return range->p90 - range->p10;
}

/* ------------------------------------------------------------------ */

static void
test_extrapolation_stays_plausible (void)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  const double *plausible = config->plausible[MS_CHANNEL_EMAIL][0];
  Rows r;
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsPrediction) typical = NULL;
  g_autoptr(MsPrediction) unlike = NULL;
  double mean = 0, lo = 1, hi = 0;

  rows_init (&r);
  add_sloped_email (&r, 80);
  for (guint i = 0; i < r.rows->len; i++)
    {
      double y = g_array_index (r.rows, MsCampaignRow, i).open_rate;

      mean += y / r.rows->len;
      lo = MIN (lo, y);
      hi = MAX (hi, y);
    }
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) r.rows->data, r.rows->len,
                                                  baseline);
  typical = predict (predictor, MS_CHANNEL_EMAIL, "新作ニットのご案内第一弾");
  unlike = predict (predictor, MS_CHANNEL_EMAIL, UNLIKE_EVERYTHING);

  g_test_message ("typical %.1f%% (%.1f–%.1f%%), unlike every row %.1f%% (%.1f–%.1f%%), "
                  "familiarity %.2f; the rows: %.1f–%.1f%%, mean %.1f%%",
                  typical->open_rate.p50 * 100, typical->open_rate.p10 * 100,
                  typical->open_rate.p90 * 100, unlike->open_rate.p50 * 100,
                  unlike->open_rate.p10 * 100, unlike->open_rate.p90 * 100, unlike->familiarity,
                  lo * 100, hi * 100, mean * 100);

  g_assert_cmpstr (unlike->basis, ==, "model");
  /* inside the channel's plausible range, widened only to the team's own rates */
  g_assert_cmpfloat (unlike->open_rate.p10, >=, MIN (plausible[0], lo));
  g_assert_cmpfloat (unlike->open_rate.p90, <=, MAX (plausible[1], hi));
  /* the slope was not followed: the estimate leans on the team's average */
  g_assert_cmpfloat (fabs (unlike->open_rate.p50 - mean), <, 0.05);
  g_assert_cmpfloat (unlike->open_rate.p50, <=, hi);
  /* and it says how unsure it is */
  g_assert_cmpfloat (width (&unlike->open_rate), >, 1.5 * width (&typical->open_rate));
  g_assert_cmpfloat (unlike->familiarity, <, config->unfamiliar_below);
  g_assert_cmpfloat (typical->familiarity, >, unlike->familiarity);
  g_assert_nonnull (strstr (unlike->source, "unlike your past sends"));
  g_assert_null (strstr (typical->source, "unlike your past sends"));
  /* nothing is similar enough to cite */
  g_assert_nonnull (unlike->neighbours);
  g_assert_cmpuint (unlike->neighbours->len, ==, 0);
  g_assert_false (unlike->error_similar);
  g_assert_cmpuint (typical->neighbours->len, >, 0);

  rows_clear (&r);
}

/* Whatever is asked, every range stays within the channel's plausible
 * range (widened to the team's own rates) and holds its median. */
static void
test_ranges_within_plausible (void)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  static const char * const pieces[] = {
    "！", "限定", "セール", "🎉", "10", "0%", "【本日】", "無料", "?", "お知らせ", "クーポン", "abc",
  };
  Rows r;
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);

  rows_init (&r);
  add_sloped_email (&r, 60);
  for (guint i = 0; i < 40; i++)
    rows_add (&r, MS_CHANNEL_LINE, topics[i % G_N_ELEMENTS (topics)], 0.55 + 0.01 * (i % 7),
              0.05);
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) r.rows->data, r.rows->len,
                                                  baseline);

  for (guint q = 0; q < 200; q++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      MsChannel channel = q % 2 ? MS_CHANNEL_LINE : MS_CHANNEL_EMAIL;
      g_autoptr(MsPrediction) p = NULL;
      const double *open = config->plausible[channel][0];
      double lo = channel == MS_CHANNEL_LINE ? 0.55 : 0.10, hi = channel == MS_CHANNEL_LINE ? 0.61 : 0.32;

      for (guint w = g_rand_int_range (rand, 1, 12); w > 0; w--)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      p = predict (predictor, channel, text->str);
      g_assert_cmpfloat (p->open_rate.p10, <=, p->open_rate.p50);
      g_assert_cmpfloat (p->open_rate.p50, <=, p->open_rate.p90);
      g_assert_cmpfloat (p->open_rate.p10, >=, MIN (open[0], lo));
      g_assert_cmpfloat (p->open_rate.p90, <=, MAX (open[1], hi) + 1e-9);
      g_assert_cmpfloat (p->click_rate.p90, <=, p->open_rate.p50 + 1e-9);
    }
  rows_clear (&r);
}

/* Email and LINE never share a model, a mean or a neighbour: the same
 * subjects sent on both channels predict each channel's own rates. */
static void
test_per_channel (void)
{
  Rows r;
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsPrediction) email = NULL;
  g_autoptr(MsPrediction) line = NULL;

  rows_init (&r);
  for (guint i = 0; i < 50; i++)
    {
      const char *topic = topics[i % G_N_ELEMENTS (topics)];

      rows_add (&r, MS_CHANNEL_EMAIL, topic, 0.20 + 0.01 * (i % 3), 0.02);
      rows_add (&r, MS_CHANNEL_LINE, topic, 0.65 + 0.01 * (i % 3), 0.06);
    }
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) r.rows->data, r.rows->len,
                                                  baseline);
  email = predict (predictor, MS_CHANNEL_EMAIL, "冬のコート特集");
  line = predict (predictor, MS_CHANNEL_LINE, "冬のコート特集");

  g_assert_cmpfloat (fabs (email->open_rate.p50 - 0.21), <, 0.02);
  g_assert_cmpfloat (fabs (line->open_rate.p50 - 0.66), <, 0.02);
  g_assert_cmpfloat (email->open_rate.p90, <, line->open_rate.p10);
  for (guint i = 0; i < email->neighbours->len; i++)
    g_assert_cmpint (((MsNeighbour *) g_ptr_array_index (email->neighbours, i))->channel, ==,
                     MS_CHANNEL_EMAIL);
  for (guint i = 0; i < line->neighbours->len; i++)
    g_assert_cmpint (((MsNeighbour *) g_ptr_array_index (line->neighbours, i))->channel, ==,
                     MS_CHANNEL_LINE);
  g_assert_nonnull (strstr (email->source, "50 past email sends"));
  g_assert_nonnull (strstr (line->source, "50 past LINE sends"));
  g_assert_cmpuint (ms_history_predictor_get_error_n (MS_HISTORY_PREDICTOR (predictor),
                                                      MS_CHANNEL_LINE), ==, 10);
  rows_clear (&r);
}

/* The error shown is that of the held-back sends like this message: a
 * steady topic and a noisy one get different errors, each measured on its
 * own kind. */
static void
test_error_for_messages_like_this (void)
{
  Rows r;
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsPrediction) steady = NULL;
  g_autoptr(MsPrediction) noisy = NULL;

  rows_init (&r);
  for (guint i = 0; i < 100; i++)
    {
      if (i % 2 == 0)
        rows_add (&r, MS_CHANNEL_EMAIL, "冬のコート特集のお知らせ", 0.22 + 0.002 * (i % 3), 0.02);
      else
        rows_add (&r, MS_CHANNEL_EMAIL, "週末限定セール開催中", i % 4 == 1 ? 0.12 : 0.36, 0.02);
    }
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) r.rows->data, r.rows->len,
                                                  baseline);
  steady = predict (predictor, MS_CHANNEL_EMAIL, "冬のコート特集のお知らせ");
  noisy = predict (predictor, MS_CHANNEL_EMAIL, "週末限定セール開催中");

  g_assert_true (steady->error_similar);
  g_assert_true (noisy->error_similar);
  g_assert_cmpuint (steady->error_n, ==, ms_learning_config_get ()->like_this_rows);
  g_assert_cmpfloat (steady->error_open_rate_pt, <, 1.0);
  g_assert_cmpfloat (noisy->error_open_rate_pt, >, 5.0);
  g_assert_nonnull (strstr (steady->source, "most like this one"));
  rows_clear (&r);
}

/* Only sends from the similarity threshold are cited. */
static void
test_cites_only_similar (void)
{
  double min_sim = ms_learning_config_get ()->cite_min_similarity;
  Rows r;
  g_autoptr(MsPredictor) baseline = new_baseline ();
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsPrediction) p = NULL;

  rows_init (&r);
  add_sloped_email (&r, 40);
  predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) r.rows->data, r.rows->len,
                                                  baseline);
  p = predict (predictor, MS_CHANNEL_EMAIL, "ギフト特集を公開しました");
  g_assert_cmpuint (p->neighbours->len, >, 0);
  for (guint i = 0; i < p->neighbours->len; i++)
    g_assert_cmpfloat (((MsNeighbour *) g_ptr_array_index (p->neighbours, i))->similarity, >=,
                       min_sim);
  rows_clear (&r);
}

/* Split conformal's finite-sample quantile. */
static void
test_conformal_quantile (void)
{
  double sorted[] = { -3, -2, -1, 0, 1, 2, 3, 4, 5 };

  /* n = 9: the lower end is the ⌊10 · 0.1⌋ = 1st, the upper the ⌈10 · 0.9⌉ = 9th */
  g_assert_cmpfloat (ms_quantile_sorted (sorted, 9, 0.1, FALSE), ==, -3);
  g_assert_cmpfloat (ms_quantile_sorted (sorted, 9, 0.9, TRUE), ==, 5);
  g_assert_cmpfloat (ms_quantile_sorted (sorted, 9, 0.5, TRUE), ==, 1);
  g_assert_cmpfloat (ms_quantile_sorted (sorted, 9, 0.01, FALSE), ==, -3);
  g_assert_true (isnan (ms_quantile_sorted (sorted, 0, 0.5, TRUE)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/learn/guard/extrapolation-stays-plausible",
                   test_extrapolation_stays_plausible);
  g_test_add_func ("/ms/learn/guard/ranges-within-plausible", test_ranges_within_plausible);
  g_test_add_func ("/ms/learn/guard/per-channel", test_per_channel);
  g_test_add_func ("/ms/learn/guard/error-for-messages-like-this",
                   test_error_for_messages_like_this);
  g_test_add_func ("/ms/learn/guard/cites-only-similar", test_cites_only_similar);
  g_test_add_func ("/ms/learn/guard/conformal-quantile", test_conformal_quantile);

  return g_test_run ();
}
