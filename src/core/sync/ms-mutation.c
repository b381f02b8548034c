/* ms-mutation.c — the table of synced entities: registry, checks, limits
 *
 * The built-in entities are registered on first use (ms-mutations.c lists
 * them); a program may register more before it opens a store or serves
 * (tests/sync/test-sync-toy.c adds one). Lookups may come from any thread.
 *
 * Validation is in two steps, both pure: the argument schema of the entry
 * (types, required members, sizes and ranges from data/limits.json, finite
 * numbers), then the entry's normaliser (trimming, NFKC, checks across
 * members). The result is a new object holding only the schema's members.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-mutation.h"
#include "ms-mutations-private.h"

G_DEFINE_QUARK (ms-mutation-error-quark, ms_mutation_error)

G_LOCK_DEFINE_STATIC (registry);
static GPtrArray  *entities;   /* MsSyncEntity*, in registration order */
static GHashTable *mutations;  /* name → MsMutation* */

static void
add_entity (MsSyncEntity *entity)
{
  g_assert (entity->name != NULL);
  g_assert (!g_hash_table_contains (mutations, entity->name));

  g_ptr_array_add (entities, entity);
  for (MsMutation *m = entity->mutations; m != NULL && m->name != NULL; m++)
    {
      g_assert (m->apply_local != NULL && m->apply_server != NULL && m->args != NULL);
      g_assert (!g_hash_table_contains (mutations, m->name));
      m->entity = entity;
      g_hash_table_insert (mutations, (gpointer) m->name, m);
    }
}

/* Call with the lock held. */
static void
ensure_registry (void)
{
  if (entities != NULL)
    return;
  entities = g_ptr_array_new ();
  mutations = g_hash_table_new (g_str_hash, g_str_equal);
  for (MsSyncEntity * const *e = _ms_mutations_builtin (); *e != NULL; e++)
    add_entity (*e);
}

/**
 * ms_sync_entity_register:
 * @entity: (transfer none): lives as long as the program
 *
 * Adds an entity and its mutations to the table. Register before a store
 * is opened (its shadows) and before a server serves.
 */
void
ms_sync_entity_register (MsSyncEntity *entity)
{
  g_return_if_fail (entity != NULL && entity->name != NULL);

  G_LOCK (registry);
  ensure_registry ();
  add_entity (entity);
  G_UNLOCK (registry);
}

const MsSyncEntity *
ms_sync_entity_lookup (const char *name)
{
  const MsSyncEntity *found = NULL;

  if (name == NULL)
    return NULL;
  G_LOCK (registry);
  ensure_registry ();
  for (guint i = 0; i < entities->len && found == NULL; i++)
    if (g_str_equal (((MsSyncEntity *) g_ptr_array_index (entities, i))->name, name))
      found = g_ptr_array_index (entities, i);
  G_UNLOCK (registry);
  return found;
}

/**
 * ms_sync_entity_list:
 *
 * Returns: (transfer container) (element-type MsSyncEntity): every entity,
 *   in the order a tenant's rows are cleared
 */
GPtrArray *
ms_sync_entity_list (void)
{
  GPtrArray *list;

  G_LOCK (registry);
  ensure_registry ();
  list = g_ptr_array_copy (entities, NULL, NULL);
  G_UNLOCK (registry);
  return list;
}

const MsMutation *
ms_mutation_lookup (const char *name)
{
  const MsMutation *m;

  if (name == NULL)
    return NULL;
  G_LOCK (registry);
  ensure_registry ();
  m = g_hash_table_lookup (mutations, name);
  G_UNLOCK (registry);
  return m;
}

/* ------------------------------------------------------------------------ */
/* Who may send it                                                          */

MsTenantKinds
ms_tenant_kind (const char *tenant)
{
  return tenant != NULL && g_str_has_prefix (tenant, "team:") ? MS_TENANT_TEAM
                                                               : MS_TENANT_PERSONAL;
}

/**
 * ms_mutation_check_tenant:
 * @role: (nullable): the sender's role in @tenant ("owner", "member")
 *
 * A mutation for the wrong kind of tenant is invalid_args; a role the
 * entry does not allow is forbidden_role.
 */
