/* ms-mutation-team.c — a team's shared settings, changed by its owners
 *
 *   team_rules.set_field   {field, value}   one row per team (server id "rules";
 *                                           local id = the tenant)
 *   team_ng_word.add       {word}           a set keyed by the normalised word
 *   team_ng_word.remove    {word}           (NFKC, trimmed, ASCII lower-cased);
 *                                           server id = the first 32 hex digits
 *                                           of its SHA-256, local id = tenant/word
 *   team_preset.put        {id, name, segment}
 *   team_preset.delete     {id, deleted_at?}
 *   team_member            written by the server's team routes; pulled only
 *
 * Team tenants hold team data only, and only owners change it. Shared
 * presets count against the team's plan (shared_presets).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"
#include "ms-team-rule-fields.h"

#define RULES_SERVER_ID "rules"

static const char * const registers[] = { "desu_masu", "casual", "formal", NULL };
static const char * const actions[] = { "warn", "badge", "notify", NULL };

/* The columns of team_rules a mutation may set; SQL names come only from here. */
static const MsTeamRuleField fields[] = {
  { "brand_voice_text",    MS_TEAM_RULE_TEXT,          "team_rules.brand_voice_text", NULL, "",
    "brand_voice" },
  { "register",            MS_TEAM_RULE_CHOICE,        NULL, registers, "desu_masu",
    "brand_voice" },
  { "require_unsubscribe", MS_TEAM_RULE_BOOL },
  { "require_contact",     MS_TEAM_RULE_BOOL },
  { "brand_name",          MS_TEAM_RULE_NULLABLE_TEXT, "team_rules.brand_name", NULL, NULL,
    "brand_voice" },
  { "subject_no_brackets", MS_TEAM_RULE_BOOL },
  { "subject_max_emoji",   MS_TEAM_RULE_NULLABLE_INT,  "team_rules.subject_max_emoji" },
  { "subject_max_cells",   MS_TEAM_RULE_NULLABLE_INT,  "team_rules.subject_max_cells" },
  { "min_score",           MS_TEAM_RULE_NULLABLE_INT,  "team_rules.min_score", NULL, NULL,
    "min_score_rule" },
  { "min_score_action",    MS_TEAM_RULE_CHOICE,        NULL, actions, "warn", "min_score_rule" },
  { "esp_footer",          MS_TEAM_RULE_BOOL },
};

const MsTeamRuleField *
ms_team_rule_field_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

/**
 * ms_team_rule_field_names:
 *
 * Returns: (transfer none): the fields team_rules.set_field takes
 */
const char * const *
ms_team_rule_field_names (void)
{
  static const char *names[G_N_ELEMENTS (fields) + 1];
  static gsize listed = 0;

  if (g_once_init_enter (&listed))
    {
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        names[i] = fields[i].name;
      g_once_init_leave (&listed, 1);
    }
  return names;
}

