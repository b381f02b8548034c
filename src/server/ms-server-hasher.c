/* ms-server-hasher.c — Argon2id on a few worker threads, never on the main loop
 *
 * Hashing or checking a password with libsodium's interactive limits takes
 * tens of milliseconds of CPU and 64 MiB. On the main loop, 8 clients
 * signing in with made-up emails raised every other request's latency from
 * 1 ms to 440 ms. Here they run on a GThreadPool of max_threads threads (by
 * default one fewer than there are processors, so one is left for the main
 * loop), in the order they came; at most max_waiting wait for a thread, and
 * one more is refused at once with MS_SERVER_ERROR_UNAVAILABLE (503 and
 * Retry-After), so a flood costs queue slots, not memory or minutes.
 * Results come back in the caller's thread-default main context (GTask).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "ms-server-hasher.h"
#include "ms-server-json.h"

struct _MsServerHasher
{
  GObject       parent_instance;

  GThreadPool  *pool;
  guint         max_threads;
  guint         max_waiting;
  MsPwhashCost  cost;
};

G_DEFINE_FINAL_TYPE (MsServerHasher, ms_server_hasher, G_TYPE_OBJECT)

typedef struct
{
  char *hash;       /* to verify against; NULL for an unknown account */
  char *password;
  gboolean verify;
} Job;

static void
job_free (Job *job)
{
  g_free (job->hash);
  sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  MsServerHasher *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *hash;

  if (job->verify)
    {
      g_task_return_boolean (task, ms_server_auth_verify_password (job->hash, job->password,
                                                                   self->cost));
      return;
    }
  hash = ms_server_auth_hash_password (job->password, self->cost, &error);
  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, g_free);
}

static void
submit (MsServerHasher *self,
        GTask          *task)
{
  if (g_thread_pool_unprocessed (self->pool) >= self->max_waiting)
    {
      g_task_return_new_error (task, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                               _("The server is busy. Try again in a moment."));
      g_object_unref (task);
      return;
    }
  g_thread_pool_push (self->pool, task, NULL);
}

static void
ms_server_hasher_finalize (GObject *object)
{
  MsServerHasher *self = (MsServerHasher *) object;

  /* Every job holds a reference: the pool is idle by now. */
  g_thread_pool_free (self->pool, FALSE, TRUE);

  G_OBJECT_CLASS (ms_server_hasher_parent_class)->finalize (object);
}

static void
ms_server_hasher_class_init (MsServerHasherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_server_hasher_finalize;
}

static void
ms_server_hasher_init (MsServerHasher *self)
{
}

/**
 * ms_server_hasher_new:
 * @max_threads: passwords hashed at once; 0 for one fewer than there are
 *   processors (at least one)
 * @max_waiting: passwords that may wait for a thread
 */
MsServerHasher *
ms_server_hasher_new (guint        max_threads,
                      guint        max_waiting,
                      MsPwhashCost cost)
{
  MsServerHasher *self = g_object_new (MS_TYPE_SERVER_HASHER, NULL);

  if (max_threads == 0)
    max_threads = MAX (g_get_num_processors (), 2) - 1;
  self->max_threads = max_threads;
  self->max_waiting = max_waiting;
  self->cost = cost;
  self->pool = g_thread_pool_new (run_job, self, (gint) max_threads, FALSE, NULL);
  return self;
}

guint
ms_server_hasher_get_max_threads (MsServerHasher *self)
{
  g_return_val_if_fail (MS_IS_SERVER_HASHER (self), 0);
  return self->max_threads;
}

void
ms_server_hasher_hash_async (MsServerHasher      *self,
                             const char          *password,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (MS_IS_SERVER_HASHER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ms_server_hasher_hash_async);
  job = g_new0 (Job, 1);
  job->password = g_strdup (password);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  submit (self, task);
}

char *
ms_server_hasher_hash_finish (MsServerHasher  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ms_server_hasher_verify_async:
 * @hash: (nullable): the account's hash; NULL for an unknown account (the
 *   same work is done, and it does not match)
 */
void
ms_server_hasher_verify_async (MsServerHasher      *self,
                               const char          *hash,
                               const char          *password,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (MS_IS_SERVER_HASHER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ms_server_hasher_verify_async);
  job = g_new0 (Job, 1);
  job->hash = g_strdup (hash);
  job->password = g_strdup (password);
  job->verify = TRUE;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  submit (self, task);
}

gboolean
ms_server_hasher_verify_finish (MsServerHasher  *self,
                                GAsyncResult    *result,
                                gboolean        *verified,
                                GError         **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  *verified = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
