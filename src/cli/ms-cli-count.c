/* ms-cli-count.c — `msgscore-cli count`: the Score page's counters, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ms-core.h"
#include "ms-cli.h"

static char *
counts_to_json (const MsTextCounts *counts,
                MsChannel           channel)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "characters");
  json_builder_add_int_value (builder, counts->characters);
  json_builder_set_member_name (builder, "cells");
  json_builder_add_int_value (builder, counts->cells);
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, counts->lines);
  json_builder_set_member_name (builder, "emoji");
  json_builder_add_int_value (builder, counts->emoji);
  json_builder_set_member_name (builder, "utf16_units");
  json_builder_add_int_value (builder, counts->utf16_units);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, counts->bytes);
  if (channel == MS_CHANNEL_LINE)
    {
      json_builder_set_member_name (builder, "line_bubble_limit");
      json_builder_add_int_value (builder, limits->line_bubble_max_characters);
      json_builder_set_member_name (builder, "over_limit");
      json_builder_add_boolean_value (builder,
                                      counts->characters > limits->line_bubble_max_characters ||
                                      counts->utf16_units > limits->line_api_max_utf16_units);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

static void
print_counts (const MsTextCounts *counts,
              MsChannel           channel)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();

  g_print ("%-24s %u\n", _("Characters:"), counts->characters);
  g_print ("%-24s %u\n", _("Display width:"), counts->cells);
  g_print ("%-24s %u\n", _("Lines:"), counts->lines);
  g_print ("%-24s %u\n", _("Emoji:"), counts->emoji);
  g_print ("%-24s %u\n", _("UTF-16 units:"), counts->utf16_units);
  if (channel == MS_CHANNEL_LINE && counts->characters > limits->line_bubble_max_characters)
    g_print (_("Over LINE’s limit of %u characters per bubble by %u.\n"),
             limits->line_bubble_max_characters,
             counts->characters - limits->line_bubble_max_characters);
}

int
ms_cli_count (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *channel_name = NULL;
  g_autofree char *text = NULL;
  gboolean as_json = FALSE;
  MsChannel channel = MS_CHANNEL_EMAIL;
  MsTextCounts counts;
  gsize length;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_name,
      N_("Channel whose limits apply: email or line"), N_("CHANNEL") },
    { NULL }
  };

  context = g_option_context_new (_("[FILE|-] — count the text in FILE, or standard input"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli count: %s\n", error->message);
      return 2;
    }

  if (argc > 2)
    {
      g_printerr ("%s\n", _("msgscore-cli count: give one FILE, or none to read standard input"));
      return 2;
    }

  if (channel_name != NULL && !ms_channel_from_string (channel_name, &channel))
    {
      /* Translators: %s is what the user typed */
      g_printerr (_("msgscore-cli count: unknown channel “%s”: use email or line\n"),
                  channel_name);
      return 2;
    }

  text = ms_cli_read_input (argc == 2 ? argv[1] : NULL, &length, &error);
  if (text == NULL || !ms_text_count (text, length, &counts, &error))
    return ms_cli_fail (g_steal_pointer (&error));

  if (as_json)
    {
      g_autofree char *json = counts_to_json (&counts, channel);
      g_print ("%s\n", json);
    }
  else
    {
      print_counts (&counts, channel);
    }

  return 0;
}
