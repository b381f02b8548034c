/* test-health.c — the health score against the point tables, the signals, playbooks, reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "csm/ms-csm-signals.h"
#include "csm/ms-health.h"
#include "csm/ms-playbook.h"
#include "csm/ms-reasons.h"

/* ------------------------------------------------------------------ */
/* Point tables: DOMAIN.md, "Customer-success point tables"             */

typedef struct
{
  MsHealthInput input;
  double        value;
  guint         points;
} Edge;

static const Edge edges[] = {
  /* usage: ≥100 %: 20, 80–99 %: 15, 60–79 %: 10, 40–59 %: 5, <40 %: 0 */
  { MS_HEALTH_USAGE, 2.50, 20 }, { MS_HEALTH_USAGE, 1.00, 20 }, { MS_HEALTH_USAGE, 0.99, 15 },
  { MS_HEALTH_USAGE, 0.80, 15 }, { MS_HEALTH_USAGE, 0.79, 10 }, { MS_HEALTH_USAGE, 0.60, 10 },
  { MS_HEALTH_USAGE, 0.59, 5 }, { MS_HEALTH_USAGE, 0.40, 5 }, { MS_HEALTH_USAGE, 0.39, 0 },
  { MS_HEALTH_USAGE, 0, 0 },
  /* DAU/MAU: >30 %: 30, 20–29 %: 20, 10–19 %: 10, <10 %: 0 */
  { MS_HEALTH_ENGAGEMENT, 0.31, 30 }, { MS_HEALTH_ENGAGEMENT, 0.30, 20 },
  { MS_HEALTH_ENGAGEMENT, 0.29, 20 }, { MS_HEALTH_ENGAGEMENT, 0.20, 20 },
  { MS_HEALTH_ENGAGEMENT, 0.19, 10 }, { MS_HEALTH_ENGAGEMENT, 0.10, 10 },
  { MS_HEALTH_ENGAGEMENT, 0.09, 0 }, { MS_HEALTH_ENGAGEMENT, 0, 0 },
  /* CSAT (mean of the last 5): ≥4.5: 20, 4.0–4.4: 15, 3.5–3.9: 10, 3.0–3.4: 5, <3.0: 0 */
  { MS_HEALTH_SUPPORT, 5.0, 20 }, { MS_HEALTH_SUPPORT, 4.5, 20 }, { MS_HEALTH_SUPPORT, 4.4, 15 },
  { MS_HEALTH_SUPPORT, 4.0, 15 }, { MS_HEALTH_SUPPORT, 3.9, 10 }, { MS_HEALTH_SUPPORT, 3.5, 10 },
  { MS_HEALTH_SUPPORT, 3.4, 5 }, { MS_HEALTH_SUPPORT, 3.0, 5 }, { MS_HEALTH_SUPPORT, 2.9, 0 },
  { MS_HEALTH_SUPPORT, 1.0, 0 },
  /* days overdue: none: 15, 1–7: 10, 8–30: 5, >30: 0 */
  { MS_HEALTH_PAYMENT, 0, 15 }, { MS_HEALTH_PAYMENT, 1, 10 }, { MS_HEALTH_PAYMENT, 7, 10 },
  { MS_HEALTH_PAYMENT, 8, 5 }, { MS_HEALTH_PAYMENT, 30, 5 }, { MS_HEALTH_PAYMENT, 31, 0 },
  { MS_HEALTH_PAYMENT, 365, 0 },
  /* NPS: 9–10: 15, 7–8: 10, 0–6: 0 */
  { MS_HEALTH_NPS, 10, 15 }, { MS_HEALTH_NPS, 9, 15 }, { MS_HEALTH_NPS, 8, 10 },
  { MS_HEALTH_NPS, 7, 10 }, { MS_HEALTH_NPS, 6, 0 }, { MS_HEALTH_NPS, 0, 0 },
};

