/* ms-rule-set.c — the rules in force: built-in packs, extra packs, brand rules
 *
 * Built once (at start, or when the team's rules change) and then shared:
 * every literal word of every rule is normalised and compiled into one
 * Aho–Corasick automaton; regular expressions were compiled when their pack
 * was loaded. The engine string names the engine version and a digest of the
 * packs, brand rules and scoring data, so equal strings mean equal scores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-data.h"
#include "ms-mapped-file.h"
#include "ms-normalizer.h"
#include "ms-rule-set-private.h"

G_DEFINE_BOXED_TYPE (MsRuleSet, ms_rule_set, ms_rule_set_ref, ms_rule_set_unref)

/* The score's own signals of form (data/scoring.json "signals"): a pack
 * like those of data/rules/, kept with the weights it is calibrated with. */
static MsRulePack *
load_signals (GError **error)
{
  g_autoptr(JsonNode) scoring = ms_data_load_json ("scoring.json", error);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) signals = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  if (scoring == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (scoring) ||
      !json_object_has_member (json_node_get_object (scoring), "signals"))
    {
      g_set_error_literal (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_INVALID,
                           "scoring.json: “signals” is missing");
      return NULL;
    }
  signals = json_node_copy (json_object_get_member (json_node_get_object (scoring), "signals"));
  generator = json_generator_new ();
  json_generator_set_root (generator, signals);
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  return ms_rule_pack_new_from_bytes ("scoring.json#signals", bytes, error);
}

/**
 * ms_rule_set_load_builtin_packs:
 *
 * Returns: (transfer full) (element-type MsRulePack): the packs in data/rules/
 *   and the score's signals (data/scoring.json "signals")
 */
GPtrArray *
ms_rule_set_load_builtin_packs (GError **error)
{
  g_autoptr(GPtrArray) packs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rule_pack_unref);
  g_auto(GStrv) names = ms_data_list ("rules", error);
  MsRulePack *pack;

  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;

      path = g_strconcat ("rules/", names[i], NULL);
      pack = ms_rule_pack_new_from_resource (path, error);
      if (pack == NULL)
        return NULL;
      g_ptr_array_add (packs, pack);
    }

  pack = load_signals (error);
  if (pack == NULL)
    return NULL;
  g_ptr_array_add (packs, pack);
  return g_steal_pointer (&packs);
}

static void
add_words (MsMatcher         *matcher,
           char             **words,
           guint32            value)
{
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *normalized = ms_normalize_string (words[i]);

      if (normalized[0] != '\0')
        ms_matcher_add (matcher, normalized, value);
    }
}

/* The brand template @rule, filled in from @brand, or NULL when not in force. */
static MsRule *
instantiate_brand_rule (MsRule             *rule,
                        const MsBrandRules *brand)
{
  const char *slot = rule->brand_slot;

  if (brand == NULL)
    return NULL;

  if (g_str_equal (slot, "personal_ng") && brand->personal_ng_words != NULL &&
      brand->personal_ng_words[0] != NULL)
    return _ms_rule_copy_with_words (rule, (const char * const *) brand->personal_ng_words, -1);
  if (g_str_equal (slot, "team_ng") && brand->team_ng_words != NULL &&
      brand->team_ng_words[0] != NULL)
    return _ms_rule_copy_with_words (rule, (const char * const *) brand->team_ng_words, -1);
  if (g_str_equal (slot, "unsubscribe") && brand->require_unsubscribe)
    return ms_rule_ref (rule);
  if (g_str_equal (slot, "contact") && brand->require_contact)
    return ms_rule_ref (rule);
  if (g_str_equal (slot, "brand_name") && brand->brand_name != NULL && brand->brand_name[0])
    {
      const char * const words[] = { brand->brand_name, NULL };
      return _ms_rule_copy_with_words (rule, words, -1);
    }
  if (g_str_equal (slot, "subject_brackets") && brand->subject_no_brackets)
    return ms_rule_ref (rule);
  if (g_str_equal (slot, "subject_emoji") && brand->subject_max_emoji >= 0)
    return _ms_rule_copy_with_words (rule, NULL, brand->subject_max_emoji);
  if (g_str_equal (slot, "subject_cells") && brand->subject_max_cells > 0)
    return _ms_rule_copy_with_words (rule, NULL, brand->subject_max_cells);
  if (ms_brand_rules_has_setting (slot) && ms_brand_rules_get_setting (brand, slot))
    return ms_rule_ref (rule);

  return NULL;
}

