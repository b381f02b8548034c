/* ms-churn-config.c — how the churn model is trained and shown, from data/csm/churn.json
 *
 * The file ships inside the binary (ms-data.c), so a missing or bad value is
 * a build bug and stops the program with the name of the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <stdio.h>

#include "ms-csm-json.h"
#include "ms-churn-config.h"
#include "ms-data.h"

#define FILE_NAME "csm/churn.json"

static MsChurnConfig *
load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ms_data_load_json (FILE_NAME, &error);
  MsChurnConfig *c = g_new0 (MsChurnConfig, 1);
  JsonObject *o, *booster, *csv, *service;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s: %s", FILE_NAME, error != NULL ? error->message : "not an object");
  o = json_node_get_object (root);
  booster = _ms_csm_json_object (o, FILE_NAME, "booster");
  json_object_iter_init (&iter, booster);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        g_error ("%s: booster.%s must be a string", FILE_NAME, name);
      g_ptr_array_add (keys, g_strdup (name));
      g_ptr_array_add (values, g_strdup (json_node_get_string (value)));
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);
  c->booster_keys = (char **) g_ptr_array_steal (keys, NULL);
  c->booster_values = (char **) g_ptr_array_steal (values, NULL);
  c->max_rounds = _ms_csm_json_count (o, FILE_NAME, "max_rounds");
  c->early_stopping_rounds = _ms_csm_json_count (o, FILE_NAME, "early_stopping_rounds");
  c->validation_share = _ms_csm_json_number (o, FILE_NAME, "validation_share", 0.05, 0.5);
  c->split_seed = _ms_csm_json_count (o, FILE_NAME, "split_seed");
  c->train_threads = _ms_csm_json_count (o, FILE_NAME, "train_threads");
  c->score_threads = _ms_csm_json_count (o, FILE_NAME, "score_threads");
  c->alert_threshold = _ms_csm_json_number (o, FILE_NAME, "alert_threshold", 1, 99);
  c->calibration_bins = _ms_csm_json_count (o, FILE_NAME, "calibration_bins");
  c->min_rows = _ms_csm_json_count (o, FILE_NAME, "min_rows");
  c->min_positives = _ms_csm_json_count (o, FILE_NAME, "min_positives");
  csv = _ms_csm_json_object (o, FILE_NAME, "csv");
  c->csv_max_bytes = (gsize) _ms_csm_json_number (csv, FILE_NAME, "max_bytes", 1024, 1e12);
  c->csv_max_columns = _ms_csm_json_count (csv, FILE_NAME, "max_columns");
  c->csv_max_categories = _ms_csm_json_count (csv, FILE_NAME, "max_categories");
  c->csv_test_share = _ms_csm_json_number (csv, FILE_NAME, "test_share", 0.05, 0.5);
  c->csv_seed = _ms_csm_json_count (csv, FILE_NAME, "seed");
  service = _ms_csm_json_object (o, FILE_NAME, "service");
  c->horizon_days = _ms_csm_json_count (service, FILE_NAME, "horizon_days");
  c->observation_step_days = _ms_csm_json_count (service, FILE_NAME, "observation_step_days");
  c->history_days = _ms_csm_json_count (service, FILE_NAME, "history_days");
  c->validation_days = _ms_csm_json_count (service, FILE_NAME, "validation_days");
  c->min_account_days = _ms_csm_json_count (service, FILE_NAME, "min_account_days");
  c->retrain_days = _ms_csm_json_count (service, FILE_NAME, "retrain_days");
  {
    const char *time = _ms_csm_json_string (service, FILE_NAME, "daily_time");
    guint hour = 0, minute = 0;

    if (sscanf (time, "%2u:%2u", &hour, &minute) != 2 || hour > 23 || minute > 59)
      g_error ("%s: service.daily_time must be HH:MM", FILE_NAME);
    c->daily_minute = hour * 60 + minute;
  }
  {
    JsonArray *domains = _ms_csm_json_array (service, FILE_NAME, "shared_domains");
    guint n = json_array_get_length (domains);

    c->shared_domains = g_new0 (char *, n + 1);
    for (guint i = 0; i < n; i++)
      c->shared_domains[i] = g_strdup (json_array_get_string_element (domains, i));
  }
  if (c->observation_step_days == 0 || c->horizon_days == 0)
    g_error ("%s: service: a span of 0 days", FILE_NAME);
  return c;
}

const MsChurnConfig *
ms_churn_config_get (void)
{
  static MsChurnConfig *config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      config = load ();
      g_once_init_leave (&loaded, 1);
    }
  return config;
}