static gboolean
check_text (const MsTeamRuleField  *field,
            const char             *text,
            GError                **error)
{
  gint64 max_bytes = ms_sync_limit (field->limit, "max_bytes");
  gint64 max_chars = ms_sync_limit (field->limit, "max_chars");

  if (!g_utf8_validate (text, -1, NULL) ||
      (max_bytes >= 0 && (gint64) strlen (text) > max_bytes) ||
      (max_chars >= 0 && g_utf8_strlen (text, -1) > max_chars))
    {
      g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                   /* Translators: %s is the name of a field */
                   _("“%s” is too long."), field->name);
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_team_rule_field_check:
 *
 * Whether @value fits @field (the same check on the client and the server).
 */
gboolean
ms_team_rule_field_check (const MsTeamRuleField  *field,
                          JsonNode               *value,
                          GError                **error)
{
  gboolean is_null = value == NULL || JSON_NODE_HOLDS_NULL (value);
  GType type;

  if (!is_null && !JSON_NODE_HOLDS_VALUE (value))
    return _ms_mutation_invalid (error, _("This value does not fit the setting."));
  type = is_null ? G_TYPE_INVALID : json_node_get_value_type (value);

  switch (field->kind)
    {
    case MS_TEAM_RULE_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return _ms_mutation_invalid (error, _("This setting is on or off (true or false)."));
      return TRUE;
    case MS_TEAM_RULE_NULLABLE_INT:
      if (is_null)
        return TRUE;
      if (type != G_TYPE_INT64)
        return _ms_mutation_invalid (error, _("This setting is a whole number or null."));
      if (json_node_get_int (value) < ms_sync_limit (field->limit, "min") ||
          json_node_get_int (value) > ms_sync_limit (field->limit, "max"))
        return _ms_mutation_invalid (error, _("This number is out of range."));
      return TRUE;
    case MS_TEAM_RULE_NULLABLE_TEXT:
      if (is_null)
        return TRUE;
      G_GNUC_FALLTHROUGH;
    case MS_TEAM_RULE_TEXT:
      if (type != G_TYPE_STRING)
        return _ms_mutation_invalid (error, _("This setting is text."));
      return check_text (field, json_node_get_string (value), error);
    case MS_TEAM_RULE_CHOICE:
      if (type != G_TYPE_STRING || !g_strv_contains (field->choices, json_node_get_string (value)))
        return _ms_mutation_invalid (error, _("This value is not one of the setting’s choices."));
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------------ */
/* team_rules.set_field                                                     */

static const MsArg set_field_args[] = {
  { "field", MS_ARG_TEXT, MS_ARG_REQUIRED },
  { "value", MS_ARG_VALUE, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The new value of the setting is missing.") },
  { NULL }
};

static gboolean
set_field_normalize (JsonObject  *args,
                     gint64       now,
                     GError     **error)
{
  const char *name = json_object_get_string_member (args, "field");
  const MsTeamRuleField *field = ms_team_rule_field_lookup (name);

  if (field == NULL)
    {
      g_set_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_INVALID_ARGS,
                   /* Translators: %s is the name of a setting */
                   _("The server does not know the team setting “%s”."), name);
      return FALSE;
    }
  return ms_team_rule_field_check (field, json_object_get_member (args, "value"), error);
}

/* A field belongs to the feature of the plan table that sets it. */
static const char *
set_field_feature (JsonObject *args)
{
  const char *name = json_object_get_string_member_with_default (args, "field", NULL);
  const MsTeamRuleField *field = ms_team_rule_field_lookup (name);

  return field != NULL ? field->feature : NULL;
}

static gboolean
set_field_server (MsMutationServer  *server,
                  JsonObject        *args,
                  GError           **error)
{
  g_autoptr(JsonObject) row = NULL;

  if (!_ms_server_get_row (server, "team_rules", RULES_SERVER_ID, FALSE, &row, error))
    return FALSE;
  json_object_set_member (row, json_object_get_string_member (args, "field"),
                          json_node_copy (json_object_get_member (args, "value")));
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, "team_rules", RULES_SERVER_ID, NULL, row, error);
}

static gboolean
set_field_local (MsMutationLocal  *local,
                 JsonObject       *args,
                 GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *field = json_object_get_string_member (args, "field");
  JsonNode *value = json_object_get_member (args, "value");

  if (!local->get_row (local, "team_rules", local->tenant, &row, error))
    return FALSE;
  json_object_set_member (changes, field, json_node_copy (value));
  if (row == NULL)
    {
      json_object_set_string_member (changes, "id", local->tenant);
      json_object_set_string_member (changes, "tenant", local->tenant);
      json_object_set_int_member (changes, "created_at", local->now);
      json_object_set_int_member (changes, "updated_at", local->now);
      return local->insert_row (local, "team_rules", changes, error);
    }
  if (_ms_json_same_value (json_object_get_member (row, field), value))
    return TRUE;
  json_object_set_int_member (changes, "updated_at", _ms_local_next_updated_at (local->now, row));
  return local->update_row (local, "team_rules", local->tenant, changes, error);
}

static void
rules_rows (const MsMutation *mutation,
            const char       *tenant,
            JsonObject       *args,
            GHashTable       *rows)
{
  if (tenant != NULL)
    g_hash_table_add (rows, g_strconcat ("team_rules\n", tenant, NULL));
}

static void
rules_localize (const char *tenant,
                JsonObject *row)
{
  json_object_set_string_member (row, "id", tenant);
}

/* ------------------------------------------------------------------------ */
/* team_ng_word.add, team_ng_word.remove                                    */

static const MsArg word_args[] = {
  { "word", MS_ARG_TEXT, MS_ARG_REQUIRED, "ng_word" },
  { NULL }
};

static gboolean
word_normalize (JsonObject  *args,
                gint64       now,
                GError     **error)
{
  g_autofree char *word = ms_mutation_normalize_team_word (json_object_get_string_member (args,
                                                                                           "word"));

  if (word == NULL)
    return _ms_mutation_invalid (error, _("An NG word must be 1 to 100 characters."));
  json_object_set_string_member (args, "word", word);
  return TRUE;
}

static gboolean
word_set_server (MsMutationServer  *server,
                 JsonObject        *args,
                 gboolean           present,
                 GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *hash = NULL;
  const char *word = json_object_get_string_member (args, "word");
  char id[33];

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, word, -1);
  g_strlcpy (id, hash, sizeof id);

  if (!server->get_row (server, "team_ng_word", id, &row, error))
    return FALSE;
  if (row != NULL && _ms_row_is_live (row) == present)
    return TRUE;  /* already so */
  if (row == NULL)
    {
      row = json_object_new ();
      json_object_set_int_member (row, "created_at", server->now);
      json_object_set_int_member (row, "updated_at", server->now);
    }
  else
    json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "word", word);
  if (present)
    json_object_set_null_member (row, "deleted_at");
  else
    json_object_set_int_member (row, "deleted_at", server->now);
  return server->put_row (server, "team_ng_word", id, present ? word : NULL, row, error);
}

