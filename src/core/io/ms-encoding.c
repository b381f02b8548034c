/* ms-encoding.c — the text encodings of CSV files: detect and convert
 *
 * Detection, in order: a UTF-8 byte-order mark means UTF-8 (the mark is
 * dropped); bytes that are valid UTF-8 are UTF-8; otherwise the bytes are
 * converted from CP932 (Shift_JIS as Excel and Windows write it, a superset of
 * JIS X 0208 with NEC and IBM extensions such as ① and ㈱). Anything else is an
 * error. Pure ASCII counts as UTF-8, which is also correct Shift_JIS.
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
  g_autoptr(GError) local_error = NULL;
  MsEncoding encoding = MS_ENCODING_UTF8;
  gsize written = 0;
  char *utf8;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && memcmp (data, BOM, 3) == 0)
    {
      data += 3;
      length -= 3;
      encoding = MS_ENCODING_UTF8_BOM;
    }

  if (g_utf8_validate_len (data, length, NULL))
    {
      utf8 = g_malloc (length + 1);
      memcpy (utf8, data, length);
      utf8[length] = '\0';
      written = length;
    }
  else if (encoding == MS_ENCODING_UTF8_BOM)
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                           _("The file starts as UTF-8 but has bytes that are not UTF-8. Save it "
                             "again as “CSV UTF-8” and retry."));
      return NULL;
    }
  else
    {
      utf8 = g_convert (data, length, "UTF-8", "CP932", NULL, &written, &local_error);
      if (utf8 == NULL)
        {
          g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                               _("The file is neither UTF-8 nor Shift_JIS. Save it as "
                                 "“CSV UTF-8” and retry."));
          return NULL;
        }
      encoding = MS_ENCODING_SHIFT_JIS;
    }

  if (detected != NULL)
    *detected = encoding;
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
