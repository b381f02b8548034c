/* ms-personal-setting-repository.c — settings that follow the person to every device
 *
 * Unlike GSettings (this computer's look and defaults), these belong to the
 * account: one synced row per key in the profile's tenant, changed through
 * the mutation table's personal_setting.set {key, value}
 * (src/core/sync/ms-mutation-personal-setting.c), so a change applies here
 * at once, offline, and reaches the person's other devices by sync. A key
 * never set reads as its default (off).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-personal-setting-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"

struct _MsPersonalSettingRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsPersonalSettingRepository, ms_personal_setting_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* After a committed change to the table or a change of tenant. */
static void
on_store_changed_cb (MsStore                     *store,
                     gpointer                     detail,
                     MsPersonalSettingRepository *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_personal_setting_repository_dispose (GObject *object)
{
  MsPersonalSettingRepository *self = (MsPersonalSettingRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_personal_setting_repository_parent_class)->dispose (object);
}

static void
ms_personal_setting_repository_class_init (MsPersonalSettingRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_personal_setting_repository_dispose;

  /**
   * MsPersonalSettingRepository::changed:
   *
   * A setting may have changed (here, by sync, or by signing in).
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_personal_setting_repository_init (MsPersonalSettingRepository *self)
{
}

MsPersonalSettingRepository *
ms_personal_setting_repository_new (MsStore *store)
{
  MsPersonalSettingRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_PERSONAL_SETTING_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::personal_setting", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

/* The value of @key as stored (the newest row of the key), or NULL. */
static JsonNode *
dup_value (MsPersonalSettingRepository *self,
           const char                  *key)
{
  sqlite3_stmt *stmt;
  JsonNode *value = NULL;

  stmt = _ms_store_prepare (self->store,
                            "SELECT value_json FROM personal_setting"
                            " WHERE tenant = ?1 AND key = ?2 AND deleted_at IS NULL"
                            " ORDER BY updated_at DESC, id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = _ms_store_parse_row_json ((const char *) sqlite3_column_text (stmt, 0), NULL);
  sqlite3_reset (stmt);
  return value;
}

/**
 * ms_personal_setting_repository_get_boolean:
 * @key: an on/off setting, such as %MS_PERSONAL_SETTING_ESP_FOOTER
 *
 * Returns: whether the setting is on (off when never set)
 */
gboolean
ms_personal_setting_repository_get_boolean (MsPersonalSettingRepository *self,
                                            const char                  *key)
{
  g_autoptr(JsonNode) value = NULL;

  g_return_val_if_fail (MS_IS_PERSONAL_SETTING_REPOSITORY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  value = dup_value (self, key);
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_BOOLEAN && json_node_get_boolean (value);
}

/**
 * ms_personal_setting_repository_set_boolean:
 *
 * Turns the setting @key on or off: applies at once and queues
 * personal_setting.set for the profile's tenant. A key this version does
 * not know is %MS_STORE_ERROR_INVALID.
 */
gboolean
ms_personal_setting_repository_set_boolean (MsPersonalSettingRepository  *self,
                                            const char                   *key,
                                            gboolean                      value,
                                            GError                      **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;

  g_return_val_if_fail (MS_IS_PERSONAL_SETTING_REPOSITORY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  json_object_set_string_member (args, "key", key);
  json_object_set_boolean_member (args, "value", value);
  valid = _ms_store_validate_mutation (self->store, "personal_setting.set", args, error);
  if (valid == NULL)
    return FALSE;
  return _ms_store_write_mutation (self->store, ms_store_get_tenant (self->store),
                                   "personal_setting.set", valid, NULL, error);
}
