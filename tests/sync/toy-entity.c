/* toy-entity.c — a synced entity added through the mutation table alone
 *
 * What HACKING.md ("How to add a synced entity") asks for, and nothing
 * else: no change to the store, the sync client or the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "store/ms-store-private.h"
#include "store/ms-sync-rows-private.h"
#include "toy-entity.h"

#define ENTITY "toy_note"

/* ------------------------------------------------------------------------ */
/* 1. The entry: schema, validator, the two appliers                        */

static const MsArg put_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "text", MS_ARG_TEXT, MS_ARG_REQUIRED, "name" },
  { NULL }
};

static const MsArg delete_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "deleted_at", MS_ARG_TIME, MS_ARG_REQUIRED },
  { NULL }
};

/* Trimmed, 1–100 characters (the "name" limit of data/limits.json). */
static gboolean
put_normalize (JsonObject  *args,
               gint64       now,
               GError     **error)
{
  g_autofree char *text = ms_mutation_normalize_name (json_object_get_string_member (args,
                                                                                      "text"));

  if (text == NULL)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                           "A note must be 1 to 100 characters.");
      return FALSE;
    }
  json_object_set_string_member (args, "text", text);
  return TRUE;
}

static gint64
get_time (JsonObject *row,
          const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* This device: insert, or change a live note; skip what cannot be done. */
static gboolean
put_local (MsMutationLocal  *local,
           JsonObject       *args,
           GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *text = json_object_get_string_member (args, "text");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  json_object_set_string_member (values, "text", text);
  if (row == NULL)
    {
      json_object_set_string_member (values, "id", id);
      json_object_set_string_member (values, "tenant", local->tenant);
      json_object_set_int_member (values, "created_at", local->now);
      json_object_set_int_member (values, "updated_at", local->now);
      return local->insert_row (local, ENTITY, values, error);
    }
  if (get_time (row, "deleted_at") != 0 ||
      g_strcmp0 (json_object_get_string_member (row, "text"), text) == 0)
    return TRUE;
  json_object_set_int_member (values, "updated_at",
                              MAX (local->now, get_time (row, "updated_at") + 1));
  return local->update_row (local, ENTITY, id, values, error);
}

static gboolean
delete_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  gint64 when = json_object_get_int_member (args, "deleted_at");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL || get_time (row, "deleted_at") != 0)
    return TRUE;
  json_object_set_int_member (values, "deleted_at", when);
  json_object_set_int_member (values, "updated_at", MAX (when, get_time (row, "updated_at") + 1));
  return local->update_row (local, ENTITY, id, values, error);
}

/* 3. The storage methods: the server's applier, on its generic rows. */
static gboolean
put_server (MsMutationServer  *server,
            JsonObject        *args,
            GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!server->get_row (server, ENTITY, id, &row, error))
    return FALSE;
  if (row != NULL && get_time (row, "deleted_at") != 0)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_NOT_FOUND,
                           "This note was deleted.");
      return FALSE;
    }
  if (row == NULL)
    {
      row = json_object_new ();
      json_object_set_string_member (row, "id", id);
      json_object_set_int_member (row, "created_at", server->now);
      json_object_set_int_member (row, "updated_at", server->now);
      json_object_set_null_member (row, "deleted_at");
    }
  else
    json_object_set_int_member (row, "updated_at",
                                MAX (server->now, get_time (row, "updated_at") + 1));
  json_object_set_string_member (row, "text", json_object_get_string_member (args, "text"));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
delete_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!server->get_row (server, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_NOT_FOUND,
                           "There is no such note.");
      return FALSE;
    }
  if (get_time (row, "deleted_at") != 0)
    return TRUE;
  json_object_set_int_member (row, "deleted_at", json_object_get_int_member (args, "deleted_at"));
  json_object_set_int_member (row, "updated_at",
                              MAX (server->now, get_time (row, "updated_at") + 1));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static MsMutation toy_mutations[] = {
  { "toy_note.put", MS_TENANT_PERSONAL, MS_ROLE_OWNER, put_args, put_normalize,
    put_local, put_server },
  { "toy_note.delete", MS_TENANT_PERSONAL, MS_ROLE_OWNER, delete_args, NULL,
    delete_local, delete_server },
  { NULL }
};

MsSyncEntity toy_note_entity = {
  .name = ENTITY,
  .mutations = toy_mutations,
};

/* ------------------------------------------------------------------------ */
/* 2. The repository: its table and queries, writes through the table       */

struct _ToyRepository
{
  MsStore *store;
};

ToyRepository *
toy_repository_new (MsStore  *store,
                    GError  **error)
{
  g_autoptr(ToyRepository) self = g_new0 (ToyRepository, 1);
  int rc;

  self->store = g_object_ref (store);
  /* A product entity's table is a migration (ms-migrations.c). */
  rc = sqlite3_exec (_ms_store_get_db (store),
                     "CREATE TABLE IF NOT EXISTS toy_note ("
                     "  id TEXT PRIMARY KEY,"
                     "  tenant TEXT NOT NULL,"
                     "  version INTEGER NOT NULL DEFAULT 0,"
                     "  created_at INTEGER NOT NULL,"
                     "  updated_at INTEGER NOT NULL,"
                     "  deleted_at INTEGER,"
                     "  text TEXT NOT NULL)", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (store, rc, error);
      return NULL;
    }
  if (!_ms_store_install_shadows (store, ENTITY, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
toy_repository_free (ToyRepository *self)
{
  g_clear_object (&self->store);
  g_free (self);
}

static gboolean
write_mutation (ToyRepository  *self,
                const char     *name,
                JsonObject     *args,
                GError        **error)
{
  g_autoptr(JsonObject) valid = _ms_store_validate_mutation (self->store, name, args, error);

  return valid != NULL &&
         _ms_store_write_mutation (self->store, ms_store_get_tenant (self->store), name, valid,
                                   NULL, error);
}

gboolean
toy_repository_put (ToyRepository  *self,
                    const char     *id,
                    const char     *text,
                    GError        **error)
{
  g_autoptr(JsonObject) args = json_object_new ();

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "text", text);
  return write_mutation (self, "toy_note.put", args, error);
}

gboolean
toy_repository_delete (ToyRepository  *self,
                       const char     *id,
                       GError        **error)
{
  g_autoptr(JsonObject) args = json_object_new ();

  json_object_set_string_member (args, "id", id);
  json_object_set_int_member (args, "deleted_at", ms_store_get_now (self->store));
  return write_mutation (self, "toy_note.delete", args, error);
}

char *
toy_repository_dup_text (ToyRepository *self,
                         const char    *id)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, "SELECT text FROM toy_note"
                                                       " WHERE id = ?1 AND tenant = ?2"
                                                       " AND deleted_at IS NULL", NULL);
  char *text = NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

guint
toy_repository_count (ToyRepository *self)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, "SELECT count(*) FROM toy_note"
                                                       " WHERE tenant = ?1"
                                                       " AND deleted_at IS NULL", NULL);
  guint n = 0;

  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}
