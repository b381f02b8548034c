/* test-eval.c — the eval: metrics, held-out campaigns, A/B pairs, score vs results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "io/ms-io-error.h"
#include "score/ms-ab-eval.h"
#include "score/ms-history-eval.h"
#include "io/ms-learn-rows.h"
#include "score/ms-rank-check.h"

/* The real A/B corpus (tests/corpus/ab/pairs.jsonl): issue 12 asks the
 * score total to pick the published winner in 70 % of the tests. The
 * calibrated score does not (README.md “What 60, 70 and 80 mean”: 40 of the
 * 41 tests are English subject lines of non-profit appeals, where the craft
 * the rules check seldom differs between the two texts): the goal is
 * reported, and AB_ENFORCE makes it a gate once it is reached. What is
 * enforced meanwhile is the floor the calibration reached with the signals
 * of form (data/scoring.json "signals": 0.585 on these 41, 0.588 on both
 * collections), less one pair's worth of slack: a change that makes the
 * score pick losers more often fails. */
#define AB_MIN_TOTAL_ACCURACY 0.70
#define AB_ENFORCE            FALSE
#define AB_FLOOR_TOTAL        0.56

/* subject-lines-digest.csv, seed 42, 20 % held out: the predictor's open-rate
 * MAE before the guarded, conformal predictor (it must not get worse), and
 * the p10–p90 coverage it must keep. */
#define DIGEST_MAE_BEFORE_PT  6.65
#define COVERAGE_MIN          0.70
#define COVERAGE_MAX          0.90

/* ------------------------------------------------------------------ */
/* Metrics                                                              */

static void
test_spearman (void)
{
  double x[] = { 1, 2, 3, 4, 5 };
  double up[] = { 10, 20, 30, 40, 50 };
  double down[] = { 5, 4, 3, 2, 1 };
  double tied[] = { 1, 2, 2, 3 };
  double y4[] = { 1, 2, 3, 4 };
  double flat[] = { 7, 7, 7, 7, 7 };

  g_assert_cmpfloat_with_epsilon (ms_spearman (x, up, 5), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ms_spearman (x, down, 5), -1.0, 1e-12);
  /* average ranks for the tie: 4.5 / √(4.5 · 5) */
  g_assert_cmpfloat_with_epsilon (ms_spearman (tied, y4, 4), 4.5 / sqrt (22.5), 1e-12);
  g_assert_true (isnan (ms_spearman (x, flat, 5)));
  g_assert_true (isnan (ms_spearman (x, up, 1)));
}

