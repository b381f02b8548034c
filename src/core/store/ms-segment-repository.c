/* ms-segment-repository.c — personal segment presets
 *
 * A handful of rows (Pro: 10, per data/plans.json personal_segments), so the
 * model is a GListStore of MsSegmentPreset sorted by name, re-read after each
 * committed change. Outbox mutations: segment.put {id, scope, name, segment},
 * segment.delete {id, deleted_at}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-message-codec.h"
#include "ms-segment-repository.h"
#include "ms-store-private.h"

struct _MsSegmentRepository
{
  GObject     parent_instance;
  MsStore    *store;
  GListStore *model;
};

G_DEFINE_FINAL_TYPE (MsSegmentRepository, ms_segment_repository, G_TYPE_OBJECT)

static gpointer
preset_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);
  g_autoptr(MsSegment) segment = ms_segment_new_from_json (node, NULL);

  if (segment == NULL)
    return NULL;  /* a damaged row is skipped, not fatal */
  return ms_segment_preset_new ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                segment);
}

static gboolean
reload (MsSegmentRepository  *self,
        GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = _ms_store_prepare (self->store,
                            "SELECT id, name, segment_json FROM segment"
                            " WHERE tenant = ?1 AND scope = 'personal' AND deleted_at IS NULL"
                            " ORDER BY name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  return _ms_store_reload_model (self->store, stmt, preset_from_row, self->model, error);
}

/* After a committed change to the table (@detail: its name) or a change
 * of tenant (@detail: the GParamSpec): read the rows again. */
static void
on_store_changed_cb (MsStore             *store,
                     gpointer             detail,
                     MsSegmentRepository *self)
{
  reload (self, NULL);
}

static void
ms_segment_repository_dispose (GObject *object)
{
  MsSegmentRepository *self = (MsSegmentRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ms_segment_repository_parent_class)->dispose (object);
}

static void
ms_segment_repository_class_init (MsSegmentRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_segment_repository_dispose;
}

static void
ms_segment_repository_init (MsSegmentRepository *self)
{
  self->model = g_list_store_new (MS_TYPE_SEGMENT_PRESET);
}

MsSegmentRepository *
ms_segment_repository_new (MsStore *store)
{
  MsSegmentRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_SEGMENT_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::segment", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_changed_cb), self);
  reload (self, NULL);
  return self;
}

/**
 * ms_segment_repository_get_model:
 *
 * Returns: (transfer none): the presets (MsSegmentPreset), sorted by name
 */
GListModel *
ms_segment_repository_get_model (MsSegmentRepository *self)
{
  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->model);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Give the segment a name."));
      return FALSE;
    }
  return TRUE;
}

static void
name_taken (int          rc,
            const char  *name,
            GError     **error)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT,
               /* Translators: %s is a segment name */
               _("A segment named “%s” already exists. Choose another name."), name);
}

static gboolean
put_outbox (MsSegmentRepository  *self,
            const char           *id,
            const char           *name,
            const char           *segment_json,
            GError              **error)
{
  g_autoptr(JsonNode) args = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_node_take_object (args, o);
  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "scope", "personal");
  json_object_set_string_member (o, "name", name);
  json_object_set_member (o, "segment", json_from_string (segment_json, NULL));
  return _ms_store_add_outbox (self->store, "segment.put", args, error);
}

/**
 * ms_segment_repository_add:
 *
 * Fails with %MS_STORE_ERROR_LIMIT_REACHED at the plan's personal_segments.
 *
 * Returns: (transfer full): the new preset's id
 */
