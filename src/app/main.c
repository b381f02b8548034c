/* main.c — the msgscore desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-core.h"
#include "ms-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;

  ms_core_init_i18n ();

  app = ms_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
