/* make-lifecycle-screenshots.c — the first run of the real app, for the README
 *
 * make-lifecycle-screenshots OUTPUT_DIR
 * A fresh profile on Free: the window as a new marketer first sees it,
 * with the getting-started checklist in the sidebar, after trying the
 * sample message. Run it through build-aux/update-screenshots, which sets
 * up the display and the language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ms-app-test.h"
#include "ms-checklist.h"
#include "ms-screenshot.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;
  MsWindow *window;

  if (argc != 2)
    {
      g_printerr ("usage: make-lifecycle-screenshots OUTPUT_DIR\n");
      return 2;
    }

  ms_core_init_i18n ();
  gtk_init ();

  app = ms_test_start_app ();
  g_application_hold (G_APPLICATION (app));
  window = ms_test_get_window (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 820);
  ms_test_flush ();

  /* The sample tried: its score ticks the first step. */
  gtk_widget_activate_action (GTK_WIDGET (ms_window_get_checklist (window)),
                              "checklist.try-sample", NULL);
  for (guint i = 0; i < 10; i++)
    ms_test_flush ();
  if (!ms_screenshot_save (window, argv[1], "first-run-ja.png"))
    return 1;

  g_application_release (G_APPLICATION (app));
  return 0;
}
