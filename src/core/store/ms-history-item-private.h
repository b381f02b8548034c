/* ms-history-item-private.h — building history items from rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "ms-history-item.h"

G_BEGIN_DECLS

/* The columns _ms_history_item_new_from_row() reads, in order. */
#define MS_HISTORY_ITEM_COLUMNS \
  "id, created_at, updated_at, channel, subject, preheader, substr(body, 1, 120), total, " \
  "engine, predicted_open_rate, predicted_ctr, actual_recipients, actual_open_rate, " \
  "actual_ctr, actual_conversions, " \
  "CASE WHEN json_extract (result_json, '$.min_score.passed') = 0 " \
  "      AND json_extract (result_json, '$.min_score.action') = 'badge' " \
  "     THEN json_extract (result_json, '$.min_score.threshold') END, " \
  "(SELECT r.status FROM shared_scoring s JOIN fix_request r" \
  "   ON r.tenant = s.tenant AND r.scoring_id = s.id" \
  "  WHERE s.history_id = score_history.id AND s.deleted_at IS NULL" \
  "    AND r.deleted_at IS NULL ORDER BY r.created_at DESC, r.id LIMIT 1), " \
  "(SELECT count(*) FROM feedback f" \
  "  WHERE f.history_id = score_history.id AND f.deleted_at IS NULL), " \
  "(SELECT count(*) FROM feedback f" \
  "  WHERE f.history_id = score_history.id AND f.deleted_at IS NULL AND f.status = 'open')"

MsHistoryItem *_ms_history_item_new_from_row (sqlite3_stmt *stmt,
                                              gboolean      locked);

G_END_DECLS
