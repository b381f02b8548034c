/* ms-mutation-personal-setting.c — settings that follow the person to every device
 *
 *   personal_setting.set {key, value}   one row per key; the last change wins
 *
 * A row per key, not one row of columns, so two devices changing two
 * settings never touch the same row, and a new key needs no new column:
 * only a line in `keys` below (and its check, when it is not on/off).
 * The server's row id is the key; this device's is tenant/key, as team
 * rows are (a row written before signing in keeps its "local/…" id when
 * it moves into the account: the pulled row replaces it by its key).
 * Rows are never deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

#define ENTITY "personal_setting"

/* Every key so far is on or off (a JSON boolean). */
static const char * const keys[] = {
  "esp_footer",   /* the sending system adds the 特定電子メール法 footer */
  "onboarding_dismissed",  /* the first-run checklist was closed */
  NULL,
};

static const MsArg set_args[] = {
  { "key", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, keys, NULL,
    N_("This version of MsgScore does not know that setting. Update MsgScore to "
       "use it.") },
  { "value", MS_ARG_VALUE, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The new value of the setting is missing.") },
  { NULL }
};

static gboolean
set_normalize (JsonObject  *args,
               gint64       now,
               GError     **error)
{
  JsonNode *value = json_object_get_member (args, "value");

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
    return _ms_mutation_invalid (error, _("This setting is on or off (true or false)."));
  return TRUE;
}

static char *
value_to_json (JsonObject *args)
{
  return json_to_string (json_object_get_member (args, "value"), FALSE);
}

static gboolean
set_server (MsMutationServer  *server,
            JsonObject        *args,
            GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *value_json = value_to_json (args);
  const char *key = json_object_get_string_member (args, "key");

  if (!server->get_row (server, ENTITY, key, &row, error))
    return FALSE;
  if (row == NULL)
    {
      row = json_object_new ();
      json_object_set_string_member (row, "id", key);
      json_object_set_string_member (row, "key", key);
      json_object_set_int_member (row, "created_at", server->now);
      json_object_set_int_member (row, "updated_at", server->now);
      json_object_set_null_member (row, "deleted_at");
    }
  else if (g_strcmp0 (json_object_get_string_member_with_default (row, "value_json", NULL),
                      value_json) == 0)
    return TRUE;  /* already so */
  else
    json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  json_object_set_string_member (row, "value_json", value_json);
  return server->put_row (server, ENTITY, key, NULL, row, error);
}

static char *
local_id (const char *tenant,
          const char *key)
{
  return g_strconcat (tenant, "/", key, NULL);
}

static gboolean
set_local (MsMutationLocal  *local,
           JsonObject       *args,
           GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  g_autofree char *value_json = value_to_json (args);
  const char *key = json_object_get_string_member (args, "key");
  g_autofree char *id = local_id (local->tenant, key);

  json_object_set_string_member (values, "key", key);
  json_object_set_string_member (values, "value_json", value_json);
  return _ms_local_put (local, ENTITY, id, values, error);
}

static void
set_rows (const MsMutation *mutation,
          const char       *tenant,
          JsonObject       *args,
          GHashTable       *rows)
{
  const char *key = json_object_get_string_member_with_default (args, "key", NULL);

  if (tenant != NULL && key != NULL)
    g_hash_table_add (rows, g_strconcat (ENTITY "\n", tenant, "/", key, NULL));
}

static void
localize (const char *tenant,
          JsonObject *row)
{
  const char *key = json_object_get_string_member_with_default (row, "key", NULL);
  g_autofree char *owned = g_strdup (key != NULL ? key
                                     : json_object_get_string_member_with_default (row, "id",
                                                                                   "?"));
  g_autofree char *id = local_id (tenant, owned);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "key", owned);
}

static MsMutation mutations[] = {
  { "personal_setting.set", MS_TENANT_PERSONAL, MS_ROLE_OWNER, set_args, set_normalize,
    set_local, set_server, set_rows },
  { NULL }
};

static const char * const unique[] = { "key", NULL };

MsSyncEntity _ms_personal_setting_entity = {
  .name = ENTITY,
  .mutations = mutations,
  .unique = unique,
  .localize = localize,
};
