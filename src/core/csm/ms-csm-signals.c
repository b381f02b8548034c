/* ms-csm-signals.c — an account's signals on a day: the churn model's features and the health inputs
 *
 * Everything is counted from the account's history up to and including the
 * day (never after it, so a model trained on old days sees what the daily
 * job saw then). "Active" is any counted activity of anyone in the account.
 * A signal without data is NAN (the model treats it as missing); the health
 * inputs follow data/csm/health.json:
 *   usage       saved scorings a week over the last usage_weeks weeks (or
 *               the weeks since the account began) ÷ the plan's expected
 *               use; missing on a plan without one (Free)
 *   engagement  DAU/MAU: the mean of people active each of the last 30 days
 *               ÷ the people active in them (0 when nobody was)
 *   support     the mean of the last csat_last ratings; missing without one
 *   payment     days the oldest unpaid invoice is overdue; missing without
 *               any invoice (no billing records: Free, or not yet fed)
 *   nps         the latest answer; missing without one
 * Loyalty Exp (data/csm/loyalty.json) counts saved scorings, results entered,
 * feedback resolved and weeks of streak since the account began.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-csm-json.h"
#include "ms-csm-signals.h"
#include "ms-data.h"
#include "store/ms-entitlements.h"

typedef struct
{
  guint   inactive_days;
  guint   csat_last;
  guint   usage_weeks;
  guint64 exp_scoring;
  guint64 exp_result;
  guint64 exp_feedback;
  guint64 exp_streak;
  guint64 level_step;
} Config;

static const char * const signal_names[MS_N_SIGNALS + 1] = {
  "scorings_week1", "scorings_week2", "scorings_week3", "scorings_week4", "usage_trend",
  "usage_vs_expected", "usage_change_month", "days_since_active", "active_days_7",
  "active_days_30", "dau_mau", "active_people_30", "seats_used", "feature_breadth",
  "results_30", "imports_30", "exports_30", "history_30", "reviews_30", "api_30",
  "support_90", "support_open", "csat_mean", "csat_lowest", "days_since_support",
  "days_overdue", "failed_payments_90", "failed_in_a_row", "nps_latest", "nps_change",
  "days_since_nps", "nps_detractor", "tenure_days", "plan_free", "plan_pro", "plan_team",
  "plan_team_pro", "exp_30", "level", "limit_use", "same_domain", "health",
  "health_change_30", "active_weeks_streak", "sessions_per_day", NULL
};

static Config *
load (void)
{
  g_autoptr(JsonNode) signals = ms_data_load_json ("csm/signals.json", NULL);
  g_autoptr(JsonNode) loyalty = ms_data_load_json ("csm/loyalty.json", NULL);
  Config *c = g_new0 (Config, 1);
  JsonObject *o, *exp;

  if (signals == NULL || !JSON_NODE_HOLDS_OBJECT (signals) || loyalty == NULL ||
      !JSON_NODE_HOLDS_OBJECT (loyalty))
    g_error ("csm/signals.json or csm/loyalty.json is missing");
  o = json_node_get_object (signals);
  c->inactive_days = _ms_csm_json_count (o, "csm/signals.json", "inactive_days");
  c->csat_last = _ms_csm_json_count (o, "csm/signals.json", "csat_last");
  c->usage_weeks = _ms_csm_json_count (o, "csm/signals.json", "usage_weeks");
  o = json_node_get_object (loyalty);
  exp = _ms_csm_json_object (o, "csm/loyalty.json", "exp");
  c->exp_scoring = _ms_csm_json_count (exp, "csm/loyalty.json", "scoring");
  c->exp_result = _ms_csm_json_count (exp, "csm/loyalty.json", "result");
  c->exp_feedback = _ms_csm_json_count (exp, "csm/loyalty.json", "feedback_resolved");
  c->exp_streak = _ms_csm_json_count (o, "csm/loyalty.json", "week_streak");
  c->level_step = _ms_csm_json_count (o, "csm/loyalty.json", "level_step");
  if (c->level_step == 0 || c->usage_weeks == 0 || c->csat_last == 0)
    g_error ("csm/signals.json or csm/loyalty.json: a count is 0");
  return c;
}

static const Config *
get_config (void)
{
  static Config *config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      config = load ();
      g_once_init_leave (&loaded, 1);
    }
  return config;
}

/* Returns: the days without use after which an account has churned */
guint
ms_csm_signals_inactive_days (void)
{
  return get_config ()->inactive_days;
}

