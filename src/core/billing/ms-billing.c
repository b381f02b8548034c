/* ms-billing.c — subscriptions in whole yen: periods, plan changes, proration, consumption tax
 *
 * Pure: the server stores subscriptions and invoices, the app shows what a
 * change would cost; both call these functions, so the preview is the
 * charge. Money is gint64 yen, never floating point; a division rounds
 * once, as data/plans.json "billing" says.
 *
 * Days are calendar days of Asia/Tokyo (the plans' limit day zone), as
 * GDate Julian days. A period is [start, end): a monthly one ends on the
 * same day of a later month as its anchor (the day the subscription
 * started; the 31st falls back to a shorter month's last day and comes back
 * the month after), a yearly one twelve months on.
 *
 * Changing a subscription (the product plan's table):
 * - an upgrade (another plan that lowers no limit and loses no feature)
 *   applies at once; the price difference for the rest of the period is
 *   charged, pro-rated by day: difference × days left ÷ days of the period;
 * - monthly → yearly applies at once: a yearly period starts today, and
 *   the unused days of the monthly one are credited;
 * - owners added apply at once, pro-rated the same way;
 * - a downgrade, yearly → monthly and owners removed wait for the period's
 *   end, and nothing is refunded; so does monthly → yearly together with a
 *   downgrade (the year is of the lower plan, from the period's end);
 * - during a trial nothing is charged: an upgrade applies at once, a
 *   downgrade at the trial's end; after a subscription ended, a change
 *   starts a new one today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-billing"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-billing.h"
#include "ms-data.h"
#include "store/ms-entitlements.h"

G_DEFINE_QUARK (ms-billing-error-quark, ms_billing_error)

/* ------------------------------------------------------------------------ */
/* The table                                                                 */

static JsonObject *
get_table (void)
{
  static JsonNode *plans;

  if (g_once_init_enter (&plans))
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = ms_data_load_json ("plans.json", &error);

      if (node == NULL)
        g_error ("data/plans.json: %s", error->message);
      g_once_init_leave (&plans, node);
    }
  return json_node_get_object (plans);
}

static MsBillingRounding
parse_rounding (const char *text)
{
  if (g_strcmp0 (text, "half_up") == 0)
    return MS_BILLING_ROUND_HALF_UP;
  if (g_strcmp0 (text, "ceiling") == 0)
    return MS_BILLING_ROUND_CEILING;
  if (g_strcmp0 (text, "floor") == 0)
    return MS_BILLING_ROUND_FLOOR;
  /* plans.json ships inside the binary: a bad value is a build bug */
  g_error ("data/plans.json: rounding must be floor, half_up or ceiling, not %s", text);
}

const MsBillingConfig *
ms_billing_get_config (void)
{
  static MsBillingConfig config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      JsonObject *table = get_table ();
      JsonObject *billing = json_object_get_object_member (table, "billing");

      if (billing == NULL)
        g_error ("data/plans.json has no \"billing\"");
      config.prices_include_tax =
        json_object_get_boolean_member_with_default (billing, "prices_include_tax", FALSE);
      config.tax_rate_percent =
        (int) json_object_get_int_member_with_default (billing, "tax_rate_percent", 10);
      config.tax_rounding =
        parse_rounding (json_object_get_string_member_with_default (billing, "tax_rounding",
                                                                    "floor"));
      config.proration_rounding =
        parse_rounding (json_object_get_string_member_with_default (billing,
                                                                    "proration_rounding",
                                                                    "floor"));
      config.yearly_months =
        (int) json_object_get_int_member_with_default (billing, "yearly_months", 10);
      config.trial_days = (int) json_object_get_int_member_with_default (billing, "trial_days",
                                                                         14);
      config.payment_terms_days =
        (int) json_object_get_int_member_with_default (billing, "payment_terms_days", 30);
      config.invoice_retention_years =
        (int) json_object_get_int_member_with_default (billing, "invoice_retention_years", 7);
      config.extra_owner_monthly =
        json_object_get_int_member_with_default (table, "extra_admin_monthly", 500);
      g_once_init_leave (&loaded, 1);
    }
  return &config;
}

