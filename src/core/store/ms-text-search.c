/* ms-text-search.c — the History search's SQL function
 *
 *   ms_text_contains (needle, text, …)  1 if any text holds needle, else 0
 *
 * The same match as `text LIKE '%needle%'` with every wildcard escaped
 * (SQLite's LIKE without ICU: ASCII letters match either case, everything
 * else matches exactly), in one call for all the columns searched. LIKE
 * reads the pattern character by character for every row and column; this
 * scans bytes (memchr to each candidate), which, with the covering index of
 * migration 6, takes a search over 100,000 saved scorings from about 70 ms
 * to under half of that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>

#include "ms-store-private.h"
#include "ms-text-search.h"

/* As g_ascii_tolower(), inline: it runs once per byte searched. */
static inline guchar
fold (guchar c)
{
  return c >= 'A' && c <= 'Z' ? (guchar) (c + ('a' - 'A')) : c;
}

/**
 * _ms_text_contains:
 * @needle: already folded (ASCII letters in lower case)
 *
 * Returns: whether @haystack holds @needle, ASCII letters in either case
 */
gboolean
_ms_text_contains (const char *haystack,
                   gsize       haystack_len,
                   const char *needle,
                   gsize       needle_len)
{
  const guchar *h = (const guchar *) haystack;
  const guchar *n = (const guchar *) needle;
  guchar first = n[0];
  gboolean letter = first >= 'a' && first <= 'z';

  if (needle_len == 0)
    return TRUE;
  if (haystack_len < needle_len)
    return FALSE;

  for (gsize i = 0; i + needle_len <= haystack_len; i++)
    {
      gsize k;

      if (!letter)
        {
          const guchar *at = memchr (h + i, first, haystack_len - needle_len + 1 - i);

          if (at == NULL)
            return FALSE;
          i = (gsize) (at - h);
        }
      else if (fold (h[i]) != first)
        continue;

      for (k = 1; k < needle_len && fold (h[i + k]) == n[k]; k++)
        ;
      if (k == needle_len)
        return TRUE;
    }
  return FALSE;
}

static void
text_contains_func (sqlite3_context  *context,
                    int               argc,
                    sqlite3_value   **argv)
{
  g_autofree char *folded = NULL;
  const char *needle;
  gboolean found = FALSE;

  if (argc < 1 || sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  /* The needle is the same for every row of a statement: fold it once and
   * keep it with the statement. */
  needle = sqlite3_get_auxdata (context, 0);
  if (needle == NULL)
    {
      const char *text = (const char *) sqlite3_value_text (argv[0]);

      folded = g_strdup (text != NULL ? text : "");
      for (char *p = folded; *p != '\0'; p++)
        *p = (char) fold ((guchar) *p);
      needle = folded;
    }

  for (int i = 1; i < argc && !found; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      found = text != NULL && _ms_text_contains (text, (gsize) sqlite3_value_bytes (argv[i]),
                                                 needle, strlen (needle));
    }
  sqlite3_result_int (context, found);

  /* last: SQLite may free it at once */
  if (folded != NULL)
    sqlite3_set_auxdata (context, 0, g_steal_pointer (&folded), g_free);
}

gboolean
_ms_text_search_register (sqlite3  *db,
                          GError  **error)
{
  int rc = sqlite3_create_function_v2 (db, "ms_text_contains", -1,
                                       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                       NULL, text_contains_func, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _ms_set_sqlite_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}
