/* ms-server-plans.c — a plan as the server shows it to a signed-in user
 *
 * Its id, name and limits come from the entitlements the mutation table
 * enforces; its feature list is plans.json's, in that order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-data.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"

static JsonObject *
build_plan_json (const char *plan_id)
{
  g_autoptr(MsEntitlements) entitlements = ms_server_sync_dup_entitlements (plan_id);
  g_autoptr(JsonNode) plans = ms_data_load_json ("plans.json", NULL);
  JsonObject *o = json_object_new ();
  JsonObject *limits = json_object_new ();
  JsonArray *features = json_array_new ();

  json_object_set_string_member (o, "id", ms_entitlements_get_plan_id (entitlements));
  json_object_set_string_member (o, "name", ms_entitlements_get_plan_name (entitlements));
  for (guint i = 0; i < MS_N_LIMITS; i++)
    {
      gint64 value = ms_entitlements_get_limit (entitlements, i);

      if (value == MS_LIMIT_UNLIMITED)
        json_object_set_null_member (limits, ms_limit_to_string (i));
      else
        json_object_set_int_member (limits, ms_limit_to_string (i), value);
    }
  json_object_set_object_member (o, "limits", limits);

  /* The feature list as plans.json orders it, filtered by the entitlements. */
  if (plans != NULL && JSON_NODE_HOLDS_OBJECT (plans))
    {
      JsonArray *array = json_object_get_array_member (json_node_get_object (plans), "plans");

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *plan = json_array_get_object_element (array, i);
          JsonArray *list;

          if (!g_str_equal (json_object_get_string_member_with_default (plan, "id", ""),
                            ms_entitlements_get_plan_id (entitlements)))
            continue;
          list = json_object_get_array_member (plan, "features");
          for (guint j = 0; list != NULL && j < json_array_get_length (list); j++)
            json_array_add_string_element (features, json_array_get_string_element (list, j));
        }
    }
  json_object_set_array_member (o, "features", features);
  return o;
}

/**
 * ms_server_plan_to_json:
 * @plan_id: a plan of plans.json (an unknown one is Free)
 *
 * Plans change only with a new build: each plan's JSON is made once and
 * sealed; the caller gets a reference.
 *
 * Returns: (transfer full): the plan as GET /v1/me shows it: id, name,
 *   limits (null: unlimited) and its features
 */
JsonObject *
ms_server_plan_to_json (const char *plan_id)
{
  static GHashTable *cache;
  static GMutex lock;
  JsonObject *o;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) json_object_unref);
  o = g_hash_table_lookup (cache, plan_id);
  if (o == NULL)
    {
      o = build_plan_json (plan_id);
      json_object_seal (o);
      g_hash_table_insert (cache, g_strdup (plan_id), o);
    }
  json_object_ref (o);
  g_mutex_unlock (&lock);
  return o;
}
