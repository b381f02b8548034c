/* ms-campaign-row.h — one result of a past campaign, and its natural key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-channel.h"

G_BEGIN_DECLS

/* One campaign result. Unknown numbers: recipients/cv_count -1, rates NAN.
 * Rates are fractions (0.234 = 23.4 %). sent_on is "YYYY-MM-DD" or NULL. */
typedef struct
{
  guint      line;            /* where it came from in an imported file */
  char      *sent_on;
  MsChannel  channel;
  char      *subject;
  char      *body;
  gint64     recipients;
  double     open_rate;
  double     ctr;
  gint64     cv_count;
  char      *cv_type;
  char       natural_key[65]; /* ms_campaign_row_compute_key(): hex */
  guint8     digest[32];      /* the same key, raw */
} MsCampaignRow;

void ms_campaign_row_clear       (MsCampaignRow *row);
void ms_campaign_row_compute_key (MsCampaignRow *row);

G_END_DECLS