gboolean
ms_mutation_check_tenant (const MsMutation  *mutation,
                          const char        *tenant,
                          const char        *role,
                          GError           **error)
{
  MsTenantKinds kind = ms_tenant_kind (tenant);
  MsRoles roles = 0;

  g_return_val_if_fail (mutation != NULL, FALSE);

  if ((mutation->tenants & kind) == 0)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                           kind == MS_TENANT_TEAM
                           ? _("This change is for personal workspaces only.")
                           : _("This change is for team workspaces only."));
      return FALSE;
    }
  if (g_strcmp0 (role, "owner") == 0)
    roles = MS_ROLE_OWNER;
  else if (g_strcmp0 (role, "member") == 0)
    roles = MS_ROLE_MEMBER;
  if ((mutation->roles & roles) == 0)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_FORBIDDEN_ROLE,
                           _("Only an owner of this team can change its shared settings."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Limits (data/limits.json)                                                */

static JsonObject *
load_limits (void)
{
  static JsonObject *limits;

  if (g_once_init_enter (&limits))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("limits.json", &error);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
          !json_object_has_member (json_node_get_object (root), "limits"))
        g_error ("limits.json: %s", error != NULL ? error->message : "no \"limits\"");
      g_once_init_leave (&limits,
        json_object_ref (json_object_get_object_member (json_node_get_object (root), "limits")));
    }
  return limits;
}

/**
 * ms_sync_limit:
 * @name: a limit of data/limits.json ("name", "scoring.total", …)
 * @bound: "max_bytes", "min_chars", "max_chars", "min", "max", "min_items"
 *   or "max_items"
 *
 * Returns: the bound, or -1 when the limit does not set it
 */
gint64
ms_sync_limit (const char *name,
               const char *bound)
{
  JsonObject *limits = load_limits ();
  JsonObject *limit;

  if (name == NULL || !json_object_has_member (limits, name))
    return -1;
  limit = json_object_get_object_member (limits, name);
  if (limit == NULL || !json_object_has_member (limit, bound))
    return -1;
  return json_object_get_int_member (limit, bound);
}

/**
 * ms_mutation_set_limit_error:
 * @domain: the caller's error domain (the store's, the mutation table's)
 *
 * The one message for each plan limit a synced change can reach.
 */
void
ms_mutation_set_limit_error (GError         **error,
                             GQuark           domain,
                             int              code,
                             MsLimit          limit,
                             MsEntitlements  *entitlements)
{
  gint64 value = ms_entitlements_get_limit (entitlements, limit);
  const char *plan = ms_entitlements_get_plan_name (entitlements);

  switch (limit)
    {
    case MS_LIMIT_SAVED_SCORINGS_PER_DAY:
      g_set_error (error, domain, code,
                   /* Translators: %s is a plan name, %d the number of saves a day */
                   g_dngettext (GETTEXT_PACKAGE,
                                "The %s plan saves %d scoring a day and that day’s is used. "
                                "Upgrade to Pro to save without a limit.",
                                "The %s plan saves %d scorings a day and that day’s are used. "
                                "Upgrade to Pro to save without a limit.", (gulong) value),
                   plan, (int) value);
      break;
    case MS_LIMIT_PERSONAL_SEGMENTS:
      if (value == 0)
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name */
                     _("The %s plan cannot save segments. Upgrade to Pro to keep up to 10."),
                     plan);
      else
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name, %d a number of segments */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The %s plan keeps %d segment. Delete one, or upgrade your "
                                  "plan to keep more.",
                                  "The %s plan keeps %d segments. Delete one, or upgrade your "
                                  "plan to keep more.", (gulong) value),
                     plan, (int) value);
      break;
    case MS_LIMIT_SHARED_PRESETS:
      if (value == 0)
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name */
                     _("The %s plan cannot share presets with the team."), plan);
      else
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name, %d a number of presets */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The %s plan shares %d preset with the team. Delete one, or "
                                  "upgrade to Team Pro for as many as you need.",
                                  "The %s plan shares %d presets with the team. Delete one, or "
                                  "upgrade to Team Pro for as many as you need.", (gulong) value),
                     plan, (int) value);
      break;
    case MS_LIMIT_CUSTOM_NG_WORDS:
    default:
      if (value == 0)
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name */
                     _("The %s plan checks the common NG words only. Upgrade to Pro to add up "
                       "to 10 of your own."), plan);
      else
        g_set_error (error, domain, code,
                     /* Translators: %s is a plan name, %d a number of words */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The %s plan keeps %d NG word of your own. Delete one, or "
                                  "upgrade your plan to add more.",
                                  "The %s plan keeps %d NG words of your own. Delete one, or "
                                  "upgrade your plan to add more.", (gulong) value),
                     plan, (int) value);
      break;
    }
}

