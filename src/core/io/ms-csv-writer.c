/* ms-csv-writer.c — RFC 4180 CSV in the encoding a spreadsheet wants
 *
 * Records end in CRLF. A field is quoted when it holds a comma, a double
 * quote, a line break, or starts or ends with a space; quotes inside are
 * doubled.
 *
 * A spreadsheet runs a cell that starts with =, +, -, @, a tab or a CR as a
 * formula (CSV injection: a subject "=HYPERLINK(…)" or "@SUM(…)" runs when
 * the export is opened). Such a field is written with a ' in front, as
 * OWASP advises, so it shows as text; a field that is a plain number
 * ("-5", "+1.5") is left as it is. The text is built as UTF-8 and converted once at the end:
 * UTF-8 with a BOM (the default: Excel opens it as UTF-8), plain UTF-8, or
 * Shift_JIS (CP932) for older Excel set-ups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>

#include "ms-csv-writer.h"

struct _MsCsvWriter
{
  GString  *text;
  gboolean  row_started;
};

MsCsvWriter *
ms_csv_writer_new (void)
{
  MsCsvWriter *self = g_new0 (MsCsvWriter, 1);

  self->text = g_string_sized_new (4096);
  return self;
}

void
ms_csv_writer_free (MsCsvWriter *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  g_free (self);
}

static gboolean
is_plain_number (const char *text)
{
  const char *p = text + (*text == '-' || *text == '+');
  gboolean digits = FALSE, point = FALSE;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p == '.' && !point)
        point = TRUE;
      else
        return FALSE;
    }
  return digits;
}

/* Whether a spreadsheet would take @field for a formula. */
static gboolean
looks_like_formula (const char *field)
{
  return strchr ("=+-@\t\r", field[0]) != NULL && field[0] != '\0' &&
         !is_plain_number (field);
}

void
ms_csv_writer_add_field (MsCsvWriter *self,
                         const char  *field)
{
  g_autofree char *neutral = NULL;
  gsize len;

  g_return_if_fail (self != NULL);

  if (field == NULL)
    field = "";
  if (looks_like_formula (field))
    field = neutral = g_strconcat ("'", field, NULL);
  len = strlen (field);

  if (self->row_started)
    g_string_append_c (self->text, ',');
  self->row_started = TRUE;

  if (strpbrk (field, ",\"\r\n") != NULL ||
      (len > 0 && (field[0] == ' ' || field[len - 1] == ' ')))
    {
      g_string_append_c (self->text, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (self->text, '"');
          g_string_append_c (self->text, *p);
        }
      g_string_append_c (self->text, '"');
    }
  else
    g_string_append_len (self->text, field, len);
}

void
ms_csv_writer_end_row (MsCsvWriter *self)
{
  g_return_if_fail (self != NULL);

  g_string_append (self->text, "\r\n");
  self->row_started = FALSE;
}

void
ms_csv_writer_add_row (MsCsvWriter        *self,
                       const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    ms_csv_writer_add_field (self, fields[i]);
  ms_csv_writer_end_row (self);
}

/**
 * ms_csv_writer_finish:
 *
 * Returns: (transfer full): the file's bytes in @encoding
 */
GBytes *
ms_csv_writer_finish (MsCsvWriter  *self,
                      MsEncoding    encoding,
                      GError      **error)
{
  gsize length = 0;
  char *data;

  g_return_val_if_fail (self != NULL, NULL);

  data = ms_encoding_from_utf8 (self->text->str, self->text->len, encoding, &length, error);
  if (data == NULL)
    return NULL;
  return g_bytes_new_take (data, length);
}
