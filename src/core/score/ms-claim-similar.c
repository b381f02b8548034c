/* ms-claim-similar.c — the claim model's say in a scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After every rule has run, each sentence of the fields is scored by the
 * claim model (ms-claim-model.h), and the model has two effects:
 *
 * - a sentence that reads like copy the regulators acted on, in a message
 *   where no rule of that family found anything, is flagged by the family's
 *   similar_claim rule (a warning: the model saw the resemblance, not the
 *   law's words), once per message;
 * - a rule's error in a sentence that reads like clean brand copy (the
 *   model's last class, learned from the corpus's clean items) and not like
 *   enforced copy of the rule's family becomes a warning: the words match a pattern, but the sentence around them reads
 *   like a weather report's 「観測史上1位」 or a clinic's vaccination notice,
 *   not like what was enforced. The finding stays; only its weight as a
 *   verdict goes.
 */
#include "config.h"

#include <string.h>

#include "ms-claim-model.h"
#include "ms-rule-private.h"
#include "ms-score-context.h"

typedef struct
{
  guint  start;    /* original code points, blanks trimmed */
  guint  end;
  double p[MS_CLAIM_MODEL_MAX_FAMILIES];
} ClaimSentence;

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static void
add_sentence (MsScoreContext     *ctx,
              const MsClaimModel *model,
              MsField             field,
              gsize               from,
              gsize               to)
{
  const MsNormalized *norm = &ctx->norm[field];
  gsize a = from, b = to;
  ClaimSentence s = { 0, };

  while (a < b && is_blank (norm->text[a]))
    a++;
  while (b > a && is_blank (norm->text[b - 1]))
    b--;
  if (a == b)
    return;

  ms_claim_model_predict (model, norm->text + from, to - from, s.p);
  ms_normalized_to_original (norm, a, b, &s.start, &s.end);
  g_array_append_val (ctx->claims[field], s);
}

static gboolean
is_end (const char *p,
        const char *end)
{
  return *p == '!' || *p == '?' || (end - p >= 3 && memcmp (p, "。", 3) == 0);
}

/* A closing bracket or quote after an end stays with its sentence. */
static gboolean
is_closer (const char *p,
           const char *end)
{
  static const char *const closers[] = { "」", "』", "）", "】" };

  if (*p == ')' || *p == ']')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (closers); i++)
    if (end - p >= 3 && memcmp (p, closers[i], 3) == 0)
      return TRUE;
  return FALSE;
}

/* The sentences of @field as the model was trained on them
 * (build-aux/train-claim-model): ended after a run of 。 ! ? (the normaliser
 * made ！？ ASCII) and the closing brackets that follow it, and at line
 * breaks. */
static GArray *
sentences_of (MsScoreContext     *ctx,
              const MsClaimModel *model,
              MsField             field)
{
  const MsNormalized *norm = &ctx->norm[field];
  const char *end = norm->text + norm->len;
  gboolean ended = FALSE;
  gsize from = 0;

  if (ctx->claims[field] != NULL)
    return ctx->claims[field];
  ctx->claims[field] = g_array_new (FALSE, FALSE, sizeof (ClaimSentence));

  for (const char *p = norm->text; p < end; p = g_utf8_next_char (p))
    {
      gsize at = p - norm->text;

      if (*p == '\n')
        {
          add_sentence (ctx, model, field, from, at);
          from = at + 1;
          ended = FALSE;
          continue;
        }
      if (ended && !is_end (p, end) && !is_closer (p, end))
        {
          add_sentence (ctx, model, field, from, at);
          from = at;
          ended = FALSE;
        }
      ended = ended || is_end (p, end);
    }
  add_sentence (ctx, model, field, from, norm->len);
  return ctx->claims[field];
}

/* Whether the message already has a finding of the family: one is enough
 * to send the writer to that kind of claim. */
