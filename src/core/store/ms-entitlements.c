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

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-entitlements.h"
#include "ms-store.h"
#include "score/ms-score-types.h"

struct _MsEntitlements
{
  GObject     parent_instance;

  char       *plan_id;
  char       *plan_name;
  gboolean    for_team;
  int         rank;           /* the plan's place in the plan table */
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
static JsonNode *get_plan_table (void);

/* ------------------------------------------------------------------------ */

static JsonObject *
find_plan (JsonNode   *plans,
           const char *plan_id,
           int        *rank)
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
        {
          if (rank != NULL)
            *rank = (int) i;
          return plan;
        }
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
  int rank = 0;

  g_return_val_if_fail (plans != NULL, NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plan = find_plan (plans, plan_id, &rank);
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
  self->rank = rank;
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

/**
 * ms_entitlements_new_from_plan_object:
 * @plan: one plan as data/plans.json and GET /v1/me write it: "id", "name",
 *   "limits" (null: unlimited) and "features"
 *
 * What the server says is in force for an account, which may combine two
 * plans of the table (ms_entitlements_new_combined()).
 */
MsEntitlements *
ms_entitlements_new_from_plan_object (JsonObject  *plan,
                                      GError     **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) doc = json_object_new ();
  JsonArray *plans = json_array_new ();
  const char *id;
  MsEntitlements *self;
  int rank = 0;

  g_return_val_if_fail (plan != NULL, NULL);

  id = json_object_get_string_member_with_default (plan, "id", NULL);
  if (id == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("The plan has no id. Update MsgScore."));
      return NULL;
    }
  json_array_add_object_element (plans, json_object_ref (plan));
  json_object_set_array_member (doc, "plans", plans);
  json_node_set_object (root, doc);
  self = ms_entitlements_new_from_json (root, id, error);
  if (self != NULL && find_plan (get_plan_table (), id, &rank) != NULL)
    self->rank = rank;
  return self;
}

/**
 * ms_entitlements_new_combined:
 *
 * A person with two plans — their own and their team's — has the better
 * of each: every feature of either, the higher of each limit. It is named
 * after the plan further up the table.
 */
MsEntitlements *
ms_entitlements_new_combined (MsEntitlements *a,
                              MsEntitlements *b)
{
  MsEntitlements *self;
  MsEntitlements *top;
  GHashTableIter iter;
  gpointer feature;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (a), NULL);
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (b), NULL);

  top = b->rank > a->rank ? b : a;
  self = g_object_new (MS_TYPE_ENTITLEMENTS, NULL);
  self->plan_id = g_strdup (top->plan_id);
  self->plan_name = g_strdup (top->plan_name);
  self->rank = top->rank;
  self->for_team = FALSE;
  for (guint i = 0; i < MS_N_LIMITS; i++)
    self->limits[i] = a->limits[i] == MS_LIMIT_UNLIMITED || b->limits[i] == MS_LIMIT_UNLIMITED
                      ? MS_LIMIT_UNLIMITED : MAX (a->limits[i], b->limits[i]);
  g_hash_table_iter_init (&iter, a->features);
  while (g_hash_table_iter_next (&iter, &feature, NULL))
    g_hash_table_add (self->features, g_strdup (feature));
  g_hash_table_iter_init (&iter, b->features);
  while (g_hash_table_iter_next (&iter, &feature, NULL))
    g_hash_table_add (self->features, g_strdup (feature));
  return self;
}


static const char * const *all_features (void);

/**
 * ms_entitlements_to_json:
 *
 * Returns: (transfer full): the plan as GET /v1/me sends it ("id", "name",
 *   "limits", "features" in the plan table's order)
 */
JsonObject *
ms_entitlements_to_json (MsEntitlements *self)
{
  JsonObject *o = json_object_new ();
  JsonObject *limits = json_object_new ();
  JsonArray *features = json_array_new ();
  const char * const *all = all_features ();

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), NULL);

  json_object_set_string_member (o, "id", self->plan_id);
  json_object_set_string_member (o, "name", self->plan_name);
  for (guint i = 0; i < MS_N_LIMITS; i++)
    {
      if (self->limits[i] == MS_LIMIT_UNLIMITED)
        json_object_set_null_member (limits, limit_names[i]);
      else
        json_object_set_int_member (limits, limit_names[i], self->limits[i]);
    }
  json_object_set_object_member (o, "limits", limits);
  for (guint i = 0; all[i] != NULL; i++)
    if (g_hash_table_contains (self->features, all[i]))
      json_array_add_string_element (features, all[i]);
  json_object_set_array_member (o, "features", features);
  return o;
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