/**
 * ms_mutation_get_feature:
 * @args: the validated arguments
 *
 * Returns: (nullable): the plan feature the change needs (data/plans.json),
 *   NULL when every plan may make it
 */
const char *
ms_mutation_get_feature (const MsMutation *mutation,
                         JsonObject       *args)
{
  g_return_val_if_fail (mutation != NULL, NULL);

  if (mutation->feature_for != NULL)
    return mutation->feature_for (args);
  return mutation->feature;
}

/**
 * ms_mutation_check_feature:
 * @tenant: the tenant of the change: a team's data needs a team plan
 * @entitlements: the plan in force for @tenant
 *
 * The client runs this before it saves a change and the server before it
 * applies one.
 *
 * Returns: FALSE with %MS_MUTATION_ERROR_UPGRADE_NEEDED when the plan lacks
 *   the feature the change needs
 */
gboolean
ms_mutation_check_feature (const MsMutation  *mutation,
                           JsonObject        *args,
                           const char        *tenant,
                           MsEntitlements    *entitlements,
                           GError           **error)
{
  const char *feature = ms_mutation_get_feature (mutation, args);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MS_IS_ENTITLEMENTS (entitlements), FALSE);

  if (feature == NULL ||
      ms_entitlements_check_feature (entitlements, feature,
                                     ms_tenant_kind (tenant) == MS_TENANT_TEAM, &local_error))
    return TRUE;
  g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_UPGRADE_NEEDED,
                       local_error->message);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Normalisation shared by the validators, the repositories and the UI      */

static char *
check_chars (char       *text,
             const char *limit)
{
  glong len = text != NULL ? g_utf8_strlen (text, -1) : 0;
  gint64 min = ms_sync_limit (limit, "min_chars");
  gint64 max = ms_sync_limit (limit, "max_chars");

  if (text == NULL || len < MAX (min, 1) || (max >= 0 && len > max))
    {
      g_free (text);
      return NULL;
    }
  return text;
}

/**
 * ms_mutation_normalize_name:
 *
 * Returns: (nullable): @name trimmed, or NULL when it is empty or longer
 *   than the "name" limit (segment and preset names)
 */
char *
ms_mutation_normalize_name (const char *name)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  return check_chars (g_strstrip (g_strdup (name)), "name");
}

/**
 * ms_mutation_normalize_word:
 *
 * Returns: (nullable): @word NFKC-normalised and trimmed, so "ＳＡＬＥ" and
 *   "SALE" are one personal NG word; NULL when empty or too long
 */
char *
ms_mutation_normalize_word (const char *word)
{
  char *nfkc;

  if (word == NULL || !g_utf8_validate (word, -1, NULL))
    return NULL;
  nfkc = g_utf8_normalize (word, -1, G_NORMALIZE_NFKC);
  return check_chars (nfkc != NULL ? g_strstrip (nfkc) : NULL, "ng_word");
}

/**
 * ms_mutation_normalize_team_word:
 *
 * Returns: (nullable): @word as a team NG word: NFKC, trimmed, ASCII
 *   letters lower-cased (the key of the team's set)
 */
char *
ms_mutation_normalize_team_word (const char *word)
{
  g_autofree char *nfkc = NULL;

  if (word == NULL || !g_utf8_validate (word, -1, NULL))
    return NULL;
  nfkc = g_utf8_normalize (word, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return NULL;
  return check_chars (g_strstrip (g_ascii_strdown (nfkc, -1)), "ng_word");
}

/* ------------------------------------------------------------------------ */
/* The argument schema                                                      */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS, message);
  return FALSE;
}

static gboolean
wrong_member (const char  *name,
              GError     **error)
{
  g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
               /* Translators: %s is the name of a JSON member */
               _("“%s” is missing or has the wrong type."), name);
  return FALSE;
}