static void
test_metrics (void)
{
  MsEvalSample samples[] = {
    { 0.20, 0.15, 0.25, 0.22 },   /* in */
    { 0.30, 0.25, 0.35, 0.40 },   /* out */
    { 0.10, 0.05, 0.15, 0.05 },   /* on the edge: in */
    { 0.25, NAN, NAN, 0.25 },     /* no range */
    { NAN, NAN, NAN, 0.30 },      /* no prediction: not counted */
  };
  MsEvalMetrics m;

  ms_eval_metrics_compute (samples, G_N_ELEMENTS (samples), &m);
  g_assert_cmpuint (m.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (m.mae, (0.02 + 0.10 + 0.05 + 0) / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.rmse, sqrt ((0.0004 + 0.01 + 0.0025) / 4), 1e-12);
  g_assert_cmpfloat_with_epsilon (m.coverage, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.spearman, 1.0, 1e-12);   /* the same order */
}

/* ------------------------------------------------------------------ */
/* Held-out campaigns: ../shared/data/subject-lines-digest.csv           */

static GArray *
load_digest (void)
{
  const char *dir = g_getenv ("MSGSCORE_SHARED_DATA");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "subject-lines-digest.csv", NULL)
                                      : NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GArray *rows;
  guint n_rejected = 0;
  gsize length;

  if (path == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  rows = ms_learn_rows_load (bytes, &n_rejected, &error);
  g_assert_no_error (error);
  return rows;
}

static void
test_digest_held_out (void)
{
  g_autoptr(GArray) rows = load_digest ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsPredictor) trained = NULL;
  MsEvalReport report;
  const MsEvalMetrics *p;

  if (rows == NULL)
    {
      g_test_skip ("MSGSCORE_SHARED_DATA/subject-lines-digest.csv is not there: the shared "
                   "data sets (../shared/data) are not checked out next to the repository");
      return;
    }
  g_assert_cmpuint (rows->len, ==, 379);

  g_assert_true (ms_history_evaluate (ms_rule_set_get_default (), (MsCampaignRow *) rows->data,
                                      rows->len, 0.2, 42, &report, &trained, &error));
  g_assert_no_error (error);
  g_assert_nonnull (trained);
  g_assert_cmpuint (report.n_skipped, ==, 17);
  g_assert_false (report.time_ordered);
  g_assert_cmpuint (report.n_test, ==, 72);

  p = &report.open[MS_EVAL_PREDICTOR];
  g_test_message ("open rate on the held-out 20 %%: MAE %.2f pt (before: %.2f pt; training "
                  "mean %.2f pt, industry baseline %.2f pt), RMSE %.2f pt, Spearman %.3f, "
                  "p10–p90 coverage %.1f %%; CTR coverage %.1f %%",
                  p->mae * 100, DIGEST_MAE_BEFORE_PT,
                  report.open[MS_EVAL_TRAINING_MEAN].mae * 100,
                  report.open[MS_EVAL_BASELINE].mae * 100, p->rmse * 100, p->spearman,
                  p->coverage * 100, report.ctr[MS_EVAL_PREDICTOR].coverage * 100);
  g_assert_cmpfloat (p->mae, <, report.open[MS_EVAL_TRAINING_MEAN].mae);
  g_assert_cmpfloat (p->mae * 100, <=, DIGEST_MAE_BEFORE_PT);
  g_assert_cmpfloat (p->spearman, >, 0);
  g_assert_cmpfloat (p->coverage, >=, COVERAGE_MIN);
  g_assert_cmpfloat (p->coverage, <=, COVERAGE_MAX);
  g_assert_cmpfloat (report.ctr[MS_EVAL_PREDICTOR].coverage, >=, COVERAGE_MIN);
  g_assert_cmpfloat (report.ctr[MS_EVAL_PREDICTOR].coverage, <=, COVERAGE_MAX);
}

/* ------------------------------------------------------------------ */
/* A/B pairs                                                            */

static GPtrArray *
load_pairs_text (const char  *text,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return ms_ab_pairs_load (bytes, error);
}

static GPtrArray *
load_pairs_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *pairs;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

    pairs = ms_ab_pairs_load (bytes, &error);
  }
  g_assert_no_error (error);
  return pairs;
}

static MsAbReport
evaluate (GPtrArray *pairs)
{
  g_autoptr(GError) error = NULL;
  MsAbReport report;

  g_assert_true (ms_ab_evaluate (ms_rule_set_get_default (), NULL, pairs, &report, &error));
  g_assert_no_error (error);
  return report;
}

/* The hand-written fixture: a tie counts half, the winner is found where
 * nobody could miss it, and swapping the texts or the winner behaves. */
static void
test_ab_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "learn", "ab-pairs.jsonl",
                                                 NULL);
  g_autoptr(GPtrArray) pairs = load_pairs_file (path);
  MsAbReport report, flipped, swapped;

  g_assert_nonnull (pairs);
  g_assert_cmpuint (pairs->len, ==, 4);
  report = evaluate (pairs);
  g_assert_cmpuint (report.n, ==, 4);
  g_assert_cmpuint (report.total_ties, >=, 1);   /* the pair of identical texts */
  g_assert_cmpuint (report.rate_ties, >=, 1);
  g_assert_cmpfloat (report.total_accuracy, >=, 0.5);
  g_assert_cmpfloat (report.total_accuracy, <=, 1.0);

  /* the other winner: every decided pair flips, ties stay half */
  for (guint i = 0; i < pairs->len; i++)
    ((MsAbPair *) g_ptr_array_index (pairs, i))->b_won ^= TRUE;
  flipped = evaluate (pairs);
  g_assert_cmpfloat_with_epsilon (flipped.total_accuracy, 1 - report.total_accuracy, 1e-12);
  g_assert_cmpfloat_with_epsilon (flipped.rate_accuracy, 1 - report.rate_accuracy, 1e-12);

  /* a and b swapped along with the winner: the same accuracy */
  for (guint i = 0; i < pairs->len; i++)
    {
      MsAbPair *pair = g_ptr_array_index (pairs, i);
      char *a = pair->a;

      pair->a = pair->b;
      pair->b = a;
    }
  swapped = evaluate (pairs);
  g_assert_cmpfloat_with_epsilon (swapped.total_accuracy, report.total_accuracy, 1e-12);
  g_assert_cmpfloat_with_epsilon (swapped.rate_accuracy, report.rate_accuracy, 1e-12);
}

