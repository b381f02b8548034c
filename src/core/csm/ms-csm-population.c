/* ms-csm-population.c — a seeded synthetic population of customer accounts (the demo)
 *
 * So that the churn model can train and the staff views have content before
 * a real service has a year of history. Deterministic: the same count, day
 * and seed give the same population. Every number below is an assumption
 * of this generator, not a measurement:
 *
 *   accounts   begun uniformly over the 450 days before today (at least 20
 *              days ago); plans: Free 40 %, Pro 35 %, Team S/M/L 15 %
 *              (6:3:1), Team Pro S/M/L 10 % (6:3:1); people: 1 on Free and
 *              Pro, 2–5 on S, 4–10 on M, 8–30 on L (never over the seats)
 *   archetypes on Free: steady 45 %, champion 5 %, fading 15 %, tried
 *              and stopped 35 %; on paid plans: steady 60 %, champion 10 %,
 *              fading 18 %, troubled 12 %. A quarter of the fading recover.
 *   use        each person is active on a weekday with a chance of
 *              0.25–0.5 (steady), 0.6–0.85 (champion), a third of that on
 *              weekends; an active day has 1–3 sign-ins, Poisson scorings
 *              (1.5 a day on Free, 2 on Pro, 3 on teams), results for 30 %
 *              of scorings on paid plans, History opened 40 % of days,
 *              exports 20 % (paid), and on Team Pro reviews 20 %, API 10 %,
 *              resolved feedback 10 %, a campaign import about monthly.
 *   fading     from a start day, use decays as exp(−days/τ), τ 15–40 days;
 *              a paid account cancels 45–90 days later; Free just stops;
 *              the recovering ones dip to a third and come back after 30
 *              days
 *   troubled   from a start day: failed charges (1–3 a month), invoices paid
 *              10–40 days late or not at all, support requests about every
 *              month rated 1–3, NPS 0–5, use at 60 %; cancels 30–75 days on
 *   tried and stopped: Free use for 7–40 days, then nothing
 *   NPS        first asked 30–50 days in, then every 90–120 days; 35 % of
 *              prompts are dismissed; champions answer 9–10, steady 6–9,
 *              fading 6–8 before and 2–6 after the start, troubled 0–5
 *   support    about 0.15 requests a month (champions 0.1, fading 0.2),
 *              closed in 0–5 days, rated 70 % of the time: steady 3–5,
 *              champions 4–5
 *   payments   paid plans are invoiced every 30 days from day 30, paid 0–3
 *              days after the due day; 5 % of steady accounts once pay 5–15
 *              days late
 *   domains    twelve steady or champion Free and Pro accounts share one
 *              company's domain: the oldest of them carries the count (the
 *              upsell playbook asks about the group once)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>

#include "ms-csm-population.h"

static const char * const archetype_names[MS_CSM_N_ARCHETYPES] = {
  "steady", "champion", "fading", "troubled", "tried_and_stopped",
};

static const char * const company_names[] = {
  "北斗", "朝日", "みなと", "さくら", "青葉", "双葉", "若葉", "大和", "東雲", "白樺", "紅葉", "千歳",
  "富士", "瑞穂", "光明", "翠", "日向", "陽光", "清流", "山吹",
};

static const char * const company_kinds[] = {
  "商事", "物産", "百貨店", "化粧品", "食品", "アパレル", "電機", "書房", "薬局", "不動産",
};

const char *
ms_csm_archetype_to_string (MsCsmArchetype archetype)
{
  g_return_val_if_fail (archetype < MS_CSM_N_ARCHETYPES, NULL);
  return archetype_names[archetype];
}

void
ms_csm_demo_account_free (MsCsmDemoAccount *account)
{
  if (account == NULL)
    return;
  ms_csm_account_free (account->account);
  g_free (account->name);
  g_free (account->domain);
  g_free (account);
}

static guint
poisson (GRand  *rand,
         double  mean)
{
  double l = exp (-mean), p = 1;
  guint k = 0;

  do
    {
      k++;
      p *= g_rand_double (rand);
    }
  while (p > l && k < 1000);
  return k - 1;
}

static gboolean
chance (GRand  *rand,
        double  p)
{
  return g_rand_double (rand) < p;
}

static gint32
between (GRand *rand,
         gint32 low,
         gint32 high)
{
  return g_rand_int_range (rand, low, high + 1);
}

typedef struct
{
  MsCsmArchetype archetype;
  gboolean       recovers;
  gint32         start;       /* fading or troubled from this day */
  double         tau;
  double         p_active;
  double         scorings;
  gint32         stops;       /* tried and stopped: the last day */
} Behaviour;

