/* ms-encoding.c — the text encodings of CSV files: detect and convert
 *
 * Detection, in order: a NUL byte is an error whatever the encoding (no CSV
 * text has one: it is UTF-16, a damaged file or not a text file), named by
 * its line, so that a UTF-8 file with one is not read as Shift_JIS mojibake;
 * a UTF-8 byte-order mark means UTF-8 (the mark is dropped, and so are more
 * marks after it, which a file saved twice has: the header would start with
 * an invisible one); bytes that are valid UTF-8 are UTF-8; otherwise the bytes are
 * converted from CP932 (Shift_JIS as Excel and Windows write it, a superset of
 * JIS X 0208 with NEC and IBM extensions such as ① and ㈱). Anything else is an
 * error. Pure ASCII counts as UTF-8, which is also correct Shift_JIS.
 *
 * ms_encoding_to_utf8_pieces() decodes a large file in pieces at once, one
 * thread each, with the same result as ms_encoding_to_utf8() put end to end.
 *
 * Writing Shift_JIS replaces characters that have no CP932 form (emoji, some
 * symbols) with "?" rather than failing, since Excel users ask for Shift_JIS
 * precisely to open the file; the UTF-8 forms keep everything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-io"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-encoding.h"
#include "ms-parallel.h"

#define BOM "\xEF\xBB\xBF"

const char *
ms_encoding_to_string (MsEncoding encoding)
{
  switch (encoding)
    {
    case MS_ENCODING_UTF8: return "utf-8";
    case MS_ENCODING_UTF8_BOM: return "utf-8-bom";
    case MS_ENCODING_SHIFT_JIS: return "shift_jis";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * ms_encoding_from_string:
 * @name: "utf-8", "utf-8-bom", "shift_jis" (also "sjis", "cp932"), any case
 */
gboolean
ms_encoding_from_string (const char *name,
                         MsEncoding *encoding)
{
  g_return_val_if_fail (encoding != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "utf-8") == 0 || g_ascii_strcasecmp (name, "utf8") == 0)
    *encoding = MS_ENCODING_UTF8;
  else if (g_ascii_strcasecmp (name, "utf-8-bom") == 0 ||
           g_ascii_strcasecmp (name, "utf-8-sig") == 0)
    *encoding = MS_ENCODING_UTF8_BOM;
  else if (g_ascii_strcasecmp (name, "shift_jis") == 0 ||
           g_ascii_strcasecmp (name, "shift-jis") == 0 ||
           g_ascii_strcasecmp (name, "sjis") == 0 ||
           g_ascii_strcasecmp (name, "cp932") == 0 ||
           g_ascii_strcasecmp (name, "windows-31j") == 0)
    *encoding = MS_ENCODING_SHIFT_JIS;
  else
    return FALSE;
  return TRUE;
}

/* Pieces are cut just after a line feed, and decoded at once, one thread
 * each (ms-parallel.c). Cutting there changes nothing: 0x0A is a whole
 * character in UTF-8 and in CP932 (never the second byte of a Shift_JIS
 * pair), so the bytes are valid UTF-8 exactly when every piece is, and the
 * CP932 conversion of the whole is the conversion of the pieces put end to
 * end. UTF-8 is validated in blocks, each cut before a byte that starts a
 * character, so a piece can stop once another has failed: a Shift_JIS file
 * fails within its first Japanese word. */
#define VALIDATE_BLOCK (64 * 1024)

typedef struct
{
  const char      *data;
  const gsize     *bounds;   /* piece i is data[bounds[i], bounds[i + 1]) */
  MsEncodingPiece *pieces;
  gint             failed;   /* atomic: a piece is not valid */
} Decode;

/* Exactly what g_utf8_validate_len() accepts (well-formed UTF-8 with no
 * NUL: no overlong forms, surrogates or code points past U+10FFFF), twice as
 * fast on Japanese CSV text, where most time went on mispredicted branches
 * between ASCII and kana or kanji: each run is checked in a loop of its own,
 * ASCII eight bytes at a time and three-byte characters one load each. */
