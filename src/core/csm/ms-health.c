/* ms-health.c — the 0–100 account health score, from data/csm/health.json
 *
 * Five inputs with the product plan's weights and point tables (DOMAIN.md,
 * "Customer-success point tables"): each input's measure gets the points of
 * the first band of its table whose limits hold. An input without data is
 * missing — shown as such, never counted as zero — and the weight of the
 * inputs present is scaled up to 100: score = round (100 × Σ points ÷ Σ
 * weights present). Below min_weight_present there is no score at all.
 * The score's band (champion, healthy, medium risk, high risk) is the first
 * of the bands' table whose lower edge it reaches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-csm-json.h"
#include "ms-data.h"
#include "ms-health.h"

#define FILE_NAME "csm/health.json"

typedef struct
{
  gboolean has_at_least, has_above, has_at_most;
  double   at_least, above, at_most;
  guint    points;
} Band;

typedef struct
{
  guint   weight;
  char   *measure;
  GArray *bands;
} Input;

typedef struct
{
  Input   inputs[MS_HEALTH_N_INPUTS];
  guint   min_weight_present;
  double  band_edge[4];       /* champion, healthy, medium, high */
  double  expected_pro;
  double  expected_team;
  char   *source;
  guint   trend_days[2];
} Config;

static const char * const input_names[MS_HEALTH_N_INPUTS] = {
  "usage", "engagement", "support", "payment", "nps",
};

static const char * const band_names[] = {
  "none", "champion", "healthy", "medium_risk", "high_risk",
};

static Config *
load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ms_data_load_json (FILE_NAME, &error);
  Config *c = g_new0 (Config, 1);
  JsonObject *o;
  JsonArray *inputs, *bands, *trend;
  guint total = 0;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s: %s", FILE_NAME, error != NULL ? error->message : "not an object");
  o = json_node_get_object (root);
  c->source = g_strdup (_ms_csm_json_string (o, FILE_NAME, "source"));
  c->min_weight_present = _ms_csm_json_count (o, FILE_NAME, "min_weight_present");
  inputs = _ms_csm_json_array (o, FILE_NAME, "inputs");
  if (json_array_get_length (inputs) != MS_HEALTH_N_INPUTS)
    g_error ("%s: “inputs” must list %u inputs", FILE_NAME, MS_HEALTH_N_INPUTS);
  for (guint i = 0; i < MS_HEALTH_N_INPUTS; i++)
    {
      JsonObject *in = json_array_get_object_element (inputs, i);
      Input *input = &c->inputs[i];
      JsonArray *table;
      guint n;

      if (in == NULL || !g_str_equal (_ms_csm_json_string (in, FILE_NAME, "id"), input_names[i]))
        g_error ("%s: input %u must be “%s”", FILE_NAME, i, input_names[i]);
      input->weight = _ms_csm_json_count (in, FILE_NAME, "weight");
      input->measure = g_strdup (_ms_csm_json_string (in, FILE_NAME, "measure"));
      total += input->weight;
      table = _ms_csm_json_array (in, FILE_NAME, "bands");
      n = json_array_get_length (table);
      input->bands = g_array_new (FALSE, TRUE, sizeof (Band));
      for (guint k = 0; k < n; k++)
        {
          JsonObject *b = json_array_get_object_element (table, k);
          Band band = { 0 };

          if (b == NULL)
            g_error ("%s: %s band %u is not an object", FILE_NAME, input_names[i], k);
          if ((band.has_at_least = json_object_has_member (b, "at_least")))
            band.at_least = _ms_csm_json_number (b, FILE_NAME, "at_least", -1e9, 1e9);
          if ((band.has_above = json_object_has_member (b, "above")))
            band.above = _ms_csm_json_number (b, FILE_NAME, "above", -1e9, 1e9);
          if ((band.has_at_most = json_object_has_member (b, "at_most")))
            band.at_most = _ms_csm_json_number (b, FILE_NAME, "at_most", -1e9, 1e9);
          band.points = _ms_csm_json_count (b, FILE_NAME, "points");
          if (band.points > input->weight)
            g_error ("%s: %s band %u gives more points than the weight", FILE_NAME,
                     input_names[i], k);
          g_array_append_val (input->bands, band);
        }
      if (n == 0 || g_array_index (input->bands, Band, n - 1).has_at_least ||
          g_array_index (input->bands, Band, n - 1).has_above ||
          g_array_index (input->bands, Band, n - 1).has_at_most)
        g_error ("%s: the last band of %s must take every value", FILE_NAME, input_names[i]);
      if (i == MS_HEALTH_USAGE)
        {
          JsonObject *expected = _ms_csm_json_object (in, FILE_NAME, "expected_per_week");

          c->expected_pro = _ms_csm_json_number (expected, FILE_NAME, "pro", 0.1, 1e6);
          c->expected_team = _ms_csm_json_number (expected, FILE_NAME, "team", 0.1, 1e6);
        }
    }
  if (total != 100)
    g_error ("%s: the weights must add up to 100", FILE_NAME);
  bands = _ms_csm_json_array (o, FILE_NAME, "bands");
  if (json_array_get_length (bands) != 4)
    g_error ("%s: “bands” must list 4 bands", FILE_NAME);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *b = json_array_get_object_element (bands, i);

      if (b == NULL || !g_str_equal (_ms_csm_json_string (b, FILE_NAME, "id"), band_names[i + 1]))
        g_error ("%s: band %u must be “%s”", FILE_NAME, i, band_names[i + 1]);
      c->band_edge[i] = _ms_csm_json_number (b, FILE_NAME, "at_least", 0, 100);
    }
  trend = _ms_csm_json_array (o, FILE_NAME, "trend_days");
  if (json_array_get_length (trend) != 2)
    g_error ("%s: “trend_days” must list 2 spans", FILE_NAME);
  for (guint i = 0; i < 2; i++)
    c->trend_days[i] = (guint) json_array_get_int_element (trend, i);
  return c;
}