static void
test_point_tables (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      guint points = ms_health_points (edges[i].input, edges[i].value);

      if (points != edges[i].points)
        g_error ("%s %.2f: %u points, the table says %u",
                 ms_health_input_to_string (edges[i].input), edges[i].value, points,
                 edges[i].points);
    }
}

static void
test_bands (void)
{
  static const struct { guint score; MsHealthBand band; } cases[] = {
    { 100, MS_HEALTH_BAND_CHAMPION }, { 81, MS_HEALTH_BAND_CHAMPION },
    { 80, MS_HEALTH_BAND_HEALTHY }, { 61, MS_HEALTH_BAND_HEALTHY },
    { 60, MS_HEALTH_BAND_MEDIUM_RISK }, { 41, MS_HEALTH_BAND_MEDIUM_RISK },
    { 40, MS_HEALTH_BAND_HIGH_RISK }, { 0, MS_HEALTH_BAND_HIGH_RISK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ms_health_band_for_score (cases[i].score), ==, cases[i].band);
  g_assert_cmpstr (ms_health_band_to_string (MS_HEALTH_BAND_MEDIUM_RISK), ==, "medium_risk");
}

static void
compute (double   usage,
         double   engagement,
         double   support,
         double   payment,
         double   nps,
         MsHealth *out)
{
  MsHealthInputs in;

  in.value[MS_HEALTH_USAGE] = usage;
  in.value[MS_HEALTH_ENGAGEMENT] = engagement;
  in.value[MS_HEALTH_SUPPORT] = support;
  in.value[MS_HEALTH_PAYMENT] = payment;
  in.value[MS_HEALTH_NPS] = nps;
  ms_health_compute (&in, out);
}

static void
test_score (void)
{
  MsHealth h;

  compute (1.2, 0.35, 4.8, 0, 10, &h);
  g_assert_true (h.scored);
  g_assert_cmpuint (h.score, ==, 100);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_CHAMPION);

  /* 15 + 20 + 10 + 15 + 0 */
  compute (0.85, 0.25, 3.7, 0, 5, &h);
  g_assert_cmpuint (h.score, ==, 60);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_MEDIUM_RISK);
  g_assert_cmpuint (h.parts[MS_HEALTH_NPS].points, ==, 0);
  g_assert_true (h.parts[MS_HEALTH_NPS].present);

  /* 20 + 20 + 15 + 10 + 15 = 80: the top of healthy; one point more is champion */
  compute (1.0, 0.2, 4.0, 3, 9, &h);
  g_assert_cmpuint (h.score, ==, 80);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_HEALTHY);

  /* everything at its lowest */
  compute (0.1, 0.0, 1.0, 90, 0, &h);
  g_assert_cmpuint (h.score, ==, 0);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_HIGH_RISK);
}

static void
test_missing_shared_out (void)
{
  MsHealth h, zero;
  g_autoptr(JsonObject) json = NULL;

  /* Without an NPS answer: 85 points of the 85 present → 100, not 85 */
  compute (1.0, 0.5, 5.0, 0, NAN, &h);
  g_assert_true (h.scored);
  g_assert_cmpuint (h.weight_present, ==, 85);
  g_assert_false (h.parts[MS_HEALTH_NPS].present);
  g_assert_cmpuint (h.score, ==, 100);
  g_assert_cmpfloat_with_epsilon (h.parts[MS_HEALTH_ENGAGEMENT].share, 30 * 100.0 / 85, 1e-9);
  /* … whereas an answer of 0 is an answer */
  compute (1.0, 0.5, 5.0, 0, 0, &zero);
  g_assert_cmpuint (zero.score, ==, 85);

  /* Without NPS and payment: (10 + 20 + 15) / 70 = 64.3 → 64, healthy */
  compute (0.7, 0.25, 4.2, NAN, NAN, &h);
  g_assert_cmpuint (h.weight_present, ==, 70);
  g_assert_cmpuint (h.score, ==, 64);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_HEALTHY);

  /* Only usage and NPS (35 of 100): too little for a score */
  compute (1.0, NAN, NAN, NAN, 10, &h);
  g_assert_false (h.scored);
  g_assert_cmpint (h.band, ==, MS_HEALTH_BAND_NONE);

  json = ms_health_to_json (&h);
  g_assert_true (json_object_get_null_member (json, "score"));
  g_assert_cmpstr (json_object_get_string_member (json, "band"), ==, "none");
  g_assert_nonnull (strstr (json_object_get_string_member (json, "source"), "DOMAIN.md"));
}

