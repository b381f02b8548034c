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

/* The reader underneath: records parsed in place in a writable buffer, up to
 * a limit, so that parts of one buffer can be parsed at once (ms-csv-split.c). */
typedef struct
{
  char  *p;       /* the next byte */
  char  *limit;   /* no record may run past it: the end, or just after a line feed */
  char  *end;     /* the end of the text; *end is a writable NUL */
  guint  line;    /* the physical line p is on */
} MsCsvCursor;

typedef struct
{
  char  *text;    /* in the buffer, NUL-terminated there */
  gsize  length;  /* bytes up to that NUL (a NUL in the text comes sooner) */
} MsCsvField;

typedef enum
{
  MS_CSV_RECORD,    /* a record was read */
  MS_CSV_END,       /* no record starts before the limit (or the end) */
  MS_CSV_CROSSED,   /* the record at p runs past the limit: p is left at its start */
  MS_CSV_UNCLOSED,  /* a quote opened on *line is never closed */
} MsCsvStatus;

MsCsvStatus  ms_csv_cursor_next          (MsCsvCursor  *cursor,
                                          MsCsvField  **fields,
                                          guint        *n_allocated,
                                          guint        *n_fields,
                                          guint        *line);
void         ms_csv_set_unclosed_error   (GError      **error,
                                          guint         line);

G_END_DECLS
