/* ms-test-db.c — the server database of a test: a SQLite file, or a database
 * in a throwaway PostgreSQL cluster
 *
 * MSGSCORE_TEST_BACKEND=postgresql runs a suite on PostgreSQL: the first
 * database a test program asks for starts a cluster of its own (initdb into
 * a temporary folder, as `nobody` when the tests run as root, listening on a
 * unix socket in that folder only, no TCP); each database after that is a
 * new CREATE DATABASE in it; the cluster stops and its folder goes when the
 * program exits (and the postmaster gets SIGINT if the program dies). Without
 * PostgreSQL's binaries (build-aux/install-deps installs them) the program
 * skips with a message that says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "ms-test-db.h"

struct _MsTestPg
{
  char  *dir;
  char  *bindir;
  GPid   pid;
  guint  n_databases;
  uid_t  uid;
  gid_t  gid;
};

gboolean
ms_test_db_is_pg (void)
{
  return g_strcmp0 (g_getenv ("MSGSCORE_TEST_BACKEND"), "postgresql") == 0;
}

/* The newest /usr/lib/postgresql/N/bin, or MSGSCORE_PG_BINDIR. */
static char *
find_bindir (void)
{
  const char *env = g_getenv ("MSGSCORE_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int best = 0;

  if (env != NULL)
    return g_strdup (env);
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int version = atoi (name);
      g_autofree char *initdb = g_strdup_printf ("/usr/lib/postgresql/%s/bin/initdb", name);

      if (version > best && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        best = version;
    }
  if (best == 0)
    return NULL;
  return g_strdup_printf ("/usr/lib/postgresql/%d/bin", best);
}

/**
 * ms_test_db_check_backend:
 *
 * Call after g_test_init(). On PostgreSQL without its binaries, prints a
 * TAP plan that skips the whole program and says why, and returns FALSE:
 * main() then returns 0.
 */
gboolean
ms_test_db_check_backend (void)
{
  g_autofree char *bindir = NULL;

  if (!ms_test_db_is_pg ())
    return TRUE;
  bindir = find_bindir ();
  if (bindir != NULL)
    return TRUE;
  printf ("1..0 # SKIP PostgreSQL server binaries (initdb, postgres) not found in "
          "/usr/lib/postgresql/*/bin: install the postgresql package (build-aux/install-deps)\n");
  return FALSE;
}

typedef struct
{
  uid_t uid;
  gid_t gid;
} Ids;

static void
child_setup (gpointer data)
{
  Ids *ids = data;

  if (ids->uid != getuid ())
    {
      if (setgid (ids->gid) != 0 || setuid (ids->uid) != 0)
        _exit (127);
    }
  /* Set after the uid changed (a change of uid clears it). */
  prctl (PR_SET_PDEATHSIG, SIGINT);
}

static gboolean
run (MsTestPg    *pg,
     const char  *tool,
     const char **args,
     GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Ids ids = { pg->uid, pg->gid };
  int status = 0;

  g_ptr_array_add (argv, g_build_filename (pg->bindir, tool, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync ("/", (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, child_setup, &ids,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", tool, err);
      return FALSE;
    }
  return TRUE;
}

static char *
conninfo (MsTestPg   *pg,
          const char *dbname)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=msgscore", dbname, pg->dir);
}

/**
 * ms_test_pg_start:
 * @durable: keep fsync and synchronous commit on (benchmarks); tests turn
 *   them off, as nothing there survives a power cut
 */
MsTestPg *
ms_test_pg_start (gboolean   durable,
                  GError   **error)
{
  MsTestPg *pg = g_new0 (MsTestPg, 1);
  g_autofree char *postgres = NULL;
  g_autofree char *data = NULL;
  g_autofree char *info = NULL;
  const char *initdb_args[] = { "-D", NULL, "-U", "msgscore", "--auth=trust", "--no-locale",
                                "-E", "UTF8", "--no-sync", NULL };
  Ids ids;
  gint64 deadline;

  pg->bindir = find_bindir ();
  if (pg->bindir == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "PostgreSQL server binaries not found");
      ms_test_pg_stop (pg);
      return NULL;
    }
  pg->uid = getuid ();
  pg->gid = getgid ();
  if (pg->uid == 0)
    {
      /* PostgreSQL refuses to run as root. */
      struct passwd *nobody = getpwnam ("nobody");

      if (nobody == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no user nobody");
          ms_test_pg_stop (pg);
          return NULL;
        }
      pg->uid = nobody->pw_uid;
      pg->gid = nobody->pw_gid;
    }
  pg->dir = g_build_filename ("/tmp", "msgscore-pg-XXXXXX", NULL);
  if (g_mkdtemp_full (pg->dir, 0700) == NULL ||
      chown (pg->dir, pg->uid, pg->gid) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", pg->dir,
                   g_strerror (errno));
      ms_test_pg_stop (pg);
      return NULL;
    }
  data = g_build_filename (pg->dir, "data", NULL);
  initdb_args[1] = data;
  if (!run (pg, "initdb", initdb_args, error))
    {
      ms_test_pg_stop (pg);
      return NULL;
    }

  {
    const char *argv[] = { NULL, "-D", data, "-k", pg->dir, "-c", "listen_addresses=",
                           "-c", "max_connections=200", "-c", "shared_buffers=64MB",
                           "-c", durable ? "fsync=on" : "fsync=off",
                           "-c", durable ? "synchronous_commit=on" : "synchronous_commit=off",
                           "-c", durable ? "full_page_writes=on" : "full_page_writes=off",
                           NULL };

    postgres = g_build_filename (pg->bindir, "postgres", NULL);
    argv[0] = postgres;
    ids.uid = pg->uid;
    ids.gid = pg->gid;
    if (!g_spawn_async ("/", (char **) argv, NULL,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                        G_SPAWN_STDERR_TO_DEV_NULL, child_setup, &ids, &pg->pid, error))
      {
        ms_test_pg_stop (pg);
        return NULL;
      }
  }

  /* Ready when it accepts a connection. */
  info = conninfo (pg, "postgres");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (PQping (info) != PQPING_OK)
    {
      if (g_get_monotonic_time () > deadline || waitpid (pg->pid, NULL, WNOHANG) == pg->pid)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "PostgreSQL did not start");
          ms_test_pg_stop (pg);
          return NULL;
        }
      g_usleep (20 * 1000);
    }
  return pg;
}