static gboolean
word_add_server (MsMutationServer  *server,
                 JsonObject        *args,
                 GError           **error)
{
  return word_set_server (server, args, TRUE, error);
}

static gboolean
word_remove_server (MsMutationServer  *server,
                    JsonObject        *args,
                    GError           **error)
{
  return word_set_server (server, args, FALSE, error);
}

static gboolean
word_set_local (MsMutationLocal  *local,
                JsonObject       *args,
                gboolean          present,
                GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *word = json_object_get_string_member (args, "word");
  g_autofree char *id = g_strconcat (local->tenant, "/", word, NULL);

  if (!local->get_row (local, "team_ng_word", id, &row, error))
    return FALSE;
  if (row == NULL && present)
    {
      json_object_set_string_member (changes, "id", id);
      json_object_set_string_member (changes, "tenant", local->tenant);
      json_object_set_int_member (changes, "created_at", local->now);
      json_object_set_int_member (changes, "updated_at", local->now);
      json_object_set_string_member (changes, "word", word);
      json_object_set_string_member (changes, "key", word);
      return local->insert_row (local, "team_ng_word", changes, error);
    }
  if (row == NULL || _ms_row_is_live (row) == present)
    return TRUE;
  if (present)
    json_object_set_null_member (changes, "deleted_at");
  else
    json_object_set_int_member (changes, "deleted_at", local->now);
  json_object_set_int_member (changes, "updated_at", _ms_local_next_updated_at (local->now, row));
  return local->update_row (local, "team_ng_word", id, changes, error);
}

static gboolean
word_add_local (MsMutationLocal  *local,
                JsonObject       *args,
                GError          **error)
{
  return word_set_local (local, args, TRUE, error);
}

static gboolean
word_remove_local (MsMutationLocal  *local,
                   JsonObject       *args,
                   GError          **error)
{
  return word_set_local (local, args, FALSE, error);
}

static void
word_rows (const MsMutation *mutation,
           const char       *tenant,
           JsonObject       *args,
           GHashTable       *rows)
{
  g_autofree char *word = ms_mutation_normalize_team_word (
    json_object_get_string_member_with_default (args, "word", NULL));

  if (tenant != NULL && word != NULL)
    g_hash_table_add (rows, g_strconcat ("team_ng_word\n", tenant, "/", word, NULL));
}

static void
word_localize (const char *tenant,
               JsonObject *row)
{
  g_autofree char *word = ms_mutation_normalize_team_word (
    json_object_get_string_member_with_default (row, "word", NULL));
  g_autofree char *id = NULL;

  if (word == NULL)
    word = g_strdup (json_object_get_string_member_with_default (row, "id", "?"));
  id = g_strconcat (tenant, "/", word, NULL);
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "word", word);
  json_object_set_string_member (row, "key", word);
}

/* ------------------------------------------------------------------------ */
/* team_preset.put, team_preset.delete                                      */

static const MsArg preset_put_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "name", MS_ARG_TEXT, MS_ARG_REQUIRED, "name" },
  { "segment", MS_ARG_OBJECT, MS_ARG_REQUIRED, "segment", NULL, NULL,
    N_("The segment is too large.") },
  { NULL }
};

static const MsArg preset_delete_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "deleted_at", MS_ARG_TIME, MS_ARG_OPTIONAL, NULL, NULL, NULL,
    N_("The time of the deletion is missing.") },
  { NULL }
};

