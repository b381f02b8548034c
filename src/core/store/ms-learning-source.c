/* ms-learning-source.c — the rows learning reads from a profile
 *
 * Two kinds of past sends with their results, of the current tenant:
 * imported campaign results (the newest of each channel) and the actual
 * results entered on saved scorings (dated by the day they were saved),
 * both as MsCampaignRow. The predictor (score/ms-history-predictor.c)
 * never reads the store itself: it gets these rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <math.h>

#include "ms-learning-source.h"
#include "ms-store-private.h"
#include "score/ms-history-predictor.h"

static double
column_rate (sqlite3_stmt *stmt,
             int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? NAN
                                                           : sqlite3_column_double (stmt, column);
}

/* A saved scoring with its entered actuals, and what was said of it before
 * it was sent: its score and the open rate predicted then (NAN: none). */
typedef void (*ResultFunc) (const char          *id,
                            const MsCampaignRow *row,
                            double               total,
                            double               predicted_open_rate,
                            gpointer             user_data);

/* Saved scorings with entered actuals, oldest first. */
static gboolean
foreach_result (MsStore     *store,
                ResultFunc   func,
                gpointer     user_data,
                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_store_prepare (store,
                            "SELECT id, date(created_at / 1000000, 'unixepoch'), channel, subject,"
                            " body, actual_open_rate, actual_ctr, actual_recipients, total,"
                            " predicted_open_rate"
                            " FROM score_history"
                            " WHERE tenant = ?1 AND deleted_at IS NULL"
                            " AND (actual_open_rate IS NOT NULL OR actual_ctr IS NOT NULL)"
                            " AND (actual_recipients IS NULL OR actual_recipients >= ?2)"
                            " ORDER BY created_at, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, MS_HISTORY_MIN_RECIPIENTS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsCampaignRow row = {
        .sent_on = (char *) sqlite3_column_text (stmt, 1),
        .channel = MS_CHANNEL_EMAIL,
        .subject = (char *) sqlite3_column_text (stmt, 3),
        .body = (char *) sqlite3_column_text (stmt, 4),
        .recipients = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                      ? -1 : sqlite3_column_int64 (stmt, 7),
        .open_rate = column_rate (stmt, 5),
        .ctr = column_rate (stmt, 6),
        .cv_count = -1,
      };

      ms_channel_from_string ((const char *) sqlite3_column_text (stmt, 2), &row.channel);
      /* a LINE message without a title is learned from by its bubbles */
      if ((row.subject == NULL || *row.subject == '\0') &&
          (row.channel != MS_CHANNEL_LINE || row.body == NULL || *row.body == '\0'))
        continue;
      func ((const char *) sqlite3_column_text (stmt, 0), &row, column_rate (stmt, 8),
            column_rate (stmt, 9), user_data);
    }
  /* The statement belongs to the store's cache: reset it, never finalize it. */
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  MsCampaignRowFunc func;
  gpointer          user_data;
} RowOnly;

static void
drop_scores (const char          *id,
             const MsCampaignRow *row,
             double               total,
             double               predicted_open_rate,
             gpointer             user_data)
{
  RowOnly *only = user_data;

  only->func (id, row, only->user_data);
}

/**
 * ms_learning_source_foreach:
 * @newest_per_channel: of the imported rows, only the newest this many of
 *   each channel (0: all)
 * @func: called with each row; the row and its strings live during the call
 *
 * The current tenant's imported campaign results, then its saved scorings
 * with entered actuals (of at least %MS_HISTORY_MIN_RECIPIENTS recipients).
 */
gboolean
ms_learning_source_foreach (MsStore            *store,
                            guint               newest_per_channel,
                            MsCampaignRowFunc   func,
                            gpointer            user_data,
                            GError            **error)
{
  g_autoptr(MsCampaignRepository) campaigns = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);

  campaigns = ms_campaign_repository_new (store);
  return ms_campaign_repository_foreach (campaigns, newest_per_channel, func, user_data, error) &&
         foreach_result (store, drop_scores, &(RowOnly) { func, user_data }, error);
}

static void
add_row (const char          *id,
         const MsCampaignRow *row,
         gpointer             user_data)
{
  ms_history_predictor_add_row (user_data, id, row);
}

static void
add_scored_row (const char          *id,
                const MsCampaignRow *row,
                double               total,
                double               predicted_open_rate,
                gpointer             user_data)
{
  ms_history_predictor_add_scored_row (user_data, id, row, total, predicted_open_rate);
}

/**
 * ms_learning_source_read:
 * @fallback: the industry-baseline predictor (ms_baseline_predictor_new())
 *
 * Reads a snapshot of the rows to learn from (on the store's thread), the
 * saved scorings with the score and prediction they had;
 * later changes are not seen. Fit it with ms_history_predictor_build(),
 * which may run in a worker thread.
 *
 * Returns: (transfer full): an MsHistoryPredictor, not built yet, or NULL
 *   with @error set
 */
MsPredictor *
ms_learning_source_read (MsStore      *store,
                         MsPredictor  *fallback,
                         GError      **error)
{
  g_autoptr(MsPredictor) predictor = NULL;
  g_autoptr(MsCampaignRepository) campaigns = NULL;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (MS_IS_PREDICTOR (fallback), NULL);

  predictor = ms_history_predictor_new_empty (fallback);
  campaigns = ms_campaign_repository_new (store);
  if (!ms_campaign_repository_foreach (campaigns, MS_HISTORY_MAX_ROWS, add_row, predictor,
                                       error) ||
      !foreach_result (store, add_scored_row, predictor, error))
    return NULL;
  return g_steal_pointer (&predictor);
}
