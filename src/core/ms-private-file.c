/* ms-private-file.c — database files only their owner can read
 *
 * The server's database holds password and token hashes; a profile's holds
 * the sign-in state and every saved message. SQLite creates a database with
 * the process's umask (0644 usually) when the folder is not private, and
 * its -wal and -shm files with the database's mode. So before SQLite opens
 * one, the database is created 0600 if missing, and it and the files beside
 * it are set to 0600 if they exist with more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "ms-private-file.h"

static gboolean
set_error_from_errno (GError     **error,
                      const char  *path,
                      int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", path,
               g_strerror (saved_errno));
  return FALSE;
}

/**
 * ms_private_file_prepare_database:
 * @path: an SQLite database, there or not
 *
 * Creates @path with mode 0600 if it is missing, and takes every permission
 * but the owner's from it and its -wal, -shm and -journal files.
 */
gboolean
ms_private_file_prepare_database (const char  *path,
                                  GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_error_from_errno (error, path, errno);
  close (fd);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0)
        {
          if (errno == ENOENT)
            continue;
          return set_error_from_errno (error, file, errno);
        }
      if ((st.st_mode & 0077) != 0 && g_chmod (file, st.st_mode & 0700) != 0)
        return set_error_from_errno (error, file, errno);
    }
  return TRUE;
}