/* The share of normal use on @day. */
static double
use_factor (const Behaviour *b,
            gint32           day)
{
  gint32 since = day - b->start;

  switch (b->archetype)
    {
    case MS_CSM_FADING:
      if (since < 0)
        return 1;
      if (b->recovers)
        return since < 30 ? MAX (exp (-since / b->tau), 0.33) : 1;
      return exp (-since / b->tau);
    case MS_CSM_TROUBLED:
      return since < 0 ? 1 : 0.6;
    case MS_CSM_DORMANT_FREE:
      return day <= b->stops ? 1 : 0;
    case MS_CSM_STEADY:
    case MS_CSM_CHAMPION:
    default:
      return 1;
    }
}

static gint16
nps_answer (GRand           *rand,
            const Behaviour *b,
            gint32           day)
{
  gboolean after = day >= b->start;

  switch (b->archetype)
    {
    case MS_CSM_CHAMPION:
      return (gint16) between (rand, 9, 10);
    case MS_CSM_FADING:
      return (gint16) (after && !b->recovers ? between (rand, 2, 6) : between (rand, 6, 8));
    case MS_CSM_TROUBLED:
      return (gint16) (after ? between (rand, 0, 5) : between (rand, 6, 8));
    case MS_CSM_DORMANT_FREE:
      return (gint16) between (rand, 3, 7);
    case MS_CSM_STEADY:
    default:
      return (gint16) between (rand, 6, 9);
    }
}

static void
pick_plan (GRand       *rand,
           const char **plan,
           guint       *people)
{
  double r = g_rand_double (rand), size = g_rand_double (rand);
  const char *sizes[3];
  guint which = size < 0.6 ? 0 : size < 0.9 ? 1 : 2;

  if (r < 0.75)
    {
      *plan = r < 0.40 ? "free" : "pro";
      *people = 1;
      return;
    }
  if (r < 0.90)
    {
      sizes[0] = "team_s";
      sizes[1] = "team_m";
      sizes[2] = "team_l";
    }
  else
    {
      sizes[0] = "team_pro_s";
      sizes[1] = "team_pro_m";
      sizes[2] = "team_pro_l";
    }
  *plan = sizes[which];
  *people = which == 0 ? (guint) between (rand, 2, 5)
                       : which == 1 ? (guint) between (rand, 4, 10) : (guint) between (rand, 8, 30);
}

static MsCsmArchetype
pick_archetype (GRand      *rand,
                const char *plan)
{
  double r = g_rand_double (rand);

  if (g_str_equal (plan, "free"))
    return r < 0.45 ? MS_CSM_STEADY : r < 0.50 ? MS_CSM_CHAMPION
                    : r < 0.65 ? MS_CSM_FADING : MS_CSM_DORMANT_FREE;
  return r < 0.60 ? MS_CSM_STEADY : r < 0.70 ? MS_CSM_CHAMPION
                  : r < 0.88 ? MS_CSM_FADING : MS_CSM_TROUBLED;
}