static void
test_ab_bad_input (void)
{
  static const struct { const char *text; int code; const char *says; } cases[] = {
    { "", MS_IO_ERROR_EMPTY, "no pairs" },
    { "\n\n", MS_IO_ERROR_EMPTY, "no pairs" },
    { "{\"channel\":\"email\"", MS_IO_ERROR_SYNTAX, "Line 1" },
    { "\n[1,2]", MS_IO_ERROR_SYNTAX, "Line 2" },
    { "{\"channel\":\"fax\",\"field\":\"subject\",\"a\":\"x\",\"b\":\"y\",\"winner\":\"a\","
      "\"metric\":\"open_rate\"}", MS_IO_ERROR_SYNTAX, "email, line or push" },
    { "{\"channel\":\"email\",\"field\":\"subject\",\"a\":\"x\",\"b\":\"y\",\"winner\":\"c\","
      "\"metric\":\"open_rate\"}", MS_IO_ERROR_SYNTAX, "“winner”" },
    { "{\"channel\":\"email\",\"field\":\"subject\",\"a\":\"x\",\"winner\":\"a\","
      "\"metric\":\"open_rate\"}", MS_IO_ERROR_SYNTAX, "needs" },
    { "{\"channel\":\"email\",\"field\":\"subject\",\"a\":\"x\",\"b\":\"y\",\"winner\":\"a\","
      "\"metric\":\"likes\"}", MS_IO_ERROR_SYNTAX, "“metric”" },
    { "{\"channel\":\"email\",\"field\":\"subject\",\"a\":\"x\",\"b\":\"y\",\"winner\":\"a\","
      "\"metric\":\"ctr\",\"split\":\"test\"}", MS_IO_ERROR_SYNTAX, "“split”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) pairs = load_pairs_text (cases[i].text, &error);

      g_assert_null (pairs);
      g_assert_error (error, MS_IO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* bounded: a text over the limit is refused, not scored */
  {
    g_autoptr(GString) line = g_string_new ("{\"channel\":\"email\",\"field\":\"subject\",\"a\":\"");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pairs = NULL;

    for (guint i = 0; i < MS_AB_MAX_TEXT_BYTES + 1; i++)
      g_string_append_c (line, 'x');
    g_string_append (line, "\",\"b\":\"y\",\"winner\":\"a\",\"metric\":\"ctr\"}");
    pairs = load_pairs_text (line->str, &error);
    g_assert_null (pairs);
    g_assert_error (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX);
  }
}

/* The project's own A/B corpus, while it is being collected. */
static void
test_ab_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "corpus", "ab", "pairs.jsonl",
                                                 NULL);
  g_autoptr(GPtrArray) pairs = load_pairs_file (path);
  MsAbReport report;

  if (pairs == NULL)
    {
      g_test_skip ("tests/corpus/ab/pairs.jsonl is not there yet");
      return;
    }
  report = evaluate (pairs);
  g_test_message ("%u published A/B tests: pairwise accuracy of the total %.3f (%u ties), of "
                  "the predicted rate %.3f (%u ties); the goal for the total is %.2f%s",
                  report.n, report.total_accuracy, report.total_ties, report.rate_accuracy,
                  report.rate_ties, AB_MIN_TOTAL_ACCURACY,
                  AB_ENFORCE ? "" : " (reported, not enforced yet)");
  g_assert_cmpuint (report.n, ==, pairs->len);
  g_assert_cmpfloat (report.total_accuracy, >=, AB_FLOOR_TOTAL);
  if (AB_ENFORCE)
    g_assert_cmpfloat (report.total_accuracy, >=, AB_MIN_TOTAL_ACCURACY);
}

/* The pairs collected for issue 12 next to the lead's corpus
 * (tests/ab/pairs.jsonl, tests/ab/README.md): the same format plus “split”.
 * Every third pair in the order they were collected is held out, decided
 * before any score was looked at, so that tuning on the rest can be checked
 * on pairs it never saw. */

typedef gboolean (*PairFilter) (const MsAbPair *pair);

static gboolean pair_any (const MsAbPair *pair) { return TRUE; }
static gboolean pair_heldout (const MsAbPair *pair) { return pair->heldout; }
static gboolean pair_tuning (const MsAbPair *pair) { return !pair->heldout; }

static gboolean
pair_ja (const MsAbPair *pair)
{
  return g_strcmp0 (pair->language, "ja") == 0;
}

/* The report on the pairs @keep accepts; n = 0 when there are none. */
static MsAbReport
evaluate_where (GPtrArray  *pairs,
                PairFilter  keep)
{
  g_autoptr(GPtrArray) subset = g_ptr_array_new ();
  MsAbReport report = { 0 };

  for (guint i = 0; i < pairs->len; i++)
    if (keep (g_ptr_array_index (pairs, i)))
      g_ptr_array_add (subset, g_ptr_array_index (pairs, i));
  if (subset->len > 0)
    report = evaluate (subset);
  return report;
}

static void
report_where (const char *what,
              GPtrArray  *pairs,
              PairFilter  keep)
{
  MsAbReport report = evaluate_where (pairs, keep);

  if (report.n == 0)
    g_test_message ("%s: no pairs", what);
  else
    g_test_message ("%s: %u pairs, pairwise accuracy of the total %.3f (%u ties), of the "
                    "predicted rate %.3f (%u ties)", what, report.n, report.total_accuracy,
                    report.total_ties, report.rate_accuracy, report.rate_ties);
}

static void
test_ab_collected (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ab", "pairs.jsonl", NULL);
  g_autofree char *sources_path = g_test_build_filename (G_TEST_DIST, "ab", "SOURCES.md", NULL);
  g_autofree char *corpus_path = g_test_build_filename (G_TEST_DIST, "corpus", "ab", "pairs.jsonl",
                                                        NULL);
  g_autoptr(GPtrArray) pairs = load_pairs_file (path);
  g_autoptr(GPtrArray) corpus = load_pairs_file (corpus_path);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autofree char *sources = NULL;
  MsAbReport report;

  g_assert_nonnull (pairs);
  g_assert_true (g_file_get_contents (sources_path, &sources, NULL, NULL));

  for (guint i = 0; i < pairs->len; i++)
    {
      const MsAbPair *pair = g_ptr_array_index (pairs, i);
      g_autofree char *row = NULL;

      /* the split was fixed by collection order: every third is held out */
      g_assert_cmpint (pair->heldout, ==, i % 3 == 2);
      /* each pair says its language and where it was published */
      g_assert_true (g_strcmp0 (pair->language, "ja") == 0 ||
                     g_strcmp0 (pair->language, "en") == 0);
      g_assert_nonnull (pair->source);
      row = g_strdup_printf ("| %s |", pair->source);
      g_assert_nonnull (strstr (sources, row));
      /* an A/B test of a text: the two texts differ */
      g_assert_cmpstr (pair->a, !=, pair->b);
    }

  report = evaluate (pairs);
  g_assert_cmpuint (report.n, ==, pairs->len);
  report_where ("tests/ab, all", pairs, pair_any);
  report_where ("tests/ab, Japanese", pairs, pair_ja);
  report_where ("tests/ab, held out", pairs, pair_heldout);
  report_where ("tests/ab, tuning", pairs, pair_tuning);

  /* both collections together (the lead's corpus has no split: tuning) */
  if (corpus != NULL)
    g_ptr_array_extend (all, corpus, NULL, NULL);
  g_ptr_array_extend (all, pairs, NULL, NULL);
  report_where ("all published pairs", all, pair_any);
  g_assert_cmpfloat (evaluate_where (all, pair_any).total_accuracy, >=, AB_FLOOR_TOTAL);
  report_where ("all published pairs, Japanese", all, pair_ja);
  report_where ("all published pairs, held out", all, pair_heldout);
  report_where ("all published pairs, tuning", all, pair_tuning);
}

/* msgscore-cli eval ab reads both collections as one and reports the
 * held-out pairs and the tuning pairs apart: the numbers the test above
 * computes in process. */
static void
expect_report (JsonObject       *root,
               const char       *member,
               const MsAbReport *expected)
{
  JsonObject *o = json_object_get_object_member (root, member);

  g_assert_nonnull (o);
  g_assert_cmpint (json_object_get_int_member (o, "pairs"), ==, expected->n);
  g_assert_cmpint (json_object_get_int_member (o, "total_ties"), ==, expected->total_ties);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "total_accuracy"),
                                  expected->total_accuracy, 0.0005);
}

