/* ms-scheduled-import.c — campaign results imported from a folder, once a month
 *
 * A Team Pro profile names a folder (meta "import.folder") where its sending
 * system drops CSV exports. Once a month — at the first start of a month the
 * app sees, or when `msgscore-cli import --scheduled` runs — the files
 * changed since the last run are imported with the same rules as the import
 * dialog (ms-campaign-import.c: the same parser, the same refusals, each
 * file in one transaction, so a file that fails imports nothing), and the
 * run is reported: files, rows added, rows refused, files that failed and
 * why. Preparing reads and checks the files and touches no database, so the
 * app does it on a worker; committing writes on the store's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "store/ms-entitlements.h"
#include "store/ms-sync-state.h"
#include "ms-campaign-import.h"
#include "ms-scheduled-import.h"

#define META_FOLDER "import.folder"
#define META_LAST_RUN "import.last_run"

struct _MsScheduledImport
{
  GPtrArray *files;      /* MsScheduledImportFile */
  GPtrArray *imports;    /* MsCampaignImport or NULL (the file failed), in step */
};

static void
unref_import (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
file_free (gpointer data)
{
  MsScheduledImportFile *file = data;

  g_free (file->name);
  g_free (file->error);
  g_free (file);
}

void
ms_scheduled_import_free (MsScheduledImport *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->imports);
  g_free (self);
}

char *
ms_scheduled_import_dup_folder (MsStore *store)
{
  return ms_sync_state_dup_meta (store, META_FOLDER);
}

/**
 * ms_scheduled_import_set_folder:
 * @folder: (nullable): an absolute path, or NULL to stop the scheduled import
 */
gboolean
ms_scheduled_import_set_folder (MsStore     *store,
                                const char  *folder,
                                GError     **error)
{
  if (folder != NULL && !g_path_is_absolute (folder))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Name the import folder with its full path."));
      return FALSE;
    }
  return ms_sync_state_set_meta (store, META_FOLDER, folder, error);
}

gint64
ms_scheduled_import_get_last_run (MsStore *store)
{
  g_autofree char *text = ms_sync_state_dup_meta (store, META_LAST_RUN);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static GDateTime *
in_tokyo (gint64 usec)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 3600);
  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

gboolean
ms_scheduled_import_is_due (gint64 last_run,
                            gint64 now)
{
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) today = NULL;

  if (last_run <= 0)
    return TRUE;
  last = in_tokyo (last_run);
  today = in_tokyo (now);
  if (last == NULL || today == NULL)
    return TRUE;
  return g_date_time_get_year (today) * 12 + g_date_time_get_month (today) >
         g_date_time_get_year (last) * 12 + g_date_time_get_month (last);
}

/* ------------------------------------------------------------------------ */

/* The most files one run reads (data/limits.json "scheduled_import.max_files"). */
static gint64
max_files (void)
{
  static gint64 max;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(JsonNode) root = ms_data_load_json ("limits.json", NULL);
      JsonObject *limits = root != NULL ? json_object_get_object_member (
                                            json_node_get_object (root), "limits") : NULL;
      JsonObject *limit = limits != NULL && json_object_has_member (limits,
                                                                    "scheduled_import.max_files")
                          ? json_object_get_object_member (limits, "scheduled_import.max_files")
                          : NULL;

      max = limit != NULL ? json_object_get_int_member_with_default (limit, "max", 100) : 100;
      g_once_init_leave (&done, 1);
    }
  return max;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the folder's CSV files changed after @since, by name. */
