/* ms-draft.c — the message being written, its counts and its score
 *
 * The Score page binds its editors to a draft and every panel watches the
 * draft's properties. Each change of a field recounts that field and scores
 * the whole message again (the engine takes microseconds), so the counters,
 * the score, the highlights and the previews always describe the same text.
 *
 * A new draft does not wait for the built-in rules to compile: until it
 * has text, or is given its rule set, it has no result. The first text
 * scores with the built-in rules, compiled then if nobody has yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-draft"

#include "config.h"

#include <string.h>

#include "score/ms-knowledge.h"
#include "score/ms-scorer.h"
#include "ms-draft.h"

/* The bubble fields a draft has (body, bubble2, bubble3); how many a LINE
 * send may use is data (channels.json max_bubbles, ms_draft_get_max_bubbles()). */
#define N_BUBBLE_FIELDS (MS_DRAFT_FIELD_BUBBLE3 - MS_DRAFT_FIELD_BODY + 1)

struct _MsDraft
{
  GObject        parent_instance;

  MsChannel      channel;
  char          *fields[MS_DRAFT_N_FIELDS];
  MsTextCounts   counts[MS_DRAFT_N_FIELDS];
  guint          n_bubbles;
  gboolean       over_limit;
  MsSegment     *segment;
  MsRuleSet     *rules;
  MsPredictor   *predictor;     /* NULL: the industry baselines */
  GPtrArray     *knowledge;     /* MsKnowledgeEntry: the active team's, or NULL */
  MsScoreResult *result;
};

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_SUBJECT,
  PROP_PREHEADER,
  PROP_BODY,
  PROP_BUBBLE2,
  PROP_BUBBLE3,
  PROP_N_BUBBLES,
  PROP_OVER_LIMIT,
  PROP_SEGMENT,
  PROP_RULE_SET,
  PROP_PREDICTOR,
  PROP_RESULT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsDraft, ms_draft, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const int field_props[MS_DRAFT_N_FIELDS] = {
  [MS_DRAFT_FIELD_SUBJECT] = PROP_SUBJECT,
  [MS_DRAFT_FIELD_PREHEADER] = PROP_PREHEADER,
  [MS_DRAFT_FIELD_BODY] = PROP_BODY,
  [MS_DRAFT_FIELD_BUBBLE2] = PROP_BUBBLE2,
  [MS_DRAFT_FIELD_BUBBLE3] = PROP_BUBBLE3,
};

static gboolean
field_in_use (MsDraft      *self,
              MsDraftField  field)
{
  if (self->channel == MS_CHANNEL_EMAIL)
    return field <= MS_DRAFT_FIELD_BODY;

  return field >= MS_DRAFT_FIELD_BODY &&
         field - MS_DRAFT_FIELD_BODY < self->n_bubbles;
}

gboolean
ms_draft_field_is_over_limit (MsDraft      *self,
                              MsDraftField  field)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();
  const MsTextCounts *counts;

  g_return_val_if_fail (MS_IS_DRAFT (self), FALSE);
  g_return_val_if_fail (field < MS_DRAFT_N_FIELDS, FALSE);

  if (self->channel != MS_CHANNEL_LINE || !field_in_use (self, field))
    return FALSE;

  counts = &self->counts[field];
  return counts->characters > limits->line_bubble_max_characters ||
         counts->utf16_units > limits->line_api_max_utf16_units;
}

static void
update_over_limit (MsDraft *self)
{
  gboolean over_limit = FALSE;

  for (MsDraftField field = MS_DRAFT_FIELD_BODY; field < MS_DRAFT_N_FIELDS; field++)
    over_limit |= ms_draft_field_is_over_limit (self, field);

  if (over_limit == self->over_limit)
    return;

  self->over_limit = over_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVER_LIMIT]);
}

