/* test-billing.c — periods, plan changes and proration on fixed dates; tax rounded once per rate
 *
 * Every amount below is worked out by hand from data/plans.json (Team S
 * ¥4,980, Team M ¥8,980 a month, ¥49,800 / ¥89,800 a year; an extra owner
 * ¥500 a month, ¥5,000 a year; pro-rated amounts floored; 10 % consumption
 * tax, floored once per rate per invoice).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "billing/ms-billing.h"
#include "ms-core.h"
#include "store/ms-entitlements.h"

#define DAY(y, m, d) ms_billing_day_new (y, m, d)

static MsSubscriptionState *
active (const char     *plan,
        MsBillingCycle  cycle,
        gint64          owners,
        MsBillingDay    anchor,
        MsBillingDay    start)
{
  MsSubscriptionState *state = ms_subscription_state_new_paid (plan, cycle, owners, anchor);

  state->period_start = start;
  state->period_end = ms_billing_next_period_end (anchor, start, cycle);
  return state;
}

static void
assert_day (MsBillingDay  day,
            const char   *iso)
{
  g_autofree char *text = ms_billing_day_to_iso (day);

  g_assert_cmpstr (text, ==, iso);
}

static const MsBillingLine *
line_at (MsBillingQuote *quote,
         guint           i)
{
  g_assert_cmpuint (i, <, quote->lines->len);
  return g_ptr_array_index (quote->lines, i);
}

/* A period ends on the anchor's day of a later month; a shorter month
 * ends on its last day and the anchor's day comes back after it. */
static void
test_month_ends (void)
{
  MsBillingDay anchor = DAY (2026, 1, 31);
  MsBillingDay end;

  end = ms_billing_next_period_end (anchor, anchor, MS_BILLING_MONTHLY);
  assert_day (end, "2026-02-28");
  end = ms_billing_next_period_end (anchor, end, MS_BILLING_MONTHLY);
  assert_day (end, "2026-03-31");
  end = ms_billing_next_period_end (anchor, end, MS_BILLING_MONTHLY);
  assert_day (end, "2026-04-30");
  end = ms_billing_next_period_end (anchor, end, MS_BILLING_MONTHLY);
  assert_day (end, "2026-05-31");
  /* A yearly period from the 31st of March. */
  anchor = DAY (2026, 3, 31);
  assert_day (ms_billing_next_period_end (anchor, anchor, MS_BILLING_YEARLY), "2027-03-31");

  /* JST: 2026-11-30 15:00 UTC is already December 1st in Tokyo. */
  assert_day (ms_billing_day_from_time ((gint64) 1796050800 * G_USEC_PER_SEC), "2026-12-01");
  g_assert_cmpint (ms_billing_day_to_time (DAY (2026, 12, 1)), ==,
                   (gint64) 1796050800 * G_USEC_PER_SEC);
  g_assert_cmpuint (ms_billing_day_from_iso ("2026-02-29"), ==, 0);
  g_assert_cmpuint (ms_billing_day_from_iso ("2028-02-29"), ==, DAY (2028, 2, 29));
}

/* 2028 is a leap year: February has 29 days, and a year from February
 * 29th ends on the 28th. */
static void
test_leap_day (void)
{
  MsBillingDay anchor = DAY (2028, 1, 31);
  g_autoptr(MsSubscriptionState) state = NULL;
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  assert_day (ms_billing_next_period_end (anchor, anchor, MS_BILLING_MONTHLY), "2028-02-29");
  assert_day (ms_billing_next_period_end (DAY (2028, 2, 29), DAY (2028, 2, 29),
                                          MS_BILLING_YEARLY), "2029-02-28");

  /* Upgraded on the leap day, with the period Feb 15 – Mar 15 (29 days):
   * 15 days left of 29: (8,980 − 4,980) × 15 / 29 = 2,068.96 → 2,068. */
  state = active ("team_s", MS_BILLING_MONTHLY, 0, DAY (2028, 1, 15), DAY (2028, 2, 15));
  assert_day (state->period_end, "2028-03-15");
  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, DAY (2028, 2, 29),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 1);
  g_assert_cmpint (line_at (quote, 0)->kind, ==, MS_BILLING_LINE_PLAN_CHANGE);
  g_assert_cmpuint (line_at (quote, 0)->days, ==, 15);
  g_assert_cmpuint (line_at (quote, 0)->period_days, ==, 29);
  g_assert_cmpint (line_at (quote, 0)->amount, ==, 2068);
  g_assert_cmpstr (quote->now.plan, ==, "team_m");
}

