/* ms-history-records.c — saved scorings, one record at a time (for export)
 *
 * The rows a History query matches, in its order, without the ones the
 * plan hides (DESIGN.md §9 "history kept"): what the CSV and PDF exports
 * write (src/core/io).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-history-private.h"
#include "ms-history-records.h"

/**
 * ms_history_foreach_record:
 * @query: (nullable): which rows, in which order; NULL for every row
 * @func: called for each visible record, in order
 */
gboolean
ms_history_foreach_record (MsStore               *store,
                           const MsHistoryQuery  *query,
                           MsHistoryRecordFunc    func,
                           gpointer               user_data,
                           GError               **error)
{
  static const MsHistoryQuery all = MS_HISTORY_QUERY_INIT;
  g_autoptr(GArray) keys = NULL;
  MsHistoryLock lock;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_ms_history_get_lock (store, &lock, error))
    return FALSE;
  keys = _ms_history_query_keys (store, query != NULL ? query : &all, error);
  if (keys == NULL)
    return FALSE;

  for (guint k = 0; k < keys->len; k++)
    {
      const MsHistoryKey *key = &g_array_index (keys, MsHistoryKey, k);
      MsHistoryRecord record;

      if (!_ms_history_load_record (store, key->rowid, &record, error))
        return FALSE;
      if (!_ms_history_lock_applies (&lock, record.created_at, key->rowid))
        func (&record, user_data);
      _ms_history_record_clear (&record);
    }
  return TRUE;
}
