/* ms-billing.h — subscriptions in whole yen: periods, plan changes, proration, consumption tax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A calendar day of the billing zone (Asia/Tokyo): a GDate Julian day. */
typedef guint32 MsBillingDay;

typedef enum
{
  MS_BILLING_MONTHLY,
  MS_BILLING_YEARLY,
} MsBillingCycle;

typedef enum
{
  MS_SUBSCRIPTION_TRIALING,
  MS_SUBSCRIPTION_ACTIVE,
  MS_SUBSCRIPTION_CANCELED,    /* ended: the team's plan is no longer in force */
} MsSubscriptionStatus;

typedef enum
{
  MS_BILLING_ROUND_FLOOR,
  MS_BILLING_ROUND_HALF_UP,
  MS_BILLING_ROUND_CEILING,
} MsBillingRounding;

/* What data/plans.json "billing" says. */
typedef struct
{
  gboolean          prices_include_tax;
  int               tax_rate_percent;
  MsBillingRounding tax_rounding;
  MsBillingRounding proration_rounding;
  int               yearly_months;
  int               trial_days;
  int               payment_terms_days;
  int               invoice_retention_years;
  gint64            extra_owner_monthly;
} MsBillingConfig;

/* A subscription as it stands (the server keeps it; the app is told it). */
typedef struct
{
  char                 *plan;          /* in force */
  MsBillingCycle        cycle;
  MsSubscriptionStatus  status;
  MsBillingDay          anchor;        /* the day its periods count from */
  MsBillingDay          period_start;  /* [start, end) */
  MsBillingDay          period_end;
  MsBillingDay          trial_end;     /* the first day after the trial; 0: none */
  gint64                extra_owners;  /* billed owners beyond the first */
} MsSubscriptionState;

typedef enum
{
  MS_BILLING_LINE_PLAN,          /* a whole period of a plan */
  MS_BILLING_LINE_EXTRA_OWNERS,  /* a whole period of extra owners */
  MS_BILLING_LINE_PLAN_CHANGE,   /* an upgrade: the difference, pro-rated by day */
  MS_BILLING_LINE_OWNERS_ADDED,  /* owners added: their price, pro-rated by day */
  MS_BILLING_LINE_UNUSED,        /* a credit: the rest of a period given up (monthly → yearly) */
} MsBillingLineKind;

/* One line of what is charged. Amounts are yen, before tax unless the
 * table's prices include it; a credit is negative. */
typedef struct
{
  MsBillingLineKind kind;
  char             *plan;          /* the plan it is for (the new one for a change) */
  char             *plan_from;     /* PLAN_CHANGE: the plan before */
  MsBillingCycle    cycle;
  gint64            quantity;      /* extra owners, else 1 */
  gint64            unit_amount;   /* a whole period of one, or the difference per period */
  MsBillingDay      from;          /* the days it covers, [from, to) */
  MsBillingDay      to;
  guint             days;          /* pro-rated: of period_days; else days == period_days */
  guint             period_days;
  gint64            amount;
  int               tax_rate;      /* percent */
} MsBillingLine;

/* What a change costs today, and what waits for the period's end. */
typedef struct
{
  MsSubscriptionState  now;          /* the subscription once today's part is done */
  GPtrArray           *lines;        /* MsBillingLine: charged today */
  gint64               subtotal;     /* the sum of lines */
  /* applied on now.period_end, NULL / -1 when nothing waits */
  char                *plan_next;
  gboolean             has_cycle_next;
  MsBillingCycle       cycle_next;
  gint64               extra_owners_next;
} MsBillingQuote;

/* Consumption tax of one rate on one invoice. */
typedef struct
{
  int    rate;      /* percent */
  gint64 base;      /* the lines of this rate, tax excluded */
  gint64 tax;       /* rounded once, for the rate */
  gint64 total;     /* base + tax */
} MsBillingTaxTotal;

#define MS_BILLING_ERROR (ms_billing_error_quark ())

typedef enum
{
  MS_BILLING_ERROR_INVALID,      /* a plan, cycle or number that cannot be */
  MS_BILLING_ERROR_NO_CHANGE,    /* the change asks for what is in force */
} MsBillingError;

GQuark                  ms_billing_error_quark          (void);
const MsBillingConfig  *ms_billing_get_config           (void);

