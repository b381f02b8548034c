/* ms-core.c — process-wide set-up shared by the app, the CLI and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-core"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "ms-core.h"
#include "preview/ms-preview.h"
#include "score/ms-rule-set.h"

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

static gpointer
preload_thread (gpointer data)
{
  ms_rule_set_get_default ();
  ms_device_profiles_get_default ();
  ms_channel_limits_get_default ();
  return NULL;
}

/**
 * ms_core_preload:
 *
 * Starts loading, on a thread of its own, the data that scoring a message
 * needs: the rule packs (compiled to matchers), the device profiles and the
 * channel limits. A program that starts a user interface meanwhile does not
 * wait for them; whoever asks for them first waits only for what is left.
 */
void
ms_core_preload (void)
{
  g_thread_unref (g_thread_new ("ms-preload", preload_thread, NULL));
}