static gboolean
utf8_valid (const char *text,
            gsize       length)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = ones * 0x80;
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  while (p < end)
    {
      guchar c;

      /* ASCII but NUL: eight bytes with no high bit and no zero byte */
      for (; end - p >= 8; p += 8)
        {
          guint64 w;

          memcpy (&w, p, 8);
          if (((w | ((w - ones) & ~w)) & highs) != 0)
            break;
        }
      while (p < end && (guchar) (*p - 1) < 0x7f)
        p++;

      /* 1110xxxx 10xxxxxx 10xxxxxx, but for E0 and ED (more checks below) */
      for (; end - p >= 4; p += 3)
        {
          guint32 w;

          memcpy (&w, p, 4);
          w = GUINT32_FROM_LE (w);
          if ((w & 0xC0C0F0) != 0x8080E0 || (w & 0xFF) == 0xE0 || (w & 0xFF) == 0xED)
            break;
        }
      if (p >= end)
        break;

      /* one character of any kind */
      c = *p;
      if (c < 0x80)
        {
          if (c == 0)
            return FALSE;
          p++;
        }
      else if (c < 0xC2)
        return FALSE;
      else if (c < 0xE0)
        {
          if (end - p < 2 || (p[1] & 0xC0) != 0x80)
            return FALSE;
          p += 2;
        }
      else if (c < 0xF0)
        {
          if (end - p < 3 || (p[2] & 0xC0) != 0x80 ||
              (c == 0xE0 ? (p[1] < 0xA0 || p[1] > 0xBF) :
               c == 0xED ? (p[1] < 0x80 || p[1] > 0x9F) : (p[1] & 0xC0) != 0x80))
            return FALSE;
          p += 3;
        }
      else if (c < 0xF5)
        {
          if (end - p < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80 ||
              (c == 0xF0 ? (p[1] < 0x90 || p[1] > 0xBF) :
               c == 0xF4 ? (p[1] < 0x80 || p[1] > 0x8F) : (p[1] & 0xC0) != 0x80))
            return FALSE;
          p += 4;
        }
      else
        return FALSE;
    }
  return TRUE;
}

static guint
cut_after_newlines (const char *data,
                    gsize       length,
                    guint       n_pieces,
                    gsize      *bounds)
{
  guint n = 0;

  bounds[0] = 0;
  for (guint k = 1; k < n_pieces; k++)
    {
      gsize at = MAX (length / n_pieces * k, bounds[n]);
      const char *newline = memchr (data + at, '\n', length - at);

      if (newline == NULL)
        break;
      at = (gsize) (newline - data) + 1;
      if (at > bounds[n] && at < length)
        bounds[++n] = at;
    }
  bounds[++n] = length;
  return n;
}

static void
validate_piece (guint    index,
                gpointer user_data)
{
  Decode *decode = user_data;
  const char *p = decode->data + decode->bounds[index];
  const char *end = decode->data + decode->bounds[index + 1];

  while (p < end)
    {
      const char *stop = end;

      if (g_atomic_int_get (&decode->failed))
        return;
      if (end - p > VALIDATE_BLOCK)
        {
          stop = p + VALIDATE_BLOCK;
          while (stop < end && ((guchar) *stop & 0xC0) == 0x80)
            stop++;
        }
      if (!utf8_valid (p, stop - p))
        {
          g_atomic_int_set (&decode->failed, TRUE);
          return;
        }
      p = stop;
    }
}

static void
convert_piece (guint    index,
               gpointer user_data)
{
  Decode *decode = user_data;
  MsEncodingPiece *piece = &decode->pieces[index];
  gsize from = decode->bounds[index];
  gsize written = 0;

  if (g_atomic_int_get (&decode->failed))
    return;
  piece->owned = g_convert (decode->data + from, decode->bounds[index + 1] - from, "UTF-8",
                            "CP932", NULL, &written, NULL);
  if (piece->owned == NULL)
    {
      g_atomic_int_set (&decode->failed, TRUE);
      return;
    }
  piece->text = piece->owned;
  piece->length = written;
}

/* A NUL byte is in no CSV text: say where it is rather than guess. */
static gboolean
check_no_nul (const char  *data,
              gsize        length,
              GError     **error)
{
  const char *nul = length > 0 ? memchr (data, '\0', length) : NULL;
  guint line = 1;

  if (nul == NULL)
    return TRUE;
  if (length >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                           _("The file is saved as UTF-16 (Excel’s “Unicode Text”). Save it as "
                             "“CSV UTF-8” and retry."));
      return FALSE;
    }
  for (const char *p = data; (p = memchr (p, '\n', nul - p)) != NULL; p++)
    line++;
  g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
               /* Translators: %u is a line number */
               _("Line %u contains a NUL character, which no CSV text has: the file is damaged "
                 "or is not a CSV file. Save it as “CSV UTF-8” and retry."), line);
  return FALSE;
}

/**
 * ms_encoding_to_utf8_pieces:
 * @n_pieces: how many pieces to decode at once (fewer when the text has
 *   fewer lines)
 * @detected: (out) (optional): the encoding found
 * @n_out: (out): how many pieces there are
 *
 * As ms_encoding_to_utf8() (the same detection, the same errors), with the
 * text in pieces decoded in parallel. UTF-8 pieces point into @data, which
 * must outlive them.
 *
 * Returns: (transfer full) (array length=n_out): the pieces, in order; free
 *   with ms_encoding_pieces_free()
 */
