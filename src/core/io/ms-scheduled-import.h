/* ms-scheduled-import.h — campaign results imported from a folder, once a month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/ms-store.h"

G_BEGIN_DECLS

/* The plan feature (data/plans.json) of the scheduled import */
#define MS_SCHEDULED_IMPORT_FEATURE "campaign_import"

/* What happened to one file. */
typedef struct
{
  char  *name;         /* the file's name in the folder */
  guint  n_rows;       /* rows the preview accepted */
  guint  n_rejected;   /* rows it refused (the same rules as the import dialog) */
  guint  n_added;      /* rows new to History's results */
  char  *error;        /* why nothing of it was imported, or NULL */
} MsScheduledImportFile;

typedef struct _MsScheduledImport MsScheduledImport;

/* The profile's folder (meta "import.folder"), or NULL when none is set. */
char              *ms_scheduled_import_dup_folder   (MsStore            *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean           ms_scheduled_import_set_folder   (MsStore            *store,
                                                     const char         *folder,
                                                     GError            **error);
/* When it last ran (µs), 0 for never. */
gint64             ms_scheduled_import_get_last_run (MsStore            *store);
/* Whether a run is due at @now: never ran, or last ran in an earlier month
 * (Asia/Tokyo). */
gboolean           ms_scheduled_import_is_due       (gint64              last_run,
                                                     gint64              now);

/* Reads and checks the new files (changed since the last run, *.csv, at most
 * scheduled_import.max_files, by name): no database work, so any thread. */
MsScheduledImport *ms_scheduled_import_prepare      (const char         *folder,
                                                     gint64              since,
                                                     GCancellable       *cancellable,
                                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Imports what was prepared into @store (each file in one transaction: a
 * file that fails imports nothing) and records @now as the last run. Needs
 * the campaign_import feature. */
gboolean           ms_scheduled_import_commit       (MsScheduledImport  *self,
                                                     MsStore            *store,
                                                     gint64              now,
                                                     GError            **error);
guint              ms_scheduled_import_get_n_files  (MsScheduledImport  *self);
const MsScheduledImportFile *ms_scheduled_import_get_file (MsScheduledImport *self,
                                                     guint               index);
/* One line for the user: how many files and rows, and what failed. */
char              *ms_scheduled_import_describe     (MsScheduledImport  *self) G_GNUC_WARN_UNUSED_RESULT;
void               ms_scheduled_import_free         (MsScheduledImport  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsScheduledImport, ms_scheduled_import_free)

G_END_DECLS
