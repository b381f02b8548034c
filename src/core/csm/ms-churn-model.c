/* ms-churn-model.c — gradient-boosted trees (XGBoost) with a calibrated churn probability
 *
 * Training (data/csm/churn.json says how much of each):
 *   1. the training rows are split, stratified and seeded, into a fitting
 *      part and a validation part (validation_share);
 *   2. trees are boosted on the fitting part, one round at a time, with
 *      XGBoost's log loss on the validation part after each; boosting stops
 *      early_stopping_rounds after the best round (at most max_rounds);
 *   3. a Platt sigmoid (a · margin + b) is fitted to the validation part's
 *      margins at the best round: the churn score shown is that calibrated
 *      probability × 100, and it is monotone in the margin, so calibrating
 *      never changes the ranking (nor the AUC);
 *   4. the model is the trees up to the best round (boosting again on every
 *      row was measured: no better on held-out data, and twice the time).
 * Training uses train_threads (1: the same trees on every machine), scoring
 * score_threads.
 *
 * Contributions are XGBoost's TreeSHAP values in log-odds (type 2, exact) or
 * Saabas-style path attributions (type 3, "approximate", much faster): one
 * per feature plus the bias, summing to the margin.
 *
 * A model is saved as one JSON text: the feature names, the rounds, the
 * sigmoid, the model card (whatever the trainer measured) and XGBoost's own
 * JSON model as a string, so it loads into the same trees bit for bit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xgboost/c_api.h>
#include <glib/gi18n-lib.h>

#include "ms-churn-config.h"
#include "ms-churn-forest.h"
#include "ms-churn-model.h"
#include "ms-json-guard.h"

#define FORMAT "msgscore-churn/1"

struct _MsChurnModel
{
  BoosterHandle  booster;
  GMutex         lock;         /* XGBoost's prediction buffers belong to the booster */
  GPtrArray     *names;
  guint          n_rounds;
  double         platt_a;
  double         platt_b;
  JsonObject    *card;
  MsChurnForest *forest;       /* the same trees, for the daily batch */
  gboolean       scoring;      /* nthread is set for scoring (setting it reconfigures) */
};

/* ------------------------------------------------------------------------ */

static void
quiet_xgboost (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* XGBoost must not write to stdout (TAP, CLI output). */
      XGBSetGlobalConfig ("{\"verbosity\": 0}");
      g_once_init_leave (&done, 1);
    }
}

static gboolean
check (int       rc,
       GError  **error)
{
  if (rc == 0)
    return TRUE;
  g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_MODEL, "XGBoost: %s", XGBGetLastError ());
  return FALSE;
}

static MsChurnModel *
model_new (const GPtrArray *names)
{
  MsChurnModel *self = g_new0 (MsChurnModel, 1);

  g_mutex_init (&self->lock);
  self->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (self->names, g_strdup (names->pdata[i]));
  self->platt_a = 1.0;
  self->card = json_object_new ();
  return self;
}

void
ms_churn_model_free (MsChurnModel *self)
{
  if (self == NULL)
    return;
  if (self->booster != NULL)
    XGBoosterFree (self->booster);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->forest, _ms_churn_forest_free);
  g_ptr_array_unref (self->names);
  g_clear_pointer (&self->card, json_object_unref);
  g_free (self);
}

static DMatrixHandle
make_matrix (const float  *x,
             const float  *y,
             guint         n_rows,
             guint         n_cols,
             guint         n_threads,
             GError      **error)
{
  DMatrixHandle matrix = NULL;

  if (!check (XGDMatrixCreateFromMat_omp (x, n_rows, n_cols, NAN, &matrix, (int) n_threads),
              error))
    return NULL;
  if (y != NULL && !check (XGDMatrixSetFloatInfo (matrix, "label", y, n_rows), error))
    {
      XGDMatrixFree (matrix);
      return NULL;
    }
  return matrix;
}

static BoosterHandle
make_booster (DMatrixHandle  *matrices,
              guint           n_matrices,
              GError        **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  BoosterHandle booster = NULL;
  g_autofree char *threads = g_strdup_printf ("%u", config->train_threads);

  if (!check (XGBoosterCreate (matrices, n_matrices, &booster), error))
    return NULL;
  for (guint i = 0; config->booster_keys[i] != NULL; i++)
    if (!check (XGBoosterSetParam (booster, config->booster_keys[i], config->booster_values[i]),
                error))
      goto fail;
  if (!check (XGBoosterSetParam (booster, "nthread", threads), error) ||
      !check (XGBoosterSetParam (booster, "eval_metric", "logloss"), error))
    goto fail;
  return booster;

fail:
  XGBoosterFree (booster);
  return NULL;
}

