/* ms-team-rules-repository.c — one team's rules, NG words and shared presets
 *
 * One repository per team tenant ("team:<uuid>"). Owners edit; a member's
 * edit is refused here with %MS_STORE_ERROR_FORBIDDEN (and the server
 * rejects it with forbidden_role should one get through). Each write is
 * the local change plus its outbox row on the team's tenant, in one
 * transaction, made by the same mutators the sync client re-applies
 * (_ms_team_apply_mutation), so an offline edit applies to scoring at once.
 * The protocol is src/server/README-sync.md, "Teams":
 *   team_rules.set_field {field, value}   one row per tenant, local id = tenant
 *   team_ng_word.add / .remove {word}     a set by normalised word (NFKC,
 *                                         trimmed, ASCII lower-cased);
 *                                         local id = tenant/word
 *   team_preset.put {id, name, segment} / team_preset.delete {id}
 * Shared presets are limited by the team's plan (shared_presets: Team 20,
 * Team Pro unlimited).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-message-codec.h"
#include "ms-ng-word.h"
#include "ms-segment-preset.h"
#include "ms-store-private.h"
#include "ms-team-member.h"
#include "ms-team-private.h"
#include "ms-team-rules-repository.h"
#include "sync/ms-mutation.h"

#define MAX_WORD_CHARS 100
#define MAX_PRESET_NAME_CHARS 100

typedef enum
{
  FIELD_TEXT,
  FIELD_NULLABLE_TEXT,
  FIELD_BOOL,
  FIELD_NULLABLE_INT,
  FIELD_REGISTER,
  FIELD_ACTION,
} FieldKind;

typedef struct
{
  const char *name;
  FieldKind   kind;
  gint64      min;
  gint64      max;
} Field;

/* The columns of team_rules a mutation may set; SQL names come only from here. */
static const Field fields[] = {
  { "brand_voice_text",    FIELD_TEXT,          0, 4000 },
  { "register",            FIELD_REGISTER,      0, 0 },
  { "require_unsubscribe", FIELD_BOOL,          0, 1 },
  { "require_contact",     FIELD_BOOL,          0, 1 },
  { "brand_name",          FIELD_NULLABLE_TEXT, 0, 100 },
  { "subject_no_brackets", FIELD_BOOL,          0, 1 },
  { "subject_max_emoji",   FIELD_NULLABLE_INT,  0, 1000 },
  { "subject_max_cells",   FIELD_NULLABLE_INT,  0, 10000 },
  { "min_score",           FIELD_NULLABLE_INT,  0, 100 },
  { "min_score_action",    FIELD_ACTION,        0, 0 },
};

static const char * const registers[] = { "desu_masu", "casual", "formal", NULL };

static const char * const field_names[] = {
  "brand_voice_text", "register", "require_unsubscribe", "require_contact", "brand_name",
  "subject_no_brackets", "subject_max_emoji", "subject_max_cells", "min_score",
  "min_score_action", NULL,
};

struct _MsTeamRulesRepository
{
  GObject     parent_instance;
  MsStore    *store;
  char       *tenant;
  GListStore *ng_words;  /* MsNgWord */
  GListStore *presets;   /* MsSegmentPreset */
  GListStore *members;   /* MsTeamMember: owners first, then by name */
};

