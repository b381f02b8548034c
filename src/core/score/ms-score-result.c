/* ms-score-result.c — a score: total, axes, findings, prediction, variants
 *
 * The JSON form is documented by data/score-result.schema.json ("schema": 1).
 * Members are written in a fixed order and numbers are rounded, so the same
 * result always gives the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>

#include "ms-score-result-private.h"

G_DEFINE_QUARK (ms-score-result-error-quark, ms_score_result_error)
G_DEFINE_BOXED_TYPE (MsScoreResult, ms_score_result, ms_score_result_ref, ms_score_result_unref)

MsScoreResult *
_ms_score_result_new (void)
{
  MsScoreResult *self = g_new0 (MsScoreResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_finding_free);
  self->variants = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_variant_free);
  return self;
}

MsScoreResult *
ms_score_result_ref (MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_score_result_unref (MsScoreResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->engine);
  g_free (self->language);
  for (guint i = 0; i < MS_N_AXES; i++)
    g_free (self->labels[i]);
  g_ptr_array_unref (self->findings);
  g_clear_pointer (&self->prediction, ms_prediction_free);
  g_ptr_array_unref (self->variants);
  g_free (self);
}

const char *
ms_score_result_get_engine (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->engine;
}

const char *
ms_score_result_get_language (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

MsChannel
ms_score_result_get_channel (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, MS_CHANNEL_EMAIL);
  return self->channel;
}

guint
ms_score_result_get_total (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->total;
}

/**
 * ms_score_result_get_capped:
 *
 * Returns: TRUE if a compliance error held the total below 60
 */
gboolean
ms_score_result_get_capped (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->capped;
}

/**
 * ms_score_result_get_spam_capped:
 *
 * Returns: TRUE if spam patterns (data/scoring.json "spam_cap") held the
 *   total below 60
 */
gboolean
ms_score_result_get_spam_capped (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->spam_capped;
}

guint
ms_score_result_get_axis (const MsScoreResult *self,
                          MsAxis               axis)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (axis < MS_N_AXES, 0);
  return self->axes[axis];
}

double
ms_score_result_get_axis_weight (const MsScoreResult *self,
                                 MsAxis               axis)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (axis < MS_N_AXES, 0);
  return self->weights[axis];
}

/**
 * ms_score_result_get_axis_label:
 *
 * Returns: the axis name in the result's language (from data/scoring.json)
 */
const char *
ms_score_result_get_axis_label (const MsScoreResult *self,
                                MsAxis               axis)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (axis < MS_N_AXES, NULL);
  return self->labels[axis];
}

/**
 * ms_score_result_get_findings:
 *
 * Returns: (transfer none) (element-type MsFinding): by field, then position
 */
GPtrArray *
ms_score_result_get_findings (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}

/**
 * ms_score_result_has_finding:
 * @rule_id: a rule id or family prefix ("keihyo", "ng.common")
 */
gboolean
ms_score_result_has_finding (const MsScoreResult *self,
                             const char          *rule_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->findings->len; i++)
    if (ms_finding_matches (g_ptr_array_index (self->findings, i), rule_id))
      return TRUE;
  return FALSE;
}

/**
 * ms_score_result_get_prediction:
 *
 * Returns: (transfer none) (nullable): NULL when prediction was not asked for
 */
const MsPrediction *
ms_score_result_get_prediction (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->prediction;
}

/**
 * ms_score_result_get_variants:
 *
 * Returns: (transfer none) (element-type MsVariant): best first, at most three
 */
GPtrArray *
ms_score_result_get_variants (const MsScoreResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->variants;
}

/**
 * ms_score_result_get_min_score:
 *
 * Returns: FALSE when no minimum-score rule is in force
 */
gboolean
ms_score_result_get_min_score (const MsScoreResult *self,
                               guint               *threshold,
                               gboolean            *passed,
                               MsMinScoreAction    *action)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (threshold != NULL)
    *threshold = self->min_threshold;
  if (passed != NULL)
    *passed = self->min_passed;
  if (action != NULL)
    *action = self->min_action;
  return self->has_min_score;
}