/* Team S → Team M on December 20th of a December period: 12 of 31 days. */
static void
test_upgrade_at_once (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_s", MS_BILLING_MONTHLY, 0,
                                                 DAY (2026, 12, 1), DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpstr (quote->now.plan, ==, "team_m");
  g_assert_null (quote->plan_next);
  g_assert_cmpuint (quote->lines->len, ==, 1);
  g_assert_cmpstr (line_at (quote, 0)->plan_from, ==, "team_s");
  g_assert_cmpint (line_at (quote, 0)->unit_amount, ==, 4000);
  /* 4,000 × 12 / 31 = 1,548.39 */
  g_assert_cmpint (line_at (quote, 0)->amount, ==, 1548);
  g_assert_cmpint (quote->subtotal, ==, 1548);
  assert_day (quote->now.period_end, "2027-01-01");

  /* On the last day of the period: one day of 31. 4,000 / 31 = 129.03 */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 31),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (quote->subtotal, ==, 129);

  /* On the first day: the whole difference. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 1),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (quote->subtotal, ==, 4000);

  /* A yearly subscription (April to April): Team S → Team Pro S on
   * September 30th, 183 of 365 days left: 48,200 × 183 / 365 = 24,166.03 */
  g_clear_pointer (&quote, ms_billing_quote_free);
  g_clear_pointer (&state, ms_subscription_state_free);
  state = active ("team_s", MS_BILLING_YEARLY, 0, DAY (2026, 4, 1), DAY (2026, 4, 1));
  quote = ms_billing_quote_change (state, "team_pro_s", MS_BILLING_YEARLY, 0, DAY (2026, 9, 30),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (line_at (quote, 0)->days, ==, 183);
  g_assert_cmpuint (line_at (quote, 0)->period_days, ==, 365);
  g_assert_cmpint (quote->subtotal, ==, 24166);
}

/* Fewer seats (Team M → Team S), a lower plan (Team Pro S → Team L: fewer
 * features) and yearly → monthly wait for the period's end; nothing is
 * charged or refunded today. */
static void
test_downgrade_waits (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_m", MS_BILLING_YEARLY, 2,
                                                 DAY (2026, 4, 1), DAY (2026, 4, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_MONTHLY, 1, DAY (2026, 9, 30),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 0);
  g_assert_cmpint (quote->subtotal, ==, 0);
  g_assert_cmpstr (quote->now.plan, ==, "team_m");
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_YEARLY);
  g_assert_cmpint (quote->now.extra_owners, ==, 2);
  g_assert_cmpstr (quote->plan_next, ==, "team_s");
  g_assert_true (quote->has_cycle_next);
  g_assert_cmpint (quote->cycle_next, ==, MS_BILLING_MONTHLY);
  g_assert_cmpint (quote->extra_owners_next, ==, 1);
  assert_day (quote->now.period_end, "2027-04-01");

  g_assert_false (ms_billing_is_upgrade ("team_pro_s", "team_l"));   /* loses features */
  g_assert_false (ms_billing_is_upgrade ("team_l", "team_pro_m"));   /* 30 seats → 10 */
  g_assert_true (ms_billing_is_upgrade ("team_s", "team_pro_s"));
  g_assert_true (ms_billing_is_upgrade ("team_l", "team_pro_l"));
}

/* Monthly → yearly: a year starts today; the unused days of the month are
 * credited. Team S, December period, changed on the 20th: 12 of 31 days
 * unused: −4,980 × 12 / 31 = −1,927.74 → −1,927; then 49,800 for the year. */
