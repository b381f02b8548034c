/* ms-screenshot.h — renders a window into a PNG, for the screenshot programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-app-test.h"

G_BEGIN_DECLS

static inline gboolean
ms_screenshot_render (GtkWidget   *window,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();

  if (!gsk_renderer_realize (renderer, NULL, error))
    return FALSE;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node != NULL)
    texture = gsk_renderer_render_texture (renderer, node,
                                           &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  if (texture == NULL || !gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

/* Saves the window as it is now as DIR/FILE. */
static inline gboolean
ms_screenshot_save (MsWindow    *window,
                    const char  *dir,
                    const char  *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, file, NULL);

  ms_test_flush ();
  g_usleep (300 * 1000);
  ms_test_flush ();
  /* A window between two frames may give no picture (the History shot did,
   * one run in two): try again shortly. */
  for (guint i = 0; i < 10 && !ms_screenshot_render (GTK_WIDGET (window), path, NULL); i++)
    {
      g_usleep (200 * 1000);
      ms_test_flush ();
    }
  if (!ms_screenshot_render (GTK_WIDGET (window), path, &error))
    {
      g_printerr ("make-screenshots: %s\n", error->message);
      return FALSE;
    }
  g_printerr ("make-screenshots: wrote %s\n", path);
  return TRUE;
}

G_END_DECLS
