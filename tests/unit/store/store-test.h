/* store-test.h — a fresh profile folder per test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "ms-core.h"
#include "score/ms-score.h"
#include "store/ms-store-all.h"
#include "store/ms-store-private.h"

/* 2026-11-21 10:00:00 UTC; tests run with TZ=UTC */
#define TEST_NOW ((gint64) 1795255200 * G_USEC_PER_SEC)

typedef struct
{
  char    *dir;
  MsStore *store;
} StoreFixture;

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("msgscore-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = ms_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
  ms_store_set_now_for_testing (fixture->store, TEST_NOW);
}

static inline void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static inline void
use_plan (MsStore    *store,
          const char *plan_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEntitlements) entitlements = ms_entitlements_new_for_plan (plan_id, &error);

  g_assert_no_error (error);
  ms_store_set_entitlements (store, entitlements);
}

static inline MsMessage *
make_email (const char *subject,
            const char *body)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();

  segment->audience = MS_AUDIENCE_EXISTING;
  segment->list_size = 10000;
  ms_segment_set_industry (segment, "retail");
  return ms_message_new_email (subject, "プレヘッダー", body, segment);
}

static inline MsMessage *
make_line (const char *title,
           const char *bubble)
{
  const char *bubbles[] = { bubble, "2通目", NULL };
  return ms_message_new_line (title, bubbles, NULL);
}

/* Scores @message and saves it at the store's current test time. */
static inline char *
save_scoring (MsStore   *store,
              MsMessage *message,
              GError   **error)
{
  g_autoptr(MsHistoryRepository) history = ms_history_repository_new (store);
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) score_error = NULL;

  result = ms_scorer_score (ms_rule_set_get_default (), message, NULL, &score_error);
  g_assert_no_error (score_error);
  return ms_history_repository_save (history, message, result, error);
}

static inline gint64
count_rows (MsStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}