G_DEFINE_FINAL_TYPE (MsTeamRulesRepository, ms_team_rules_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const Field *
find_field (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Mutators, shared with the sync client                                    */

char *
_ms_team_normalize_word (const char *word)
{
  return ms_mutation_normalize_team_word (word);
}

gboolean
_ms_team_is_mutation (const char *name)
{
  return _ms_team_entity_of (name) != NULL;
}

const char *
_ms_team_entity_of (const char *name)
{
  if (g_str_has_prefix (name, "team_rules."))
    return "team_rules";
  if (g_str_has_prefix (name, "team_ng_word."))
    return "team_ng_word";
  if (g_str_has_prefix (name, "team_preset."))
    return "team_preset";
  return NULL;
}

/* Adds "entity\nid" for the local row @name/@args touches. */
void
_ms_team_collect_rows (const char *tenant,
                       const char *name,
                       JsonObject *args,
                       GHashTable *rows)
{
  const char *entity = _ms_team_entity_of (name);

  if (entity == NULL || args == NULL || tenant == NULL)
    return;
  if (g_str_equal (entity, "team_rules"))
    g_hash_table_add (rows, g_strconcat (entity, "\n", tenant, NULL));
  else if (g_str_equal (entity, "team_ng_word"))
    {
      g_autofree char *word = _ms_team_normalize_word (
        json_object_get_string_member_with_default (args, "word", NULL));

      if (word != NULL)
        g_hash_table_add (rows, g_strconcat (entity, "\n", tenant, "/", word, NULL));
    }
  else
    {
      const char *id = json_object_get_string_member_with_default (args, "id", NULL);

      if (id != NULL)
        g_hash_table_add (rows, g_strconcat (entity, "\n", id, NULL));
    }
}

/* Gives a pulled row of a team entity its local id (see ms-migrations.c, 4). */
void
_ms_team_localize_row (const char *entity,
                       const char *tenant,
                       JsonObject *row)
{
  if (g_str_equal (entity, "team_rules"))
    json_object_set_string_member (row, "id", tenant);
  else if (g_str_equal (entity, "team_ng_word"))
    {
      g_autofree char *word = _ms_team_normalize_word (
        json_object_get_string_member_with_default (row, "word", NULL));
      g_autofree char *id = NULL;

      if (word == NULL)
        word = g_strdup (json_object_get_string_member_with_default (row, "id", "?"));
      id = g_strconcat (tenant, "/", word, NULL);
      json_object_set_string_member (row, "id", id);
      json_object_set_string_member (row, "word", word);
      json_object_set_string_member (row, "key", word);
    }
  else if (g_str_equal (entity, "team_member"))
    {
      const char *user_id = json_object_get_string_member_with_default (row, "user_id", NULL);
      g_autofree char *id = NULL;

      if (user_id == NULL)
        {
          user_id = json_object_get_string_member_with_default (row, "id", "");
          json_object_set_string_member (row, "user_id", user_id);
        }
      id = g_strconcat (tenant, "/", user_id, NULL);
      json_object_set_string_member (row, "id", id);
    }
  else if (g_str_equal (entity, "team_preset") && !json_object_has_member (row, "segment_json"))
    {
      g_autofree char *json = NULL;

      if (json_object_has_member (row, "segment"))
        json = json_to_string (json_object_get_member (row, "segment"), FALSE);
      json_object_set_string_member (row, "segment_json", json != NULL ? json : "{}");
    }
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    sqlite3_bind_null (stmt, index);
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    sqlite3_bind_int64 (stmt, index, (gint64) json_node_get_double (node));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
}

static gboolean
step_quietly (MsStore       *store,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW || (rc & 0xff) == SQLITE_CONSTRAINT)
    return TRUE;
  _ms_store_set_db_error (store, rc, error);
  return FALSE;
}

/**
 * _ms_team_apply_mutation:
 *
 * The client's copy of the team mutations: idempotent, and an unusable
 * argument is skipped (the server decides). Anything else: TRUE, no change.
 */
gboolean
_ms_team_apply_mutation (MsStore     *store,
                         const char  *tenant,
                         const char  *name,
                         JsonObject  *args,
                         gint64       created_at,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (name, "team_rules.set_field"))
    {
      const Field *field = find_field (json_object_get_string_member_with_default (args, "field",
                                                                                   NULL));
      g_autofree char *sql = NULL;
      g_autofree char *update = NULL;

      if (field == NULL)
        return TRUE;
      /* An UPDATE, then an INSERT if there is no row: not an upsert, whose
       * conflict handling would override the shadow triggers' OR IGNORE. */
      update = g_strdup_printf ("UPDATE team_rules SET \"%1$s\" = ?3,"
                                " updated_at = max(?2, updated_at + 1)"
                                " WHERE id = ?1 AND \"%1$s\" IS NOT ?3", field->name);
      sql = g_strdup_printf ("INSERT INTO team_rules (id, tenant, created_at, updated_at, \"%s\")"
                             " SELECT ?1, ?1, ?2, ?2, ?3"
                             " WHERE NOT EXISTS (SELECT 1 FROM team_rules WHERE id = ?1)",
                             field->name);
      for (guint i = 0; i < 2; i++)
        {
          stmt = _ms_store_prepare (store, i == 0 ? update : sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, created_at);
          bind_value (stmt, 3, json_object_get_member (args, "value"));
          if (!step_quietly (store, stmt, error))
            return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (name, "team_ng_word.add") || g_str_equal (name, "team_ng_word.remove"))
    {
      g_autofree char *word = _ms_team_normalize_word (
        json_object_get_string_member_with_default (args, "word", NULL));
      g_autofree char *id = NULL;
      gboolean add = g_str_equal (name, "team_ng_word.add");

      static const char * const add_sql[] = {
        "UPDATE team_ng_word SET deleted_at = NULL, updated_at = max(?3, updated_at + 1)"
        " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NOT NULL",
        "INSERT INTO team_ng_word (id, tenant, created_at, updated_at, word, key)"
        " SELECT ?1, ?2, ?3, ?3, ?4, ?4"
        " WHERE NOT EXISTS (SELECT 1 FROM team_ng_word WHERE id = ?1)",
        NULL,
      };
      static const char * const remove_sql[] = {
        "UPDATE team_ng_word SET deleted_at = ?3, updated_at = max(?3, updated_at + 1)"
        " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL AND ?4 IS NOT NULL",
        NULL,
      };
      const char * const *statements = add ? add_sql : remove_sql;

      if (word == NULL)
        return TRUE;
      id = g_strconcat (tenant, "/", word, NULL);
      for (guint i = 0; statements[i] != NULL; i++)
        {
          stmt = _ms_store_prepare (store, statements[i], error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, created_at);
          sqlite3_bind_text (stmt, 4, word, -1, SQLITE_TRANSIENT);
          if (!step_quietly (store, stmt, error))
            return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (name, "team_preset.put"))
    {
      g_autofree char *segment_json = NULL;

      if (json_object_has_member (args, "segment"))
        segment_json = json_to_string (json_object_get_member (args, "segment"), FALSE);
      {
        static const char * const statements[] = {
          "UPDATE team_preset SET name = ?4, segment_json = ?5, updated_at = max(?3, updated_at + 1)"
          " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL"
          " AND (name IS NOT ?4 OR segment_json IS NOT ?5)",
          "INSERT INTO team_preset (id, tenant, created_at, updated_at, name, segment_json)"
          " SELECT ?1, ?2, ?3, ?3, ?4, ?5"
          " WHERE NOT EXISTS (SELECT 1 FROM team_preset WHERE id = ?1)",
        };

        for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
          {
            stmt = _ms_store_prepare (store, statements[i], error);
            if (stmt == NULL)
              return FALSE;
            bind_value (stmt, 1, json_object_get_member (args, "id"));
            sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (stmt, 3, created_at);
            bind_value (stmt, 4, json_object_get_member (args, "name"));
            sqlite3_bind_text (stmt, 5, segment_json != NULL ? segment_json : "{}", -1,
                               SQLITE_TRANSIENT);
            if (!step_quietly (store, stmt, error))
              return FALSE;
          }
        return TRUE;
      }
    }

  if (g_str_equal (name, "team_preset.delete"))
    {
      stmt = _ms_store_prepare (store,
        "UPDATE team_preset SET deleted_at = ?3, updated_at = max(?3, updated_at + 1)"
        " WHERE id = ?1 AND tenant = ?2 AND deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      bind_value (stmt, 1, json_object_get_member (args, "id"));
      sqlite3_bind_text (stmt, 2, tenant, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, created_at);
      return step_quietly (store, stmt, error);
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static gpointer
ng_word_from_row (sqlite3_stmt *stmt)
{
  return ms_ng_word_new ((const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1), "");
}

static gpointer
preset_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 2), NULL);
  g_autoptr(MsSegment) segment = node != NULL ? ms_segment_new_from_json (node, NULL) : NULL;

  if (segment == NULL)
    segment = ms_segment_new ();
  return ms_segment_preset_new ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                segment);
}

static gpointer
member_from_row (sqlite3_stmt *stmt)
{
  return ms_team_member_new ((const char *) sqlite3_column_text (stmt, 0),
                             (const char *) sqlite3_column_text (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 2),
                             (const char *) sqlite3_column_text (stmt, 3));
}

/* Fills @model from @sql, a SELECT of this team's rows (?1 is the tenant). */
static gboolean
reload_model (MsTeamRulesRepository  *self,
              const char             *sql,
              MsStoreRowFunc          make_item,
              GListStore             *model,
              GError                **error)
{
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  return _ms_store_reload_model (self->store, stmt, make_item, model, error);
}

static gboolean
reload (MsTeamRulesRepository  *self,
        GError                **error)
{
  return reload_model (self,
                       "SELECT user_id, name, email, role FROM team_member"
                       " WHERE tenant = ?1 AND deleted_at IS NULL"
                       " ORDER BY role <> 'owner', name, email, user_id",
                       member_from_row, self->members, error) &&
         reload_model (self,
                       "SELECT id, word FROM team_ng_word"
                       " WHERE tenant = ?1 AND deleted_at IS NULL ORDER BY word",
                       ng_word_from_row, self->ng_words, error) &&
         reload_model (self,
                       "SELECT id, name, segment_json FROM team_preset"
                       " WHERE tenant = ?1 AND deleted_at IS NULL ORDER BY name, id",
                       preset_from_row, self->presets, error);
}

static void
on_store_changed_cb (MsStore               *store,
                     const char            *table,
                     MsTeamRulesRepository *self)
{
  if (g_str_equal (table, "team_ng_word") || g_str_equal (table, "team_preset") ||
      g_str_equal (table, "team_member"))
    reload (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_team_rules_repository_dispose (GObject *object)
{
  MsTeamRulesRepository *self = (MsTeamRulesRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->ng_words);
  g_clear_object (&self->presets);
  g_clear_object (&self->members);

  G_OBJECT_CLASS (ms_team_rules_repository_parent_class)->dispose (object);
}

static void
ms_team_rules_repository_finalize (GObject *object)
{
  MsTeamRulesRepository *self = (MsTeamRulesRepository *) object;

  g_free (self->tenant);

  G_OBJECT_CLASS (ms_team_rules_repository_parent_class)->finalize (object);
}

static void
ms_team_rules_repository_class_init (MsTeamRulesRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_team_rules_repository_dispose;
  object_class->finalize = ms_team_rules_repository_finalize;

  /**
   * MsTeamRulesRepository::changed:
   *
   * The team's rules, NG words, presets or the user's role changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_team_rules_repository_init (MsTeamRulesRepository *self)
{
  self->ng_words = g_list_store_new (MS_TYPE_NG_WORD);
  self->presets = g_list_store_new (MS_TYPE_SEGMENT_PRESET);
  self->members = g_list_store_new (MS_TYPE_TEAM_MEMBER);
}

/**
 * ms_team_rules_repository_new:
 * @tenant: the team's tenant ("team:<uuid>", MsTeam's id)
 */
MsTeamRulesRepository *
ms_team_rules_repository_new (MsStore    *store,
                              const char *tenant)
{
  MsTeamRulesRepository *self;
  static const char * const tables[] = { "team", "team_rules", "team_ng_word", "team_preset",
                                         "team_member" };

  g_return_val_if_fail (MS_IS_STORE (store), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  self = g_object_new (MS_TYPE_TEAM_RULES_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  self->tenant = g_strdup (tenant);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *detailed = g_strconcat ("changed::", tables[i], NULL);

      g_signal_connect (store, detailed, G_CALLBACK (on_store_changed_cb), self);
    }
  reload (self, NULL);
  return self;
}

const char *
ms_team_rules_repository_get_tenant (MsTeamRulesRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  return self->tenant;
}

/**
 * ms_team_rules_repository_get_can_edit:
 *
 * Returns: whether the user owns the team (members only read its rules)
 */
gboolean
ms_team_rules_repository_get_can_edit (MsTeamRulesRepository *self)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  role = _ms_team_dup_role (self->store, self->tenant);
  return g_strcmp0 (role, "owner") == 0;
}

/**
 * ms_team_rules_repository_list_fields:
 *
 * Returns: (transfer none): the names team_rules.set_field takes
 */
const char * const *
ms_team_rules_repository_list_fields (void)
{
  return field_names;
}

/**
 * ms_team_rules_repository_dup_fields:
 *
 * Returns: (transfer full): every field and its value (defaults when the
 *   team has set none): strings, booleans, integers; brand_name may be null
 */
JsonObject *
ms_team_rules_repository_dup_fields (MsTeamRulesRepository *self)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (sql, "%s\"%s\"", i > 0 ? ", " : "", fields[i].name);
  g_string_append (sql, " FROM team_rules WHERE tenant = ?1 AND deleted_at IS NULL");

  stmt = _ms_store_prepare (self->store, sql->str, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      switch (f->kind)
        {
        case FIELD_TEXT:
          json_object_set_string_member (o, f->name, found && sqlite3_column_text (stmt, i)
                                                     ? (const char *) sqlite3_column_text (stmt, i)
                                                     : "");
          break;
        case FIELD_REGISTER:
          json_object_set_string_member (o, f->name, found && sqlite3_column_text (stmt, i)
                                                     ? (const char *) sqlite3_column_text (stmt, i)
                                                     : "desu_masu");
          break;
        case FIELD_NULLABLE_TEXT:
          if (found && sqlite3_column_type (stmt, i) != SQLITE_NULL)
            json_object_set_string_member (o, f->name,
                                           (const char *) sqlite3_column_text (stmt, i));
          else
            json_object_set_null_member (o, f->name);
          break;
        case FIELD_BOOL:
          json_object_set_boolean_member (o, f->name, found && sqlite3_column_int (stmt, i) != 0);
          break;
        case FIELD_NULLABLE_INT:
          if (found && sqlite3_column_type (stmt, i) != SQLITE_NULL)
            json_object_set_int_member (o, f->name, sqlite3_column_int64 (stmt, i));
          else
            json_object_set_null_member (o, f->name);
          break;
        case FIELD_ACTION:
          json_object_set_string_member (o, f->name, found && sqlite3_column_text (stmt, i)
                                                     ? (const char *) sqlite3_column_text (stmt, i)
                                                     : "warn");
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return g_steal_pointer (&o);
}

/**
 * ms_team_rules_repository_dup_ng_words:
 *
 * Returns: (transfer full): the team's NG words
 */
char **
ms_team_rules_repository_dup_ng_words (MsTeamRulesRepository *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->ng_words));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsNgWord) word = g_list_model_get_item (G_LIST_MODEL (self->ng_words), i);

      g_strv_builder_add (builder, ms_ng_word_get_word (word));
    }
  return g_strv_builder_end (builder);
}

/**
 * ms_team_rules_repository_dup_brand_rules:
 *
 * Returns: (transfer full): the team's rules as scorer input (team_ng_words
 *   and the brand, subject and minimum-score rules; no personal words)
 */
MsBrandRules *
ms_team_rules_repository_dup_brand_rules (MsTeamRulesRepository *self)
{
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(MsBrandRules) brand = ms_brand_rules_new ();
  const char *brand_name;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);

  o = ms_team_rules_repository_dup_fields (self);
  brand->team_ng_words = ms_team_rules_repository_dup_ng_words (self);
  if (brand->team_ng_words[0] == NULL)
    g_clear_pointer (&brand->team_ng_words, g_strfreev);
  brand->require_unsubscribe = json_object_get_boolean_member (o, "require_unsubscribe");
  brand->require_contact = json_object_get_boolean_member (o, "require_contact");
  brand_name = json_object_get_null_member (o, "brand_name")
               ? NULL : json_object_get_string_member (o, "brand_name");
  brand->brand_name = brand_name != NULL && *brand_name != '\0' ? g_strdup (brand_name) : NULL;
  brand->subject_no_brackets = json_object_get_boolean_member (o, "subject_no_brackets");
  /* null: no rule */
  brand->subject_max_emoji = json_object_get_null_member (o, "subject_max_emoji")
                             ? -1 : (int) json_object_get_int_member (o, "subject_max_emoji");
  brand->subject_max_cells = json_object_get_null_member (o, "subject_max_cells")
                             ? 0 : (int) json_object_get_int_member (o, "subject_max_cells");
  brand->min_score = json_object_get_null_member (o, "min_score")
                     ? 0 : (int) json_object_get_int_member (o, "min_score");
  if (!ms_min_score_action_from_string (json_object_get_string_member (o, "min_score_action"),
                                        &brand->min_score_action))
    brand->min_score_action = MS_MIN_SCORE_ACTION_WARN;
  return g_steal_pointer (&brand);
}

