/* test-churn.c — the churn model: CSV features, split, training, calibration,
 * contributions, saving, and `msgscore-cli eval churn` on the public Telco data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "csm/ms-churn-config.h"
#include "csm/ms-churn-eval.h"

/* The best scikit-learn baseline on the Telco data (LogisticRegression on a
 * stratified 75/25 split, ../shared/data/README.md). */
#define TELCO_BASELINE_AUC 0.846

/* A seeded synthetic population: churn follows a logistic model of four of
 * six features (two are noise), a tenth of one feature missing. */
static MsChurnData *
make_synthetic (guint   n,
                guint32 seed)
{
  static const char * const names[] = { "usage_drop", "days_idle", "nps", "overdue", "noise_a",
                                        "noise_b", NULL };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  MsChurnData *data = ms_churn_data_new (n, 6, names);

  for (guint i = 0; i < n; i++)
    {
      float *x = data->x + (gsize) i * 6;
      double z;

      for (guint j = 0; j < 6; j++)
        x[j] = (float) g_rand_double_range (rand, -1, 1);
      z = -1.0 + 2.0 * x[0] + 1.5 * x[1] - 1.0 * x[2] + (x[3] > 0.5f ? 1.5 : 0);
      if (g_rand_double (rand) < 0.1)
        x[2] = NAN;
      data->y[i] = g_rand_double (rand) < 1 / (1 + exp (-z)) ? 1.0f : 0.0f;
    }
  return data;
}

static void
test_auc (void)
{
  const double perfect[] = { 0.1, 0.2, 0.8, 0.9 };
  const double reversed[] = { 0.9, 0.8, 0.2, 0.1 };
  const double tied[] = { 0.5, 0.5, 0.5, 0.5 };
  const double mixed[] = { 0.1, 0.6, 0.4, 0.9 };
  const float y[] = { 0, 0, 1, 1 };
  const float one_class[] = { 1, 1, 1, 1 };

  g_assert_cmpfloat (ms_churn_auc (perfect, y, 4), ==, 1.0);
  g_assert_cmpfloat (ms_churn_auc (reversed, y, 4), ==, 0.0);
  g_assert_cmpfloat (ms_churn_auc (tied, y, 4), ==, 0.5);
  /* pairs (pos, neg): (0.4,0.1) ✓ (0.4,0.6) ✗ (0.9,0.1) ✓ (0.9,0.6) ✓ */
  g_assert_cmpfloat_with_epsilon (ms_churn_auc (mixed, y, 4), 0.75, 1e-12);
  g_assert_true (isnan (ms_churn_auc (perfect, one_class, 4)));
}

