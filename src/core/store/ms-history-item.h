/* ms-history-item.h — one saved scoring, as a row of the History page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"

G_BEGIN_DECLS

/* What was entered after sending. Rates are fractions (0.234 = 23.4 %). */
typedef struct
{
  guint64 recipients;
  double  open_rate;
  double  ctr;
  guint64 conversions;
} MsActuals;

#define MS_TYPE_HISTORY_ITEM (ms_history_item_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryItem, ms_history_item, MS, HISTORY_ITEM, GObject)

/* An immutable snapshot of the row; lists hand out a new one when it changes.
 * A locked item (beyond what the plan shows) has an empty subject, preheader
 * and excerpt: show the upgrade message instead. */
const char *ms_history_item_get_id                  (MsHistoryItem *self);
gint64      ms_history_item_get_created_at          (MsHistoryItem *self);
GDateTime  *ms_history_item_dup_created_at_datetime (MsHistoryItem *self) G_GNUC_WARN_UNUSED_RESULT;
gint64      ms_history_item_get_updated_at          (MsHistoryItem *self);
MsChannel   ms_history_item_get_channel             (MsHistoryItem *self);
const char *ms_history_item_get_subject             (MsHistoryItem *self);
const char *ms_history_item_get_preheader           (MsHistoryItem *self);
const char *ms_history_item_get_excerpt             (MsHistoryItem *self);
guint       ms_history_item_get_total               (MsHistoryItem *self);
const char *ms_history_item_get_engine              (MsHistoryItem *self);
gboolean    ms_history_item_get_locked              (MsHistoryItem *self);
guint       ms_history_item_get_badge_minimum       (MsHistoryItem *self);
const char *ms_history_item_get_fix_request_status  (MsHistoryItem *self);
guint       ms_history_item_get_n_feedback          (MsHistoryItem *self,
                                                     guint         *n_open);
gboolean    ms_history_item_get_has_prediction      (MsHistoryItem *self);
double      ms_history_item_get_predicted_open_rate (MsHistoryItem *self);
double      ms_history_item_get_predicted_ctr       (MsHistoryItem *self);
gboolean    ms_history_item_get_has_actuals         (MsHistoryItem *self);
gboolean    ms_history_item_get_actuals             (MsHistoryItem *self,
                                                     MsActuals     *actuals);
double      ms_history_item_get_actual_open_rate    (MsHistoryItem *self);
double      ms_history_item_get_actual_ctr          (MsHistoryItem *self);
double      ms_history_item_get_error               (MsHistoryItem *self);
double      ms_history_item_get_ctr_error           (MsHistoryItem *self);
double      ms_actuals_error_points                 (double         predicted,
                                                     double         actual);

G_END_DECLS
