/* ms-cli-scheduled-import.c — `msgscore-cli import scheduled`: the monthly
 * import of campaign results from the profile's folder (ms-scheduled-import.c)
 *
 *   msgscore-cli [--profile DIR] import scheduled [--folder DIR] [--force]
 *
 * --folder names the folder (kept in the profile; the app uses it too). The
 * import runs when it is due (never ran, or last ran in an earlier month)
 * or with --force, and prints what it did. Team Pro (campaign_import).
 *
 * Exit status: 0 done (or not due), 1 failed (the reason on stderr), 2 usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "io/ms-scheduled-import.h"
#include "ms-cli.h"

int
ms_cli_import_scheduled (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("scheduled");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsScheduledImport) import = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *report = NULL;
  gboolean force = FALSE;
  gint64 now = g_get_real_time ();
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      N_("The folder the monthly import reads CSV files from (kept in the profile)"),
      N_("DIR") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Import now even if this month’s import has run"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", _("Usage: msgscore-cli import scheduled [--folder DIR] [--force] "
                            "[--profile DIR]"));
      return 2;
    }
  dir = profile != NULL ? g_strdup (profile) : ms_store_get_default_dir ();
  store = ms_store_open (dir, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (folder != NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (folder, NULL);

      if (!ms_scheduled_import_set_folder (store, absolute, &error))
        return ms_cli_fail (g_steal_pointer (&error));
      g_free (folder);
      folder = g_steal_pointer (&absolute);
    }
  else
    folder = ms_scheduled_import_dup_folder (store);
  if (folder == NULL)
    {
      g_printerr ("%s\n", _("No import folder: name one with --folder DIR."));
      return 1;
    }
  if (!force && !ms_scheduled_import_is_due (ms_scheduled_import_get_last_run (store), now))
    {
      g_print ("%s\n", _("This month’s import has run; nothing to do (--force imports now)."));
      return 0;
    }
  import = ms_scheduled_import_prepare (folder, ms_scheduled_import_get_last_run (store), NULL,
                                        &error);
  if (import == NULL || !ms_scheduled_import_commit (import, store, now, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  report = ms_scheduled_import_describe (import);
  g_print ("%s\n", report);
  return 0;
}
