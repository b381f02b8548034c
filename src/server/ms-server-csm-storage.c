/* ms-server-csm-storage.c — what customer success needs from a database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-csm-storage.h"

G_DEFINE_INTERFACE (MsServerCsmStorage, ms_server_csm_storage, G_TYPE_OBJECT)

static void
ms_server_csm_storage_default_init (MsServerCsmStorageInterface *iface)
{
}

void
ms_server_csm_account_free (MsServerCsmAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->tenant);
  g_free (account->kind);
  g_free (account->name);
  g_free (account->plan);
  g_free (account->domain);
  g_free (account->owner);
  g_free (account);
}

void
ms_server_csm_task_free (MsServerCsmTask *task)
{
  if (task == NULL)
    return;
  g_free (task->id);
  g_free (task->tenant);
  g_free (task->playbook);
  g_free (task->owner);
  g_free (task->status);
  g_free (task->reason);
  g_free (task);
}

gboolean
ms_server_csm_storage_get_staff (MsServerCsmStorage *self,
                                 const char         *user_id,
                                 char               **role,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->get_staff (self, user_id, role, error);
}

gboolean
ms_server_csm_storage_set_staff (MsServerCsmStorage *self,
                                 const char         *user_id,
                                 const char         *role,
                                 gint64             now,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->set_staff (self, user_id, role, now, error);
}

JsonArray *
ms_server_csm_storage_list_staff (MsServerCsmStorage *self,
                                  GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->list_staff (self, error);
}

gboolean
ms_server_csm_storage_add_activity (MsServerCsmStorage *self,
                                    const char         *tenant,
                                    const char         *user_id,
                                    gint32             day,
                                    const char         *kind,
                                    gint64             count,
                                    GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->add_activity (self, tenant, user_id, day, kind, count, error);
}

gboolean
ms_server_csm_storage_sync_accounts (MsServerCsmStorage *self,
                                     GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->sync_accounts (self, error);
}

gboolean
ms_server_csm_storage_put_account (MsServerCsmStorage       *self,
                                   const MsServerCsmAccount *account,
                                   GError                   **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->put_account (self, account, error);
}

gboolean
ms_server_csm_storage_get_account (MsServerCsmStorage *self,
                                   const char         *tenant,
                                   MsServerCsmAccount **out,
                                   GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->get_account (self, tenant, out, error);
}

GPtrArray *
ms_server_csm_storage_list_accounts (MsServerCsmStorage *self,
                                     GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->list_accounts (self, error);
}

gboolean
ms_server_csm_storage_set_owner (MsServerCsmStorage *self,
                                 const char         *tenant,
                                 const char         *owner,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->set_owner (self, tenant, owner, error);
}

gboolean
ms_server_csm_storage_load_history (MsServerCsmStorage     *self,
                                    const char             *tenant,
                                    gint32                 since_day,
                                    MsServerCsmAccountFunc func,
                                    gpointer               user_data,
                                    GError                 **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->load_history (self, tenant, since_day, func, user_data, error);
}

gboolean
ms_server_csm_storage_put_event (MsServerCsmStorage *self,
                                 const char         *tenant,
                                 const char         *kind,
                                 const char         *id,
                                 gint32             day,
                                 const char         *data_json,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->put_event (self, tenant, kind, id, day, data_json, error);
}

gboolean
ms_server_csm_storage_get_event (MsServerCsmStorage *self,
                                 const char         *kind,
                                 const char         *id,
                                 char               **tenant,
                                 char               **data_json,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->get_event (self, kind, id, tenant, data_json, error);
}

JsonArray *
ms_server_csm_storage_list_events (MsServerCsmStorage *self,
                                   const char         *tenant,
                                   const char         *kind,
                                   guint              limit,
                                   GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->list_events (self, tenant, kind, limit, error);
}

gboolean
ms_server_csm_storage_put_daily (MsServerCsmStorage *self,
                                 const char         *tenant,
                                 gint32             day,
                                 gint64             health,
                                 double             churn,
                                 const char         *detail_json,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->put_daily (self, tenant, day, health, churn, detail_json, error);
}

JsonObject *
ms_server_csm_storage_get_daily (MsServerCsmStorage *self,
                                 const char         *tenant,
                                 gint32             day,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->get_daily (self, tenant, day, error);
}

JsonArray *
ms_server_csm_storage_list_daily (MsServerCsmStorage *self,
                                  gint32             day,
                                  GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->list_daily (self, day, error);
}

gboolean
ms_server_csm_storage_put_model (MsServerCsmStorage *self,
                                 const char         *model_json,
                                 gint64             created_at,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->put_model (self, model_json, created_at, error);
}

gboolean
ms_server_csm_storage_get_model (MsServerCsmStorage *self,
                                 gboolean           previous,
                                 char               **model_json,
                                 gint64             *created_at,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->get_model (self, previous, model_json, created_at, error);
}

gboolean
ms_server_csm_storage_rollback_model (MsServerCsmStorage *self,
                                      gboolean           *rolled_back,
                                      GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->rollback_model (self, rolled_back, error);
}

gboolean
ms_server_csm_storage_put_task (MsServerCsmStorage    *self,
                                const MsServerCsmTask *task,
                                GError                **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->put_task (self, task, error);
}

gboolean
ms_server_csm_storage_find_task (MsServerCsmStorage *self,
                                 const char         *id,
                                 const char         *tenant,
                                 const char         *playbook,
                                 MsServerCsmTask    **out,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->find_task (self, id, tenant, playbook, out, error);
}

GPtrArray *
ms_server_csm_storage_list_tasks (MsServerCsmStorage *self,
                                  const char         *tenant,
                                  gboolean           open_only,
                                  GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), NULL);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->list_tasks (self, tenant, open_only, error);
}

gboolean
ms_server_csm_storage_claim_job (MsServerCsmStorage *self,
                                 const char         *name,
                                 gint32             day,
                                 const char         *owner,
                                 gint64             now,
                                 gint64             stale_before,
                                 gboolean           rerun,
                                 gboolean           *claimed,
                                 GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->claim_job (self, name, day, owner, now, stale_before, rerun, claimed, error);
}

gboolean
ms_server_csm_storage_finish_job (MsServerCsmStorage *self,
                                  const char         *name,
                                  gint32             day,
                                  gint64             now,
                                  const char         *summary_json,
                                  GError             **error)
{
  g_return_val_if_fail (MS_IS_SERVER_CSM_STORAGE (self), FALSE);
  return MS_SERVER_CSM_STORAGE_GET_IFACE (self)->finish_job (self, name, day, now, summary_json, error);
}