static GPtrArray *
list_new_files (GFile         *folder,
                gint64         since,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gint64 max = max_files ();
  GFileInfo *info;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                        G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                        G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (children == NULL)
    return NULL;
  while ((info = g_file_enumerator_next_file (children, cancellable, error)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GDateTime) modified = g_file_info_get_modification_date_time (info);
      g_autofree char *lower = g_ascii_strdown (g_file_info_get_name (info), -1);

      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
          !g_str_has_suffix (lower, ".csv") || modified == NULL ||
          g_date_time_to_unix (modified) * G_USEC_PER_SEC +
          g_date_time_get_microsecond (modified) <= since)
        continue;
      if (max >= 0 && names->len >= (guint) max)
        break;
      g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  if (error != NULL && *error != NULL)
    return NULL;
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

MsScheduledImport *
ms_scheduled_import_prepare (const char    *folder,
                             gint64         since,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(MsScheduledImport) self = NULL;

  g_return_val_if_fail (folder != NULL, NULL);

  dir = g_file_new_for_path (folder);
  names = list_new_files (dir, since, cancellable, error);
  if (names == NULL)
    {
      g_prefix_error (error, _("The import folder cannot be read: "));
      return NULL;
    }
  self = g_new0 (MsScheduledImport, 1);
  self->files = g_ptr_array_new_with_free_func (file_free);
  self->imports = g_ptr_array_new_with_free_func (unref_import);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (dir, g_ptr_array_index (names, i));
      g_autoptr(GError) local_error = NULL;
      MsScheduledImportFile *file = g_new0 (MsScheduledImportFile, 1);
      MsCampaignImport *import = ms_campaign_import_prepare_file (child, cancellable,
                                                                  &local_error);

      file->name = g_strdup (g_ptr_array_index (names, i));
      if (import != NULL)
        {
          file->n_rows = ms_campaign_import_get_n_rows (import);
          file->n_rejected = ms_campaign_import_get_n_rejected (import);
        }
      else
        file->error = g_strdup (local_error->message);
      g_ptr_array_add (self->files, file);
      g_ptr_array_add (self->imports, import);
    }
  return g_steal_pointer (&self);
}

gboolean
ms_scheduled_import_commit (MsScheduledImport  *self,
                            MsStore            *store,
                            gint64              now,
                            GError            **error)
{
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  if (!ms_entitlements_check_feature (ms_store_get_entitlements (store),
                                      MS_SCHEDULED_IMPORT_FEATURE, TRUE, error))
    return FALSE;
  for (guint i = 0; i < self->files->len; i++)
    {
      MsScheduledImportFile *file = g_ptr_array_index (self->files, i);
      MsCampaignImport *import = g_ptr_array_index (self->imports, i);
      g_autoptr(GError) local_error = NULL;

      if (import == NULL || file->n_rows == 0)
        continue;
      if (!ms_campaign_import_commit (import, store, &file->n_added, &local_error))
        {
          file->n_added = 0;
          file->error = g_strdup (local_error->message);
        }
    }
  stamp = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  return ms_sync_state_set_meta (store, META_LAST_RUN, stamp, error);
}

guint
ms_scheduled_import_get_n_files (MsScheduledImport *self)
{
  return self->files->len;
}

const MsScheduledImportFile *
ms_scheduled_import_get_file (MsScheduledImport *self,
                              guint              index)
{
  g_return_val_if_fail (index < self->files->len, NULL);
  return g_ptr_array_index (self->files, index);
}

char *
ms_scheduled_import_describe (MsScheduledImport *self)
{
  GString *out = g_string_new (NULL);
  guint added = 0, rejected = 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      const MsScheduledImportFile *file = g_ptr_array_index (self->files, i);

      added += file->n_added;
      rejected += file->n_rejected;
    }
  if (self->files->len == 0)
    g_string_append (out, _("The monthly import found no new CSV files."));
  else
    /* Translators: the monthly import's report; %u files, %u rows added, %u rows refused */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "Monthly import: %u file, %u rows added, "
                                              "%u rows refused.",
                                              "Monthly import: %u files, %u rows added, "
                                              "%u rows refused.", self->files->len),
                            self->files->len, added, rejected);
  for (guint i = 0; i < self->files->len; i++)
    {
      const MsScheduledImportFile *file = g_ptr_array_index (self->files, i);

      if (file->error != NULL)
        /* Translators: a file the monthly import could not import, and why */
        g_string_append_printf (out, _(" %s was not imported: %s"), file->name, file->error);
    }
  return g_string_free (out, FALSE);
}
