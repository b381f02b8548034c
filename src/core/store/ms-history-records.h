/* ms-history-records.h — saved scorings, one record at a time (for export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-channel.h"
#include "ms-history-repository.h"
#include "ms-store.h"

G_BEGIN_DECLS

/* One saved scoring as CSV and PDF exports show it. */
typedef struct
{
  char      *id;
  gint64     created_at;
  MsChannel  channel;
  char      *subject;
  char      *preheader;
  char      *body;
  guint      total;
  char      *engine;
  gboolean   has_prediction;
  double     predicted_open_rate;
  double     predicted_ctr;
  gboolean   has_actuals;
  MsActuals  actuals;
} MsHistoryRecord;

/* @record is cleared after the call; take a string with g_steal_pointer(). */
typedef void (*MsHistoryRecordFunc) (MsHistoryRecord *record,
                                     gpointer         user_data);

gboolean ms_history_foreach_record (MsStore               *store,
                                    const MsHistoryQuery  *query,
                                    MsHistoryRecordFunc    func,
                                    gpointer               user_data,
                                    GError               **error);

G_END_DECLS
