/* ms-churn-config.h — how the churn model is trained and shown, from data/csm/churn.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  **booster_keys;      /* XGBoost parameters, as strings */
  char  **booster_values;
  guint   max_rounds;
  guint   early_stopping_rounds;
  double  validation_share;
  guint32 split_seed;
  guint   train_threads;
  guint   score_threads;
  double  alert_threshold;   /* on the 0–100 churn score */
  guint   calibration_bins;
  guint   min_rows;
  guint   min_positives;
  gsize   csv_max_bytes;
  guint   csv_max_columns;
  guint   csv_max_categories;
  double  csv_test_share;
  guint32 csv_seed;
  /* training on the service's own history */
  guint   horizon_days;
  guint   observation_step_days;
  guint   history_days;
  guint   validation_days;
  guint   min_account_days;
  guint   retrain_days;
  guint   daily_minute;      /* minutes after midnight, Asia/Tokyo */
  char  **shared_domains;
} MsChurnConfig;

const MsChurnConfig *ms_churn_config_get (void);

G_END_DECLS
