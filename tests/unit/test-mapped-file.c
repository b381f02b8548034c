/* test-mapped-file.c — giving back the pages of read-only file mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "ms-mapped-file.h"
#include "score/ms-rule-set.h"

#define SIZE (4 * 1024 * 1024)

/* Resident KiB of this process's mappings of @path. */
static long
resident_kib (const char *path)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in = FALSE;
  long kib = 0;

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_isxdigit (lines[i][0]) && strchr (lines[i], '-') != NULL &&
          strchr (lines[i], ' ') != NULL)
        in = g_str_has_suffix (lines[i], path);
      else if (in && g_str_has_prefix (lines[i], "Rss:"))
        kib += strtol (lines[i] + 4, NULL, 10);
    }
  return kib;
}

static char *
make_file (const char *dir,
           const char *name,
           char        fill)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = g_malloc (SIZE);

  memset (data, fill, SIZE);
  g_assert_true (g_file_set_contents (path, data, SIZE, NULL));
  return path;
}

static void *
map_file (const char *path,
          int         prot,
          int         flags)
{
  int fd = open (path, O_RDONLY);
  void *p;

  g_assert_cmpint (fd, >=, 0);
  p = mmap (NULL, SIZE, prot, flags, fd, 0);
  close (fd);
  g_assert_true (p != MAP_FAILED);
  return p;
}

static guint64
sum (const guchar *p)
{
  guint64 total = 0;

  for (gsize i = 0; i < SIZE; i += 512)
    total += p[i];
  return total;
}

/* A read-only mapping's pages leave the process and come back on reading,
 * unchanged; a private mapping that was written keeps what was written. */
static void
test_release (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ms-mapped-XXXXXX", NULL);
  g_autofree char *shared = make_file (dir, "shared.bin", 7);
  g_autofree char *written = make_file (dir, "written.bin", 1);
  const guchar *ro = map_file (shared, PROT_READ, MAP_SHARED);
  guchar *rw = map_file (written, PROT_READ | PROT_WRITE, MAP_PRIVATE);
  g_autofree char *other = g_strconcat (dir, "-other", NULL);

  g_assert_cmpuint (sum (ro), ==, (guint64) 7 * (SIZE / 512));
  memset (rw, 9, SIZE);
  g_assert_cmpint (resident_kib (shared), >=, SIZE / 1024 / 2);

  /* A folder whose name only starts the same is not this one. */
  g_assert_cmpuint (ms_mapped_file_release (other), ==, 0);
  g_assert_cmpint (resident_kib (shared), >=, SIZE / 1024 / 2);

  g_assert_cmpuint (ms_mapped_file_release (dir), ==, SIZE);
  g_assert_cmpint (resident_kib (shared), <, 64);
  g_assert_cmpint (resident_kib (written), >=, SIZE / 1024 / 2);
  g_assert_cmpuint (sum (rw), ==, (guint64) 9 * (SIZE / 512));
  g_assert_cmpuint (sum (ro), ==, (guint64) 7 * (SIZE / 512));

  munmap ((void *) ro, SIZE);
  munmap (rw, SIZE);
  g_unlink (shared);
  g_unlink (written);
  g_rmdir (dir);
}

/* Compiling the built-in rules reads much of MeCab's dictionary; afterwards
 * little of it is left in the process, and the rules still score. */
static void
test_dictionary_after_rules (void)
{
  const char *dir = ms_mapped_file_get_dictionary_dir ();
  g_autofree char *sys_dic = g_build_filename (dir, "sys.dic", NULL);

  if (!g_file_test (sys_dic, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no MeCab dictionary");
      return;
    }
  g_assert_nonnull (ms_rule_set_get_default ());
  g_assert_cmpint (resident_kib (sys_dic), <, 8 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ms/mapped-file/release", test_release);
  g_test_add_func ("/ms/mapped-file/dictionary-after-rules", test_dictionary_after_rules);
  return g_test_run ();
}
