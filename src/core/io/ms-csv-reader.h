/* ms-csv-reader.h — RFC 4180 records from a UTF-8 buffer, with line numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-io-error.h"

G_BEGIN_DECLS

typedef struct _MsCsvReader MsCsvReader;

MsCsvReader *ms_csv_reader_new           (const char   *data,
                                          gsize         length) G_GNUC_WARN_UNUSED_RESULT;
void         ms_csv_reader_free          (MsCsvReader  *self);
gboolean     ms_csv_reader_next          (MsCsvReader  *self,
                                          GError      **error);
guint        ms_csv_reader_get_n_fields  (MsCsvReader  *self);
char        *ms_csv_reader_get_field     (MsCsvReader  *self,
                                          guint         index);
guint        ms_csv_reader_get_line      (MsCsvReader  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCsvReader, ms_csv_reader_free)

G_END_DECLS