static gboolean
check_owner (MsTeamRulesRepository  *self,
             GError                **error)
{
  g_autofree char *role = _ms_team_dup_role (self->store, self->tenant);

  if (role == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("You are not a member of this team."));
      return FALSE;
    }
  if (!g_str_equal (role, "owner"))
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN,
                           _("Only the team’s owners can change its rules. Ask an owner to make "
                             "this change."));
      return FALSE;
    }
  return TRUE;
}

/* The local change and its outbox row, in one transaction. */
static gboolean
write_mutation (MsTeamRulesRepository  *self,
                const char             *name,
                JsonObject             *args,
                GError                **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, args);
  if (!_ms_store_begin (self->store, error))
    return FALSE;
  if (!_ms_team_apply_mutation (self->store, self->tenant, name, args,
                                ms_store_get_now (self->store), error) ||
      !_ms_store_add_outbox_for_tenant (self->store, self->tenant, name, node, error))
    {
      _ms_store_rollback (self->store);
      return FALSE;
    }
  _ms_store_mark_changed (self->store, _ms_team_entity_of (name));
  _ms_store_mark_changed (self->store, "outbox");
  return _ms_store_commit (self->store, error);
}

static gboolean
invalid_value (const Field  *field,
               GError      **error)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
               /* Translators: %s is the name of a team rule, such as min_score */
               _("This value does not fit the team rule “%s”."), field->name);
  return FALSE;
}