/* The log loss in XGBoost's "[3]\tvalid-logloss:0.41234" */
static double
parse_eval (const char *text)
{
  const char *colon = strrchr (text, ':');

  return colon != NULL ? g_ascii_strtod (colon + 1, NULL) : NAN;
}

/* Platt's method with his smoothed targets, by Newton steps (Lin, Lin and
 * Weng 2007, "A note on Platt's probabilistic outputs"). */
static void
fit_platt (const float *margin,
           const float *y,
           guint        n,
           double      *out_a,
           double      *out_b)
{
  double n_pos = 0, n_neg = 0, hi, lo, a = 0, b, f = 0;

  for (guint i = 0; i < n; i++)
    {
      if (y[i] > 0.5f)
        n_pos++;
      else
        n_neg++;
    }
  hi = (n_pos + 1) / (n_pos + 2);
  lo = 1 / (n_neg + 2);
  b = log ((n_neg + 1) / (n_pos + 1));

  for (guint i = 0; i < n; i++)
    {
      double t = y[i] > 0.5f ? hi : lo, fx = margin[i] * a + b;

      f += fx >= 0 ? t * fx + log1p (exp (-fx)) : (t - 1) * fx + log1p (exp (fx));
    }
  for (guint iter = 0; iter < 100; iter++)
    {
      double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0, det, da, db, step = 1;

      for (guint i = 0; i < n; i++)
        {
          double t = y[i] > 0.5f ? hi : lo, fx = margin[i] * a + b, p, q, d1, d2;

          if (fx >= 0)
            {
              p = exp (-fx) / (1 + exp (-fx));
              q = 1 / (1 + exp (-fx));
            }
          else
            {
              p = 1 / (1 + exp (fx));
              q = exp (fx) / (1 + exp (fx));
            }
          d2 = p * q;
          h11 += margin[i] * margin[i] * d2;
          h22 += d2;
          h21 += margin[i] * d2;
          d1 = t - p;
          g1 += margin[i] * d1;
          g2 += d1;
        }
      if (fabs (g1) < 1e-5 && fabs (g2) < 1e-5)
        break;
      det = h11 * h22 - h21 * h21;
      da = -(h22 * g1 - h21 * g2) / det;
      db = -(-h21 * g1 + h11 * g2) / det;
      while (step >= 1e-10)
        {
          double na = a + step * da, nb = b + step * db, nf = 0;

          for (guint i = 0; i < n; i++)
            {
              double t = y[i] > 0.5f ? hi : lo, fx = margin[i] * na + nb;

              nf += fx >= 0 ? t * fx + log1p (exp (-fx)) : (t - 1) * fx + log1p (exp (fx));
            }
          if (nf < f + 1e-4 * step * (g1 * da + g2 * db))
            {
              a = na;
              b = nb;
              f = nf;
              break;
            }
          step /= 2;
        }
      if (step < 1e-10)
        break;
    }
  /* Platt's fx is the negative log-odds. */
  *out_a = -a;
  *out_b = -b;
}

static gboolean
make_forest (MsChurnModel  *self,
             GError       **error)
{
  bst_ulong length = 0;
  const char *buffer = NULL;

  if (!check (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"json\"}", &length,
                                          &buffer), error))
    return FALSE;
  self->forest = _ms_churn_forest_new_from_json (buffer, length, self->names->len,
                                                 self->n_rounds, error);
  return self->forest != NULL;
}

static float *
predict_matrix (BoosterHandle   booster,
                DMatrixHandle   matrix,
                guint           type,
                guint           n_rounds,
                guint          *n_out,
                GError        **error)
{
  g_autofree char *config = g_strdup_printf ("{\"type\": %u, \"training\": false, "
                                             "\"iteration_begin\": 0, \"iteration_end\": %u, "
                                             "\"strict_shape\": false}", type, n_rounds);
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0, total = 1;
  const float *result = NULL;

  if (!check (XGBoosterPredictFromDMatrix (booster, matrix, config, &shape, &dim, &result),
              error))
    return NULL;
  for (bst_ulong i = 0; i < dim; i++)
    total *= shape[i];
  *n_out = (guint) total;
  return g_memdup2 (result, sizeof (float) * total);
}

