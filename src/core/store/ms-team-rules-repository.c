/* ms-team-rules-repository.c — one team's rules, NG words and shared presets
 *
 * One repository per team tenant ("team:<uuid>"). Owners edit; a member's
 * edit is refused here with %MS_STORE_ERROR_FORBIDDEN (and the server
 * rejects it with forbidden_role should one get through). Each write is
 * the local change plus its outbox row on the team's tenant, in one
 * transaction, made by the mutation table's local appliers, which the sync
 * client also re-applies (src/core/sync/ms-mutation-team.c), so an offline
 * edit applies to scoring at once and is checked as the server checks it.
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
#include "ms-sync-rows-private.h"
#include "ms-team-repository.h"
#include "ms-team-rules-repository.h"
#include "sync/ms-mutation.h"
#include "sync/ms-team-rule-fields.h"

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

static gpointer
ng_word_from_row (sqlite3_stmt *stmt)
{
  return ms_ng_word_new ((const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1), "");
}

static gpointer
preset_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(JsonNode) node = _ms_store_parse_row_json ((const char *) sqlite3_column_text (stmt, 2), NULL);
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
  role = ms_store_dup_team_role (self->store, self->tenant);
  return g_strcmp0 (role, "owner") == 0;
}

/**
 * ms_team_rules_repository_dup_plan:
 *
 * Returns: (transfer full): the team's plan as this device last learnt it;
 *   its features decide which rules can change (brand_voice, min_score_rule,
 *   org_ng_words)
 */
MsEntitlements *
ms_team_rules_repository_dup_plan (MsTeamRulesRepository *self)
{
  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  return _ms_store_dup_tenant_entitlements (self->store, self->tenant);
}

/**
 * ms_team_rules_repository_get_field_feature:
 * @field: a field of ms_team_rules_repository_list_fields(), or "ng_words"
 *
 * Returns: (nullable): the plan feature that changes @field
 */
const char *
ms_team_rules_repository_get_field_feature (const char *field)
{
  const MsTeamRuleField *rule;

  if (g_strcmp0 (field, "ng_words") == 0)
    return ms_mutation_lookup ("team_ng_word.add")->feature;
  rule = ms_team_rule_field_lookup (field);
  return rule != NULL ? rule->feature : NULL;
}

/**
 * ms_team_rules_repository_list_fields:
 *
 * Returns: (transfer none): the names team_rules.set_field takes
 */
const char * const *
ms_team_rules_repository_list_fields (void)
{
  return ms_team_rule_field_names ();
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
  g_autoptr(JsonObject) row = NULL;
  const char * const *names = ms_team_rule_field_names ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);

  stmt = _ms_store_prepare (self->store, "SELECT * FROM team_rules"
                                         " WHERE tenant = ?1 AND deleted_at IS NULL", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, self->tenant, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        row = _ms_sync_rows_from_stmt (stmt);
      sqlite3_reset (stmt);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      const MsTeamRuleField *f = ms_team_rule_field_lookup (names[i]);
      JsonNode *value = row != NULL ? json_object_get_member (row, f->name) : NULL;
      gboolean is_null = value == NULL || JSON_NODE_HOLDS_NULL (value);

      switch (f->kind)
        {
        case MS_TEAM_RULE_TEXT:
        case MS_TEAM_RULE_CHOICE:
          json_object_set_string_member (o, f->name, is_null ? f->fallback
                                                             : json_node_get_string (value));
          break;
        case MS_TEAM_RULE_BOOL:
          json_object_set_boolean_member (o, f->name, !is_null && json_node_get_int (value) != 0);
          break;
        case MS_TEAM_RULE_NULLABLE_TEXT:
        case MS_TEAM_RULE_NULLABLE_INT:
          if (is_null)
            json_object_set_null_member (o, f->name);
          else
            json_object_set_member (o, f->name, json_node_copy (value));
          break;
        default:
          g_assert_not_reached ();
        }
    }
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
 * Returns: (transfer full): the team's rules as scorer input (team_ng_words,
 *   the brand, subject and minimum-score rules and esp_footer; no personal
 *   words)
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
  brand->esp_footer = json_object_get_boolean_member (o, "esp_footer");
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
  g_autofree char *role = ms_store_dup_team_role (self->store, self->tenant);

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