/* ------------------------------------------------------------------- JSON */

static double
round_to (double value,
          double scale)
{
  return round (value * scale) / scale;
}

static void
add_range (JsonBuilder   *builder,
           const char    *name,
           const MsRange *range)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "p10");
  json_builder_add_double_value (builder, round_to (range->p10, 10000));
  json_builder_set_member_name (builder, "p50");
  json_builder_add_double_value (builder, round_to (range->p50, 10000));
  json_builder_set_member_name (builder, "p90");
  json_builder_add_double_value (builder, round_to (range->p90, 10000));
  json_builder_end_object (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

/* The other rules that flag a finding's words. */
static void
add_also (JsonBuilder *builder,
          GPtrArray   *also)
{
  json_builder_set_member_name (builder, "also");
  json_builder_begin_array (builder);
  for (guint i = 0; i < also->len; i++)
    {
      const MsFinding *other = g_ptr_array_index (also, i);

      json_builder_begin_object (builder);
      add_string (builder, "rule_id", other->rule_id);
      add_string (builder, "severity", ms_severity_to_string (other->severity));
      add_string (builder, "message", other->message);
      add_string (builder, "reference", other->reference);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_rate_or_null (JsonBuilder *builder,
                  const char  *name,
                  double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round_to (value, 10000));
}

/* The optional members of a prediction from the team's own results. */
static void
add_learned (JsonBuilder        *builder,
             const MsPrediction *prediction)
{
  if (prediction->neighbours != NULL && prediction->neighbours->len > 0)
    {
      json_builder_set_member_name (builder, "neighbours");
      json_builder_begin_array (builder);
      for (guint i = 0; i < prediction->neighbours->len; i++)
        {
          const MsNeighbour *n = g_ptr_array_index (prediction->neighbours, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", n->id);
          add_string (builder, "subject", n->subject);
          json_builder_set_member_name (builder, "date");
          if (n->sent_on != NULL)
            json_builder_add_string_value (builder, n->sent_on);
          else
            json_builder_add_null_value (builder);
          add_string (builder, "channel", ms_channel_to_string (n->channel));
          add_rate_or_null (builder, "open_rate", n->open_rate);
          add_rate_or_null (builder, "ctr", n->ctr);
          json_builder_set_member_name (builder, "similarity");
          json_builder_add_double_value (builder, round_to (n->similarity, 1000));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  if (prediction->error_n > 0)
    {
      json_builder_set_member_name (builder, "error_n");
      json_builder_add_int_value (builder, prediction->error_n);
      json_builder_set_member_name (builder, "error_open_rate_pt");
      json_builder_add_double_value (builder, round_to (prediction->error_open_rate_pt, 100));
      add_rate_or_null (builder, "error_ctr_pt",
                        isnan (prediction->error_ctr_pt) ? NAN :
                        round_to (prediction->error_ctr_pt, 100));
      json_builder_set_member_name (builder, "error_similar");
      json_builder_add_boolean_value (builder, prediction->error_similar);
    }

  if (!isnan (prediction->familiarity))
    {
      json_builder_set_member_name (builder, "familiarity");
      json_builder_add_double_value (builder, round_to (prediction->familiarity, 1000));
    }
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_finding (JsonBuilder     *builder,
             const MsFinding *f)
{
  json_builder_begin_object (builder);
  add_string (builder, "rule_id", f->rule_id);
  add_string (builder, "axis", ms_axis_to_string (f->axis));
  add_string (builder, "severity", ms_severity_to_string (f->severity));
  add_string (builder, "field", ms_field_to_string (f->field));
  add_int (builder, "start", f->start);
  add_int (builder, "end", f->end);
  add_string (builder, "text", f->text);
  json_builder_set_member_name (builder, "points");
  json_builder_add_double_value (builder, round_to (f->points, 100));
  json_builder_set_member_name (builder, "costs");
  json_builder_begin_object (builder);
  for (guint a = 0; a < MS_N_AXES; a++)
    if (f->costs[a] > 0 || a == f->axis)
      {
        json_builder_set_member_name (builder, ms_axis_to_string (a));
        json_builder_add_double_value (builder, round_to (a == f->axis ? f->points
                                                                       : f->costs[a], 100));
      }
  json_builder_end_object (builder);
  add_string (builder, "message", f->message);
  add_string (builder, "suggestion", f->suggestion);
  add_string (builder, "reference", f->reference);
  json_builder_set_member_name (builder, "replacement");
  if (f->replacement != NULL)
    json_builder_add_string_value (builder, f->replacement);
  else
    json_builder_add_null_value (builder);
  if (f->also != NULL)
    add_also (builder, f->also);
  json_builder_end_object (builder);
}

JsonNode *
ms_score_result_to_json (const MsScoreResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "schema", MS_SCORE_RESULT_SCHEMA);
  add_string (builder, "engine", self->engine);
  add_string (builder, "language", self->language);
  add_string (builder, "channel", ms_channel_to_string (self->channel));
  add_int (builder, "total", self->total);
  json_builder_set_member_name (builder, "capped");
  json_builder_add_boolean_value (builder, self->capped);
  json_builder_set_member_name (builder, "spam_capped");
  json_builder_add_boolean_value (builder, self->spam_capped);

  json_builder_set_member_name (builder, "axes");
  json_builder_begin_array (builder);
  for (guint a = 0; a < MS_N_AXES; a++)
    {
      json_builder_begin_object (builder);
      add_string (builder, "id", ms_axis_to_string (a));
      add_string (builder, "label", self->labels[a]);
      add_int (builder, "score", self->axes[a]);
      json_builder_set_member_name (builder, "weight");
      json_builder_add_double_value (builder, round_to (self->weights[a], 1000));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    add_finding (builder, g_ptr_array_index (self->findings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "prediction");
  if (self->prediction == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_string (builder, "basis", self->prediction->basis);
      add_string (builder, "source", self->prediction->source);
      add_int (builder, "list_size", (gint64) self->prediction->list_size);
      add_range (builder, "open_rate", &self->prediction->open_rate);
      add_range (builder, "click_rate", &self->prediction->click_rate);
      add_range (builder, "conversion_rate", &self->prediction->conversion_rate);
      add_range (builder, "conversions", &self->prediction->conversions);
      add_learned (builder, self->prediction);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "variants");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->variants->len; i++)
    {
      const MsVariant *v = g_ptr_array_index (self->variants, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", v->id);
      add_string (builder, "field", ms_field_to_string (v->field));
      add_string (builder, "text", v->text);
      add_string (builder, "change", v->change);
      add_int (builder, "total", v->total);
      add_int (builder, "delta", v->delta);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "min_score");
  if (!self->has_min_score)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_int (builder, "threshold", self->min_threshold);
      json_builder_set_member_name (builder, "passed");
      json_builder_add_boolean_value (builder, self->min_passed);
      add_string (builder, "action", ms_min_score_action_to_string (self->min_action));
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
ms_score_result_to_string (const MsScoreResult *self,
                           gboolean             pretty)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  root = ms_score_result_to_json (self);
  return json_to_string (root, pretty);
}

/* ---------------------------------------------------------- reading back */

typedef struct
{
  GError **error;
  gboolean failed;
} Reader;

static gboolean G_GNUC_PRINTF (2, 3)
invalid (Reader     *reader,
         const char *format,
         ...)
{
  va_list args;

  if (reader->failed)
    return FALSE;
  reader->failed = TRUE;
  va_start (args, format);
  g_propagate_error (reader->error, g_error_new_valist (MS_SCORE_RESULT_ERROR,
                                                        MS_SCORE_RESULT_ERROR_INVALID,
                                                        format, args));
  va_end (args);
  return FALSE;
}

static JsonNode *
member (Reader     *reader,
        JsonObject *object,
        const char *name,
        GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      invalid (reader, "“%s” is missing", name);
      return NULL;
    }
  if (type == JSON_TYPE_OBJECT ? !JSON_NODE_HOLDS_OBJECT (node) :
      type == JSON_TYPE_ARRAY ? !JSON_NODE_HOLDS_ARRAY (node) :
      !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != type &&
       !(type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64)))
    {
      invalid (reader, "“%s” has the wrong type", name);
      return NULL;
    }

  return node;
}

static char *
read_string (Reader     *reader,
             JsonObject *object,
             const char *name)
{
  JsonNode *node = member (reader, object, name, G_TYPE_STRING);
  return node != NULL ? g_strdup (json_node_get_string (node)) : NULL;
}

static gint64
read_int (Reader     *reader,
          JsonObject *object,
          const char *name)
{
  JsonNode *node = member (reader, object, name, G_TYPE_INT64);
  return node != NULL ? json_node_get_int (node) : 0;
}

static double
read_double (Reader     *reader,
             JsonObject *object,
             const char *name)
{
  JsonNode *node = member (reader, object, name, G_TYPE_DOUBLE);
  return node != NULL ? json_node_get_double (node) : 0;
}

static void
read_range (Reader     *reader,
            JsonObject *object,
            const char *name,
            MsRange    *range)
{
  JsonNode *node = member (reader, object, name, JSON_TYPE_OBJECT);

  if (node == NULL)
    return;
  range->p10 = read_double (reader, json_node_get_object (node), "p10");
  range->p50 = read_double (reader, json_node_get_object (node), "p50");
  range->p90 = read_double (reader, json_node_get_object (node), "p90");
}

static double
read_rate_or_nan (Reader     *reader,
                  JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NAN;
  return read_double (reader, object, name);
}

/* Optional: results written before these members existed have none. */
static void
read_learned (Reader       *reader,
              JsonObject   *object,
              MsPrediction *prediction)
{
  JsonNode *node = json_object_get_member (object, "neighbours");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      prediction->neighbours = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_neighbour_free);
      for (guint i = 0; i < json_array_get_length (array) && !reader->failed; i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          MsNeighbour *n;
          JsonObject *o;
          JsonNode *date;
          g_autofree char *channel = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              invalid (reader, "“neighbours”[%u] must be an object", i);
              break;
            }
          o = json_node_get_object (item);
          n = g_new0 (MsNeighbour, 1);
          g_ptr_array_add (prediction->neighbours, n);
          n->id = read_string (reader, o, "id");
          n->subject = read_string (reader, o, "subject");
          date = json_object_get_member (o, "date");
          if (date != NULL && !JSON_NODE_HOLDS_NULL (date))
            n->sent_on = read_string (reader, o, "date");
          channel = read_string (reader, o, "channel");
          if (channel != NULL && !ms_channel_from_string (channel, &n->channel))
            invalid (reader, "“channel” has an unknown value “%s”", channel);
          n->open_rate = read_rate_or_nan (reader, o, "open_rate");
          n->ctr = read_rate_or_nan (reader, o, "ctr");
          n->similarity = read_double (reader, o, "similarity");
        }
    }

  prediction->error_ctr_pt = NAN;
  if (json_object_has_member (object, "error_n"))
    {
      prediction->error_n = (guint) read_int (reader, object, "error_n");
      prediction->error_open_rate_pt = read_double (reader, object, "error_open_rate_pt");
      prediction->error_ctr_pt = read_rate_or_nan (reader, object, "error_ctr_pt");
      prediction->error_similar = json_object_get_boolean_member_with_default (object,
                                                                              "error_similar",
                                                                              FALSE);
    }

  prediction->familiarity = json_object_has_member (object, "familiarity") ?
                            read_double (reader, object, "familiarity") : NAN;
}

#define READ_ENUM(reader, fn, object, name, out)                               \
  G_STMT_START {                                                               \
    g_autofree char *s_ = read_string (reader, object, name);                  \
    if (s_ != NULL && !fn (s_, out))                                           \
      invalid (reader, "“%s” has an unknown value “%s”", name, s_);            \
  } G_STMT_END

/* "costs" (optional: results saved before it was written have only
 * "points"): what the finding cost each axis. */
static void
read_costs (Reader     *reader,
            JsonObject *object,
            MsFinding  *finding)
{
  JsonNode *node = json_object_get_member (object, "costs");
  JsonObject *costs;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (reader, "“costs” must be an object");
      return;
    }
  costs = json_node_get_object (node);
  for (guint a = 0; a < MS_N_AXES && !reader->failed; a++)
    if (a != finding->axis && json_object_has_member (costs, ms_axis_to_string (a)))
      finding->costs[a] = read_double (reader, costs, ms_axis_to_string (a));
}

static void
read_also (Reader    *reader,
           JsonNode  *node,
           MsFinding *finding)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (reader, "“also” must be an array");
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && !reader->failed; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      MsFinding *other;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          invalid (reader, "“also”[%u] must be an object", i);
          return;
        }
      o = json_node_get_object (item);
      other = ms_finding_new ();
      other->rule_id = read_string (reader, o, "rule_id");
      READ_ENUM (reader, ms_severity_from_string, o, "severity", &other->severity);
      other->message = read_string (reader, o, "message");
      other->reference = read_string (reader, o, "reference");
      ms_finding_add_also (finding, other);
    }
}

