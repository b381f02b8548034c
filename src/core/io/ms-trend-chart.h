/* ms-trend-chart.h — the personal trend chart, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>

#include "ms-channel.h"

G_BEGIN_DECLS

/* One saved scoring on the chart. Rates are fractions (0.234 = 23.4 %);
 * NAN where unknown (no prediction, or no actual result entered yet). */
typedef struct
{
  gint64    created_at;         /* microseconds since the epoch */
  MsChannel channel;            /* a chart draws the points of one channel */
  double    total;              /* 0–100 */
  double    predicted_open_rate;
  double    actual_open_rate;
} MsTrendPoint;

typedef struct
{
  double red, green, blue, alpha;   /* 0–1, like GdkRGBA but in doubles */
} MsTrendColor;

/* The colours of the chart, so the app can pass light or dark ones. A
 * background with alpha 0 is not painted (the widget's own shows through). */
typedef struct
{
  MsTrendColor background;
  MsTrendColor text;            /* titles, legend, tick labels */
  MsTrendColor axis;            /* axis lines */
  MsTrendColor grid;            /* horizontal grid lines */
  MsTrendColor score;           /* the score line and its points */
  MsTrendColor predicted;       /* predicted open rate */
  MsTrendColor actual;          /* actual open rate */
} MsTrendPalette;

/* The font of every label: Japanese must render. */
#define MS_TREND_CHART_FONT_FAMILY "Noto Sans CJK JP, sans-serif"

void   ms_trend_palette_init_light (MsTrendPalette     *palette);
void   ms_trend_palette_init_dark  (MsTrendPalette     *palette);

void   ms_trend_chart_draw       (cairo_t              *cr,
                                  double                width,
                                  double                height,
                                  const MsTrendPoint   *points,
                                  guint                 n_points,
                                  MsChannel             channel,
                                  const MsTrendPalette *palette);
double ms_trend_chart_rate_axis  (const MsTrendPoint   *points,
                                  guint                 n_points,
                                  MsChannel             channel,
                                  double               *step);

G_END_DECLS
