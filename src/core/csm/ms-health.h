/* ms-health.h — the 0–100 account health score, from data/csm/health.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  MS_HEALTH_USAGE,
  MS_HEALTH_ENGAGEMENT,
  MS_HEALTH_SUPPORT,
  MS_HEALTH_PAYMENT,
  MS_HEALTH_NPS,
  MS_HEALTH_N_INPUTS
} MsHealthInput;

typedef enum
{
  MS_HEALTH_BAND_NONE,        /* too little data for a score */
  MS_HEALTH_BAND_CHAMPION,
  MS_HEALTH_BAND_HEALTHY,
  MS_HEALTH_BAND_MEDIUM_RISK,
  MS_HEALTH_BAND_HIGH_RISK,
} MsHealthBand;

/* The measures, before points: NAN where there is no data. */
typedef struct
{
  double value[MS_HEALTH_N_INPUTS];
} MsHealthInputs;

typedef struct
{
  gboolean present;
  double   value;
  guint    points;      /* from the input's table, out of its weight */
  guint    weight;
  double   share;       /* what it adds to the score once missing weight is shared out */
} MsHealthPart;

typedef struct
{
  gboolean      scored;          /* FALSE: present inputs weigh under min_weight_present */
  guint         score;           /* 0–100 */
  MsHealthBand  band;
  guint         weight_present;
  MsHealthPart  parts[MS_HEALTH_N_INPUTS];
} MsHealth;

void          ms_health_inputs_init        (MsHealthInputs     *inputs);
void          ms_health_compute            (const MsHealthInputs *inputs,
                                            MsHealth           *out);
MsHealthBand  ms_health_band_for_score     (guint               score);
guint         ms_health_points             (MsHealthInput       input,
                                            double              value);
double        ms_health_expected_per_week  (const char         *plan_id);
const char   *ms_health_band_to_string     (MsHealthBand        band);
const char   *ms_health_input_to_string    (MsHealthInput       input);
const char   *ms_health_input_measure      (MsHealthInput       input);
const char   *ms_health_get_source         (void);
const guint  *ms_health_get_trend_days     (guint              *n_days);
JsonObject   *ms_health_to_json            (const MsHealth     *health) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
