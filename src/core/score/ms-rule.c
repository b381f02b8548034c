/* ms-rule.c — one rule of a rule pack: parsing and validation
 *
 * The pack format is documented in data/rules/README.md. Every error names
 * the member that is wrong; the pack loader adds the file and the rule id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-brand-rules.h"
#include "ms-channel.h"
#include "ms-claim-context.h"
#include "ms-lemma-matcher.h"
#include "ms-normalizer.h"
#include "ms-rule-private.h"

G_DEFINE_QUARK (ms-rule-error-quark, ms_rule_error)
G_DEFINE_BOXED_TYPE (MsRule, ms_rule, ms_rule_ref, ms_rule_unref)

static const struct
{
  const char *name;
  MsCheck     check;
} check_names[] = {
  { "absent", MS_CHECK_ABSENT },
  { "length", MS_CHECK_LENGTH },
  { "count_chars", MS_CHECK_COUNT_CHARS },
  { "count_emoji", MS_CHECK_COUNT_EMOJI },
  { "count_words", MS_CHECK_COUNT_WORDS },
  { "front", MS_CHECK_FRONT },
  { "claim_note", MS_CHECK_CLAIM_NOTE },
  { "register_mix", MS_CHECK_REGISTER_MIX },
  { "sentence_length", MS_CHECK_SENTENCE_LENGTH },
  { "kanji_ratio", MS_CHECK_KANJI_RATIO },
  { "char_run", MS_CHECK_CHAR_RUN },
  { "line_length", MS_CHECK_LINE_LENGTH },
  { "bubbles", MS_CHECK_BUBBLES },
  { "reminder", MS_CHECK_REMINDER },
  { "similar_claim", MS_CHECK_SIMILAR_CLAIM },
};

static gboolean G_GNUC_PRINTF (2, 3)
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
is_valid_id (const char *id)
{
  gboolean dot_ok = FALSE;

  if (id == NULL || !g_ascii_islower (id[0]))
    return FALSE;

  for (const char *p = id; *p; p++)
    {
      if (*p == '.')
        {
          if (!dot_ok)
            return FALSE;
          dot_ok = FALSE;
        }
      else if (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_')
        dot_ok = TRUE;
      else
        return FALSE;
    }

  return dot_ok && strchr (id, '.') != NULL;
}

static gboolean
is_boolean (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
read_required_string (JsonObject  *object,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  const char *value = get_string (object, member);

  if (value == NULL || value[0] == '\0')
    return fail (error, "“%s” must be a non-empty string", member);

  *out = g_strdup (value);
  return TRUE;
}

/* {"ja": "…", "en": "…"} */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           char       **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *text;
  const char * const langs[] = { "ja", "en" };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "“%s” must be an object with “ja” and “en” strings", member);

  text = json_node_get_object (node);
  for (guint i = 0; i < 2; i++)
    {
      const char *value = get_string (text, langs[i]);

      if (value == NULL || value[0] == '\0')
        return fail (error, "“%s” has no “%s” text", member, langs[i]);
      out[i] = g_strdup (value);
    }

  return TRUE;
}

static gboolean
read_strv (JsonObject   *object,
           const char   *member,
           gboolean      required,
           char       ***out,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, "“%s” must be an array of strings", member);

  array = json_node_get_array (node);
  if (required && json_array_get_length (array) == 0)
    return fail (error, "“%s” must not be empty", member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          json_node_get_string (item)[0] == '\0')
        return fail (error, "“%s”[%u] must be a non-empty string", member, i);
      if (!g_utf8_validate (json_node_get_string (item), -1, NULL))
        return fail (error, "“%s”[%u] is not valid UTF-8", member, i);
      g_strv_builder_add (builder, json_node_get_string (item));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_number (JsonObject *object,
             const char *member,
             gboolean   *has,
             double     *out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return fail (error, "“%s” must be a number", member);

  *out = json_node_get_double (node);
  if (*out < 0)
    return fail (error, "“%s” must not be negative", member);
  if (has != NULL)
    *has = TRUE;
  return TRUE;
}