/**
 * ms_team_rules_repository_set_field:
 * @field: one of ms_team_rules_repository_list_fields()
 * @value: a string (brand_voice_text; register: desu_masu, casual or
 *   formal; brand_name, which may also be null; min_score_action: warn,
 *   badge or notify), a boolean (require_unsubscribe, require_contact,
 *   subject_no_brackets) or an integer or null for no rule
 *   (subject_max_emoji ≥ 0, subject_max_cells ≥ 0, min_score 0–100)
 *
 * Owners only (%MS_STORE_ERROR_FORBIDDEN for a member). Applies at once and
 * queues team_rules.set_field for the team's tenant.
 */
gboolean
ms_team_rules_repository_set_field (MsTeamRulesRepository  *self,
                                    const char             *field_name,
                                    JsonNode               *value,
                                    GError                **error)
{
  g_autoptr(JsonObject) args = NULL;
  const Field *field;
  JsonNode *stored;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  field = find_field (field_name);
  if (field == NULL)
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                   /* Translators: %s is what the user typed as a rule name */
                   _("“%s” is not a team rule."), field_name);
      return FALSE;
    }
  if (!check_owner (self, error))
    return FALSE;

  stored = json_node_copy (value);
  switch (field->kind)
    {
    case FIELD_NULLABLE_TEXT:
      if (JSON_NODE_HOLDS_NULL (value))
        break;
      G_GNUC_FALLTHROUGH;
    case FIELD_TEXT:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (value), -1, NULL) ||
          g_utf8_strlen (json_node_get_string (value), -1) > field->max)
        goto invalid;
      break;
    case FIELD_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        goto invalid;
      break;
    case FIELD_REGISTER:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
          !g_strv_contains (registers, json_node_get_string (value)))
        goto invalid;
      break;
    case FIELD_NULLABLE_INT:
      if (JSON_NODE_HOLDS_NULL (value))
        break;
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
          json_node_get_int (value) < field->min || json_node_get_int (value) > field->max)
        goto invalid;
      break;
    case FIELD_ACTION:
      {
        MsMinScoreAction action;

        if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
            !ms_min_score_action_from_string (json_node_get_string (value), &action))
          goto invalid;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  args = json_object_new ();
  json_object_set_string_member (args, "field", field->name);
  json_object_set_member (args, "value", stored);
  return write_mutation (self, "team_rules.set_field", args, error);

