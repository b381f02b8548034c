/* ms-feedback-repository.c — reviewers' feedback on the team's share links
 *
 * A reviewer without an account answers the form on a Team Pro member's
 * share link; the server writes the feedback into the team's tenant
 * (src/core/sync/ms-mutation-feedback.c) and it arrives here with the
 * team's rows at the next sync. This lists what the store holds, every
 * team's, newest first (or one scoring's, by history id), with the
 * member's name, and marks an item resolved through the mutation table, so
 * it works offline and is checked as the server checks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-feedback-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"

struct _MsFeedbackRepository
{
  GObject     parent_instance;
  MsStore    *store;
  char       *history_id;  /* NULL: all */
  GListStore *items;       /* MsFeedbackItem, newest first */
};

G_DEFINE_FINAL_TYPE (MsFeedbackRepository, ms_feedback_repository, G_TYPE_OBJECT)

/* The most rows the list shows. */
#define MAX_ROWS 500

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

#define COLUMNS \
  "f.id, f.tenant, f.link_id, f.shared_by, f.history_id, f.title, f.role, f.rating," \
  " f.comment, f.axes, f.reviewer_name, f.status, f.resolution, f.created_at," \
  " coalesce (f.resolved_at, 0), f.engine_total, coalesce (f.corrected_score, -1)," \
  " (SELECT m.name FROM team_member m WHERE m.tenant = f.tenant AND m.user_id = f.shared_by" \
  "  AND m.deleted_at IS NULL ORDER BY m.updated_at DESC LIMIT 1)"

static gpointer
item_from_row (sqlite3_stmt *stmt)
{
  MsFeedbackInfo info = { 0 };
  char **texts[] = {
    &info.id, &info.tenant, &info.link_id, &info.shared_by, &info.history_id, &info.title,
    &info.role, &info.rating, &info.comment, &info.axes, &info.reviewer_name, &info.status,
    &info.resolution,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    *texts[i] = column_text (stmt, (int) i);
  info.created_at = sqlite3_column_int64 (stmt, 13);
  info.resolved_at = sqlite3_column_int64 (stmt, 14);
  info.engine_total = (int) CLAMP (sqlite3_column_int64 (stmt, 15), 0, 100);
  info.corrected_score = (int) CLAMP (sqlite3_column_int64 (stmt, 16), -1, 100);
  info.sharer_name = column_text (stmt, 17);
  if (info.sharer_name == NULL || *info.sharer_name == '\0')
    {
      g_free (info.sharer_name);
      info.sharer_name = g_strdup (info.shared_by);
    }
  if (info.axes == NULL)
    info.axes = g_strdup ("");
  return ms_feedback_item_new (&info);
}

static gboolean
reload (MsFeedbackRepository  *self,
        GError               **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store,
                                          "SELECT " COLUMNS " FROM feedback f"
                                          " WHERE f.deleted_at IS NULL"
                                          " AND (?1 IS NULL OR f.history_id = ?1)"
                                          " ORDER BY f.created_at DESC, f.id LIMIT ?2", error);

  if (stmt == NULL)
    return FALSE;
  if (self->history_id != NULL)
    sqlite3_bind_text (stmt, 1, self->history_id, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int (stmt, 2, MAX_ROWS);
  return _ms_store_reload_model (self->store, stmt, item_from_row, self->items, error);
}

static void
on_store_changed_cb (MsStore              *store,
                     const char           *table,
                     MsFeedbackRepository *self)
{
  reload (self, NULL);
}

static void
ms_feedback_repository_dispose (GObject *object)
{
  MsFeedbackRepository *self = (MsFeedbackRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->items);
  G_OBJECT_CLASS (ms_feedback_repository_parent_class)->dispose (object);
}

static void
ms_feedback_repository_finalize (GObject *object)
{
  g_free (MS_FEEDBACK_REPOSITORY (object)->history_id);
  G_OBJECT_CLASS (ms_feedback_repository_parent_class)->finalize (object);
}

static void
ms_feedback_repository_class_init (MsFeedbackRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_feedback_repository_dispose;
  object_class->finalize = ms_feedback_repository_finalize;
}

static void
ms_feedback_repository_init (MsFeedbackRepository *self)
{
  self->items = g_list_store_new (MS_TYPE_FEEDBACK_ITEM);
}

MsFeedbackRepository *
ms_feedback_repository_new (MsStore *store)
{
  static const char * const tables[] = { "feedback", "team_member" };
  MsFeedbackRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_FEEDBACK_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect (store, detailed, G_CALLBACK (on_store_changed_cb), self);
    }
  reload (self, NULL);
  return self;
}

/**
 * ms_feedback_repository_get_items:
 *
 * Returns: (transfer none): the feedback (MsFeedbackItem), newest first
 */
GListModel *
ms_feedback_repository_get_items (MsFeedbackRepository *self)
{
  g_return_val_if_fail (MS_IS_FEEDBACK_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->items);
}

const char *
ms_feedback_repository_get_history_id (MsFeedbackRepository *self)
{
  g_return_val_if_fail (MS_IS_FEEDBACK_REPOSITORY (self), NULL);
  return self->history_id;
}

/**
 * ms_feedback_repository_set_history_id:
 * @history_id: (nullable): list only this saved scoring's feedback; NULL for all
 */
void
ms_feedback_repository_set_history_id (MsFeedbackRepository *self,
                                       const char           *history_id)
{
  g_return_if_fail (MS_IS_FEEDBACK_REPOSITORY (self));
  if (g_strcmp0 (self->history_id, history_id) == 0)
    return;
  g_free (self->history_id);
  self->history_id = g_strdup (history_id);
  reload (self, NULL);
}

/* The tenant feedback @id lives in, or NULL. */
static char *
dup_tenant_of (MsFeedbackRepository *self,
               const char           *id)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, "SELECT tenant FROM feedback"
                                                       " WHERE id = ?1 AND deleted_at IS NULL",
                                          NULL);
  char *tenant = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tenant = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return tenant;
}

/**
 * ms_feedback_repository_resolve:
 * @resolution: (nullable): what the member changed
 *
 * Marks feedback @id resolved, here at once and on the server at the next sync.
 */
gboolean
ms_feedback_repository_resolve (MsFeedbackRepository  *self,
                                const char            *id,
                                const char            *resolution,
                                GError               **error)
{
  g_autofree char *tenant = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;

  g_return_val_if_fail (MS_IS_FEEDBACK_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  tenant = dup_tenant_of (self, id);
  if (tenant == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This feedback is no longer here."));
      return FALSE;
    }
  json_object_set_string_member (args, "id", id);
  if (resolution != NULL)
    json_object_set_string_member (args, "resolution", resolution);
  valid = _ms_store_validate_mutation (self->store, "feedback.resolve", args, error);
  return valid != NULL &&
         _ms_store_write_mutation (self->store, tenant, "feedback.resolve", valid, NULL, error);
}

guint
ms_store_count_feedback (MsStore    *store,
                         const char *history_id,
                         guint      *n_open)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (MS_IS_STORE (store), 0);
  if (n_open != NULL)
    *n_open = 0;
  stmt = _ms_store_prepare (store, "SELECT count(*), coalesce (sum (status = 'open'), 0)"
                                   " FROM feedback WHERE history_id = ?1"
                                   " AND deleted_at IS NULL", NULL);
  if (stmt == NULL || history_id == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, history_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      n = (guint) sqlite3_column_int64 (stmt, 0);
      if (n_open != NULL)
        *n_open = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return n;
}
