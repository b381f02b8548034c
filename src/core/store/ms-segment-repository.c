/* ms-segment-repository.c — personal segment presets
 *
 * A handful of rows (Pro: 10, per data/plans.json personal_segments), so the
 * model is a GListStore of MsSegmentPreset sorted by name, re-read after each
 * committed change. Changes are the mutation table's segment.put {id, scope,
 * name, segment} and segment.delete {id, deleted_at}
 * (src/core/sync/ms-mutation-personal.c): checked, applied and queued as
 * the server checks and applies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-message-codec.h"
#include "ms-segment-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "sync/ms-mutation.h"

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
  g_autoptr(JsonNode) node = _ms_store_parse_row_json ((const char *) sqlite3_column_text (stmt, 2), NULL);
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

/* segment.put, checked as the server checks it; a live row of @id must
 * exist when @id is given. */
static JsonObject *
validate_put (MsSegmentRepository  *self,
              const char           *id,
              const char           *name,
              const MsSegment      *segment,
              GError              **error)
{
  g_autoptr(JsonObject) args = json_object_new ();

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "scope", "personal");
  json_object_set_string_member (args, "name", name != NULL ? name : "");
  json_object_set_member (args, "segment", ms_segment_to_json (segment));
  return _ms_store_validate_mutation (self->store, "segment.put", args, error);
}

static gboolean
write_put (MsSegmentRepository  *self,
           JsonObject           *args,
           GError              **error)
{
  g_autofree char *taken =
    /* Translators: %s is a segment name */
    g_strdup_printf (_("A segment named “%s” already exists. Choose another name."),
                     json_object_get_string_member (args, "name"));

  return _ms_store_write_mutation (self->store, ms_store_get_tenant (self->store), "segment.put",
                                   args, taken, error);
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                       _("This segment no longer exists."));
  return FALSE;
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
  g_autofree char *id = _ms_store_new_id ();
  g_autoptr(JsonObject) args = NULL;
  MsEntitlements *entitlements;
  gint64 limit, count;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  args = validate_put (self, id, name, segment, error);
  if (args == NULL)
    return NULL;

  entitlements = ms_store_get_entitlements (self->store);
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_PERSONAL_SEGMENTS);
  if (!_ms_store_begin (self->store, error))
    return NULL;
  count = limit == MS_LIMIT_UNLIMITED ? 0
          : _ms_sync_rows_count_live (self->store, "segment", ms_store_get_tenant (self->store),
                                      NULL, NULL, error);
  if (count < 0)
    goto fail;
  if (limit != MS_LIMIT_UNLIMITED && count >= limit)
    {
      ms_mutation_set_limit_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                                   MS_LIMIT_PERSONAL_SEGMENTS, entitlements);
      goto fail;
    }
  if (!write_put (self, args, error) || !_ms_store_commit (self->store, error))
    goto fail;
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
  g_autoptr(JsonObject) args = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (segment != NULL, FALSE);

  args = validate_put (self, id, name, segment, error);
  if (args == NULL)
    return FALSE;
  if (!_ms_store_begin (self->store, error))
    return FALSE;
  if (_ms_sync_rows_count_live (self->store, "segment", ms_store_get_tenant (self->store), id,
                                &exists, error) < 0 ||
      (!exists && !not_found (error)) ||
      !write_put (self, args, error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  return _ms_store_commit (self->store, error);
}

gboolean
ms_segment_repository_delete (MsSegmentRepository  *self,
                              const char           *id,
                              GError              **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (MS_IS_SEGMENT_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json_object_set_string_member (args, "id", id);
  json_object_set_int_member (args, "deleted_at", ms_store_get_now (self->store));
  valid = _ms_store_validate_mutation (self->store, "segment.delete", args, error);
  if (valid == NULL || !_ms_store_begin (self->store, error))
    return FALSE;
  if (_ms_sync_rows_count_live (self->store, "segment", ms_store_get_tenant (self->store), id,
                                &exists, error) < 0 ||
      (!exists && !not_found (error)) ||
      !_ms_store_write_mutation (self->store, ms_store_get_tenant (self->store),
                                 "segment.delete", valid, NULL, error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  return _ms_store_commit (self->store, error);
}
