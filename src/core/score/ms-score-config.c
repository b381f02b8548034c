/* ms-score-config.c — weights, penalties and the cap, from data/scoring.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>

#include "ms-score-config.h"

G_DEFINE_QUARK (ms-score-config-error-quark, ms_score_config_error)

static gboolean G_GNUC_PRINTF (2, 3)
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (MS_SCORE_CONFIG_ERROR,
                                                MS_SCORE_CONFIG_ERROR_INVALID, format, args));
  va_end (args);
  g_prefix_error (error, "scoring.json: ");
  return FALSE;
}

static gboolean
read_double (JsonObject *object,
             const char *member,
             double     *out,
             GError    **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      json_node_get_double (node) < 0)
    return fail (error, "“%s” must be a number ≥ 0", member);

  *out = json_node_get_double (node);
  return TRUE;
}

MsScoreConfig *
ms_score_config_new_from_json (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(MsScoreConfig) self = g_new0 (MsScoreConfig, 1);
  JsonObject *object;
  JsonObject *weights;
  JsonObject *penalty;
  JsonArray *axes;
  double value;
  static const char * const channels[] = { "email", "line" };
  static const char * const severities[] = { "info", "warn", "error" };

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "the top level must be an object"), NULL;

  object = json_node_get_object (root);

  if (!json_object_has_member (object, "axes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "axes")))
    return fail (error, "“axes” must be an array"), NULL;
  axes = json_object_get_array_member (object, "axes");
  if (json_array_get_length (axes) != MS_N_AXES)
    return fail (error, "“axes” must list the five axes"), NULL;
  for (guint i = 0; i < MS_N_AXES; i++)
    {
      JsonNode *node = json_array_get_element (axes, i);
      JsonObject *axis_obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *label = NULL;
      MsAxis axis;

      if (axis_obj == NULL ||
          !ms_axis_from_string (json_object_get_string_member_with_default (axis_obj, "id", ""),
                                &axis) ||
          axis != i)
        return fail (error, "“axes”[%u] must be the axis “%s”", i, ms_axis_to_string (i)), NULL;

      if (json_object_has_member (axis_obj, "label") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (axis_obj, "label")))
        label = json_object_get_object_member (axis_obj, "label");
      if (label == NULL || !json_object_has_member (label, "ja") ||
          !json_object_has_member (label, "en"))
        return fail (error, "“axes”[%u] needs a “label” with “ja” and “en”", i), NULL;
      self->axis_labels[i][0] = g_strdup (json_object_get_string_member (label, "ja"));
      self->axis_labels[i][1] = g_strdup (json_object_get_string_member (label, "en"));
    }

  if (!json_object_has_member (object, "weights") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "weights")))
    return fail (error, "“weights” must be an object"), NULL;
  weights = json_object_get_object_member (object, "weights");
  for (guint c = 0; c < G_N_ELEMENTS (channels); c++)
    {
      JsonNode *node = json_object_get_member (weights, channels[c]);
      JsonObject *row = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ?
                        json_node_get_object (node) : NULL;
      double sum = 0;

      for (guint a = 0; a < MS_N_AXES; a++)
        {
          if (!read_double (row, ms_axis_to_string (a), &self->weights[c][a], error))
            {
              g_prefix_error (error, "weights.%s: ", channels[c]);
              return NULL;
            }
          sum += self->weights[c][a];
        }
      if (fabs (sum - 1.0) > 1e-6)
        return fail (error, "weights.%s must sum to 1", channels[c]), NULL;
    }

  if (!json_object_has_member (object, "severity_penalty") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "severity_penalty")))
    return fail (error, "“severity_penalty” must be an object"), NULL;
  penalty = json_object_get_object_member (object, "severity_penalty");
  for (guint s = 0; s < G_N_ELEMENTS (severities); s++)
    if (!read_double (penalty, severities[s], &self->severity_penalty[s], error))
      return NULL;

  if (!read_double (object, "repeat_factor", &self->repeat_factor, error))
    return NULL;
  if (!read_double (object, "max_findings_per_rule", &value, error))
    return NULL;
  self->max_findings_per_rule = MAX (1, (guint) value);
  if (!read_double (object, "compliance_error_cap", &value, error))
    return NULL;
  if (value >= 60 || value > 100)
    return fail (error, "“compliance_error_cap” must be below 60"), NULL;
  self->compliance_error_cap = (guint) value;

  return g_steal_pointer (&self);
}

void
ms_score_config_free (MsScoreConfig *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < MS_N_AXES; i++)
    for (guint j = 0; j < 2; j++)
      g_free (self->axis_labels[i][j]);
  g_free (self);
}

const char *
ms_score_config_get_axis_label (const MsScoreConfig *self,
                                MsAxis               axis,
                                const char          *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (axis < MS_N_AXES, NULL);

  return self->axis_labels[axis][g_strcmp0 (language, "ja") == 0 ? 0 : 1];
}