typedef gboolean (*ParseName) (const char *name, int *value);

static gboolean
parse_channel (const char *name, int *value)
{
  MsChannel c;
  if (!ms_channel_from_string (name, &c))
    return FALSE;
  *value = c;
  return TRUE;
}

#define PARSER(fn, Type)                                         \
  static gboolean                                                \
  parse_##fn (const char *name, int *value)                      \
  {                                                              \
    Type v;                                                      \
    if (!ms_##fn##_from_string (name, &v))                       \
      return FALSE;                                              \
    *value = v;                                                  \
    return TRUE;                                                 \
  }

PARSER (audience, MsAudience)
PARSER (age_band, MsAgeBand)
PARSER (goal, MsGoal)

static gboolean
read_mask (JsonObject *object,
           const char *member,
           ParseName   parse,
           guint      *mask,
           GError    **error)
{
  g_auto(GStrv) names = NULL;

  if (!read_strv (object, member, FALSE, &names, error))
    return FALSE;
  if (names == NULL)
    return TRUE;

  *mask = 0;
  for (guint i = 0; names[i]; i++)
    {
      int value;

      if (!parse (names[i], &value))
        return fail (error, "“%s” has an unknown value “%s”", member, names[i]);
      *mask |= 1u << value;
    }

  return TRUE;
}

static gboolean
read_fields (JsonObject *object,
             guint      *mask,
             GError    **error)
{
  g_auto(GStrv) names = NULL;

  *mask = MS_FIELD_MASK_ALL;
  if (!read_strv (object, "fields", FALSE, &names, error))
    return FALSE;
  if (names == NULL)
    return TRUE;

  *mask = 0;
  for (guint i = 0; names[i]; i++)
    {
      MsField field;

      if (g_str_equal (names[i], "bubbles"))
        *mask |= MS_FIELD_MASK_BUBBLES;
      else if (ms_field_from_string (names[i], &field))
        *mask |= 1u << field;
      else
        return fail (error, "“fields” has an unknown field “%s” "
                     "(subject, preheader, body, bubbles, bubble1…bubble5)", names[i]);
    }

  return TRUE;
}

static gboolean
read_when (MsRule     *self,
           JsonObject *object,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, "when");
  JsonObject *when;
  JsonNode *b2b;

  self->channel_mask = self->audience_mask = self->age_band_mask = self->goal_mask = ~0u;
  self->b2b = -1;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "“when” must be an object");

  when = json_node_get_object (node);
  if (!read_mask (when, "channels", parse_channel, &self->channel_mask, error) ||
      !read_mask (when, "audiences", parse_audience, &self->audience_mask, error) ||
      !read_mask (when, "age_bands", parse_age_band, &self->age_band_mask, error) ||
      !read_mask (when, "goals", parse_goal, &self->goal_mask, error) ||
      !read_strv (when, "industries", FALSE, &self->industries, error))
    {
      g_prefix_error (error, "when: ");
      return FALSE;
    }

  b2b = json_object_get_member (when, "b2b");
  if (b2b != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (b2b) || json_node_get_value_type (b2b) != G_TYPE_BOOLEAN)
        return fail (error, "when: “b2b” must be true or false");
      self->b2b = json_node_get_boolean (b2b);
    }

  return TRUE;
}

static gboolean
compile_pattern (MsRule  *self,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_utf8_validate (self->pattern, -1, NULL))
    return fail (error, "“pattern” is not valid UTF-8");

  self->regex = g_regex_new (self->pattern, G_REGEX_OPTIMIZE | G_REGEX_CASELESS,
                             G_REGEX_MATCH_DEFAULT, &local_error);
  if (self->regex == NULL)
    return fail (error, "“pattern” is not a valid regular expression: %s",
                 local_error->message);

  return TRUE;
}

static gboolean
read_patterns (JsonObject   *matcher,
               const char   *member,
               gboolean      required,
               char       ***out,
               GError      **error)
{
  if (!read_strv (matcher, member, required, out, error))
    return FALSE;

  for (guint i = 0; *out != NULL && (*out)[i] != NULL; i++)
    if (!ms_lemma_pattern_validate ((*out)[i], error))
      {
        g_prefix_error (error, "“%s”[%u]: ", member, i);
        return FALSE;
      }

  return TRUE;
}

