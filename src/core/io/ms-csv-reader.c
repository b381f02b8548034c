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
 * The work is done in place by ms_csv_cursor_next(): a field is unescaped
 * where it lies and NUL-terminated there (over its comma or line break), so a
 * record costs no copy and its fields can be kept as long as the buffer is
 * (the campaign import points its rows into it). MsCsvReader parses a copy of
 * the caller's text that way. The cursor also takes a limit: it reads no byte
 * at or past it and writes none, and stops with MS_CSV_CROSSED at a record
 * that would run past it, so parts of one buffer can be parsed by different
 * threads (ms-csv-split.c). A limit must be the end of the text or just after
 * a line feed: a CR just before it cannot be told from half of a CRLF, so it
 * is treated as running past.
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
  char        *text;          /* a copy of the caller's text, parsed in place */
  MsCsvCursor  cursor;
  MsCsvField  *fields;
  guint        n_allocated;
  guint        n_fields;
  guint        record_line;   /* first line of the current record */
};

/* ------------------------------------------------------------------------ */
/* The cursor                                                               */

void
ms_csv_set_unclosed_error (GError **error,
                           guint    line)
{
  g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX,
               /* Translators: %u is a line number */
               _("Line %u: a quoted field is never closed. Add the missing double quote (\")."),
               line);
}

/* Eight bytes at a time where the byte order allows: for a word w,
 * (t - 0x01…) & ~t & 0x80… with t = w ^ c…c flags the bytes equal to c; a
 * byte above a flagged one may be flagged wrongly (a borrow), never the
 * first, and the first is all that is used. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN && defined(__GNUC__)
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)

static inline guint64
flag_byte (guint64 w,
           guchar  c)
{
  guint64 t = w ^ (ONES * c);

  return (t - ONES) & ~t & (ONES * 0x80);
}

static inline guint64
flag_special (guint64 w)
{
  return flag_byte (w, ',') | flag_byte (w, '\n') | flag_byte (w, '\r');
}

static inline guint64
flag_newline (guint64 w)
{
  return flag_byte (w, '\n') | flag_byte (w, '\r');
}
#define WORDS 1
#else
#define WORDS 0
#endif

/* The first comma or line break in [p, limit), or limit. */
static inline char *
find_special (char       *p,
              const char *limit)
{
#if WORDS
  for (; limit - p >= 8; p += 8)
    {
      guint64 w, flags;

      memcpy (&w, p, 8);
      flags = flag_special (w);
      if (flags != 0)
        return p + (__builtin_ctzll (flags) >> 3);
    }
#endif
  while (p < limit && *p != ',' && *p != '\n' && *p != '\r')
    p++;
  return p;
}

/* Line breaks in quoted text: LF, CRLF and a lone CR count one each. */
static inline guint
count_lines (const char *p,
             const char *end)
{
  guint n = 0;

#if WORDS
  /* skip what holds neither CR nor LF */
  for (; end - p >= 8; p += 8)
    {
      guint64 w;

      memcpy (&w, p, 8);
      if (flag_newline (w) != 0)
        break;
    }
#endif
  for (const char *c = p; c < end; c++)
    if (*c == '\n' || (*c == '\r' && (c + 1 >= end || c[1] != '\n')))
      n++;
  return n;
}

/* Skips blank lines from @p; a CR at @limit waits for what follows unless @at_end. */
static inline char *
skip_blank_lines (char       *p,
                  const char *limit,
                  gboolean    at_end,
                  guint      *lineno)
{
  while (p < limit && (*p == '\n' || *p == '\r'))
    {
      if (*p == '\r')
        {
          if (p + 1 < limit && p[1] == '\n')
            p++;
          else if (p + 1 == limit && !at_end)
            break;
        }
      p++;
      (*lineno)++;
    }
  return p;
}

/* Quoted text from *@p (past the opening quote), unescaped to *@w, up to and past its
 * closing quote. Returns: FALSE when no closing quote comes before @limit */
static inline gboolean
unquote (char      **p,
         char      **w,
         const char *limit,
         guint      *lineno)
{
  for (;;)
    {
      char *q = memchr (*p, '"', limit - *p);

      if (q == NULL)
        return FALSE;
      *lineno += count_lines (*p, q);
      if (*w != *p)
        memmove (*w, *p, q - *p);
      *w += q - *p;
      *p = q + 1;
      if (*p < limit && **p == '"')
        {
          *(*w)++ = '"';
          (*p)++;
          continue;
        }
      return TRUE;
    }
}