MsBillingDay            ms_billing_day_from_time        (gint64                      usec);
gint64                  ms_billing_day_to_time          (MsBillingDay                day);
MsBillingDay            ms_billing_day_new              (int                         year,
                                                         int                         month,
                                                         int                         day);
char                   *ms_billing_day_to_iso           (MsBillingDay                day) G_GNUC_WARN_UNUSED_RESULT;
MsBillingDay            ms_billing_day_from_iso         (const char                 *text);
MsBillingDay            ms_billing_add_months           (MsBillingDay                anchor,
                                                         int                         months);
MsBillingDay            ms_billing_next_period_end      (MsBillingDay                anchor,
                                                         MsBillingDay                start,
                                                         MsBillingCycle              cycle);

const char             *ms_billing_cycle_to_string      (MsBillingCycle              cycle);
gboolean                ms_billing_cycle_from_string    (const char                 *text,
                                                         MsBillingCycle             *cycle);
const char             *ms_subscription_status_to_string (MsSubscriptionStatus       status);
gboolean                ms_subscription_status_from_string (const char               *text,
                                                            MsSubscriptionStatus     *status);

gint64                  ms_billing_plan_price           (const char                 *plan,
                                                         MsBillingCycle              cycle);
gint64                  ms_billing_extra_owner_price    (MsBillingCycle              cycle);
gint64                  ms_billing_round                (gint64                      numerator,
                                                         gint64                      denominator,
                                                         MsBillingRounding           rounding);
gint64                  ms_billing_prorate              (gint64                      amount,
                                                         guint                       days,
                                                         guint                       period_days);
char                   *ms_billing_format_yen           (gint64                      amount) G_GNUC_WARN_UNUSED_RESULT;
gboolean                ms_billing_is_upgrade           (const char                 *from,
                                                         const char                 *to);

void                    ms_subscription_state_clear     (MsSubscriptionState        *state);
void                    ms_subscription_state_copy      (const MsSubscriptionState  *from,
                                                         MsSubscriptionState        *to);
MsSubscriptionState    *ms_subscription_state_new_trial (const char                 *plan,
                                                         MsBillingCycle              cycle,
                                                         MsBillingDay                today);
MsSubscriptionState    *ms_subscription_state_new_paid  (const char                 *plan,
                                                         MsBillingCycle              cycle,
                                                         gint64                      extra_owners,
                                                         MsBillingDay                today);
void                    ms_subscription_state_free      (MsSubscriptionState        *state);
JsonObject             *ms_subscription_state_to_json   (const MsSubscriptionState  *state) G_GNUC_WARN_UNUSED_RESULT;
gboolean                ms_subscription_state_from_json (JsonObject                 *object,
                                                         MsSubscriptionState        *state,
                                                         GError                    **error);

MsBillingLine          *ms_billing_line_copy            (const MsBillingLine        *line);
void                    ms_billing_line_free            (MsBillingLine              *line);
JsonObject             *ms_billing_line_to_json         (const MsBillingLine        *line) G_GNUC_WARN_UNUSED_RESULT;
MsBillingLine          *ms_billing_line_from_json       (JsonObject                 *object,
                                                         GError                    **error);
GPtrArray              *ms_billing_period_lines         (const char                 *plan,
                                                         MsBillingCycle              cycle,
                                                         gint64                      extra_owners,
                                                         MsBillingDay                start,
                                                         MsBillingDay                end) G_GNUC_WARN_UNUSED_RESULT;

MsBillingQuote         *ms_billing_quote_change         (const MsSubscriptionState  *state,
                                                         const char                 *plan,
                                                         MsBillingCycle              cycle,
                                                         gint64                      extra_owners,
                                                         MsBillingDay                today,
                                                         GError                    **error);
void                    ms_billing_quote_free           (MsBillingQuote             *quote);

GArray                 *ms_billing_tax_totals           (GPtrArray                  *lines) G_GNUC_WARN_UNUSED_RESULT;
gint64                  ms_billing_lines_total          (GPtrArray                  *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsBillingLine, ms_billing_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsBillingQuote, ms_billing_quote_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSubscriptionState, ms_subscription_state_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsSubscriptionState, ms_subscription_state_clear)

G_END_DECLS