static JsonObject *
find_plan (const char *plan)
{
  JsonArray *plans = json_object_get_array_member (get_table (), "plans");

  for (guint i = 0; plan != NULL && i < json_array_get_length (plans); i++)
    {
      JsonObject *o = json_array_get_object_element (plans, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "id", NULL), plan) == 0)
        return o;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Days                                                                      */

static GTimeZone *
get_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      const char *id = json_object_get_string_member_with_default (get_table (),
                                                                   "limit_day_time_zone",
                                                                   "+09:00");
      GTimeZone *parsed = g_time_zone_new_identifier (id);

      if (parsed == NULL)
        g_error ("data/plans.json: “limit_day_time_zone” must be a time zone identifier");
      g_once_init_leave (&zone, parsed);
    }
  return zone;
}

/**
 * ms_billing_day_from_time:
 * @usec: microseconds since the epoch
 *
 * Returns: the day of Asia/Tokyo @usec falls on
 */
MsBillingDay
ms_billing_day_from_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, get_zone ());

  return ms_billing_day_new (g_date_time_get_year (there), g_date_time_get_month (there),
                             g_date_time_get_day_of_month (there));
}

/**
 * ms_billing_day_to_time:
 *
 * Returns: the first microsecond of @day in Asia/Tokyo
 */
gint64
ms_billing_day_to_time (MsBillingDay day)
{
  GDate date;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (g_date_valid_julian (day), 0);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  midnight = g_date_time_new (get_zone (), g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), 0, 0, 0);
  return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
}

MsBillingDay
ms_billing_day_new (int year,
                    int month,
                    int day)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_dmy (day, month, year), 0);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

/**
 * ms_billing_day_to_iso:
 *
 * Returns: "YYYY-MM-DD"
 */
char *
ms_billing_day_to_iso (MsBillingDay day)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (day), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/**
 * ms_billing_day_from_iso:
 *
 * Returns: the day "YYYY-MM-DD" names, or 0 when it names none
 */
MsBillingDay
ms_billing_day_from_iso (const char *text)
{
  guint year, month, day;
  char end;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return 0;
  return ms_billing_day_new ((int) year, (int) month, (int) day);
}

/**
 * ms_billing_add_months:
 *
 * Returns: @anchor @months later; a day the month lacks becomes its last
 *   (January 31st + 1 month is February 28th or 29th)
 */
MsBillingDay
ms_billing_add_months (MsBillingDay anchor,
                       int          months)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (anchor), 0);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, anchor);
  if (months >= 0)
    g_date_add_months (&date, (guint) months);
  else
    g_date_subtract_months (&date, (guint) -months);
  return g_date_get_julian (&date);
}

/* Whole months from @anchor to @day (@day on or after it). */
static int
months_between (MsBillingDay anchor,
                MsBillingDay day)
{
  GDate a, d;
  int months;

  g_date_clear (&a, 1);
  g_date_clear (&d, 1);
  g_date_set_julian (&a, anchor);
  g_date_set_julian (&d, day);
  months = ((int) g_date_get_year (&d) - (int) g_date_get_year (&a)) * 12 +
           ((int) g_date_get_month (&d) - (int) g_date_get_month (&a));
  /* The anchor's day counts from the anchor, not from a shortened month. */
  while (months > 0 && ms_billing_add_months (anchor, months) > day)
    months--;
  return MAX (months, 0);
}

/**
 * ms_billing_next_period_end:
 * @anchor: the day the subscription's periods count from
 * @start: a period's first day
 *
 * Returns: the first day after the period that starts on @start
 */
MsBillingDay
ms_billing_next_period_end (MsBillingDay   anchor,
                            MsBillingDay   start,
                            MsBillingCycle cycle)
{
  int step = cycle == MS_BILLING_YEARLY ? 12 : 1;

  return ms_billing_add_months (anchor, months_between (anchor, start) + step);
}

/* ------------------------------------------------------------------------ */
/* Names                                                                     */

const char *
ms_billing_cycle_to_string (MsBillingCycle cycle)
{
  return cycle == MS_BILLING_YEARLY ? "yearly" : "monthly";
}

gboolean
ms_billing_cycle_from_string (const char     *text,
                              MsBillingCycle *cycle)
{
  if (g_strcmp0 (text, "monthly") == 0)
    *cycle = MS_BILLING_MONTHLY;
  else if (g_strcmp0 (text, "yearly") == 0)
    *cycle = MS_BILLING_YEARLY;
  else
    return FALSE;
  return TRUE;
}