/* "axes": five objects, each an axis's score, weight and label. */
static void
read_axes (Reader        *reader,
           JsonObject    *root,
           MsScoreResult *self)
{
  JsonNode *n = member (reader, root, "axes", JSON_TYPE_ARRAY);

  if (n != NULL)
    {
      JsonArray *axes = json_node_get_array (n);

      if (json_array_get_length (axes) != MS_N_AXES)
        invalid (reader, "“axes” must have five members");
      for (guint i = 0; i < json_array_get_length (axes) && i < MS_N_AXES && !reader->failed; i++)
        {
          JsonNode *item = json_array_get_element (axes, i);
          JsonObject *axis_obj;
          MsAxis axis = i;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              invalid (reader, "“axes”[%u] must be an object", i);
              break;
            }
          axis_obj = json_node_get_object (item);
          READ_ENUM (reader, ms_axis_from_string, axis_obj, "id", &axis);
          if (reader->failed)
            break;
          self->axes[axis] = (guint) read_int (reader, axis_obj, "score");
          self->weights[axis] = read_double (reader, axis_obj, "weight");
          g_free (self->labels[axis]);
          self->labels[axis] = read_string (reader, axis_obj, "label");
        }
    }
}

static void
read_finding (Reader     *reader,
              JsonObject *o,
              MsFinding  *f)
{
  f->rule_id = read_string (reader, o, "rule_id");
  READ_ENUM (reader, ms_axis_from_string, o, "axis", &f->axis);
  READ_ENUM (reader, ms_severity_from_string, o, "severity", &f->severity);
  READ_ENUM (reader, ms_field_from_string, o, "field", &f->field);
  f->start = (guint) read_int (reader, o, "start");
  f->end = (guint) read_int (reader, o, "end");
  f->text = read_string (reader, o, "text");
  f->points = read_double (reader, o, "points");
  f->costs[f->axis] = f->points;
  read_costs (reader, o, f);
  f->message = read_string (reader, o, "message");
  f->suggestion = read_string (reader, o, "suggestion");
  f->reference = read_string (reader, o, "reference");
  if (json_object_has_member (o, "replacement") &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (o, "replacement")))
    f->replacement = read_string (reader, o, "replacement");
  if (json_object_has_member (o, "also"))
    read_also (reader, json_object_get_member (o, "also"), f);
}

