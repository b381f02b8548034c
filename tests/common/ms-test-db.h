/* ms-test-db.h — the server database of a test: a SQLite file, or a database
 * in a throwaway PostgreSQL cluster (MSGSCORE_TEST_BACKEND=postgresql)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  ms_test_db_is_pg          (void);
gboolean  ms_test_db_check_backend  (void);
char     *ms_test_db_new            (const char  *dir);
gint64    ms_test_db_int            (const char  *db,
                                     const char  *sql);
void      ms_test_db_exec           (const char  *db,
                                     const char  *sql);
void      ms_test_db_set_plan       (const char  *db,
                                     const char  *email,
                                     const char  *plan);

/* The cluster itself (tests/bench, the multi-process tests) */
typedef struct _MsTestPg MsTestPg;

MsTestPg   *ms_test_pg_start        (gboolean     durable,
                                     GError     **error);
char       *ms_test_pg_new_database (MsTestPg    *pg,
                                     GError     **error);
const char *ms_test_pg_get_dir      (MsTestPg    *pg);
GPid        ms_test_pg_get_pid      (MsTestPg    *pg);
void        ms_test_pg_stop         (MsTestPg    *pg);

G_END_DECLS
