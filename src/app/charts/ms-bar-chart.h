/* ms-bar-chart.h — horizontal bars of parts of a whole, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One bar: @value of @max, or missing (drawn as an empty outline) */
typedef struct
{
  const char *label;
  double      value;
  double      max;
  gboolean    missing;
} MsBar;

#define MS_TYPE_BAR_CHART (ms_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (MsBarChart, ms_bar_chart, MS, BAR_CHART, GtkWidget)

void        ms_bar_chart_set_bars        (MsBarChart  *self,
                                          const MsBar *bars,
                                          guint        n_bars,
                                          const char  *missing_text);
guint       ms_bar_chart_get_n_bars      (MsBarChart  *self);
const char *ms_bar_chart_get_description (MsBarChart  *self);

G_END_DECLS