/* ------------------------------------------------------------------ */
/* Signals                                                              */

static void
test_signals (void)
{
  g_autoptr(MsCsmAccount) a = ms_csm_account_new ("user:x", "pro", 1000);
  MsCsmSignals s;
  gint32 today = 1100;

  /* 10 scorings on each of days 1094–1099 by person 0; person 1 once, day 1080 */
  for (gint32 d = 1094; d <= 1099; d++)
    {
      ms_csm_account_add_activity (a, d, 0, MS_CSM_SIGNIN, 1);
      ms_csm_account_add_activity (a, d, 0, MS_CSM_SCORING, 10);
    }
  ms_csm_account_add_activity (a, 1080, 1, MS_CSM_SIGNIN, 1);
  ms_csm_account_add_activity (a, 1080, 1, MS_CSM_RESULT, 2);
  ms_csm_account_add_activity (a, 1200, 0, MS_CSM_SCORING, 99);   /* after today: not seen */
  {
    MsCsmSupport support[] = { { 1010, 1011, 5 }, { 1020, 1021, 2 }, { 1030, 1031, 4 },
                               { 1040, 1041, 4 }, { 1050, 1052, 3 }, { 1060, 1061, 1 },
                               { 1098, -1, 0 } };
    MsCsmPayment payments[] = { { 1030, 1030, 0 }, { 1060, 1065, 1 }, { 1090, -1, 2 } };
    MsCsmSurvey surveys[] = { { 1040, 9 }, { 1070, -1 }, { 1095, 4 } };

    g_array_append_vals (a->support, support, G_N_ELEMENTS (support));
    g_array_append_vals (a->payments, payments, G_N_ELEMENTS (payments));
    g_array_append_vals (a->surveys, surveys, G_N_ELEMENTS (surveys));
  }
  ms_csm_account_sort (a);
  ms_csm_signals_compute (a, today, &s);

  g_assert_cmpfloat (s.values[MS_SIGNAL_SCORINGS_WEEK1], ==, 60);
  g_assert_cmpfloat (s.values[MS_SIGNAL_SCORINGS_WEEK2], ==, 0);
  g_assert_cmpfloat (s.values[MS_SIGNAL_DAYS_SINCE_ACTIVE], ==, 1);
  g_assert_cmpfloat (s.values[MS_SIGNAL_ACTIVE_DAYS_7], ==, 6);
  g_assert_cmpfloat (s.values[MS_SIGNAL_ACTIVE_DAYS_30], ==, 7);
  g_assert_cmpfloat (s.values[MS_SIGNAL_ACTIVE_PEOPLE_30], ==, 2);
  /* 7 person-days over 30 days and 2 people */
  g_assert_cmpfloat_with_epsilon (s.values[MS_SIGNAL_DAU_MAU], 7.0 / 30 / 2, 1e-6);
  /* 60 scorings in 4 weeks = 15 a week against Pro's 5 */
  g_assert_cmpfloat_with_epsilon (s.values[MS_SIGNAL_USAGE_VS_EXPECTED], 3.0, 1e-6);
  g_assert_cmpfloat (s.values[MS_SIGNAL_FEATURE_BREADTH], ==, 2);
  /* Support: the last 5 rated of the closed ones: 2, 4, 4, 3, 1 */
  g_assert_cmpfloat_with_epsilon (s.values[MS_SIGNAL_CSAT_MEAN], 14.0 / 5, 1e-6);
  g_assert_cmpfloat (s.values[MS_SIGNAL_CSAT_LOWEST], ==, 1);
  g_assert_cmpfloat (s.values[MS_SIGNAL_SUPPORT_OPEN], ==, 1);
  g_assert_cmpfloat (s.values[MS_SIGNAL_DAYS_SINCE_SUPPORT], ==, 2);
  /* Payments: the invoice due on day 1090 is unpaid: 10 days overdue; 3 failures in a row */
  g_assert_cmpfloat (s.values[MS_SIGNAL_DAYS_OVERDUE], ==, 10);
  g_assert_cmpfloat (s.values[MS_SIGNAL_FAILED_IN_A_ROW], ==, 3);
  /* NPS: the latest answer (a dismissal is no answer) and its change */
  g_assert_cmpfloat (s.values[MS_SIGNAL_NPS_LATEST], ==, 4);
  g_assert_cmpfloat (s.values[MS_SIGNAL_NPS_CHANGE], ==, -5);
  g_assert_cmpfloat (s.values[MS_SIGNAL_NPS_DETRACTOR], ==, 1);
  g_assert_cmpfloat (s.values[MS_SIGNAL_PLAN_PRO], ==, 1);
  g_assert_cmpfloat (s.values[MS_SIGNAL_TENURE_DAYS], ==, 101);

  /* The health inputs are the same measures */
  g_assert_cmpfloat_with_epsilon (s.health_inputs.value[MS_HEALTH_USAGE], 3.0, 1e-6);
  g_assert_cmpfloat (s.health_inputs.value[MS_HEALTH_PAYMENT], ==, 10);
  g_assert_cmpfloat (s.health_inputs.value[MS_HEALTH_NPS], ==, 4);
  /* 20 (usage 300 %) + 10 (DAU/MAU 11.7 %) + 0 (CSAT 2.8) + 5 (10 days) + 0 (NPS 4) */
  g_assert_cmpuint (s.health.parts[MS_HEALTH_USAGE].points, ==, 20);
  g_assert_cmpuint (s.health.parts[MS_HEALTH_ENGAGEMENT].points, ==, 10);
  g_assert_cmpuint (s.health.parts[MS_HEALTH_SUPPORT].points, ==, 0);
  g_assert_cmpuint (s.health.parts[MS_HEALTH_PAYMENT].points, ==, 5);
  g_assert_cmpuint (s.health.parts[MS_HEALTH_NPS].points, ==, 0);
  g_assert_cmpuint (s.health.score, ==, 35);
  g_assert_cmpint (s.health.band, ==, MS_HEALTH_BAND_HIGH_RISK);

  /* Loyalty: 60 scorings × 10 + 2 results × 20, and one week's streak: days
   * 1080 and 1094–1099 fall in the account's weeks 12, 14 and 15 */
  g_assert_cmpuint (s.exp, ==, 740);
  g_assert_cmpuint (s.level, ==, 4);   /* 100 + 200 + 300 reach level 4 */
  g_assert_cmpfloat (s.values[MS_SIGNAL_ACTIVE_WEEKS_STREAK], ==, 2);
}