const char *
ms_csm_signal_to_string (MsSignal signal)
{
  g_return_val_if_fail (signal < MS_N_SIGNALS, NULL);
  return signal_names[signal];
}

const char * const *
ms_csm_signal_names (void)
{
  return signal_names;
}

guint64
ms_csm_exp_for (MsCsmKind kind,
                guint     count)
{
  const Config *c = get_config ();

  switch (kind)
    {
    case MS_CSM_SCORING:
      return c->exp_scoring * count;
    case MS_CSM_RESULT:
      return c->exp_result * count;
    case MS_CSM_FEEDBACK_RESOLVED:
      return c->exp_feedback * count;
    default:
      return 0;
    }
}

/**
 * ms_csm_level_for_exp:
 * @into_level: (out) (optional): Exp earned since the level began
 * @to_next: (out) (optional): Exp the next level needs in all (level × step)
 *
 * Level 1 starts at 0 Exp; going from level n to n + 1 takes n × level_step.
 */
guint
ms_csm_level_for_exp (guint64  exp,
                      guint64 *into_level,
                      guint64 *to_next)
{
  guint64 step = get_config ()->level_step;
  guint level = 1;

  while (exp >= level * step)
    {
      exp -= level * step;
      level++;
    }
  if (into_level != NULL)
    *into_level = exp;
  if (to_next != NULL)
    *to_next = level * step;
  return level;
}

static gboolean
is_active_kind (guint kind)
{
  return kind < MS_CSM_N_KINDS;
}

/* What one pass over an account's activity counts. */
typedef struct
{
  double  scorings[8];            /* per week back, 0 = the last 7 days */
  double  by_kind_30[MS_CSM_N_KINDS];
  double  scorings_30, scorings_60, signins_30;
  guint   active_days_7, active_days_30, daily_people_30, max_day_scorings;
  guint   people_30;
  gint32  last_active;
  guint64 exp, exp_30;
  guint   streak;
} Activity;

/* Streak weeks: each active week right after another one earns Exp; the streak is the active
 * weeks up to the current one. */
static void
count_streak (const MsCsmAccount *account,
              gint32              day,
              GHashTable         *active_weeks,
              Activity           *act)
{
  const Config *c = get_config ();
  guint current_week = (guint) MAX ((day - account->created_day) / 7 + 1, 1);

  for (guint w = 2; w <= current_week; w++)
    if (g_hash_table_contains (active_weeks, GINT_TO_POINTER (w)) &&
        g_hash_table_contains (active_weeks, GINT_TO_POINTER (w - 1)))
      act->exp += c->exp_streak;
  for (guint w = current_week; w >= 1 && g_hash_table_contains (active_weeks,
                                                                 GINT_TO_POINTER (w)); w--)
    act->streak++;
}