/* What keeps a match from being a claim ("guards") and the fixed
 * expressions that are none ("except"): any matcher that finds claims. */
static gboolean
read_claim_context (MsRule     *self,
                    JsonObject *matcher,
                    GError    **error)
{
  g_auto(GStrv) guards = NULL;

  if (!read_strv (matcher, "guards", FALSE, &guards, error) ||
      !read_patterns (matcher, "except", FALSE, &self->except, error))
    return FALSE;

  for (guint i = 0; guards != NULL && guards[i] != NULL; i++)
    {
      MsGuard guard;

      if (!ms_guard_from_string (guards[i], &guard))
        return fail (error, "“guards” has an unknown guard “%s” "
                     "(negation, aspiration, question, quotation)", guards[i]);
      self->guards |= guard;
    }

  return TRUE;
}

/* What each check needs besides its name, and what only one check reads. */
static gboolean
read_check_needs (MsRule     *self,
                  JsonObject *matcher,
                  const char *name,
                  GError    **error)
{
  const char *klass = get_string (matcher, "class");
  const char *chars = get_string (matcher, "chars");

  switch (self->check)
    {
    case MS_CHECK_ABSENT:
    case MS_CHECK_FRONT:
    case MS_CHECK_COUNT_WORDS:
      if (self->words == NULL && self->regex == NULL && self->brand_slot == NULL)
        return fail (error, "matcher: check “%s” needs “words” or “pattern”", name);
      if (self->check == MS_CHECK_COUNT_WORDS && !self->has_max)
        return fail (error, "matcher: check “%s” needs “max”", name);
      if (self->check == MS_CHECK_FRONT && self->within == 0)
        return fail (error, "matcher: check “%s” needs “within”", name);
      break;

    case MS_CHECK_CLAIM_NOTE:
      if ((self->words == NULL && self->regex == NULL && self->patterns == NULL) ||
          self->context_words == NULL || self->window == 0)
        return fail (error, "matcher: check “%s” needs “words”, “pattern” or “patterns”, "
                     "“context_words” and “window”", name);
      {
        JsonNode *noted = json_object_get_member (matcher, "when_noted");
        JsonNode *elsewhere = json_object_get_member (matcher, "note_elsewhere");

        if ((noted != NULL && !is_boolean (noted)) || (elsewhere != NULL && !is_boolean (elsewhere)))
          return fail (error, "matcher: “when_noted” and “note_elsewhere” must be true or false");
        self->when_noted = noted != NULL && json_node_get_boolean (noted);
        self->note_elsewhere = elsewhere != NULL && json_node_get_boolean (elsewhere);
      }
      break;

    case MS_CHECK_LENGTH:
      if (!self->has_min && !self->has_max && self->brand_slot == NULL)
        return fail (error, "matcher: check “%s” needs “min” or “max”", name);
      break;

    case MS_CHECK_COUNT_CHARS:
      if (chars == NULL || chars[0] == '\0' || !g_utf8_validate (chars, -1, NULL))
        return fail (error, "matcher: check “%s” needs “chars”", name);
      {
        g_autofree char *normalized = ms_normalize_string (chars);
        self->chars = g_utf8_to_ucs4_fast (normalized, -1, NULL);
      }
      G_GNUC_FALLTHROUGH;
    case MS_CHECK_COUNT_EMOJI:
    case MS_CHECK_SENTENCE_LENGTH:
    case MS_CHECK_KANJI_RATIO:
    case MS_CHECK_LINE_LENGTH:
    case MS_CHECK_BUBBLES:
      if (!self->has_max && self->brand_slot == NULL)
        return fail (error, "matcher: check “%s” needs “max”", name);
      break;

    case MS_CHECK_CHAR_RUN:
      if (g_strcmp0 (klass, "kanji") == 0)
        self->char_class = MS_CHAR_CLASS_KANJI;
      else if (g_strcmp0 (klass, "katakana") == 0)
        self->char_class = MS_CHAR_CLASS_KATAKANA;
      else if (g_strcmp0 (klass, "capitals") == 0)
        self->char_class = MS_CHAR_CLASS_CAPITALS;
      else
        return fail (error, "matcher: check “%s” needs “class”: kanji, katakana or capitals",
                     name);
      if (!self->has_min)
        return fail (error, "matcher: check “%s” needs “min”", name);
      break;

    case MS_CHECK_REGISTER_MIX:
      if (self->polite == NULL || self->plain == NULL)
        return fail (error, "matcher: check “%s” needs “polite” and “plain”", name);
      break;

    case MS_CHECK_REMINDER:
      break;

    case MS_CHECK_SIMILAR_CLAIM:
      if (get_string (matcher, "family") == NULL)
        return fail (error, "matcher: check “%s” needs “family”", name);
      self->family = g_strdup (get_string (matcher, "family"));
      break;

    case MS_CHECK_NONE:
    default:
      g_assert_not_reached ();
    }


  return TRUE;
}