static void
test_metrics (void)
{
  /* Alerts at a rounded score ≥ 80: rows 0 (0.795 → 80), 1 and 2. */
  const double p[] = { 0.795, 0.85, 0.99, 0.2, 0.1, 0.794 };
  const float y[] = { 1, 1, 0, 1, 0, 0 };
  MsChurnMetrics m;

  ms_churn_metrics_compute (p, y, G_N_ELEMENTS (p), &m);
  g_assert_cmpfloat (m.threshold, ==, 80);
  g_assert_cmpuint (m.n, ==, 6);
  g_assert_cmpuint (m.n_positive, ==, 3);
  g_assert_cmpuint (m.n_alerts, ==, 3);
  g_assert_cmpfloat_with_epsilon (m.precision, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat (m.calibration_error, >, 0);
  g_assert_cmpfloat (m.calibration_error, <, 1);
}

static void
test_split (void)
{
  g_autoptr(MsChurnData) data = make_synthetic (1000, 7);
  g_autoptr(GArray) train = NULL;
  g_autoptr(GArray) test = NULL;
  g_autoptr(GArray) train2 = NULL;
  g_autoptr(GArray) test2 = NULL;
  guint pos = ms_churn_data_count_positive (data), test_pos = 0;
  g_autofree guint *seen = g_new0 (guint, 1000);

  ms_churn_split_stratified (data->y, data->n_rows, 0.25, 42, &train, &test);
  g_assert_cmpuint (train->len + test->len, ==, 1000);
  for (guint i = 0; i < test->len; i++)
    {
      guint r = g_array_index (test, guint, i);

      test_pos += data->y[r] > 0.5f;
      seen[r]++;
    }
  for (guint i = 0; i < train->len; i++)
    seen[g_array_index (train, guint, i)]++;
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (seen[i], ==, 1);
  /* The same share of each class on both sides */
  g_assert_cmpuint (test_pos, ==, (guint) floor (pos * 0.25 + 0.5));
  g_assert_cmpuint (test->len - test_pos, ==, (guint) floor ((1000 - pos) * 0.25 + 0.5));

  /* Seeded: the same split again, another with another seed */
  ms_churn_split_stratified (data->y, data->n_rows, 0.25, 42, &train2, &test2);
  g_assert_cmpmem (test->data, test->len * sizeof (guint), test2->data, test2->len * sizeof (guint));
  g_clear_pointer (&train2, g_array_unref);
  g_clear_pointer (&test2, g_array_unref);
  ms_churn_split_stratified (data->y, data->n_rows, 0.25, 43, &train2, &test2);
  g_assert_true (memcmp (test->data, test2->data, test->len * sizeof (guint)) != 0);
}

static void
test_csv (void)
{
  const char csv[] =
    "\xEF\xBB\xBFid,plan,months,charges,churned\r\n"
    "a1,Pro,3,980,Yes\r\n"
    "a2,Free,,0,No\r\n"
    "a3,\"Team, S\",12,4980.5,No\r\n"
    "a4,,7,abc,Yes\r\n"
    "a5,Pro,1,980,\r\n";
  const char *drop[] = { "id", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsChurnData) data = ms_churn_data_from_csv (csv, strlen (csv), "churned", "Yes",
                                                        drop, &error);

  g_assert_no_error (error);
  /* The row without a label is left out */
  g_assert_cmpuint (data->n_rows, ==, 4);
  /* plan one-hot (3 values), months numeric, charges text ("abc") one-hot (4 values) */
  g_assert_cmpuint (data->n_cols, ==, 3 + 1 + 4);
  g_assert_cmpstr (data->names->pdata[0], ==, "plan=Pro");
  g_assert_cmpstr (data->names->pdata[2], ==, "plan=Team, S");
  g_assert_cmpstr (data->names->pdata[3], ==, "months");
  g_assert_cmpstr (data->names->pdata[4], ==, "charges=980");
  g_assert_cmpfloat (data->y[0], ==, 1);
  g_assert_cmpfloat (data->y[1], ==, 0);
  g_assert_cmpfloat (data->y[3], ==, 1);
  /* row 0: Pro, 3 months */
  g_assert_cmpfloat (data->x[0], ==, 1);
  g_assert_cmpfloat (data->x[1], ==, 0);
  g_assert_cmpfloat (data->x[3], ==, 3);
  /* row 1: a blank number is missing */
  g_assert_true (isnan (data->x[8 + 3]));
  /* row 3: a blank category is missing in every one-hot column */
  g_assert_true (isnan (data->x[24 + 0]) && isnan (data->x[24 + 1]) && isnan (data->x[24 + 2]));
  g_assert_cmpfloat (data->x[24 + 3], ==, 7);
}

static void
test_csv_errors (void)
{
  const char *no_such[] = { "nope", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new ("id,churned\n");
  MsChurnData *data;

  data = ms_churn_data_from_csv ("a,b\n1,2\n", 8, "churned", "1", NULL, &error);
  g_assert_null (data);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT);
  g_assert_nonnull (strstr (error->message, "churned"));
  g_clear_error (&error);

  data = ms_churn_data_from_csv ("a,churned\n1,2\n", 14, "churned", "1", no_such, &error);
  g_assert_null (data);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT);
  g_clear_error (&error);

  data = ms_churn_data_from_csv ("a,churned\n1,2,3\n", 16, "churned", "1", NULL, &error);
  g_assert_null (data);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT);
  g_clear_error (&error);

  data = ms_churn_data_from_csv ("a,churned\n\"1,2\n", 15, "churned", "1", NULL, &error);
  g_assert_null (data);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* An identifier not dropped: too many categories, left out and named */
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (many, "id-%u,%u\n", i, i % 2);
  data = ms_churn_data_from_csv (many->str, many->len, "churned", "1", NULL, &error);
  g_assert_null (data);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_INPUT);
}

