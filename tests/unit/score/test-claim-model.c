/* test-claim-model.c — the claim model reads its data and computes what
 * scikit-learn computed, and the scorer uses it both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <math.h>

#include "score/ms-claim-model.h"
#include "score/ms-normalizer.h"
#include "score/ms-scorer.h"
#include "score-test-util.h"

/* The same probabilities as build-aux/train-claim-model, for the sentences
 * it wrote into claim-model-check.tsv. */
static void
test_matches_training (void)
{
  MsClaimModel *model = ms_claim_model_get_default ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "score",
                                                 "claim-model-check.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint checked = 0;

  g_assert_nonnull (model);
  g_assert_cmpuint (ms_claim_model_get_n_families (model), ==, 12);   /* 11 and clean */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;
      g_auto(GStrv) expected = NULL;
      g_autofree char *normalized = NULL;
      double p[MS_CLAIM_MODEL_MAX_FAMILIES];

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      columns = g_strsplit (lines[i], "\t", 2);
      expected = g_strsplit (columns[1], " ", -1);
      g_assert_cmpuint (g_strv_length (expected), ==, ms_claim_model_get_n_families (model));

      normalized = ms_normalize_string (columns[0]);
      ms_claim_model_predict (model, normalized, strlen (normalized), p);
      for (guint f = 0; expected[f] != NULL; f++)
        g_assert_cmpfloat_with_epsilon (p[f], g_ascii_strtod (expected[f], NULL), 2e-3);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 5);
}

static void
test_evidence (void)
{
  MsClaimModel *model = ms_claim_model_get_default ();
  const MsClaimModelEvidence *evidence = ms_claim_model_get_evidence (model);

  /* What a finding of the model rests on, as the README and the rules say. */
  g_assert_cmpuint (evidence->n_items, >=, 1000);
  g_assert_cmpuint (evidence->n_sources, >=, 400);
  g_assert_cmpfloat (evidence->precision, >, 0.5);
  g_assert_cmpfloat (evidence->precision, <=, 1.0);
  g_assert_cmpint (ms_claim_model_find_family (model, "clean"), ==, -1);
  g_assert_cmpint (ms_claim_model_find_family (model, "yakki.body.named"), ==,
                   ms_claim_model_find_family (model, "yakki.body"));
  g_assert_cmpint (ms_claim_model_find_family (model, "yakki.bodyx"), ==, -1);
  g_assert_cmpint (ms_claim_model_find_family (model, "tokutei.sender"), ==, -1);
}

static void
expect_error (const char *text,
              const char *what)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClaimModel) model = ms_claim_model_new_from_bytes (bytes, &error);

  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, what));
}

static void
test_damaged (void)
{
  const char *good = "thresholds\t0.5\t0.3\nfamily\ta\t-1\t0.7\nfamily\tb\t0.5\t0.8\ngrams\t2\n"
                     "あ\t1.5\t0.1 0.2\nあい\t2\t-0.3 0.4\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (good, strlen (good));
  g_autoptr(GError) error = NULL;
  g_autoptr(MsClaimModel) model = ms_claim_model_new_from_bytes (bytes, &error);
  double p[MS_CLAIM_MODEL_MAX_FAMILIES];

  g_assert_no_error (error);
  g_assert_cmpuint (ms_claim_model_get_n_families (model), ==, 2);
  g_assert_cmpfloat (ms_claim_model_get_raise (model, 1), ==, 0.8);
  /* 「あい」: grams あ (tf 1, idf 1.5) and あい (tf 1, idf 2); L2 norm 2.5. */
  ms_claim_model_predict (model, "あい", strlen ("あい"), p);
  g_assert_cmpfloat_with_epsilon (p[0], 1 / (1 + exp (-(-1 + (1.5 * 0.1 + 2 * -0.3) / 2.5))), 1e-6);
  g_assert_cmpfloat_with_epsilon (p[1], 1 / (1 + exp (-(0.5 + (1.5 * 0.2 + 2 * 0.4) / 2.5))), 1e-6);
  /* Nothing known: the bias alone. */
  ms_claim_model_predict (model, "xyz", 3, p);
  g_assert_cmpfloat_with_epsilon (p[0], 1 / (1 + exp (1.0)), 1e-6);

  expect_error ("family\ta\t-1\t0.7\ngrams\t1\nあ\t1.5\n", "weight");
  expect_error ("family\ta\t-1\t0.7\ngrams\t2\nあ\t1.5\t0.1\n", "fewer grams");
  expect_error ("family\ta\t-1\t0.7\ngrams\t1\nあ\t1.5\t0.1\nい\t1\t0\n", "more grams");
  expect_error ("family\ta\t-1\t0.7\ngrams\t2\nあ\t1.5\t0.1\nあ\t1\t0\n", "twice");
  expect_error ("family\ta\t-1\t0.7\ngrams\t1\nあいうえ\t1.5\t0.1\n", "1 to 3");
  expect_error ("grams\t1\nあ\t1.5\t0.1\n", "families before");
  expect_error ("bogus\t1\n", "unknown header");
}

