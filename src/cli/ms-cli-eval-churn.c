/* ms-cli-eval-churn.c — msgscore-cli eval churn: the churn model on any churn CSV
 *
 *   msgscore-cli eval churn FILE --label COLUMN [--positive VALUE] [--drop COLUMN]…
 *                           [--test-share 0.25] [--seed 42] [--json]
 *
 * Numeric columns as they are, text columns one-hot, blanks missing
 * (ms-churn-data.c); a stratified split; the server's training code
 * (ms_churn_model_train()); AUC, precision and recall at the alert threshold
 * and the calibration error on the held-out rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "csm/ms-churn-config.h"
#include "csm/ms-churn-eval.h"
#include "ms-cli.h"

static void
print_report (const MsChurnReport *r,
              const MsChurnData   *data,
              double               seconds)
{
  const MsChurnMetrics *m = &r->test;

  /* Translators: numbers of rows and features */
  g_print (_("%u rows, %u features; trained on %u, tested on %u held-out rows (stratified)\n"),
           r->n_rows, r->n_features, r->n_train, r->n_test);
  for (guint i = 0; i < data->dropped->len; i++)
    /* Translators: %s names a column and why it was left out */
    g_print (_("left out: %s\n"), (char *) data->dropped->pdata[i]);
  /* Translators: a number of boosting rounds and seconds */
  g_print (_("gradient-boosted trees: %u rounds; trained and measured in %.2f s\n"), r->n_rounds,
           seconds);
  g_print (_("AUC                      %.4f\n"), m->auc);
  if (m->n_alerts > 0)
    /* Translators: the alert threshold, then precision and recall, then numbers of rows */
    g_print (_("at churn score ≥ %.0f:     precision %.3f, recall %.3f (%u alerts, %u churned)\n"),
             m->threshold, m->precision, m->recall, m->n_alerts, m->n_positive);
  else
    g_print (_("at churn score ≥ %.0f:     no alerts (%u churned)\n"), m->threshold,
             m->n_positive);
  /* Translators: expected calibration error, in percentage points */
  g_print (_("calibration error        %.1f pt (Brier %.4f)\n"), m->calibration_error * 100,
           m->brier);
  if (r->n_top > 0)
    g_print ("%s\n", _("features that moved the held-out scores most (mean |log-odds|):"));
  for (guint i = 0; i < r->n_top; i++)
    g_print ("  %-40s %.3f\n", (char *) data->names->pdata[r->top[i]], r->top_value[i]);
}

static void
print_json (const MsChurnReport *r,
            const MsChurnData   *data,
            double               seconds,
            guint                seed)
{
  g_autoptr(JsonObject) o = ms_churn_metrics_to_json (&r->test);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  JsonArray *top = json_array_new ();
  JsonArray *dropped = json_array_new ();

  /* "rows" and "churned" describe the held-out rows */
  json_object_set_int_member (o, "rows_in_file", r->n_rows);
  json_object_set_int_member (o, "features", r->n_features);
  json_object_set_int_member (o, "train", r->n_train);
  json_object_set_int_member (o, "test", r->n_test);
  json_object_set_int_member (o, "seed", seed);
  json_object_set_int_member (o, "rounds", r->n_rounds);
  json_object_set_double_member (o, "seconds", round (seconds * 1000) / 1000);
  for (guint i = 0; i < r->n_top; i++)
    {
      JsonObject *f = json_object_new ();

      json_object_set_string_member (f, "feature", data->names->pdata[r->top[i]]);
      json_object_set_double_member (f, "mean_abs_contribution",
                                     round (r->top_value[i] * 10000) / 10000);
      json_array_add_object_element (top, f);
    }
  json_object_set_array_member (o, "top_features", top);
  for (guint i = 0; i < data->dropped->len; i++)
    json_array_add_string_element (dropped, data->dropped->pdata[i]);
  json_object_set_array_member (o, "left_out", dropped);
  json_node_set_object (node, o);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
ms_cli_eval_churn (int    argc,
                   char **argv)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *positive = NULL;
  g_auto(GStrv) drop = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(MsChurnData) data = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  g_autoptr(GTimer) timer = NULL;
  double test_share = config->csv_test_share;
  gint seed = (gint) config->csv_seed;
  gboolean json = FALSE;
  gsize length = 0;
  MsChurnReport report;
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("The column that says who churned"),
      N_("COLUMN") },
    { "positive", 0, 0, G_OPTION_ARG_STRING, &positive,
      N_("The label’s value for a churned row (default 1)"), N_("VALUE") },
    { "drop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &drop,
      N_("A column to leave out, such as an identifier (repeat for more)"), N_("COLUMN") },
    { "test-share", 0, 0, G_OPTION_ARG_DOUBLE, &test_share,
      N_("Share of the rows held out to test on (default 0.25)"), N_("SHARE") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the split (default 42)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE --label COLUMN — measure the churn model on a CSV"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Numeric columns are used as they are, text columns one-hot, blanks as missing; a "
      "stratified split holds out a share of the rows; the model is trained as the server "
      "trains it and measured on the held-out rows: AUC, precision and recall at the alert "
      "threshold, calibration error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli eval churn: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || label == NULL || !(test_share > 0 && test_share < 1) || seed < 0)
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli eval churn FILE --label COLUMN "
                            "[--positive VALUE] [--drop COLUMN]… [--test-share 0.25] "
                            "[--seed 42] [--json]"));
      return 2;
    }

  /* Bounded before it is read (a pipe is bounded after). */
  if (!g_str_equal (argv[1], "-"))
    {
      GStatBuf st;

      if (g_stat (argv[1], &st) == 0 && (guint64) st.st_size > config->csv_max_bytes)
        return ms_cli_fail (g_error_new (MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT,
                                         /* Translators: %zu is a number of megabytes */
                                         _("The file is larger than %zu MB."),
                                         (size_t) (config->csv_max_bytes / (1024 * 1024))));
    }
  contents = ms_cli_read_input (argv[1], &length, &error);
  if (contents == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  data = ms_churn_data_from_csv (contents, length, label, positive != NULL ? positive : "1",
                                 (const char * const *) drop, &error);
  if (data == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  timer = g_timer_new ();
  model = ms_churn_evaluate (data, test_share, (guint32) seed, &report, &error);
  if (model == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (json)
    print_json (&report, data, g_timer_elapsed (timer, NULL), (guint) seed);
  else
    print_report (&report, data, g_timer_elapsed (timer, NULL));
  return 0;
}
