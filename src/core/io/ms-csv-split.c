/* ms-csv-split.c — a CSV file's text, decoded and cut into chunks to parse at once
 *
 * A large CSV file is parsed by as many threads as there are processors, each
 * over a chunk of the text, in place in one writable buffer. Three steps:
 *
 *   1. ms_csv_split_new() decodes the file in pieces cut just after a line
 *      feed, one thread each (ms_encoding_to_utf8_pieces()). Each thread then
 *      copies its piece into the buffer and counts its double quotes and line
 *      breaks. ms_csv_split_new_take() takes a buffer of the caller's instead:
 *      UTF-8 is parsed where it is, without a copy.
 *   2. ms_csv_split_get_chunks() cuts chunks where a piece starts, if an even
 *      number of quotes comes before it: outside a quoted field, a line feed
 *      ends a record. After an odd number it moves on to the first line feed
 *      after which the count is even again. It also tells how many records
 *      each chunk holds at most: the line breaks after an even number of
 *      quotes, so the caller can lay out the rows of all chunks in one array.
 *   3. Each chunk is parsed by a thread of its own (ms_csv_cursor_next()).
 *
 * The cut is a guess: a quote inside an unquoted field (5" screen) is kept
 * as text by the reader and does not open a quoted field, so it throws the
 * count off (and the number of records with it). So the parser of a chunk
 * parses records while they start before the next chunk, never reading past
 * it, and says where it stopped; the next chunk's records are kept only if
 * that is exactly where the next chunk starts. Otherwise the caller copies
 * the decoded text back from where the parser stopped (ms_csv_split_restore(),
 * since the other parsers changed it) and parses the rest in one go: slower,
 * never wrong. A text parsed where the caller put it cannot be restored; the
 * caller starts over from the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>

#include "ms-csv-split.h"
#include "ms-parallel.h"

/* A piece's double quotes and line breaks (LF, CRLF, lone CR: one each). */
typedef struct
{
  gboolean odd;          /* an odd number of quotes */
  gsize    n_ends[2];    /* breaks after an even [0] or odd [1] number of the piece's quotes */
  gboolean cr_last;      /* (while counting) the last byte was a CR */
} Count;

struct _MsCsvSplit
{
  MsEncoding       encoding;
  MsEncodingPiece *pieces;     /* the decoded text, piece by piece */
  guint            n_pieces;
  Count           *counts;     /* for each piece */
  gpointer         buffer;     /* the allocation that holds the text */
  char            *text;       /* writable, length + 1 bytes, parsed in place */
  gsize            length;
  gboolean         pristine;   /* the pieces are not the text: it can be restored */
};

/* ------------------------------------------------------------------------ */
/* Counting                                                                 */

/* Eight bytes at a time: bit 7 of each byte of match_byte() is set exactly
 * when that byte of @w is @c (~(((t & 0x7f) + 0x7f) | t) has bit 7 set
 * when the byte t is 0, with no carry between bytes). */
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)

static inline guint64
match_byte (guint64 w,
            guchar  c)
{
  guint64 t = w ^ (ONES * c);

  return ~(((t & (ONES * 0x7f)) + ONES * 0x7f) | t) & (ONES * 0x80);
}

/* The sum of the eight bytes of @v. */
static inline gsize
sum_bytes (guint64 v)
{
  v = (v & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF)) +
      ((v >> 8) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF));
  return (gsize) ((v * G_GUINT64_CONSTANT (0x0001000100010001)) >> 48);
}

/* A CR is a line break, and so is an LF but right after a CR. Whether one
 * comes after an odd number of quotes is the prefix XOR of the quote bits:
 * bit 7 of byte j of inside, after the three shifts, is the parity of the
 * quotes in bytes 0…j of the word (little-endian: byte 0 comes first). */
