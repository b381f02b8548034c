/* ms-knowledge-repository.c — a team's knowledge, learned from its feedback
 *
 * One repository per team tenant. It reads the team's live feedback (the
 * rows reviewers sent on its share links, ms-feedback-repository.c), lets
 * the core derive the entries (src/core/score/ms-knowledge.c) and marks
 * each with the owners' choice (knowledge_state rows; on when there is
 * none). It re-derives when the feedback or the choices change, here or by
 * a pull: every member's device holds the same entries and scores with them
 * offline. Turning an entry off or on is an owner's change through the
 * mutation table (src/core/sync/ms-mutation-knowledge.c), with the team's
 * team_knowledge feature; after a downgrade the entries still apply and
 * can be read, not changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sync/ms-mutation-feedback.h"
#include "ms-knowledge-repository.h"
#include "ms-store-private.h"
#include "ms-sync-rows-private.h"
#include "ms-team-repository.h"

struct _MsKnowledgeRepository
{
  GObject    parent_instance;
  MsStore   *store;
  char      *tenant;
  GPtrArray *entries;     /* MsKnowledgeEntry */
  guint      n_feedback;
};

G_DEFINE_FINAL_TYPE (MsKnowledgeRepository, ms_knowledge_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The most feedback items the knowledge reads (the newest). */
#define MAX_FEEDBACK 2000

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

typedef struct
{
  GPtrArray *texts;     /* keeps the strings the items point to */
  GArray    *items;     /* MsKnowledgeFeedback */
} Feedback;

static gboolean
read_feedback (MsStore     *store,
               const char  *tenant,
               Feedback    *out)
{
  sqlite3_stmt *stmt = _ms_store_prepare (store,
                                          "SELECT id, role, rating, axes, comment, engine_total,"
                                          " coalesce (corrected_score, -1) FROM feedback"
                                          " WHERE tenant = ?1 AND deleted_at IS NULL"
                                          " ORDER BY created_at DESC, id LIMIT ?2", NULL);

  out->texts = g_ptr_array_new_with_free_func (g_free);
  out->items = g_array_new (FALSE, TRUE, sizeof (MsKnowledgeFeedback));
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, MAX_FEEDBACK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MsKnowledgeFeedback item = { 0 };
      char **texts[] = { (char **) &item.id, (char **) &item.role, (char **) &item.rating,
                         (char **) &item.axes, (char **) &item.comment };

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          *texts[i] = column_text (stmt, (int) i);
          if (*texts[i] != NULL)
            g_ptr_array_add (out->texts, *texts[i]);
        }
      item.engine_total = (int) CLAMP (sqlite3_column_int64 (stmt, 5), 0, 100);
      item.corrected_score = (int) CLAMP (sqlite3_column_int64 (stmt, 6), -1, 100);
      g_array_append_val (out->items, item);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The owners' choices: key → enabled. */
static GHashTable *
read_choices (MsStore    *store,
              const char *tenant)
{
  GHashTable *choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = _ms_store_prepare (store, "SELECT key, enabled FROM knowledge_state"
                                                 " WHERE tenant = ?1 AND deleted_at IS NULL",
                                          NULL);

  if (stmt == NULL)
    return choices;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (choices, column_text (stmt, 0),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1) != 0));
  sqlite3_reset (stmt);
  return choices;
}

static GPtrArray *
derive (MsStore    *store,
        const char *tenant,
        guint      *n_feedback)
{
  Feedback feedback = { 0 };
  g_autoptr(GHashTable) choices = read_choices (store, tenant);
  GPtrArray *entries;

  read_feedback (store, tenant, &feedback);
  entries = ms_knowledge_derive ((const MsKnowledgeFeedback *) feedback.items->data,
                                 feedback.items->len);
  if (n_feedback != NULL)
    *n_feedback = feedback.items->len;
  for (guint i = 0; i < entries->len; i++)
    {
      MsKnowledgeEntry *entry = g_ptr_array_index (entries, i);
      gpointer enabled;

      if (g_hash_table_lookup_extended (choices, entry->key, NULL, &enabled))
        entry->enabled = GPOINTER_TO_INT (enabled);
    }
  g_array_unref (feedback.items);
  g_ptr_array_unref (feedback.texts);
  return entries;
}