static gboolean
read_check (MsRule     *self,
            JsonObject *matcher,
            GError    **error)
{
  const char *name = get_string (matcher, "check");
  const char *unit = get_string (matcher, "unit");
  const char *at = get_string (matcher, "at");
  double within = 0, window = 0, window_before = 0;
  JsonNode *skip_empty;
  JsonNode *skip_footer;
  JsonNode *merge_tags;

  if (name == NULL)
    return fail (error, "matcher: a check needs “check”");

  for (guint i = 0; i < G_N_ELEMENTS (check_names); i++)
    if (g_str_equal (check_names[i].name, name))
      self->check = check_names[i].check;
  if (self->check == MS_CHECK_NONE)
    return fail (error, "matcher: unknown check “%s”", name);

  if (!read_strv (matcher, "words", FALSE, &self->words, error) ||
      !read_strv (matcher, "context_words", FALSE, &self->context_words, error) ||
      !read_strv (matcher, "polite", FALSE, &self->polite, error) ||
      !read_strv (matcher, "plain", FALSE, &self->plain, error) ||
      !read_number (matcher, "min", &self->has_min, &self->min, error) ||
      !read_number (matcher, "max", &self->has_max, &self->max, error) ||
      !read_number (matcher, "within", NULL, &within, error) ||
      !read_number (matcher, "window", NULL, &window, error) ||
      !read_number (matcher, "window_before", NULL, &window_before, error) ||
      !read_patterns (matcher, "patterns", FALSE, &self->patterns, error) ||
      !read_claim_context (self, matcher, error))
    {
      g_prefix_error (error, "matcher: ");
      return FALSE;
    }
  self->within = (guint) within;
  self->window = (guint) window;
  self->window_before = (guint) window_before;

  if (get_string (matcher, "pattern") != NULL)
    {
      self->pattern = g_strdup (get_string (matcher, "pattern"));
      if (!compile_pattern (self, error))
        {
          g_prefix_error (error, "matcher: ");
          return FALSE;
        }
    }

  self->count_cells = g_strcmp0 (unit, "cells") == 0;
  if (unit != NULL && !self->count_cells && !g_str_equal (unit, "characters"))
    return fail (error, "matcher: “unit” must be “cells” or “characters”");

  self->at_end = g_strcmp0 (at, "end") == 0;
  skip_empty = json_object_get_member (matcher, "skip_empty");
  skip_footer = json_object_get_member (matcher, "skip_footer");
  merge_tags = json_object_get_member (matcher, "merge_tags");
  if ((skip_empty != NULL && !is_boolean (skip_empty)) ||
      (skip_footer != NULL && !is_boolean (skip_footer)) ||
      (merge_tags != NULL && !is_boolean (merge_tags)))
    return fail (error, "matcher: “skip_empty”, “skip_footer” and “merge_tags” must be true or false");
  /* Most checks pass over empty fields; an absent check reports what an
   * empty field lacks unless told not to. */
  self->skip_empty = skip_empty != NULL ? json_node_get_boolean (skip_empty)
                                        : self->check != MS_CHECK_ABSENT;
  self->skip_footer = skip_footer != NULL && json_node_get_boolean (skip_footer);
  self->merge_tags = merge_tags != NULL && json_node_get_boolean (merge_tags);

  return read_check_needs (self, matcher, name, error);
}