static void
rescore (MsDraft *self)
{
  g_autoptr(MsMessage) message = ms_draft_dup_message (self);
  g_autoptr(GError) error = NULL;
  MsScoreOptions options = { .predictor = self->predictor };
  MsScoreResult *result;

  if (self->rules == NULL)
    {
      /* Nothing to score yet: no need to wait for the rules. */
      if (ms_draft_is_empty (self))
        return;
      self->rules = ms_rule_set_ref (ms_rule_set_get_default ());
    }

  result = ms_scorer_score (self->rules, message, &options, &error);
  if (result == NULL)
    {
      /* The draft only holds valid UTF-8 within the channel's shape. */
      g_critical ("Could not score the draft: %s", error->message);
      return;
    }
  /* What the team's reviewers taught, on top of the scorer's result */
  if (self->knowledge != NULL && self->knowledge->len > 0)
    {
      MsScoreResult *taught = ms_knowledge_apply (result, message, self->knowledge);

      ms_score_result_unref (result);
      result = taught;
    }

  g_clear_pointer (&self->result, ms_score_result_unref);
  self->result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

static void
ms_draft_finalize (GObject *object)
{
  MsDraft *self = (MsDraft *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    g_free (self->fields[i]);
  g_clear_pointer (&self->segment, ms_segment_free);
  g_clear_pointer (&self->rules, ms_rule_set_unref);
  g_clear_object (&self->predictor);
  g_clear_pointer (&self->knowledge, g_ptr_array_unref);
  g_clear_pointer (&self->result, ms_score_result_unref);

  G_OBJECT_CLASS (ms_draft_parent_class)->finalize (object);
}

static void
ms_draft_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsDraft *self = MS_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    case PROP_SUBJECT:
    case PROP_PREHEADER:
    case PROP_BODY:
    case PROP_BUBBLE2:
    case PROP_BUBBLE3:
      g_value_set_string (value, self->fields[prop_id - PROP_SUBJECT]);
      break;
    case PROP_N_BUBBLES:
      g_value_set_uint (value, self->n_bubbles);
      break;
    case PROP_OVER_LIMIT:
      g_value_set_boolean (value, self->over_limit);
      break;
    case PROP_SEGMENT:
      g_value_set_boxed (value, self->segment);
      break;
    case PROP_RULE_SET:
      g_value_set_boxed (value, self->rules);
      break;
    case PROP_PREDICTOR:
      g_value_set_object (value, self->predictor);
      break;
    case PROP_RESULT:
      g_value_set_boxed (value, self->result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_draft_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MsDraft *self = MS_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      ms_draft_set_channel (self, g_value_get_enum (value));
      break;
    case PROP_SUBJECT:
    case PROP_PREHEADER:
    case PROP_BODY:
    case PROP_BUBBLE2:
    case PROP_BUBBLE3:
      ms_draft_set_field (self, prop_id - PROP_SUBJECT, g_value_get_string (value));
      break;
    case PROP_N_BUBBLES:
      ms_draft_set_n_bubbles (self, g_value_get_uint (value));
      break;
    case PROP_SEGMENT:
      ms_draft_set_segment (self, g_value_get_boxed (value));
      break;
    case PROP_RULE_SET:
      ms_draft_set_rule_set (self, g_value_get_boxed (value));
      break;
    case PROP_PREDICTOR:
      ms_draft_set_predictor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_draft_class_init (MsDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *field_names[] = { "subject", "preheader", "body", "bubble2", "bubble3" };

  object_class->finalize = ms_draft_finalize;
  object_class->get_property = ms_draft_get_property;
  object_class->set_property = ms_draft_set_property;

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       MS_TYPE_CHANNEL, MS_CHANNEL_EMAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    properties[PROP_SUBJECT + i] =
      g_param_spec_string (field_names[i], NULL, NULL, "",
                           (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_BUBBLES] =
    g_param_spec_uint ("n-bubbles", NULL, NULL, 1, ms_draft_get_max_bubbles (), 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsDraft:over-limit:
   *
   * Whether a LINE bubble holds more than the channel allows.
   */
  properties[PROP_OVER_LIMIT] =
    g_param_spec_boolean ("over-limit", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEGMENT] =
    g_param_spec_boxed ("segment", NULL, NULL, MS_TYPE_SEGMENT,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RULE_SET] =
    g_param_spec_boxed ("rule-set", NULL, NULL, MS_TYPE_RULE_SET,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsDraft:predictor:
   *
   * What predicts the rates: learned from the profile's own results, or
   * %NULL for the industry baselines.
   */
  properties[PROP_PREDICTOR] =
    g_param_spec_object ("predictor", NULL, NULL, MS_TYPE_PREDICTOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsDraft:result:
   *
   * The score of the draft as it is now; replaced after every change.
   */
  properties[PROP_RESULT] =
    g_param_spec_boxed ("result", NULL, NULL, MS_TYPE_SCORE_RESULT,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_draft_init (MsDraft *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    self->fields[i] = g_strdup ("");
  self->n_bubbles = 1;
  self->segment = ms_segment_new ();
  if (ms_rule_set_peek_default () != NULL)
    self->rules = ms_rule_set_ref (ms_rule_set_peek_default ());
  rescore (self);
}

MsDraft *
ms_draft_new (void)
{
  return g_object_new (MS_TYPE_DRAFT, NULL);
}

MsChannel
ms_draft_get_channel (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), MS_CHANNEL_EMAIL);

  return self->channel;
}

void
ms_draft_set_channel (MsDraft   *self,
                      MsChannel  channel)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  if (self->channel == channel)
    return;

  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
  update_over_limit (self);
  rescore (self);
}

/**
 * ms_draft_get_field:
 *
 * Returns: (transfer none): the text of @field, never %NULL
 */
const char *
ms_draft_get_field (MsDraft      *self,
                    MsDraftField  field)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);
  g_return_val_if_fail (field < MS_DRAFT_N_FIELDS, NULL);

  return self->fields[field];
}

/* Adds @part to @counts, or takes it away, all but the last line, which
 * ms_text_count() adds once to any text that is not empty. */
static void
add_counts (MsTextCounts       *counts,
            const MsTextCounts *part,
            gboolean            take_away)
{
  guint part_lines = part->lines - (part->characters > 0 ? 1 : 0);

  if (take_away)
    {
      counts->bytes -= part->bytes;
      counts->characters -= part->characters;
      counts->cells -= part->cells;
      counts->lines -= part_lines;
      counts->emoji -= part->emoji;
      counts->utf16_units -= part->utf16_units;
      return;
    }
  counts->bytes += part->bytes;
  counts->characters += part->characters;
  counts->cells += part->cells;
  counts->lines += part_lines;
  counts->emoji += part->emoji;
  counts->utf16_units += part->utf16_units;
}

/* Counts @text, valid UTF-8, knowing the counts of @old: a keystroke in a
 * long body recounts its paragraph, not the body. Paragraphs end after a
 * line feed, where a grapheme cluster always ends (UAX #29 GB4), so the
 * text they share before and after the change counts the same in both. */
static void
recount (const char         *old,
         const MsTextCounts *old_counts,
         const char         *text,
         MsTextCounts       *counts)
{
  gsize old_len = strlen (old);
  gsize len = strlen (text);
  gsize prefix = 0;
  gsize suffix = 0;
  MsTextCounts part;

  while (prefix < old_len && prefix < len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && old[prefix - 1] != '\n')
    prefix--;
  while (suffix < old_len - prefix && suffix < len - prefix &&
         old[old_len - 1 - suffix] == text[len - 1 - suffix])
    suffix++;
  /* The shared end starts after a line feed that is shared too (or is
   * empty): the byte before it may differ between the texts. */
  suffix = suffix > 0 ? suffix - 1 : 0;
  while (suffix > 0 && old[old_len - suffix - 1] != '\n')
    suffix--;

  *counts = *old_counts;
  counts->lines -= old_counts->characters > 0 ? 1 : 0;
  ms_text_count (old + prefix, old_len - prefix - suffix, &part, NULL);
  add_counts (counts, &part, TRUE);
  ms_text_count (text + prefix, len - prefix - suffix, &part, NULL);
  add_counts (counts, &part, FALSE);
  counts->lines += counts->characters > 0 ? 1 : 0;
}

/**
 * ms_draft_set_field:
 * @text: valid UTF-8; %NULL clears the field
 *
 * Replaces the text of @field, recounts it and scores the draft again.
 */
void
ms_draft_set_field (MsDraft      *self,
                    MsDraftField  field,
                    const char   *text)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  g_return_if_fail (MS_IS_DRAFT (self));
  g_return_if_fail (field < MS_DRAFT_N_FIELDS);

  if (text == NULL)
    text = "";

  if (g_strcmp0 (self->fields[field], text) == 0)
    return;

  /* Text from GTK widgets is always valid UTF-8; anything else is a caller bug. */
  if (!ms_text_validate (text, -1, &error))
    {
      g_critical ("%s", error->message);
      return;
    }
  recount (self->fields[field], &self->counts[field], text, &counts);

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (text);
  self->counts[field] = counts;

  g_object_notify_by_pspec (G_OBJECT (self), properties[field_props[field]]);
  update_over_limit (self);
  if (field_in_use (self, field))
    rescore (self);
}

const char *
ms_draft_get_subject (MsDraft *self)
{
  return ms_draft_get_field (self, MS_DRAFT_FIELD_SUBJECT);
}

void
ms_draft_set_subject (MsDraft    *self,
                      const char *subject)
{
  ms_draft_set_field (self, MS_DRAFT_FIELD_SUBJECT, subject);
}

const char *
ms_draft_get_preheader (MsDraft *self)
{
  return ms_draft_get_field (self, MS_DRAFT_FIELD_PREHEADER);
}

void
ms_draft_set_preheader (MsDraft    *self,
                        const char *preheader)
{
  ms_draft_set_field (self, MS_DRAFT_FIELD_PREHEADER, preheader);
}

const char *
ms_draft_get_body (MsDraft *self)
{
  return ms_draft_get_field (self, MS_DRAFT_FIELD_BODY);
}

void
ms_draft_set_body (MsDraft    *self,
                   const char *body)
{
  ms_draft_set_field (self, MS_DRAFT_FIELD_BODY, body);
}

guint
ms_draft_get_n_bubbles (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), 1);

  return self->n_bubbles;
}

/**
 * ms_draft_get_max_bubbles:
 *
 * Returns: how many bubbles a LINE message may have (data/channels.json)
 */
guint
ms_draft_get_max_bubbles (void)
{
  guint max = ms_channel_limits_get_default ()->line_max_bubbles;

  /* channels.json ships inside the binary; more than the fields is a build bug. */
  if (max > N_BUBBLE_FIELDS)
    g_error ("channels.json: “max_bubbles” is %u but a draft has %u bubble fields",
             max, (guint) N_BUBBLE_FIELDS);
  return max;
}

/**
 * ms_draft_set_n_bubbles:
 *
 * How many LINE bubbles the message has (1 to ms_draft_get_max_bubbles()).
 * The text of a bubble taken away is kept, so adding it back restores it.
 */
void
ms_draft_set_n_bubbles (MsDraft *self,
                        guint    n_bubbles)
{
  g_return_if_fail (MS_IS_DRAFT (self));
  g_return_if_fail (n_bubbles >= 1 && n_bubbles <= ms_draft_get_max_bubbles ());

  if (self->n_bubbles == n_bubbles)
    return;

  self->n_bubbles = n_bubbles;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BUBBLES]);
  update_over_limit (self);
  if (self->channel == MS_CHANNEL_LINE)
    rescore (self);
}