MsChurnModel *
ms_churn_model_train (const MsChurnData  *train,
                      GError            **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  g_autoptr(MsChurnModel) self = NULL;
  g_autoptr(GArray) fit_rows = NULL;
  g_autoptr(GArray) valid_rows = NULL;
  g_autoptr(MsChurnData) fit = NULL;
  g_autoptr(MsChurnData) valid = NULL;
  g_autofree float *margin = NULL;
  DMatrixHandle matrices[2] = { NULL, NULL };
  BoosterHandle booster = NULL;
  double best = INFINITY;
  guint best_round = 0, n_positive, n_margin = 0;
  gboolean ok = FALSE;

  quiet_xgboost ();
  n_positive = ms_churn_data_count_positive (train);
  if (train->n_rows < config->min_rows || n_positive < config->min_positives ||
      train->n_rows - n_positive < config->min_positives)
    {
      g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW,
                   /* Translators: %u are numbers of rows */
                   _("Too little history to learn from: %u rows, %u of them churned (at least "
                     "%u rows and %u churned and %u stayed are needed)."),
                   train->n_rows, n_positive, config->min_rows, config->min_positives,
                   config->min_positives);
      return NULL;
    }

  self = model_new (train->names);
  ms_churn_split_stratified (train->y, train->n_rows, config->validation_share,
                             config->split_seed, &fit_rows, &valid_rows);
  fit = ms_churn_data_subset (train, (guint *) fit_rows->data, fit_rows->len);
  valid = ms_churn_data_subset (train, (guint *) valid_rows->data, valid_rows->len);

  matrices[0] = make_matrix (fit->x, fit->y, fit->n_rows, fit->n_cols, config->train_threads,
                             error);
  if (matrices[0] == NULL)
    goto out;
  matrices[1] = make_matrix (valid->x, valid->y, valid->n_rows, valid->n_cols,
                             config->train_threads, error);
  if (matrices[1] == NULL)
    goto out;
  booster = make_booster (matrices, 2, error);
  if (booster == NULL)
    goto out;
  for (guint round = 0; round < config->max_rounds; round++)
    {
      static const char *eval_names[] = { "valid" };
      const char *text = NULL;
      double loss;

      if (!check (XGBoosterUpdateOneIter (booster, (int) round, matrices[0]), error) ||
          !check (XGBoosterEvalOneIter (booster, (int) round, &matrices[1], eval_names, 1,
                                        &text), error))
        goto out;
      loss = parse_eval (text);
      if (loss < best - 1e-7)
        {
          best = loss;
          best_round = round;
        }
      else if (round - best_round >= config->early_stopping_rounds)
        break;
    }
  self->n_rounds = best_round + 1;

  margin = predict_matrix (booster, matrices[1], 1, self->n_rounds, &n_margin, error);
  if (margin == NULL)
    goto out;
  g_assert (n_margin == valid->n_rows);
  fit_platt (margin, valid->y, valid->n_rows, &self->platt_a, &self->platt_b);
  /* The trees up to the best round; the sigmoid was fitted on their margins. */
  if (!check (XGBoosterSlice (booster, 0, (int) self->n_rounds, 1, &self->booster), error) ||
      !make_forest (self, error))
    goto out;
  ok = TRUE;

out:
  if (booster != NULL)
    XGBoosterFree (booster);
  for (guint i = 0; i < G_N_ELEMENTS (matrices); i++)
    if (matrices[i] != NULL)
      XGDMatrixFree (matrices[i]);
  return ok ? g_steal_pointer (&self) : NULL;
}

guint
ms_churn_model_get_n_features (MsChurnModel *self)
{
  return self->names->len;
}

const char *
ms_churn_model_get_feature_name (MsChurnModel *self,
                                 guint         index)
{
  g_return_val_if_fail (index < self->names->len, NULL);
  return self->names->pdata[index];
}

guint
ms_churn_model_get_n_rounds (MsChurnModel *self)
{
  return self->n_rounds;
}