static void
test_monthly_to_yearly (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_s", MS_BILLING_MONTHLY, 0,
                                                 DAY (2026, 12, 1), DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_YEARLY, 0, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_YEARLY);
  assert_day (quote->now.period_start, "2026-12-20");
  assert_day (quote->now.period_end, "2027-12-20");
  g_assert_cmpuint (quote->lines->len, ==, 2);
  g_assert_cmpint (line_at (quote, 0)->kind, ==, MS_BILLING_LINE_PLAN);
  g_assert_cmpint (line_at (quote, 0)->amount, ==, 49800);
  g_assert_cmpint (line_at (quote, 1)->kind, ==, MS_BILLING_LINE_UNUSED);
  g_assert_cmpint (line_at (quote, 1)->amount, ==, -1927);
  g_assert_cmpint (quote->subtotal, ==, 47873);
}

/* Extra owners added mid-period pay for the days left; removed ones stay
 * billed until the period's end. */
static void
test_extra_owners_mid_period (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_s", MS_BILLING_MONTHLY, 1,
                                                 DAY (2026, 12, 1), DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  /* 1 → 3 owners beyond the first on the 20th: 2 × 500 × 12 / 31 = 387.10 */
  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_MONTHLY, 3, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 1);
  g_assert_cmpint (line_at (quote, 0)->kind, ==, MS_BILLING_LINE_OWNERS_ADDED);
  g_assert_cmpint (line_at (quote, 0)->quantity, ==, 2);
  g_assert_cmpint (line_at (quote, 0)->amount, ==, 387);
  g_assert_cmpint (quote->now.extra_owners, ==, 3);

  /* With an upgrade on the same day: both lines, the owners at Team M's plan. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 2, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 2);
  g_assert_cmpint (quote->subtotal, ==, 1548 + 193);   /* 500 × 12 / 31 = 193.55 */

  /* Removed: nothing today, one fewer from the next period. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 0);
  g_assert_cmpint (quote->now.extra_owners, ==, 1);
  g_assert_cmpint (quote->extra_owners_next, ==, 0);

  /* A renewal bills the plan and every extra owner for the whole period. */
  {
    g_autoptr(GPtrArray) lines = ms_billing_period_lines ("team_s", MS_BILLING_YEARLY, 2,
                                                          DAY (2027, 1, 1), DAY (2028, 1, 1));

    g_assert_cmpuint (lines->len, ==, 2);
    g_assert_cmpint (ms_billing_lines_total (lines), ==, 49800 + 2 * 5000);
  }
}

