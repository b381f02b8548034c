/* ms-server-csm-job.c — the daily customer-success job
 *
 * Once a day (at daily_time Asia/Tokyo, data/csm/churn.json; or
 * `msgscore-server csm run-now`), for the day that has just begun in Tokyo:
 *   1. claim the day: one csm_job row per day, so of several server
 *      processes only one runs it (a claim whose process died is taken over
 *      after two hours); run-now may run a finished day again;
 *   2. copy the customer accounts into the registry and count, per email
 *      domain that is not a shared one, the Free and Pro accounts of one
 *      company (the oldest account carries the count);
 *   3. read every account's history (aggregates only: ms-csm-account.h);
 *   4. train a new churn model when the one in force is retrain_days old or
 *      missing (ms_csm_train(): a time split, and the card of what it
 *      measured); the one before is kept for rollback. Too little history is
 *      no failure: the day goes on without a churn score and says why;
 *   5. for each live account: signals, health with its trend against the
 *      snapshots of 7 and 30 days ago, the calibrated churn score with its
 *      top three factors (approximate contributions, in both languages),
 *      written as the day's snapshot (replacing a snapshot of the same day),
 *      CHUNK accounts per transaction so pushes do not wait on the job;
 *   6. playbooks: a task per account and fired playbook, unless one is open
 *      or snoozed, or one was closed within the playbook's cooldown; the
 *      unique index on open tasks holds even if two runs overlap.
 * Running it twice on a day changes nothing the first run did not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-churn-config.h"
#include "csm/ms-csm-model.h"
#include "csm/ms-csm-signals.h"
#include "csm/ms-playbook.h"
#include "csm/ms-reasons.h"
#include "ms-server-csm.h"
#include "ms-server-csm-job.h"
#include "ms-server-csm-storage.h"

#define JOB_NAME "daily"
#define STALE_AFTER (2 * G_TIME_SPAN_HOUR)

void
ms_server_csm_run_clear (MsServerCsmRun *run)
{
  g_clear_pointer (&run->model_note, g_free);
}

typedef struct
{
  MsServerCsmRun *run;
  const char     *owner;
  gboolean        rerun;
  gint64          now;
  gint32          today;
  GPtrArray      *accounts;      /* MsCsmAccount, from the history */
  GHashTable     *registry;      /* tenant → MsServerCsmAccount */
  GPtrArray      *registry_list;
  char           *model_json;
  gint64          model_at;
  MsChurnModel   *model;
  /* today's scores of the live accounts, written a chunk at a time */
  GPtrArray      *live;
  MsCsmSignals   *signals;
  double         *p;
  float          *contributions;
  guint           begin;
  guint           end;
} Job;

/* Accounts written per transaction: other writers (pushes) wait no longer */
#define CHUNK 500

static MsServerCsmStorage *
csm (MsServerStorage *storage)
{
  return MS_SERVER_CSM_STORAGE (storage);
}

static gboolean
claim (MsServerStorage  *storage,
       gpointer          user_data,
       GError          **error)
{
  Job *job = user_data;

  return ms_server_csm_storage_claim_job (csm (storage), JOB_NAME, job->today, job->owner,
                                          job->now, job->now - STALE_AFTER, job->rerun,
                                          &job->run->ran, error);
}

static gboolean
is_shared_domain (const char *domain)
{
  const MsChurnConfig *config = ms_churn_config_get ();

  return domain == NULL || *domain == '\0' ||
         g_strv_contains ((const char * const *) config->shared_domains, domain);
}

