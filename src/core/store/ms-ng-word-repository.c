/* ms-ng-word-repository.c — personal NG words
 *
 * The words a user adds to the built-in packs (Pro: 10, per data/plans.json
 * custom_ng_words; the five common words are built in and not counted). The
 * model is a GListStore of MsNgWord in word order, re-read after each
 * committed change. Words are stored NFKC-normalised and trimmed, so "ＳＡＬＥ"
 * and "SALE" are one word. Changes are the mutation table's ng_word.put
 * {id, scope, word, note} and ng_word.delete {id, deleted_at}
 * (src/core/sync/ms-mutation-personal.c): checked, normalised, applied and
 * queued as the server checks and applies them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-ng-word-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "sync/ms-mutation.h"

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
  g_autofree char *id = _ms_store_new_id ();
  g_autofree char *taken = NULL;
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;
  MsEntitlements *entitlements;
  gint64 limit, count;

  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), NULL);

  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "scope", "personal");
  json_object_set_string_member (args, "word", word != NULL ? word : "");
  json_object_set_string_member (args, "note", note != NULL ? note : "");
  valid = _ms_store_validate_mutation (self->store, "ng_word.put", args, error);
  if (valid == NULL)
    return NULL;

  entitlements = ms_store_get_entitlements (self->store);
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_CUSTOM_NG_WORDS);
  if (limit == 0)
    {
      ms_mutation_set_limit_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                                   MS_LIMIT_CUSTOM_NG_WORDS, entitlements);
      return NULL;
    }

  taken = g_strdup_printf (/* Translators: %s is an NG word */
                           _("“%s” is already in your NG words."),
                           json_object_get_string_member (valid, "word"));
  if (!_ms_store_begin (self->store, error))
    return NULL;
  count = limit == MS_LIMIT_UNLIMITED ? 0
          : _ms_sync_rows_count_live (self->store, "ng_word", ms_store_get_tenant (self->store),
                                      NULL, NULL, error);
  if (count < 0)
    goto fail;
  if (limit != MS_LIMIT_UNLIMITED && count >= limit)
    {
      ms_mutation_set_limit_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                                   MS_LIMIT_CUSTOM_NG_WORDS, entitlements);
      goto fail;
    }
  if (!_ms_store_write_mutation (self->store, ms_store_get_tenant (self->store), "ng_word.put",
                                 valid, taken, error) ||
      !_ms_store_commit (self->store, error))
    goto fail;
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
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (MS_IS_NG_WORD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json_object_set_string_member (args, "id", id);
  json_object_set_int_member (args, "deleted_at", ms_store_get_now (self->store));
  valid = _ms_store_validate_mutation (self->store, "ng_word.delete", args, error);
  if (valid == NULL || !_ms_store_begin (self->store, error))
    return FALSE;
  if (_ms_sync_rows_count_live (self->store, "ng_word", ms_store_get_tenant (self->store), id,
                                &exists, error) < 0)
    goto fail;
  if (!exists)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This NG word no longer exists."));
      goto fail;
    }
  if (!_ms_store_write_mutation (self->store, ms_store_get_tenant (self->store),
                                 "ng_word.delete", valid, NULL, error))
    goto fail;
  return _ms_store_commit (self->store, error);

fail:
  _ms_store_rollback (self->store);
  return FALSE;
}
