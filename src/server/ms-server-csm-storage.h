/* ms-server-csm-storage.h — what customer success needs from a database
 *
 * A second interface beside MsServerStorage, implemented by the SQLite
 * backend (ms-server-sqlite-csm.c); a backend without it serves no staff
 * routes and runs no daily job (they answer 503 and say so). Call every
 * method inside ms_server_storage_transaction() of the same object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "csm/ms-csm-account.h"

G_BEGIN_DECLS

/* A customer account: a personal space or a team (the registry). */
typedef struct
{
  char     *tenant;
  char     *kind;          /* "personal" or "team" */
  char     *name;
  char     *plan;
  char     *domain;        /* the email domain of its owner */
  char     *owner;         /* the staff user id whose portfolio holds it, or NULL */
  gint64    created_at;
  gint64    cancelled_at;  /* 0 while it lives */
  gint64    n_people;
  gint64    same_domain;
  gboolean  demo;          /* from the demo population */
} MsServerCsmAccount;

/* A CSM task made by a playbook. */
typedef struct
{
  char   *id;
  char   *tenant;
  char   *playbook;
  char   *owner;           /* staff user id, or NULL: unassigned */
  char   *status;          /* "open", "snoozed", "done", "not_needed" */
  char   *reason;          /* why it was closed */
  gint32  day;             /* the job day that made it */
  gint64  created_at;
  gint64  due_at;
  gint64  snoozed_until;
  gint64  closed_at;
} MsServerCsmTask;

#define MS_TYPE_SERVER_CSM_STORAGE (ms_server_csm_storage_get_type ())

G_DECLARE_INTERFACE (MsServerCsmStorage, ms_server_csm_storage, MS, SERVER_CSM_STORAGE, GObject)

typedef gboolean (*MsServerCsmAccountFunc) (MsCsmAccount  *account,
                                            gpointer       user_data,
                                            GError       **error);

struct _MsServerCsmStorageInterface
{
  GTypeInterface parent_iface;

  gboolean   (*get_staff)       (MsServerCsmStorage        *self,
                                 const char                *user_id,
                                 char                     **role,
                                 GError                   **error);
  gboolean   (*set_staff)       (MsServerCsmStorage        *self,
                                 const char                *user_id,
                                 const char                *role,
                                 gint64                     now,
                                 GError                   **error);
  JsonArray *(*list_staff)      (MsServerCsmStorage        *self,
                                 GError                   **error);
  gboolean   (*add_activity)    (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 const char                *user_id,
                                 gint32                     day,
                                 const char                *kind,
                                 gint64                     count,
                                 GError                   **error);
  gboolean   (*sync_accounts)   (MsServerCsmStorage        *self,
                                 GError                   **error);
  gboolean   (*put_account)     (MsServerCsmStorage        *self,
                                 const MsServerCsmAccount  *account,
                                 GError                   **error);
  gboolean   (*get_account)     (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 MsServerCsmAccount       **out,
                                 GError                   **error);
  GPtrArray *(*list_accounts)   (MsServerCsmStorage        *self,
                                 GError                   **error);
  gboolean   (*set_owner)       (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 const char                *owner,
                                 GError                   **error);
  gboolean   (*load_history)    (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 gint32                     since_day,
                                 MsServerCsmAccountFunc     func,
                                 gpointer                   user_data,
                                 GError                   **error);
  gboolean   (*put_event)       (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 const char                *kind,
                                 const char                *id,
                                 gint32                     day,
                                 const char                *data_json,
                                 GError                   **error);
  gboolean   (*get_event)       (MsServerCsmStorage        *self,
                                 const char                *kind,
                                 const char                *id,
                                 char                     **tenant,
                                 char                     **data_json,
                                 GError                   **error);
  JsonArray *(*list_events)     (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 const char                *kind,
                                 guint                      limit,
                                 GError                   **error);
  gboolean   (*put_daily)       (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 gint32                     day,
                                 gint64                     health,
                                 double                     churn,
                                 const char                *detail_json,
                                 GError                   **error);
  JsonObject *(*get_daily)      (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 gint32                     day,
                                 GError                   **error);
  JsonArray *(*list_daily)      (MsServerCsmStorage        *self,
                                 gint32                     day,
                                 GError                   **error);
  gboolean   (*put_model)       (MsServerCsmStorage        *self,
                                 const char                *model_json,
                                 gint64                     created_at,
                                 GError                   **error);
  gboolean   (*get_model)       (MsServerCsmStorage        *self,
                                 gboolean                   previous,
                                 char                     **model_json,
                                 gint64                    *created_at,
                                 GError                   **error);
  gboolean   (*rollback_model)  (MsServerCsmStorage        *self,
                                 gboolean                  *rolled_back,
                                 GError                   **error);
  gboolean   (*put_task)        (MsServerCsmStorage        *self,
                                 const MsServerCsmTask     *task,
                                 GError                   **error);
  gboolean   (*find_task)       (MsServerCsmStorage        *self,
                                 const char                *id,
                                 const char                *tenant,
                                 const char                *playbook,
                                 MsServerCsmTask          **out,
                                 GError                   **error);
  GPtrArray *(*list_tasks)      (MsServerCsmStorage        *self,
                                 const char                *tenant,
                                 gboolean                   open_only,
                                 GError                   **error);
  gboolean   (*claim_job)       (MsServerCsmStorage        *self,
                                 const char                *name,
                                 gint32                     day,
                                 const char                *owner,
                                 gint64                     now,
                                 gint64                     stale_before,
                                 gboolean                   rerun,
                                 gboolean                  *claimed,
                                 GError                   **error);
  gboolean   (*finish_job)      (MsServerCsmStorage        *self,
                                 const char                *name,
                                 gint32                     day,
                                 gint64                     now,
                                 const char                *summary_json,
                                 GError                   **error);
};

