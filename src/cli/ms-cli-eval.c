/* ms-cli-eval.c — msgscore-cli eval: how well the score and the predictor do
 *
 *   msgscore-cli eval campaigns FILE [--holdout 0.2] [--seed N] [--ab PAIRS] [--json]
 *       trains on the older rows of FILE and measures the newest: MAE, RMSE,
 *       Spearman and p10–p90 coverage; with --ab, the pairwise accuracy on
 *       PAIRS of the total and of the rate predicted by the trained model
 *   msgscore-cli eval ab PAIRS [--json]
 *       the pairwise accuracy of the total and of the industry-baseline rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ms-cli.h"
#include "io/ms-learn-rows.h"
#include "score/ms-ab-eval.h"
#include "score/ms-history-eval.h"
#include "score/ms-rule-set.h"

static const char * const model_names[] = { "predictor", "baseline", "training_mean" };

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value,
            double       scale)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * scale) / scale);
}

static void
add_metrics (JsonBuilder         *builder,
             const char          *name,
             const MsEvalMetrics *m)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, m->n);
  add_number (builder, "mae_pt", m->mae * 100, 100);
  add_number (builder, "rmse_pt", m->rmse * 100, 100);
  add_number (builder, "spearman", m->spearman, 1000);
  add_number (builder, "coverage", m->coverage, 1000);
  json_builder_end_object (builder);
}

static void
add_ab_named (JsonBuilder      *builder,
              const char       *member,
              const MsAbReport *ab)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pairs");
  json_builder_add_int_value (builder, ab->n);
  add_number (builder, "total_accuracy", ab->total_accuracy, 1000);
  json_builder_set_member_name (builder, "total_ties");
  json_builder_add_int_value (builder, ab->total_ties);
  add_number (builder, "rate_accuracy", ab->rate_accuracy, 1000);
  json_builder_set_member_name (builder, "rate_ties");
  json_builder_add_int_value (builder, ab->rate_ties);
  json_builder_end_object (builder);
}

static void
add_ab (JsonBuilder      *builder,
        const MsAbReport *ab)
{
  add_ab_named (builder, "ab", ab);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_metrics (const char          *label,
               const MsEvalMetrics  metrics[MS_EVAL_N_MODELS])
{
  g_print ("%s\n", label);
  for (guint m = 0; m < MS_EVAL_N_MODELS; m++)
    {
      g_autofree char *coverage = NULL;

      if (metrics[m].n == 0)
        continue;
      coverage = isnan (metrics[m].coverage) ? g_strdup ("—")
                                             : g_strdup_printf ("%.1f%%", metrics[m].coverage * 100);
      /* Translators: a table row: model name, MAE and RMSE in points, rank correlation, the
       * share of real rates within the predicted p10–p90 range, number of rows */
      g_print (_("  %-14s MAE %5.2f pt  RMSE %5.2f pt  Spearman %6.3f  p10–p90 coverage %6s  (n = %u)\n"),
               model_names[m], metrics[m].mae * 100, metrics[m].rmse * 100,
               metrics[m].spearman, coverage, metrics[m].n);
    }
}

static void
print_ab (const MsAbReport *ab,
          const char       *rate_source)
{
  /* Translators: %u a number of A/B tests */
  g_print (_("A/B tests with a published winner: %u\n"), ab->n);
  /* Translators: the share of A/B tests whose winner got the higher score; %u the ties */
  g_print (_("  pairwise accuracy of the score total     %.3f  (%u ties, counted half)\n"),
           ab->total_accuracy, ab->total_ties);
  /* Translators: %s says which predictor; then a share and the ties */
  g_print (_("  pairwise accuracy of the predicted rate  %.3f  (%u ties, counted half; %s)\n"),
           ab->rate_accuracy, ab->rate_ties, rate_source);
}

static gboolean
load_pairs (const char  *path,
            GPtrArray  **pairs,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  contents = ms_cli_read_input (path, &length, error);
  if (contents == NULL)
    return FALSE;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  *pairs = ms_ab_pairs_load (bytes, error);
  return *pairs != NULL;
}

/* The pairs marked "split": "heldout" (@heldout TRUE) or the others. */
static GPtrArray *
pairs_where (GPtrArray *pairs,
             gboolean   heldout)
{
  GPtrArray *subset = g_ptr_array_new ();

  for (guint i = 0; i < pairs->len; i++)
    {
      MsAbPair *pair = g_ptr_array_index (pairs, i);

      if (pair->heldout == heldout)
        g_ptr_array_add (subset, pair);
    }
  return subset;
}

static void
print_ab_split (const char       *name,
                const MsAbReport *ab)
{
  /* Translators: %s is "held out" or "tuning"; then a number of A/B tests, the share whose
   * winner got the higher score and its ties, and the same for the predicted rate */
  g_print (_("  %s (%u): score total %.3f (%u ties), predicted rate %.3f (%u ties)\n"),
           name, ab->n, ab->total_accuracy, ab->total_ties, ab->rate_accuracy, ab->rate_ties);
}

/* Several pairs files are read as one; when some pairs are kept aside
 * ("split": "heldout", tests/ab/README.md) they and the others are also
 * reported apart, so a change tuned on the others can be checked on them. */
