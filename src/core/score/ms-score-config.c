/* ms-score-config.c — weights, penalties and the cap, from data/scoring.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <string.h>

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

static void
clear_costs (MsFindingCosts *costs)
{
  g_free (costs->key);
}

/* "findings": { "<rule id or family>": { "<axis>": points, …, ["full_at": n] }, … } */
static gboolean
read_finding_costs (MsScoreConfig *self,
                    JsonObject    *object,
                    GError       **error)
{
  JsonNode *node = json_object_get_member (object, "findings");
  g_autoptr(GList) keys = NULL;
  JsonObject *findings;

  self->finding_costs = g_array_new (FALSE, TRUE, sizeof (MsFindingCosts));
  g_array_set_clear_func (self->finding_costs, (GDestroyNotify) clear_costs);
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "“findings” must be an object");

  findings = json_node_get_object (node);
  keys = json_object_get_members (findings);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *entry = json_object_get_member (findings, key);
      MsFindingCosts costs = { 0, };
      g_autoptr(GList) axes = NULL;

      if (key[0] == '$')
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return fail (error, "findings.%s must be an object of axes", key);

      axes = json_object_get_members (json_node_get_object (entry));
      for (GList *a = axes; a != NULL; a = a->next)
        {
          MsAxis axis;

          if (((const char *) a->data)[0] == '$')
            continue;
          if (g_str_equal (a->data, "full_at"))
            {
              if (!read_double (json_node_get_object (entry), "full_at", &costs.full_at, error))
                {
                  g_prefix_error (error, "findings.%s: ", key);
                  return FALSE;
                }
              if (costs.full_at <= 0)
                return fail (error, "findings.%s: “full_at” must be above 0", key);
              continue;
            }
          if (!ms_axis_from_string (a->data, &axis))
            return fail (error, "findings.%s: “%s” is not an axis", key, (const char *) a->data);
          if (!read_double (json_node_get_object (entry), a->data, &costs.points[axis], error))
            {
              g_prefix_error (error, "findings.%s: ", key);
              return FALSE;
            }
          costs.mask |= 1u << axis;
        }
      costs.key = g_strdup (key);
      g_array_append_val (self->finding_costs, costs);
    }

  return TRUE;
}

/* "spam_cap": { "rules": [ids or families], "min_findings": n, "cap": < 60 } */
static gboolean
read_spam_cap (MsScoreConfig *self,
               JsonObject    *object,
               GError       **error)
{
  JsonNode *node = json_object_get_member (object, "spam_cap");
  JsonObject *cap;
  JsonArray *rules;
  double value;

  if (node == NULL)
    {
      self->spam_rules = g_new0 (char *, 1);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "“spam_cap” must be an object");
  cap = json_node_get_object (node);
  if (!json_object_has_member (cap, "rules") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (cap, "rules")))
    return fail (error, "spam_cap.rules must be an array of rule ids");
  rules = json_object_get_array_member (cap, "rules");
  self->spam_rules = g_new0 (char *, json_array_get_length (rules) + 1);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonNode *item = json_array_get_element (rules, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return fail (error, "spam_cap.rules[%u] must be a rule id", i);
      self->spam_rules[i] = g_strdup (json_node_get_string (item));
    }
  if (!read_double (cap, "min_findings", &value, error))
    return FALSE;
  self->spam_min_findings = MAX (1, (guint) value);
  if (!read_double (cap, "cap", &value, error))
    return FALSE;
  if (value >= 60)
    return fail (error, "spam_cap.cap must be below 60");
  self->spam_cap = (guint) value;
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

  if (!read_finding_costs (self, object, error))
    return NULL;
  if (!read_spam_cap (self, object, error))
    return NULL;

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
  g_clear_pointer (&self->finding_costs, g_array_unref);
  g_strfreev (self->spam_rules);
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

static gboolean
in_family (const char *id,
           const char *family)
{
  gsize len = strlen (family);

  return strncmp (id, family, len) == 0 && (id[len] == '\0' || id[len] == '.');
}

/* The longest entry of "findings" that names @rule_id or a family of it. */
static const MsFindingCosts *
lookup_costs (const MsScoreConfig *self,
              const char          *rule_id)
{
  const MsFindingCosts *best = NULL;

  for (guint i = 0; self->finding_costs != NULL && i < self->finding_costs->len; i++)
    {
      const MsFindingCosts *entry = &g_array_index (self->finding_costs, MsFindingCosts, i);

      if (in_family (rule_id, entry->key) &&
          (best == NULL || strlen (entry->key) > strlen (best->key)))
        best = entry;
    }
  return best;
}

/**
 * ms_score_config_get_full_at:
 *
 * A graded finding costs in proportion to how much of the text it marks (a
 * length check marks what runs past its limit): its points in full from
 * this many cells (a rule that counts cells) or characters, a share below.
 *
 * Returns: that width, or 0 when the findings of @rule_id cost the same
 *   whatever they mark
 */
double
ms_score_config_get_full_at (const MsScoreConfig *self,
                             const char          *rule_id)
{
  const MsFindingCosts *best;

  g_return_val_if_fail (self != NULL && rule_id != NULL, 0);

  best = lookup_costs (self, rule_id);
  return best != NULL ? best->full_at : 0;
}

/**
 * ms_score_config_get_costs:
 * @rule_id: the rule of a finding
 * @axis: the rule's own axis
 * @points: what its pack says the first finding costs that axis (its
 *   "penalty", or the severity's)
 * @costs: (out caller-allocates) (array fixed-size=5): the points the first
 *   finding costs each axis
 *
 * The longest entry of "findings" that names the rule or a family of it
 * decides: an axis it lists costs what it says (the rule's own axis too),
 * the others nothing, except the rule's own axis, which keeps @points unless
 * listed.
 */
void
ms_score_config_get_costs (const MsScoreConfig *self,
                           const char          *rule_id,
                           MsAxis               axis,
                           double               points,
                           double              *costs)
{
  const MsFindingCosts *best;

  g_return_if_fail (self != NULL && rule_id != NULL && costs != NULL);

  for (guint a = 0; a < MS_N_AXES; a++)
    costs[a] = 0;
  costs[axis] = points;

  best = lookup_costs (self, rule_id);
  if (best == NULL)
    return;

  for (guint a = 0; a < MS_N_AXES; a++)
    if (best->mask & (1u << a))
      costs[a] = best->points[a];
}

/**
 * ms_score_config_is_spam_pattern:
 *
 * Returns: whether findings of @rule_id count towards "spam_cap"
 */
gboolean
ms_score_config_is_spam_pattern (const MsScoreConfig *self,
                                 const char          *rule_id)
{
  g_return_val_if_fail (self != NULL && rule_id != NULL, FALSE);

  for (guint i = 0; self->spam_rules != NULL && self->spam_rules[i] != NULL; i++)
    if (in_family (rule_id, self->spam_rules[i]))
      return TRUE;
  return FALSE;
}