MsEncodingPiece *
ms_encoding_to_utf8_pieces (const char  *data,
                            gsize        length,
                            guint        n_pieces,
                            MsEncoding  *detected,
                            guint       *n_out,
                            GError     **error)
{
  MsEncoding encoding = MS_ENCODING_UTF8;
  g_autofree gsize *bounds = NULL;
  MsEncodingPiece *pieces;
  Decode decode;
  guint n;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (n_out != NULL, NULL);

  if (data == NULL)
    data = "";   /* an empty file: no pointer arithmetic on NULL */
  if (!check_no_nul (data, length, error))
    return NULL;
  while (length >= 3 && memcmp (data, BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
      encoding = MS_ENCODING_UTF8_BOM;
    }
  if (length == 0)
    n_pieces = 1;

  bounds = g_new (gsize, MAX (n_pieces, 1) + 1);
  n = cut_after_newlines (data, length, MAX (n_pieces, 1), bounds);
  pieces = g_new0 (MsEncodingPiece, n);
  decode = (Decode) { data, bounds, pieces, FALSE };

  ms_parallel_run (n, validate_piece, &decode);
  if (!decode.failed)
    {
      for (guint i = 0; i < n; i++)
        {
          pieces[i].text = data + bounds[i];
          pieces[i].length = bounds[i + 1] - bounds[i];
          pieces[i].offset = bounds[i];
        }
    }
  else if (encoding == MS_ENCODING_UTF8_BOM)
    {
      ms_encoding_pieces_free (pieces, n);
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                           _("The file starts as UTF-8 but has bytes that are not UTF-8. Save it "
                             "again as “CSV UTF-8” and retry."));
      return NULL;
    }
  else
    {
      decode.failed = FALSE;
      ms_parallel_run (n, convert_piece, &decode);
      if (decode.failed)
        {
          ms_encoding_pieces_free (pieces, n);
          g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                               _("The file is neither UTF-8 nor Shift_JIS. Save it as "
                                 "“CSV UTF-8” and retry."));
          return NULL;
        }
      for (guint i = 1; i < n; i++)
        pieces[i].offset = pieces[i - 1].offset + pieces[i - 1].length;
      encoding = MS_ENCODING_SHIFT_JIS;
    }

  if (detected != NULL)
    *detected = encoding;
  *n_out = n;
  return pieces;
}

void
ms_encoding_pieces_free (MsEncodingPiece *pieces,
                         guint            n_pieces)
{
  if (pieces == NULL)
    return;
  for (guint i = 0; i < n_pieces; i++)
    g_free (pieces[i].owned);
  g_free (pieces);
}

/**
 * ms_encoding_to_utf8:
 * @detected: (out) (optional): the encoding found
 * @utf8_length: (out) (optional): bytes in the result, without the NUL
 *
 * Returns: (transfer full): the text as NUL-terminated UTF-8, without a BOM
 */
char *
ms_encoding_to_utf8 (const char  *data,
                     gsize        length,
                     MsEncoding  *detected,
                     gsize       *utf8_length,
                     GError     **error)
{
  MsEncodingPiece *pieces;
  gsize written;
  guint n = 0;
  char *utf8;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  pieces = ms_encoding_to_utf8_pieces (data, length, 1, detected, &n, error);
  if (pieces == NULL)
    return NULL;
  g_assert (n == 1);

  written = pieces[0].length;
  if (pieces[0].owned != NULL)
    {
      /* g_convert() ends its result with a NUL */
      utf8 = g_steal_pointer (&pieces[0].owned);
    }
  else
    {
      utf8 = g_malloc (written + 1);
      if (written > 0)
        memcpy (utf8, pieces[0].text, written);
      utf8[written] = '\0';
    }
  ms_encoding_pieces_free (pieces, n);

  if (utf8_length != NULL)
    *utf8_length = written;
  return utf8;
}

/**
 * ms_encoding_from_utf8:
 * @out_length: (out): bytes written
 *
 * Returns: (transfer full): @utf8 in @encoding (with a BOM for
 *   %MS_ENCODING_UTF8_BOM)
 */
char *
ms_encoding_from_utf8 (const char  *utf8,
                       gsize        length,
                       MsEncoding   encoding,
                       gsize       *out_length,
                       GError     **error)
{
  char *out;

  g_return_val_if_fail (utf8 != NULL || length == 0, NULL);
  g_return_val_if_fail (out_length != NULL, NULL);

  switch (encoding)
    {
    case MS_ENCODING_UTF8:
      out = g_malloc (length + 1);
      memcpy (out, utf8, length);
      out[length] = '\0';
      *out_length = length;
      return out;

    case MS_ENCODING_UTF8_BOM:
      out = g_malloc (length + 4);
      memcpy (out, BOM, 3);
      memcpy (out + 3, utf8, length);
      out[length + 3] = '\0';
      *out_length = length + 3;
      return out;

    case MS_ENCODING_SHIFT_JIS:
      out = g_convert_with_fallback (utf8, length, "CP932", "UTF-8", "?", NULL, out_length,
                                     error);
      if (out == NULL)
        g_prefix_error (error, "%s", _("Cannot write Shift_JIS: "));
      return out;

    default:
      g_return_val_if_reached (NULL);
    }
}