const char *
ms_subscription_status_to_string (MsSubscriptionStatus status)
{
  switch (status)
    {
    case MS_SUBSCRIPTION_TRIALING:
      return "trialing";
    case MS_SUBSCRIPTION_ACTIVE:
      return "active";
    case MS_SUBSCRIPTION_CANCELED:
    default:
      return "canceled";
    }
}

gboolean
ms_subscription_status_from_string (const char           *text,
                                    MsSubscriptionStatus *status)
{
  if (g_strcmp0 (text, "trialing") == 0)
    *status = MS_SUBSCRIPTION_TRIALING;
  else if (g_strcmp0 (text, "active") == 0)
    *status = MS_SUBSCRIPTION_ACTIVE;
  else if (g_strcmp0 (text, "canceled") == 0)
    *status = MS_SUBSCRIPTION_CANCELED;
  else
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Prices                                                                    */

/**
 * ms_billing_plan_price:
 *
 * Returns: the price of a whole period of @plan, or -1 when there is no
 *   such plan
 */
gint64
ms_billing_plan_price (const char     *plan,
                       MsBillingCycle  cycle)
{
  JsonObject *o = find_plan (plan);

  if (o == NULL)
    return -1;
  return json_object_get_int_member_with_default (o, cycle == MS_BILLING_YEARLY ? "price_yearly"
                                                                                : "price_monthly",
                                                  0);
}

/**
 * ms_billing_extra_owner_price:
 *
 * Returns: a whole period of one owner beyond the first: extra_admin_monthly
 *   a month, yearly_months times that a year
 */
gint64
ms_billing_extra_owner_price (MsBillingCycle cycle)
{
  const MsBillingConfig *config = ms_billing_get_config ();

  return cycle == MS_BILLING_YEARLY ? config->extra_owner_monthly * config->yearly_months
                                    : config->extra_owner_monthly;
}

/**
 * ms_billing_round:
 * @denominator: more than 0
 *
 * Returns: @numerator ÷ @denominator rounded as @rounding says, in whole
 *   yen; a negative quotient is rounded as its magnitude is
 */
gint64
ms_billing_round (gint64            numerator,
                  gint64            denominator,
                  MsBillingRounding rounding)
{
  gint64 magnitude = numerator < 0 ? -numerator : numerator;
  gint64 result;

  g_return_val_if_fail (denominator > 0, 0);

  switch (rounding)
    {
    case MS_BILLING_ROUND_CEILING:
      result = (magnitude + denominator - 1) / denominator;
      break;
    case MS_BILLING_ROUND_HALF_UP:
      result = (2 * magnitude + denominator) / (2 * denominator);
      break;
    case MS_BILLING_ROUND_FLOOR:
    default:
      result = magnitude / denominator;
      break;
    }
  return numerator < 0 ? -result : result;
}

/**
 * ms_billing_prorate:
 * @days: the days of the period the amount is for
 * @period_days: the days of the whole period
 *
 * Returns: @amount × @days ÷ @period_days, rounded once (proration_rounding)
 */
gint64
ms_billing_prorate (gint64 amount,
                    guint  days,
                    guint  period_days)
{
  g_return_val_if_fail (period_days > 0, 0);
  g_return_val_if_fail (days <= period_days, amount);

  return ms_billing_round (amount * (gint64) days, period_days,
                           ms_billing_get_config ()->proration_rounding);
}

/**
 * ms_billing_format_yen:
 *
 * Returns: @amount as "¥12,345" ("-¥1,927" for a credit)
 */
char *
ms_billing_format_yen (gint64 amount)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 magnitude = amount < 0 ? (guint64) -amount : (guint64) amount;
  g_autofree char *plain = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  gsize n = strlen (plain);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, plain[i]);
    }
  return g_strdup_printf ("%s¥%s", amount < 0 ? "-" : "", digits->str);
}

/**
 * ms_billing_is_upgrade:
 *
 * Returns: whether moving from @from to @to lowers no limit and loses no
 *   feature (and changes the plan): it applies at once
 */