static int
eval_ab (char   **paths,
         int      n_paths,
         gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_ab_pair_free);
  g_autoptr(GPtrArray) heldout = NULL;
  g_autoptr(GPtrArray) tuning = NULL;
  g_autoptr(MsRuleSet) rules = ms_rule_set_new (NULL, NULL, &error);
  MsAbReport ab, ab_heldout, ab_tuning;

  if (rules == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  for (int i = 0; i < n_paths; i++)
    {
      g_autoptr(GPtrArray) one = NULL;

      if (!load_pairs (paths[i], &one, &error))
        return ms_cli_fail (g_steal_pointer (&error));
      g_ptr_array_extend_and_steal (pairs, g_steal_pointer (&one));
    }
  heldout = pairs_where (pairs, TRUE);
  tuning = pairs_where (pairs, FALSE);
  if (!ms_ab_evaluate (rules, NULL, pairs, &ab, &error) ||
      (heldout->len > 0 && (!ms_ab_evaluate (rules, NULL, heldout, &ab_heldout, &error) ||
                            !ms_ab_evaluate (rules, NULL, tuning, &ab_tuning, &error))))
    return ms_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_ab (builder, &ab);
      if (heldout->len > 0)
        {
          add_ab_named (builder, "heldout", &ab_heldout);
          add_ab_named (builder, "tuning", &ab_tuning);
        }
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }
  print_ab (&ab, _("industry baseline"));
  if (heldout->len > 0)
    {
      /* Translators: the A/B tests kept aside from tuning (tests/ab/README.md) */
      print_ab_split (_("held out"), &ab_heldout);
      /* Translators: the A/B tests weights may be tuned on */
      print_ab_split (_("tuning"), &ab_tuning);
    }
  return 0;
}

static int
eval_campaigns (const char *path,
                double      holdout,
                gint        seed,
                const char *ab_path,
                gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsPredictor) trained = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *contents = NULL;
  guint n_rejected = 0;
  gsize length = 0;
  MsEvalReport report;
  MsAbReport ab = { 0 };

  contents = ms_cli_read_input (path, &length, &error);
  if (contents == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  rows = ms_learn_rows_load (bytes, &n_rejected, &error);
  if (rows == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (ab_path != NULL && !load_pairs (ab_path, &pairs, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  rules = ms_rule_set_new (NULL, NULL, &error);
  if (rules == NULL ||
      !ms_history_evaluate (rules, (MsCampaignRow *) rows->data, rows->len, holdout,
                            (guint32) seed, &report, &trained, &error) ||
      (pairs != NULL && !ms_ab_evaluate (rules, trained, pairs, &ab, &error)))
    return ms_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, rows->len);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, n_rejected + report.n_skipped);
      json_builder_set_member_name (builder, "train");
      json_builder_add_int_value (builder, report.n_train);
      json_builder_set_member_name (builder, "test");
      json_builder_add_int_value (builder, report.n_test);
      json_builder_set_member_name (builder, "split");
      json_builder_add_string_value (builder, report.time_ordered ? "time" : "shuffle");
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, seed);
      for (guint target = 0; target < 2; target++)
        {
          json_builder_set_member_name (builder, target == 0 ? "open_rate" : "ctr");
          json_builder_begin_object (builder);
          for (guint m = 0; m < MS_EVAL_N_MODELS; m++)
            add_metrics (builder, model_names[m], target == 0 ? &report.open[m] : &report.ctr[m]);
          json_builder_end_object (builder);
        }
      if (pairs != NULL)
        add_ab (builder, &ab);
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }

  /* Translators: %u are numbers of rows; the last %s says how they were split */
  g_print (_("%u rows (%u left out): trained on %u, tested on the %u %s\n"),
           rows->len + n_rejected, n_rejected + report.n_skipped, report.n_train, report.n_test,
           report.time_ordered ? _("newest") : _("of a seeded shuffle (no dates)"));
  print_metrics (_("Open rate"), report.open);
  print_metrics (_("Click rate (CTR)"), report.ctr);
  if (pairs != NULL)
    print_ab (&ab, _("the predictor trained on the campaigns"));
  return 0;
}

int
ms_cli_eval (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ab_path = NULL;
  double holdout = 0.2;
  gint seed = 42;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "holdout", 0, 0, G_OPTION_ARG_DOUBLE, &holdout,
      N_("Share of the newest rows to test on (default 0.2)"), N_("SHARE") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Seed of the shuffle of rows without a date (default 42)"), N_("N") },
    { "ab", 0, 0, G_OPTION_ARG_FILENAME, &ab_path,
      N_("A/B tests (JSON lines) to measure the pairwise accuracy on"), N_("PAIRS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (argc >= 2 && g_str_equal (argv[1], "churn"))
    return ms_cli_eval_churn (argc - 1, argv + 1);

  context = g_option_context_new (_("campaigns FILE | ab PAIRS — measure the score and the "
                                    "predictor"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("campaigns: trains on the older rows and tests on the newest (rows without a date: a "
      "seeded shuffle). Takes the import template, or an export with counts: SUBJECT, OPENS, "
      "DELIVERIES and CLICKS give the open rate and CTR. Reports MAE and RMSE in percentage "
      "points, Spearman rank correlation and the share of real rates within the predicted "
      "p10–p90 range, for the predictor, the industry baseline and the training mean.\n"
      "ab: scores both texts of each published A/B test (one JSON object per line, as in "
      "tests/corpus/README.md; several files are read as one) and reports how often the winner "
      "got the higher total and the higher predicted rate, and the same apart for the pairs "
      "held out from tuning (\"split\": \"heldout\", tests/ab/README.md)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli eval: %s\n", error->message);
      return 2;
    }
  if (argc >= 3 && g_str_equal (argv[1], "ab") && ab_path == NULL)
    return eval_ab (argv + 2, argc - 2, json);
  if (argc != 3 || !g_str_equal (argv[1], "campaigns") || !(holdout > 0 && holdout < 1))
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli eval campaigns FILE [--holdout 0.2] [--seed N] "
                            "[--ab PAIRS] [--json]\n"
                            "       msgscore-cli eval ab PAIRS… [--json]"));
      return 2;
    }
  return eval_campaigns (argv[2], holdout, seed, ab_path, json);
}
