/* ms-rule-pack.c — a JSON file of rules, loaded and validated
 *
 * A pack is {"pack": "name", "rules": [rule, …]}. A broken pack is rejected
 * as a whole, with an error naming the file, the rule (its id and position)
 * and what is wrong, e.g.
 *   team.json: rule “ng.team.foo” (#3): matcher: “pattern” is not a valid …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-rule-pack.h"
#include "ms-rule-private.h"

struct _MsRulePack
{
  gatomicrefcount  ref_count;
  char            *name;
  char            *digest;
  GPtrArray       *rules;
};

G_DEFINE_QUARK (ms-rule-pack-error-quark, ms_rule_pack_error)
G_DEFINE_BOXED_TYPE (MsRulePack, ms_rule_pack, ms_rule_pack_ref, ms_rule_pack_unref)

MsRulePack *
ms_rule_pack_new_from_bytes (const char  *name,
                             GBytes      *bytes,
                             GError     **error)
{
  static const MsJsonLimits limits = { 16 * 1024 * 1024, 32 };
  g_autoptr(MsRulePack) self = NULL;
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *rules_node;
  JsonArray *rules;
  gsize size;
  const char *data;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A pack can come from a user's file: bounded before it is parsed. */
  data = g_bytes_get_data (bytes, &size);
  root_node = ms_json_guard_parse (data, size, &limits, &local_error);
  if (root_node == NULL)
    {
      g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_PARSE,
                   "%s: not valid JSON: %s", name, local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_INVALID,
                   "%s: the top level must be an object with “pack” and “rules”", name);
      return NULL;
    }

  root = json_node_get_object (root_node);
  rules_node = json_object_get_member (root, "rules");
  if (rules_node == NULL || !JSON_NODE_HOLDS_ARRAY (rules_node))
    {
      g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_INVALID,
                   "%s: “rules” must be an array", name);
      return NULL;
    }

  self = g_new0 (MsRulePack, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rule_unref);
  self->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);

  rules = json_node_get_array (rules_node);
  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonNode *node = json_array_get_element (rules, i);
      const char *id;
      MsRule *rule;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_INVALID,
                       "%s: rule #%u: must be an object", name, i + 1);
          return NULL;
        }
      /* Only to name the rule in an error: whatever "id" holds, the rule
       * itself says what is wrong with it (json-glib's getter is critical about
       * an array or an object there). */
      id = ms_json_object_get_string (json_node_get_object (node), "id", NULL);

      rule = ms_rule_new_from_json (json_node_get_object (node), &local_error);
      if (rule == NULL)
        {
          g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_INVALID,
                       "%s: rule “%s” (#%u): %s", name, id != NULL ? id : "?", i + 1,
                       local_error->message);
          return NULL;
        }

      rule->pack = g_strdup (name);
      g_ptr_array_add (self->rules, rule);

      if (!g_hash_table_add (ids, rule->id))
        {
          g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_DUPLICATE_ID,
                       "%s: rule “%s” (#%u): the id is used twice", name, rule->id, i + 1);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

MsRulePack *
ms_rule_pack_new_from_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return ms_rule_pack_new_from_bytes (path, bytes, error);
}

/**
 * ms_rule_pack_new_from_resource:
 * @name: a path under the core data, like "rules/common.json"
 */
MsRulePack *
ms_rule_pack_new_from_resource (const char  *name,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = ms_data_lookup (name, error);

  if (bytes == NULL)
    return NULL;

  return ms_rule_pack_new_from_bytes (name, bytes, error);
}

MsRulePack *
ms_rule_pack_ref (MsRulePack *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_rule_pack_unref (MsRulePack *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->name);
  g_free (self->digest);
  g_ptr_array_unref (self->rules);
  g_free (self);
}

const char *
ms_rule_pack_get_name (const MsRulePack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

guint
ms_rule_pack_get_n_rules (const MsRulePack *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rules->len;
}

/**
 * ms_rule_pack_get_rule:
 *
 * Returns: (transfer none): the rule at @index
 */
MsRule *
ms_rule_pack_get_rule (const MsRulePack *self,
                       guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);

  return g_ptr_array_index (self->rules, index);
}

const char *
ms_rule_pack_get_digest (const MsRulePack *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->digest;
}
