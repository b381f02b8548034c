/* ms-csv-split.h — a CSV file's text, decoded and cut into chunks to parse at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-encoding.h"

G_BEGIN_DECLS

typedef struct _MsCsvSplit MsCsvSplit;

MsCsvSplit *ms_csv_split_new            (const char  *data,
                                         gsize        length,
                                         guint        n_threads,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
MsCsvSplit *ms_csv_split_new_take       (char        *data,
                                         gsize        length,
                                         guint        n_threads,
                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
void        ms_csv_split_free           (MsCsvSplit  *self);
MsEncoding  ms_csv_split_get_encoding   (MsCsvSplit  *self);
char       *ms_csv_split_get_text       (MsCsvSplit  *self,
                                         gsize       *length);
gpointer    ms_csv_split_steal_buffer   (MsCsvSplit  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_csv_split_restore        (MsCsvSplit  *self,
                                         gsize        from);
guint       ms_csv_split_get_max_chunks (MsCsvSplit  *self);
guint       ms_csv_split_get_chunks     (MsCsvSplit  *self,
                                         gsize        first,
                                         guint        first_line,
                                         gsize       *starts,
                                         gsize       *max_records);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCsvSplit, ms_csv_split_free)

G_END_DECLS
