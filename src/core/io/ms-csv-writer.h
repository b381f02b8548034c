/* ms-csv-writer.h — RFC 4180 CSV in the encoding a spreadsheet wants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-encoding.h"

G_BEGIN_DECLS

typedef struct _MsCsvWriter MsCsvWriter;

MsCsvWriter *ms_csv_writer_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void         ms_csv_writer_free      (MsCsvWriter  *self);
void         ms_csv_writer_add_field (MsCsvWriter  *self,
                                      const char   *field);
void         ms_csv_writer_end_row   (MsCsvWriter  *self);
void         ms_csv_writer_add_row   (MsCsvWriter  *self,
                                      const char * const *fields);
GBytes      *ms_csv_writer_finish    (MsCsvWriter  *self,
                                      MsEncoding    encoding,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCsvWriter, ms_csv_writer_free)

G_END_DECLS
