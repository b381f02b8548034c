/* ms-csm-json.c — reading the data files of data/csm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include "ms-csm-json.h"

JsonObject *
_ms_csm_json_object (JsonObject *object,
                     const char *file,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("%s: the “%s” object is missing", file, member);
  return json_node_get_object (node);
}

JsonArray *
_ms_csm_json_array (JsonObject *object,
                    const char *file,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("%s: the “%s” array is missing", file, member);
  return json_node_get_array (node);
}

double
_ms_csm_json_number (JsonObject *object,
                     const char *file,
                     const char *member,
                     double      min,
                     double      max)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) == G_TYPE_STRING ||
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_error ("%s: “%s” must be a number", file, member);
  value = json_node_get_double (node);
  if (!(value >= min && value <= max))
    g_error ("%s: “%s” must be between %g and %g", file, member, min, max);
  return value;
}

guint
_ms_csm_json_count (JsonObject *object,
                    const char *file,
                    const char *member)
{
  double value = _ms_csm_json_number (object, file, member, 0, G_MAXINT);

  if (value != (guint) value)
    g_error ("%s: “%s” must be a whole number", file, member);
  return (guint) value;
}

const char *
_ms_csm_json_string (JsonObject *object,
                     const char *file,
                     const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("%s: “%s” must be a string", file, member);
  return json_node_get_string (node);
}