invalid:
  json_node_unref (stored);
  return invalid_value (field, error);
}

/**
 * ms_team_rules_repository_set_field_from_string:
 * @text: the value as typed: true/false, a number, or text ("" or "null"
 *   sets brand_name and the numbers to null: no rule)
 *
 * ms_team_rules_repository_set_field() for the command line.
 */
gboolean
ms_team_rules_repository_set_field_from_string (MsTeamRulesRepository  *self,
                                                const char             *field_name,
                                                const char             *text,
                                                GError                **error)
{
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  const Field *field;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  field = find_field (field_name);
  if (field == NULL)
    return ms_team_rules_repository_set_field (self, field_name, value, error);

  switch (field->kind)
    {
    case FIELD_BOOL:
      if (g_strv_contains ((const char * const[]) { "true", "yes", "on", "1", NULL }, text))
        json_node_set_boolean (value, TRUE);
      else if (g_strv_contains ((const char * const[]) { "false", "no", "off", "0", NULL }, text))
        json_node_set_boolean (value, FALSE);
      else
        return invalid_value (field, error);
      break;
    case FIELD_NULLABLE_INT:
      {
        gint64 n;

        if (*text == '\0' || g_str_equal (text, "null"))
          {
            json_node_init_null (value);
            break;
          }
        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &n, NULL))
          return invalid_value (field, error);
        json_node_set_int (value, n);
      }
      break;
    case FIELD_NULLABLE_TEXT:
      if (*text == '\0')
        {
          json_node_init_null (value);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      json_node_set_string (value, text);
    }
  return ms_team_rules_repository_set_field (self, field_name, value, error);
}