char *
ms_segment_repository_add (MsSegmentRepository  *self,
                           const char           *name,
                           const MsSegment      *segment,
                           GError              **error)
{
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  MsEntitlements *entitlements;
  sqlite3_stmt *stmt;
  gint64 limit, count = 0, now;
  int rc;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  if (!check_name (name, error))
    return NULL;

  entitlements = ms_store_get_entitlements (self->store);
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_PERSONAL_SEGMENTS);
  if (limit == 0)
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name */
                   _("The %s plan cannot save segments. Upgrade to Pro to keep up to 10."),
                   ms_entitlements_get_plan_name (entitlements));
      return NULL;
    }

  id = _ms_store_new_id ();
  node = ms_segment_to_json (segment);
  json = json_to_string (node, FALSE);
  now = ms_store_get_now (self->store);

  if (!_ms_store_begin (self->store, error))
    return NULL;

  if (limit != MS_LIMIT_UNLIMITED)
    {
      stmt = _ms_store_prepare (self->store,
                                "SELECT count(*) FROM segment WHERE tenant = ?1"
                                " AND scope = 'personal' AND deleted_at IS NULL", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          _ms_store_set_db_error (self->store, rc, error);
          goto fail;
        }
      if (count >= limit)
        {
          g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                       /* Translators: %s is a plan name, %d a number of segments */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The %s plan keeps %d segment. Delete one, or upgrade your "
                                    "plan to keep more.",
                                    "The %s plan keeps %d segments. Delete one, or upgrade your "
                                    "plan to keep more.", (gulong) limit),
                       ms_entitlements_get_plan_name (entitlements), (int) limit);
          goto fail;
        }
    }

  stmt = _ms_store_prepare (self->store,
                            "INSERT INTO segment (id, tenant, created_at, updated_at, scope, name,"
                            " segment_json) VALUES (?1, ?2, ?3, ?3, 'personal', ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        name_taken (rc, name, error);
      else
        _ms_store_set_db_error (self->store, rc, error);
      goto fail;
    }
  if (!put_outbox (self, id, name, json, error))
    goto fail;

  _ms_store_mark_changed (self->store, "segment");
  if (!_ms_store_commit (self->store, error))
    return NULL;
  return g_steal_pointer (&id);

fail:
  _ms_store_rollback (self->store);
  return NULL;
}

gboolean
ms_segment_repository_update (MsSegmentRepository  *self,
                              const char           *id,
                              const char           *name,
                              const MsSegment      *segment,
                              GError              **error)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (segment != NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;

  node = ms_segment_to_json (segment);
  json = json_to_string (node, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  stmt = _ms_store_prepare (self->store,
                            "UPDATE segment SET name = ?1, segment_json = ?2, updated_at = ?3"
                            " WHERE id = ?4 AND tenant = ?5 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ms_store_get_now (self->store));
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        name_taken (rc, name, error);
      else
        _ms_store_set_db_error (self->store, rc, error);
      goto fail;
    }
  if (sqlite3_changes (_ms_store_get_db (self->store)) == 0)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This segment no longer exists."));
      goto fail;
    }
  if (!put_outbox (self, id, name, json, error))
    goto fail;

  _ms_store_mark_changed (self->store, "segment");
  return _ms_store_commit (self->store, error);

fail:
  _ms_store_rollback (self->store);
  return FALSE;
}

gboolean
ms_segment_repository_delete (MsSegmentRepository  *self,
                              const char           *id,
                              GError              **error)
{
  g_autoptr(JsonNode) args = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o;
  sqlite3_stmt *stmt;
  gint64 now;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  now = ms_store_get_now (self->store);
  stmt = _ms_store_prepare (self->store,
                            "UPDATE segment SET deleted_at = ?1, updated_at = ?1"
                            " WHERE id = ?2 AND tenant = ?3 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  if (!_ms_store_step_done (self->store, stmt, error))
    goto fail;
  if (sqlite3_changes (_ms_store_get_db (self->store)) == 0)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This segment no longer exists."));
      goto fail;
    }

  o = json_object_new ();
  json_node_take_object (args, o);
  json_object_set_string_member (o, "id", id);
  json_object_set_int_member (o, "deleted_at", now);
  if (!_ms_store_add_outbox (self->store, "segment.delete", args, error))
    goto fail;

  _ms_store_mark_changed (self->store, "segment");
  return _ms_store_commit (self->store, error);

fail:
  _ms_store_rollback (self->store);
  return FALSE;
}