/**
 * ms_churn_model_calibrate:
 * @margin: the trees' sum (log-odds)
 *
 * Returns: the calibrated probability of churning, 0–1
 */
double
ms_churn_model_calibrate (MsChurnModel *self,
                          double        margin)
{
  double z = self->platt_a * margin + self->platt_b;

  return z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));
}

static gboolean
set_score_threads (MsChurnModel  *self,
                   GError       **error)
{
  g_autofree char *threads = NULL;

  if (self->scoring)
    return TRUE;
  threads = g_strdup_printf ("%u", ms_churn_config_get ()->score_threads);
  self->scoring = check (XGBoosterSetParam (self->booster, "nthread", threads), error);
  return self->scoring;
}

/**
 * ms_churn_model_predict:
 * @x: @n_rows rows of ms_churn_model_get_n_features() features (NAN: missing)
 *
 * Returns: (transfer full): @n_rows calibrated probabilities, or NULL
 */
double *
ms_churn_model_predict (MsChurnModel  *self,
                        const float   *x,
                        guint          n_rows,
                        GError       **error)
{
  g_autofree char *values = NULL;
  g_autofree char *config = NULL;
  const bst_ulong *shape = NULL;
  bst_ulong dim = 0;
  const float *result = NULL;
  double *p;

  if (n_rows == 0)
    return g_new0 (double, 1);
  values = g_strdup_printf ("{\"data\": [%" G_GUINTPTR_FORMAT ", true], \"shape\": [%u, %u], "
                            "\"typestr\": \"<f4\", \"version\": 3}",
                            (guintptr) x, n_rows, self->names->len);
  /* In-place prediction keeps no cache (cache_id 0 is the only one allowed). */
  config = g_strdup_printf ("{\"type\": 1, \"training\": false, \"iteration_begin\": 0, "
                            "\"iteration_end\": %u, \"strict_shape\": false, \"cache_id\": 0, "
                            "\"missing\": NaN}", self->n_rounds);
  g_mutex_lock (&self->lock);
  if (!set_score_threads (self, error) ||
      !check (XGBoosterPredictFromDense (self->booster, values, config, NULL, &shape, &dim,
                                         &result), error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  p = g_new (double, n_rows);
  for (guint i = 0; i < n_rows; i++)
    p[i] = ms_churn_model_calibrate (self, result[i]);
  g_mutex_unlock (&self->lock);
  return p;
}

/**
 * ms_churn_model_contributions:
 * @exact: TreeSHAP (TRUE) or the approximate path attributions (FALSE)
 *
 * Returns: (transfer full): @n_rows × (features + 1) contributions to the
 *   margin, in log-odds; the last of each row is the bias
 */
float *
ms_churn_model_contributions (MsChurnModel  *self,
                              const float   *x,
                              guint          n_rows,
                              gboolean       exact,
                              GError       **error)
{
  DMatrixHandle matrix;
  float *out;
  guint n_out = 0;

  if (n_rows == 0)
    return g_new0 (float, 1);
  /* Starting threads costs more than a few rows do. */
  matrix = make_matrix (x, NULL, n_rows, self->names->len,
                        n_rows < 1000 ? 1 : ms_churn_config_get ()->score_threads, error);
  if (matrix == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  out = set_score_threads (self, error)
          ? predict_matrix (self->booster, matrix, exact ? 2 : 3, self->n_rounds, &n_out, error)
          : NULL;
  g_mutex_unlock (&self->lock);
  XGDMatrixFree (matrix);
  if (out != NULL)
    g_assert (n_out == n_rows * (self->names->len + 1));
  return out;
}

/**
 * ms_churn_model_score_batch:
 * @probability: (out caller-allocates): @n_rows calibrated probabilities
 * @contributions: (out caller-allocates) (nullable): @n_rows × (features + 1)
 *   approximate contributions (log-odds), the bias last
 *
 * The daily batch: probabilities and approximate contributions in one walk
 * of the trees (ms-churn-forest.c), on score_threads threads.
 */
void
ms_churn_model_score_batch (MsChurnModel *self,
                            const float  *x,
                            guint         n_rows,
                            double       *probability,
                            float        *contributions)
{
  _ms_churn_forest_explain (self->forest, x, n_rows, ms_churn_config_get ()->score_threads,
                            probability, contributions);
  for (guint i = 0; i < n_rows; i++)
    probability[i] = ms_churn_model_calibrate (self, probability[i]);
}

/**
 * ms_churn_model_importance:
 *
 * Returns: (transfer full): per feature, the mean absolute exact
 *   contribution over the rows of @x (log-odds)
 */
double *
ms_churn_model_importance (MsChurnModel  *self,
                           const float   *x,
                           guint          n_rows,
                           GError       **error)
{
  guint n = self->names->len;
  g_autofree float *contributions = ms_churn_model_contributions (self, x, n_rows, TRUE, error);
  double *importance;

  if (contributions == NULL)
    return NULL;
  importance = g_new0 (double, n);
  for (guint r = 0; r < n_rows; r++)
    for (guint j = 0; j < n; j++)
      importance[j] += fabs (contributions[(gsize) r * (n + 1) + j]);
  for (guint j = 0; j < n && n_rows > 0; j++)
    importance[j] /= n_rows;
  return importance;
}

/* ------------------------------------------------------------------------ */
/* Saving                                                                    */

/**
 * ms_churn_model_set_card:
 * @card: (transfer none): what the trainer measured (copied)
 */
void
ms_churn_model_set_card (MsChurnModel *self,
                         JsonObject   *card)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, card);
  copy = json_node_copy (node);
  g_clear_pointer (&self->card, json_object_unref);
  self->card = json_object_ref (json_node_get_object (copy));
}

JsonObject *
ms_churn_model_get_card (MsChurnModel *self)
{
  return self->card;
}

char *
ms_churn_model_to_json (MsChurnModel  *self,
                        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) card = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *trees = NULL;
  bst_ulong length = 0;
  const char *buffer = NULL;

  g_mutex_lock (&self->lock);
  if (!check (XGBoosterSaveModelToBuffer (self->booster, "{\"format\": \"json\"}", &length,
                                          &buffer), error))
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  trees = g_strndup (buffer, length);
  g_mutex_unlock (&self->lock);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT);
  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->names->len; i++)
    json_builder_add_string_value (builder, self->names->pdata[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rounds");
  json_builder_add_int_value (builder, self->n_rounds);
  json_builder_set_member_name (builder, "calibration");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "platt");
  json_builder_set_member_name (builder, "a");
  json_builder_add_double_value (builder, self->platt_a);
  json_builder_set_member_name (builder, "b");
  json_builder_add_double_value (builder, self->platt_b);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "card");
  json_node_set_object (card, self->card);
  json_builder_add_value (builder, json_node_copy (card));
  json_builder_set_member_name (builder, "xgboost");
  json_builder_add_string_value (builder, trees);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