static void
count_block (Count      *count,
             const char *p,
             gsize       length)
{
  gsize i = 0;

  while (i + 8 <= length)
    {
      guint64 even = 0, odd = 0;   /* per byte, at most 255 before summing */

      for (guint k = 0; k < 255 && i + 8 <= length; k++, i += 8)
        {
          guint64 w, quotes, lf, cr, inside, ends;

          memcpy (&w, p + i, 8);
          w = GUINT64_FROM_LE (w);
          quotes = match_byte (w, '"');
          lf = match_byte (w, '\n');
          cr = match_byte (w, '\r');
          inside = quotes ^ (quotes << 8);
          inside ^= inside << 16;
          inside ^= inside << 32;
          if (count->odd)
            inside ^= ONES * 0x80;

          ends = cr | (lf & ~(cr << 8));
          if (count->cr_last && (lf & 0x80) != 0)
            ends &= ~(guint64) 0x80;   /* the LF of a CRLF cut by the word */
          even += (ends & ~inside) >> 7;
          odd += (ends & inside) >> 7;
          count->odd = (inside >> 63) & 1;
          count->cr_last = (cr >> 63) & 1;
        }
      count->n_ends[0] += sum_bytes (even);
      count->n_ends[1] += sum_bytes (odd);
    }

  for (; i < length; i++)
    {
      if (p[i] == '"')
        count->odd = !count->odd;
      else if (p[i] == '\r' || (p[i] == '\n' && !count->cr_last))
        count->n_ends[count->odd]++;
      count->cr_last = p[i] == '\r';
    }
}

/* Copies a piece into the buffer (unless it is there already), counting
 * each block while it is in the cache. */
static void
copy_piece (Count      *count,
            char       *dst,
            const char *src,
            gsize       length)
{
  const gsize block = 16 * 1024;

  for (gsize start = 0; start < length; start += block)
    {
      gsize n = MIN (block, length - start);

      if (dst != src)
        memcpy (dst + start, src + start, n);
      count_block (count, dst + start, n);
    }
}

static void
copy_piece_job (guint    index,
                gpointer user_data)
{
  MsCsvSplit *self = user_data;
  const MsEncodingPiece *piece = &self->pieces[index];

  copy_piece (&self->counts[index], self->text + piece->offset, piece->text, piece->length);
}

/* ------------------------------------------------------------------------ */

static MsCsvSplit *
split_new (const char  *data,
           gsize        length,
           guint        n_threads,
           char        *buffer,
           GError     **error)
{
  g_autoptr(MsCsvSplit) self = g_new0 (MsCsvSplit, 1);
  const MsEncodingPiece *last;

  self->pieces = ms_encoding_to_utf8_pieces (data, length, MAX (n_threads, 1), &self->encoding,
                                             &self->n_pieces, error);
  if (self->pieces == NULL)
    {
      g_free (buffer);
      return NULL;
    }

  last = &self->pieces[self->n_pieces - 1];
  self->length = last->offset + last->length;
  if (buffer != NULL && self->pieces[0].owned == NULL)
    {
      /* UTF-8 in the caller's buffer: the text is there already */
      self->buffer = buffer;
      self->text = buffer + (self->encoding == MS_ENCODING_UTF8_BOM ? 3 : 0);
    }
  else
    {
      g_free (buffer);
      self->buffer = self->text = g_malloc (self->length + 1);
      self->pristine = TRUE;
    }
  self->text[self->length] = '\0';

  self->counts = g_new0 (Count, self->n_pieces);
  ms_parallel_run (self->n_pieces, copy_piece_job, self);
  return g_steal_pointer (&self);
}

/**
 * ms_csv_split_new:
 * @n_threads: how many chunks at most (1: one chunk, nothing in parallel)
 *
 * Decodes @data (which must outlive the split) into a buffer of its own.
 * Fails as ms_encoding_to_utf8() does.
 */
MsCsvSplit *
ms_csv_split_new (const char  *data,
                  gsize        length,
                  guint        n_threads,
                  GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  return split_new (data, length, n_threads, NULL, error);
}

/**
 * ms_csv_split_new_take:
 * @data: (transfer full): @length bytes and one more, writable
 *
 * As ms_csv_split_new(), but UTF-8 is parsed in @data itself, which saves
 * the copy (and the memory) but cannot be restored.
 */
MsCsvSplit *
ms_csv_split_new_take (char    *data,
                       gsize    length,
                       guint    n_threads,
                       GError **error)
{
  g_return_val_if_fail (data != NULL, NULL);

  return split_new (data, length, n_threads, data, error);
}

void
ms_csv_split_free (MsCsvSplit *self)
{
  if (self == NULL)
    return;
  ms_encoding_pieces_free (self->pieces, self->n_pieces);
  g_free (self->counts);
  g_free (self->buffer);
  g_free (self);
}

MsEncoding
ms_csv_split_get_encoding (MsCsvSplit *self)
{
  return self->encoding;
}

/**
 * ms_csv_split_get_text:
 * @length: (out): bytes, without the NUL after them
 *
 * Returns: the text, writable
 */