/**
 * ms_csv_cursor_next:
 * @fields: (inout): room for the fields, grown as needed
 * @n_allocated: (inout): the room in @fields
 * @n_fields: (out): fields in the record
 * @line: (out): the line the record starts on; for %MS_CSV_UNCLOSED the
 *   line the quote opened on
 *
 * Reads the record at the cursor and moves past it, leaving its fields
 * unescaped and NUL-terminated in the buffer.
 */
MsCsvStatus
ms_csv_cursor_next (MsCsvCursor  *self,
                    MsCsvField  **fields,
                    guint        *n_allocated,
                    guint        *n_fields,
                    guint        *line)
{
  char *p = self->p;
  char *limit = self->limit;
  gboolean at_end = limit >= self->end;
  guint lineno = self->line;
  char *record;
  guint n = 0;

  p = skip_blank_lines (p, limit, at_end, &lineno);
  self->p = p;
  self->line = lineno;
  if (p >= limit || *p == '\n' || *p == '\r')
    return MS_CSV_END;

  record = p;
  for (;;)
    {
      char *start, *w, *s;
      char terminator;

      if (n == *n_allocated)
        {
          *n_allocated = MAX (16, 2 * *n_allocated);
          *fields = g_renew (MsCsvField, *fields, *n_allocated);
        }

      if (p < limit && *p == '"')
        {
          guint opened = lineno;

          start = w = ++p;
          if (!unquote (&p, &w, limit, &lineno))
            {
              if (!at_end)
                goto crossed;
              *line = opened;
              return MS_CSV_UNCLOSED;
            }
        }
      else
        start = w = p;

      /* Unquoted text, or what follows a closing quote, up to , or EOL. */
      s = p;
      p = find_special (p, limit);
      if (p >= limit && !at_end)
        goto crossed;
      if (w != s)
        memmove (w, s, p - s);
      w += p - s;

      terminator = p < limit ? *p : '\0';
      if (terminator == '\r' && p + 1 == limit && !at_end)
        goto crossed;
      *w = '\0';
      (*fields)[n].text = start;
      (*fields)[n].length = (gsize) (w - start);
      n++;

      if (terminator == ',')
        {
          p++;
          continue;
        }
      if (terminator == '\r')
        {
          p++;
          if (p < limit && *p == '\n')
            p++;
          lineno++;
        }
      else if (terminator == '\n')
        {
          p++;
          lineno++;
        }
      break;
    }

  *line = self->line;
  *n_fields = n;
  self->p = p;
  self->line = lineno;
  return MS_CSV_RECORD;

crossed:
  /* self->p and self->line are still at the record's start */
  g_assert (self->p == record);
  return MS_CSV_CROSSED;
}

/* ------------------------------------------------------------------------ */
/* The reader                                                               */

MsCsvReader *
ms_csv_reader_new (const char *data,
                   gsize       length)
{
  MsCsvReader *self = g_new0 (MsCsvReader, 1);

  self->text = g_malloc (length + 1);
  if (length > 0)
    memcpy (self->text, data, length);
  self->text[length] = '\0';
  self->cursor.p = self->text;
  self->cursor.limit = self->cursor.end = self->text + length;
  self->cursor.line = 1;
  return self;
}

void
ms_csv_reader_free (MsCsvReader *self)
{
  if (self == NULL)
    return;
  g_free (self->fields);
  g_free (self->text);
  g_free (self);
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
  guint line = 0;

  self->n_fields = 0;
  switch (ms_csv_cursor_next (&self->cursor, &self->fields, &self->n_allocated, &self->n_fields,
                              &line))
    {
    case MS_CSV_RECORD:
      self->record_line = line;
      return TRUE;
    case MS_CSV_UNCLOSED:
      ms_csv_set_unclosed_error (error, line);
      return FALSE;
    case MS_CSV_END:
    case MS_CSV_CROSSED:   /* the limit is the end: not reached */
    default:
      return FALSE;
    }
}

guint
ms_csv_reader_get_n_fields (MsCsvReader *self)
{
  return self->n_fields;
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
  if (index >= self->n_fields)
    return NULL;
  return self->fields[index].text;
}

guint
ms_csv_reader_get_line (MsCsvReader *self)
{
  return self->record_line;
}