/**
 * ms_draft_get_counts:
 *
 * Returns: (transfer none): the counts of @field, recomputed when it changes
 */
const MsTextCounts *
ms_draft_get_counts (MsDraft      *self,
                     MsDraftField  field)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);
  g_return_val_if_fail (field < MS_DRAFT_N_FIELDS, NULL);

  return &self->counts[field];
}

gboolean
ms_draft_get_over_limit (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), FALSE);

  return self->over_limit;
}

/**
 * ms_draft_get_segment:
 *
 * Returns: (transfer none): who the message is for
 */
const MsSegment *
ms_draft_get_segment (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->segment;
}

void
ms_draft_set_segment (MsDraft         *self,
                      const MsSegment *segment)
{
  g_return_if_fail (MS_IS_DRAFT (self));
  g_return_if_fail (segment != NULL);

  ms_segment_free (self->segment);
  self->segment = ms_segment_copy (segment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
  rescore (self);
}

/**
 * ms_draft_get_rule_set:
 *
 * Returns: (transfer none) (nullable): the rules the draft is scored with,
 *   or %NULL while it has neither text nor a rule set given
 */
MsRuleSet *
ms_draft_get_rule_set (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->rules;
}

void
ms_draft_set_rule_set (MsDraft   *self,
                       MsRuleSet *rules)
{
  g_return_if_fail (MS_IS_DRAFT (self));
  g_return_if_fail (rules != NULL);

  if (self->rules == rules)
    return;

  ms_rule_set_ref (rules);
  g_clear_pointer (&self->rules, ms_rule_set_unref);
  self->rules = rules;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE_SET]);
  rescore (self);
}