static gboolean
read_matcher (MsRule     *self,
              JsonObject *object,
              GError    **error)
{
  JsonNode *node = json_object_get_member (object, "matcher");
  JsonObject *matcher;
  const char *kind;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "“matcher” must be an object with a “kind”");

  matcher = json_node_get_object (node);
  kind = get_string (matcher, "kind");

  if (g_strcmp0 (kind, "literal") == 0)
    {
      self->kind = MS_RULE_KIND_LITERAL;
      if (!read_strv (matcher, "words", self->brand_slot == NULL, &self->words, error))
        {
          g_prefix_error (error, "matcher: ");
          return FALSE;
        }
    }
  else if (g_strcmp0 (kind, "lemma") == 0)
    {
      self->kind = MS_RULE_KIND_LEMMA;
      if (!read_patterns (matcher, "patterns", TRUE, &self->patterns, error))
        {
          g_prefix_error (error, "matcher: ");
          return FALSE;
        }
    }
  else if (g_strcmp0 (kind, "regex") == 0)
    {
      self->kind = MS_RULE_KIND_REGEX;
      if (get_string (matcher, "pattern") == NULL)
        return fail (error, "matcher: a regex needs “pattern”");
      self->pattern = g_strdup (get_string (matcher, "pattern"));
      if (!compile_pattern (self, error))
        {
          g_prefix_error (error, "matcher: ");
          return FALSE;
        }
    }
  else if (g_strcmp0 (kind, "check") == 0)
    {
      self->kind = MS_RULE_KIND_CHECK;
      return read_check (self, matcher, error);
    }
  else
    return fail (error, "matcher: “kind” must be “literal”, “lemma”, “regex” or “check”");

  if (!read_claim_context (self, matcher, error))
    {
      g_prefix_error (error, "matcher: ");
      return FALSE;
    }

  return TRUE;
}

/**
 * ms_rule_new_from_json:
 *
 * Parses and validates one rule object of a pack.
 */
MsRule *
ms_rule_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(MsRule) self = NULL;
  const char *axis;
  const char *severity;
  JsonNode *by_goal;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (MsRule, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->penalty = -1;

  if (!read_required_string (object, "id", &self->id, error))
    return NULL;
  if (!is_valid_id (self->id))
    {
      fail (error, "“id” must be dotted lower-case words, like “ng.common.example”");
      return NULL;
    }

  self->brand_slot = g_strdup (get_string (object, "brand_slot"));
  self->unless = g_strdup (get_string (object, "unless"));
  if (self->unless != NULL && !ms_brand_rules_has_setting (self->unless))
    {
      fail (error, "“unless” names an unknown brand setting “%s”", self->unless);
      return NULL;
    }

  axis = get_string (object, "axis");
  if (!ms_axis_from_string (axis, &self->axis))
    {
      fail (error, "“axis” must be one of open, readability, cta, fit, compliance");
      return NULL;
    }

  severity = get_string (object, "severity");
  if (!ms_severity_from_string (severity, &self->severity))
    {
      fail (error, "“severity” must be info, warn or error");
      return NULL;
    }

  if (!read_number (object, "penalty", NULL, &self->penalty, error) ||
      !read_fields (object, &self->field_mask, error) ||
      !read_when (self, object, error) ||
      !read_matcher (self, object, error) ||
      !read_text (object, "message", self->message, error) ||
      !read_text (object, "suggestion", self->suggestion, error) ||
      !read_required_string (object, "reference", &self->reference, error))
    return NULL;

  self->replacement = g_strdup (get_string (object, "replacement"));
  by_goal = json_object_get_member (object, "replacement_by_goal");
  if (by_goal != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (by_goal))
        {
          fail (error, "“replacement_by_goal” must be an object");
          return NULL;
        }
      self->replacement_by_goal = json_object_ref (json_node_get_object (by_goal));
    }

  return g_steal_pointer (&self);
}

