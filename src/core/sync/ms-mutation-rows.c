/* ms-mutation-rows.c — what the appliers of the mutation table share
 *
 * Server appliers (the authority): a missing row is not_found, a taken
 * unique key is a conflict, a plan limit is limit_reached; updated_at of a
 * changed row is max(now, updated_at + 1) on the server's clock.
 *
 * Local appliers (this device's optimistic copy): idempotent, and what
 * cannot be done is skipped, for the server decides; updated_at moves the
 * same way on this device's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

gboolean
_ms_mutation_invalid (GError     **error,
                      const char  *message)
{
  g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS, message);
  return FALSE;
}

gboolean
_ms_mutation_not_found (GError **error)
{
  g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_NOT_FOUND,
                       _("This item no longer exists on the server."));
  return FALSE;
}

/* A time member of a row; 0 when null or absent. */
gint64
_ms_row_get_time (JsonObject *row,
                  const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  return json_node_get_int (node);
}

gboolean
_ms_row_is_live (JsonObject *row)
{
  return _ms_row_get_time (row, "deleted_at") == 0;
}

char *
_ms_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/* As SQL compares column values: booleans are integers, numbers by value. */
gboolean
_ms_json_same_value (JsonNode *a,
                     JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);
  GType ta, tb;

  if (a_null || b_null)
    return a_null == b_null;
  if (!JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b))
    return FALSE;
  ta = json_node_get_value_type (a);
  tb = json_node_get_value_type (b);
  if (ta == G_TYPE_STRING || tb == G_TYPE_STRING)
    return ta == tb && g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
  if (ta == G_TYPE_DOUBLE || tb == G_TYPE_DOUBLE)
    return json_node_get_double (a) == json_node_get_double (b);
  return json_node_get_int (a) == json_node_get_int (b);
}

/* ------------------------------------------------------------------------ */
/* The server                                                               */

gint64
_ms_server_next_updated_at (MsMutationServer *server,
                            JsonObject       *row)
{
  return MAX (server->now, _ms_row_get_time (row, "updated_at") + 1);
}

/* Loads a row; a missing row (or a deleted one when @live) is not_found. */
gboolean
_ms_server_get_row (MsMutationServer  *server,
                    const char        *entity,
                    const char        *id,
                    gboolean           live,
                    JsonObject       **row,
                    GError           **error)
{
  if (!server->get_row (server, entity, id, row, error))
    return FALSE;
  if (*row == NULL || (live && !_ms_row_is_live (*row)))
    {
      g_clear_pointer (row, json_object_unref);
      return _ms_mutation_not_found (error);
    }
  return TRUE;
}

/* Inserts or updates row @id of a set with a unique @unique per @scope and
 * a plan @limit on its live rows. Deleted rows never come back. */
gboolean
_ms_server_put_unique (MsMutationServer  *server,
                       const char        *scope,
                       const char        *entity,
                       const char        *id,
                       const char        *unique,
                       MsLimit            limit,
                       JsonObject        *row,
                       GError           **error)
{
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autofree char *key = g_strconcat (scope, "\x1f", unique, NULL);
  g_autofree char *other = NULL;
  gint64 max;

  entitlements = server->dup_entitlements (server, error);
  if (entitlements == NULL)
    return FALSE;
  max = ms_entitlements_get_limit (entitlements, limit);

  if (!server->get_row (server, entity, id, &existing, error))
    return FALSE;
  if (existing != NULL && !_ms_row_is_live (existing))
    return _ms_mutation_not_found (error);

  if (existing == NULL && max != MS_LIMIT_UNLIMITED)
    {
      gint64 count = 0;

      if (!server->count_rows (server, entity, G_MININT64, G_MAXINT64, TRUE, id, &count, error))
        return FALSE;
      if (count >= max)
        {
          ms_mutation_set_limit_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_LIMIT_REACHED,
                                       limit, entitlements);
          return FALSE;
        }
    }

  if (!server->find_key (server, entity, key, TRUE, &other, error))
    return FALSE;
  if (other != NULL && !g_str_equal (other, id))
    {
      g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_CONFLICT,
                   /* Translators: %s is a segment name or an NG word */
                   _("“%s” already exists. Choose another name."), unique);
      return FALSE;
    }

  json_object_set_string_member (row, "id", id);
  json_object_set_int_member (row, "created_at",
                              existing != NULL ? _ms_row_get_time (existing, "created_at")
                                               : server->now);
  json_object_set_int_member (row, "updated_at",
                              existing != NULL ? _ms_server_next_updated_at (server, existing)
                                               : server->now);
  json_object_set_null_member (row, "deleted_at");
  if (g_str_equal (scope, "personal"))
    json_object_set_string_member (row, "scope", scope);
  return server->put_row (server, entity, id, key, row, error);
}

/* A tombstone; already deleted: no change; missing: not_found. */
gboolean
_ms_server_delete (MsMutationServer  *server,
                   const char        *entity,
                   const char        *id,
                   gint64             deleted_at,
                   GError           **error)
{
  g_autoptr(JsonObject) row = NULL;

  if (!_ms_server_get_row (server, entity, id, FALSE, &row, error))
    return FALSE;
  if (!_ms_row_is_live (row))
    return TRUE;
  json_object_set_int_member (row, "deleted_at", deleted_at);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  /* A tombstone keeps no unique key: the name or word can be used again. */
  return server->put_row (server, entity, id, NULL, row, error);
}

/* ------------------------------------------------------------------------ */
/* This device                                                              */

gint64
_ms_local_next_updated_at (gint64      when,
                           JsonObject *row)
{
  return MAX (when, _ms_row_get_time (row, "updated_at") + 1);
}

static gboolean
differs (JsonObject *row,
         JsonObject *values)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &value))
    if (!_ms_json_same_value (json_object_get_member (row, name), value))
      return TRUE;
  return FALSE;
}

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  return copy;
}

/* Sets @values on the live row @id when they differ, moving updated_at. */
gboolean
_ms_local_update_live (MsMutationLocal  *local,
                       const char       *entity,
                       const char       *id,
                       JsonObject       *values,
                       gint64            when,
                       GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) changes = NULL;

  if (!local->get_row (local, entity, id, &row, error))
    return FALSE;
  if (row == NULL || !_ms_row_is_live (row) || !differs (row, values))
    return TRUE;
  changes = copy_object (values);
  json_object_set_int_member (changes, "updated_at", _ms_local_next_updated_at (when, row));
  return local->update_row (local, entity, id, changes, error);
}

/* Inserts row @id with @values, or updates it while it is alive. */
gboolean
_ms_local_put (MsMutationLocal  *local,
               const char       *entity,
               const char       *id,
               JsonObject       *values,
               GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) inserted = NULL;

  if (!local->get_row (local, entity, id, &row, error))
    return FALSE;
  if (row != NULL)
    return _ms_local_update_live (local, entity, id, values, local->now, error);

  inserted = copy_object (values);
  json_object_set_string_member (inserted, "id", id);
  json_object_set_string_member (inserted, "tenant", local->tenant);
  json_object_set_int_member (inserted, "created_at", local->now);
  json_object_set_int_member (inserted, "updated_at", local->now);
  return local->insert_row (local, entity, inserted, error);
}

gboolean
_ms_local_delete (MsMutationLocal  *local,
                  const char       *entity,
                  const char       *id,
                  gint64            deleted_at,
                  GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();

  json_object_set_int_member (values, "deleted_at", deleted_at);
  return _ms_local_update_live (local, entity, id, values, deleted_at, error);
}