static gboolean
registry (MsServerStorage  *storage,
          gpointer          user_data,
          GError          **error)
{
  Job *job = user_data;
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  if (!ms_server_csm_storage_sync_accounts (csm (storage), error))
    return FALSE;
  job->registry_list = ms_server_csm_storage_list_accounts (csm (storage), error);
  if (job->registry_list == NULL)
    return FALSE;
  /* Free and Pro accounts of one company's domain */
  for (guint i = 0; i < job->registry_list->len; i++)
    {
      MsServerCsmAccount *a = job->registry_list->pdata[i];
      MsServerCsmAccount *oldest;

      if (!g_str_equal (a->kind, "personal") || is_shared_domain (a->domain) ||
          !(g_str_equal (a->plan, "free") || g_str_equal (a->plan, "pro")) || a->cancelled_at > 0)
        continue;
      g_hash_table_insert (counts, a->domain,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                    a->domain)) + 1));
      oldest = g_hash_table_lookup (first, a->domain);
      if (oldest == NULL || a->created_at < oldest->created_at)
        g_hash_table_insert (first, a->domain, a);
    }
  for (guint i = 0; i < job->registry_list->len; i++)
    {
      MsServerCsmAccount *a = job->registry_list->pdata[i];
      gint64 same = 1;

      if (g_str_equal (a->kind, "personal") && !is_shared_domain (a->domain) &&
          g_hash_table_lookup (first, a->domain) == a)
        same = GPOINTER_TO_UINT (g_hash_table_lookup (counts, a->domain));
      else if (a->demo)
        continue;   /* the demo population carries its own counts */
      if (a->same_domain != same)
        {
          a->same_domain = same;
          if (!ms_server_csm_storage_put_account (csm (storage), a, error))
            return FALSE;
        }
    }
  job->registry = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < job->registry_list->len; i++)
    {
      MsServerCsmAccount *a = job->registry_list->pdata[i];

      g_hash_table_insert (job->registry, a->tenant, a);
    }
  return TRUE;
}

static gboolean
collect (MsCsmAccount  *account,
         gpointer       user_data,
         GError       **error)
{
  Job *job = user_data;

  /* load_history() frees it after the call: keep a copy of ours */
  MsCsmAccount *copy = ms_csm_account_new (account->tenant, account->plan, account->created_day);

  copy->cancelled_day = account->cancelled_day;
  copy->n_people = account->n_people;
  copy->same_domain = account->same_domain;
  g_array_append_vals (copy->activity, account->activity->data, account->activity->len);
  g_array_append_vals (copy->payments, account->payments->data, account->payments->len);
  g_array_append_vals (copy->support, account->support->data, account->support->len);
  g_array_append_vals (copy->surveys, account->surveys->data, account->surveys->len);
  g_ptr_array_add (job->accounts, copy);
  return TRUE;
}

static gboolean
read_history (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Job *job = user_data;
  const MsChurnConfig *config = ms_churn_config_get ();

  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &job->model_json, &job->model_at,
                                        error))
    return FALSE;
  /* The oldest observation day needs two months of history before it */
  return ms_server_csm_storage_load_history (csm (storage), NULL,
                                             job->today - (gint32) config->history_days - 90,
                                             collect, job, error);
}

static gboolean
save_model (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Job *job = user_data;

  return ms_server_csm_storage_put_model (csm (storage), job->model_json, job->now, error);
}

/* ------------------------------------------------------------------------ */
/* One account's day                                                         */

/* What the score rests on and how wrong the model has been */
static JsonObject *
churn_json (Job    *job,
            double  probability)
{
  JsonObject *o = json_object_new ();
  JsonObject *card = job->model != NULL ? ms_churn_model_get_card (job->model) : NULL;

  if (card == NULL || isnan (probability))
    {
      json_object_set_null_member (o, "score");
      json_object_set_string_member (o, "why",
                                     job->run->model_note != NULL
                                       ? job->run->model_note
                                       : _("No churn model has been trained yet."));
      return o;
    }
  json_object_set_int_member (o, "score", (gint64) floor (probability * 100 + 0.5));
  json_object_set_double_member (o, "probability", round (probability * 10000) / 10000);
  json_object_set_string_member (o, "model_trained_at",
                                 json_object_get_string_member (card, "trained_at"));
  json_object_set_object_member (o, "validation",
                                 json_object_ref (json_object_get_object_member (card,
                                                                                 "validation")));
  json_object_set_int_member (o, "training_rows", json_object_get_int_member (card,
                                                                            "training_rows"));
  return o;
}

static JsonObject *
health_json (Job                *job,
             const MsCsmSignals *signals)
{
  JsonObject *o = ms_health_to_json (&signals->health);
  JsonObject *card = job->model != NULL ? ms_churn_model_get_card (job->model) : NULL;
  JsonObject *validation = card != NULL ? json_object_get_object_member (card, "validation")
                                        : NULL;

  /* How well the health score has told churn from staying, on the model's
   * held-out period: the same rows, 100 − health as the score. */
  if (validation != NULL && json_object_has_member (validation, "health_auc"))
    json_object_set_member (o, "validation_auc",
                            json_node_copy (json_object_get_member (validation, "health_auc")));
  else
    json_object_set_null_member (o, "validation_auc");
  return o;
}