/* Activity: one pass, in day order. */
static void
count_activity (const MsCsmAccount *account,
                gint32              day,
                Activity           *act)
{
  g_autoptr(GHashTable) people_30 = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) people_day = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) active_weeks = g_hash_table_new (NULL, NULL);
  gint32 current_day = G_MININT32;
  guint day_scorings = 0;

  memset (act, 0, sizeof *act);
  act->last_active = -1;
  for (guint i = 0; i < account->activity->len; i++)
    {
      const MsCsmActivity *a = &g_array_index (account->activity, MsCsmActivity, i);
      gint32 back = day - a->day;
      guint64 earned;

      if (a->day > day)
        break;
      if (!is_active_kind (a->kind))
        continue;
      earned = ms_csm_exp_for (a->kind, a->count);
      act->exp += earned;
      g_hash_table_add (active_weeks, GINT_TO_POINTER ((a->day - account->created_day) / 7 + 1));
      if (a->day != current_day)
        {
          if (current_day != G_MININT32 && day - current_day < 30)
            act->daily_people_30 += g_hash_table_size (people_day);
          g_hash_table_remove_all (people_day);
          current_day = a->day;
          if (back < 7)
            act->active_days_7++;
          if (back < 30)
            act->active_days_30++;
          act->max_day_scorings = MAX (act->max_day_scorings, day_scorings);
          day_scorings = 0;
        }
      act->last_active = a->day;
      if (back < 30)
        {
          act->exp_30 += earned;
          act->by_kind_30[a->kind] += a->count;
          g_hash_table_add (people_30, GUINT_TO_POINTER (a->user + 1));
          g_hash_table_add (people_day, GUINT_TO_POINTER (a->user + 1));
          if (a->kind == MS_CSM_SIGNIN)
            act->signins_30 += a->count;
        }
      if (a->kind == MS_CSM_SCORING)
        {
          if (back < 56)
            act->scorings[back / 7] += a->count;
          if (back < 30)
            act->scorings_30 += a->count;
          else if (back < 60)
            act->scorings_60 += a->count;
          if (back < 7)
            day_scorings += a->count;
        }
    }
  if (current_day != G_MININT32 && day - current_day < 30)
    act->daily_people_30 += g_hash_table_size (people_day);
  act->max_day_scorings = MAX (act->max_day_scorings, day_scorings);
  act->people_30 = g_hash_table_size (people_30);
  count_streak (account, day, active_weeks, act);
}

/* Usage and engagement, from the activity. */
static void
set_usage_signals (const MsCsmAccount *account,
                   gint32              day,
                   gint32              days_known,
                   const Activity     *act,
                   MsCsmSignals       *out)
{
  const Config *c = get_config ();
  static const MsCsmKind breadth[] = { MS_CSM_SCORING, MS_CSM_RESULT, MS_CSM_IMPORT,
                                       MS_CSM_EXPORT, MS_CSM_HISTORY, MS_CSM_REVIEW,
                                       MS_CSM_API };
  float *v = out->values;
  double expected = ms_health_expected_per_week (account->plan);
  double weeks_known = MIN ((double) c->usage_weeks, MAX (days_known / 7.0, 1.0));
  double total = 0;
  guint n = 0;

  v[MS_SIGNAL_ACTIVE_WEEKS_STREAK] = act->streak;
  for (guint w = 0; w < 4; w++)
    v[MS_SIGNAL_SCORINGS_WEEK1 + w] = days_known > 7 * (gint32) w ? act->scorings[w] : NAN;
  if (days_known >= 28)
    v[MS_SIGNAL_USAGE_TREND] = (act->scorings[0] + act->scorings[1] - act->scorings[2] -
                                act->scorings[3]) / MAX (act->scorings[2] + act->scorings[3], 1.0);
  if (days_known >= 60)
    v[MS_SIGNAL_USAGE_CHANGE_MONTH] = (act->scorings_30 - act->scorings_60) /
                                      MAX (act->scorings_60, 1.0);
  for (guint w = 0; w < c->usage_weeks && w < 8; w++)
    total += act->scorings[w];
  if (!isnan (expected))
    {
      v[MS_SIGNAL_USAGE_VS_EXPECTED] = total / weeks_known / expected;
      out->health_inputs.value[MS_HEALTH_USAGE] = v[MS_SIGNAL_USAGE_VS_EXPECTED];
    }
  v[MS_SIGNAL_DAYS_SINCE_ACTIVE] = day - (act->last_active >= 0 ? act->last_active
                                                                : account->created_day);
  v[MS_SIGNAL_ACTIVE_DAYS_7] = act->active_days_7;
  v[MS_SIGNAL_ACTIVE_DAYS_30] = act->active_days_30;
  v[MS_SIGNAL_ACTIVE_PEOPLE_30] = act->people_30;
  v[MS_SIGNAL_DAU_MAU] = act->people_30 > 0
                           ? act->daily_people_30 / (double) MIN (days_known, 30) /
                             act->people_30
                           : 0;
  out->health_inputs.value[MS_HEALTH_ENGAGEMENT] = v[MS_SIGNAL_DAU_MAU];
  v[MS_SIGNAL_SESSIONS_PER_DAY] = act->active_days_30 > 0
                                    ? act->signins_30 / act->active_days_30 : 0;
  for (guint k = 0; k < G_N_ELEMENTS (breadth); k++)
    n += act->by_kind_30[breadth[k]] > 0;
  v[MS_SIGNAL_FEATURE_BREADTH] = n;
  v[MS_SIGNAL_RESULTS_30] = act->by_kind_30[MS_CSM_RESULT];
  v[MS_SIGNAL_IMPORTS_30] = act->by_kind_30[MS_CSM_IMPORT];
  v[MS_SIGNAL_EXPORTS_30] = act->by_kind_30[MS_CSM_EXPORT];
  v[MS_SIGNAL_HISTORY_30] = act->by_kind_30[MS_CSM_HISTORY];
  v[MS_SIGNAL_REVIEWS_30] = act->by_kind_30[MS_CSM_REVIEW];
  v[MS_SIGNAL_API_30] = act->by_kind_30[MS_CSM_API];
}

