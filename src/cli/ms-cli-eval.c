/* ms-cli-eval.c — msgscore-cli eval: how well the predictor does on held-back rows
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
#include "score/ms-history-predictor.h"
#include "io/ms-learn-rows.h"
#include "score/ms-rule-set.h"

static const char * const model_names[] = { "predictor", "baseline", "training_mean" };

static void
add_metrics (JsonBuilder         *builder,
             const char          *name,
             const MsEvalMetrics *m)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, m->n);
  json_builder_set_member_name (builder, "mae_pt");
  json_builder_add_double_value (builder, isnan (m->mae) ? 0 : round (m->mae * 10000) / 100);
  json_builder_set_member_name (builder, "rmse_pt");
  json_builder_add_double_value (builder, isnan (m->rmse) ? 0 : round (m->rmse * 10000) / 100);
  json_builder_set_member_name (builder, "spearman");
  if (isnan (m->spearman))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (m->spearman * 1000) / 1000);
  json_builder_end_object (builder);
}

static void
print_metrics (const char          *label,
               const MsEvalMetrics  metrics[3])
{
  g_print ("%s\n", label);
  for (guint m = 0; m < 3; m++)
    {
      if (metrics[m].n == 0)
        continue;
      /* Translators: a table row: model name, MAE and RMSE in points, rank correlation */
      g_print (_("  %-14s MAE %5.2f pt  RMSE %5.2f pt  Spearman %6.3f  (n = %u)\n"),
               model_names[m], metrics[m].mae * 100, metrics[m].rmse * 100,
               metrics[m].spearman, metrics[m].n);
    }
}

int
ms_cli_eval (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autofree char *contents = NULL;
  double holdout = 0.2;
  gint seed = 42;
  gboolean json = FALSE;
  guint n_rejected = 0;
  gsize length = 0;
  MsEvalReport report;
  const GOptionEntry entries[] = {
    { "holdout", 0, 0, G_OPTION_ARG_DOUBLE, &holdout,
      N_("Share of the newest rows to test on (default 0.2)"), N_("SHARE") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Seed of the shuffle of rows without a date (default 42)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("campaigns FILE — measure the predictor on held-back rows"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Trains on the older rows and tests on the newest (rows without a date: a seeded "
      "shuffle). Takes the import template, or an export with counts: SUBJECT, OPENS, "
      "DELIVERIES and CLICKS give the open rate and CTR. Reports MAE and RMSE in percentage "
      "points and Spearman rank correlation for the predictor, the industry baseline and the "
      "training mean."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli eval: %s\n", error->message);
      return 2;
    }
  if (argc != 3 || !g_str_equal (argv[1], "campaigns") || !(holdout > 0 && holdout < 1))
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli eval campaigns FILE [--holdout 0.2] [--seed N] "
                            "[--json]"));
      return 2;
    }

  contents = ms_cli_read_input (argv[2], &length, &error);
  if (contents == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  rows = ms_learn_rows_load (bytes, &n_rejected, &error);
  if (rows == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  rules = ms_rule_set_new (NULL, NULL, &error);
  if (rules == NULL ||
      !ms_history_evaluate (rules, (MsCampaignRow *) rows->data, rows->len, holdout,
                            (guint32) seed, &report, &error))
    return ms_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

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
          for (guint m = 0; m < 3; m++)
            add_metrics (builder, model_names[m], target == 0 ? &report.open[m] : &report.ctr[m]);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }

  /* Translators: %u are numbers of rows; the last %s says how they were split */
  g_print (_("%u rows (%u left out): trained on %u, tested on the %u %s\n"),
           rows->len + n_rejected, n_rejected + report.n_skipped, report.n_train, report.n_test,
           report.time_ordered ? _("newest") : _("of a seeded shuffle (no dates)"));
  print_metrics (_("Open rate"), report.open);
  print_metrics (_("Click rate (CTR)"), report.ctr);
  return 0;
}