static void
regex_group_free (gpointer data)
{
  MsRegexGroup *group = data;

  g_regex_unref (group->regex);
  g_array_unref (group->rules);
  g_free (group);
}

static void
add_regex (MsRuleSet *self,
           GHashTable *groups,
           guint       index)
{
  MsRule *rule = g_ptr_array_index (self->rules, index);
  MsRegexGroup *group = g_hash_table_lookup (groups, rule->pattern);

  if (group == NULL)
    {
      group = g_new0 (MsRegexGroup, 1);
      group->regex = g_regex_ref (rule->regex);
      group->rules = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (self->regex_groups, group);
      g_hash_table_insert (groups, rule->pattern, group);
    }

  g_array_append_val (group->rules, index);
  group->field_mask |= rule->field_mask;
}

/* The variant fold and the lexicons decide matches as much as the packs. */
static gboolean
add_word_data_digest (GChecksum  *checksum,
                      GError    **error)
{
  g_auto(GStrv) lexicons = ms_data_list ("lexicons", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (names, g_strdup ("text/variants.json"));
  for (guint i = 0; lexicons != NULL && lexicons[i] != NULL; i++)
    g_ptr_array_add (names, g_strconcat ("lexicons/", lexicons[i], NULL));

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GBytes) bytes = ms_data_lookup (g_ptr_array_index (names, i), error);
      gsize size;
      const guchar *data;

      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &size);
      g_checksum_update (checksum, data, size);
    }

  return TRUE;
}