static gboolean
in_family (const MsFinding *f,
           const char      *family)
{
  gsize n = strlen (family);

  return strncmp (f->rule_id, family, n) == 0 && (f->rule_id[n] == '\0' || f->rule_id[n] == '.');
}

/* The finding (or the other rule a finding names) of @family. */
static const MsFinding *
find_family (const MsScoreResult *result,
             const char          *family)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (in_family (f, family))
        return f;
      for (guint k = 0; f->also != NULL && k < f->also->len; k++)
        if (in_family (g_ptr_array_index (f->also, k), family))
          return g_ptr_array_index (f->also, k);
    }
  return NULL;
}

static MsScoreResult *
score_bubble (const char *text)
{
  const char * const bubbles[] = { text, NULL };
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsMessage) message = ms_message_new_line (NULL, bubbles, segment);
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_PREDICTION | MS_SCORE_FLAGS_NO_VARIANTS, NULL, "en" };
  g_autoptr(GError) error = NULL;
  MsScoreResult *result = ms_scorer_score (ms_rule_set_get_default (), message, &options, &error);

  g_assert_no_error (error);
  return result;
}

/* A No.1 word in a weather report: the rule still points at it, but the
 * sentence reads like clean copy, so it is a warning, not a verdict that
 * caps the score. The same words in an ad stay an error. */
static void
test_unlike_copy_is_a_warning (void)
{
  g_autoptr(MsScoreResult) weather = score_bubble ("今年の夏は観測史上1位の暑さになりました。");
  g_autoptr(MsScoreResult) ad = score_bubble ("顧客満足度No.1の美容液!");
  const MsFinding *f;

  f = find_family (weather, "keihyo.no1");
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, MS_SEVERITY_WARN);
  g_assert_false (ms_score_result_get_capped (weather));

  f = find_family (ad, "keihyo.no1");
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, MS_SEVERITY_ERROR);
}

/* A sentence worded like enforced slimming copy, with words no body rule
 * lists, is flagged by the model as a warning that names its evidence. */
static void
test_similar_is_raised (void)
{
  g_autoptr(MsScoreResult) result = score_bubble ("たった1週間で実感!");
  const MsFinding *f = find_family (result, "yakki.body");

  g_assert_nonnull (f);
  g_assert_cmpstr (f->rule_id, ==, "yakki.body.similar");
  g_assert_cmpint (f->severity, ==, MS_SEVERITY_WARN);
  g_assert_nonnull (strstr (f->reference, "SOURCES.md"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/claim-model/matches-training", test_matches_training);
  g_test_add_func ("/claim-model/evidence", test_evidence);
  g_test_add_func ("/claim-model/damaged", test_damaged);
  g_test_add_func ("/claim-model/unlike-copy-is-a-warning", test_unlike_copy_is_a_warning);
  g_test_add_func ("/claim-model/similar-is-raised", test_similar_is_raised);

  return g_test_run ();
}
