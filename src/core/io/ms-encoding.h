/* ms-encoding.h — the text encodings of CSV files: detect and convert
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-io-error.h"

G_BEGIN_DECLS

typedef enum
{
  MS_ENCODING_UTF8,       /* UTF-8 without a byte-order mark */
  MS_ENCODING_UTF8_BOM,   /* UTF-8 starting with EF BB BF (what Excel expects) */
  MS_ENCODING_SHIFT_JIS,  /* Shift_JIS as Windows writes it: CP932 */
} MsEncoding;

const char *ms_encoding_to_string   (MsEncoding   encoding);
gboolean    ms_encoding_from_string (const char  *name,
                                     MsEncoding  *encoding);
char       *ms_encoding_to_utf8     (const char  *data,
                                     gsize        length,
                                     MsEncoding  *detected,
                                     gsize       *utf8_length,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_encoding_from_utf8   (const char  *utf8,
                                     gsize        length,
                                     MsEncoding   encoding,
                                     gsize       *out_length,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Decoded text in pieces, for ms_encoding_to_utf8_pieces(). */
typedef struct
{
  const char *text;     /* UTF-8, not NUL-terminated: into the caller's data, or @owned */
  gsize       length;   /* bytes */
  gsize       offset;   /* where the piece starts in the whole decoded text */
  char       *owned;    /* converted text, or NULL */
} MsEncodingPiece;

MsEncodingPiece *ms_encoding_to_utf8_pieces (const char       *data,
                                             gsize             length,
                                             guint             n_pieces,
                                             MsEncoding       *detected,
                                             guint            *n_out,
                                             GError          **error) G_GNUC_WARN_UNUSED_RESULT;
void             ms_encoding_pieces_free    (MsEncodingPiece  *pieces,
                                             guint             n_pieces);

G_END_DECLS
