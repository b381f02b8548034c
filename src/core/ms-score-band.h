/* ms-score-band.h — which band a total falls in (data/scoring.json "bands")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MS_SCORE_BAND_GOOD,   /* ready to send */
  MS_SCORE_BAND_FAIR,   /* worth improving */
  MS_SCORE_BAND_POOR,   /* needs work */
} MsScoreBand;

MsScoreBand  ms_score_band_for_total (guint       total);
/* The lowest total of @band (0 for the lowest band). */
guint        ms_score_band_get_min   (MsScoreBand band);
/* "good", "fair" or "poor": the band's name in data and its CSS class. */
const char  *ms_score_band_to_string (MsScoreBand band);

G_END_DECLS