static gunichar *
ucs4_dup (const gunichar *chars)
{
  gsize n = 0;

  if (chars == NULL)
    return NULL;
  while (chars[n] != 0)
    n++;
  return g_memdup2 (chars, (n + 1) * sizeof (gunichar));
}

/* A brand template filled in with the team's words or limit. */
MsRule *
_ms_rule_copy_with_words (const MsRule       *self,
                          const char * const *words,
                          double              max)
{
  MsRule *copy = g_new0 (MsRule, 1);

  *copy = *self;
  g_atomic_ref_count_init (&copy->ref_count);
  copy->id = g_strdup (self->id);
  copy->pack = g_strdup (self->pack);
  copy->words = words != NULL ? g_strdupv ((char **) words) : g_strdupv (self->words);
  copy->context_words = g_strdupv (self->context_words);
  copy->pattern = g_strdup (self->pattern);
  copy->regex = self->regex != NULL ? g_regex_ref (self->regex) : NULL;
  copy->patterns = g_strdupv (self->patterns);
  copy->except = g_strdupv (self->except);
  copy->unless = g_strdup (self->unless);
  if (max >= 0)
    {
      copy->max = max;
      copy->has_max = TRUE;
    }
  copy->chars = ucs4_dup (self->chars);
  copy->polite = g_strdupv (self->polite);
  copy->plain = g_strdupv (self->plain);
  copy->industries = g_strdupv (self->industries);
  for (guint i = 0; i < 2; i++)
    {
      copy->message[i] = g_strdup (self->message[i]);
      copy->suggestion[i] = g_strdup (self->suggestion[i]);
    }
  copy->reference = g_strdup (self->reference);
  copy->replacement = g_strdup (self->replacement);
  copy->replacement_by_goal = self->replacement_by_goal != NULL ?
    json_object_ref (self->replacement_by_goal) : NULL;
  copy->brand_slot = g_strdup (self->brand_slot);

  return copy;
}

MsRule *
ms_rule_ref (MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_rule_unref (MsRule *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->id);
  g_free (self->pack);
  g_strfreev (self->words);
  g_strfreev (self->context_words);
  g_free (self->pattern);
  g_free (self->family);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_strfreev (self->patterns);
  g_strfreev (self->except);
  g_free (self->unless);
  g_free (self->chars);
  g_strfreev (self->polite);
  g_strfreev (self->plain);
  g_strfreev (self->industries);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->message[i]);
      g_free (self->suggestion[i]);
    }
  g_free (self->reference);
  g_free (self->replacement);
  g_clear_pointer (&self->replacement_by_goal, json_object_unref);
  g_free (self->brand_slot);
  g_free (self);
}

const char *
ms_rule_get_id (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

MsAxis
ms_rule_get_axis (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, MS_AXIS_OPEN);
  return self->axis;
}

MsSeverity
ms_rule_get_severity (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, MS_SEVERITY_INFO);
  return self->severity;
}

const char *
ms_rule_get_kind (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case MS_RULE_KIND_LITERAL: return "literal";
    case MS_RULE_KIND_REGEX: return "regex";
    case MS_RULE_KIND_CHECK: return "check";
    case MS_RULE_KIND_LEMMA: return "lemma";
    default: g_return_val_if_reached (NULL);
    }
}

static guint
lang_index (const char *language)
{
  return g_strcmp0 (language, "ja") == 0 ? 0 : 1;
}

const char *
ms_rule_get_message (const MsRule *self,
                     const char   *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message[lang_index (language)];
}

const char *
ms_rule_get_suggestion (const MsRule *self,
                        const char   *language)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->suggestion[lang_index (language)];
}

const char *
ms_rule_get_reference (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->reference;
}

const char *
ms_rule_get_pack (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pack;
}

const char *
ms_rule_get_brand_slot (const MsRule *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->brand_slot;
}