gboolean
ms_billing_is_upgrade (const char *from,
                       const char *to)
{
  g_autoptr(MsEntitlements) a = NULL;
  g_autoptr(MsEntitlements) b = NULL;
  g_auto(GStrv) features = NULL;

  if (g_strcmp0 (from, to) == 0 ||
      (a = ms_entitlements_new_for_plan (from, NULL)) == NULL ||
      (b = ms_entitlements_new_for_plan (to, NULL)) == NULL)
    return FALSE;
  for (guint i = 0; i < MS_N_LIMITS; i++)
    {
      gint64 x = ms_entitlements_get_limit (a, i), y = ms_entitlements_get_limit (b, i);

      if (x == MS_LIMIT_UNLIMITED && y != MS_LIMIT_UNLIMITED)
        return FALSE;
      if (x != MS_LIMIT_UNLIMITED && y != MS_LIMIT_UNLIMITED && y < x)
        return FALSE;
    }
  features = ms_entitlements_list_features ();
  for (guint i = 0; features[i] != NULL; i++)
    if (ms_entitlements_has_feature (a, features[i]) &&
        !ms_entitlements_has_feature (b, features[i]))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Subscriptions                                                             */

void
ms_subscription_state_clear (MsSubscriptionState *state)
{
  g_clear_pointer (&state->plan, g_free);
}

void
ms_subscription_state_free (MsSubscriptionState *state)
{
  if (state == NULL)
    return;
  ms_subscription_state_clear (state);
  g_free (state);
}

void
ms_subscription_state_copy (const MsSubscriptionState *from,
                            MsSubscriptionState       *to)
{
  *to = *from;
  to->plan = g_strdup (from->plan);
}

/**
 * ms_subscription_state_new_trial:
 * @cycle: what the subscription is billed by once the trial ends
 *
 * A trial of trial_days from @today: its first period starts the day after.
 */
MsSubscriptionState *
ms_subscription_state_new_trial (const char     *plan,
                                 MsBillingCycle  cycle,
                                 MsBillingDay    today)
{
  MsSubscriptionState *state = g_new0 (MsSubscriptionState, 1);

  state->plan = g_strdup (plan);
  state->cycle = cycle;
  state->status = MS_SUBSCRIPTION_TRIALING;
  state->trial_end = today + (MsBillingDay) ms_billing_get_config ()->trial_days;
  state->anchor = state->trial_end;
  state->period_start = today;
  state->period_end = state->trial_end;
  return state;
}

/**
 * ms_subscription_state_new_paid:
 *
 * A subscription whose first period starts @today (its first invoice is
 * ms_billing_period_lines() of that period).
 */
MsSubscriptionState *
ms_subscription_state_new_paid (const char     *plan,
                                MsBillingCycle  cycle,
                                gint64          extra_owners,
                                MsBillingDay    today)
{
  MsSubscriptionState *state = g_new0 (MsSubscriptionState, 1);

  state->plan = g_strdup (plan);
  state->cycle = cycle;
  state->status = MS_SUBSCRIPTION_ACTIVE;
  state->anchor = today;
  state->period_start = today;
  state->period_end = ms_billing_next_period_end (today, today, cycle);
  state->extra_owners = MAX (extra_owners, 0);
  return state;
}

static void
set_day (JsonObject   *o,
         const char   *name,
         MsBillingDay  day)
{
  g_autofree char *iso = day != 0 ? ms_billing_day_to_iso (day) : NULL;

  if (iso == NULL)
    json_object_set_null_member (o, name);
  else
    json_object_set_string_member (o, name, iso);
}

static gboolean
get_day (JsonObject    *o,
         const char    *name,
         gboolean       nullable,
         MsBillingDay  *day,
         GError       **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *day = 0;
  if (nullable && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (*day = ms_billing_day_from_iso (json_node_get_string (node))) == 0)
    {
      g_set_error (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                   /* Translators: %s is a member name such as "period_end" */
                   _("“%s” must be a date (YYYY-MM-DD)."), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_subscription_state_to_json:
 *
 * Returns: (transfer full): {plan, cycle, status, anchor, period_start,
 *   period_end, trial_end, extra_owners}, days as "YYYY-MM-DD"
 */
JsonObject *
ms_subscription_state_to_json (const MsSubscriptionState *state)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "plan", state->plan);
  json_object_set_string_member (o, "cycle", ms_billing_cycle_to_string (state->cycle));
  json_object_set_string_member (o, "status", ms_subscription_status_to_string (state->status));
  set_day (o, "anchor", state->anchor);
  set_day (o, "period_start", state->period_start);
  set_day (o, "period_end", state->period_end);
  set_day (o, "trial_end", state->trial_end);
  json_object_set_int_member (o, "extra_owners", state->extra_owners);
  return o;
}

gboolean
ms_subscription_state_from_json (JsonObject           *o,
                                 MsSubscriptionState  *state,
                                 GError              **error)
{
  const char *plan = json_object_get_string_member_with_default (o, "plan", NULL);

  memset (state, 0, sizeof *state);
  if (plan == NULL || find_plan (plan) == NULL ||
      !ms_billing_cycle_from_string (json_object_get_string_member_with_default (o, "cycle",
                                                                                 NULL),
                                     &state->cycle) ||
      !ms_subscription_status_from_string (json_object_get_string_member_with_default (o,
                                                                                       "status",
                                                                                       NULL),
                                           &state->status))
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                           _("The subscription cannot be read. Update MsgScore."));
      return FALSE;
    }
  if (!get_day (o, "anchor", FALSE, &state->anchor, error) ||
      !get_day (o, "period_start", FALSE, &state->period_start, error) ||
      !get_day (o, "period_end", FALSE, &state->period_end, error) ||
      !get_day (o, "trial_end", TRUE, &state->trial_end, error))
    return FALSE;
  state->extra_owners = MAX (0, json_object_get_int_member_with_default (o, "extra_owners", 0));
  state->plan = g_strdup (plan);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Lines                                                                     */

static MsBillingLine *
line_new (MsBillingLineKind  kind,
          const char        *plan,
          MsBillingCycle     cycle,
          gint64             quantity,
          gint64             unit_amount,
          MsBillingDay       from,
          MsBillingDay       to,
          guint              period_days)
{
  MsBillingLine *line = g_new0 (MsBillingLine, 1);

  line->kind = kind;
  line->plan = g_strdup (plan);
  line->cycle = cycle;
  line->quantity = quantity;
  line->unit_amount = unit_amount;
  line->from = from;
  line->to = to;
  line->days = to > from ? to - from : 0;
  line->period_days = period_days;
  line->amount = ms_billing_prorate (unit_amount * quantity, MIN (line->days, period_days),
                                     period_days);
  line->tax_rate = ms_billing_get_config ()->tax_rate_percent;
  return line;
}

MsBillingLine *
ms_billing_line_copy (const MsBillingLine *line)
{
  MsBillingLine *copy = g_memdup2 (line, sizeof *line);

  copy->plan = g_strdup (line->plan);
  copy->plan_from = g_strdup (line->plan_from);
  return copy;
}

void
ms_billing_line_free (MsBillingLine *line)
{
  if (line == NULL)
    return;
  g_free (line->plan);
  g_free (line->plan_from);
  g_free (line);
}

static const char * const line_kinds[] = {
  [MS_BILLING_LINE_PLAN] = "plan",
  [MS_BILLING_LINE_EXTRA_OWNERS] = "extra_owners",
  [MS_BILLING_LINE_PLAN_CHANGE] = "plan_change",
  [MS_BILLING_LINE_OWNERS_ADDED] = "owners_added",
  [MS_BILLING_LINE_UNUSED] = "unused",
};

JsonObject *
ms_billing_line_to_json (const MsBillingLine *line)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "kind", line_kinds[line->kind]);
  json_object_set_string_member (o, "plan", line->plan);
  if (line->plan_from != NULL)
    json_object_set_string_member (o, "plan_from", line->plan_from);
  json_object_set_string_member (o, "cycle", ms_billing_cycle_to_string (line->cycle));
  json_object_set_int_member (o, "quantity", line->quantity);
  json_object_set_int_member (o, "unit_amount", line->unit_amount);
  set_day (o, "from", line->from);
  set_day (o, "to", line->to);
  json_object_set_int_member (o, "days", line->days);
  json_object_set_int_member (o, "period_days", line->period_days);
  json_object_set_int_member (o, "amount", line->amount);
  json_object_set_int_member (o, "tax_rate", line->tax_rate);
  return o;
}