/* A trial changes for free; an ended subscription starts again today. */
static void
test_trial_and_restart (void)
{
  g_autoptr(MsSubscriptionState) trial = ms_subscription_state_new_trial ("team_s",
                                                                          MS_BILLING_MONTHLY,
                                                                          DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (trial->status, ==, MS_SUBSCRIPTION_TRIALING);
  assert_day (trial->trial_end, "2026-12-15");
  quote = ms_billing_quote_change (trial, "team_pro_m", MS_BILLING_YEARLY, 0, DAY (2026, 12, 5),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 0);
  g_assert_cmpstr (quote->now.plan, ==, "team_pro_m");
  g_assert_cmpint (quote->now.status, ==, MS_SUBSCRIPTION_TRIALING);
  /* A downgrade in the trial waits for its end. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (trial, "team_s", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 5),
                                   &error);
  g_assert_null (quote);
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_NO_CHANGE);
  g_clear_error (&error);
  {
    g_autoptr(MsSubscriptionState) pro = ms_subscription_state_new_trial ("team_pro_s",
                                                                          MS_BILLING_MONTHLY,
                                                                          DAY (2026, 12, 1));

    quote = ms_billing_quote_change (pro, "team_s", MS_BILLING_MONTHLY, 0, DAY (2026, 12, 5),
                                     &error);
    g_assert_no_error (error);
    g_assert_cmpstr (quote->now.plan, ==, "team_pro_s");
    g_assert_cmpstr (quote->plan_next, ==, "team_s");
    g_assert_cmpuint (quote->lines->len, ==, 0);
  }

  g_clear_pointer (&quote, ms_billing_quote_free);
  trial->status = MS_SUBSCRIPTION_CANCELED;
  quote = ms_billing_quote_change (trial, "team_s", MS_BILLING_MONTHLY, 0, DAY (2027, 2, 10),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (quote->now.status, ==, MS_SUBSCRIPTION_ACTIVE);
  assert_day (quote->now.period_end, "2027-03-10");
  g_assert_cmpint (quote->subtotal, ==, 4980);

  /* Nothing to change; a personal plan is not a team's. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  trial->status = MS_SUBSCRIPTION_ACTIVE;
  g_assert_null (ms_billing_quote_change (trial, "team_s", MS_BILLING_MONTHLY, 0,
                                          DAY (2026, 12, 5), &error));
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_NO_CHANGE);
  g_clear_error (&error);
  g_assert_null (ms_billing_quote_change (trial, "pro", MS_BILLING_MONTHLY, 0,
                                          DAY (2026, 12, 5), &error));
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID);
}

/* Yearly is ten months: every plan of the table, and an extra owner. */
static void
test_yearly_is_ten_months (void)
{
  g_auto(GStrv) plans = ms_entitlements_list_plans (NULL);
  const MsBillingConfig *config = ms_billing_get_config ();
  guint n = 0;

  g_assert_cmpint (config->yearly_months, ==, 10);
  g_assert_cmpint (config->trial_days, ==, 14);
  g_assert_cmpint (config->extra_owner_monthly, ==, 500);
  g_assert_cmpint (ms_billing_extra_owner_price (MS_BILLING_MONTHLY), ==, 500);
  g_assert_cmpint (ms_billing_extra_owner_price (MS_BILLING_YEARLY), ==, 5000);
  g_assert_nonnull (plans);
  for (guint i = 0; plans[i] != NULL; i++, n++)
    {
      gint64 month = ms_billing_plan_price (plans[i], MS_BILLING_MONTHLY);
      gint64 year = ms_billing_plan_price (plans[i], MS_BILLING_YEARLY);

      if (year != 10 * month)
        g_error ("%s: a year is ¥%" G_GINT64_FORMAT ", ten months ¥%" G_GINT64_FORMAT,
                 plans[i], year, 10 * month);
    }
  g_assert_cmpuint (n, ==, 8);
  /* The table's own figures (DESIGN.md §9). */
  g_assert_cmpint (ms_billing_plan_price ("pro", MS_BILLING_YEARLY), ==, 9800);
  g_assert_cmpint (ms_billing_plan_price ("team_l", MS_BILLING_YEARLY), ==, 198000);
  g_assert_cmpint (ms_billing_plan_price ("team_pro_l", MS_BILLING_YEARLY), ==, 368000);
}

/* Periods that end on a month's last day: from January 31st the period is
 * [Jan 31, Feb 28) (28 days), then [Feb 28, Mar 31) (31 days); in 2028
 * [Jan 31, Feb 29) (29 days). */
static void
test_month_end_proration (void)
{
  const struct {
    MsBillingDay anchor;
    MsBillingDay start;
    MsBillingDay today;
    guint        days;
    guint        period_days;
    gint64       amount;
  } cases[] = {
    /* 4,000 × 1 / 28 = 142.86 */
    { DAY (2027, 1, 31), DAY (2027, 1, 31), DAY (2027, 2, 27), 1, 28, 142 },
    /* 4,000 × 14 / 28 = 2,000 exactly */
    { DAY (2027, 1, 31), DAY (2027, 1, 31), DAY (2027, 2, 14), 14, 28, 2000 },
    /* the whole period on its first day */
    { DAY (2027, 1, 31), DAY (2027, 1, 31), DAY (2027, 1, 31), 28, 28, 4000 },
    /* 4,000 × 1 / 31 = 129.03 */
    { DAY (2027, 1, 31), DAY (2027, 2, 28), DAY (2027, 3, 30), 1, 31, 129 },
    /* leap year: 4,000 × 1 / 29 = 137.93 */
    { DAY (2028, 1, 31), DAY (2028, 1, 31), DAY (2028, 2, 28), 1, 29, 137 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsSubscriptionState) state = active ("team_s", MS_BILLING_MONTHLY, 0,
                                                     cases[i].anchor, cases[i].start);
      g_autoptr(MsBillingQuote) quote = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (state->period_end - state->period_start, ==, cases[i].period_days);
      quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, cases[i].today,
                                       &error);
      g_assert_no_error (error);
      g_assert_cmpuint (quote->lines->len, ==, 1);
      g_assert_cmpuint (line_at (quote, 0)->days, ==, cases[i].days);
      g_assert_cmpuint (line_at (quote, 0)->period_days, ==, cases[i].period_days);
      g_assert_cmpint (quote->subtotal, ==, cases[i].amount);
      /* the period's end does not move */
      g_assert_cmpuint (quote->now.period_end, ==, state->period_end);
    }
}

/* Yearly → monthly waits for the year's end; with an upgrade on the same
 * day, the upgrade is charged at once at the yearly prices. */
static void
test_yearly_to_monthly (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_s", MS_BILLING_YEARLY, 0,
                                                 DAY (2026, 4, 1), DAY (2026, 4, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_MONTHLY, 0, DAY (2026, 9, 30),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 0);
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_YEARLY);
  g_assert_null (quote->plan_next);
  g_assert_true (quote->has_cycle_next);
  g_assert_cmpint (quote->cycle_next, ==, MS_BILLING_MONTHLY);
  assert_day (quote->now.period_end, "2027-04-01");

  /* Team S yearly → Team M monthly: 40,000 × 183 / 365 = 20,054.79 today,
   * months from April 1st. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_m", MS_BILLING_MONTHLY, 0, DAY (2026, 9, 30),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 1);
  g_assert_cmpint (line_at (quote, 0)->kind, ==, MS_BILLING_LINE_PLAN_CHANGE);
  g_assert_cmpint (line_at (quote, 0)->cycle, ==, MS_BILLING_YEARLY);
  g_assert_cmpint (line_at (quote, 0)->unit_amount, ==, 40000);
  g_assert_cmpint (quote->subtotal, ==, 20054);
  g_assert_cmpstr (quote->now.plan, ==, "team_m");
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_YEARLY);
  g_assert_true (quote->has_cycle_next);
  g_assert_cmpint (quote->cycle_next, ==, MS_BILLING_MONTHLY);

  /* The first month after the year: Team M's monthly price. */
  {
    g_autoptr(GPtrArray) lines = ms_billing_period_lines (quote->now.plan, quote->cycle_next, 0,
                                                          quote->now.period_end,
                                                          ms_billing_next_period_end (
                                                            quote->now.anchor,
                                                            quote->now.period_end,
                                                            quote->cycle_next));

    g_assert_cmpint (ms_billing_lines_total (lines), ==, 8980);
    g_assert_cmpuint (((MsBillingLine *) g_ptr_array_index (lines, 0))->period_days, ==, 30);
  }
}

