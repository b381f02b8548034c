/* ms-insights.h — what the team's results say: trends by word, weekday, channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-campaign-row.h"

G_BEGIN_DECLS

/* A group needs this many sends before it is reported (and as many outside
 * it, so there is something to compare with). */
#define MS_INSIGHTS_MIN_SUPPORT 5

typedef enum
{
  MS_INSIGHT_WORD,
  MS_INSIGHT_WEEKDAY,
  MS_INSIGHT_CHANNEL,
} MsInsightKind;

typedef struct
{
  MsInsightKind  kind;
  char          *key;       /* the word, "1"–"7" (ISO weekday) or the channel */
  double         mean;      /* open rate of the group, fraction */
  double         overall;   /* open rate of all rows with one */
  guint          support;   /* sends in the group */
  char          *text;      /* translated, for people */
} MsInsight;

void       ms_insight_free     (MsInsight           *self);
GPtrArray *ms_insights_compute (const MsCampaignRow *rows,
                                guint                n_rows,
                                guint                min_support,
                                guint                top_n) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