MsBillingLine *
ms_billing_line_from_json (JsonObject  *o,
                           GError     **error)
{
  g_autoptr(MsBillingLine) line = g_new0 (MsBillingLine, 1);
  const char *kind = json_object_get_string_member_with_default (o, "kind", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (line_kinds); i++)
    if (g_strcmp0 (kind, line_kinds[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (line_kinds) ||
      !ms_billing_cycle_from_string (json_object_get_string_member_with_default (o, "cycle",
                                                                                 NULL),
                                     &line->cycle) ||
      !get_day (o, "from", FALSE, &line->from, error) ||
      !get_day (o, "to", FALSE, &line->to, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                             _("A line of the invoice cannot be read. Update MsgScore."));
      return NULL;
    }
  line->kind = i;
  line->plan = g_strdup (json_object_get_string_member_with_default (o, "plan", ""));
  line->plan_from = g_strdup (json_object_get_string_member_with_default (o, "plan_from", NULL));
  line->quantity = json_object_get_int_member_with_default (o, "quantity", 1);
  line->unit_amount = json_object_get_int_member_with_default (o, "unit_amount", 0);
  line->days = (guint) json_object_get_int_member_with_default (o, "days", 0);
  line->period_days = (guint) json_object_get_int_member_with_default (o, "period_days", 0);
  line->amount = json_object_get_int_member_with_default (o, "amount", 0);
  line->tax_rate = (int) json_object_get_int_member_with_default (o, "tax_rate", 0);
  return g_steal_pointer (&line);
}

/**
 * ms_billing_period_lines:
 *
 * Returns: (transfer full) (element-type MsBillingLine): a whole period
 *   [@start, @end) of @plan and its extra owners: what a renewal charges
 */
GPtrArray *
ms_billing_period_lines (const char     *plan,
                         MsBillingCycle  cycle,
                         gint64          extra_owners,
                         MsBillingDay    start,
                         MsBillingDay    end)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_billing_line_free);
  guint days = end - start;

  g_ptr_array_add (lines, line_new (MS_BILLING_LINE_PLAN, plan, cycle, 1,
                                    ms_billing_plan_price (plan, cycle), start, end, days));
  if (extra_owners > 0)
    g_ptr_array_add (lines, line_new (MS_BILLING_LINE_EXTRA_OWNERS, plan, cycle, extra_owners,
                                      ms_billing_extra_owner_price (cycle), start, end, days));
  return lines;
}