/* The zone of plans.json "limit_day_time_zone" (Asia/Tokyo, UTC+9). */
static GTimeZone *
get_limit_zone (void)
{
  static GTimeZone *zone;

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
  return zone;
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
  GTimeZone *zone = get_limit_zone ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  g_return_if_fail (start != NULL && end != NULL);

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

/* ------------------------------------------------------------------------ */
/* Features: what a plan includes, and which plan unlocks what it does not   */

static JsonNode *
get_plan_table (void)
{
  static JsonNode *plans;

  if (g_once_init_enter (&plans))
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = ms_data_load_json ("plans.json", &error);

      if (node == NULL)
        g_error ("data/plans.json: %s", error->message);
      g_once_init_leave (&plans, node);
    }
  return plans;
}

static gboolean
plan_lists_feature (JsonObject *plan,
                    const char *feature)
{
  JsonArray *features = json_object_has_member (plan, "features")
                        ? json_object_get_array_member (plan, "features") : NULL;

  for (guint i = 0; features != NULL && i < json_array_get_length (features); i++)
    if (g_strcmp0 (json_array_get_string_element (features, i), feature) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ms_entitlements_dup_unlocking_plan:
 * @feature: a feature of data/plans.json ("csv_export", …)
 * @for_team: only plans a team can be on (a team's data needs the team's plan)
 *
 * Returns: (nullable): the id of the cheapest plan that includes @feature
 *   (the first in the table on a tie), or NULL when none does
 */
char *
ms_entitlements_dup_unlocking_plan (const char *feature,
                                    gboolean    for_team)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (get_plan_table ()),
                                                   "plans");
  const char *best = NULL;
  gint64 best_price = G_MAXINT64;

  g_return_val_if_fail (feature != NULL, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *plan = json_array_get_object_element (array, i);
      gint64 price = json_object_get_int_member_with_default (plan, "price_monthly", 0);
      gboolean team = g_strcmp0 (json_object_get_string_member_with_default (plan, "for", NULL),
                                 "team") == 0;

      if ((for_team && !team) || !plan_lists_feature (plan, feature))
        continue;
      if (price < best_price)
        {
          best = json_object_get_string_member (plan, "id");
          best_price = price;
        }
    }
  return g_strdup (best);
}

/**
 * ms_entitlements_dup_feature_name:
 *
 * Returns: what the app calls @feature (plans.json "feature_names"), in
 *   Japanese when the user reads Japanese; the id itself when it has no name
 */
char *
ms_entitlements_dup_feature_name (const char *feature)
{
  JsonObject *root = json_node_get_object (get_plan_table ());
  JsonObject *names, *name;

  g_return_val_if_fail (feature != NULL, NULL);

  names = json_object_has_member (root, "feature_names")
          ? json_object_get_object_member (root, "feature_names") : NULL;
  name = names != NULL && json_object_has_member (names, feature)
         ? json_object_get_object_member (names, feature) : NULL;
  if (name == NULL)
    return g_strdup (feature);
  return g_strdup (json_object_get_string_member_with_default (name, ms_score_get_language (),
                                                               feature));
}

static GStrv
build_feature_list (void)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (get_plan_table ()),
                                                   "plans");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *plan = json_array_get_object_element (array, i);
      JsonArray *features = json_object_has_member (plan, "features")
                            ? json_object_get_array_member (plan, "features") : NULL;

      for (guint j = 0; features != NULL && j < json_array_get_length (features); j++)
        {
          const char *feature = json_array_get_string_element (features, j);

          if (feature != NULL && g_hash_table_add (seen, (gpointer) feature))
            g_strv_builder_add (builder, feature);
        }
    }
  return g_strv_builder_end (builder);
}

/* Every feature of the plan table, in its order, made once. */
static const char * const *
all_features (void)
{
  static GStrv features;

  if (g_once_init_enter (&features))
    g_once_init_leave (&features, build_feature_list ());
  return (const char * const *) features;
}

/**
 * ms_entitlements_list_features:
 *
 * Returns: (transfer full): every feature some plan of data/plans.json
 *   includes, in the order the table first lists them
 */
char **
ms_entitlements_list_features (void)
{
  return g_strdupv ((char **) all_features ());
}

/**
 * ms_entitlements_check_feature:
 * @feature: a feature of data/plans.json
 * @for_team: the feature is used on a team's data, so a team plan must unlock it
 *
 * The one check of a feature, on every side: the app before it acts, the
 * store before it writes a change, the server before it applies one.
 *
 * Returns: TRUE when the plan includes @feature; else FALSE with
 *   %MS_STORE_ERROR_UPGRADE_NEEDED, whose message names the feature and the
 *   plan that unlocks it (ms_entitlements_dup_unlocking_plan())
 */