static void
simulate (GRand            *rand,
          MsCsmAccount     *account,
          const Behaviour  *b,
          gint32            today)
{
  gboolean paid = !g_str_equal (account->plan, "free");
  gboolean team_pro = g_str_has_prefix (account->plan, "team_pro");
  gint32 end = account->cancelled_day >= 0 ? MIN (account->cancelled_day, today) : today;
  gint32 next_nps = account->created_day + between (rand, 30, 50);
  gint32 next_invoice = account->created_day + 30;
  gboolean late_once = b->archetype == MS_CSM_STEADY && chance (rand, 0.05);

  for (gint32 day = account->created_day; day <= end; day++)
    {
      /* 1970-01-01 was a Thursday: day % 7 of 2 and 3 are Saturday and Sunday. */
      gboolean weekend = ((day % 7) + 7) % 7 == 2 || ((day % 7) + 7) % 7 == 3;
      double factor = use_factor (b, day) * (weekend ? 0.33 : 1);
      gboolean troubled = b->archetype == MS_CSM_TROUBLED && day >= b->start;

      for (guint person = 0; person < account->n_people; person++)
        {
          guint scorings;

          if (!chance (rand, b->p_active * factor))
            continue;
          ms_csm_account_add_activity (account, day, person, MS_CSM_SIGNIN,
                                       (guint) between (rand, 1, 3));
          scorings = poisson (rand, b->scorings);
          ms_csm_account_add_activity (account, day, person, MS_CSM_SCORING, scorings);
          if (paid)
            {
              guint results = 0;

              for (guint k = 0; k < scorings; k++)
                results += chance (rand, 0.3);
              ms_csm_account_add_activity (account, day, person, MS_CSM_RESULT, results);
              ms_csm_account_add_activity (account, day, person, MS_CSM_EXPORT,
                                           chance (rand, 0.2));
            }
          ms_csm_account_add_activity (account, day, person, MS_CSM_HISTORY, chance (rand, 0.4));
          if (team_pro)
            {
              ms_csm_account_add_activity (account, day, person, MS_CSM_REVIEW,
                                           chance (rand, 0.2));
              ms_csm_account_add_activity (account, day, person, MS_CSM_API,
                                           chance (rand, 0.1) ? (guint) between (rand, 1, 40) : 0);
              ms_csm_account_add_activity (account, day, person, MS_CSM_FEEDBACK_RESOLVED,
                                           chance (rand, 0.1));
              ms_csm_account_add_activity (account, day, person, MS_CSM_IMPORT,
                                           chance (rand, 0.05));
            }
        }

      if (day == next_nps)
        {
          MsCsmSurvey survey = { day, chance (rand, 0.35) ? -1 : nps_answer (rand, b, day) };

          if (b->archetype != MS_CSM_DORMANT_FREE || day <= b->stops)
            g_array_append_val (account->surveys, survey);
          next_nps = day + between (rand, 90, 120);
        }

      {
        double rate = troubled ? 1.0 / 30 : b->archetype == MS_CSM_CHAMPION ? 0.1 / 30
                      : b->archetype == MS_CSM_FADING ? 0.2 / 30 : 0.15 / 30;

        if (use_factor (b, day) > 0 && chance (rand, rate))
          {
            MsCsmSupport s = { day, -1, 0 };
            gint32 closed = day + between (rand, 0, 5);

            s.closed_day = closed <= today ? closed : -1;
            if (s.closed_day >= 0 && chance (rand, 0.7))
              s.rating = (gint16) (troubled ? between (rand, 1, 3)
                                   : b->archetype == MS_CSM_CHAMPION ? between (rand, 4, 5)
                                   : between (rand, 3, 5));
            g_array_append_val (account->support, s);
          }
      }

      if (paid && day == next_invoice)
        {
          MsCsmPayment p = { day, day + between (rand, 0, 3), 0 };

          if (troubled)
            {
              p.failed_attempts = (guint16) between (rand, 1, 3);
              p.paid_day = chance (rand, 0.4) ? day + between (rand, 10, 40) : -1;
            }
          else if (late_once && chance (rand, 0.2))
            {
              p.paid_day = day + between (rand, 5, 15);
              late_once = FALSE;
            }
          if (p.paid_day > today)
            p.paid_day = -1;
          g_array_append_val (account->payments, p);
          next_invoice = day + 30;
        }
    }
}

/**
 * ms_csm_population_generate:
 * @today: the Asia/Tokyo day the population's history ends
 *
 * Returns: (transfer full) (element-type MsCsmDemoAccount): the accounts,
 *   oldest first
 */
