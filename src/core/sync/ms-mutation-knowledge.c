/* ms-mutation-knowledge.c — an owner turns a team knowledge entry off or on
 *
 *   knowledge_state.set {id, key, enabled}   owners, team_knowledge
 *
 * The entries themselves are not stored: every member derives them from the
 * team's feedback (src/core/score/ms-knowledge.c), the same on each device.
 * What syncs is the owner's choice per entry, keyed by the entry's key
 * ("calibration:director:cta", "rule:業界最安値"); the row's id is derived
 * from the key (ms_knowledge_state_id()), so two owners' choices about one
 * entry are one row and the later one wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"
#include "ms-mutation-feedback.h"

#define ENTITY "knowledge_state"

static const MsArg set_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "key", MS_ARG_TEXT, MS_ARG_REQUIRED, "knowledge.key", NULL, NULL,
    N_("A knowledge entry’s key is too long.") },
  { "enabled", MS_ARG_VALUE, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("Say whether the entry is on: true or false.") },
  { NULL }
};

/**
 * ms_knowledge_state_id:
 *
 * Returns: (transfer full): the row id of the owner's choice about entry @key
 */
char *
ms_knowledge_state_id (const char *key)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("k_%.32s", hash);
}

static gboolean
set_normalize (JsonObject  *args,
               gint64       now,
               GError     **error)
{
  JsonNode *enabled = json_object_get_member (args, "enabled");
  g_autofree char *id = NULL;

  if (enabled == NULL || json_node_get_value_type (enabled) != G_TYPE_BOOLEAN)
    return _ms_mutation_invalid (error, _("Say whether the entry is on: true or false."));
  id = ms_knowledge_state_id (json_object_get_string_member (args, "key"));
  if (g_strcmp0 (id, json_object_get_string_member (args, "id")) != 0)
    return _ms_mutation_invalid (error, _("A knowledge entry’s id must come from its key."));
  return TRUE;
}

static gboolean
set_server (MsMutationServer  *server,
            JsonObject        *args,
            GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!server->get_row (server, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL)
    {
      row = json_object_new ();
      json_object_set_string_member (row, "id", id);
      json_object_set_string_member (row, "key", json_object_get_string_member (args, "key"));
      json_object_set_int_member (row, "created_at", server->now);
      json_object_set_int_member (row, "updated_at", server->now);
      json_object_set_null_member (row, "deleted_at");
    }
  else
    json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  json_object_set_boolean_member (row, "enabled",
                                  json_object_get_boolean_member (args, "enabled"));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
set_local (MsMutationLocal  *local,
           JsonObject       *args,
           GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  json_object_set_boolean_member (values, "enabled",
                                  json_object_get_boolean_member (args, "enabled"));
  if (row == NULL)
    {
      json_object_set_string_member (values, "id", id);
      json_object_set_string_member (values, "tenant", local->tenant);
      json_object_set_string_member (values, "key", json_object_get_string_member (args, "key"));
      json_object_set_int_member (values, "created_at", local->now);
      json_object_set_int_member (values, "updated_at", local->now);
      return local->insert_row (local, ENTITY, values, error);
    }
  return _ms_local_update_live (local, ENTITY, id, values, local->now, error);
}

static MsMutation knowledge_mutations[] = {
  { "knowledge_state.set", MS_TENANT_TEAM, MS_ROLE_OWNER, set_args, set_normalize,
    set_local, set_server, .feature = "team_knowledge" },
  { NULL }
};

MsSyncEntity _ms_knowledge_state_entity = {
  .name = ENTITY,
  .mutations = knowledge_mutations,
};