static void
test_ab_cli_split (void)
{
  g_autofree char *corpus_path = g_test_build_filename (G_TEST_DIST, "corpus", "ab", "pairs.jsonl",
                                                        NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "ab", "pairs.jsonl", NULL);
  const char *argv[] = { MSGSCORE_CLI, "eval", "ab", corpus_path, path, "--json", NULL };
  g_autoptr(GPtrArray) corpus = load_pairs_file (corpus_path);
  g_autoptr(GPtrArray) pairs = load_pairs_file (path);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root;
  MsAbReport whole, heldout, tuning;
  int status = 0;

  g_assert_nonnull (corpus);
  g_assert_nonnull (pairs);
  g_ptr_array_extend (all, corpus, NULL, NULL);
  g_ptr_array_extend (all, pairs, NULL, NULL);
  whole = evaluate (all);
  heldout = evaluate_where (all, pair_heldout);
  tuning = evaluate_where (all, pair_tuning);
  g_assert_cmpuint (heldout.n, >, 0);
  g_assert_cmpuint (heldout.n + tuning.n, ==, whole.n);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("msgscore-cli eval ab: %s\n%s", error->message, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  expect_report (root, "ab", &whole);
  expect_report (root, "heldout", &heldout);
  expect_report (root, "tuning", &tuning);
}

/* ------------------------------------------------------------------ */
/* Score vs results                                                     */

static void
test_rank_check (void)
{
  double totals[12], predicted[12], actual[12];
  g_autoptr(MsRankCheck) few = NULL;
  g_autoptr(MsRankCheck) good = NULL;
  g_autoptr(MsRankCheck) bad = NULL;

  for (guint i = 0; i < 12; i++)
    {
      totals[i] = 60 + 3 * i;
      predicted[i] = i < 4 ? NAN : 0.2 + 0.01 * i;
      actual[i] = 0.18 + 0.01 * i + (i % 2 ? 0.004 : 0);
    }

  few = ms_rank_check_compute (MS_CHANNEL_EMAIL, totals, predicted, actual, 4);
  g_assert_cmpint (few->score_reading, ==, MS_RANK_TOO_FEW);
  g_assert_true (isnan (few->score_spearman));
  g_assert_nonnull (strstr (few->text, "not enough sends"));
  g_assert_nonnull (strstr (few->text, "4 of the 10"));

  good = ms_rank_check_compute (MS_CHANNEL_EMAIL, totals, predicted, actual, 12);
  g_assert_cmpint (good->score_reading, ==, MS_RANK_WELL);
  g_assert_cmpfloat_with_epsilon (good->score_spearman, 1.0, 1e-12);
  g_assert_cmpuint (good->n_predicted, ==, 8);
  g_assert_cmpint (good->prediction_reading, ==, MS_RANK_TOO_FEW);
  g_assert_nonnull (strstr (good->text, "12 sends"));

  for (guint i = 0; i < 12; i++)
    totals[i] = 100 - 3 * i;
  bad = ms_rank_check_compute (MS_CHANNEL_LINE, totals, predicted, actual, 12);
  g_assert_cmpint (bad->score_reading, ==, MS_RANK_NOT);
  g_assert_nonnull (strstr (bad->text, "LINE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/learn/eval/spearman", test_spearman);
  g_test_add_func ("/ms/learn/eval/metrics", test_metrics);
  g_test_add_func ("/ms/learn/eval/digest-held-out", test_digest_held_out);
  g_test_add_func ("/ms/learn/eval/ab-fixture", test_ab_fixture);
  g_test_add_func ("/ms/learn/eval/ab-bad-input", test_ab_bad_input);
  g_test_add_func ("/ms/learn/eval/ab-corpus", test_ab_corpus);
  g_test_add_func ("/ms/learn/eval/ab-collected", test_ab_collected);
  g_test_add_func ("/ms/learn/eval/ab-cli-split", test_ab_cli_split);
  g_test_add_func ("/ms/learn/eval/rank-check", test_rank_check);

  return g_test_run ();
}
