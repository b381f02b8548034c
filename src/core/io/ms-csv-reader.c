/* ms-csv-reader.c — RFC 4180 records from a UTF-8 buffer, with line numbers
 *
 * Reads one record at a time from a buffer the caller keeps alive; the fields
 * of the current record stay valid until the next call. Follows RFC 4180 and
 * what spreadsheets write:
 *   - fields separated by commas, records by CRLF, LF or a lone CR;
 *   - a field that starts with a double quote is quoted: it may hold commas,
 *     line breaks and doubled quotes ("" is one "); text between a closing
 *     quote and the next comma is kept (as Python's csv module does);
 *   - blank lines are skipped;
 *   - a quote never closed is an error that names the line it opened on.
 * ms_csv_reader_get_line() is the physical line (1-based) the record starts on,
 * so a rejected row can be found in a text editor or a spreadsheet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-csv-reader.h"

struct _MsCsvReader
{
  const char *p;
  const char *end;
  guint       line;          /* physical line of p */
  guint       record_line;   /* first line of the current record */
  GString    *buffer;        /* the current record's fields, each NUL-terminated */
  GArray     *offsets;       /* guint: start of each field in buffer */
};

MsCsvReader *
ms_csv_reader_new (const char *data,
                   gsize       length)
{
  MsCsvReader *self = g_new0 (MsCsvReader, 1);

  self->p = data;
  self->end = data + length;
  self->line = 1;
  self->buffer = g_string_sized_new (256);
  self->offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint), 16);
  return self;
}

void
ms_csv_reader_free (MsCsvReader *self)
{
  if (self == NULL)
    return;
  g_string_free (self->buffer, TRUE);
  g_array_unref (self->offsets);
  g_free (self);
}

static inline void
start_field (MsCsvReader *self)
{
  guint offset = (guint) self->buffer->len;
  g_array_append_val (self->offsets, offset);
}

/* Consumes a line break at p, if any. */
static inline gboolean
eat_newline (MsCsvReader *self)
{
  if (self->p < self->end && *self->p == '\r')
    {
      self->p++;
      if (self->p < self->end && *self->p == '\n')
        self->p++;
      self->line++;
      return TRUE;
    }
  if (self->p < self->end && *self->p == '\n')
    {
      self->p++;
      self->line++;
      return TRUE;
    }
  return FALSE;
}

/**
 * ms_csv_reader_next:
 *
 * Returns: TRUE with a record, FALSE at the end or on an error (@error set)
 */
gboolean
ms_csv_reader_next (MsCsvReader  *self,
                    GError      **error)
{
  /* Skip blank lines. */
  while (self->p < self->end && (*self->p == '\n' || *self->p == '\r'))
    eat_newline (self);
  if (self->p >= self->end)
    return FALSE;

  g_string_truncate (self->buffer, 0);
  g_array_set_size (self->offsets, 0);
  self->record_line = self->line;

  for (;;)
    {
      start_field (self);

      if (self->p < self->end && *self->p == '"')
        {
          guint opened = self->line;

          self->p++;
          for (;;)
            {
              const char *q;

              if (self->p >= self->end)
                {
                  g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX,
                               /* Translators: %u is a line number */
                               _("Line %u: a quoted field is never closed. Add the missing "
                                 "double quote (\")."), opened);
                  return FALSE;
                }
              q = memchr (self->p, '"', self->end - self->p);
              if (q == NULL)
                q = self->end;
              for (const char *c = self->p; c < q; c++)
                if (*c == '\n' || (*c == '\r' && (c + 1 >= q || c[1] != '\n')))
                  self->line++;
              g_string_append_len (self->buffer, self->p, q - self->p);
              self->p = q;
              if (self->p >= self->end)
                continue;
              /* at a quote */
              if (self->p + 1 < self->end && self->p[1] == '"')
                {
                  g_string_append_c (self->buffer, '"');
                  self->p += 2;
                  continue;
                }
              self->p++;
              break;
            }
        }

      /* Unquoted text, or what follows a closing quote, up to , or EOL. */
      {
        const char *start = self->p;

        while (self->p < self->end && *self->p != ',' && *self->p != '\n' && *self->p != '\r')
          self->p++;
        g_string_append_len (self->buffer, start, self->p - start);
      }
      g_string_append_c (self->buffer, '\0');

      if (self->p < self->end && *self->p == ',')
        {
          self->p++;
          continue;
        }
      eat_newline (self);
      return TRUE;
    }
}

guint
ms_csv_reader_get_n_fields (MsCsvReader *self)
{
  return self->offsets->len;
}

/**
 * ms_csv_reader_get_field:
 *
 * Returns: (nullable): the field, or NULL past the last one; the caller may
 *   change it in place (trim it, say) until the next ms_csv_reader_next()
 */
char *
ms_csv_reader_get_field (MsCsvReader *self,
                         guint        index)
{
  if (index >= self->offsets->len)
    return NULL;
  return self->buffer->str + g_array_index (self->offsets, guint, index);
}

guint
ms_csv_reader_get_line (MsCsvReader *self)
{
  return self->record_line;
}
