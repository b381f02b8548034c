/* ms-csm-model.c — the churn model trained on the service's own history, and its card
 *
 * Rows (data/csm/churn.json "service"): every observation_step_days back
 * from today − horizon_days (so each row's outcome is known), for history_days,
 * each account live that day (begun min_account_days before, not churned:
 * ms_csm_account_is_live()) gives its signals that day (ms-csm-signals.c) and
 * the label "churned within horizon_days" (cancelled, or nobody used it for
 * inactive_days, by then).
 *
 * Time split: the rows of the newest validation_days of observation days are
 * held out; the model (ms_churn_model_train(): early stopping and Platt
 * calibration inside the older rows) learns from the older ones, and the
 * card says how it did on the held-out ones: AUC, precision and recall at
 * the alert threshold, calibration error, Brier, the base rate — and the same
 * AUC for the health score (100 − health as a churn score), so the two can
 * be compared — plus the rows, the dates and the features that moved the
 * held-out scores most.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <string.h>
#include <xgboost/c_api.h>
#include <glib/gi18n-lib.h>

#include "ms-churn-config.h"
#include "ms-churn-eval.h"
#include "ms-csm-model.h"
#include "ms-csm-signals.h"

/**
 * ms_csm_account_is_live:
 *
 * Returns: whether @account had begun (min_account_days before @day) and
 *   had not churned by @day
 */
gboolean
ms_csm_account_is_live (const MsCsmAccount *account,
                        gint32              day)
{
  const MsChurnConfig *config = ms_churn_config_get ();

  return account->created_day + (gint32) config->min_account_days <= day &&
         !ms_csm_account_churned_by (account, day, ms_csm_signals_inactive_days ());
}

/**
 * ms_csm_training_rows:
 * @first_day: the oldest observation day to use
 * @last_day: the newest
 * @days: (out) (optional): each row's observation day
 *
 * Returns: the rows of every observation day from @last_day back to
 *   @first_day, every observation_step_days
 */
MsChurnData *
ms_csm_training_rows (GPtrArray  *accounts,
                      gint32      first_day,
                      gint32      last_day,
                      GArray    **days)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) row_days = g_array_new (FALSE, FALSE, sizeof (gint32));
  MsChurnData *data;

  for (gint32 day = last_day; day >= first_day; day -= (gint32) config->observation_step_days)
    for (guint i = 0; i < accounts->len; i++)
      {
        const MsCsmAccount *account = accounts->pdata[i];
        MsCsmSignals signals;
        float label;

        if (!ms_csm_account_is_live (account, day))
          continue;
        ms_csm_signals_compute (account, day, &signals);
        label = ms_csm_account_churned_by (account, day + (gint32) config->horizon_days,
                                           ms_csm_signals_inactive_days ()) ? 1.0f : 0.0f;
        g_array_append_vals (x, signals.values, MS_N_SIGNALS);
        g_array_append_val (y, label);
        g_array_append_val (row_days, day);
      }
  data = ms_churn_data_new (y->len, MS_N_SIGNALS, ms_csm_signal_names ());
  if (y->len > 0)
    {
      memcpy (data->x, x->data, sizeof (float) * x->len);
      memcpy (data->y, y->data, sizeof (float) * y->len);
    }
  if (days != NULL)
    *days = g_steal_pointer (&row_days);
  return data;
}

static char *
format_day (gint32 day)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms_csm_day_start (day) / G_USEC_PER_SEC);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tokyo);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* The health score as a churn score, on the rows of @valid that have one: its AUC. */
static void
set_health_auc (JsonObject        *metrics,
                const MsChurnData *valid)
{
  g_autofree double *health = g_new (double, valid->n_rows);
  g_autofree float *health_y = g_new (float, valid->n_rows);
  guint n_health = 0;

  for (guint i = 0; i < valid->n_rows; i++)
    {
      float h = valid->x[(gsize) i * MS_N_SIGNALS + MS_SIGNAL_HEALTH];

      if (isnan (h))
        continue;
      health[n_health] = 100 - h;
      health_y[n_health] = valid->y[i];
      n_health++;
    }
  if (n_health > 0 && !isnan (ms_churn_auc (health, health_y, n_health)))
    json_object_set_double_member (metrics, "health_auc",
                                   round (ms_churn_auc (health, health_y, n_health) * 10000) /
                                   10000);
  else
    json_object_set_null_member (metrics, "health_auc");
  json_object_set_int_member (metrics, "health_rows", n_health);
}

static JsonArray *
top_features_json (const MsChurnReport *report)
{
  JsonArray *top = json_array_new ();

  for (guint i = 0; i < report->n_top; i++)
    {
      JsonObject *f = json_object_new ();

      json_object_set_string_member (f, "signal", ms_csm_signal_to_string (report->top[i]));
      json_object_set_double_member (f, "mean_abs_contribution",
                                     round (report->top_value[i] * 10000) / 10000);
      json_array_add_object_element (top, f);
    }
  return top;
}

