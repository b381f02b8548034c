/* ms-insights.h — what the team's results say, within each channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-campaign-row.h"

G_BEGIN_DECLS

typedef enum
{
  MS_INSIGHT_WORD,
  MS_INSIGHT_WEEKDAY,
} MsInsightKind;

/* A group of one channel's sends against the channel's other sends. */
typedef struct
{
  MsInsightKind  kind;
  MsChannel      channel;
  char          *key;         /* the word, or "1"–"7" (ISO weekday) */
  double         mean;        /* open rate of the group, fraction */
  double         others;      /* open rate of the channel's other sends */
  double         difference;  /* mean − others */
  double         low;         /* the difference's 95 % interval (Welch) */
  double         high;
  double         p_value;     /* permutation test, two-sided */
  guint          support;     /* sends in the group */
  guint          n_others;    /* the channel's other sends */
  char          *text;        /* translated, for people */
} MsInsight;

void       ms_insight_free     (MsInsight           *self);
GPtrArray *ms_insights_compute (const MsCampaignRow *rows,
                                guint                n_rows,
                                guint                min_support,
                                guint                top_n) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