static void
test_train_synthetic (void)
{
  g_autoptr(MsChurnData) data = make_synthetic (4000, 11);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  MsChurnReport report;

  model = ms_churn_evaluate (data, 0.25, 42, &report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  g_test_message ("synthetic: AUC %.4f, calibration error %.1f pt, %u rounds",
                  report.test.auc, report.test.calibration_error * 100, report.n_rounds);
  g_assert_cmpuint (report.n_test, >=, 999);   /* a quarter of each class, rounded */
  g_assert_cmpuint (report.n_test, <=, 1001);
  /* The logistic truth gives an AUC near 0.8; trees get close to it. */
  g_assert_cmpfloat (report.test.auc, >, 0.75);
  g_assert_cmpfloat (report.test.calibration_error, <, 0.05);
  /* The two biggest drivers come first; noise never leads. */
  g_assert_cmpuint (report.n_top, >=, 2);
  g_assert_true (report.top[0] == 0 || report.top[0] == 1);
  g_assert_true (report.top[1] <= 3);
}

static void
test_too_few (void)
{
  g_autoptr(MsChurnData) data = make_synthetic (100, 3);
  g_autoptr(GError) error = NULL;
  MsChurnModel *model = ms_churn_model_train (data, &error);

  g_assert_null (model);
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW);
}

static void
test_contributions_and_saving (void)
{
  g_autoptr(MsChurnData) data = make_synthetic (2000, 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsChurnModel) model = ms_churn_model_train (data, &error);
  g_autoptr(MsChurnModel) loaded = NULL;
  g_autoptr(JsonObject) card = json_object_new ();
  g_autofree double *p = NULL;
  g_autofree double *p2 = NULL;
  g_autofree float *exact = NULL;
  g_autofree float *approx = NULL;
  g_autofree char *json = NULL;
  guint n = 50, w = 7;

  g_assert_no_error (error);
  p = ms_churn_model_predict (model, data->x, n, &error);
  g_assert_no_error (error);
  exact = ms_churn_model_contributions (model, data->x, n, TRUE, &error);
  g_assert_no_error (error);
  approx = ms_churn_model_contributions (model, data->x, n, FALSE, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < n; r++)
    {
      double sum_exact = 0, sum_approx = 0;

      for (guint j = 0; j < w; j++)
        {
          sum_exact += exact[r * w + j];
          sum_approx += approx[r * w + j];
        }
      /* Both sum to the margin, which the calibration maps to p */
      g_assert_cmpfloat_with_epsilon (ms_churn_model_calibrate (model, sum_exact), p[r], 1e-4);
      g_assert_cmpfloat_with_epsilon (ms_churn_model_calibrate (model, sum_approx), p[r], 1e-4);
      /* The noise features barely matter in the exact attribution */
      g_assert_cmpfloat (fabs (exact[r * w + 4]), <, 0.5);
    }

  /* The daily batch walks the same trees: XGBoost's margins and its
   * approximate contributions (type 3), in one pass. */
  {
    g_autofree double *batch_p = g_new (double, n);
    g_autofree float *batch = g_new (float, n * w);

    ms_churn_model_score_batch (model, data->x, n, batch_p, batch);
    for (guint r = 0; r < n; r++)
      {
        g_assert_cmpfloat_with_epsilon (batch_p[r], p[r], 1e-5);
        for (guint j = 0; j < w; j++)
          g_assert_cmpfloat_with_epsilon (batch[r * w + j], approx[r * w + j], 1e-4);
      }
  }

  json_object_set_string_member (card, "trained_at", "2026-01-01");
  ms_churn_model_set_card (model, card);
  json = ms_churn_model_to_json (model, &error);
  g_assert_no_error (error);
  loaded = ms_churn_model_new_from_json (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_churn_model_get_n_rounds (loaded), ==, ms_churn_model_get_n_rounds (model));
  g_assert_cmpstr (ms_churn_model_get_feature_name (loaded, 1), ==, "days_idle");
  g_assert_cmpstr (json_object_get_string_member (ms_churn_model_get_card (loaded), "trained_at"),
                   ==, "2026-01-01");
  p2 = ms_churn_model_predict (loaded, data->x, n, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < n; r++)
    g_assert_cmpfloat (p2[r], ==, p[r]);

  g_assert_null (ms_churn_model_new_from_json ("{\"format\":\"other\"}", 18, &error));
  g_assert_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_MODEL);
}