static void
test_free_has_no_usage_input (void)
{
  g_autoptr(MsCsmAccount) a = ms_csm_account_new ("user:f", "free", 0);
  MsCsmSignals s;

  ms_csm_account_add_activity (a, 18, 0, MS_CSM_SCORING, 5);
  ms_csm_account_sort (a);
  ms_csm_signals_compute (a, 20, &s);
  g_assert_true (isnan (s.values[MS_SIGNAL_USAGE_VS_EXPECTED]));
  g_assert_false (s.health.parts[MS_HEALTH_USAGE].present);
  /* No invoices: payment is missing, not "none overdue" */
  g_assert_false (s.health.parts[MS_HEALTH_PAYMENT].present);
  /* Free's 5 saved scorings a day: 5 on one day is the whole limit */
  g_assert_cmpfloat (s.values[MS_SIGNAL_LIMIT_USE], ==, 1.0);
}

static void
test_levels (void)
{
  guint64 into = 0, next = 0;

  g_assert_cmpuint (ms_csm_level_for_exp (0, &into, &next), ==, 1);
  g_assert_cmpuint (next, ==, 100);
  g_assert_cmpuint (ms_csm_level_for_exp (99, NULL, NULL), ==, 1);
  g_assert_cmpuint (ms_csm_level_for_exp (100, &into, &next), ==, 2);
  g_assert_cmpuint (into, ==, 0);
  g_assert_cmpuint (next, ==, 200);
  g_assert_cmpuint (ms_csm_level_for_exp (299, NULL, NULL), ==, 2);
  g_assert_cmpuint (ms_csm_level_for_exp (300, NULL, NULL), ==, 3);
  g_assert_cmpuint (ms_csm_level_for_exp (600, &into, NULL), ==, 4);
  g_assert_cmpuint (into, ==, 0);
  g_assert_cmpuint (ms_csm_exp_for (MS_CSM_SCORING, 3), ==, 30);
}