void
ms_draft_set_predictor (MsDraft     *self,
                        MsPredictor *predictor)
{
  g_return_if_fail (MS_IS_DRAFT (self));
  g_return_if_fail (predictor == NULL || MS_IS_PREDICTOR (predictor));

  if (!g_set_object (&self->predictor, predictor))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREDICTOR]);
  rescore (self);
}

/**
 * ms_draft_set_knowledge:
 * @knowledge: (nullable) (element-type MsKnowledgeEntry): the active team's
 *   knowledge (ms_store_dup_team_knowledge()), or NULL for none
 *
 * The draft's score takes what the team's reviewers taught (ms_knowledge_apply()).
 */
void
ms_draft_set_knowledge (MsDraft   *self,
                        GPtrArray *knowledge)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  if (knowledge == self->knowledge)
    return;
  if (knowledge != NULL)
    g_ptr_array_ref (knowledge);
  g_clear_pointer (&self->knowledge, g_ptr_array_unref);
  self->knowledge = knowledge;
  if (!ms_draft_is_empty (self))
    rescore (self);
}

/**
 * ms_draft_dup_message:
 *
 * Returns: (transfer full): the draft as the engine's input
 */
MsMessage *
ms_draft_dup_message (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  if (self->channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (self->fields[MS_DRAFT_FIELD_SUBJECT],
                                 self->fields[MS_DRAFT_FIELD_PREHEADER],
                                 self->fields[MS_DRAFT_FIELD_BODY],
                                 self->segment);
  else
    {
      const char *bubbles[N_BUBBLE_FIELDS + 1] = { NULL };

      for (guint i = 0; i < self->n_bubbles; i++)
        bubbles[i] = self->fields[MS_DRAFT_FIELD_BODY + i];

      return ms_message_new_line (NULL, bubbles, self->segment);
    }
}

/**
 * ms_draft_get_result:
 *
 * Returns: (transfer none) (nullable): the score of the draft as it is
 *   now; %NULL for a new draft with no text and no rule set yet
 */
MsScoreResult *
ms_draft_get_result (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->result;
}

/**
 * ms_draft_field_from_message_field:
 *
 * Maps a field of the engine's message (a finding's field) to the draft's.
 */
MsDraftField
ms_draft_field_from_message_field (MsDraft *self,
                                   MsField  field)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), MS_DRAFT_FIELD_BODY);

  switch (field)
    {
    case MS_FIELD_SUBJECT: return MS_DRAFT_FIELD_SUBJECT;
    case MS_FIELD_PREHEADER: return MS_DRAFT_FIELD_PREHEADER;
    case MS_FIELD_BUBBLE2: return MS_DRAFT_FIELD_BUBBLE2;
    case MS_FIELD_BUBBLE3: return MS_DRAFT_FIELD_BUBBLE3;
    case MS_FIELD_BODY:
    case MS_FIELD_BUBBLE1:
    default:
      return MS_DRAFT_FIELD_BODY;
    }
}

MsField
ms_draft_field_to_message_field (MsDraft      *self,
                                 MsDraftField  field)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), MS_FIELD_BODY);

  switch (field)
    {
    case MS_DRAFT_FIELD_SUBJECT: return MS_FIELD_SUBJECT;
    case MS_DRAFT_FIELD_PREHEADER: return MS_FIELD_PREHEADER;
    case MS_DRAFT_FIELD_BODY:
      return self->channel == MS_CHANNEL_LINE ? MS_FIELD_BUBBLE1 : MS_FIELD_BODY;
    case MS_DRAFT_FIELD_BUBBLE2: return MS_FIELD_BUBBLE2;
    case MS_DRAFT_FIELD_BUBBLE3: return MS_FIELD_BUBBLE3;
    default: g_return_val_if_reached (MS_FIELD_BODY);
    }
}

/**
 * ms_draft_is_empty:
 *
 * Returns: whether nothing has been written in the fields the channel uses
 */
gboolean
ms_draft_is_empty (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), TRUE);

  for (MsDraftField field = 0; field < MS_DRAFT_N_FIELDS; field++)
    if (field_in_use (self, field) && *self->fields[field] != '\0')
      return FALSE;

  return TRUE;
}