static void
score_day (Job *job)
{
  g_autofree float *x = NULL;
  guint n_live;

  job->live = g_ptr_array_new ();
  for (guint i = 0; i < job->accounts->len; i++)
    {
      MsCsmAccount *account = job->accounts->pdata[i];

      if (ms_csm_account_is_live (account, job->today) ||
          /* a new account is scored too, though no model learns from it yet */
          (account->created_day <= job->today &&
           !ms_csm_account_churned_by (account, job->today, ms_csm_signals_inactive_days ())))
        g_ptr_array_add (job->live, account);
    }
  n_live = job->live->len;
  job->run->accounts = job->accounts->len;
  job->run->live = n_live;
  job->signals = g_new0 (MsCsmSignals, MAX (n_live, 1));
  x = g_new (float, (gsize) MAX (n_live, 1) * MS_N_SIGNALS);
  for (guint i = 0; i < n_live; i++)
    {
      ms_csm_signals_compute (job->live->pdata[i], job->today, &job->signals[i]);
      memcpy (x + (gsize) i * MS_N_SIGNALS, job->signals[i].values, sizeof job->signals[i].values);
    }
  job->p = g_new (double, MAX (n_live, 1));
  if (job->model != NULL)
    {
      job->contributions = g_new (float, (gsize) MAX (n_live, 1) * (MS_N_SIGNALS + 1));
      ms_churn_model_score_batch (job->model, x, n_live, job->p, job->contributions);
    }
  else
    for (guint i = 0; i < n_live; i++)
      job->p[i] = NAN;
}

static gboolean
write_chunk (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  Job *job = user_data;
  guint n_playbooks = 0;
  const MsPlaybook *playbooks = ms_playbooks_get (&n_playbooks);
  double *p = job->p;
  float *contributions = job->contributions;

  for (guint i = job->begin; i < job->end; i++)
    {
      MsCsmAccount *account = job->live->pdata[i];
      MsServerCsmAccount *a = g_hash_table_lookup (job->registry, account->tenant);
      const MsCsmSignals *s = &job->signals[i];
      g_autoptr(JsonObject) detail = json_object_new ();
      JsonObject *trend = json_object_new ();
      JsonObject *signal_values = json_object_new ();
      JsonObject *loyalty = json_object_new ();
      g_autofree char *text = NULL;
      guint days_count = 0;
      const guint *days = ms_health_get_trend_days (&days_count);
      guint64 into = 0, next = 0;
      MsPlaybookFacts facts;

      if (s->health.scored)
        job->run->health_scored++;
      if (!isnan (p[i]))
        job->run->churn_scored++;
      json_object_set_object_member (detail, "health", health_json (job, s));
      json_object_set_object_member (detail, "churn", churn_json (job, p[i]));
      if (job->model != NULL)
        json_object_set_array_member (detail, "reasons",
                                      ms_server_csm_reasons_json (job->model,
                                                                  contributions +
                                                                  (gsize) i * (MS_N_SIGNALS + 1),
                                                                  s->values));
      else
        json_object_set_array_member (detail, "reasons", json_array_new ());

      /* The trend, from the snapshots of earlier runs */
      for (guint k = 0; k < days_count; k++)
        {
          g_autoptr(JsonObject) then = ms_server_csm_storage_get_daily (csm (storage),
                                                                        account->tenant,
                                                                        job->today - (gint32) days[k],
                                                                        error);
          g_autofree char *name = g_strdup_printf ("health_change_%ud", days[k]);

          if (then == NULL)
            return FALSE;
          if (s->health.scored && json_object_has_member (then, "health") &&
              !json_object_get_null_member (then, "health"))
            json_object_set_int_member (trend, name,
                                        (gint64) s->health.score -
                                        json_object_get_int_member (then, "health"));
          else
            json_object_set_null_member (trend, name);
        }
      json_object_set_object_member (detail, "trend", trend);
      for (guint k = 0; k < MS_N_SIGNALS; k++)
        if (isnan (s->values[k]))
          json_object_set_null_member (signal_values, ms_csm_signal_to_string (k));
        else
          json_object_set_double_member (signal_values, ms_csm_signal_to_string (k),
                                         round (s->values[k] * 1000) / 1000);
      json_object_set_object_member (detail, "signals", signal_values);
      ms_csm_level_for_exp (s->exp, &into, &next);
      json_object_set_int_member (loyalty, "exp", (gint64) s->exp);
      json_object_set_int_member (loyalty, "level", s->level);
      json_object_set_int_member (loyalty, "exp_into_level", (gint64) into);
      json_object_set_int_member (loyalty, "exp_for_next_level", (gint64) next);
      json_object_set_object_member (detail, "loyalty", loyalty);
      text = ms_server_csm_json_text (detail);
      if (!ms_server_csm_storage_put_daily (csm (storage), account->tenant, job->today,
                                            s->health.scored ? (gint64) s->health.score : -1,
                                            p[i], text, error))
        return FALSE;

      /* Playbooks */
      ms_playbook_facts_from_signals (&facts, s, isnan (p[i]) ? NAN : floor (p[i] * 100 + 0.5),
                                      account->plan);
      for (guint k = 0; k < n_playbooks; k++)
        {
          const MsPlaybook *playbook = &playbooks[k];
          g_autoptr(MsServerCsmTask) last = NULL;
          MsServerCsmTask task = { 0 };
          g_autofree char *id = NULL;

          if (!ms_playbook_matches (playbook, &facts))
            continue;
          if (!ms_server_csm_storage_find_task (csm (storage), NULL, account->tenant,
                                                playbook->id, &last, error))
            return FALSE;
          if (last != NULL &&
              (g_str_equal (last->status, "open") || g_str_equal (last->status, "snoozed") ||
               last->closed_at > job->now - (gint64) playbook->cooldown_days * G_TIME_SPAN_DAY))
            continue;
          id = g_uuid_string_random ();
          task.id = id;
          task.tenant = account->tenant;
          task.playbook = playbook->id;
          task.owner = a != NULL ? a->owner : NULL;
          task.status = (char *) "open";
          task.day = job->today;
          task.created_at = job->now;
          task.due_at = ms_playbook_due_at (playbook, job->now);
          if (!ms_server_csm_storage_put_task (csm (storage), &task, error))
            return FALSE;
          job->run->tasks_created++;
          if (playbook->slack)
            job->run->slack_waiting++;
        }
    }
  return TRUE;
}