static gboolean
has_lemma_rules (const MsRuleSet *self)
{
  for (guint i = 0; i < self->rules->len; i++)
    {
      MsRule *rule = g_ptr_array_index (self->rules, i);

      if (rule->patterns != NULL || rule->except != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
add_patterns (MsLemmaMatcher  *lemmas,
              const MsRule    *rule,
              char           **patterns,
              guint32          value,
              GError         **error)
{
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    if (!ms_lemma_matcher_add (lemmas, patterns[i], value, error))
      {
        g_prefix_error (error, "%s: rule “%s”: ", rule->pack, rule->id);
        return FALSE;
      }
  return TRUE;
}

/* The lemma patterns of the rules in force, in one matcher. Without MeCab's
 * dictionary there is none, and the rules that need it do not run. */
static gboolean
add_lemma_patterns (MsRuleSet  *self,
                    GError    **error)
{
  g_autoptr(MsLemmaMatcher) lemmas = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!has_lemma_rules (self))
    return TRUE;
  if (!ms_tokenizer_init (&local_error))
    {
      g_warning ("Rules on words are off: %s", local_error->message);
      return TRUE;
    }

  lemmas = ms_lemma_matcher_new ();
  for (guint i = 0; i < self->rules->len; i++)
    {
      const MsRule *rule = g_ptr_array_index (self->rules, i);

      if (!add_patterns (lemmas, rule, rule->patterns, (i << 2) | MS_TAG_WORDS, error) ||
          !add_patterns (lemmas, rule, rule->except, (i << 2) | MS_TAG_EXCEPT, error))
        return FALSE;
    }

  ms_lemma_matcher_compile (lemmas);
  self->lemmas = g_steal_pointer (&lemmas);
  /* Analysing the patterns read pages all over the dictionary, which scoring
   * a message does not read again: they stay in the page cache, shared,
   * rather than in this process (ms-mapped-file.c). */
  ms_mapped_file_release (ms_mapped_file_get_dictionary_dir ());
  return TRUE;
}

static void
add_brand_digest (GChecksum          *checksum,
                  const MsBrandRules *brand)
{
  g_autofree char *text = NULL;
  g_autofree char *personal = NULL;
  g_autofree char *team = NULL;

  if (brand == NULL)
    return;

  personal = brand->personal_ng_words ? g_strjoinv ("\x1f", brand->personal_ng_words) : NULL;
  team = brand->team_ng_words ? g_strjoinv ("\x1f", brand->team_ng_words) : NULL;
  text = g_strdup_printf ("brand\x1e%s\x1e%s\x1e%d%d\x1e%s\x1e%d\x1e%d\x1e%d\x1e%d\x1e%d\x1e%d",
                          personal ? personal : "", team ? team : "",
                          brand->require_unsubscribe, brand->require_contact,
                          brand->brand_name ? brand->brand_name : "",
                          brand->subject_no_brackets, brand->subject_max_emoji,
                          brand->subject_max_cells, brand->min_score, brand->min_score_action,
                          brand->esp_footer);
  g_checksum_update (checksum, (const guchar *) text, -1);
}

static JsonNode *
load_json (const char  *name,
           GChecksum   *checksum,
           GError     **error)
{
  g_autoptr(GBytes) bytes = ms_data_lookup (name, error);
  gsize size;
  const guchar *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  g_checksum_update (checksum, data, size);
  return ms_data_load_json (name, error);
}

/**
 * ms_rule_set_new_from_packs:
 * @packs: (element-type MsRulePack): the packs, in order
 * @brand: (nullable): the person's and team's rules
 *
 * Builds a rule set from exactly @packs (the built-in packs are not added).
 */
MsRuleSet *
ms_rule_set_new_from_packs (GPtrArray           *packs,
                            const MsBrandRules  *brand,
                            GError             **error)
{
  g_autoptr(MsRuleSet) self = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(JsonNode) scoring = NULL;
  g_autoptr(GHashTable) regex_by_pattern = NULL;

  g_return_val_if_fail (packs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (MsRuleSet, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rule_unref);
  self->all_rules = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rule_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->matcher = ms_matcher_new ();
  self->regex_groups = g_ptr_array_new_with_free_func (regex_group_free);
  self->brand = brand != NULL ? ms_brand_rules_copy (brand) : NULL;

  scoring = load_json ("scoring.json", checksum, error);
  if (scoring == NULL)
    return NULL;
  self->config = ms_score_config_new_from_json (scoring, error);
  if (self->config == NULL)
    return NULL;
  self->baselines = load_json ("baselines.json", checksum, error);
  if (self->baselines == NULL)
    return NULL;
  if (!add_word_data_digest (checksum, error))
    return NULL;

  for (guint p = 0; p < packs->len; p++)
    {
      MsRulePack *pack = g_ptr_array_index (packs, p);

      g_checksum_update (checksum, (const guchar *) ms_rule_pack_get_digest (pack), -1);

      for (guint i = 0; i < ms_rule_pack_get_n_rules (pack); i++)
        {
          MsRule *rule = ms_rule_pack_get_rule (pack, i);
          MsRule *other = g_hash_table_lookup (self->by_id, rule->id);
          MsRule *active;

          if (other != NULL)
            {
              g_set_error (error, MS_RULE_PACK_ERROR, MS_RULE_PACK_ERROR_DUPLICATE_ID,
                           "%s: rule “%s”: the id is already used in %s",
                           ms_rule_pack_get_name (pack), rule->id, other->pack);
              return NULL;
            }

          g_ptr_array_add (self->all_rules, ms_rule_ref (rule));
          g_hash_table_insert (self->by_id, rule->id, rule);

          if (rule->unless != NULL && ms_brand_rules_get_setting (brand, rule->unless))
            active = NULL;
          else if (rule->brand_slot != NULL)
            active = instantiate_brand_rule (rule, brand);
          else
            active = ms_rule_ref (rule);
          if (active != NULL)
            g_ptr_array_add (self->rules, active);
        }
    }

  add_brand_digest (checksum, brand);

  self->costs = g_new0 (double, (gsize) MAX (self->rules->len, 1) * MS_N_AXES);
  self->spam_pattern = g_new0 (gboolean, MAX (self->rules->len, 1));
  self->full_at = g_new0 (double, MAX (self->rules->len, 1));
  for (guint i = 0; i < self->rules->len; i++)
    {
      const MsRule *rule = g_ptr_array_index (self->rules, i);
      double points = rule->penalty >= 0 ? rule->penalty
                                         : self->config->severity_penalty[rule->severity];

      ms_score_config_get_costs (self->config, rule->id, rule->axis, points,
                                 &self->costs[i * MS_N_AXES]);
      self->spam_pattern[i] = ms_score_config_is_spam_pattern (self->config, rule->id);
      self->full_at[i] = ms_score_config_get_full_at (self->config, rule->id);
    }

  regex_by_pattern = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->rules->len; i++)
    {
      MsRule *rule = g_ptr_array_index (self->rules, i);

      add_words (self->matcher, rule->words, (i << 2) | MS_TAG_WORDS);
      add_words (self->matcher, rule->context_words, (i << 2) | MS_TAG_CONTEXT);
      if (rule->regex != NULL)
        add_regex (self, regex_by_pattern, i);
    }
  ms_matcher_compile (self->matcher);

  if (!add_lemma_patterns (self, error))
    return NULL;

  /* Without a dictionary the lemma rules cannot run: say so in the engine
   * string, since the same message then scores differently. */
  self->engine = g_strdup_printf ("msgscore-engine/%s+%.12s%s", MS_ENGINE_VERSION,
                                  g_checksum_get_string (checksum),
                                  self->lemmas == NULL && has_lemma_rules (self) ? "+nolemma" : "");

  return g_steal_pointer (&self);
}

/**
 * ms_rule_set_new:
 * @extra_pack_paths: (nullable) (array zero-terminated=1): more pack files
 * @brand: (nullable): the person's and team's rules
 *
 * The built-in packs, then @extra_pack_paths, then @brand.
 */
MsRuleSet *
ms_rule_set_new (const char * const  *extra_pack_paths,
                 const MsBrandRules  *brand,
                 GError             **error)
{
  g_autoptr(GPtrArray) packs = ms_rule_set_load_builtin_packs (error);

  if (packs == NULL)
    return NULL;

  for (guint i = 0; extra_pack_paths != NULL && extra_pack_paths[i] != NULL; i++)
    {
      MsRulePack *pack = ms_rule_pack_new_from_file (extra_pack_paths[i], error);

      if (pack == NULL)
        return NULL;
      g_ptr_array_add (packs, pack);
    }

  return ms_rule_set_new_from_packs (packs, brand, error);
}

static MsRuleSet *default_set;

/**
 * ms_rule_set_get_default:
 *
 * Compiling the built-in packs takes a while (the lemma patterns are
 * analysed with MeCab): the first caller does it, others wait for it.
 *
 * Returns: (transfer none): the built-in rules, loaded on first use
 */
MsRuleSet *
ms_rule_set_get_default (void)
{
  if (g_once_init_enter (&default_set))
    {
      g_autoptr(GError) error = NULL;
      MsRuleSet *set = ms_rule_set_new (NULL, NULL, &error);

      /* The built-in packs ship inside the binary and are tested. */
      if (set == NULL)
        g_error ("Built-in rule packs: %s", error->message);

      g_once_init_leave (&default_set, set);
    }

  return default_set;
}

/**
 * ms_rule_set_peek_default:
 *
 * Returns: (transfer none) (nullable): the built-in rules if they are
 *   loaded, without loading them or waiting for whoever is
 */
MsRuleSet *
ms_rule_set_peek_default (void)
{
  return g_atomic_pointer_get (&default_set);
}

MsRuleSet *
ms_rule_set_ref (MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_rule_set_unref (MsRuleSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->all_rules);
  g_hash_table_unref (self->by_id);
  ms_matcher_free (self->matcher);
  g_clear_pointer (&self->lemmas, ms_lemma_matcher_free);
  g_ptr_array_unref (self->regex_groups);
  g_clear_pointer (&self->config, ms_score_config_free);
  g_free (self->costs);
  g_free (self->spam_pattern);
  g_free (self->full_at);
  g_clear_pointer (&self->baselines, json_node_unref);
  g_clear_pointer (&self->brand, ms_brand_rules_free);
  g_free (self->engine);
  g_free (self);
}

guint
ms_rule_set_get_n_rules (const MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rules->len;
}

/**
 * ms_rule_set_get_rule:
 *
 * Returns: (transfer none): the rule in force at @index
 */
MsRule *
ms_rule_set_get_rule (const MsRuleSet *self,
                      guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);
  return g_ptr_array_index (self->rules, index);
}

/**
 * ms_rule_set_lookup:
 *
 * Returns: (transfer none) (nullable): the rule (or brand template) with @id
 */
MsRule *
ms_rule_set_lookup (const MsRuleSet *self,
                    const char      *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_hash_table_lookup (self->by_id, id);
}

/**
 * ms_rule_set_list_all_rules:
 *
 * Returns: (transfer container) (element-type MsRule): every rule, including
 *   brand templates not in force, in pack order
 */
GPtrArray *
ms_rule_set_list_all_rules (const MsRuleSet *self)
{
  GPtrArray *rules;

  g_return_val_if_fail (self != NULL, NULL);

  rules = g_ptr_array_new_full (self->all_rules->len, (GDestroyNotify) ms_rule_unref);
  for (guint i = 0; i < self->all_rules->len; i++)
    g_ptr_array_add (rules, ms_rule_ref (g_ptr_array_index (self->all_rules, i)));
  return rules;
}

const char *
ms_rule_set_get_engine (const MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->engine;
}

const MsScoreConfig *
ms_rule_set_get_config (const MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->config;
}

JsonObject *
ms_rule_set_get_baselines (const MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return json_node_get_object (self->baselines);
}

const MsBrandRules *
ms_rule_set_get_brand (const MsRuleSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->brand;
}
