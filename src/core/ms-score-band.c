/* ms-score-band.c — which band a total falls in (data/scoring.json "bands")
 *
 * Every surface that colours or names a score (the ring, the axis bars, the
 * History rows) asks here, so the thresholds exist once, in the data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ms-data.h"
#include "ms-score-band.h"

static const char * const band_names[] = {
  [MS_SCORE_BAND_GOOD] = "good",
  [MS_SCORE_BAND_FAIR] = "fair",
  [MS_SCORE_BAND_POOR] = "poor",
};

/* The lowest total of each band, from scoring.json; poor starts at 0. */
static const guint *
get_minimums (void)
{
  static guint minimums[G_N_ELEMENTS (band_names)];
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("scoring.json", &error);
      JsonObject *bands;

      if (root == NULL)
        g_error ("%s", error->message);
      bands = json_object_get_object_member (json_node_get_object (root), "bands");
      if (bands == NULL)
        g_error ("scoring.json: the “bands” object is missing");

      minimums[MS_SCORE_BAND_GOOD] = json_object_get_int_member_with_default (bands, "good", -1);
      minimums[MS_SCORE_BAND_FAIR] = json_object_get_int_member_with_default (bands, "fair", -1);
      minimums[MS_SCORE_BAND_POOR] = 0;
      /* scoring.json ships inside the binary; bad bands are a build bug. */
      if (minimums[MS_SCORE_BAND_GOOD] > 100 ||
          minimums[MS_SCORE_BAND_FAIR] == 0 ||
          minimums[MS_SCORE_BAND_FAIR] >= minimums[MS_SCORE_BAND_GOOD])
        g_error ("scoring.json: “bands” needs 0 < fair < good ≤ 100");

      g_once_init_leave (&loaded, 1);
    }

  return minimums;
}

MsScoreBand
ms_score_band_for_total (guint total)
{
  const guint *minimums = get_minimums ();

  if (total >= minimums[MS_SCORE_BAND_GOOD])
    return MS_SCORE_BAND_GOOD;
  if (total >= minimums[MS_SCORE_BAND_FAIR])
    return MS_SCORE_BAND_FAIR;
  return MS_SCORE_BAND_POOR;
}

guint
ms_score_band_get_min (MsScoreBand band)
{
  g_return_val_if_fail (band < G_N_ELEMENTS (band_names), 0);

  return get_minimums ()[band];
}

const char *
ms_score_band_to_string (MsScoreBand band)
{
  g_return_val_if_fail (band < G_N_ELEMENTS (band_names), NULL);

  return band_names[band];
}
