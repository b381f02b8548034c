/* ms-server-csm-demo.c — the demo population for customer success
 *
 * seed-demo adds two staff accounts (lead@ and csm@msgscore.example, the
 * demo password) and a seeded synthetic population of customer accounts
 * (ms-csm-population.c documents its assumptions) with a year and more of
 * daily activity counts, payments, support requests and NPS answers, every
 * other account in csm@'s portfolio; then it runs the daily job, so the
 * model trains and the staff views have content. Running it again changes
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-csm-population.h"
#include "ms-server-auth.h"
#include "ms-server-csm.h"
#include "ms-server-csm-demo.h"
#include "ms-server-csm-job.h"
#include "ms-server-csm-storage.h"
#include "ms-server-demo.h"

#define SEED 20260101

typedef struct
{
  GPtrArray  *population;
  const char *csm_id;
  gint64      now;
  gboolean    seeded;
} Seed;

static gboolean
already (MsServerStorage  *storage,
         gpointer          user_data,
         GError          **error)
{
  Seed *seed = user_data;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autoptr(GPtrArray) accounts = ms_server_csm_storage_list_accounts (MS_SERVER_CSM_STORAGE (storage),
                                                                       error);

  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len && !seed->seeded; i++)
    seed->seeded = ((MsServerCsmAccount *) accounts->pdata[i])->demo;
  return TRUE;
}

static gboolean
put_events (MsServerCsmStorage  *csm,
            const MsCsmAccount  *account,
            GError             **error)
{
  for (guint i = 0; i < account->payments->len; i++)
    {
      const MsCsmPayment *p = &g_array_index (account->payments, MsCsmPayment, i);
      g_autofree char *id = g_strdup_printf ("%s-pay-%u", account->tenant, i);
      g_autofree char *data = g_strdup_printf ("{\"due_day\":%d,\"paid_day\":%d,\"failed\":%u,"
                                               "\"source\":\"demo\"}", p->due_day, p->paid_day,
                                               p->failed_attempts);

      if (!ms_server_csm_storage_put_event (csm, account->tenant, "payment", id, p->due_day, data,
                                            error))
        return FALSE;
    }
  for (guint i = 0; i < account->support->len; i++)
    {
      const MsCsmSupport *s = &g_array_index (account->support, MsCsmSupport, i);
      g_autofree char *id = g_strdup_printf ("%s-support-%u", account->tenant, i);
      g_autofree char *data = g_strdup_printf ("{\"subject\":\"デモの問い合わせ %u\","
                                               "\"body\":\"（デモ用の問い合わせです）\","
                                               "\"status\":\"%s\",\"closed_day\":%d,"
                                               "\"rating\":%d}", i + 1,
                                               s->closed_day >= 0 ? "closed" : "open",
                                               s->closed_day, s->rating);

      if (!ms_server_csm_storage_put_event (csm, account->tenant, "support", id, s->opened_day,
                                            data, error))
        return FALSE;
    }
  for (guint i = 0; i < account->surveys->len; i++)
    {
      const MsCsmSurvey *v = &g_array_index (account->surveys, MsCsmSurvey, i);
      g_autofree char *id = g_strdup_printf ("%s-nps-%u", account->tenant, i);
      g_autofree char *data = g_strdup_printf ("{\"score\":%d,\"reason\":\"\",\"user\":\"%s-p0\","
                                               "\"answered_at\":%" G_GINT64_FORMAT "}", v->score,
                                               account->tenant,
                                               ms_csm_day_start (v->day) + 10 * G_TIME_SPAN_HOUR);

      if (!ms_server_csm_storage_put_event (csm, account->tenant, "nps", id, v->day, data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed_population (MsServerStorage  *storage,
                 gpointer          user_data,
                 GError          **error)
{
  Seed *seed = user_data;
  MsServerCsmStorage *csm = MS_SERVER_CSM_STORAGE (storage);

  for (guint i = 0; i < seed->population->len; i++)
    {
      MsCsmDemoAccount *demo = seed->population->pdata[i];
      MsCsmAccount *account = demo->account;
      MsServerCsmAccount a = { 0 };
      g_autofree char *user_prefix = NULL;

      a.tenant = account->tenant;
      a.kind = g_str_has_prefix (account->tenant, "team:") ? (char *) "team" : (char *) "personal";
      a.name = demo->name;
      a.plan = account->plan;
      a.domain = demo->domain;
      a.owner = i % 2 == 0 ? (char *) seed->csm_id : NULL;
      a.created_at = ms_csm_day_start (account->created_day) + 10 * G_TIME_SPAN_HOUR;
      a.cancelled_at = account->cancelled_day >= 0
                         ? ms_csm_day_start (account->cancelled_day) + 12 * G_TIME_SPAN_HOUR : 0;
      a.n_people = account->n_people;
      a.same_domain = account->same_domain;
      a.demo = TRUE;
      if (!ms_server_csm_storage_put_account (csm, &a, error))
        return FALSE;
      user_prefix = g_strdup_printf ("%s-p", account->tenant);
      for (guint k = 0; k < account->activity->len; k++)
        {
          const MsCsmActivity *act = &g_array_index (account->activity, MsCsmActivity, k);
          g_autofree char *user = g_strdup_printf ("%s%u", user_prefix, act->user);

          if (!ms_server_csm_storage_add_activity (csm, account->tenant, user, act->day,
                                                   ms_csm_kind_to_string (act->kind), act->count,
                                                   error))
            return FALSE;
        }
      if (!put_events (csm, account, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
make_staff (MsServerStorage  *storage,
            const char       *email,
            const char       *name,
            const char       *role,
            char            **user_id,
            GError          **error)
{
  MsServerAuthConfig config = MS_SERVER_AUTH_CONFIG_INIT;
  g_autoptr(MsServerUser) user = NULL;

  if (!ms_server_storage_find_user (storage, NULL, email, &user, error))
    return FALSE;
  if (user == NULL)
    {
      g_autoptr(JsonObject) request = json_object_new ();
      g_autoptr(JsonObject) created = NULL;

      json_object_set_string_member (request, "email", email);
      json_object_set_string_member (request, "password", MS_SERVER_DEMO_PASSWORD);
      json_object_set_string_member (request, "name", name);
      created = ms_server_auth_signup (storage, &config, request, g_get_real_time (), error);
      if (created == NULL || !ms_server_storage_find_user (storage, NULL, email, &user, error))
        return FALSE;
    }
  if (!ms_server_csm_add_staff (storage, email, role, g_get_real_time (), error))
    return FALSE;
  *user_id = g_strdup (user->id);
  return TRUE;
}

/**
 * ms_server_csm_seed_demo:
 * @n_accounts: how many synthetic accounts (the default is 500)
 * @run: (out caller-allocates): what the daily job then did; @run->ran is
 *   FALSE when the population was there already
 */