gboolean
ms_entitlements_check_feature (MsEntitlements  *self,
                               const char      *feature,
                               gboolean         for_team,
                               GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *plan_id = NULL;
  g_autoptr(MsEntitlements) plan = NULL;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (ms_entitlements_has_feature (self, feature))
    return TRUE;

  name = ms_entitlements_dup_feature_name (feature);
  plan_id = ms_entitlements_dup_unlocking_plan (feature, for_team);
  plan = plan_id != NULL ? ms_entitlements_new_for_plan (plan_id, NULL) : NULL;
  if (plan == NULL)
    g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED,
                 /* Translators: %s is a feature, such as “CSV export” */
                 _("%s is not part of any plan yet."), name);
  else if (for_team)
    g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED,
                 /* Translators: first %s is a feature such as “Brand voice”, then two plan names */
                 _("%s needs the team to be on %s or a higher plan; it is on %s."),
                 name, ms_entitlements_get_plan_name (plan), self->plan_name);
  else
    g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_UPGRADE_NEEDED,
                 /* Translators: first %s is a feature such as “CSV export”, then two plan names */
                 _("%s comes with %s and higher plans; your plan is %s."),
                 name, ms_entitlements_get_plan_name (plan), self->plan_name);
  return FALSE;
}

/**
 * ms_entitlements_get_rank:
 *
 * Returns: the plan's place in the plan table (Free is 0); of two plans that
 *   apply to one person, the one with the higher rank is in force
 */
int
ms_entitlements_get_rank (MsEntitlements *self)
{
  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), 0);
  return self->rank;
}

/**
 * ms_entitlements_get_history_since:
 * @now: the time, in microseconds since the epoch
 *
 * Saved scorings created before the result are beyond history_visible_days:
 * kept, but neither shown (the app) nor served (the server) until an
 * upgrade. Whole days of the limit day's zone (Asia/Tokyo), so the client and
 * the server draw the line at the same midnight.
 *
 * Returns: the first visible created_at, or 0 when the plan keeps every day
 */
gint64
ms_entitlements_get_history_since (MsEntitlements *self,
                                   gint64          now)
{
  gint64 days, start, end;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) first = NULL;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), 0);

  days = self->limits[MS_LIMIT_HISTORY_VISIBLE_DAYS];
  if (days == MS_LIMIT_UNLIMITED)
    return 0;
  ms_entitlements_get_limit_day (now, &start, &end);
  midnight = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  first = g_date_time_add_days (midnight, (gint) -days);
  return g_date_time_to_unix (first) * G_USEC_PER_SEC;
}

/* ------------------------------------------------------------------------ */
/* Nudges at plan limits                                                     */

/**
 * ms_entitlements_should_nudge:
 * @used: how much of @limit is used now (saves today, segments, seats…)
 *
 * A quiet note that a limit is near is due from plans.json
 * "limit_nudge_share" of a limit on (80 %: the 4th of 5 saves a day) up to
 * the last use before it; at the limit itself the refusal says it.
 *
 * Returns: whether @used is within the nudge share of @limit, short of it
 */
gboolean
ms_entitlements_should_nudge (MsEntitlements *self,
                              MsLimit         limit,
                              gint64          used)
{
  JsonObject *root = json_node_get_object (get_plan_table ());
  double share = json_object_get_double_member_with_default (root, "limit_nudge_share", 0.8);
  gint64 value;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), FALSE);
  g_return_val_if_fail (limit < MS_N_LIMITS, FALSE);

  value = self->limits[limit];
  if (value == MS_LIMIT_UNLIMITED || value <= 0)
    return FALSE;
  return used < value && used >= (gint64) ceil (share * value - 1e-9);
}

/**
 * ms_entitlements_dup_next_plan_name:
 *
 * Returns: (nullable): the name of the cheapest plan of the same kind
 *   (a person's or a team's) whose @limit is higher than this plan's, or
 *   %NULL when none is
 */
char *
ms_entitlements_dup_next_plan_name (MsEntitlements *self,
                                    MsLimit         limit)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (get_plan_table ()),
                                                   "plans");
  const char *best = NULL;
  gint64 best_price = G_MAXINT64;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (self), NULL);
  g_return_val_if_fail (limit < MS_N_LIMITS, NULL);

  if (self->limits[limit] == MS_LIMIT_UNLIMITED)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *plan = json_array_get_object_element (array, i);
      g_autoptr(MsEntitlements) other = ms_entitlements_new_from_plan_object (plan, NULL);
      gint64 price = json_object_get_int_member_with_default (plan, "price_monthly", 0);

      if (other == NULL || other->for_team != self->for_team || price >= best_price ||
          (other->limits[limit] != MS_LIMIT_UNLIMITED &&
           other->limits[limit] <= self->limits[limit]))
        continue;
      best = json_object_get_string_member_with_default (plan, "name", NULL);
      best_price = price;
    }
  return g_strdup (best);
}
