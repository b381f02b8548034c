/* ms-mapped-file.c — give back the pages of read-only file mappings
 *
 * A read-only mapping of a file (MeCab's dictionary, 50 MB) keeps each page
 * the process has touched in its resident set, though the same page is in
 * the page cache once for every process that reads the file. A pass that
 * touches much of the file once — compiling the lemma patterns looks up
 * thousands of words — would leave some 35 MB resident that scoring a
 * message never reads again. Dropping the process's references costs
 * nothing: the page cache keeps the pages (shared, reclaimable), and what
 * is read again comes back as a minor fault. Only read-only file mappings
 * are touched, so no data can be lost (a private page that was written
 * would be; a read-only mapping has none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-core"

#include "config.h"

#include <stdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "ms-mapped-file.h"

/**
 * ms_mapped_file_get_dictionary_dir:
 *
 * Returns: the folder of MeCab's dictionary, as the tokenizer finds it
 *   (MSGSCORE_MECAB_DICDIR, or the one configured at build time)
 */
const char *
ms_mapped_file_get_dictionary_dir (void)
{
  const char *env = g_getenv ("MSGSCORE_MECAB_DICDIR");

  if (env != NULL && env[0] != '\0')
    return env;
  return MS_MECAB_DICDIR;
}

/**
 * ms_mapped_file_release:
 * @dir: a folder
 *
 * Drops this process's resident pages of every read-only mapping of a file
 * in @dir; the files stay mapped, and their pages in the page cache.
 *
 * Returns: the bytes of the mappings released
 */
guint64
ms_mapped_file_release (const char *dir)
{
  guint64 released = 0;
#ifdef __linux__
  g_autofree char *prefix = g_str_has_suffix (dir, "/") ? g_strdup (dir)
                                                         : g_strconcat (dir, "/", NULL);
  FILE *maps = fopen ("/proc/self/maps", "re");
  char line[4096 + 256];

  if (maps == NULL)
    return 0;
  while (fgets (line, sizeof line, maps) != NULL)
    {
      unsigned long start, end;
      char perms[5];
      int path_at = 0;
      char *path;

      if (sscanf (line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path_at) < 3 ||
          path_at == 0)
        continue;
      path = g_strstrip (line + path_at);
      /* Read-only file mappings only: never a page anyone may have written. */
      if (perms[0] != 'r' || perms[1] != '-' || !g_str_has_prefix (path, prefix))
        continue;
      if (madvise ((void *) start, end - start, MADV_DONTNEED) == 0)
        released += end - start;
    }
  fclose (maps);
#endif
  return released;
}
