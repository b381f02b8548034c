/* ms-history-list.h — the History page's list: a lazy GListModel of saved scorings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-history-repository.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_HISTORY_LIST (ms_history_list_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryList, ms_history_list, MS, HISTORY_LIST, GObject)

MsHistoryList *ms_history_list_new         (MsStore              *store) G_GNUC_WARN_UNUSED_RESULT;
void           ms_history_list_set_query   (MsHistoryList        *self,
                                            const MsHistoryQuery *query);
void           ms_history_list_get_query   (MsHistoryList        *self,
                                            MsHistoryQuery       *query);
const char    *ms_history_list_get_search  (MsHistoryList        *self);
void           ms_history_list_set_search  (MsHistoryList        *self,
                                            const char           *search);
int            ms_history_list_get_channel (MsHistoryList        *self);
void           ms_history_list_set_channel (MsHistoryList        *self,
                                            int                   channel);
void           ms_history_list_set_period  (MsHistoryList        *self,
                                            gint64                since,
                                            gint64                until);
MsHistorySort  ms_history_list_get_sort    (MsHistoryList        *self);
void           ms_history_list_set_sort    (MsHistoryList        *self,
                                            MsHistorySort         sort);
guint          ms_history_list_get_n_locked (MsHistoryList       *self);
gboolean       ms_history_list_get_loading (MsHistoryList        *self);
GError        *ms_history_list_get_last_error (MsHistoryList     *self);
gboolean       ms_history_list_refresh     (MsHistoryList        *self,
                                            GError              **error);

G_END_DECLS
