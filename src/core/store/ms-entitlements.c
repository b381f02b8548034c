/* ms-entitlements.c — what a plan allows: limits and features from data/plans.json
 *
 * The plan table lives in data/plans.json (DESIGN.md §9), compiled into the
 * core. Without an account the app uses the Free plan; the sync issue will
 * build an MsEntitlements from the account's plan id and hand it to the store
 * with ms_store_set_entitlements(). Tests inject other plans the same way, or
 * build one from their own JSON with ms_entitlements_new_from_json().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-entitlements.h"
#include "ms-store.h"

struct _MsEntitlements
{
  GObject     parent_instance;

  char       *plan_id;
  char       *plan_name;
  gboolean    for_team;
  gint64      limits[MS_N_LIMITS];
  GHashTable *features;
};

G_DEFINE_FINAL_TYPE (MsEntitlements, ms_entitlements, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAN_ID,
  PROP_PLAN_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const limit_names[MS_N_LIMITS] = {
  [MS_LIMIT_SEATS] = "seats",
  [MS_LIMIT_SAVED_SCORINGS_PER_DAY] = "saved_scorings_per_day",
  [MS_LIMIT_HISTORY_VISIBLE_COUNT] = "history_visible_count",
  [MS_LIMIT_HISTORY_VISIBLE_DAYS] = "history_visible_days",
  [MS_LIMIT_PERSONAL_SEGMENTS] = "personal_segments",
  [MS_LIMIT_CUSTOM_NG_WORDS] = "custom_ng_words",
  [MS_LIMIT_SHARED_PRESETS] = "shared_presets",
};

static char **list_plans (gboolean   teams_only,
                          GError   **error);

/* ------------------------------------------------------------------------ */

static JsonObject *
find_plan (JsonNode   *plans,
           const char *plan_id)
{
  JsonObject *root;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (plans))
    return NULL;
  root = json_node_get_object (plans);
  if (!json_object_has_member (root, "plans"))
    return NULL;
  array = json_object_get_array_member (root, "plans");
  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *plan;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      plan = json_node_get_object (node);
      if (g_strcmp0 (json_object_get_string_member_with_default (plan, "id", NULL), plan_id) == 0)
        return plan;
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */

static void
ms_entitlements_finalize (GObject *object)
{
  MsEntitlements *self = (MsEntitlements *) object;

  g_clear_pointer (&self->plan_id, g_free);
  g_clear_pointer (&self->plan_name, g_free);
  g_clear_pointer (&self->features, g_hash_table_unref);

  G_OBJECT_CLASS (ms_entitlements_parent_class)->finalize (object);
}

static void
ms_entitlements_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsEntitlements *self = MS_ENTITLEMENTS (object);

  switch (prop_id)
    {
    case PROP_PLAN_ID:
      g_value_set_string (value, ms_entitlements_get_plan_id (self));
      break;
    case PROP_PLAN_NAME:
      g_value_set_string (value, ms_entitlements_get_plan_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_entitlements_class_init (MsEntitlementsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_entitlements_finalize;
  object_class->get_property = ms_entitlements_get_property;

  properties[PROP_PLAN_ID] =
    g_param_spec_string ("plan-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_NAME] =
    g_param_spec_string ("plan-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_entitlements_init (MsEntitlements *self)
{
  self->features = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_entitlements_new_from_json:
 * @plans: a document shaped like data/plans.json
 * @plan_id: the "id" of one of its plans
 *
 * A limit that is missing or null is unlimited; a feature not listed is off.
 */
MsEntitlements *
ms_entitlements_new_from_json (JsonNode    *plans,
                               const char  *plan_id,
                               GError     **error)
{
  g_autoptr(MsEntitlements) self = NULL;
  JsonObject *plan;
  JsonObject *limits = NULL;
  JsonArray *features = NULL;

  g_return_val_if_fail (plans != NULL, NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = find_plan (plans, plan_id);
  if (plan == NULL)
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                   /* Translators: %s is a plan id such as "pro" */
                   _("There is no plan “%s”. Check the plan name, or update MsgScore."),
                   plan_id);
      return NULL;
    }

  self = g_object_new (MS_TYPE_ENTITLEMENTS, NULL);
  self->plan_id = g_strdup (plan_id);
  self->plan_name = g_strdup (json_object_get_string_member_with_default (plan, "name", plan_id));
  self->for_team = g_strcmp0 (json_object_get_string_member_with_default (plan, "for", NULL),
                              "team") == 0;

  if (json_object_has_member (plan, "limits"))
    limits = json_object_get_object_member (plan, "limits");
  for (guint i = 0; i < MS_N_LIMITS; i++)
    {
      JsonNode *node = limits != NULL ? json_object_get_member (limits, limit_names[i]) : NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        self->limits[i] = MS_LIMIT_UNLIMITED;
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_int (node) >= 0)
        self->limits[i] = json_node_get_int (node);
      else
        {
          g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                       /* Translators: first %s is a limit name, second a plan id */
                       _("The limit “%s” of plan “%s” must be a number of 0 or more, or null."),
                       limit_names[i], plan_id);
          return NULL;
        }
    }

  if (json_object_has_member (plan, "features"))
    features = json_object_get_array_member (plan, "features");
  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    {
      const char *name = json_array_get_string_element (features, i);

      if (name != NULL)
        g_hash_table_add (self->features, g_strdup (name));
    }

  return g_steal_pointer (&self);
}

/**
 * ms_entitlements_new_for_plan:
 * @plan_id: a plan id from data/plans.json ("free", "pro", "team_s", …)
 */
MsEntitlements *
ms_entitlements_new_for_plan (const char  *plan_id,
                              GError     **error)
{
  g_autoptr(JsonNode) plans = NULL;

  g_return_val_if_fail (plan_id != NULL, NULL);

  plans = ms_data_load_json ("plans.json", error);
  if (plans == NULL)
    return NULL;

  return ms_entitlements_new_from_json (plans, plan_id, error);
}

/**
 * ms_entitlements_new_free:
 *
 * The plan that applies without an account. The data file is compiled in,
 * so this cannot fail.
 */
MsEntitlements *
ms_entitlements_new_free (void)
{
  g_autoptr(GError) error = NULL;
  MsEntitlements *self;

  self = ms_entitlements_new_for_plan (MS_ENTITLEMENTS_DEFAULT_PLAN, &error);
  if (self == NULL)
    g_error ("data/plans.json: %s", error->message);

  return self;
}

const char *
ms_entitlements_get_plan_id (MsEntitlements *self)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), NULL);
  return self->plan_id;
}