static const Config *
get_config (void)
{
  static Config *config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      config = load ();
      g_once_init_leave (&loaded, 1);
    }
  return config;
}

void
ms_health_inputs_init (MsHealthInputs *inputs)
{
  for (guint i = 0; i < MS_HEALTH_N_INPUTS; i++)
    inputs->value[i] = NAN;
}

guint
ms_health_points (MsHealthInput input,
                  double        value)
{
  const Input *in = &get_config ()->inputs[input];

  for (guint k = 0; k < in->bands->len; k++)
    {
      const Band *b = &g_array_index (in->bands, Band, k);

      if ((!b->has_at_least || value >= b->at_least) && (!b->has_above || value > b->above) &&
          (!b->has_at_most || value <= b->at_most))
        return b->points;
    }
  return 0;
}

MsHealthBand
ms_health_band_for_score (guint score)
{
  const Config *c = get_config ();

  for (guint i = 0; i < 4; i++)
    if (score >= c->band_edge[i])
      return MS_HEALTH_BAND_CHAMPION + i;
  return MS_HEALTH_BAND_HIGH_RISK;
}

void
ms_health_compute (const MsHealthInputs *inputs,
                   MsHealth             *out)
{
  const Config *c = get_config ();
  guint points = 0;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < MS_HEALTH_N_INPUTS; i++)
    {
      MsHealthPart *part = &out->parts[i];

      part->weight = c->inputs[i].weight;
      part->value = inputs->value[i];
      part->present = !isnan (inputs->value[i]);
      if (!part->present)
        continue;
      part->points = ms_health_points (i, inputs->value[i]);
      out->weight_present += part->weight;
      points += part->points;
    }
  if (out->weight_present < c->min_weight_present || out->weight_present == 0)
    {
      out->band = MS_HEALTH_BAND_NONE;
      return;
    }
  for (guint i = 0; i < MS_HEALTH_N_INPUTS; i++)
    if (out->parts[i].present)
      out->parts[i].share = 100.0 * out->parts[i].points / out->weight_present;
  out->scored = TRUE;
  out->score = (guint) floor (100.0 * points / out->weight_present + 0.5);
  out->band = ms_health_band_for_score (out->score);
}

/**
 * ms_health_expected_per_week:
 *
 * Returns: the saved scorings a week the product plan expects of @plan_id,
 *   or NAN when it gives none (Free)
 */
double
ms_health_expected_per_week (const char *plan_id)
{
  const Config *c = get_config ();

  if (plan_id == NULL)
    return NAN;
  if (g_str_has_prefix (plan_id, "team"))
    return c->expected_team;
  if (g_str_equal (plan_id, "pro"))
    return c->expected_pro;
  return NAN;
}

const char *
ms_health_band_to_string (MsHealthBand band)
{
  g_return_val_if_fail (band < G_N_ELEMENTS (band_names), NULL);
  return band_names[band];
}

const char *
ms_health_input_to_string (MsHealthInput input)
{
  g_return_val_if_fail (input < MS_HEALTH_N_INPUTS, NULL);
  return input_names[input];
}

const char *
ms_health_input_measure (MsHealthInput input)
{
  g_return_val_if_fail (input < MS_HEALTH_N_INPUTS, NULL);
  return get_config ()->inputs[input].measure;
}

const char *
ms_health_get_source (void)
{
  return get_config ()->source;
}

const guint *
ms_health_get_trend_days (guint *n_days)
{
  *n_days = 2;
  return get_config ()->trend_days;
}

JsonObject *
ms_health_to_json (const MsHealth *health)
{
  JsonObject *o = json_object_new ();
  JsonArray *parts = json_array_new ();

  if (health->scored)
    json_object_set_int_member (o, "score", health->score);
  else
    json_object_set_null_member (o, "score");
  json_object_set_string_member (o, "band", ms_health_band_to_string (health->band));
  json_object_set_int_member (o, "weight_present", health->weight_present);
  json_object_set_string_member (o, "source", ms_health_get_source ());
  for (guint i = 0; i < MS_HEALTH_N_INPUTS; i++)
    {
      const MsHealthPart *part = &health->parts[i];
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "id", input_names[i]);
      json_object_set_string_member (p, "measure", ms_health_input_measure (i));
      json_object_set_int_member (p, "weight", part->weight);
      json_object_set_boolean_member (p, "present", part->present);
      if (part->present)
        {
          json_object_set_double_member (p, "value", round (part->value * 1000) / 1000);
          json_object_set_int_member (p, "points", part->points);
          json_object_set_double_member (p, "share", round (part->share * 10) / 10);
        }
      else
        {
          json_object_set_null_member (p, "value");
          json_object_set_null_member (p, "points");
          json_object_set_null_member (p, "share");
        }
      json_array_add_object_element (parts, p);
    }
  json_object_set_array_member (o, "inputs", parts);
  return o;
}
