/* ms-touchpoint-repository.c — a CSM's own log of their accounts
 *
 * Calls, meetings and e-mails a CSM logged with a customer account, and the
 * notes they wrote about it: rows of csm_touchpoint in the CSM's personal
 * tenant, written through the mutation table (csm_touchpoint.put/delete,
 * src/core/sync/ms-mutation-csm.c). A write applies here at once, offline,
 * and reaches the CSM's other devices by sync; nobody else sees it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-touchpoint-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"

/* The newest touchpoints of an account a list gives */
#define LIST_MAX 500

struct _MsTouchpointRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsTouchpointRepository, ms_touchpoint_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ms_touchpoint_free (MsTouchpoint *touchpoint)
{
  if (touchpoint == NULL)
    return;
  g_free (touchpoint->id);
  g_free (touchpoint->account);
  g_free (touchpoint->kind);
  g_free (touchpoint->text);
  g_free (touchpoint);
}

static void
on_store_changed_cb (MsStore                *store,
                     gpointer                detail,
                     MsTouchpointRepository *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_touchpoint_repository_dispose (GObject *object)
{
  MsTouchpointRepository *self = (MsTouchpointRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_touchpoint_repository_parent_class)->dispose (object);
}

static void
ms_touchpoint_repository_class_init (MsTouchpointRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_touchpoint_repository_dispose;

  /**
   * MsTouchpointRepository::changed:
   *
   * A touchpoint may have changed (here, by sync, or by signing in).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_touchpoint_repository_init (MsTouchpointRepository *self)
{
}

MsTouchpointRepository *
ms_touchpoint_repository_new (MsStore *store)
{
  MsTouchpointRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_TOUCHPOINT_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::csm_touchpoint", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

static gboolean
write_mutation (MsTouchpointRepository  *self,
                const char              *name,
                JsonObject              *args,
                GError                 **error)
{
  g_autoptr(JsonObject) valid = _ms_store_validate_mutation (self->store, name, args, error);

  return valid != NULL &&
         _ms_store_write_mutation (self->store, ms_store_get_tenant (self->store), name, valid,
                                   NULL, error);
}

/**
 * ms_touchpoint_repository_add:
 * @account: the customer account's tenant
 * @kind: call, meeting, email or note
 * @happened_at: when it happened (µs since the epoch)
 *
 * Logs a touchpoint: applies at once and queues csm_touchpoint.put. An
 * empty or too long text is %MS_STORE_ERROR_INVALID with what to fix.
 *
 * Returns: (transfer full) (nullable): the new touchpoint's id
 */
char *
ms_touchpoint_repository_add (MsTouchpointRepository  *self,
                              const char              *account,
                              const char              *kind,
                              const char              *text,
                              gint64                   happened_at,
                              GError                 **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autofree char *id = _ms_store_new_id ();

  g_return_val_if_fail (MS_IS_TOUCHPOINT_REPOSITORY (self), NULL);
  g_return_val_if_fail (account != NULL && kind != NULL && text != NULL, NULL);

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "account", account);
  json_object_set_string_member (args, "kind", kind);
  json_object_set_string_member (args, "text", text);
  json_object_set_int_member (args, "happened_at", happened_at);
  if (!write_mutation (self, "csm_touchpoint.put", args, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
ms_touchpoint_repository_delete (MsTouchpointRepository  *self,
                                 const char              *id,
                                 GError                 **error)
{
  g_autoptr(JsonObject) args = json_object_new ();

  g_return_val_if_fail (MS_IS_TOUCHPOINT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json_object_set_string_member (args, "id", id);
  json_object_set_int_member (args, "deleted_at", ms_store_get_now (self->store));
  return write_mutation (self, "csm_touchpoint.delete", args, error);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

/**
 * ms_touchpoint_repository_list:
 * @account: the customer account's tenant
 *
 * Returns: (transfer full) (element-type MsTouchpoint): the profile's live
 *   touchpoints of @account, newest first (at most 500)
 */
GPtrArray *
ms_touchpoint_repository_list (MsTouchpointRepository *self,
                               const char             *account)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_touchpoint_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_TOUCHPOINT_REPOSITORY (self), list);
  g_return_val_if_fail (account != NULL, list);

  stmt = _ms_store_prepare (self->store,
                            "SELECT id, account, kind, text, happened_at, created_at"
                            " FROM csm_touchpoint"
                            " WHERE tenant = ?1 AND account = ?2 AND deleted_at IS NULL"
                            " ORDER BY happened_at DESC, created_at DESC, id LIMIT ?3", NULL);
  if (stmt == NULL)
    return list;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, LIST_MAX);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MsTouchpoint *t = g_new0 (MsTouchpoint, 1);

      t->id = column_text (stmt, 0);
      t->account = column_text (stmt, 1);
      t->kind = column_text (stmt, 2);
      t->text = column_text (stmt, 3);
      t->happened_at = sqlite3_column_int64 (stmt, 4);
      t->created_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  return list;
}