/* Checked as the server checks it; the local change and its outbox row,
 * in one transaction. */
static gboolean
write_mutation (MsTeamRulesRepository  *self,
                const char             *name,
                JsonObject             *args,
                GError                **error)
{
  g_autoptr(JsonObject) valid = _ms_store_validate_mutation (self->store, name, args, error);

  if (valid == NULL || !check_owner (self, error))
    return FALSE;
  return _ms_store_write_mutation (self->store, self->tenant, name, valid, NULL, error);
}

/**
 * ms_team_rules_repository_set_field:
 * @field: one of ms_team_rules_repository_list_fields()
 * @value: a string (brand_voice_text; register: desu_masu, casual or
 *   formal; brand_name, which may also be null; min_score_action: warn,
 *   badge or notify), a boolean (require_unsubscribe, require_contact,
 *   subject_no_brackets, esp_footer) or an integer or null for no rule
 *   (subject_max_emoji, subject_max_cells, min_score 0–100; ranges in
 *   data/limits.json)
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

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (ms_team_rule_field_lookup (field_name) == NULL)
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                   /* Translators: %s is what the user typed as a rule name */
                   _("“%s” is not a team rule."), field_name);
      return FALSE;
    }
  if (!check_owner (self, error))
    return FALSE;

  args = json_object_new ();
  json_object_set_string_member (args, "field", field_name);
  json_object_set_member (args, "value", json_node_copy (value));
  return write_mutation (self, "team_rules.set_field", args, error);
}

static gboolean
invalid_value (const MsTeamRuleField  *field,
               GError                **error)
{
  g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
               /* Translators: %s is the name of a team rule, such as min_score */
               _("This value does not fit the team rule “%s”."), field->name);
  return FALSE;
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
  const MsTeamRuleField *field;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  field = ms_team_rule_field_lookup (field_name);
  if (field == NULL)
    return ms_team_rules_repository_set_field (self, field_name, value, error);

  switch (field->kind)
    {
    case MS_TEAM_RULE_BOOL:
      if (g_strv_contains ((const char * const[]) { "true", "yes", "on", "1", NULL }, text))
        json_node_set_boolean (value, TRUE);
      else if (g_strv_contains ((const char * const[]) { "false", "no", "off", "0", NULL }, text))
        json_node_set_boolean (value, FALSE);
      else
        return invalid_value (field, error);
      break;
    case MS_TEAM_RULE_NULLABLE_INT:
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
    case MS_TEAM_RULE_NULLABLE_TEXT:
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
  g_autoptr(JsonObject) args = json_object_new ();

  json_object_set_string_member (args, "word", word != NULL ? word : "");
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
  return _ms_sync_rows_count_live (self->store, "team_preset", self->tenant, except_id, exists,
                                   error);
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
  g_autofree char *new_id = id != NULL ? g_strdup (id) : _ms_store_new_id ();
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) valid = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  gboolean exists = FALSE;
  gint64 count, limit;

  g_return_val_if_fail (MS_IS_TEAM_RULES_REPOSITORY (self), NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  json_object_set_string_member (args, "id", new_id);
  json_object_set_string_member (args, "name", name != NULL ? name : "");
  json_object_set_member (args, "segment", ms_segment_to_json (segment));
  valid = _ms_store_validate_mutation (self->store, "team_preset.put", args, error);
  if (valid == NULL || !check_owner (self, error))
    return NULL;

  entitlements = _ms_store_dup_tenant_entitlements (self->store, self->tenant);

  count = count_presets (self, id, &exists, error);
  if (count < 0)
    return NULL;
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_SHARED_PRESETS);
  if (!exists && limit != MS_LIMIT_UNLIMITED && count >= limit)
    {
      ms_mutation_set_limit_error (error, MS_STORE_ERROR, MS_STORE_ERROR_LIMIT_REACHED,
                                   MS_LIMIT_SHARED_PRESETS, entitlements);
      return NULL;
    }

  if (!_ms_store_write_mutation (self->store, self->tenant, "team_preset.put", valid, NULL,
                                 error))
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