gint64
ms_billing_lines_total (GPtrArray *lines)
{
  gint64 total = 0;

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    total += ((MsBillingLine *) g_ptr_array_index (lines, i))->amount;
  return total;
}

/* ------------------------------------------------------------------------ */
/* Changing a subscription                                                   */

void
ms_billing_quote_free (MsBillingQuote *quote)
{
  if (quote == NULL)
    return;
  ms_subscription_state_clear (&quote->now);
  g_clear_pointer (&quote->lines, g_ptr_array_unref);
  g_free (quote->plan_next);
  g_free (quote);
}

static MsBillingQuote *
quote_new (const MsSubscriptionState *state)
{
  MsBillingQuote *quote = g_new0 (MsBillingQuote, 1);

  ms_subscription_state_copy (state, &quote->now);
  quote->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_billing_line_free);
  quote->extra_owners_next = -1;
  return quote;
}

/* Monthly to yearly: the unused days of the month are credited; a year starts today. */
static void
charge_cycle_up (MsBillingQuote            *quote,
                 const MsSubscriptionState *state,
                 MsBillingCycle             cycle,
                 MsBillingDay               today)
{
  g_autoptr(GPtrArray) period = NULL;
  guint period_days = state->period_end - state->period_start;
  gint64 used = ms_billing_plan_price (state->plan, state->cycle) +
                state->extra_owners * ms_billing_extra_owner_price (state->cycle);
  MsBillingLine *unused;

  unused = line_new (MS_BILLING_LINE_UNUSED, state->plan, state->cycle, 1, -used, today,
                     state->period_end, period_days);
  quote->now.cycle = cycle;
  quote->now.anchor = today;
  quote->now.period_start = today;
  quote->now.period_end = ms_billing_next_period_end (today, today, cycle);
  period = ms_billing_period_lines (quote->now.plan, cycle, quote->now.extra_owners,
                                    quote->now.period_start, quote->now.period_end);
  for (guint i = 0; i < period->len; i++)
    g_ptr_array_add (quote->lines, ms_billing_line_copy (g_ptr_array_index (period, i)));
  g_ptr_array_add (quote->lines, unused);
}

