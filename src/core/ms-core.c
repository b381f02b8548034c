/* ms-core.c — process-wide set-up shared by the app, the CLI and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-core"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "ms-core.h"

/**
 * ms_core_init_i18n:
 *
 * Sets the locale from the environment and binds the message catalogue.
 * `MSGSCORE_LOCALEDIR` points at an uninstalled catalogue (the build tree's
 * `po/`), so tests and the development run show translations too.
 */
void
ms_core_init_i18n (void)
{
  const char *localedir = g_getenv ("MSGSCORE_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