static gboolean
out_of_range (const MsArg  *arg,
              GError      **error)
{
  if (arg->message != NULL)
    return invalid (error, _(arg->message));
  g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
               /* Translators: %s is the name of a JSON member */
               _("“%s” is out of range."), arg->name);
  return FALSE;
}

static gboolean
too_long (const MsArg  *arg,
          GError      **error)
{
  if (arg->message != NULL)
    return invalid (error, _(arg->message));
  g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
               /* Translators: %s is the name of a field */
               _("“%s” is too long."), arg->name);
  return FALSE;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A JSON number that is a whole number, as an integer. */
static gboolean
get_int (JsonNode *node,
         gint64   *value)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 9.0e15)
        return FALSE;
      *value = (gint64) d;
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
in_range (const char *limit,
          double      value)
{
  gint64 min = ms_sync_limit (limit, "min");
  gint64 max = ms_sync_limit (limit, "max");

  /* A bound of -1 is absent; no limit here has a negative bound. */
  return (min < 0 || value >= (double) min) && (max < 0 || value <= (double) max);
}

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);
  gint64 max = ms_sync_limit ("row_id", "max_bytes");

  if (len == 0 || (gint64) len > max)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean check_members (const MsArg  *args,
                               JsonObject   *in,
                               JsonObject   *out,
                               GError      **error);

static gboolean
check_rows (const MsArg  *arg,
            JsonNode     *node,
            JsonObject   *out,
            GError      **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  JsonArray *in = json_node_get_array (node);
  guint n = json_array_get_length (in);
  gint64 min = ms_sync_limit (arg->limit, "min_items");
  gint64 max = ms_sync_limit (arg->limit, "max_items");

  if ((min >= 0 && n < min) || (max >= 0 && n > max))
    {
      g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                   _(arg->message), (guint) max);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (in, i);
      g_autoptr(JsonObject) row = json_object_new ();

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, _(arg->item_message));
      if (!check_members (arg->rows, json_node_get_object (item), row, error))
        return FALSE;
      json_array_add_object_element (rows, g_steal_pointer (&row));
    }
  json_object_set_array_member (out, arg->name, g_steal_pointer (&rows));
  return TRUE;
}

/* Checks one present, non-null member and copies it into @out. */
static gboolean
check_value (const MsArg  *arg,
             JsonNode     *node,
             JsonObject   *out,
             GError      **error)
{
  gint64 i = 0;

  switch (arg->type)
    {
    case MS_ARG_ID:
      if (!is_string (node))
        return wrong_member (arg->name, error);
      if (!valid_id (json_node_get_string (node)))
        {
          g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                       /* Translators: %d is the most characters of a row id */
                       _("A row id must be 1–%d letters, digits, “-” or “_”."),
                       (int) ms_sync_limit ("row_id", "max_bytes"));
          return FALSE;
        }
      break;
    case MS_ARG_TEXT:
      {
        const char *text;
        gint64 max = ms_sync_limit (arg->limit, "max_bytes");

        if (!is_string (node))
          return wrong_member (arg->name, error);
        text = json_node_get_string (node);
        if (!g_utf8_validate (text, -1, NULL) || (max >= 0 && (gint64) strlen (text) > max))
          return too_long (arg, error);
      }
      break;
    case MS_ARG_CHOICE:
      if (!is_string (node))
        return wrong_member (arg->name, error);
      if (!g_strv_contains (arg->choices, json_node_get_string (node)))
        return out_of_range (arg, error);
      break;
    case MS_ARG_INT:
    case MS_ARG_TIME:
      if (!get_int (node, &i))
        return wrong_member (arg->name, error);
      if (!in_range (arg->type == MS_ARG_TIME ? "time" : arg->limit, (double) i))
        return out_of_range (arg, error);
      json_object_set_int_member (out, arg->name, i);
      return TRUE;
    case MS_ARG_NUMBER:
      {
        double d;

        if (!JSON_NODE_HOLDS_VALUE (node) ||
            (json_node_get_value_type (node) != G_TYPE_INT64 &&
             json_node_get_value_type (node) != G_TYPE_DOUBLE))
          return wrong_member (arg->name, error);
        d = json_node_get_double (node);
        if (!isfinite (d) || !in_range (arg->limit, d))
          return out_of_range (arg, error);
        json_object_set_double_member (out, arg->name, d);
        return TRUE;
      }
    case MS_ARG_OBJECT:
      {
        g_autofree char *json = NULL;
        gint64 max = ms_sync_limit (arg->limit, "max_bytes");

        if (!JSON_NODE_HOLDS_OBJECT (node))
          return wrong_member (arg->name, error);
        json = json_to_string (node, FALSE);
        if (max >= 0 && (gint64) strlen (json) > max)
          return too_long (arg, error);
      }
      break;
    case MS_ARG_ROWS:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return wrong_member (arg->name, error);
      return check_rows (arg, node, out, error);
    case MS_ARG_VALUE:
      break;
    default:
      g_assert_not_reached ();
    }
  json_object_set_member (out, arg->name, json_node_copy (node));
  return TRUE;
}