static gboolean
finish (MsServerStorage  *storage,
        gpointer          user_data,
        GError          **error)
{
  Job *job = user_data;
  g_autoptr(JsonObject) summary = ms_server_csm_run_to_json (job->run);
  g_autofree char *text = ms_server_csm_json_text (summary);

  return ms_server_csm_storage_finish_job (csm (storage), JOB_NAME, job->today, job->now, text,
                                           error);
}

/**
 * ms_server_csm_run:
 * @owner: who runs it, for the job row (a process or "run-now")
 * @rerun: run again a day that already finished (run-now)
 *
 * Returns: FALSE with @error when the database failed; a day another run
 *   holds is no error (@run->ran is FALSE)
 */
gboolean
ms_server_csm_run (MsServerStorage  *storage,
                   gint64            now,
                   const char       *owner,
                   gboolean          rerun,
                   MsServerCsmRun   *run,
                   GError          **error)
{
  const MsChurnConfig *config = ms_churn_config_get ();
  Job job = { 0 };
  gboolean ok = FALSE;

  job.run = run;
  job.owner = owner;
  job.rerun = rerun;
  job.now = now;
  job.today = ms_csm_day_from_time (now);
  memset (run, 0, sizeof *run);
  run->day = job.today;
  run->auc = NAN;
  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, TRUE, claim, &job, error))
    return FALSE;
  if (!run->ran)
    return TRUE;

  job.accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_csm_account_free);
  if (!ms_server_storage_transaction (storage, TRUE, registry, &job, error) ||
      !ms_server_storage_transaction (storage, FALSE, read_history, &job, error))
    goto out;

  if (job.model_json == NULL || job.model_at < now - (gint64) config->retrain_days * G_TIME_SPAN_DAY)
    {
      g_autoptr(GError) train_error = NULL;
      g_autoptr(MsChurnModel) trained = ms_csm_train (job.accounts, job.today, now, &train_error);

      if (trained != NULL)
        {
          g_free (job.model_json);
          job.model_json = ms_churn_model_to_json (trained, error);
          if (job.model_json == NULL ||
              !ms_server_storage_transaction (storage, TRUE, save_model, &job, error))
            goto out;
          run->model_trained = TRUE;
        }
      else if (g_error_matches (train_error, MS_CHURN_ERROR, MS_CHURN_ERROR_TOO_FEW))
        run->model_note = g_strdup (train_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&train_error));
          goto out;
        }
    }
  if (job.model_json != NULL)
    {
      job.model = ms_churn_model_new_from_json (job.model_json, strlen (job.model_json), error);
      if (job.model == NULL)
        goto out;
      run->auc = json_object_get_double_member_with_default (
        json_object_get_object_member (ms_churn_model_get_card (job.model), "validation"), "auc",
        NAN);
    }

  score_day (&job);
  for (job.begin = 0; job.begin < job.live->len; job.begin = job.end)
    {
      job.end = MIN (job.begin + CHUNK, job.live->len);
      if (!ms_server_storage_transaction (storage, TRUE, write_chunk, &job, error))
        goto out;
    }
  ok = ms_server_storage_transaction (storage, TRUE, finish, &job, error);