/* Seat sizes (S 5, M 10, L 30) within a December period, changed on the
 * 20th (12 of 31 days left): more seats and no lost feature is an upgrade,
 * charged at once; fewer seats or a lost feature waits for January 1st. */
static void
test_seat_sizes (void)
{
  const struct {
    const char *from;
    const char *to;
    gint64      today;   /* charged today; -1: waits */
  } cases[] = {
    { "team_s", "team_m", 1548 },          /* 4,000 × 12 / 31 = 1,548.39 */
    { "team_s", "team_l", 5736 },          /* 14,820 × 12 / 31 = 5,736.77 */
    { "team_m", "team_l", 4188 },          /* 10,820 × 12 / 31 = 4,188.39 */
    { "team_s", "team_pro_s", 1865 },      /* 4,820 × 12 / 31 = 1,865.81 */
    { "team_m", "team_pro_l", 10769 },     /* 27,820 × 12 / 31 = 10,769.03 */
    { "team_pro_s", "team_pro_m", 2709 },  /* 7,000 × 12 / 31 = 2,709.68 */
    { "team_pro_m", "team_pro_l", 7741 },  /* 20,000 × 12 / 31 = 7,741.94 */
    { "team_l", "team_pro_l", 6580 },      /* 17,000 × 12 / 31 = 6,580.65 */
    { "team_m", "team_s", -1 },
    { "team_l", "team_s", -1 },
    { "team_l", "team_m", -1 },
    { "team_pro_l", "team_pro_s", -1 },
    { "team_l", "team_pro_s", -1 },        /* more features, 25 fewer seats */
    { "team_pro_s", "team_l", -1 },        /* more seats, Team Pro's features lost */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MsSubscriptionState) state = active (cases[i].from, MS_BILLING_MONTHLY, 0,
                                                     DAY (2026, 12, 1), DAY (2026, 12, 1));
      g_autoptr(MsBillingQuote) quote = NULL;
      g_autoptr(GError) error = NULL;

      quote = ms_billing_quote_change (state, cases[i].to, MS_BILLING_MONTHLY, 0,
                                       DAY (2026, 12, 20), &error);
      g_assert_no_error (error);
      if (g_test_verbose ())
        g_test_message ("%s → %s: %" G_GINT64_FORMAT " today, next %s", cases[i].from,
                        cases[i].to, quote->subtotal, quote->plan_next);
      if (cases[i].today >= 0)
        {
          g_assert_cmpstr (quote->now.plan, ==, cases[i].to);
          g_assert_null (quote->plan_next);
          g_assert_cmpint (quote->subtotal, ==, cases[i].today);
        }
      else
        {
          g_assert_cmpstr (quote->now.plan, ==, cases[i].from);
          g_assert_cmpstr (quote->plan_next, ==, cases[i].to);
          g_assert_cmpuint (quote->lines->len, ==, 0);
        }
      assert_day (quote->now.period_end, "2027-01-01");
    }
}

