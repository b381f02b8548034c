/* ms-channel.c — the channels a message is written for, and their limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-channel"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ms-channel.h"
#include "ms-data.h"

G_DEFINE_ENUM_TYPE (MsChannel, ms_channel,
  G_DEFINE_ENUM_VALUE (MS_CHANNEL_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (MS_CHANNEL_LINE, "line"))

const char *
ms_channel_to_string (MsChannel channel)
{
  switch (channel)
    {
    case MS_CHANNEL_EMAIL: return "email";
    case MS_CHANNEL_LINE: return "line";
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
ms_channel_from_string (const char *name,
                        MsChannel  *channel)
{
  g_return_val_if_fail (channel != NULL, FALSE);

  if (g_strcmp0 (name, "email") == 0)
    *channel = MS_CHANNEL_EMAIL;
  else if (g_strcmp0 (name, "line") == 0)
    *channel = MS_CHANNEL_LINE;
  else
    return FALSE;

  return TRUE;
}

static guint
read_limit (JsonObject *object,
            const char *member)
{
  gint64 value = json_object_get_int_member_with_default (object, member, 0);

  /* channels.json ships inside the binary; a bad value is a build bug. */
  if (value <= 0 || value > G_MAXINT)
    g_error ("channels.json: “%s” must be a positive whole number", member);

  return (guint) value;
}

const MsChannelLimits *
ms_channel_limits_get_default (void)
{
  static MsChannelLimits limits;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("channels.json", &error);
      JsonObject *line;

      if (root == NULL)
        g_error ("%s", error->message);

      line = json_object_get_object_member (json_node_get_object (root), "line");
      if (line == NULL)
        g_error ("channels.json: the “line” object is missing");

      limits.line_bubble_max_characters = read_limit (line, "bubble_max_characters");
      limits.line_max_bubbles = read_limit (line, "max_bubbles");
      limits.line_api_max_utf16_units = read_limit (line, "api_max_utf16_units");

      g_once_init_leave (&loaded, 1);
    }

  return &limits;
}
