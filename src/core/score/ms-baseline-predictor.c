/* ms-baseline-predictor.c — predictions from industry × channel baselines
 *
 * Starts from data/baselines.json (the figures in DOMAIN.md) and moves each
 * rate by the axis scores that bear on it, within bounds from the same file.
 * The p10–p90 range is a fixed spread around the middle: without the team's
 * own results there is no measured error to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>

#include "ms-baseline-predictor.h"

struct _MsBaselinePredictor
{
  GObject     parent_instance;
  JsonObject *baselines;
  char       *language;
};

static void ms_baseline_predictor_iface_init (MsPredictorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsBaselinePredictor, ms_baseline_predictor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_PREDICTOR,
                                                      ms_baseline_predictor_iface_init))

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static double
get_double (JsonObject *object,
            const char *member,
            double      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_double (node);
}

static double
round4 (double value)
{
  return round (value * 10000.0) / 10000.0;
}

static MsRange
spread (JsonObject *spreads,
        const char *member,
        double      p50,
        double      cap)
{
  JsonNode *node = json_object_get_member (spreads, member);
  double lo = 0.75, hi = 1.25;
  MsRange range;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
      json_array_get_length (json_node_get_array (node)) == 2)
    {
      lo = json_array_get_double_element (json_node_get_array (node), 0);
      hi = json_array_get_double_element (json_node_get_array (node), 1);
    }

  range.p10 = round4 (MIN (p50 * lo, cap));
  range.p50 = round4 (MIN (p50, cap));
  range.p90 = round4 (MIN (p50 * hi, cap));
  return range;
}

static double
factor (JsonObject *adj,
        double      value)
{
  return CLAMP (value, get_double (adj, "min_factor", 0.4), get_double (adj, "max_factor", 1.6));
}

static MsPrediction *
ms_baseline_predictor_predict (MsPredictor      *predictor,
                               const MsMessage  *message,
                               const MsFeatures *features,
                               const guint      *axes,
                               GError          **error)
{
  MsBaselinePredictor *self = MS_BASELINE_PREDICTOR (predictor);
  const MsSegment *segment = ms_message_get_segment (message);
  MsChannel channel = ms_message_get_channel (message);
  JsonObject *channel_obj = get_object (get_object (self->baselines, "channels"),
                                        ms_channel_to_string (channel));
  JsonObject *industry = segment->industry != NULL ?
    get_object (get_object (self->baselines, "industries"), segment->industry) : NULL;
  JsonObject *adj = get_object (self->baselines, "adjustments");
  JsonObject *spreads = get_object (self->baselines, "spread");
  JsonObject *source_obj = get_object (channel_obj, "source");
  double pivot = get_double (adj, "pivot", 75);
  double open, click, conversion, per_recipient;
  g_autoptr(MsPrediction) prediction = ms_prediction_new ();
  g_autoptr(GString) source = g_string_new (NULL);

  open = get_double (channel_obj, "open_rate", 0.2);
  click = get_double (channel_obj, "click_rate", 0.025);
  if (source_obj != NULL)
    g_string_append (source, json_object_get_string_member_with_default (source_obj,
                                                                         self->language, ""));

  if (channel == MS_CHANNEL_EMAIL && industry != NULL)
    {
      open = get_double (industry, "email_open_rate", open);
      g_string_append_printf (source, "; %s",
                              json_object_get_string_member_with_default (industry, "source", ""));
    }

  open *= factor (adj, 1 + get_double (adj, "open_per_point", 0) * ((double) axes[MS_AXIS_OPEN] - pivot) +
                  get_double (adj, "open_compliance_per_point", 0) *
                  ((double) axes[MS_AXIS_COMPLIANCE] - pivot) +
                  (features->has_personalisation ? get_double (adj, "personalisation", 0) : 0));
  click *= factor (adj, 1 + get_double (adj, "click_per_point", 0) * ((double) axes[MS_AXIS_CTA] - pivot) +
                   get_double (adj, "click_readability_per_point", 0) *
                   ((double) axes[MS_AXIS_READABILITY] - pivot));
  conversion = get_double (get_object (self->baselines, "conversion_rate_by_goal"),
                           ms_goal_to_string (segment->goal), 0.03);
  conversion *= factor (adj, 1 + get_double (adj, "conversion_per_point", 0) *
                        ((double) axes[MS_AXIS_FIT] - pivot));

  prediction->list_size = segment->list_size;
  prediction->open_rate = spread (spreads, "open_rate", open, 1.0);
  prediction->click_rate = spread (spreads, "click_rate", click, prediction->open_rate.p50);
  prediction->conversion_rate = spread (spreads, "conversion_rate", conversion, 1.0);
  per_recipient = prediction->click_rate.p50 * prediction->conversion_rate.p50;
  prediction->conversions = spread (spreads, "conversions",
                                    round (per_recipient * segment->list_size * 10) / 10,
                                    (double) segment->list_size);
  prediction->basis = g_strdup ("industry_baseline");
  prediction->source = g_string_free (g_steal_pointer (&source), FALSE);

  return g_steal_pointer (&prediction);
}

static void
ms_baseline_predictor_iface_init (MsPredictorInterface *iface)
{
  iface->predict = ms_baseline_predictor_predict;
}

static void
ms_baseline_predictor_finalize (GObject *object)
{
  MsBaselinePredictor *self = MS_BASELINE_PREDICTOR (object);

  g_clear_pointer (&self->baselines, json_object_unref);
  g_free (self->language);

  G_OBJECT_CLASS (ms_baseline_predictor_parent_class)->finalize (object);
}

static void
ms_baseline_predictor_class_init (MsBaselinePredictorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_baseline_predictor_finalize;
}

static void
ms_baseline_predictor_init (MsBaselinePredictor *self)
{
}

/**
 * ms_baseline_predictor_new:
 * @baselines: the parsed data/baselines.json (ms_rule_set_get_baselines())
 * @language: "ja" or "en", for the source text
 */
MsPredictor *
ms_baseline_predictor_new (JsonObject *baselines,
                           const char *language)
{
  MsBaselinePredictor *self;

  g_return_val_if_fail (baselines != NULL, NULL);

  self = g_object_new (MS_TYPE_BASELINE_PREDICTOR, NULL);
  self->baselines = json_object_ref (baselines);
  self->language = g_strdup (language != NULL ? language : "en");
  return MS_PREDICTOR (self);
}