static gboolean
preset_normalize (JsonObject  *args,
                  gint64       now,
                  GError     **error)
{
  g_autofree char *name = ms_mutation_normalize_name (json_object_get_string_member (args,
                                                                                      "name"));

  if (name == NULL)
    return _ms_mutation_invalid (error, _("A preset name must be 1 to 100 characters."));
  json_object_set_string_member (args, "name", name);
  return TRUE;
}

static gboolean
preset_put_server (MsMutationServer  *server,
                   JsonObject        *args,
                   GError           **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *segment_json = _ms_object_to_string (json_object_get_object_member (args,
                                                                                       "segment"));
  const char *name = json_object_get_string_member (args, "name");

  json_object_set_string_member (o, "name", name);
  json_object_set_string_member (o, "segment_json", segment_json);
  /* The team's plan (dup_entitlements of a team tenant) limits shared presets. */
  return _ms_server_put_unique (server, "team", "team_preset",
                                json_object_get_string_member (args, "id"), name,
                                MS_LIMIT_SHARED_PRESETS, o, error);
}

static gboolean
preset_put_local (MsMutationLocal  *local,
                  JsonObject       *args,
                  GError          **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  g_autofree char *segment_json = _ms_object_to_string (json_object_get_object_member (args,
                                                                                       "segment"));

  json_object_set_string_member (values, "name", json_object_get_string_member (args, "name"));
  json_object_set_string_member (values, "segment_json", segment_json);
  return _ms_local_put (local, "team_preset", json_object_get_string_member (args, "id"), values,
                        error);
}

static gboolean
preset_delete_server (MsMutationServer  *server,
                      JsonObject        *args,
                      GError           **error)
{
  /* Without deleted_at, the server's clock times the tombstone. */
  return _ms_server_delete (server, "team_preset", json_object_get_string_member (args, "id"),
                            json_object_get_int_member_with_default (args, "deleted_at",
                                                                     server->now),
                            error);
}

static gboolean
preset_delete_local (MsMutationLocal  *local,
                     JsonObject       *args,
                     GError          **error)
{
  return _ms_local_delete (local, "team_preset", json_object_get_string_member (args, "id"),
                           local->now, error);
}

static void
preset_localize (const char *tenant,
                 JsonObject *row)
{
  g_autofree char *json = NULL;

  if (json_object_has_member (row, "segment_json"))
    return;
  if (json_object_has_member (row, "segment"))
    json = json_to_string (json_object_get_member (row, "segment"), FALSE);
  json_object_set_string_member (row, "segment_json", json != NULL ? json : "{}");
}

/* ------------------------------------------------------------------------ */
/* team_member                                                              */

static void
member_localize (const char *tenant,
                 JsonObject *row)
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

/* ------------------------------------------------------------------------ */

static MsMutation rules_mutations[] = {
  { "team_rules.set_field", MS_TENANT_TEAM, MS_ROLE_OWNER, set_field_args, set_field_normalize,
    set_field_local, set_field_server, rules_rows, .feature_for = set_field_feature },
  { NULL }
};

static MsMutation word_mutations[] = {
  { "team_ng_word.add", MS_TENANT_TEAM, MS_ROLE_OWNER, word_args, word_normalize,
    word_add_local, word_add_server, word_rows, .feature = "org_ng_words" },
  { "team_ng_word.remove", MS_TENANT_TEAM, MS_ROLE_OWNER, word_args, word_normalize,
    word_remove_local, word_remove_server, word_rows, .feature = "org_ng_words" },
  { NULL }
};

static MsMutation preset_mutations[] = {
  { "team_preset.put", MS_TENANT_TEAM, MS_ROLE_OWNER, preset_put_args, preset_normalize,
    preset_put_local, preset_put_server },
  { "team_preset.delete", MS_TENANT_TEAM, MS_ROLE_OWNER, preset_delete_args, NULL,
    preset_delete_local, preset_delete_server },
  { NULL }
};

MsSyncEntity _ms_team_rules_entity = {
  .name = "team_rules",
  .mutations = rules_mutations,
  .localize = rules_localize,
};

MsSyncEntity _ms_team_ng_word_entity = {
  .name = "team_ng_word",
  .mutations = word_mutations,
  .localize = word_localize,
};

MsSyncEntity _ms_team_preset_entity = {
  .name = "team_preset",
  .mutations = preset_mutations,
  .localize = preset_localize,
};

MsSyncEntity _ms_team_member_entity = {
  .name = "team_member",
  .pulled_only = TRUE,
  .localize = member_localize,
};