static void
reload (MsKnowledgeRepository *self)
{
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  self->entries = derive (self->store, self->tenant, &self->n_feedback);
}

static void
on_store_changed_cb (MsStore               *store,
                     const char            *table,
                     MsKnowledgeRepository *self)
{
  reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_knowledge_repository_dispose (GObject *object)
{
  MsKnowledgeRepository *self = (MsKnowledgeRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ms_knowledge_repository_parent_class)->dispose (object);
}

static void
ms_knowledge_repository_finalize (GObject *object)
{
  MsKnowledgeRepository *self = (MsKnowledgeRepository *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_free (self->tenant);
  G_OBJECT_CLASS (ms_knowledge_repository_parent_class)->finalize (object);
}

static void
ms_knowledge_repository_class_init (MsKnowledgeRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_knowledge_repository_dispose;
  object_class->finalize = ms_knowledge_repository_finalize;

  /**
   * MsKnowledgeRepository::changed:
   *
   * The team's feedback or the owners' choices changed: the entries are new.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_knowledge_repository_init (MsKnowledgeRepository *self)
{
}

/**
 * ms_knowledge_repository_new:
 * @tenant: the team's tenant ("team:<uuid>")
 */
MsKnowledgeRepository *
ms_knowledge_repository_new (MsStore    *store,
                             const char *tenant)
{
  static const char * const tables[] = { "feedback", "knowledge_state" };
  MsKnowledgeRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (MS_TYPE_KNOWLEDGE_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  self->tenant = g_strdup (tenant);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect (store, detailed, G_CALLBACK (on_store_changed_cb), self);
    }
  reload (self);
  return self;
}

const char *
ms_knowledge_repository_get_tenant (MsKnowledgeRepository *self)
{
  g_return_val_if_fail (MS_IS_KNOWLEDGE_REPOSITORY (self), NULL);
  return self->tenant;
}

/**
 * ms_knowledge_repository_get_entries:
 *
 * Returns: (transfer none) (element-type MsKnowledgeEntry): calibrations
 *   first, then rules by evidence; each with whether it applies
 */
GPtrArray *
ms_knowledge_repository_get_entries (MsKnowledgeRepository *self)
{
  g_return_val_if_fail (MS_IS_KNOWLEDGE_REPOSITORY (self), NULL);
  return self->entries;
}

guint
ms_knowledge_repository_get_n_feedback (MsKnowledgeRepository *self)
{
  g_return_val_if_fail (MS_IS_KNOWLEDGE_REPOSITORY (self), 0);
  return self->n_feedback;
}

/**
 * ms_knowledge_repository_set_enabled:
 *
 * Turns entry @key off or on for the whole team (owners; here at once, on
 * the server at the next sync).
 */
gboolean
ms_knowledge_repository_set_enabled (MsKnowledgeRepository  *self,
                                     const char             *key,
                                     gboolean                enabled,
                                     GError                **error)
{
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;
  g_autofree char *id = NULL;

  g_autofree char *role = NULL;

  g_return_val_if_fail (MS_IS_KNOWLEDGE_REPOSITORY (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  role = ms_store_dup_team_role (self->store, self->tenant);
  if (g_strcmp0 (role, "owner") != 0)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN,
                           _("Only the team’s owners can turn knowledge entries off or on."));
      return FALSE;
    }
  id = ms_knowledge_state_id (key);
  json_object_set_string_member (args, "id", id);
  json_object_set_string_member (args, "key", key);
  json_object_set_boolean_member (args, "enabled", enabled);
  valid = _ms_store_validate_mutation (self->store, "knowledge_state.set", args, error);
  return valid != NULL &&
         _ms_store_write_mutation (self->store, self->tenant, "knowledge_state.set", valid, NULL,
                                   error);
}

/**
 * ms_store_dup_team_knowledge:
 *
 * Returns: (transfer full) (element-type MsKnowledgeEntry): the entries of
 *   team @tenant as they apply now (ms_knowledge_apply())
 */
GPtrArray *
ms_store_dup_team_knowledge (MsStore    *store,
                             const char *tenant)
{
  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);
  return derive (store, tenant, NULL);
}