/**
 * ms_team_rules_repository_get_ng_words:
 *
 * Returns: (transfer none): the team's NG words (MsNgWord; the note is
 *   empty), by word
 */
GListModel *
ms_team_rules_repository_get_ng_words (MsTeamRulesRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->ng_words);
}

static gboolean
ng_word_mutation (MsTeamRulesRepository  *self,
                  const char             *name,
                  const char             *word,
                  GError                **error)
{
  g_autofree char *normalized = _ms_team_normalize_word (word);
  g_autoptr(JsonObject) args = NULL;

  if (normalized == NULL)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Type the word or phrase to flag (at most 100 characters)."));
      return FALSE;
    }
  if (!check_owner (self, error))
    return FALSE;

  args = json_object_new ();
  json_object_set_string_member (args, "word", normalized);
  return write_mutation (self, name, args, error);
}

/**
 * ms_team_rules_repository_add_ng_word:
 *
 * Owners only. Adding a word the team has is no error (a set).
 */
gboolean
ms_team_rules_repository_add_ng_word (MsTeamRulesRepository  *self,
                                      const char             *word,
                                      GError                **error)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  return ng_word_mutation (self, "team_ng_word.add", word, error);
}

/**
 * ms_team_rules_repository_remove_ng_word:
 *
 * Owners only. Removing a word the team does not have is no error.
 */