char *
ms_csv_split_get_text (MsCsvSplit *self,
                       gsize      *length)
{
  *length = self->length;
  return self->text;
}

/* Returns: (transfer full): the allocation that holds the text, which the
 * split no longer frees */
gpointer
ms_csv_split_steal_buffer (MsCsvSplit *self)
{
  self->text = NULL;
  return g_steal_pointer (&self->buffer);
}

/**
 * ms_csv_split_restore:
 *
 * Copies the decoded text from @from to the end into the buffer again,
 * undoing what parsing in place changed there.
 *
 * Returns: FALSE if the text was parsed in the caller's buffer: there is no
 *   copy to restore it from
 */
gboolean
ms_csv_split_restore (MsCsvSplit *self,
                      gsize       from)
{
  if (!self->pristine)
    return FALSE;
  for (guint i = 0; i < self->n_pieces; i++)
    {
      const MsEncodingPiece *piece = &self->pieces[i];
      gsize piece_end = piece->offset + piece->length;

      if (piece_end <= from)
        continue;
      from = MAX (from, piece->offset);
      memcpy (self->text + from, piece->text + (from - piece->offset), piece_end - from);
    }
  return TRUE;
}

guint
ms_csv_split_get_max_chunks (MsCsvSplit *self)
{
  return self->n_pieces;
}

/* Where to cut at piece @i, with an odd number of quotes before it: just
 * after the first line feed after which the number is even, or 0. Counts the
 * line breaks before it, which are the previous chunk's. */
static gsize
find_cut (const MsEncodingPiece *piece,
          gsize                 *n_ends)
{
  gboolean inside = TRUE;

  *n_ends = 0;
  for (gsize j = 0; j < piece->length; j++)
    {
      char c = piece->text[j];

      if (c == '"')
        inside = !inside;
      else if (!inside && (c == '\r' || (c == '\n' && (j == 0 || piece->text[j - 1] != '\r'))))
        (*n_ends)++;
      if (c == '\n' && !inside)
        return piece->offset + j + 1;
    }
  return 0;
}

/**
 * ms_csv_split_get_chunks:
 * @first: where the first chunk starts (after the header)
 * @first_line: the line @first is on: the line breaks before it are not
 *   the first chunk's
 * @starts: (out caller-allocates): room for ms_csv_split_get_max_chunks() + 1
 *   offsets; chunk i is [starts[i], starts[i + 1]), and the last is the length
 * @max_records: (out caller-allocates): room for ms_csv_split_get_max_chunks()
 *   numbers: how many records each chunk holds at most, unless a quote stands
 *   inside an unquoted field (then one but the last may hold more). Exact
 *   for all but the last when no line is blank and no field spans lines
 *
 * Call before parsing: the cuts are read from the text.
 *
 * Returns: the number of chunks (at least 1)
 */
guint
ms_csv_split_get_chunks (MsCsvSplit *self,
                         gsize       first,
                         guint       first_line,
                         gsize      *starts,
                         gsize      *max_records)
{
  gboolean odd = FALSE;                      /* quotes before piece i */
  gssize n_ends = -(gssize) (first_line - 1);  /* line breaks of the current chunk */
  gssize n_all = n_ends;                     /* the same, quoted or not */
  guint n = 0;

  starts[n++] = first;
  for (guint i = 0; i < self->n_pieces; i++)
    {
      const MsEncodingPiece *piece = &self->pieces[i];
      gsize at = piece->offset, shifted = 0;

      if (i > 0 && odd)
        at = find_cut (piece, &shifted);
      if (i > 0 && at > starts[n - 1] && at < self->length)
        {
          /* the breaks before the cut are the previous chunk's, not this one's */
          max_records[n - 1] = (gsize) MAX (n_ends + (gssize) shifted, 0);
          n_ends = -(gssize) shifted;
          n_all = 0;
          starts[n++] = at;
        }
      n_ends += (gssize) self->counts[i].n_ends[odd];
      n_all += (gssize) (self->counts[i].n_ends[0] + self->counts[i].n_ends[1]);
      odd ^= self->counts[i].odd;
    }
  /* The last chunk gets room for every line, quoted or not (nothing comes
   * after it to be moved), so that a stray quote does not make it run out;
   * and for a last record with no line break after it. */
  max_records[n - 1] = (gsize) MAX (n_all, 0) + 1;
  starts[n] = self->length;
  return n;
}