/* ------------------------------------------------------------------ */
/* Playbooks                                                            */

static gboolean
fires (const char            *id,
       const MsPlaybookFacts *f)
{
  const MsPlaybook *p = ms_playbook_lookup (id);

  g_assert_nonnull (p);
  return ms_playbook_matches (p, f);
}

static void
test_playbooks (void)
{
  MsPlaybookFacts f;

  ms_playbook_facts_init (&f);
  f.churn_score = 80;
  g_assert_true (fires ("high_risk_call", &f));
  g_assert_false (fires ("medium_risk_email", &f));
  f.churn_score = 79;
  g_assert_false (fires ("high_risk_call", &f));
  g_assert_true (fires ("medium_risk_email", &f));
  f.churn_score = 49;
  g_assert_false (fires ("medium_risk_email", &f));
  f.health_band = MS_HEALTH_BAND_HIGH_RISK;
  g_assert_true (fires ("high_risk_call", &f));

  ms_playbook_facts_init (&f);
  f.nps_latest = 6;
  f.nps_days_ago = 7;
  g_assert_true (fires ("detractor_contact", &f));
  f.nps_days_ago = 8;                        /* an old answer: already handled */
  g_assert_false (fires ("detractor_contact", &f));
  f.nps_latest = 7;
  f.nps_days_ago = 0;
  g_assert_false (fires ("detractor_contact", &f));

  ms_playbook_facts_init (&f);
  f.failed_in_a_row = 1;
  g_assert_true (fires ("payment_failure", &f));
  f.failed_in_a_row = 0;
  f.days_overdue = 7;
  g_assert_false (fires ("payment_failure", &f));
  f.days_overdue = 8;
  g_assert_true (fires ("payment_failure", &f));

  ms_playbook_facts_init (&f);
  f.limit_use = 0.8;
  g_assert_true (fires ("limit_upsell", &f));
  f.limit_use = 0.79;
  g_assert_false (fires ("limit_upsell", &f));

  ms_playbook_facts_init (&f);
  f.same_domain = 10;
  f.plan = "pro";
  g_assert_true (fires ("domain_upsell", &f));
  f.plan = "team_s";
  g_assert_false (fires ("domain_upsell", &f));
  f.plan = "free";
  f.same_domain = 9;
  g_assert_false (fires ("domain_upsell", &f));

  /* Absent facts never fire anything */
  ms_playbook_facts_init (&f);
  {
    guint n = 0;
    const MsPlaybook *all = ms_playbooks_get (&n);

    g_assert_cmpuint (n, ==, 6);
    for (guint i = 0; i < n; i++)
      g_assert_false (ms_playbook_matches (&all[i], &f));
  }
}

static gint64
jst (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) t = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (t) * G_USEC_PER_SEC;
}