gboolean
ms_server_csm_seed_demo (MsServerStorage  *storage,
                         guint             n_accounts,
                         gint64            now,
                         MsServerCsmRun   *run,
                         GError          **error)
{
  g_autofree char *lead_id = NULL;
  g_autofree char *csm_id = NULL;
  g_autoptr(GPtrArray) population = NULL;
  Seed seed = { NULL, NULL, now, FALSE };

  memset (run, 0, sizeof *run);
  if (!ms_server_csm_available (storage, error) ||
      !make_staff (storage, MS_SERVER_CSM_DEMO_LEAD, "デモ リード", "lead", &lead_id, error) ||
      !make_staff (storage, MS_SERVER_CSM_DEMO_CSM, "デモ カスタマーサクセス", "csm", &csm_id,
                   error) ||
      !ms_server_storage_transaction (storage, FALSE, already, &seed, error))
    return FALSE;
  if (seed.seeded)
    return TRUE;

  population = ms_csm_population_generate (n_accounts, ms_csm_day_from_time (now), SEED);
  seed.population = population;
  seed.csm_id = csm_id;
  if (!ms_server_storage_transaction (storage, TRUE, seed_population, &seed, error))
    return FALSE;
  return ms_server_csm_run (storage, now, "seed-demo", TRUE, run, error);
}