/* ------------------------------------------------------------------ */
/* The public Telco data, through the command line                      */

static void
test_telco_cli (void)
{
  const char *dir = g_getenv ("MSGSCORE_SHARED_DATA");
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "telco-churn.csv", NULL) : NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  int status = 0;
  const char *argv[] = { MSGSCORE_CLI, "eval", "churn", NULL, "--label", "Churn", "--positive",
                         "Yes", "--drop", "customerID", "--json", NULL };
  double auc;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("MSGSCORE_SHARED_DATA/telco-churn.csv is not there: the shared data sets "
                   "(../shared/data) are not checked out next to the repository");
      return;
    }
  argv[3] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("msgscore-cli eval churn: %s\n%s", error->message, err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  o = json_node_get_object (json_parser_get_root (parser));
  auc = json_object_get_double_member (o, "auc");
  g_test_message ("Telco churn, stratified 75/25 split, seed 42: AUC %.4f (scikit-learn's best "
                  "baseline %.3f), precision %.3f and recall %.3f at churn score >= 80 (%" G_GINT64_FORMAT
                  " alerts), calibration error %.1f pt, %" G_GINT64_FORMAT " rounds",
                  auc, TELCO_BASELINE_AUC, json_object_get_double_member (o, "precision"),
                  json_object_get_double_member (o, "recall"),
                  json_object_get_int_member (o, "alerts"),
                  json_object_get_double_member (o, "calibration_error") * 100,
                  json_object_get_int_member (o, "rounds"));
  g_assert_cmpint (json_object_get_int_member (o, "rows_in_file"), ==, 7043);
  g_assert_cmpint (json_object_get_int_member (o, "features"), ==, 45);
  g_assert_cmpint (json_object_get_int_member (o, "test"), ==, 1761);
  g_assert_cmpfloat (auc, >=, TELCO_BASELINE_AUC);
  g_assert_cmpfloat (json_object_get_double_member (o, "calibration_error"), <, 0.05);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/churn/auc", test_auc);
  g_test_add_func ("/ms/churn/metrics", test_metrics);
  g_test_add_func ("/ms/churn/split", test_split);
  g_test_add_func ("/ms/churn/csv", test_csv);
  g_test_add_func ("/ms/churn/csv-errors", test_csv_errors);
  g_test_add_func ("/ms/churn/train-synthetic", test_train_synthetic);
  g_test_add_func ("/ms/churn/too-few", test_too_few);
  g_test_add_func ("/ms/churn/contributions-and-saving", test_contributions_and_saving);
  g_test_add_func ("/ms/churn/telco-cli", test_telco_cli);

  return g_test_run ();
}