MsChurnModel *
ms_churn_model_new_from_json (const char  *json,
                              gsize        length,
                              GError     **error)
{
  /* The model is the server's own, saved in its database. */
  static const MsJsonLimits limits = { 256 * 1024 * 1024, 32 };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(MsChurnModel) self = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonObject *o, *calibration;
  JsonArray *features;
  const char *trees;

  quiet_xgboost ();
  if (!ms_json_guard_check (json, length, &limits, error) ||
      !json_parser_load_from_data (parser, json, (gssize) length, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  o = json_node_get_object (json_parser_get_root (parser));
  if (!g_str_equal (json_object_get_string_member_with_default (o, "format", ""), FORMAT) ||
      !json_object_has_member (o, "features") || !json_object_has_member (o, "calibration") ||
      !json_object_has_member (o, "xgboost") || !json_object_has_member (o, "rounds"))
    goto bad;
  features = json_object_get_array_member (o, "features");
  calibration = json_object_get_object_member (o, "calibration");
  trees = json_object_get_string_member_with_default (o, "xgboost", NULL);
  if (features == NULL || calibration == NULL || trees == NULL)
    goto bad;
  for (guint i = 0; i < json_array_get_length (features); i++)
    g_ptr_array_add (names, g_strdup (json_array_get_string_element (features, i)));
  self = model_new (names);
  self->n_rounds = (guint) json_object_get_int_member (o, "rounds");
  self->platt_a = json_object_get_double_member_with_default (calibration, "a", 1);
  self->platt_b = json_object_get_double_member_with_default (calibration, "b", 0);
  if (json_object_has_member (o, "card") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "card")))
    ms_churn_model_set_card (self, json_object_get_object_member (o, "card"));
  if (!check (XGBoosterCreate (NULL, 0, &self->booster), error) ||
      !check (XGBoosterLoadModelFromBuffer (self->booster, trees, strlen (trees)), error) ||
      !make_forest (self, error))
    return NULL;
  return g_steal_pointer (&self);

bad:
  g_set_error_literal (error, MS_CHURN_ERROR, MS_CHURN_ERROR_MODEL,
                       _("The saved churn model cannot be read."));
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Measuring                                                                 */

typedef struct
{
  double score;
  float  y;
} Scored;

static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  double x = ((const Scored *) a)->score, y = ((const Scored *) b)->score;

  return x < y ? -1 : x > y;
}

