/* ms-mutation-csm.c — csm_touchpoint: a CSM's own log of an account
 *
 *   csm_touchpoint.put    {id, account, kind, text, happened_at}
 *   csm_touchpoint.delete {id, deleted_at}
 *
 * A call, meeting or e-mail a CSM logged with a customer account, or a note
 * they wrote about it. It lives in the CSM's personal tenant, so it is
 * private to them (a customer never pulls it, another CSM never sees it),
 * is written offline and reaches their other devices by sync. `account` is
 * the customer's tenant (user:… or team:…); the text is trimmed and not
 * empty. Deleted touchpoints never come back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

#define ENTITY "csm_touchpoint"

static const char * const kinds[] = { "call", "meeting", "email", "note", NULL };

static const MsArg put_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "account", MS_ARG_TEXT, MS_ARG_REQUIRED, "csm.account", NULL, NULL,
    N_("The account’s id is too long.") },
  { "kind", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, kinds, NULL,
    N_("A touchpoint is a call, a meeting, an e-mail or a note.") },
  { "text", MS_ARG_TEXT, MS_ARG_REQUIRED, "csm.touchpoint", NULL, NULL,
    N_("A note must be at most 4,000 characters.") },
  { "happened_at", MS_ARG_TIME, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("Say when it happened.") },
  { NULL }
};

static const MsArg delete_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "deleted_at", MS_ARG_TIME, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The time of the deletion is missing.") },
  { NULL }
};

/* user:<id> or team:<id>, the id of [A-Za-z0-9_-] */
static gboolean
is_account (const char *account)
{
  const char *id;

  if (g_str_has_prefix (account, "user:"))
    id = account + strlen ("user:");
  else if (g_str_has_prefix (account, "team:"))
    id = account + strlen ("team:");
  else
    return FALSE;
  if (*id == '\0')
    return FALSE;
  for (; *id != '\0'; id++)
    if (!g_ascii_isalnum (*id) && *id != '-' && *id != '_')
      return FALSE;
  return TRUE;
}

static gboolean
put_normalize (JsonObject  *args,
               gint64       now,
               GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (json_object_get_string_member (args, "text")));

  if (!is_account (json_object_get_string_member (args, "account")))
    return _ms_mutation_invalid (error, _("This is not a customer account."));
  if (*text == '\0')
    return _ms_mutation_invalid (error, _("Write what happened: the note is empty."));
  if (g_utf8_strlen (text, -1) > ms_sync_limit ("csm.touchpoint", "max_chars"))
    return _ms_mutation_invalid (error, _("A note must be at most 4,000 characters."));
  json_object_set_string_member (args, "text", text);
  return TRUE;
}

static void
copy_values (JsonObject *to,
             JsonObject *args)
{
  json_object_set_string_member (to, "account", json_object_get_string_member (args, "account"));
  json_object_set_string_member (to, "kind", json_object_get_string_member (args, "kind"));
  json_object_set_string_member (to, "text", json_object_get_string_member (args, "text"));
  json_object_set_int_member (to, "happened_at",
                              json_object_get_int_member (args, "happened_at"));
}

static gboolean
put_local (MsMutationLocal  *local,
           JsonObject       *args,
           GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();

  copy_values (values, args);
  return _ms_local_put (local, ENTITY, json_object_get_string_member (args, "id"), values,
                        error);
}

static gboolean
put_server (MsMutationServer  *server,
            JsonObject        *args,
            GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();

  if (!server->get_row (server, ENTITY, id, &existing, error))
    return FALSE;
  if (existing != NULL && !_ms_row_is_live (existing))
    return _ms_mutation_not_found (error);
  json_object_set_string_member (row, "id", id);
  copy_values (row, args);
  json_object_set_int_member (row, "created_at",
                              existing != NULL ? _ms_row_get_time (existing, "created_at")
                                               : server->now);
  json_object_set_int_member (row, "updated_at",
                              existing != NULL ? _ms_server_next_updated_at (server, existing)
                                               : server->now);
  json_object_set_null_member (row, "deleted_at");
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
delete_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  return _ms_local_delete (local, ENTITY, json_object_get_string_member (args, "id"),
                           json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
delete_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  return _ms_server_delete (server, ENTITY, json_object_get_string_member (args, "id"),
                            json_object_get_int_member (args, "deleted_at"), error);
}

static MsMutation touchpoint_mutations[] = {
  { "csm_touchpoint.put", MS_TENANT_PERSONAL, MS_ROLE_OWNER, put_args, put_normalize,
    put_local, put_server },
  { "csm_touchpoint.delete", MS_TENANT_PERSONAL, MS_ROLE_OWNER, delete_args, NULL,
    delete_local, delete_server },
  { NULL }
};

MsSyncEntity _ms_csm_touchpoint_entity = {
  .name = ENTITY,
  .mutations = touchpoint_mutations,
};