gboolean
ms_team_rules_repository_remove_ng_word (MsTeamRulesRepository  *self,
                                         const char             *word,
                                         GError                **error)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  return ng_word_mutation (self, "team_ng_word.remove", word, error);
}

/**
 * ms_team_rules_repository_get_members:
 *
 * The team's members as last synced (team_member rows); refreshed when
 * they change.
 *
 * Returns: (transfer none): the team's members (MsTeamMember), owners
 *   first, then by name
 */
GListModel *
ms_team_rules_repository_get_members (MsTeamRulesRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->members);
}

/**
 * ms_team_rules_repository_get_presets:
 *
 * Returns: (transfer none): the team's shared presets (MsSegmentPreset), by name
 */
GListModel *
ms_team_rules_repository_get_presets (MsTeamRulesRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  return G_LIST_MODEL (self->presets);
}

static gint64
count_presets (MsTeamRulesRepository  *self,
               const char             *except_id,
               gboolean               *exists,
               GError                **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;
  int rc;

  stmt = _ms_store_prepare (self->store,
                            "SELECT count(*), sum(id = ?2) FROM team_preset"
                            " WHERE tenant = ?1 AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, except_id != NULL ? except_id : "", -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      *exists = sqlite3_column_int64 (stmt, 1) > 0;
    }
  else
    _ms_store_set_db_error (self->store, rc, error);
  sqlite3_reset (stmt);
  return count;
}