/**
 * ms_churn_auc:
 *
 * Returns: the ROC AUC of @score against @y (Mann–Whitney, ties count
 *   half), or NAN when one class is absent
 */
double
ms_churn_auc (const double *score,
              const float  *y,
              guint         n)
{
  g_autofree Scored *s = g_new (Scored, MAX (n, 1));
  double rank_sum = 0, n_pos = 0, n_neg;
  guint i = 0;

  for (guint k = 0; k < n; k++)
    {
      s[k].score = score[k];
      s[k].y = y[k];
      n_pos += y[k] > 0.5f;
    }
  n_neg = n - n_pos;
  if (n_pos == 0 || n_neg == 0)
    return NAN;
  qsort (s, n, sizeof (Scored), compare_scored);
  while (i < n)
    {
      guint j = i;
      double mid, pos = 0;

      while (j < n && s[j].score == s[i].score)
        {
          pos += s[j].y > 0.5f;
          j++;
        }
      mid = (i + 1 + j) / 2.0;   /* the mean of ranks i+1 … j */
      rank_sum += pos * mid;
      i = j;
    }
  return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

/**
 * ms_churn_metrics_compute:
 * @probability: calibrated probabilities, 0–1
 */
void
ms_churn_metrics_compute (const double   *probability,
                          const float    *y,
                          guint           n,
                          MsChurnMetrics *out)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  guint bins = MAX (config->calibration_bins, 1), tp = 0;
  g_autofree double *bin_p = g_new0 (double, bins);
  g_autofree double *bin_y = g_new0 (double, bins);
  g_autofree guint *bin_n = g_new0 (guint, bins);

  memset (out, 0, sizeof *out);
  out->n = n;
  out->threshold = config->alert_threshold;
  out->auc = ms_churn_auc (probability, y, n);
  for (guint i = 0; i < n; i++)
    {
      gboolean churned = y[i] > 0.5f;
      guint b = MIN ((guint) (probability[i] * bins), bins - 1);

      out->n_positive += churned;
      /* The score shown is rounded to a whole number. */
      if (round (probability[i] * 100) >= config->alert_threshold)
        {
          out->n_alerts++;
          tp += churned;
        }
      out->brier += (probability[i] - churned) * (probability[i] - churned);
      bin_p[b] += probability[i];
      bin_y[b] += churned;
      bin_n[b]++;
    }
  out->precision = out->n_alerts > 0 ? (double) tp / out->n_alerts : NAN;
  out->recall = out->n_positive > 0 ? (double) tp / out->n_positive : NAN;
  out->brier = n > 0 ? out->brier / n : NAN;
  for (guint b = 0; b < bins; b++)
    if (bin_n[b] > 0)
      out->calibration_error += fabs (bin_p[b] - bin_y[b]) / n;
  if (n == 0)
    out->calibration_error = NAN;
}

static void
set_number (JsonObject *o,
            const char *name,
            double      value)
{
  if (isnan (value))
    json_object_set_null_member (o, name);
  else
    json_object_set_double_member (o, name, round (value * 10000) / 10000);
}

JsonObject *
ms_churn_metrics_to_json (const MsChurnMetrics *m)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "rows", m->n);
  json_object_set_int_member (o, "churned", m->n_positive);
  set_number (o, "auc", m->auc);
  set_number (o, "alert_threshold", m->threshold);
  json_object_set_int_member (o, "alerts", m->n_alerts);
  set_number (o, "precision", m->precision);
  set_number (o, "recall", m->recall);
  set_number (o, "calibration_error", m->calibration_error);
  set_number (o, "brier", m->brier);
  return o;
}