/* A downgrade to a yearly plan: the year starts when the downgrade does,
 * at the period's end, at the lower plan's price; nothing is charged for a
 * year of the plan being left. */
static void
test_downgrade_to_yearly (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_m", MS_BILLING_MONTHLY, 0,
                                                 DAY (2026, 12, 1), DAY (2026, 12, 1));
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;

  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_YEARLY, 0, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 0);
  g_assert_cmpint (quote->subtotal, ==, 0);
  g_assert_cmpstr (quote->now.plan, ==, "team_m");
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_MONTHLY);
  assert_day (quote->now.period_end, "2027-01-01");
  g_assert_cmpstr (quote->plan_next, ==, "team_s");
  g_assert_true (quote->has_cycle_next);
  g_assert_cmpint (quote->cycle_next, ==, MS_BILLING_YEARLY);

  /* Owners added on the same day are still charged today. */
  g_clear_pointer (&quote, ms_billing_quote_free);
  quote = ms_billing_quote_change (state, "team_s", MS_BILLING_YEARLY, 1, DAY (2026, 12, 20),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quote->lines->len, ==, 1);
  g_assert_cmpint (line_at (quote, 0)->kind, ==, MS_BILLING_LINE_OWNERS_ADDED);
  g_assert_cmpint (quote->subtotal, ==, 193);   /* 500 × 12 / 31 = 193.55 */
  g_assert_cmpint (quote->now.cycle, ==, MS_BILLING_MONTHLY);
}

/* Tax once per rate per invoice: per line, 1,548 × 10 % = 154.8 → 154 and
 * 387 × 10 % = 38.7 → 38 would make 192; the invoice's 1,935 × 10 % =
 * 193.5 → 193. A second rate is totalled apart. */
