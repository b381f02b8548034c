/* ms-csm-signals.h — an account's signals on a day: the churn model's features and the health inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-csm-account.h"
#include "ms-health.h"

G_BEGIN_DECLS

/* The churn model's features, in its column order. */
typedef enum
{
  MS_SIGNAL_SCORINGS_WEEK1,          /* saved scorings in the last 7 days */
  MS_SIGNAL_SCORINGS_WEEK2,          /* … the 7 before */
  MS_SIGNAL_SCORINGS_WEEK3,
  MS_SIGNAL_SCORINGS_WEEK4,
  MS_SIGNAL_USAGE_TREND,             /* last 2 weeks against the 2 before, −1…+∞ */
  MS_SIGNAL_USAGE_VS_EXPECTED,       /* weekly scorings ÷ the plan's expected use */
  MS_SIGNAL_USAGE_CHANGE_MONTH,      /* last 30 days against the 30 before */
  MS_SIGNAL_DAYS_SINCE_ACTIVE,
  MS_SIGNAL_ACTIVE_DAYS_7,
  MS_SIGNAL_ACTIVE_DAYS_30,
  MS_SIGNAL_DAU_MAU,
  MS_SIGNAL_ACTIVE_PEOPLE_30,
  MS_SIGNAL_SEATS_USED,              /* people ÷ seats of the plan */
  MS_SIGNAL_FEATURE_BREADTH,         /* kinds of work used in 30 days (of 7) */
  MS_SIGNAL_RESULTS_30,
  MS_SIGNAL_IMPORTS_30,
  MS_SIGNAL_EXPORTS_30,
  MS_SIGNAL_HISTORY_30,
  MS_SIGNAL_REVIEWS_30,
  MS_SIGNAL_API_30,
  MS_SIGNAL_SUPPORT_90,              /* support requests opened in 90 days */
  MS_SIGNAL_SUPPORT_OPEN,
  MS_SIGNAL_CSAT_MEAN,               /* mean of the last 5 ratings */
  MS_SIGNAL_CSAT_LOWEST,             /* lowest of the last 5 */
  MS_SIGNAL_DAYS_SINCE_SUPPORT,
  MS_SIGNAL_DAYS_OVERDUE,
  MS_SIGNAL_FAILED_PAYMENTS_90,
  MS_SIGNAL_FAILED_IN_A_ROW,
  MS_SIGNAL_NPS_LATEST,
  MS_SIGNAL_NPS_CHANGE,              /* latest answer minus the one before */
  MS_SIGNAL_DAYS_SINCE_NPS,
  MS_SIGNAL_NPS_DETRACTOR,
  MS_SIGNAL_TENURE_DAYS,
  MS_SIGNAL_PLAN_FREE,
  MS_SIGNAL_PLAN_PRO,
  MS_SIGNAL_PLAN_TEAM,
  MS_SIGNAL_PLAN_TEAM_PRO,
  MS_SIGNAL_EXP_30,                  /* loyalty Exp earned in 30 days */
  MS_SIGNAL_LEVEL,
  MS_SIGNAL_LIMIT_USE,               /* the highest share of a plan limit used */
  MS_SIGNAL_SAME_DOMAIN,
  MS_SIGNAL_HEALTH,
  MS_SIGNAL_HEALTH_CHANGE_30,
  MS_SIGNAL_ACTIVE_WEEKS_STREAK,
  MS_SIGNAL_SESSIONS_PER_DAY,
  MS_N_SIGNALS
} MsSignal;

typedef struct
{
  float          values[MS_N_SIGNALS];   /* NAN: no data */
  MsHealthInputs health_inputs;
  MsHealth       health;
  guint64        exp;                    /* loyalty Exp so far */
  guint          level;
} MsCsmSignals;

void         ms_csm_signals_compute    (const MsCsmAccount *account,
                                        gint32              day,
                                        MsCsmSignals       *out);
const char  *ms_csm_signal_to_string   (MsSignal            signal);
guint        ms_csm_signals_inactive_days (void);
const char * const *ms_csm_signal_names (void);

guint64      ms_csm_exp_for           (MsCsmKind           kind,
                                       guint               count);
guint        ms_csm_level_for_exp     (guint64             exp,
                                       guint64            *into_level,
                                       guint64            *to_next);

G_END_DECLS