/* In the same cycle: an upgrade and added owners for the rest of the period. */
static void
charge_rest_of_period (MsBillingQuote            *quote,
                       const MsSubscriptionState *state,
                       const char                *plan,
                       gboolean                   plan_up,
                       gint64                     extra_owners,
                       MsBillingDay               today)
{
  guint period_days = state->period_end - state->period_start;

  if (plan_up)
    {
      gint64 difference = ms_billing_plan_price (plan, state->cycle) -
                          ms_billing_plan_price (state->plan, state->cycle);
      MsBillingLine *line = line_new (MS_BILLING_LINE_PLAN_CHANGE, plan, state->cycle, 1,
                                      MAX (difference, 0), today, state->period_end,
                                      period_days);

      line->plan_from = g_strdup (state->plan);
      g_ptr_array_add (quote->lines, line);
    }
  if (extra_owners > state->extra_owners)
    g_ptr_array_add (quote->lines,
                     line_new (MS_BILLING_LINE_OWNERS_ADDED, quote->now.plan, state->cycle,
                               extra_owners - state->extra_owners,
                               ms_billing_extra_owner_price (state->cycle), today,
                               state->period_end, period_days));
}

/**
 * ms_billing_quote_change:
 * @state: the subscription as it stands on @today (its period holds @today)
 * @plan: the plan asked for
 * @cycle: the billing cycle asked for
 * @extra_owners: the owners beyond the first asked for
 * @today: the day of the change, in Asia/Tokyo
 *
 * What the change costs today and what waits for the end of the period
 * (this file's head says the rules). The server charges exactly these
 * lines; the app shows them before the owner confirms.
 *
 * Returns: (transfer full): the quote, or NULL with %MS_BILLING_ERROR
 */
MsBillingQuote *
ms_billing_quote_change (const MsSubscriptionState  *state,
                         const char                 *plan,
                         MsBillingCycle              cycle,
                         gint64                      extra_owners,
                         MsBillingDay                today,
                         GError                    **error)
{
  g_autoptr(MsBillingQuote) quote = NULL;
  gboolean plan_up, plan_down, cycle_up, cycle_down;

  g_return_val_if_fail (state != NULL, NULL);

  if (ms_billing_plan_price (plan, cycle) < 0 || extra_owners < 0 ||
      !ms_entitlements_is_team_plan (plan) != !ms_entitlements_is_team_plan (state->plan))
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                           _("Choose one of the plans this subscription can be on."));
      return NULL;
    }

  quote = quote_new (state);

  /* Ended: a change starts a new subscription today, a whole period. */
  if (state->status == MS_SUBSCRIPTION_CANCELED)
    {
      g_autoptr(MsSubscriptionState) fresh = ms_subscription_state_new_paid (plan, cycle,
                                                                              extra_owners,
                                                                              today);

      ms_subscription_state_clear (&quote->now);
      ms_subscription_state_copy (fresh, &quote->now);
      g_ptr_array_unref (quote->lines);
      quote->lines = ms_billing_period_lines (plan, cycle, extra_owners, fresh->period_start,
                                              fresh->period_end);
      quote->subtotal = ms_billing_lines_total (quote->lines);
      return g_steal_pointer (&quote);
    }

  if (g_str_equal (plan, state->plan) && cycle == state->cycle &&
      extra_owners == state->extra_owners)
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_NO_CHANGE,
                           _("This is the subscription as it is."));
      return NULL;
    }

  /* A trial costs nothing: an upgrade applies at once, a downgrade on the
   * trial's last day (its next billing date), the cycle is the one the
   * first period will be billed by. */
  if (state->status == MS_SUBSCRIPTION_TRIALING)
    {
      if (g_str_equal (plan, state->plan) || ms_billing_is_upgrade (state->plan, plan))
        {
          g_free (quote->now.plan);
          quote->now.plan = g_strdup (plan);
        }
      else
        quote->plan_next = g_strdup (plan);
      quote->now.cycle = cycle;
      quote->now.extra_owners = extra_owners;
      return g_steal_pointer (&quote);
    }

  if (today < state->period_start || today >= state->period_end)
    {
      g_set_error_literal (error, MS_BILLING_ERROR, MS_BILLING_ERROR_INVALID,
                           _("The billing period has ended. Try again in a moment."));
      return NULL;
    }

  plan_up = ms_billing_is_upgrade (state->plan, plan);
  plan_down = !g_str_equal (state->plan, plan) && !plan_up;
  cycle_up = state->cycle == MS_BILLING_MONTHLY && cycle == MS_BILLING_YEARLY;
  cycle_down = state->cycle == MS_BILLING_YEARLY && cycle == MS_BILLING_MONTHLY;

  /* What waits for the end of the period. A year of a lower plan starts
   * when that plan does: never a year of the plan being left. */
  if (plan_down)
    quote->plan_next = g_strdup (plan);
  if (cycle_down || (cycle_up && plan_down))
    {
      cycle_up = FALSE;
      quote->has_cycle_next = TRUE;
      quote->cycle_next = cycle;
    }
  if (extra_owners < state->extra_owners)
    quote->extra_owners_next = extra_owners;

  /* What applies today. */
  if (plan_up)
    {
      g_free (quote->now.plan);
      quote->now.plan = g_strdup (plan);
    }
  quote->now.extra_owners = MAX (extra_owners, state->extra_owners);

  if (cycle_up)
    charge_cycle_up (quote, state, cycle, today);
  else
    charge_rest_of_period (quote, state, plan, plan_up, extra_owners, today);

  quote->subtotal = ms_billing_lines_total (quote->lines);
  return g_steal_pointer (&quote);
}

