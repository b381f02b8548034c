/* ms-ng-word-repository.c — personal NG words
 *
 * The words a user adds to the built-in packs (Pro: 10, per data/plans.json
 * custom_ng_words; the five common words are built in and not counted). The
 * model is a GListStore of MsNgWord in word order, re-read after each
 * committed change. Words are stored NFKC-normalised and trimmed, so "ＳＡＬＥ"
 * and "SALE" are one word. Outbox: ng_word.put {id, scope, word, note},
 * ng_word.delete {id, deleted_at}.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-ng-word-repository.h"
#include "ms-store-private.h"

struct _MsNgWordRepository
{
  GObject     parent_instance;
  MsStore    *store;
  GListStore *model;
};

G_DEFINE_FINAL_TYPE (MsNgWordRepository, ms_ng_word_repository, G_TYPE_OBJECT)

static gpointer
ng_word_from_row (sqlite3_stmt *stmt)
{
  return ms_ng_word_new ((const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2));
}

static gboolean
reload (MsNgWordRepository  *self,
        GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = _ms_store_prepare (self->store,
                            "SELECT id, word, note FROM ng_word"
                            " WHERE tenant = ?1 AND scope = 'personal' AND deleted_at IS NULL"
                            " ORDER BY word", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  return _ms_store_reload_model (self->store, stmt, ng_word_from_row, self->model, error);
}

/* After a committed change to the table (@detail: its name) or a change
 * of tenant (@detail: the GParamSpec): read the rows again. */
static void
on_store_changed_cb (MsStore            *store,
                     gpointer            detail,
                     MsNgWordRepository *self)
{
  reload (self, NULL);
}

static void
ms_ng_word_repository_dispose (GObject *object)
{
  MsNgWordRepository *self = (MsNgWordRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ms_ng_word_repository_parent_class)->dispose (object);
}

static void
ms_ng_word_repository_class_init (MsNgWordRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_ng_word_repository_dispose;
}

static void
ms_ng_word_repository_init (MsNgWordRepository *self)
{
  self->model = g_list_store_new (MS_TYPE_NG_WORD);
}

MsNgWordRepository *
ms_ng_word_repository_new (MsStore *store)
{
  MsNgWordRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_NG_WORD_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::ng_word", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "notify::tenant", G_CALLBACK (on_store_changed_cb), self);
  reload (self, NULL);
  return self;
}

/**
 * ms_ng_word_repository_get_model:
 *
 * Returns: (transfer none): the words (MsNgWord), sorted
 */
GListModel *
ms_ng_word_repository_get_model (MsNgWordRepository *self)
{
  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * ms_ng_word_repository_dup_words:
 *
 * Returns: (transfer full): the words, for the scorer's rule set
 */
char **
ms_ng_word_repository_dup_words (MsNgWordRepository *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsNgWord) word = g_list_model_get_item (G_LIST_MODEL (self->model), i);
      g_strv_builder_add (builder, ms_ng_word_get_word (word));
    }
  return g_strv_builder_end (builder);
}

/**
 * ms_ng_word_repository_add:
 * @note: (nullable): why the word is banned, or what to write instead
 *
 * Fails with %MS_STORE_ERROR_LIMIT_REACHED at the plan's custom_ng_words.
 *
 * Returns: (transfer full): the new word's id
 */
char *
ms_ng_word_repository_add (MsNgWordRepository  *self,
                           const char          *word,
                           const char          *note,
                           GError             **error)
{
  g_autofree char *id = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(JsonNode) args = NULL;
  MsEntitlements *entitlements;
  JsonObject *o;
  sqlite3_stmt *stmt;
  gint64 limit, count = 0, now;
  int rc;

  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), NULL);

  if (word != NULL && g_utf8_validate (word, -1, NULL))
    normalized = g_strstrip (g_utf8_normalize (word, -1, G_NORMALIZE_NFKC));
  if (normalized == NULL || *normalized == '\0')
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Type the word or phrase to flag."));
      return NULL;
    }

  entitlements = ms_store_get_entitlements (self->store);
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_CUSTOM_NG_WORDS);
  if (limit == 0)
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                   /* Translators: %s is a plan name */
                   _("The %s plan checks the common NG words only. Upgrade to Pro to add up "
                     "to 10 of your own."), ms_entitlements_get_plan_name (entitlements));
      return NULL;
    }

  id = _ms_store_new_id ();
  now = ms_store_get_now (self->store);

  if (!_ms_store_begin (self->store, error))
    return NULL;

  if (limit != MS_LIMIT_UNLIMITED)
    {
      stmt = _ms_store_prepare (self->store,
                                "SELECT count(*) FROM ng_word WHERE tenant = ?1"
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
                       /* Translators: %s is a plan name, %d a number of words */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The %s plan keeps %d NG word of your own. Delete one, or "
                                    "upgrade your plan to add more.",
                                    "The %s plan keeps %d NG words of your own. Delete one, or "
                                    "upgrade your plan to add more.", (gulong) limit),
                       ms_entitlements_get_plan_name (entitlements), (int) limit);
          goto fail;
        }
    }

  stmt = _ms_store_prepare (self->store,
                            "INSERT INTO ng_word (id, tenant, created_at, updated_at, scope, word,"
                            " note) VALUES (?1, ?2, ?3, ?3, 'personal', ?4, ?5)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ms_store_get_tenant (self->store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, normalized, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, note != NULL ? note : "", -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT,
                     /* Translators: %s is an NG word */
                     _("“%s” is already in your NG words."), normalized);
      else
        _ms_store_set_db_error (self->store, rc, error);
      goto fail;
    }

  args = json_node_new (JSON_NODE_OBJECT);
  o = json_object_new ();
  json_node_take_object (args, o);
  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "scope", "personal");
  json_object_set_string_member (o, "word", normalized);
  json_object_set_string_member (o, "note", note != NULL ? note : "");
  if (!_ms_store_add_outbox (self->store, "ng_word.put", args, error))
    goto fail;

  _ms_store_mark_changed (self->store, "ng_word");
  if (!_ms_store_commit (self->store, error))
    return NULL;
  return g_steal_pointer (&id);

fail:
  _ms_store_rollback (self->store);
  return NULL;
}

gboolean
ms_ng_word_repository_delete (MsNgWordRepository  *self,
                              const char          *id,
                              GError             **error)
{
  g_autoptr(JsonNode) args = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o;
  sqlite3_stmt *stmt;
  gint64 now;

  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!_ms_store_begin (self->store, error))
    return FALSE;

  now = ms_store_get_now (self->store);
  stmt = _ms_store_prepare (self->store,
                            "UPDATE ng_word SET deleted_at = ?1, updated_at = ?1"
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
                           _("This NG word no longer exists."));
      goto fail;
    }

  o = json_object_new ();
  json_node_take_object (args, o);
  json_object_set_string_member (o, "id", id);
  json_object_set_int_member (o, "deleted_at", now);
  if (!_ms_store_add_outbox (self->store, "ng_word.delete", args, error))
    goto fail;

  _ms_store_mark_changed (self->store, "ng_word");
  return _ms_store_commit (self->store, error);

fail:
  _ms_store_rollback (self->store);
  return FALSE;
}