GPtrArray *
ms_csm_population_generate (guint   n_accounts,
                            gint32  today,
                            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *population = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_csm_demo_account_free);
  g_autoptr(GArray) created = g_array_new (FALSE, FALSE, sizeof (gint32));
  guint domain_group = 0, n_group = 0;
  MsCsmDemoAccount *group_first = NULL;

  for (guint i = 0; i < n_accounts; i++)
    {
      gint32 day = today - between (rand, 20, 450);

      g_array_append_val (created, day);
    }
  /* Oldest first (a simple insertion sort keeps the seeded order stable). */
  for (guint i = 1; i < created->len; i++)
    {
      gint32 v = g_array_index (created, gint32, i);
      guint j = i;

      while (j > 0 && g_array_index (created, gint32, j - 1) > v)
        {
          g_array_index (created, gint32, j) = g_array_index (created, gint32, j - 1);
          j--;
        }
      g_array_index (created, gint32, j) = v;
    }

  for (guint i = 0; i < n_accounts; i++)
    {
      MsCsmDemoAccount *demo = g_new0 (MsCsmDemoAccount, 1);
      g_autofree char *tenant = NULL;
      const char *plan = NULL;
      guint people = 1;
      Behaviour b = { 0 };
      gint32 day = g_array_index (created, gint32, i);

      pick_plan (rand, &plan, &people);
      tenant = g_strdup_printf ("%s:demo-%04u", people > 1 || g_str_has_prefix (plan, "team")
                                                  ? "team" : "user", i + 1);
      demo->account = ms_csm_account_new (tenant, plan, day);
      demo->account->n_people = people;
      demo->account->same_domain = people;
      b.archetype = pick_archetype (rand, plan);
      demo->archetype = b.archetype;
      b.p_active = b.archetype == MS_CSM_CHAMPION ? g_rand_double_range (rand, 0.6, 0.85)
                                                   : g_rand_double_range (rand, 0.25, 0.5);
      b.scorings = g_str_equal (plan, "free") ? 1.5 : g_str_equal (plan, "pro") ? 2.0 : 3.0;
      b.tau = g_rand_double_range (rand, 15, 40);
      b.start = G_MAXINT32;
      if (b.archetype == MS_CSM_FADING || b.archetype == MS_CSM_TROUBLED)
        {
          /* Some start after today: they are fine for now. */
          b.start = day + between (rand, 30, MAX (31, today + 60 - day));
          b.recovers = b.archetype == MS_CSM_FADING && chance (rand, 0.25);
          if (!b.recovers && !g_str_equal (plan, "free"))
            {
              gint32 cancel = b.start + (b.archetype == MS_CSM_FADING ? between (rand, 45, 90)
                                                                       : between (rand, 30, 75));

              if (cancel <= today)
                demo->account->cancelled_day = cancel;
            }
        }
      if (b.archetype == MS_CSM_DORMANT_FREE)
        b.stops = day + between (rand, 7, 40);
      simulate (rand, demo->account, &b, today);
      ms_csm_account_sort (demo->account);

      if (people > 1)
        {
          demo->name = g_strdup_printf ("%s%s %03u", company_names[i % G_N_ELEMENTS (company_names)],
                                        company_kinds[(i / 7) % G_N_ELEMENTS (company_kinds)],
                                        i + 1);
          demo->domain = g_strdup_printf ("demo-%04u.example.jp", i + 1);
        }
      else
        {
          demo->name = g_strdup_printf ("デモ利用者 %03u", i + 1);
          demo->domain = g_strdup ("example.com");
          /* Twelve personal accounts of one company. */
          if (domain_group == 0 && n_group < 12 && i % 3 == 0 &&
              (demo->archetype == MS_CSM_STEADY || demo->archetype == MS_CSM_CHAMPION))
            {
              g_free (demo->domain);
              demo->domain = g_strdup ("minato-shoji.example.jp");
              if (group_first == NULL)
                group_first = demo;
              if (++n_group == 12)
                domain_group = 1;
            }
        }
      g_ptr_array_add (population, demo);
    }
  if (group_first != NULL)
    group_first->account->same_domain = n_group;
  return population;
}

/**
 * ms_csm_population_accounts:
 *
 * Returns: (transfer container) (element-type MsCsmAccount): the accounts
 *   of @population, owned by it
 */
GPtrArray *
ms_csm_population_accounts (GPtrArray *population)
{
  GPtrArray *accounts = g_ptr_array_new ();

  for (guint i = 0; i < population->len; i++)
    g_ptr_array_add (accounts, ((MsCsmDemoAccount *) population->pdata[i])->account);
  return accounts;
}