/* ------------------------------------------------------------------------ */
/* Consumption tax                                                           */

static gint
compare_rates (gconstpointer a,
               gconstpointer b)
{
  return ((const MsBillingTaxTotal *) b)->rate - ((const MsBillingTaxTotal *) a)->rate;
}

/**
 * ms_billing_tax_totals:
 * @lines: (element-type MsBillingLine): the lines of one invoice
 *
 * Consumption tax per rate, rounded once per rate per invoice (消費税法施行令
 * 第70条の10; NTA Q&A 問57: rounding each line and summing is not allowed),
 * as tax_rounding says.
 *
 * Returns: (transfer full) (element-type MsBillingTaxTotal): one total per
 *   rate, the highest rate first
 */
GArray *
ms_billing_tax_totals (GPtrArray *lines)
{
  const MsBillingConfig *config = ms_billing_get_config ();
  GArray *totals = g_array_new (FALSE, TRUE, sizeof (MsBillingTaxTotal));

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      const MsBillingLine *line = g_ptr_array_index (lines, i);
      MsBillingTaxTotal *total = NULL;

      for (guint j = 0; j < totals->len; j++)
        if (g_array_index (totals, MsBillingTaxTotal, j).rate == line->tax_rate)
          total = &g_array_index (totals, MsBillingTaxTotal, j);
      if (total == NULL)
        {
          MsBillingTaxTotal fresh = { line->tax_rate, 0, 0, 0 };

          g_array_append_val (totals, fresh);
          total = &g_array_index (totals, MsBillingTaxTotal, totals->len - 1);
        }
      /* With prices that include tax, the sum is the total; else the base. */
      total->base += line->amount;
    }

  for (guint j = 0; j < totals->len; j++)
    {
      MsBillingTaxTotal *total = &g_array_index (totals, MsBillingTaxTotal, j);

      if (config->prices_include_tax)
        {
          gint64 gross = total->base;

          total->tax = ms_billing_round (gross * total->rate, 100 + total->rate,
                                         config->tax_rounding);
          total->base = gross - total->tax;
        }
      else
        total->tax = ms_billing_round (total->base * total->rate, 100, config->tax_rounding);
      total->total = total->base + total->tax;
    }
  g_array_sort (totals, compare_rates);
  return totals;
}
