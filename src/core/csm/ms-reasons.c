/* ms-reasons.c — the churn model's top factors as sentences and actions, from data/csm/reasons.json
 *
 * A factor is a feature whose contribution raises the account's churn
 * score; its size is in points of the 0–100 churn score: the calibrated
 * score minus the score the account would have without that contribution.
 * The largest n_top, largest first, each with its sentence (the account's
 * value in it) and its recommended action.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>

#include "ms-csm-json.h"
#include "ms-data.h"
#include "ms-playbook.h"
#include "ms-reasons.h"

#define FILE_NAME "csm/reasons.json"

static JsonObject *
get_reasons (JsonObject **missing)
{
  static JsonNode *root;
  static gsize loaded;
  JsonObject *o;

  if (g_once_init_enter (&loaded))
    {
      root = ms_data_load_json (FILE_NAME, NULL);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        g_error ("%s is missing or not an object", FILE_NAME);
      g_once_init_leave (&loaded, 1);
    }
  o = json_node_get_object (root);
  if (missing != NULL)
    *missing = _ms_csm_json_object (o, FILE_NAME, "missing");
  return _ms_csm_json_object (o, FILE_NAME, "reasons");
}

gboolean
ms_reasons_has (const char *signal)
{
  JsonObject *reasons = get_reasons (NULL);
  JsonObject *r;

  if (!json_object_has_member (reasons, signal) ||
      (r = json_object_get_object_member (reasons, signal)) == NULL)
    return FALSE;
  return json_object_has_member (r, "ja") && json_object_has_member (r, "en") &&
         json_object_has_member (r, "format") && json_object_has_member (r, "action");
}

static char *
format_value (const char *format,
              double      value,
              const char *missing)
{
  if (isnan (value))
    return g_strdup (missing);
  if (g_strcmp0 (format, "percent") == 0)
    return g_strdup_printf ("%+.0f%%", value * 100);
  if (g_strcmp0 (format, "decimal") == 0)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.0f", value);
}

/* "usage_vs_expected" is a share, not a change: no sign. */
static char *
format_for (const char *signal,
            const char *format,
            double      value,
            const char *missing)
{
  if (!isnan (value) && g_strcmp0 (format, "percent") == 0 &&
      (g_str_equal (signal, "usage_vs_expected") || g_str_equal (signal, "dau_mau") ||
       g_str_equal (signal, "seats_used") || g_str_equal (signal, "limit_use")))
    return g_strdup_printf ("%.0f%%", value * 100);
  return format_value (format, value, missing);
}

char *
ms_reasons_sentence (const char *signal,
                     double      value,
                     const char *language)
{
  JsonObject *missing = NULL;
  JsonObject *reasons = get_reasons (&missing);
  JsonObject *r = json_object_has_member (reasons, signal)
                    ? json_object_get_object_member (reasons, signal) : NULL;
  g_autofree char *formatted = NULL;
  g_auto(GStrv) parts = NULL;

  if (r == NULL)
    return g_strdup (signal);
  formatted = format_for (signal, json_object_get_string_member_with_default (r, "format", ""),
                          value, ms_csm_text (missing, language));
  parts = g_strsplit (ms_csm_text (r, language), "{value}", -1);
  return g_strjoinv (formatted, parts);
}

const char *
ms_reasons_action (const char *signal,
                   const char *language)
{
  JsonObject *reasons = get_reasons (NULL);
  JsonObject *r = json_object_has_member (reasons, signal)
                    ? json_object_get_object_member (reasons, signal) : NULL;

  if (r == NULL || !json_object_has_member (r, "action"))
    return "";
  return ms_csm_text (json_object_get_object_member (r, "action"), language);
}

/**
 * ms_reasons_top:
 * @contributions: the account's features + 1 contributions (log-odds), bias last
 * @values: (nullable): the account's feature values, for the sentences
 * @language: "ja" or "en"
 *
 * Returns: (transfer full): up to @n_top objects { signal, points, sentence,
 *   action }, the largest first
 */
JsonArray *
ms_reasons_top (MsChurnModel *model,
                const float  *contributions,
                const float  *values,
                guint         n_top,
                const char   *language)
{
  guint n = ms_churn_model_get_n_features (model);
  JsonArray *out = json_array_new ();
  double margin = 0, p;
  g_autofree gboolean *taken = g_new0 (gboolean, n);

  for (guint j = 0; j <= n; j++)
    margin += contributions[j];
  p = ms_churn_model_calibrate (model, margin);
  for (guint k = 0; k < n_top; k++)
    {
      guint best = G_MAXUINT;
      JsonObject *o;
      const char *name;
      g_autofree char *sentence = NULL;
      double points;

      for (guint j = 0; j < n; j++)
        if (!taken[j] && contributions[j] > 0 &&
            (best == G_MAXUINT || contributions[j] > contributions[best]))
          best = j;
      if (best == G_MAXUINT)
        break;
      taken[best] = TRUE;
      name = ms_churn_model_get_feature_name (model, best);
      points = 100 * (p - ms_churn_model_calibrate (model, margin - contributions[best]));
      sentence = ms_reasons_sentence (name, values != NULL ? values[best] : NAN, language);
      o = json_object_new ();
      json_object_set_string_member (o, "signal", name);
      json_object_set_double_member (o, "points", round (points * 10) / 10);
      if (values != NULL && !isnan (values[best]))
        json_object_set_double_member (o, "value", round (values[best] * 1000) / 1000);
      else
        json_object_set_null_member (o, "value");
      json_object_set_string_member (o, "sentence", sentence);
      json_object_set_string_member (o, "action", ms_reasons_action (name, language));
      json_array_add_object_element (out, o);
    }
  return out;
}
