/* ms-server-api-knowledge.c — the team's knowledge for POST /v1/score
 *
 * The scoring API applies a team's knowledge as its members' devices do
 * (src/core/score/ms-knowledge.c): derived from the team's feedback rows and
 * the owners' on/off choices (knowledge_state), both synced rows of the
 * team's tenant. Reading them is a walk over the tenant's rows, so the
 * entries are kept per tenant and made again only when the tenant's
 * version (or epoch) moved: a request costs one read of the tenant's state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-json-guard.h"
#include "ms-server-api.h"

/* Rows read per page, and the most pages one derivation reads. */
#define PAGE 1000
#define MAX_PAGES 50

typedef struct
{
  char      *epoch;
  gint64     version;
  GPtrArray *entries;
} Cached;

static void
cached_free (gpointer data)
{
  Cached *cached = data;

  g_free (cached->epoch);
  g_ptr_array_unref (cached->entries);
  g_free (cached);
}

static GMutex lock;
static GHashTable *cache;   /* tenant → Cached, under lock */

typedef struct
{
  const char *tenant;
  GPtrArray  *entries;      /* out */
} Context;

/* The feedback items and the owners' choices among @rows. */
static void
collect (GPtrArray  *rows,
         GPtrArray  *nodes,
         GArray     *items,
         GHashTable *choices)
{
  MsJsonLimits limits = { G_MAXSIZE, MS_JSON_MAX_DEPTH_REQUEST };

  for (guint i = 0; i < rows->len; i++)
    {
      const MsServerRow *row = g_ptr_array_index (rows, i);
      gboolean feedback = g_str_equal (row->entity, "feedback");
      JsonNode *node;
      JsonObject *o;

      if ((!feedback && !g_str_equal (row->entity, "knowledge_state")) || row->deleted_at != 0)
        continue;
      node = ms_json_guard_parse (row->row_json, strlen (row->row_json), &limits, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_clear_pointer (&node, json_node_unref);
          continue;
        }
      g_ptr_array_add (nodes, node);   /* the items point into it */
      o = json_node_get_object (node);
      if (feedback)
        {
          MsKnowledgeFeedback item = {
            .id = row->id,
            .role = ms_json_object_get_string (o, "role", NULL),
            .rating = ms_json_object_get_string (o, "rating", NULL),
            .axes = ms_json_object_get_string (o, "axes", ""),
            .comment = ms_json_object_get_string (o, "comment", NULL),
            .engine_total = (int) CLAMP (ms_json_object_get_int (o, "engine_total", 0), 0, 100),
            .corrected_score = (int) CLAMP (ms_json_object_get_int (o, "corrected_score", -1),
                                            -1, 100),
          };

          g_array_append_val (items, item);
        }
      else
        g_hash_table_insert (choices, g_strdup (ms_json_object_get_string (o, "key", "")),
                             GINT_TO_POINTER (ms_json_object_get_boolean (o, "enabled", TRUE)));
    }
}

static GPtrArray *
derive (MsServerStorage  *storage,
        const char       *tenant,
        GError          **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (MsKnowledgeFeedback));
  g_autoptr(GHashTable) choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *entries;
  gint64 after = 0;

  for (guint page = 0; page < MAX_PAGES; page++)
    {
      GPtrArray *rows = ms_server_storage_list_changes (storage, tenant, after, TRUE, PAGE, error);

      if (rows == NULL)
        return NULL;
      g_ptr_array_add (pages, rows);    /* the items point into its rows */
      collect (rows, nodes, items, choices);
      for (guint i = 0; i < rows->len; i++)
        after = MAX (after, ((const MsServerRow *) g_ptr_array_index (rows, i))->version);
      if (rows->len < PAGE)
        break;
    }
  entries = ms_knowledge_derive ((const MsKnowledgeFeedback *) items->data, items->len);
  for (guint i = 0; i < entries->len; i++)
    {
      MsKnowledgeEntry *entry = g_ptr_array_index (entries, i);
      gpointer enabled;

      if (g_hash_table_lookup_extended (choices, entry->key, NULL, &enabled))
        entry->enabled = GPOINTER_TO_INT (enabled);
    }
  return entries;
}

static gboolean
read_knowledge (MsServerStorage  *storage,
                gpointer          user_data,
                GError          **error)
{
  Context *ctx = user_data;
  g_auto(MsServerTenantState) state = { 0 };
  Cached *cached;

  if (!ms_server_storage_get_tenant_state (storage, ctx->tenant, &state, error))
    return FALSE;
  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_free);
  cached = g_hash_table_lookup (cache, ctx->tenant);
  if (cached != NULL && cached->version == state.version &&
      g_strcmp0 (cached->epoch, state.epoch) == 0)
    ctx->entries = g_ptr_array_ref (cached->entries);
  g_mutex_unlock (&lock);
  if (ctx->entries != NULL)
    return TRUE;

  ctx->entries = derive (storage, ctx->tenant, error);
  if (ctx->entries == NULL)
    return FALSE;
  cached = g_new0 (Cached, 1);
  cached->epoch = g_strdup (state.epoch);
  cached->version = state.version;
  cached->entries = g_ptr_array_ref (ctx->entries);
  g_mutex_lock (&lock);
  g_hash_table_replace (cache, g_strdup (ctx->tenant), cached);
  g_mutex_unlock (&lock);
  return TRUE;
}

/**
 * ms_server_api_dup_knowledge:
 * @tenant: the key's team
 *
 * Returns: (transfer full) (element-type MsKnowledgeEntry): the team's
 *   knowledge as its members' devices apply it, or NULL with @error set
 */
GPtrArray *
ms_server_api_dup_knowledge (MsServerStorage  *storage,
                             const char       *tenant,
                             GError          **error)
{
  Context ctx = { tenant, NULL };

  if (!ms_server_storage_transaction (storage, FALSE, read_knowledge, &ctx, error))
    {
      g_clear_pointer (&ctx.entries, g_ptr_array_unref);
      return NULL;
    }
  return ctx.entries;
}