/**
 * ms_team_rules_repository_put_preset:
 * @id: (nullable): the preset to change, or %NULL for a new one
 *
 * Owners only. A new preset counts against the team plan's shared_presets
 * (%MS_STORE_ERROR_LIMIT_REACHED).
 *
 * Returns: (transfer full): the preset's id
 */
char *
ms_team_rules_repository_put_preset (MsTeamRulesRepository  *self,
                                     const char             *id,
                                     const char             *name,
                                     const MsSegment        *segment,
                                     GError                **error)
{
  g_autofree char *new_id = NULL;
  g_autofree char *trimmed = NULL;
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;
  gint64 count, limit;
  g_autofree char *plan = NULL;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    trimmed = g_strstrip (g_strdup (name));
  if (trimmed == NULL || *trimmed == '\0' || g_utf8_strlen (trimmed, -1) > MAX_PRESET_NAME_CHARS)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                           _("Give the preset a name of at most 100 characters."));
      return NULL;
    }
  if (!check_owner (self, error))
    return NULL;

  stmt = _ms_store_prepare (self->store, "SELECT plan FROM team WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    plan = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  entitlements = ms_entitlements_new_for_plan (plan, NULL);
  if (entitlements == NULL)
    entitlements = ms_entitlements_new_free ();

  count = count_presets (self, id, &exists, error);
  if (count < 0)
    return NULL;
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_SHARED_PRESETS);
  if (!exists && limit != MS_LIMIT_UNLIMITED && count >= limit)
    {
      if (limit == 0)
        g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                     /* Translators: %s is a plan name */
                     _("The %s plan cannot share presets with the team."),
                     ms_entitlements_get_plan_name (entitlements));
      else
        g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                     /* Translators: %s is a plan name, %d a number of presets */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The %s plan shares %d preset with the team. Delete one, or "
                                  "upgrade to Team Pro for as many as you need.",
                                  "The %s plan shares %d presets with the team. Delete one, or "
                                  "upgrade to Team Pro for as many as you need.", (gulong) limit),
                     ms_entitlements_get_plan_name (entitlements), (int) limit);
      return NULL;
    }

  if (id == NULL)
    new_id = _ms_store_new_id ();
  else
    new_id = g_strdup (id);

  args = json_object_new ();
  json_object_set_string_member (args, "id", new_id);
  json_object_set_string_member (args, "name", trimmed);
  json_object_set_member (args, "segment", ms_segment_to_json (segment));
  if (!write_mutation (self, "team_preset.put", args, error))
    return NULL;
  return g_steal_pointer (&new_id);
}

/**
 * ms_team_rules_repository_delete_preset:
 *
 * Owners only.
 */
gboolean
ms_team_rules_repository_delete_preset (MsTeamRulesRepository  *self,
                                        const char             *id,
                                        GError                **error)
{
  g_autoptr(JsonObject) args = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_owner (self, error))
    return FALSE;
  if (count_presets (self, id, &exists, error) < 0)
    return FALSE;
  if (!exists)
    {
      g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_NOT_FOUND,
                           _("This preset no longer exists."));
      return FALSE;
    }

  args = json_object_new ();
  json_object_set_string_member (args, "id", id);
  return write_mutation (self, "team_preset.delete", args, error);
}
