/* ms-io-error.h — errors of reading and writing files (CSV, encodings, reports)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_IO_ERROR (ms_io_error_quark ())

typedef enum
{
  MS_IO_ERROR_ENCODING,   /* neither UTF-8 nor Shift_JIS, or a character has no Shift_JIS form */
  MS_IO_ERROR_SYNTAX,     /* a CSV the reader cannot follow (a quote never closed) */
  MS_IO_ERROR_COLUMNS,    /* a required column is missing, or an unknown one was asked for */
  MS_IO_ERROR_EMPTY,      /* no header or no rows; nothing to report */
  MS_IO_ERROR_FAILED,     /* a file could not be made (a drawing library failed) */
} MsIoError;

GQuark ms_io_error_quark (void);

G_END_DECLS
