/* ms-store-worker.c — the store's own thread, for writes and reads too long for the main loop
 *
 * A store runs long work (saving a scoring into a large History, re-reading
 * the keys of a list) on one worker thread, created on first use, with its
 * own SQLite connection to the same file (one connection per thread, as
 * SQLite wants; WAL lets the main connection read meanwhile). Jobs run one
 * after the other, in the order they were pushed.
 *
 * Threads: the main thread pushes a job with a snapshot of what the store
 * stands for then (tenant, plan, clock); the worker thread alone touches
 * MsStoreWorker.store and .current; the job comes back to the main thread
 * (the GTask's context) through g_main_context_invoke_full(), where the
 * tables the job wrote are announced on the main store ("changed", with
 * _ms_store_is_worker_change() TRUE) before the task returns. So models
 * follow a background write, and know it was one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-store-private.h"

typedef struct
{
  MsStore        *store;       /* the main thread's; released there */
  GTask          *task;
  MsStoreJobFunc  func;
  char           *tenant;
  MsEntitlements *entitlements;
  gint64          now_for_testing;
  GPtrArray      *changed;     /* tables the job committed, in order */
  GError         *error;
} Job;

struct _MsStoreWorker
{
  char        *path;
  GThreadPool *pool;        /* one thread */
  MsStore     *store;       /* worker thread only: its own connection */
  Job         *current;     /* worker thread only: the job running */
};

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->task);
  g_free (job->tenant);
  g_clear_object (&job->entitlements);
  g_ptr_array_unref (job->changed);
  g_clear_error (&job->error);
  g_free (job);
}

/* Worker thread: what the job's commits changed. */
static void
on_worker_store_changed_cb (MsStore       *store,
                            const char    *table,
                            MsStoreWorker *worker)
{
  g_assert (worker->current != NULL);
  if (!g_ptr_array_find_with_equal_func (worker->current->changed, table, g_str_equal, NULL))
    g_ptr_array_add (worker->current->changed, g_strdup (table));
}

/* Main thread: announce the job's changes, then return its result. */
static gboolean
finish_job (gpointer data)
{
  Job *job = data;

  for (guint i = 0; i < job->changed->len; i++)
    _ms_store_emit_worker_change (job->store, g_ptr_array_index (job->changed, i));

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_boolean (job->task, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
drop_job (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* Worker thread. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  MsStoreWorker *worker = user_data;

  if (g_task_return_error_if_cancelled (job->task))
    {
      /* The task returned: drop the job where it was made. */
      g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT, drop_job,
                                  job, (GDestroyNotify) job_free);
      return;
    }

  if (worker->store == NULL)
    {
      worker->store = _ms_store_open_path (worker->path, FALSE, &job->error);
      if (worker->store != NULL)
        g_signal_connect (worker->store, "changed", G_CALLBACK (on_worker_store_changed_cb),
                          worker);
    }

  if (worker->store != NULL)
    {
      ms_store_set_tenant (worker->store, job->tenant);
      ms_store_set_entitlements (worker->store, job->entitlements);
      ms_store_set_now_for_testing (worker->store, job->now_for_testing);

      worker->current = job;
      job->func (worker->store, g_task_get_task_data (job->task), &job->error);
      worker->current = NULL;
    }

  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT, finish_job, job,
                              (GDestroyNotify) job_free);
}

MsStoreWorker *
_ms_store_worker_new (const char *path)
{
  MsStoreWorker *worker = g_new0 (MsStoreWorker, 1);

  worker->path = g_strdup (path);
  worker->pool = g_thread_pool_new (run_job, worker, 1, FALSE, NULL);
  return worker;
}

/* Waits for the jobs pushed so far, then closes the worker's connection. */
void
_ms_store_worker_free (MsStoreWorker *worker)
{
  if (worker == NULL)
    return;

  g_thread_pool_free (worker->pool, FALSE, TRUE);
  if (worker->store != NULL)
    g_signal_handlers_disconnect_by_data (worker->store, worker);
  g_clear_object (&worker->store);
  g_free (worker->path);
  g_free (worker);
}

/**
 * _ms_store_worker_push:
 * @store: the main thread's store, whose tenant, plan and clock the job uses
 * @task: returns TRUE, or the job's error, in its own context
 * @func: runs in the worker thread on the worker's store, with the task's data
 */
void
_ms_store_worker_push (MsStoreWorker  *worker,
                       MsStore        *store,
                       GTask          *task,
                       MsStoreJobFunc  func)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (store);
  job->task = g_object_ref (task);
  job->func = func;
  job->tenant = g_strdup (ms_store_get_tenant (store));
  job->entitlements = g_object_ref (ms_store_get_entitlements (store));
  job->now_for_testing = _ms_store_get_now_for_testing (store);
  job->changed = g_ptr_array_new_with_free_func (g_free);

  g_thread_pool_push (worker->pool, job, NULL);
}
