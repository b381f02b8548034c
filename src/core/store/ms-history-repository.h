/* ms-history-repository.h — saved scorings: save, reopen, delete, undo, actuals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-history-item.h"
#include "ms-store.h"
#include "score/ms-message.h"
#include "score/ms-score-result.h"

G_BEGIN_DECLS

typedef enum
{
  MS_HISTORY_SORT_NEWEST,      /* date, newest first (the default) */
  MS_HISTORY_SORT_OLDEST,      /* date, oldest first */
  MS_HISTORY_SORT_SCORE_HIGH,  /* total, highest first; then newest */
  MS_HISTORY_SORT_SCORE_LOW,   /* total, lowest first; then newest */
} MsHistorySort;

#define MS_TYPE_HISTORY_SORT (ms_history_sort_get_type ())
GType ms_history_sort_get_type (void);

#define MS_HISTORY_CHANNEL_ANY (-1)

/* What the History page shows. search: a substring of the subject,
 * preheader or body (case-insensitive for ASCII; Japanese as typed), NULL or
 * "" for all; channel: an MsChannel or MS_HISTORY_CHANNEL_ANY; since/until:
 * microseconds since the epoch, until exclusive, 0 for open-ended. */
typedef struct
{
  const char    *search;
  int            channel;
  gint64         since;
  gint64         until;
  MsHistorySort  sort;
} MsHistoryQuery;

#define MS_HISTORY_QUERY_INIT { NULL, MS_HISTORY_CHANNEL_ANY, 0, 0, MS_HISTORY_SORT_NEWEST }

#define MS_TYPE_HISTORY_REPOSITORY (ms_history_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryRepository, ms_history_repository, MS, HISTORY_REPOSITORY, GObject)

MsHistoryRepository *ms_history_repository_new            (MsStore              *store) G_GNUC_WARN_UNUSED_RESULT;
MsStore             *ms_history_repository_get_store      (MsHistoryRepository  *self);
char                *ms_history_repository_save           (MsHistoryRepository  *self,
                                                           const MsMessage      *message,
                                                           const MsScoreResult  *result,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void                 ms_history_repository_save_async     (MsHistoryRepository  *self,
                                                           MsMessage            *message,
                                                           MsScoreResult        *result,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char                *ms_history_repository_save_finish    (MsHistoryRepository  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
guint                ms_history_repository_count_saved_today (MsHistoryRepository *self,
                                                              GError             **error);
gint64               ms_history_repository_get_saves_left_today (MsHistoryRepository *self);
MsHistoryItem       *ms_history_repository_get_item       (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
MsMessage           *ms_history_repository_load_message   (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
MsScoreResult       *ms_history_repository_load_result    (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean             ms_history_repository_delete         (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error);
gboolean             ms_history_repository_restore        (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error);
gboolean             ms_history_repository_set_actuals    (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           const MsActuals      *actuals,
                                                           GError              **error);
gboolean             ms_history_repository_clear_actuals  (MsHistoryRepository  *self,
                                                           const char           *id,
                                                           GError              **error);
guint                ms_history_repository_count          (MsHistoryRepository  *self,
                                                           const MsHistoryQuery *query,
                                                           GError              **error);

G_END_DECLS