const char *
ms_test_pg_get_dir (MsTestPg *pg)
{
  return pg->dir;
}

/* The postmaster's process id (the benchmarks count its CPU time). */
GPid
ms_test_pg_get_pid (MsTestPg *pg)
{
  return pg->pid;
}

/* A new empty database; returns its URI. */
char *
ms_test_pg_new_database (MsTestPg  *pg,
                         GError   **error)
{
  g_autofree char *admin = conninfo (pg, "postgres");
  g_autofree char *name = g_strdup_printf ("t%u", ++pg->n_databases);
  g_autofree char *sql = NULL;
  PGconn *conn = PQconnectdb (admin);
  PGresult *res;
  gboolean ok;

  /* The name is ours (t<N>): an identifier cannot be bound. */
  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0", name);
  res = PQexec (conn, sql);
  ok = PQresultStatus (res) == PGRES_COMMAND_OK;
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "CREATE DATABASE: %s",
                 PQerrorMessage (conn));
  PQclear (res);
  PQfinish (conn);
  return ok ? conninfo (pg, name) : NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
ms_test_pg_stop (MsTestPg *pg)
{
  if (pg == NULL)
    return;
  if (pg->pid > 0)
    {
      /* Fast shutdown: clients are disconnected, nothing is kept. */
      kill (pg->pid, SIGINT);
      waitpid (pg->pid, NULL, 0);
      g_spawn_close_pid (pg->pid);
    }
  if (pg->dir != NULL)
    remove_tree (pg->dir);
  g_free (pg->dir);
  g_free (pg->bindir);
  g_free (pg);
}

/* ------------------------------------------------------------------------ */

static MsTestPg *cluster;

static void
stop_cluster (void)
{
  g_clear_pointer (&cluster, ms_test_pg_stop);
}

/**
 * ms_test_db_new:
 * @dir: the test's temporary folder
 *
 * Returns: what to give msgscore-server's --db: @dir/server.db, or a new
 *   database's URI on PostgreSQL
 */
char *
ms_test_db_new (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *db;

  if (!ms_test_db_is_pg ())
    return g_build_filename (dir, "server.db", NULL);
  if (cluster == NULL)
    {
      cluster = ms_test_pg_start (FALSE, &error);
      g_assert_no_error (error);
      atexit (stop_cluster);
    }
  db = ms_test_pg_new_database (cluster, &error);
  g_assert_no_error (error);
  return db;
}

/* SQLite's spelling of a query, in PostgreSQL's: total() is sum(). */
static char *
to_pg (const char *sql)
{
  g_autoptr(GString) s = g_string_new (sql);

  g_string_replace (s, "total(", "sum(", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The first column of the first row of @sql (0 when there is none or it is NULL). */
gint64
ms_test_db_int (const char *db,
                const char *sql)
{
  gint64 value = 0;

  if (g_str_has_prefix (db, "postgresql://"))
    {
      g_autofree char *pg_sql = to_pg (sql);
      PGconn *conn = PQconnectdb (db);
      PGresult *res;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      res = PQexec (conn, pg_sql);
      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("%s: %s", pg_sql, PQerrorMessage (conn));
      /* A boolean is 1 or 0, as in SQLite. */
      if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
        value = g_str_equal (PQgetvalue (res, 0, 0), "t") ? 1
                : g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *sdb = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &sdb, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (sdb, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (sdb, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (sdb);
    }
  return value;
}

/* Runs @sql (no values: tests' own constants) on @db, as another process would. */
void
ms_test_db_exec (const char *db,
                 const char *sql)
{
  if (g_str_has_prefix (db, "postgresql://"))
    {
      PGconn *conn = PQconnectdb (db);
      PGresult *res;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      res = PQexec (conn, sql);
      if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (conn));
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *sdb = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &sdb, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (sdb, 5000);
      g_assert_cmpint (sqlite3_exec (sdb, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (sdb);
    }
}

/* The effect of `msgscore-server set-plan`, through a connection of the test's
 * own (bound values; a SQLite connection of SQLite's own, so the server's
 * locks on the file stay). */
void
ms_test_db_set_plan (const char *db,
                     const char *email,
                     const char *plan)
{
  if (g_str_has_prefix (db, "postgresql://"))
    {
      const char *values[] = { plan, email };
      PGconn *conn = PQconnectdb (db);
      PGresult *res;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      res = PQexecParams (conn, "UPDATE user_account SET plan = $1 WHERE email = $2", 2, NULL,
                          values, NULL, NULL, 0);
      g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
      g_assert_cmpstr (PQcmdTuples (res), ==, "1");
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *sdb = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &sdb, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
      sqlite3_busy_timeout (sdb, 5000);
      g_assert_cmpint (sqlite3_prepare_v2 (sdb, "UPDATE user_account SET plan = ?1"
                                                " WHERE email = ?2", -1, &stmt, NULL), ==,
                       SQLITE_OK);
      sqlite3_bind_text (stmt, 1, plan, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      g_assert_cmpint (sqlite3_changes (sdb), ==, 1);
      sqlite3_finalize (stmt);
      sqlite3_close (sdb);
    }
}