out:
  g_clear_pointer (&job.accounts, g_ptr_array_unref);
  g_clear_pointer (&job.registry, g_hash_table_unref);
  g_clear_pointer (&job.registry_list, g_ptr_array_unref);
  g_clear_pointer (&job.model, ms_churn_model_free);
  g_clear_pointer (&job.live, g_ptr_array_unref);
  g_free (job.signals);
  g_free (job.p);
  g_free (job.contributions);
  g_free (job.model_json);
  return ok;
}

JsonObject *
ms_server_csm_run_to_json (const MsServerCsmRun *run)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "day", run->day);
  json_object_set_boolean_member (o, "ran", run->ran);
  json_object_set_int_member (o, "accounts", run->accounts);
  json_object_set_int_member (o, "live", run->live);
  json_object_set_int_member (o, "health_scored", run->health_scored);
  json_object_set_int_member (o, "churn_scored", run->churn_scored);
  json_object_set_int_member (o, "tasks_created", run->tasks_created);
  json_object_set_int_member (o, "slack_waiting", run->slack_waiting);
  json_object_set_boolean_member (o, "model_trained", run->model_trained);
  if (run->model_note != NULL)
    json_object_set_string_member (o, "model_note", run->model_note);
  if (!isnan (run->auc))
    json_object_set_double_member (o, "auc", run->auc);
  return o;
}

/**
 * ms_server_csm_next_run:
 * @minute_of_day: minutes after midnight, Asia/Tokyo
 *
 * Returns: the next time after @now that is @minute_of_day in Tokyo
 */
gint64
ms_server_csm_next_run (gint64 now,
                        guint  minute_of_day)
{
  gint32 day = ms_csm_day_from_time (now);
  gint64 at = ms_csm_day_start (day) + (gint64) minute_of_day * G_TIME_SPAN_MINUTE;

  return at > now ? at : at + G_TIME_SPAN_DAY;
}

gboolean
ms_server_csm_parse_time (const char *text,
                          guint      *minute_of_day)
{
  guint hour = 0, minute = 0;
  char extra;

  if (text == NULL || sscanf (text, "%2u:%2u%c", &hour, &minute, &extra) != 2 || hour > 23 ||
      minute > 59)
    return FALSE;
  *minute_of_day = hour * 60 + minute;
  return TRUE;
}

typedef struct
{
  JsonObject *card;
  gboolean    rolled_back;
} ModelRead;

static gboolean
read_card (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  ModelRead *read = user_data;
  g_autofree char *json = NULL;
  g_autoptr(MsChurnModel) model = NULL;

  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, NULL, error))
    return FALSE;
  if (json == NULL)
    return TRUE;
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL)
    return FALSE;
  read->card = json_object_ref (ms_churn_model_get_card (model));
  return TRUE;
}

/**
 * ms_server_csm_dup_model_card:
 *
 * Returns: (nullable): the card of the churn model in force, or NULL when
 *   there is none (or with @error set)
 */
JsonObject *
ms_server_csm_dup_model_card (MsServerStorage  *storage,
                              GError          **error)
{
  ModelRead read = { NULL, FALSE };

  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, FALSE, read_card, &read, error))
    return NULL;
  return read.card;
}

static gboolean
rollback (MsServerStorage  *storage,
          gpointer          user_data,
          GError          **error)
{
  ModelRead *read = user_data;

  return ms_server_csm_storage_rollback_model (csm (storage), &read->rolled_back, error);
}

/**
 * ms_server_csm_rollback_model:
 *
 * Puts the previous churn model back in force and drops the current one.
 */
gboolean
ms_server_csm_rollback_model (MsServerStorage  *storage,
                              gboolean         *rolled_back,
                              GError          **error)
{
  ModelRead read = { NULL, FALSE };

  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, TRUE, rollback, &read, error))
    return FALSE;
  *rolled_back = read.rolled_back;
  return TRUE;
}
