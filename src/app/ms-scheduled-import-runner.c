/* ms-scheduled-import-runner.c — the monthly import, run when the app starts
 *
 * Once the window is on screen, a Team Pro profile with an import folder
 * (msgscore-cli import scheduled --folder DIR) whose monthly import is due
 * (never ran, or not yet this month) reads the folder's new CSV files on a
 * worker (ms_scheduled_import_prepare(): parsing, no database), imports
 * them on the main loop with the import dialog's rules and says what it did
 * in a toast. Nothing runs without the folder, the plan or a due month.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-scheduled-import"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "io/ms-scheduled-import.h"
#include "store/ms-entitlements.h"
#include "ms-scheduled-import-runner.h"

typedef struct
{
  char   *folder;
  gint64  since;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->folder);
  g_free (job);
}

static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  MsScheduledImport *import = ms_scheduled_import_prepare (job->folder, job->since, cancellable,
                                                           &error);

  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) ms_scheduled_import_free);
}

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) window = user_data;
  MsContext *context = MS_CONTEXT (source);
  MsStore *store = ms_context_get_store (context);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScheduledImport) import = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *report = NULL;

  if (import != NULL && store != NULL &&
      ms_scheduled_import_commit (import, store, g_get_real_time (), &error))
    report = ms_scheduled_import_describe (import);
  else
    /* Translators: %s says why the monthly import failed */
    report = g_strdup_printf (_("The monthly import failed: %s"),
                              error != NULL ? error->message : "");
  ms_context_show_toast (context, window, adw_toast_new (report));
}

/**
 * ms_scheduled_import_runner_start:
 * @window: the window that shows the report
 *
 * Runs the monthly import if it is due (after ms_context_start()).
 */
void
ms_scheduled_import_runner_start (MsContext *context,
                                  GtkWidget *window)
{
  MsStore *store = ms_context_get_store (context);
  g_autofree char *folder = NULL;
  g_autoptr(GTask) task = NULL;
  gint64 last_run;
  Job *job;

  if (store == NULL ||
      !ms_entitlements_has_feature (ms_store_get_entitlements (store),
                                    MS_SCHEDULED_IMPORT_FEATURE) ||
      (folder = ms_scheduled_import_dup_folder (store)) == NULL)
    return;
  last_run = ms_scheduled_import_get_last_run (store);
  if (!ms_scheduled_import_is_due (last_run, g_get_real_time ()))
    return;
  job = g_new0 (Job, 1);
  job->folder = g_steal_pointer (&folder);
  job->since = last_run;
  task = g_task_new (context, NULL, on_prepared_cb, g_object_ref (window));
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, prepare_thread);
}