static void
test_due_dates (void)
{
  const MsPlaybook *call = ms_playbook_lookup ("high_risk_call");
  const MsPlaybook *email = ms_playbook_lookup ("medium_risk_email");
  const MsPlaybook *payment = ms_playbook_lookup ("payment_failure");

  /* 24 hours, whatever the time of day */
  g_assert_cmpint (ms_playbook_due_at (call, jst (2026, 3, 1, 10, 0)), ==,
                   jst (2026, 3, 2, 10, 0));
  /* 7 days: the end of the 7th day after, in Asia/Tokyo */
  g_assert_cmpint (ms_playbook_due_at (email, jst (2026, 3, 1, 10, 0)), ==,
                   jst (2026, 3, 8, 23, 59) + 59 * G_USEC_PER_SEC);
  /* 20:00 UTC on 1 March is already 2 March in Tokyo */
  {
    g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 3, 1, 20, 0, 0);

    g_assert_cmpint (ms_playbook_due_at (email, g_date_time_to_unix (utc) * G_USEC_PER_SEC), ==,
                     jst (2026, 3, 9, 23, 59) + 59 * G_USEC_PER_SEC);
  }
  /* 23:30 JST is still that day */
  g_assert_cmpint (ms_playbook_due_at (payment, jst (2026, 2, 26, 23, 30)), ==,
                   jst (2026, 3, 1, 23, 59) + 59 * G_USEC_PER_SEC);
  /* and the titles come in both languages */
  g_assert_nonnull (strstr (ms_csm_text (call->title, "ja"), "24時間"));
  g_assert_nonnull (strstr (ms_csm_text (call->title, "en"), "24 hours"));
  g_assert_cmpstr (ms_csm_text (call->title, "fr"), ==, ms_csm_text (call->title, "en"));
}

/* ------------------------------------------------------------------ */
/* Reasons                                                              */

static void
test_reasons_cover_every_signal (void)
{
  g_autofree char *sentence = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *share = NULL;

  for (guint i = 0; i < MS_N_SIGNALS; i++)
    if (!ms_reasons_has (ms_csm_signal_to_string (i)))
      g_error ("data/csm/reasons.json has no complete entry for “%s”",
               ms_csm_signal_to_string (i));
  sentence = ms_reasons_sentence ("days_since_active", 12, "ja");
  g_assert_cmpstr (sentence, ==, "最後の利用から12日");
  missing = ms_reasons_sentence ("csat_mean", NAN, "en");
  g_assert_cmpstr (missing, ==, "Support satisfaction (last 5) averages no data");
  share = ms_reasons_sentence ("usage_vs_expected", 0.42, "en");
  g_assert_cmpstr (share, ==, "Use is 42% of what the plan expects");
  g_assert_cmpstr (ms_reasons_action ("days_overdue", "en"), ==,
                   "Check the invoice and offer another way to pay");
}

static void
test_days (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 3, 1, 14, 59, 59);
  gint64 t = g_date_time_to_unix (utc) * G_USEC_PER_SEC;
  gint32 day = ms_csm_day_from_time (t);

  /* 23:59:59 JST on 1 March; a second later it is 2 March in Tokyo */
  g_assert_cmpint (ms_csm_day_from_time (t + G_USEC_PER_SEC), ==, day + 1);
  g_assert_cmpint (ms_csm_day_start (day + 1), ==, t + G_USEC_PER_SEC);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/health/point-tables", test_point_tables);
  g_test_add_func ("/ms/health/bands", test_bands);
  g_test_add_func ("/ms/health/score", test_score);
  g_test_add_func ("/ms/health/missing-shared-out", test_missing_shared_out);
  g_test_add_func ("/ms/csm/signals", test_signals);
  g_test_add_func ("/ms/csm/free-has-no-usage-input", test_free_has_no_usage_input);
  g_test_add_func ("/ms/csm/levels", test_levels);
  g_test_add_func ("/ms/csm/days", test_days);
  g_test_add_func ("/ms/playbook/match", test_playbooks);
  g_test_add_func ("/ms/playbook/due-dates", test_due_dates);
  g_test_add_func ("/ms/reasons/cover-every-signal", test_reasons_cover_every_signal);

  return g_test_run ();
}
