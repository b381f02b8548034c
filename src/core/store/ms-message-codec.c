/* ms-message-codec.c — an MsMessage and an MsSegment as stored JSON
 *
 * The input of a saved scoring is kept as JSON so that reopening it from the
 * history gives back exactly what was scored:
 *
 *   {"schema":1, "channel":"email"|"line", "subject":…, "preheader":…,
 *    "body":…, "bubbles":[…], "segment":{"audience":…, "age_band":…,
 *    "industry":…|null, "b2b":false, "list_size":0, "goal":…}}
 *
 * Enumerations are stored by name (ms_*_to_string), never by number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-message-codec.h"
#include "ms-store.h"

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT,
               /* Translators: %s is a field name */
               _("A saved message cannot be read (bad “%s”). The history row is damaged; "
                 "delete it."), what);
  return FALSE;
}

JsonNode *
ms_segment_to_json (const MsSegment *segment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_string_value (builder, ms_audience_to_string (segment->audience));
  json_builder_set_member_name (builder, "age_band");
  json_builder_add_string_value (builder, ms_age_band_to_string (segment->age_band));
  json_builder_set_member_name (builder, "industry");
  if (segment->industry != NULL)
    json_builder_add_string_value (builder, segment->industry);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "b2b");
  json_builder_add_boolean_value (builder, segment->b2b);
  json_builder_set_member_name (builder, "list_size");
  json_builder_add_int_value (builder, (gint64) segment->list_size);
  json_builder_set_member_name (builder, "goal");
  json_builder_add_string_value (builder, ms_goal_to_string (segment->goal));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* @name of @o: @fallback when it is missing or null, NULL when it is not a
 * string. Saved JSON can come from a pull (another device, a team owner):
 * a member of the wrong type is a damaged row, never a critical. */
static const char *
get_string (JsonObject *o,
            const char *name,
            const char *fallback)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  return ms_json_object_get_string (o, name, NULL);
}

MsSegment *
ms_segment_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();
  JsonObject *o;
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "segment"), NULL;
  o = json_node_get_object (node);

  s = get_string (o, "audience", "all");
  if (s == NULL || !ms_audience_from_string (s, &segment->audience))
    return invalid (error, "audience"), NULL;
  s = get_string (o, "age_band", "all");
  if (s == NULL || !ms_age_band_from_string (s, &segment->age_band))
    return invalid (error, "age_band"), NULL;
  s = get_string (o, "goal", "any");
  if (s == NULL || !ms_goal_from_string (s, &segment->goal))
    return invalid (error, "goal"), NULL;
  ms_segment_set_industry (segment, get_string (o, "industry", NULL));
  segment->b2b = ms_json_object_get_boolean (o, "b2b", FALSE);
  segment->list_size = (guint64) MAX (0, ms_json_object_get_int (o, "list_size", 0));

  return g_steal_pointer (&segment);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

JsonNode *
ms_message_to_json (const MsMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  MsChannel channel = ms_message_get_channel (message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, 1);
  add_string (builder, "channel", ms_channel_to_string (channel));
  add_string (builder, "subject", ms_message_get_field (message, MS_FIELD_SUBJECT));
  if (channel == MS_CHANNEL_EMAIL)
    {
      add_string (builder, "preheader", ms_message_get_field (message, MS_FIELD_PREHEADER));
      add_string (builder, "body", ms_message_get_field (message, MS_FIELD_BODY));
    }
  else
    {
      json_builder_set_member_name (builder, "bubbles");
      json_builder_begin_array (builder);
      for (guint i = 0; i < ms_message_get_n_bubbles (message); i++)
        {
          const char *text = ms_message_get_field (message, MS_FIELD_BUBBLE1 + i);
          json_builder_add_string_value (builder, text != NULL ? text : "");
        }
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "segment");
  json_builder_add_value (builder, ms_segment_to_json (ms_message_get_segment (message)));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

MsMessage *
ms_message_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(MsSegment) segment = NULL;
  const char *channel_name, *subject;
  JsonObject *o;
  MsChannel channel;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "message"), NULL;
  o = json_node_get_object (node);

  channel_name = get_string (o, "channel", "");
  if (channel_name == NULL || !ms_channel_from_string (channel_name, &channel))
    return invalid (error, "channel"), NULL;
  if ((subject = get_string (o, "subject", "")) == NULL)
    return invalid (error, "subject"), NULL;

  segment = ms_segment_new_from_json (json_object_get_member (o, "segment"), error);
  if (segment == NULL)
    return NULL;

  if (channel == MS_CHANNEL_EMAIL)
    {
      const char *preheader = get_string (o, "preheader", "");
      const char *body = get_string (o, "body", "");

      if (preheader == NULL || body == NULL)
        return invalid (error, preheader == NULL ? "preheader" : "body"), NULL;
      return ms_message_new_email (subject, preheader, body, segment);
    }
  else
    {
      g_autoptr(GStrvBuilder) strv = g_strv_builder_new ();
      g_auto(GStrv) bubbles = NULL;
      JsonNode *member = json_object_get_member (o, "bubbles");
      JsonArray *array = ms_json_object_get_array (o, "bubbles");

      if (member != NULL && !JSON_NODE_HOLDS_NULL (member) && array == NULL)
        return invalid (error, "bubbles"), NULL;
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            return invalid (error, "bubbles"), NULL;
          g_strv_builder_add (strv, json_node_get_string (element));
        }
      bubbles = g_strv_builder_end (strv);

      return ms_message_new_line (subject, (const char * const *) bubbles, segment);
    }
}