static gboolean
family_raised (MsScoreContext     *ctx,
               const MsClaimModel *model,
               int                 family)
{
  for (guint i = 0; i < ctx->raw->len; i++)
    {
      const MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      const MsRule *rule = g_ptr_array_index (ctx->set->rules, raw->rule);

      if (ms_claim_model_find_family (model, rule->id) == family)
        return TRUE;
    }
  return FALSE;
}

/* Whether a legal rule found words in [start, end) and then judged them no
 * claim (negated, quoted, permitted wording, a notified function, a
 * caution): the rules' reading of the context stands over the model's. */
static gboolean
rules_cleared (MsScoreContext *ctx,
               MsField         field,
               guint           start,
               guint           end)
{
  for (guint h = 0; h < ctx->hits->len; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);
      const MsRule *rule;

      if ((hit->tag != MS_TAG_SUPPRESSED && hit->tag != MS_TAG_EXCEPT) ||
          hit->field != field || hit->start >= end || hit->end <= start)
        continue;
      rule = g_ptr_array_index (ctx->set->rules, hit->rule);
      if (rule->axis == MS_AXIS_COMPLIANCE)
        return TRUE;
    }
  return FALSE;
}

static void
raise_similar (MsScoreContext     *ctx,
               const MsClaimModel *model,
               guint               r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  int family = ms_claim_model_find_family (model, rule->family);

  if (family < 0)
    return;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *sentences;

      if (!ctx->present[f] || ctx->norm[f].len == 0 || !(rule->field_mask & (1u << f)))
        continue;
      sentences = sentences_of (ctx, model, f);
      for (guint i = 0; i < sentences->len; i++)
        {
          const ClaimSentence *s = &g_array_index (sentences, ClaimSentence, i);

          if (s->p[family] >= ms_claim_model_get_raise (model, family) &&
              !family_raised (ctx, model, family) &&
              !rules_cleared (ctx, f, s->start, s->end))
            _ms_score_context_emit (ctx, r, f, s->start, s->end);
        }
    }
}

static const ClaimSentence *
sentence_at (MsScoreContext     *ctx,
             const MsClaimModel *model,
             MsField             field,
             guint               position)
{
  GArray *sentences = sentences_of (ctx, model, field);

  for (guint i = 0; i < sentences->len; i++)
    {
      const ClaimSentence *s = &g_array_index (sentences, ClaimSentence, i);

      if (position < s->end)
        return position >= s->start ? s : NULL;
    }
  return NULL;
}

static void
lower_in_clean_copy (MsScoreContext     *ctx,
              const MsClaimModel *model)
{
  for (guint i = 0; i < ctx->raw->len; i++)
    {
      MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      const MsRule *rule = g_ptr_array_index (ctx->set->rules, raw->rule);
      const ClaimSentence *s;
      int family;

      if (raw->severity != MS_SEVERITY_ERROR || rule->axis != MS_AXIS_COMPLIANCE ||
          ctx->norm[raw->field].len == 0)
        continue;
      family = ms_claim_model_find_family (model, rule->id);
      if (family < 0)
        continue;
      s = sentence_at (ctx, model, raw->field, raw->start);
      if (s != NULL && ms_claim_model_is_clean (model, s->p, family))
        raw->severity = MS_SEVERITY_WARN;
    }
}

/**
 * _ms_claim_similar_pass:
 *
 * Runs once per scoring, after every rule: the similar_claim rules in force
 * flag what the model sees, then errors in sentences that read like clean
 * copy become warnings.
 */
void
_ms_claim_similar_pass (MsScoreContext *ctx)
{
  MsClaimModel *model = NULL;

  for (guint r = 0; r < ctx->set->rules->len; r++)
    {
      const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

      if (!ctx->applies[r] || rule->kind != MS_RULE_KIND_CHECK ||
          rule->check != MS_CHECK_SIMILAR_CLAIM)
        continue;
      if (model == NULL && (model = ms_claim_model_get_default ()) == NULL)
        return;
      raise_similar (ctx, model, r);
    }
  if (model != NULL)
    lower_in_clean_copy (ctx, model);
}