static void
test_tax_once_per_rate (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_billing_line_free);
  g_autoptr(GArray) totals = NULL;
  MsBillingLine a = { MS_BILLING_LINE_PLAN_CHANGE, "team_m", NULL, MS_BILLING_MONTHLY, 1, 4000,
                      DAY (2026, 12, 20), DAY (2027, 1, 1), 12, 31, 1548, 10 };
  MsBillingLine b = { MS_BILLING_LINE_OWNERS_ADDED, "team_m", NULL, MS_BILLING_MONTHLY, 2, 500,
                      DAY (2026, 12, 20), DAY (2027, 1, 1), 12, 31, 387, 10 };
  MsBillingLine c = { MS_BILLING_LINE_PLAN, "team_s", NULL, MS_BILLING_MONTHLY, 1, 105,
                      DAY (2026, 12, 1), DAY (2027, 1, 1), 31, 31, 105, 8 };
  gint64 per_line = 0;

  g_ptr_array_add (lines, ms_billing_line_copy (&a));
  g_ptr_array_add (lines, ms_billing_line_copy (&b));
  g_ptr_array_add (lines, ms_billing_line_copy (&c));
  for (guint i = 0; i < 2; i++)
    per_line += ((MsBillingLine *) g_ptr_array_index (lines, i))->amount * 10 / 100;

  totals = ms_billing_tax_totals (lines);
  g_assert_cmpuint (totals->len, ==, 2);
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 0).rate, ==, 10);
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 0).base, ==, 1935);
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 0).tax, ==, 193);
  g_assert_cmpint (per_line, ==, 192);
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 0).total, ==, 2128);
  /* 105 × 8 % = 8.4 → 8 */
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 1).rate, ==, 8);
  g_assert_cmpint (g_array_index (totals, MsBillingTaxTotal, 1).tax, ==, 8);

  g_assert_cmpint (ms_billing_round (1935, 10, MS_BILLING_ROUND_HALF_UP), ==, 194);
  g_assert_cmpint (ms_billing_round (1931, 10, MS_BILLING_ROUND_CEILING), ==, 194);
  g_assert_cmpint (ms_billing_round (-19277, 10, MS_BILLING_ROUND_FLOOR), ==, -1927);
}

/* The subscription travels as JSON (server → app) unchanged. */
static void
test_state_json (void)
{
  g_autoptr(MsSubscriptionState) state = active ("team_pro_s", MS_BILLING_YEARLY, 2,
                                                 DAY (2028, 2, 29), DAY (2028, 2, 29));
  g_autoptr(JsonObject) o = ms_subscription_state_to_json (state);
  g_auto(MsSubscriptionState) back = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_subscription_state_from_json (o, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (back.plan, ==, "team_pro_s");
  g_assert_cmpint (back.cycle, ==, MS_BILLING_YEARLY);
  g_assert_cmpuint (back.period_end, ==, state->period_end);
  g_assert_cmpint (back.extra_owners, ==, 2);
  assert_day (back.period_end, "2029-02-28");

  json_object_set_string_member (o, "period_end", "2029-02-30");
  g_assert_false (ms_subscription_state_from_json (o, &back, &error));
  g_assert_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/billing/month-ends", test_month_ends);
  g_test_add_func ("/ms/billing/leap-day", test_leap_day);
  g_test_add_func ("/ms/billing/upgrade-at-once", test_upgrade_at_once);
  g_test_add_func ("/ms/billing/downgrade-waits", test_downgrade_waits);
  g_test_add_func ("/ms/billing/monthly-to-yearly", test_monthly_to_yearly);
  g_test_add_func ("/ms/billing/extra-owners-mid-period", test_extra_owners_mid_period);
  g_test_add_func ("/ms/billing/trial-and-restart", test_trial_and_restart);
  g_test_add_func ("/ms/billing/yearly-is-ten-months", test_yearly_is_ten_months);
  g_test_add_func ("/ms/billing/month-end-proration", test_month_end_proration);
  g_test_add_func ("/ms/billing/yearly-to-monthly", test_yearly_to_monthly);
  g_test_add_func ("/ms/billing/seat-sizes", test_seat_sizes);
  g_test_add_func ("/ms/billing/downgrade-to-yearly", test_downgrade_to_yearly);
  g_test_add_func ("/ms/billing/tax-once-per-rate", test_tax_once_per_rate);
  g_test_add_func ("/ms/billing/state-json", test_state_json);

  return g_test_run ();
}
