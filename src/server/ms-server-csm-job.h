/* ms-server-csm-job.h — the daily customer-success job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

typedef struct
{
  gint32    day;              /* the Asia/Tokyo day it ran for */
  gboolean  ran;              /* FALSE: another run holds or finished the day */
  guint     accounts;
  guint     live;
  guint     health_scored;
  guint     churn_scored;
  guint     tasks_created;
  guint     slack_waiting;    /* high-risk alerts with no notification queue to go to */
  gboolean  model_trained;
  char     *model_note;       /* why there is no new model, or NULL */
  double    auc;              /* the model in force, on its held-out period; NAN without */
} MsServerCsmRun;

void        ms_server_csm_run_clear    (MsServerCsmRun   *run);
gboolean    ms_server_csm_run          (MsServerStorage  *storage,
                                        gint64            now,
                                        const char       *owner,
                                        gboolean          rerun,
                                        MsServerCsmRun   *run,
                                        GError          **error);
gint64      ms_server_csm_next_run     (gint64            now,
                                        guint             minute_of_day);
gboolean    ms_server_csm_parse_time   (const char       *text,
                                        guint            *minute_of_day);
JsonObject *ms_server_csm_run_to_json  (const MsServerCsmRun *run) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_server_csm_dup_model_card (MsServerStorage *storage,
                                          GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    ms_server_csm_rollback_model (MsServerStorage *storage,
                                          gboolean        *rolled_back,
                                          GError         **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsServerCsmRun, ms_server_csm_run_clear)

G_END_DECLS