static gboolean
check_members (const MsArg  *args,
               JsonObject   *in,
               JsonObject   *out,
               GError      **error)
{
  for (const MsArg *arg = args; arg->name != NULL; arg++)
    {
      JsonNode *node = json_object_get_member (in, arg->name);
      gboolean is_null = node != NULL && JSON_NODE_HOLDS_NULL (node);

      if (arg->type == MS_ARG_VALUE)
        {
          if (node == NULL && (arg->flags & MS_ARG_REQUIRED))
            return out_of_range (arg, error);
          if (node != NULL)
            json_object_set_member (out, arg->name, json_node_copy (node));
          continue;
        }
      if (node == NULL || is_null)
        {
          if ((arg->flags & MS_ARG_REQUIRED) && !(is_null && (arg->flags & MS_ARG_NULLABLE)))
            return wrong_member (arg->name, error);
          if (is_null && (arg->flags & MS_ARG_NULLABLE))
            json_object_set_null_member (out, arg->name);
          continue;
        }
      if (!check_value (arg, node, out, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ms_mutation_validate:
 * @args: the mutation's arguments as sent
 * @now: the receiver's clock (µs), or 0 when re-applying a queued change
 *
 * The same check on the client, before a change is saved, and on the
 * server, before it is applied.
 *
 * Returns: (transfer full): the arguments checked and normalised (only the
 *   members of the schema), or NULL with a %MS_MUTATION_ERROR
 */
JsonObject *
ms_mutation_validate (const MsMutation  *mutation,
                      JsonObject        *args,
                      gint64             now,
                      GError           **error)
{
  g_autoptr(JsonObject) out = json_object_new ();

  g_return_val_if_fail (mutation != NULL, NULL);
  g_return_val_if_fail (args != NULL, NULL);

  if (!check_members (mutation->args, args, out, error))
    return NULL;
  if (mutation->normalize != NULL && !mutation->normalize (out, now, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * ms_mutation_collect_rows:
 * @rows: (element-type utf8 utf8): gets "entity\nid" of each local row
 *   @mutation writes (owned strings)
 */
void
ms_mutation_collect_rows (const MsMutation *mutation,
                          const char       *tenant,
                          JsonObject       *args,
                          GHashTable       *rows)
{
  const char *entity;

  g_return_if_fail (mutation != NULL && mutation->entity != NULL);

  if (args == NULL)
    return;
  if (mutation->local_rows != NULL)
    {
      mutation->local_rows (mutation, tenant, args, rows);
      return;
    }

  entity = mutation->entity->name;
  if (json_object_has_member (args, "id"))
    {
      const char *id = json_object_get_string_member_with_default (args, "id", NULL);

      if (id != NULL)
        g_hash_table_add (rows, g_strconcat (entity, "\n", id, NULL));
    }
  if (json_object_has_member (args, "rows") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (args, "rows")))
    {
      JsonArray *array = json_object_get_array_member (args, "rows");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *row = json_array_get_element (array, i);
          const char *id;

          if (!JSON_NODE_HOLDS_OBJECT (row))
            continue;
          id = json_object_get_string_member_with_default (json_node_get_object (row), "id",
                                                           NULL);
          if (id != NULL)
            g_hash_table_add (rows, g_strconcat (entity, "\n", id, NULL));
        }
    }
}