/**
 * ms_score_result_new_from_json:
 *
 * Reads back what ms_score_result_to_json() wrote (schema 1).
 */
MsScoreResult *
ms_score_result_new_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(MsScoreResult) self = _ms_score_result_new ();
  Reader reader = { error, FALSE };
  JsonObject *root;
  JsonNode *n;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (&reader, "a score result must be an object"), NULL;
  root = json_node_get_object (node);

  if (read_int (&reader, root, "schema") != MS_SCORE_RESULT_SCHEMA && !reader.failed)
    return invalid (&reader, "unsupported schema (this engine reads schema %d)",
                    MS_SCORE_RESULT_SCHEMA), NULL;

  self->engine = read_string (&reader, root, "engine");
  self->language = read_string (&reader, root, "language");
  READ_ENUM (&reader, ms_channel_from_string, root, "channel", &self->channel);
  self->total = (guint) read_int (&reader, root, "total");
  n = member (&reader, root, "capped", G_TYPE_BOOLEAN);
  self->capped = n != NULL && json_node_get_boolean (n);
  n = json_object_get_member (root, "spam_capped");   /* optional: not in older results */
  self->spam_capped = n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
                      json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);

  read_axes (&reader, root, self);

  n = member (&reader, root, "findings", JSON_TYPE_ARRAY);
  for (guint i = 0; n != NULL && i < json_array_get_length (json_node_get_array (n)) &&
       !reader.failed; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (n), i);
      MsFinding *f;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          invalid (&reader, "“findings”[%u] must be an object", i);
          break;
        }
      o = json_node_get_object (item);
      f = ms_finding_new ();
      g_ptr_array_add (self->findings, f);
      read_finding (&reader, o, f);
    }

  n = json_object_get_member (root, "prediction");
  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n) && !reader.failed)
    {
      JsonObject *o = json_node_get_object (n);

      self->prediction = ms_prediction_new ();
      self->prediction->basis = read_string (&reader, o, "basis");
      self->prediction->source = read_string (&reader, o, "source");
      self->prediction->list_size = (guint64) read_int (&reader, o, "list_size");
      read_range (&reader, o, "open_rate", &self->prediction->open_rate);
      read_range (&reader, o, "click_rate", &self->prediction->click_rate);
      read_range (&reader, o, "conversion_rate", &self->prediction->conversion_rate);
      read_range (&reader, o, "conversions", &self->prediction->conversions);
      read_learned (&reader, o, self->prediction);
    }

  n = json_object_get_member (root, "variants");
  for (guint i = 0; n != NULL && JSON_NODE_HOLDS_ARRAY (n) &&
       i < json_array_get_length (json_node_get_array (n)) && !reader.failed; i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (n), i);
      MsVariant *v;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          invalid (&reader, "“variants”[%u] must be an object", i);
          break;
        }
      o = json_node_get_object (item);
      v = ms_variant_new ();
      g_ptr_array_add (self->variants, v);
      v->id = read_string (&reader, o, "id");
      READ_ENUM (&reader, ms_field_from_string, o, "field", &v->field);
      v->text = read_string (&reader, o, "text");
      v->change = read_string (&reader, o, "change");
      v->total = (guint) read_int (&reader, o, "total");
      v->delta = (int) read_int (&reader, o, "delta");
    }

  n = json_object_get_member (root, "min_score");
  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n) && !reader.failed)
    {
      JsonObject *o = json_node_get_object (n);
      JsonNode *passed = member (&reader, o, "passed", G_TYPE_BOOLEAN);

      self->has_min_score = TRUE;
      self->min_threshold = (guint) read_int (&reader, o, "threshold");
      self->min_passed = passed != NULL && json_node_get_boolean (passed);
      READ_ENUM (&reader, ms_min_score_action_from_string, o, "action", &self->min_action);
    }

  if (reader.failed)
    return NULL;

  return g_steal_pointer (&self);
}