/* Plan, seats and limits */
static void
set_plan_signals (const MsCsmAccount *account,
                  guint               max_day_scorings,
                  float              *v)
{
  g_autoptr(MsEntitlements) entitlements = ms_entitlements_new_for_plan (account->plan, NULL);
  double limit_use = 0;

  v[MS_SIGNAL_PLAN_FREE] = g_strcmp0 (account->plan, "free") == 0;
  v[MS_SIGNAL_PLAN_PRO] = g_strcmp0 (account->plan, "pro") == 0;
  v[MS_SIGNAL_PLAN_TEAM_PRO] = g_str_has_prefix (account->plan, "team_pro");
  v[MS_SIGNAL_PLAN_TEAM] = g_str_has_prefix (account->plan, "team") &&
                           !g_str_has_prefix (account->plan, "team_pro");
  v[MS_SIGNAL_SAME_DOMAIN] = account->same_domain;
  if (entitlements != NULL)
    {
      gint64 seats = ms_entitlements_get_limit (entitlements, MS_LIMIT_SEATS);
      gint64 per_day = ms_entitlements_get_limit (entitlements,
                                                  MS_LIMIT_SAVED_SCORINGS_PER_DAY);

      if (seats > 0)
        {
          v[MS_SIGNAL_SEATS_USED] = account->n_people / (double) seats;
          if (seats > 1)
            limit_use = MAX (limit_use, v[MS_SIGNAL_SEATS_USED]);
        }
      if (per_day > 0)
        limit_use = MAX (limit_use, max_day_scorings / (double) per_day);
    }
  v[MS_SIGNAL_LIMIT_USE] = limit_use;
}

static void
set_support_signals (const MsCsmAccount *account,
                     gint32              day,
                     MsCsmSignals       *out)
{
  const Config *c = get_config ();
  float *v = out->values;
  guint opened_90 = 0, open = 0, n_rated = 0;
  double rating_sum = 0, lowest = INFINITY;
  gint32 last_opened = -1;

  for (guint i = account->support->len; i > 0; i--)
    {
      const MsCsmSupport *s = &g_array_index (account->support, MsCsmSupport, i - 1);

      if (s->opened_day > day)
        continue;
      if (last_opened < 0)
        last_opened = s->opened_day;
      if (day - s->opened_day < 90)
        opened_90++;
      if (s->closed_day < 0 || s->closed_day > day)
        open++;
      else if (s->rating > 0 && n_rated < c->csat_last)
        {
          n_rated++;
          rating_sum += s->rating;
          lowest = MIN (lowest, s->rating);
        }
    }
  v[MS_SIGNAL_SUPPORT_90] = opened_90;
  v[MS_SIGNAL_SUPPORT_OPEN] = open;
  if (n_rated > 0)
    {
      v[MS_SIGNAL_CSAT_MEAN] = rating_sum / n_rated;
      v[MS_SIGNAL_CSAT_LOWEST] = lowest;
      out->health_inputs.value[MS_HEALTH_SUPPORT] = rating_sum / n_rated;
    }
  if (last_opened >= 0)
    v[MS_SIGNAL_DAYS_SINCE_SUPPORT] = day - last_opened;
}