const char *
ms_entitlements_get_plan_name (MsEntitlements *self)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), NULL);
  return self->plan_name;
}

/**
 * ms_entitlements_is_for_team:
 *
 * Returns: whether a team is created on and pays for this plan ("for":
 *   "team" in data/plans.json), rather than one person's account
 */
gboolean
ms_entitlements_is_for_team (MsEntitlements *self)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), FALSE);
  return self->for_team;
}

/**
 * ms_entitlements_get_limit:
 *
 * Returns: the limit, or %MS_LIMIT_UNLIMITED
 */
gint64
ms_entitlements_get_limit (MsEntitlements *self,
                           MsLimit         limit)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), 0);
  g_return_val_if_fail (limit < MS_N_LIMITS, 0);
  return self->limits[limit];
}

gboolean
ms_entitlements_has_feature (MsEntitlements *self,
                             const char     *feature)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);
  return g_hash_table_contains (self->features, feature);
}

const char *
ms_limit_to_string (MsLimit limit)
{
  g_return_val_if_fail (limit < MS_N_LIMITS, NULL);
  return limit_names[limit];
}

/**
 * ms_entitlements_get_limit_day:
 * @at: a time, in microseconds since the epoch
 * @start: (out): the first microsecond of @at's day
 * @end: (out): the first microsecond of the next day
 *
 * The calendar day that per-day limits count by (plans.json
 * "limit_day_time_zone": Asia/Tokyo), the same on the client and the server.
 */
void
ms_entitlements_get_limit_day (gint64  at,
                               gint64 *start,
                               gint64 *end)
{
  static GTimeZone *zone;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  g_return_if_fail (start != NULL && end != NULL);

  if (g_once_init_enter (&zone))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) plans = ms_data_load_json ("plans.json", &error);
      const char *identifier;
      GTimeZone *parsed;

      if (plans == NULL)
        g_error ("data/plans.json: %s", error->message);
      identifier = json_object_get_string_member_with_default (json_node_get_object (plans),
                                                               "limit_day_time_zone", NULL);
      /* plans.json ships inside the binary; a bad zone is a build bug. */
      if (identifier == NULL || (parsed = g_time_zone_new_identifier (identifier)) == NULL)
        g_error ("data/plans.json: “limit_day_time_zone” must be a time zone identifier");
      g_once_init_leave (&zone, parsed);
    }

  time = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  there = g_date_time_to_timezone (time, zone);
  midnight = g_date_time_new (zone, g_date_time_get_year (there), g_date_time_get_month (there),
                              g_date_time_get_day_of_month (there), 0, 0, 0);
  next = g_date_time_add_days (midnight, 1);
  *start = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  *end = g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

/**
 * ms_entitlements_list_plans:
 *
 * Returns: (transfer full): the plan ids of data/plans.json, in file order
 */
char **
ms_entitlements_list_plans (GError **error)
{
  return list_plans (FALSE, error);
}

/**
 * ms_entitlements_list_team_plans:
 *
 * Returns: (transfer full): the ids of the plans a team can be on, in file order
 */
char **
ms_entitlements_list_team_plans (GError **error)
{
  return list_plans (TRUE, error);
}

/**
 * ms_entitlements_is_team_plan:
 * @plan_id: (nullable): a plan id
 *
 * Returns: whether @plan_id is a plan of data/plans.json that teams are on
 */
gboolean
ms_entitlements_is_team_plan (const char *plan_id)
{
  g_autoptr(MsEntitlements) plan = NULL;

  if (plan_id == NULL)
    return FALSE;
  plan = ms_entitlements_new_for_plan (plan_id, NULL);
  return plan != NULL && plan->for_team;
}

static char **
list_plans (gboolean   teams_only,
            GError   **error)
{
  g_autoptr(JsonNode) plans = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  plans = ms_data_load_json ("plans.json", error);
  if (plans == NULL)
    return NULL;

  array = json_object_get_array_member (json_node_get_object (plans), "plans");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *plan = json_array_get_object_element (array, i);

      if (!teams_only ||
          g_strcmp0 (json_object_get_string_member_with_default (plan, "for", NULL), "team") == 0)
        g_strv_builder_add (builder, json_object_get_string_member (plan, "id"));
    }

  return g_strv_builder_end (builder);
}