void      ms_server_csm_account_free (MsServerCsmAccount *account);
void      ms_server_csm_task_free    (MsServerCsmTask    *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerCsmAccount, ms_server_csm_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsServerCsmTask, ms_server_csm_task_free)

gboolean    ms_server_csm_storage_get_staff      (MsServerCsmStorage  *self,
                                                  const char          *user_id,
                                                  char               **role,
                                                  GError             **error);
gboolean    ms_server_csm_storage_set_staff      (MsServerCsmStorage  *self,
                                                  const char          *user_id,
                                                  const char          *role,
                                                  gint64               now,
                                                  GError             **error);
JsonArray  *ms_server_csm_storage_list_staff     (MsServerCsmStorage  *self,
                                                  GError             **error);
gboolean    ms_server_csm_storage_add_activity   (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  const char          *user_id,
                                                  gint32               day,
                                                  const char          *kind,
                                                  gint64               count,
                                                  GError             **error);
gboolean    ms_server_csm_storage_sync_accounts  (MsServerCsmStorage  *self,
                                                  GError             **error);
gboolean    ms_server_csm_storage_put_account    (MsServerCsmStorage  *self,
                                                  const MsServerCsmAccount *account,
                                                  GError             **error);
gboolean    ms_server_csm_storage_get_account    (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  MsServerCsmAccount **out,
                                                  GError             **error);
GPtrArray  *ms_server_csm_storage_list_accounts  (MsServerCsmStorage  *self,
                                                  GError             **error);
gboolean    ms_server_csm_storage_set_owner      (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  const char          *owner,
                                                  GError             **error);
gboolean    ms_server_csm_storage_load_history   (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  gint32               since_day,
                                                  MsServerCsmAccountFunc func,
                                                  gpointer             user_data,
                                                  GError             **error);
gboolean    ms_server_csm_storage_put_event      (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  const char          *kind,
                                                  const char          *id,
                                                  gint32               day,
                                                  const char          *data_json,
                                                  GError             **error);
gboolean    ms_server_csm_storage_get_event      (MsServerCsmStorage  *self,
                                                  const char          *kind,
                                                  const char          *id,
                                                  char               **tenant,
                                                  char               **data_json,
                                                  GError             **error);
JsonArray  *ms_server_csm_storage_list_events    (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  const char          *kind,
                                                  guint                limit,
                                                  GError             **error);
gboolean    ms_server_csm_storage_put_daily      (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  gint32               day,
                                                  gint64               health,
                                                  double               churn,
                                                  const char          *detail_json,
                                                  GError             **error);
JsonObject *ms_server_csm_storage_get_daily      (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  gint32               day,
                                                  GError             **error);
JsonArray  *ms_server_csm_storage_list_daily     (MsServerCsmStorage  *self,
                                                  gint32               day,
                                                  GError             **error);
gboolean    ms_server_csm_storage_put_model      (MsServerCsmStorage  *self,
                                                  const char          *model_json,
                                                  gint64               created_at,
                                                  GError             **error);
gboolean    ms_server_csm_storage_get_model      (MsServerCsmStorage  *self,
                                                  gboolean             previous,
                                                  char               **model_json,
                                                  gint64              *created_at,
                                                  GError             **error);
gboolean    ms_server_csm_storage_rollback_model (MsServerCsmStorage  *self,
                                                  gboolean            *rolled_back,
                                                  GError             **error);
gboolean    ms_server_csm_storage_put_task       (MsServerCsmStorage  *self,
                                                  const MsServerCsmTask *task,
                                                  GError             **error);
gboolean    ms_server_csm_storage_find_task      (MsServerCsmStorage  *self,
                                                  const char          *id,
                                                  const char          *tenant,
                                                  const char          *playbook,
                                                  MsServerCsmTask    **out,
                                                  GError             **error);
GPtrArray  *ms_server_csm_storage_list_tasks     (MsServerCsmStorage  *self,
                                                  const char          *tenant,
                                                  gboolean             open_only,
                                                  GError             **error);
gboolean    ms_server_csm_storage_claim_job      (MsServerCsmStorage  *self,
                                                  const char          *name,
                                                  gint32               day,
                                                  const char          *owner,
                                                  gint64               now,
                                                  gint64               stale_before,
                                                  gboolean             rerun,
                                                  gboolean            *claimed,
                                                  GError             **error);
gboolean    ms_server_csm_storage_finish_job     (MsServerCsmStorage  *self,
                                                  const char          *name,
                                                  gint32               day,
                                                  gint64               now,
                                                  const char          *summary_json,
                                                  GError             **error);

G_END_DECLS