static void
set_payment_signals (const MsCsmAccount *account,
                     gint32              day,
                     MsCsmSignals       *out)
{
  float *v = out->values;
  gint32 oldest_unpaid = -1;
  guint failed_90 = 0, in_a_row = 0, n_known = 0;
  gboolean row_open = TRUE;

  for (guint i = account->payments->len; i > 0; i--)
    {
      const MsCsmPayment *p = &g_array_index (account->payments, MsCsmPayment, i - 1);
      gboolean paid = p->paid_day >= 0 && p->paid_day <= day;

      if (p->due_day > day)
        continue;
      n_known++;
      if (!paid)
        oldest_unpaid = p->due_day;
      if (day - p->due_day < 90)
        failed_90 += p->failed_attempts;
      if (row_open && p->failed_attempts > 0)
        in_a_row += p->failed_attempts;
      else
        row_open = FALSE;
    }
  if (n_known > 0)
    {
      v[MS_SIGNAL_DAYS_OVERDUE] = oldest_unpaid >= 0 ? day - oldest_unpaid : 0;
      v[MS_SIGNAL_FAILED_PAYMENTS_90] = failed_90;
      v[MS_SIGNAL_FAILED_IN_A_ROW] = in_a_row;
      out->health_inputs.value[MS_HEALTH_PAYMENT] = v[MS_SIGNAL_DAYS_OVERDUE];
    }
}

static void
set_nps_signals (const MsCsmAccount *account,
                 gint32              day,
                 MsCsmSignals       *out)
{
  float *v = out->values;
  gint latest = -1, previous = -1;
  gint32 latest_day = -1;

  for (guint i = account->surveys->len; i > 0; i--)
    {
      const MsCsmSurvey *s = &g_array_index (account->surveys, MsCsmSurvey, i - 1);

      if (s->day > day || s->score < 0)
        continue;
      if (latest < 0)
        {
          latest = s->score;
          latest_day = s->day;
        }
      else
        {
          previous = s->score;
          break;
        }
    }
  if (latest >= 0)
    {
      v[MS_SIGNAL_NPS_LATEST] = latest;
      v[MS_SIGNAL_DAYS_SINCE_NPS] = day - latest_day;
      v[MS_SIGNAL_NPS_DETRACTOR] = latest <= 6;
      out->health_inputs.value[MS_HEALTH_NPS] = latest;
      if (previous >= 0)
        v[MS_SIGNAL_NPS_CHANGE] = latest - previous;
    }
}

static void
compute (const MsCsmAccount *account,
         gint32              day,
         MsCsmSignals       *out,
         gboolean            nested)
{
  float *v = out->values;
  Activity act;
  gint32 days_known;

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < MS_N_SIGNALS; i++)
    v[i] = NAN;
  ms_health_inputs_init (&out->health_inputs);

  count_activity (account, day, &act);
  days_known = MAX (day - account->created_day + 1, 1);
  set_usage_signals (account, day, days_known, &act, out);
  v[MS_SIGNAL_TENURE_DAYS] = days_known;
  set_plan_signals (account, act.max_day_scorings, v);
  set_support_signals (account, day, out);
  set_payment_signals (account, day, out);
  set_nps_signals (account, day, out);

  out->exp = act.exp;
  out->level = ms_csm_level_for_exp (act.exp, NULL, NULL);
  v[MS_SIGNAL_EXP_30] = act.exp_30;
  v[MS_SIGNAL_LEVEL] = out->level;

  ms_health_compute (&out->health_inputs, &out->health);
  if (out->health.scored)
    v[MS_SIGNAL_HEALTH] = out->health.score;
  /* The health 30 days ago, from the same history. */
  if (!nested && days_known > 30 && out->health.scored)
    {
      MsCsmSignals before;

      compute (account, day - 30, &before, TRUE);
      if (before.health.scored)
        v[MS_SIGNAL_HEALTH_CHANGE_30] = (double) out->health.score - before.health.score;
    }
}

/**
 * ms_csm_signals_compute:
 * @account: its lists sorted by day (ms_csm_account_sort())
 *
 * Counts the signals of @account as of the end of @day.
 */
void
ms_csm_signals_compute (const MsCsmAccount *account,
                        gint32              day,
                        MsCsmSignals       *out)
{
  compute (account, day, out, FALSE);
}
