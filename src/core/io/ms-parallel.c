/* ms-parallel.c — run a few jobs at once, one per thread
 *
 * ms_parallel_run() calls func (0 … n_jobs − 1) at once and returns when all
 * have returned: job 0 runs in the calling thread, each other job in a thread
 * of its own. It is meant for a handful of long jobs over disjoint parts of
 * one buffer (a CSV file cut in as many chunks as there are processors), so a
 * thread per job is cheap next to the work (tens of microseconds against
 * milliseconds) and needs no pool. If a thread cannot be made, its job runs
 * in the calling thread after job 0: slower, never wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include "ms-parallel.h"

typedef struct
{
  MsParallelFunc func;
  gpointer       user_data;
  guint          index;
} Job;

static gpointer
run_job (gpointer data)
{
  Job *job = data;

  job->func (job->index, job->user_data);
  return NULL;
}

void
ms_parallel_run (guint          n_jobs,
                 MsParallelFunc func,
                 gpointer       user_data)
{
  g_autofree Job *jobs = NULL;
  g_autofree GThread **threads = NULL;

  g_return_if_fail (func != NULL);

  if (n_jobs <= 1)
    {
      if (n_jobs == 1)
        func (0, user_data);
      return;
    }

  jobs = g_new (Job, n_jobs);
  threads = g_new0 (GThread *, n_jobs);
  for (guint i = 1; i < n_jobs; i++)
    {
      jobs[i] = (Job) { func, user_data, i };
      threads[i] = g_thread_try_new ("ms-parallel", run_job, &jobs[i], NULL);
    }

  func (0, user_data);

  for (guint i = 1; i < n_jobs; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else
        func (i, user_data);
    }
}