/**
 * ms_csm_train:
 * @accounts: (element-type MsCsmAccount): every account, lists sorted
 * @today: the day of the run (Asia/Tokyo)
 * @now: its time, for the card
 *
 * Returns: (transfer full): the model with its card, or NULL with
 *   %MS_CHURN_ERROR_TOO_FEW when the history cannot support one
 */
MsChurnModel *
ms_csm_train (GPtrArray  *accounts,
              gint32      today,
              gint64      now,
              GError    **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  gint32 newest = today - (gint32) config->horizon_days;
  gint32 oldest = today - (gint32) config->history_days;
  gint32 split = newest - (gint32) config->validation_days;
  g_autoptr(MsChurnData) train = NULL;
  g_autoptr(MsChurnData) valid = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  g_autoptr(JsonObject) card = json_object_new ();
  g_autoptr(JsonObject) metrics = NULL;
  g_autofree double *p = NULL;
  g_autofree double *importance = NULL;
  g_autofree char *trained_at = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *valid_from = NULL;
  g_autoptr(GDateTime) when = NULL;
  MsChurnMetrics m;
  MsChurnReport report = { 0 };
  JsonArray *top;
  const char *version = NULL;

  {
    g_autoptr(GArray) days = NULL;
    g_autoptr(MsChurnData) all = ms_csm_training_rows (accounts, oldest, newest, &days);
    g_autoptr(GArray) train_rows = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr(GArray) valid_rows = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint i = 0; i < all->n_rows; i++)
      g_array_append_val (g_array_index (days, gint32, i) > split ? valid_rows : train_rows, i);
    train = ms_churn_data_subset (all, (guint *) train_rows->data, train_rows->len);
    valid = ms_churn_data_subset (all, (guint *) valid_rows->data, valid_rows->len);
  }
  if (valid->n_rows == 0 || ms_churn_data_count_positive (valid) < 5 ||
      ms_churn_data_count_positive (valid) == valid->n_rows)
    {
      g_set_error (error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW,
                   /* Translators: %u are numbers of rows */
                   _("Too little history to measure a churn model: the newest period has %u "
                     "rows, %u of them churned (at least 5 churned and some that stayed are "
                     "needed)."),
                   valid->n_rows, ms_churn_data_count_positive (valid));
      return NULL;
    }
  model = ms_churn_model_train (train, error);
  if (model == NULL)
    return NULL;

  p = ms_churn_model_predict (model, valid->x, valid->n_rows, error);
  if (p == NULL)
    return NULL;
  ms_churn_metrics_compute (p, valid->y, valid->n_rows, &m);
  metrics = ms_churn_metrics_to_json (&m);

  set_health_auc (metrics, valid);

  importance = ms_churn_model_importance (model, valid->x, valid->n_rows, error);
  if (importance == NULL)
    return NULL;
  ms_churn_report_set_top (&report, importance, MS_N_SIGNALS);
  top = top_features_json (&report);

  when = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  trained_at = g_date_time_format_iso8601 (when);
  from = format_day (oldest);
  to = format_day (split);
  valid_from = format_day (split + 1);
  version = "xgboost " G_STRINGIFY (XGBOOST_VER_MAJOR) "." G_STRINGIFY (XGBOOST_VER_MINOR) "."
            G_STRINGIFY (XGBOOST_VER_PATCH);
  json_object_set_string_member (card, "trained_at", trained_at);
  json_object_set_string_member (card, "library", version);
  json_object_set_string_member (card, "split", "time");
  json_object_set_string_member (card, "training_from", from);
  json_object_set_string_member (card, "training_to", to);
  json_object_set_string_member (card, "validation_from", valid_from);
  {
    g_autofree char *newest_day = format_day (newest);

    json_object_set_string_member (card, "validation_to", newest_day);
  }
  json_object_set_int_member (card, "horizon_days", config->horizon_days);
  json_object_set_int_member (card, "training_rows", train->n_rows);
  json_object_set_int_member (card, "training_churned", ms_churn_data_count_positive (train));
  json_object_set_int_member (card, "features", MS_N_SIGNALS);
  json_object_set_int_member (card, "rounds", ms_churn_model_get_n_rounds (model));
  json_object_set_double_member (metrics, "base_rate",
                                 round (1e4 * ms_churn_data_count_positive (valid) /
                                        valid->n_rows) / 1e4);
  json_object_set_object_member (card, "validation", g_steal_pointer (&metrics));
  json_object_set_array_member (card, "top_features", top);
  ms_churn_model_set_card (model, card);
  return g_steal_pointer (&model);
}
