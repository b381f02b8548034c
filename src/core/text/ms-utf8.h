/* ms-utf8.h — reading valid UTF-8 one character at a time, inline
 *
 * For the hot loops over text that is already known to be valid (the
 * normaliser's output): g_utf8_get_char() is a call per character, which
 * costs more than the work around it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The character at @p of valid UTF-8; *@next is set to the one after it. */
static inline gunichar
ms_utf8_decode (const char  *p,
                const char **next)
{
  const guchar *s = (const guchar *) p;

  if (s[0] < 0x80)
    {
      *next = p + 1;
      return s[0];
    }
  if (s[0] < 0xE0)
    {
      *next = p + 2;
      return ((gunichar) (s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
  if (s[0] < 0xF0)
    {
      *next = p + 3;
      return ((gunichar) (s[0] & 0x0F) << 12) | ((gunichar) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
  *next = p + 4;
  return ((gunichar) (s[0] & 0x07) << 18) | ((gunichar) (s[1] & 0x3F) << 12) |
         ((gunichar) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

G_END_DECLS
