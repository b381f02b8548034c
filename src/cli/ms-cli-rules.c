/* ms-cli-rules.c — `msgscore-cli rules list`: every rule and where it comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ms-core.h"
#include "score/ms-score.h"
#include "ms-cli.h"

static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  return strcmp (ms_rule_get_id (*(MsRule * const *) a), ms_rule_get_id (*(MsRule * const *) b));
}

int
ms_cli_rules (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_auto(GStrv) extra_rules = NULL;
  const GOptionEntry entries[] = {
    { "rules", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &extra_rules,
      N_("An extra rule pack (JSON) to load and list; may be repeated"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("list — print every rule id with its reference"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("msgscore-cli rules: %s\n", error->message);
      return 2;
    }

  if (argc != 2 || !g_str_equal (argv[1], "list"))
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli rules list [--rules FILE]"));
      return 2;
    }

  rules = ms_rule_set_new ((const char * const *) extra_rules, NULL, &error);
  if (rules == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  all = ms_rule_set_list_all_rules (rules);
  g_ptr_array_sort (all, compare_rules);
  for (guint i = 0; i < all->len; i++)
    {
      MsRule *rule = g_ptr_array_index (all, i);

      g_print ("%-30s %-11s %-5s %s\n", ms_rule_get_id (rule), ms_axis_to_string (ms_rule_get_axis (rule)),
               ms_severity_to_string (ms_rule_get_severity (rule)), ms_rule_get_reference (rule));
    }

  return 0;
}
