/* ms-history-private.h — history queries shared by the list model and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-history-item.h"
#include "ms-history-records.h"
#include "ms-history-repository.h"
#include "ms-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 rowid;
  gint64 updated_at;
} MsHistoryKey;

/* Which rows the plan shows (DESIGN.md §9 "history kept"). A row is locked
 * when it is older than the Nth newest live row (visible count), or older
 * than the visible days. */
typedef struct
{
  gboolean has_cutoff;
  gint64   cutoff_created_at;
  gint64   cutoff_rowid;
  gint64   min_created_at;     /* 0: no day limit */
} MsHistoryLock;


GArray        *_ms_history_query_keys     (MsStore               *store,
                                           const MsHistoryQuery  *query,
                                           GError               **error);
gboolean       _ms_history_get_lock       (MsStore               *store,
                                           MsHistoryLock         *lock,
                                           GError               **error);
gboolean       _ms_history_lock_applies   (const MsHistoryLock   *lock,
                                           gint64                 created_at,
                                           gint64                 rowid);
MsHistoryItem *_ms_history_load_item      (MsStore               *store,
                                           gint64                 rowid,
                                           const MsHistoryLock   *lock,
                                           GError               **error);
gboolean       _ms_history_load_record    (MsStore               *store,
                                           gint64                 rowid,
                                           MsHistoryRecord       *record,
                                           GError               **error);
void           _ms_history_record_clear   (MsHistoryRecord       *record);

G_END_DECLS
