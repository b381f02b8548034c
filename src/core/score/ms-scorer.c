/* ms-scorer.c — score a message against a rule set
 *
 * 1. Normalise each field once (MsNormalized keeps the map back).
 * 2. Scan every field once with the rule set's Aho–Corasick automaton, and
 *    run the few regular expressions; keep the hits of rules that apply to
 *    this channel and segment ("when") and field.
 * 3. Turn hits into findings (literal and regex rules) or run the rule's
 *    check. Each axis starts at 100 and loses what each finding costs it (a
 *    finding may cost several axes: scoring.json "findings"; a rule's second
 *    finding costs repeat_factor as much as its first, and so on).
 * 4. Total = the channel's weighted mean of the axes, capped below 60 when a
 *    compliance error was found or when the message has several spam
 *    patterns. Then prediction, variants, minimum score.
 *
 * Everything is a pure function of the message, the rule set (whose engine
 * string names its data) and the engine version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/ms-text.h"
#include "text/ms-utf8.h"
#include "ms-baseline-predictor.h"
#include "ms-claim-context.h"
#include "ms-features-private.h"
#include "ms-merge-tags.h"
#include "ms-score-context.h"
#include "ms-score-result-private.h"
#include "ms-scorer.h"
#include "ms-variants.h"

G_DEFINE_QUARK (ms-scorer-error-quark, ms_scorer_error)

/* --------------------------------------------------------------- context */

static gboolean
rule_applies (const MsRule    *rule,
              MsChannel        channel,
              const MsSegment *segment)
{
  if (!(rule->channel_mask & (1u << channel)))
    return FALSE;
  if (!(rule->audience_mask & (1u << segment->audience)))
    return FALSE;
  if (!(rule->age_band_mask & (1u << segment->age_band)))
    return FALSE;
  if (!(rule->goal_mask & (1u << segment->goal)))
    return FALSE;
  if (rule->b2b >= 0 && (segment->b2b ? 1 : 0) != rule->b2b)
    return FALSE;
  if (rule->industries != NULL &&
      (segment->industry == NULL ||
       !g_strv_contains ((const char * const *) rule->industries, segment->industry)))
    return FALSE;

  return TRUE;
}

void
_ms_score_context_init (MsScoreContext  *ctx,
                        const MsRuleSet *set,
                        const MsMessage *message)
{
  guint n_bubbles = ms_message_get_n_bubbles (message);

  memset (ctx, 0, sizeof *ctx);
  ctx->set = set;
  ctx->message = message;
  ctx->segment = ms_message_get_segment (message);
  ctx->channel = ms_message_get_channel (message);

  if (ctx->channel == MS_CHANNEL_EMAIL)
    {
      ctx->present[MS_FIELD_SUBJECT] = TRUE;
      ctx->present[MS_FIELD_PREHEADER] = TRUE;
      ctx->present[MS_FIELD_BODY] = TRUE;
    }
  else
    {
      /* A LINE title is optional; rules on it apply only when there is one. */
      ctx->present[MS_FIELD_SUBJECT] = ms_message_get_field (message, MS_FIELD_SUBJECT)[0] != 0;
      for (guint i = 0; i < n_bubbles; i++)
        ctx->present[MS_FIELD_BUBBLE1 + i] = TRUE;
    }

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      ms_normalized_init (&ctx->norm[f]);
      if (ctx->present[f])
        ms_normalized_set_text (&ctx->norm[f], ms_message_get_field (message, f), -1);
    }

  ctx->applies = g_new0 (gboolean, set->rules->len);
  for (guint r = 0; r < set->rules->len; r++)
    ctx->applies[r] = rule_applies (g_ptr_array_index (set->rules, r), ctx->channel,
                                    ctx->segment);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    ctx->footer_start[f] = -1;

  ctx->hits = g_array_sized_new (FALSE, FALSE, sizeof (MsHit), 64);
  ctx->first_hit = g_new0 (guint, set->rules->len + 1);
  ctx->raw = g_array_sized_new (FALSE, FALSE, sizeof (MsRawFinding), 32);
}

void
_ms_score_context_clear (MsScoreContext *ctx)
{
  for (guint f = 0; f < MS_N_FIELDS; f++)
    ms_normalized_clear (&ctx->norm[f]);
  for (guint f = 0; f < MS_N_FIELDS; f++)
    g_clear_pointer (&ctx->clusters[f], g_array_unref);
  for (guint f = 0; f < MS_N_FIELDS; f++)
    for (guint lines = 0; lines < 2; lines++)
      g_clear_pointer (&ctx->spans[f][lines], g_array_unref);
  for (guint f = 0; f < MS_N_FIELDS; f++)
    if (ctx->tokenized[f])
      ms_tokens_clear (&ctx->tokens[f]);
  for (guint f = 0; f < MS_N_FIELDS; f++)
    g_clear_pointer (&ctx->claims[f], g_array_unref);
  g_free (ctx->applies);
  g_array_unref (ctx->hits);
  g_free (ctx->first_hit);
  g_array_unref (ctx->raw);
}

/* The grapheme clusters of @field, walked once per scoring however many
 * checks need them. */
/* A character that is a whole cluster by itself unless an extender follows,
 * with its display width: ASCII, CJK punctuation, kana, kanji, full-width
 * forms (less 〰 and 〽, which are emoji). Most Japanese text is only these. */
static inline guint
simple_cells (gunichar c)
{
  if (c >= 0x20 && c < 0x7F)
    return 1;
  if (((c >= 0x3000 && c <= 0x30FF) && c != 0x3030 && c != 0x303D) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF01 && c <= 0xFF5E))
    return 2;
  return 0;
}

static inline gboolean
may_extend (gunichar c)
{
  return (c >= 0x0300 && c <= 0x036F) || c == 0x3099 || c == 0x309A || c == 0xFF9E ||
         c == 0xFF9F || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x20E3 ||
         (c >= 0x1F3FB && c <= 0x1F3FF) || c >= 0xE0000 ||
         (c >= 0x0300 && g_unichar_ismark (c));
}

/* The grapheme clusters of @field, walked once per scoring however many
 * checks need them. */
GArray *
_ms_score_context_get_clusters (MsScoreContext *ctx,
                                MsField         field)
{
  const char *text;
  const char *end;
  const char *p, *next = NULL, *after_next = NULL;
  GArray *clusters;
  guint n_out = 0;
  gunichar c;
  guint32 cp = 0;

  if (ctx->clusters[field] != NULL)
    return ctx->clusters[field];

  text = ms_message_get_field (ctx->message, field);
  end = text + strlen (text);
  /* Written in place (about one cluster per character of the normalised
   * text), grown when the text has more, sized at the end. */
  clusters = g_array_sized_new (FALSE, FALSE, sizeof (MsCluster), ctx->norm[field].n_chars + 1);
  g_array_set_size (clusters, ctx->norm[field].n_chars + 1);

  p = text;
  c = p < end ? ms_utf8_decode (p, &next) : 0;
  while (p < end)
    {
      gunichar after = next < end ? ms_utf8_decode (next, &after_next) : 0;
      guint cells = simple_cells (c);
      MsCluster *cluster;

      if (n_out == clusters->len)
        g_array_set_size (clusters, 2 * n_out + 16);
      cluster = &g_array_index (clusters, MsCluster, n_out++);

      if (cells > 0 && (next >= end || !may_extend (after)))
        {
          cluster->byte_start = p - text;
          cluster->byte_end = next - text;
          cluster->cp = cp++;
          cluster->first = c;
          cluster->line_break = FALSE;
          cluster->emoji = FALSE;
          cluster->cells = cells;
          p = next;
          c = after;
          next = after_next;
        }
      else
        {
          MsGraphemeIter iter;
          const char *cs, *ce;

          ms_grapheme_iter_init (&iter, p, end - p);
          ms_grapheme_iter_next (&iter, &cs, &ce);
          cluster->byte_start = cs - text;
          cluster->byte_end = ce - text;
          cluster->cp = cp;
          cluster->first = c;
          cluster->line_break = ms_text_cluster_is_line_break (cs, ce);
          cluster->emoji = !cluster->line_break && ms_text_cluster_is_emoji (cs, ce);
          cluster->cells = cluster->emoji ? 2 : ms_text_cluster_cells (cs, ce);
          for (const char *q = cs; q < ce; q = g_utf8_next_char (q))
            cp++;
          p = ce;
          c = p < end ? ms_utf8_decode (p, &next) : 0;
        }
    }
  g_array_set_size (clusters, n_out);

  ctx->clusters[field] = clusters;
  return clusters;
}

static gboolean
is_rule_char (gunichar c)
{
  return c == 0x2015 || c == 0x2500 || c == 0x2501 || c == '-' || c == '=' || c == 0xFF1D ||
         c == '_' || c == 0xFF3F || c == '*' || c == 0xFF0A || c == '~' || c == 0x301C ||
         c == 0x30FC || c == 0x2014 || c == 0x2550 || c == 0x25A0 || c == 0x25A1 || c == 0xFF0D;
}

static const char * const footer_markers[] = {
  "配信", "発行", "〒", "運営", "問い合わせ", "問合せ", "株式会社", "unsubscribe", "Unsubscribe",
};

static gboolean
is_footer_line (const char *s,
                const char *e)
{
  for (guint i = 0; i < G_N_ELEMENTS (footer_markers); i++)
    {
      gsize len = strlen (footer_markers[i]);

      for (const char *p = s; p + len <= e; p++)
        if (memcmp (p, footer_markers[i], len) == 0)
          return TRUE;
    }
  return FALSE;
}

static gboolean
is_blank (const char *s,
          const char *e)
{
  for (const char *p = s; p < e; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        return FALSE;
    }
  return TRUE;
}

/* A footer without a separator line: the last paragraph (after an empty
 * line), when it has two lines or more and each names a sender, an
 * address, a contact or an opt-out. Returns where it starts, or n_chars. */
static guint
footer_paragraph (MsScoreContext *ctx,
                  MsField         field)
{
  const char *text = ms_message_get_field (ctx->message, field);
  const char *p = text + strlen (text);
  const char *para = NULL;
  guint lines = 0;

  while (p > text && g_ascii_isspace (p[-1]))
    p--;
  while (p > text)
    {
      const char *line_end = p;
      const char *line_start = p;

      while (line_start > text && line_start[-1] != '\n')
        line_start--;
      if (is_blank (line_start, line_end))
        break;
      if (line_start == text || !is_footer_line (line_start, line_end))
        return ctx->norm[field].n_chars;    /* not a footer, or nothing above it */
      lines++;
      para = line_start;
      p = line_start - 1;
      if (p > text && p[-1] == '\r')
        p--;
    }

  if (para == NULL || lines < 2)
    return ctx->norm[field].n_chars;
  return (guint) g_utf8_pointer_to_offset (text, para);
}

/* Where an email's footer (sender, address, opt-out) starts: after the last
 * separator line (five or more of ―, ─, -, =, _ …) when what follows names
 * a sender, an address or an opt-out; otherwise at the last paragraph when
 * each of its lines does (footer_paragraph()); otherwise the field has no
 * footer (n_chars). */
guint
_ms_score_context_get_footer_start (MsScoreContext *ctx,
                                    MsField         field)
{
  GArray *clusters;
  guint n_chars = ctx->norm[field].n_chars;
  guint line_start = 0, rule_chars = 0, last_footer = n_chars;
  gboolean only_rule = TRUE;

  if (ctx->footer_start[field] >= 0)
    return ctx->footer_start[field];

  clusters = _ms_score_context_get_clusters (ctx, field);
  for (guint i = 0; i <= clusters->len; i++)
    {
      const MsCluster *c = i < clusters->len ? &g_array_index (clusters, MsCluster, i) : NULL;

      if (c == NULL || c->line_break)
        {
          guint end = c != NULL ? c->cp : n_chars;

          if (only_rule && rule_chars >= 5 && line_start > 0)
            last_footer = end;
          line_start = end + 1;
          rule_chars = 0;
          only_rule = TRUE;
          continue;
        }

      if (is_rule_char (c->first))
        rule_chars++;
      else if (c->first != ' ' && c->first != 0x3000 && c->first != '\t')
        only_rule = FALSE;
    }

  /* A separator before the last section is only a footer's if that section
   * reads like one. */
  if (last_footer < n_chars)
    {
      const char *text = ms_message_get_field (ctx->message, field);
      const char *tail = g_utf8_offset_to_pointer (text, last_footer);
      gboolean footer = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (footer_markers) && !footer; i++)
        footer = strstr (tail, footer_markers[i]) != NULL;
      if (!footer)
        last_footer = n_chars;
    }
  else
    last_footer = footer_paragraph (ctx, field);

  ctx->footer_start[field] = last_footer;
  return last_footer;
}

/* The tokens of the normalised @field, parsed once per scoring (and lines
 * seen before come from the tokenizer's cache). */
const MsTokens *
_ms_score_context_get_tokens (MsScoreContext *ctx,
                              MsField         field)
{
  if (!ctx->tokenized[field])
    {
      ms_tokens_init (&ctx->tokens[field]);
      ms_tokenize (ctx->norm[field].text, ctx->norm[field].len, &ctx->tokens[field]);
      ctx->tokenized[field] = TRUE;
    }
  return &ctx->tokens[field];
}

void
_ms_score_context_emit (MsScoreContext *ctx,
                        guint           rule,
                        MsField         field,
                        guint           start,
                        guint           end)
{
  const MsRule *r = g_ptr_array_index (ctx->set->rules, rule);
  MsRawFinding raw = { rule, field, start, end, r->severity };

  g_array_append_val (ctx->raw, raw);
}

/* ------------------------------------------------------------------ hits */

typedef struct
{
  MsScoreContext *ctx;
  MsField         field;
} ScanData;

static void
on_match (gsize          start,
          gsize          end,
          const guint32 *values,
          guint          n_values,
          gpointer       user_data)
{
  ScanData *data = user_data;
  MsScoreContext *ctx = data->ctx;
  const MsNormalized *norm = &ctx->norm[data->field];

  for (guint i = 0; i < n_values; i++)
    {
      guint r = values[i] >> 2;
      const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
      MsHit hit;

      if (!ctx->applies[r] || !(rule->field_mask & (1u << data->field)))
        continue;

      hit.rule = r;
      hit.tag = values[i] & 3;
      hit.field = data->field;
      hit.nstart = start;
      hit.nend = end;
      ms_normalized_to_original (norm, start, end, &hit.start, &hit.end);
      g_array_append_val (ctx->hits, hit);
    }
}

typedef struct
{
  MsScoreContext *ctx;
  MsField         field;
  const MsTokens *tokens;
} LemmaScan;

static void
on_lemma_match (guint    value,
                guint    first,
                guint    last,
                gpointer user_data)
{
  LemmaScan *scan = user_data;
  MsScoreContext *ctx = scan->ctx;
  guint r = value >> 2;
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  const MsToken *a = &g_array_index (scan->tokens->tokens, MsToken, first);
  const MsToken *b = &g_array_index (scan->tokens->tokens, MsToken, last);
  MsHit hit;

  if (!ctx->applies[r] || !(rule->field_mask & (1u << scan->field)))
    return;

  hit.rule = r;
  hit.tag = value & 3;
  hit.field = scan->field;
  hit.nstart = a->start;
  hit.nend = b->end;
  ms_normalized_to_original (&ctx->norm[scan->field], hit.nstart, hit.nend, &hit.start, &hit.end);
  g_array_append_val (ctx->hits, hit);
}

static void
run_lemma_patterns (MsScoreContext *ctx,
                    MsField         field)
{
  LemmaScan scan = { ctx, field, _ms_score_context_get_tokens (ctx, field) };

  ms_lemma_matcher_scan (ctx->set->lemmas, scan.tokens, on_lemma_match, &scan);
}

static gboolean
excepted (MsScoreContext *ctx,
          guint           r,
          const MsHit    *claim)
{
  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *other = &g_array_index (ctx->hits, MsHit, h);

      if (other->tag == MS_TAG_EXCEPT && other->field == claim->field &&
          other->nstart < claim->nend && claim->nstart < other->nend)
        return TRUE;
    }
  return FALSE;
}

/* Claims in a context that makes them none: negated, an aspiration, a
 * question, quoted (the rule's guards), or part of a fixed expression such
 * as 最高気温 (its except patterns). */
static void
suppress_non_claims (MsScoreContext *ctx)
{
  for (guint r = 0; r < ctx->set->rules->len; r++)
    {
      const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

      if (rule->guards == 0 && rule->except == NULL)
        continue;

      for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
        {
          MsHit *hit = &g_array_index (ctx->hits, MsHit, h);
          const MsTokens *tokens;
          guint first, last;

          if (hit->tag != MS_TAG_WORDS)
            continue;
          if (rule->except != NULL && excepted (ctx, r, hit))
            {
              hit->tag = MS_TAG_SUPPRESSED;
              continue;
            }
          if (rule->guards == 0 || !ms_tokenizer_is_available ())
            continue;

          tokens = _ms_score_context_get_tokens (ctx, hit->field);
          if (ms_claim_find_tokens (tokens, hit->nstart, hit->nend, &first, &last) &&
              ms_claim_get_guards (tokens, first, last, rule->guards) != 0)
            hit->tag = MS_TAG_SUPPRESSED;
        }
    }
}

static void
run_regex_group (MsScoreContext     *ctx,
                 const MsRegexGroup *group,
                 MsField             field)
{
  const MsNormalized *norm = &ctx->norm[field];
  g_autoptr(GMatchInfo) info = NULL;

  if (norm->len == 0)
    return;

  g_regex_match_full (group->regex, norm->text, norm->len, 0, 0, &info, NULL);
  while (g_match_info_matches (info))
    {
      int s, e;

      if (g_match_info_fetch_pos (info, 0, &s, &e) && e > s)
        {
          MsHit hit = { 0, MS_TAG_WORDS, field, s, e, 0, 0 };

          ms_normalized_to_original (norm, s, e, &hit.start, &hit.end);
          for (guint i = 0; i < group->rules->len; i++)
            {
              guint r = g_array_index (group->rules, guint, i);
              const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

              if (ctx->applies[r] && (rule->field_mask & (1u << field)))
                {
                  hit.rule = r;
                  g_array_append_val (ctx->hits, hit);
                }
            }
        }
      if (!g_match_info_next (info, NULL))
        break;
    }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const MsHit *x = a, *y = b;

  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  if (x->nstart != y->nstart)
    return x->nstart < y->nstart ? -1 : 1;
  if (x->nend != y->nend)
    return x->nend > y->nend ? -1 : 1;     /* longest first */
  return (int) x->tag - (int) y->tag;
}

/* The inside of a merge tag (*|MERGE16|*) is no copy: no number, no word. */
static void
drop_hits_in_merge_tags (MsScoreContext *ctx)
{
  GArray *tags[MS_N_FIELDS] = { NULL, };
  guint kept = 0;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    if (ctx->present[f])
      tags[f] = ms_merge_tags_find (ms_message_get_field (ctx->message, f));

  for (guint h = 0; h < ctx->hits->len; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (!ms_merge_tags_contain (tags[hit->field], hit->start, hit->end))
        g_array_index (ctx->hits, MsHit, kept++) = *hit;
    }
  g_array_set_size (ctx->hits, kept);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    g_clear_pointer (&tags[f], g_array_unref);
}

static void
collect_hits (MsScoreContext *ctx)
{
  const MsRuleSet *set = ctx->set;
  guint n_rules = set->rules->len;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      ScanData data = { ctx, f };

      if (!ctx->present[f] || ctx->norm[f].len == 0)
        continue;
      ms_matcher_scan (set->matcher, ctx->norm[f].text, ctx->norm[f].len, on_match, &data);
    }

  for (guint i = 0; i < set->regex_groups->len; i++)
    {
      const MsRegexGroup *group = g_ptr_array_index (set->regex_groups, i);
      guint mask = 0;

      /* Only the fields some applicable rule of the group looks at. */
      for (guint j = 0; j < group->rules->len; j++)
        {
          guint r = g_array_index (group->rules, guint, j);

          if (ctx->applies[r])
            mask |= ((const MsRule *) g_ptr_array_index (set->rules, r))->field_mask;
        }

      for (guint f = 0; f < MS_N_FIELDS; f++)
        if (ctx->present[f] && (mask & (1u << f)))
          run_regex_group (ctx, group, f);
    }

  if (set->lemmas != NULL)
    for (guint f = 0; f < MS_N_FIELDS; f++)
      if (ctx->present[f] && ctx->norm[f].len > 0)
        run_lemma_patterns (ctx, f);

  drop_hits_in_merge_tags (ctx);
  if (ctx->hits->len > 1)
    qsort (ctx->hits->data, ctx->hits->len, sizeof (MsHit), compare_hits);

  /* Index: hits of rule r are [first_hit[r], first_hit[r + 1]). */
  for (guint h = 0; h < ctx->hits->len; h++)
    ctx->first_hit[g_array_index (ctx->hits, MsHit, h).rule + 1]++;
  for (guint r = 0; r < n_rules; r++)
    ctx->first_hit[r + 1] += ctx->first_hit[r];

  suppress_non_claims (ctx);
}

/* Literal and regex rules: one finding per occurrence; overlapping
 * occurrences of one rule (最安 inside 最安値) count once. */
static void
emit_matches (MsScoreContext *ctx,
              guint           r)
{
  int last_field = -1;
  guint last_end = 0;

  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (hit->tag != MS_TAG_WORDS)
        continue;
      if ((int) hit->field == last_field && hit->start < last_end)
        continue;

      _ms_score_context_emit (ctx, r, hit->field, hit->start, hit->end);
      last_field = hit->field;
      last_end = hit->end;
    }
}

/* -------------------------------------------------------------- results */

/* The original text of code points [start, end) of @field. The normalised
 * map knows, for each code point, the first normalised byte made of it; the
 * original bytes are walked from the nearest cluster instead of the start. */
static char *
substring (MsScoreContext *ctx,
           MsField         field,
           guint           start,
           guint           end)
{
  const char *text = ms_message_get_field (ctx->message, field);
  GArray *clusters = _ms_score_context_get_clusters (ctx, field);
  guint lo = 0, hi = clusters->len;
  const char *s, *e;

  /* The last cluster that starts at or before @start. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (clusters, MsCluster, mid).cp <= start)
        lo = mid;
      else
        hi = mid;
    }

  if (clusters->len == 0)
    return g_strdup ("");
  s = g_utf8_offset_to_pointer (text + g_array_index (clusters, MsCluster, lo).byte_start,
                                start - g_array_index (clusters, MsCluster, lo).cp);
  e = g_utf8_offset_to_pointer (s, end - start);
  return g_strndup (s, e - s);
}

static const char *
rule_replacement (const MsRule *rule,
                  MsGoal        goal)
{
  const char *with = NULL;

  if (rule->replacement != NULL)
    return rule->replacement;
  if (rule->replacement_by_goal == NULL)
    return NULL;

  with = json_object_get_string_member_with_default (rule->replacement_by_goal,
                                                     ms_goal_to_string (goal), NULL);
  if (with == NULL)
    with = json_object_get_string_member_with_default (rule->replacement_by_goal, "any", NULL);
  return with;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const MsFinding *x = *(MsFinding * const *) a;
  const MsFinding *y = *(MsFinding * const *) b;

  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return strcmp (x->rule_id, y->rule_id);
}

/* The predictor's features, from the clusters the checks already walked. */
static void
compute_features (MsScoreContext *ctx,
                  MsFeatures     *features)
{
  memset (features, 0, sizeof *features);
  features->n_bubbles = ctx->channel == MS_CHANNEL_LINE ?
                        ms_message_get_n_bubbles (ctx->message) : 0;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      MsTextCounts counts = { 0, };
      GArray *clusters;

      if (!ctx->present[f] && !(f == MS_FIELD_SUBJECT))
        continue;
      if (ctx->channel == MS_CHANNEL_LINE && (f == MS_FIELD_PREHEADER || f == MS_FIELD_BODY))
        continue;

      clusters = _ms_score_context_get_clusters (ctx, f);
      for (guint i = 0; i < clusters->len; i++)
        {
          const MsCluster *c = &g_array_index (clusters, MsCluster, i);

          counts.characters++;
          counts.cells += c->cells;
          counts.emoji += c->emoji;
          counts.lines += c->line_break;
        }
      if (counts.characters > 0)
        counts.lines++;

      _ms_features_add_field (features, ms_message_get_field (ctx->message, f), &counts,
                              f == MS_FIELD_SUBJECT);
    }
}

/* Claims (words, patterns, claim checks) are what can overlap: a span that
 * several rules flag (絶対 as an NG word and as a superlative). */
static gboolean
is_claim_rule (const MsRule *rule)
{
  return rule->kind != MS_RULE_KIND_CHECK || rule->check == MS_CHECK_CLAIM_NOTE;
}

/* The stronger of two raw findings of one span: severity, then points,
 * then pack order. */
static gboolean
outranks (const MsRuleSet    *set,
          const MsRawFinding *a,
          const MsRawFinding *b)
{
  const MsRule *x = g_ptr_array_index (set->rules, a->rule);
  const MsRule *y = g_ptr_array_index (set->rules, b->rule);
  double px = set->costs[a->rule * MS_N_AXES + x->axis];
  double py = set->costs[b->rule * MS_N_AXES + y->axis];

  if (a->severity != b->severity)
    return a->severity > b->severity;
  if (px != py)
    return px > py;
  return a->rule < b->rule;
}

static int
compare_raw (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const MsRawFinding *raw = user_data;
  const MsRawFinding *x = &raw[*(const guint *) a];
  const MsRawFinding *y = &raw[*(const guint *) b];

  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* One problem, one finding: overlapping claims of different rules become one
 * group. Returns, for each raw finding, the index of its group's strongest
 * (itself when it leads its group). */
static guint *
group_overlapping_claims (MsScoreContext *ctx)
{
  const MsRawFinding *raw = (const MsRawFinding *) (gpointer) ctx->raw->data;
  guint n = ctx->raw->len;
  guint *leader = g_new (guint, n);
  g_autofree guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    leader[i] = order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_raw, (gpointer) raw);

  for (guint i = 0; i < n;)
    {
      guint first = order[i], best = first, end_of_group = i + 1;
      guint group_end = raw[first].end;

      if (is_claim_rule (g_ptr_array_index (ctx->set->rules, raw[first].rule)) &&
          raw[first].end > raw[first].start)
        {
          while (end_of_group < n)
            {
              const MsRawFinding *next = &raw[order[end_of_group]];

              if (next->field != raw[first].field || next->start >= group_end ||
                  next->end == next->start ||
                  !is_claim_rule (g_ptr_array_index (ctx->set->rules, next->rule)))
                break;
              group_end = MAX (group_end, next->end);
              if (outranks (ctx->set, next, &raw[best]))
                best = order[end_of_group];
              end_of_group++;
            }
        }

      for (guint k = i; k < end_of_group; k++)
        leader[order[k]] = best;
      i = end_of_group;
    }

  return leader;
}

static MsFinding *
new_finding (MsScoreContext     *ctx,
             const MsRawFinding *raw,
             const char         *language)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, raw->rule);
  MsFinding *f = ms_finding_new ();

  f->rule_id = g_strdup (rule->id);
  f->axis = rule->axis;
  f->severity = raw->severity;
  f->field = raw->field;
  f->start = raw->start;
  f->end = raw->end;
  f->message = g_strdup (ms_rule_get_message (rule, language));
  f->reference = g_strdup (rule->reference);
  return f;
}

/* A graded rule's finding costs the share of its points that the width of
 * what it marks is of the rule's "full_at" (scoring.json), in cells when the
 * rule counts cells, else in characters; other findings cost them all. */
static double
graded_share (MsScoreContext     *ctx,
              const MsRawFinding *raw)
{
  double full_at = ctx->set->full_at[raw->rule];
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, raw->rule);
  GArray *clusters;
  double width = 0;

  if (full_at <= 0)
    return 1;
  clusters = _ms_score_context_get_clusters (ctx, raw->field);
  for (guint i = 0; i < clusters->len; i++)
    {
      const MsCluster *c = &g_array_index (clusters, MsCluster, i);

      if (c->cp >= raw->start && c->cp < raw->end)
        width += rule->count_cells ? c->cells : 1;
    }
  return MIN (1.0, width / full_at);
}

/* Each axis's score from what it lost, the weighted total, and the caps. */
static void
set_totals (MsScoreResult        *result,
            const MsScoreContext *ctx,
            const char           *language,
            const double         *lost,
            gboolean              compliance_error,
            guint                 spam_patterns)
{
  const MsRuleSet *set = ctx->set;
  const MsScoreConfig *config = set->config;
  double total = 0;

  for (guint a = 0; a < MS_N_AXES; a++)
    {
      double score = CLAMP (100.0 - lost[a], 0.0, 100.0);

      result->axes[a] = (guint) lround (score);
      result->weights[a] = config->weights[ctx->channel][a];
      result->labels[a] = g_strdup (ms_score_config_get_axis_label (config, a, language));
      total += result->weights[a] * score;
    }

  result->total = (guint) lround (CLAMP (total, 0.0, 100.0));
  if (compliance_error && result->total > config->compliance_error_cap)
    {
      result->total = config->compliance_error_cap;
      result->capped = TRUE;
    }
  /* Spam patterns: one is a slip to fix, several make the message read as
   * spam to filters and readers alike (scoring.json "spam_cap"). */
  if (config->spam_min_findings > 0 && spam_patterns >= config->spam_min_findings &&
      result->total > config->spam_cap)
    {
      result->total = config->spam_cap;
      result->spam_capped = TRUE;
    }

  if (set->brand != NULL && set->brand->min_score > 0)
    {
      result->has_min_score = TRUE;
      result->min_threshold = (guint) set->brand->min_score;
      result->min_passed = result->total >= result->min_threshold;
      result->min_action = set->brand->min_score_action;
    }
}

static MsScoreResult *
build_result (MsScoreContext *ctx,
              const char     *language)
{
  const MsRuleSet *set = ctx->set;
  const MsScoreConfig *config = set->config;
  MsScoreResult *result = _ms_score_result_new ();
  double lost[MS_N_AXES] = { 0, };
  g_autofree guint *per_rule = g_new0 (guint, set->rules->len);
  g_autofree guint *leader = group_overlapping_claims (ctx);
  g_autofree MsFinding **by_raw = g_new0 (MsFinding *, ctx->raw->len);
  g_autofree double *group_costs = g_new0 (double, (gsize) MAX (ctx->raw->len, 1) * MS_N_AXES);
  g_autofree guint *seen = g_new0 (guint, set->rules->len);
  g_autofree gboolean *group_is_spam = g_new0 (gboolean, MAX (ctx->raw->len, 1));
  gboolean compliance_error = FALSE;
  guint spam_patterns = 0;

  result->engine = g_strdup (set->engine);
  result->language = g_strdup (language);
  result->channel = ctx->channel;

  /* A group's finding marks all of its words. */
  for (guint i = 0; i < ctx->raw->len; i++)
    {
      MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      MsRawFinding *lead = &g_array_index (ctx->raw, MsRawFinding, leader[i]);

      lead->start = MIN (lead->start, raw->start);
      lead->end = MAX (lead->end, raw->end);
    }

  /* One problem, one finding: it costs each axis the most any of its rules
   * would, each rule's further findings costing repeat_factor times the one
   * before. */
  for (guint i = 0; i < ctx->raw->len; i++)
    {
      const MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      double *into = &group_costs[leader[i] * MS_N_AXES];
      double factor = pow (config->repeat_factor, seen[raw->rule]++) * graded_share (ctx, raw);

      for (guint a = 0; a < MS_N_AXES; a++)
        into[a] = MAX (into[a], set->costs[raw->rule * MS_N_AXES + a] * factor);
      group_is_spam[leader[i]] |= set->spam_pattern[raw->rule];
    }

  for (guint i = 0; i < ctx->raw->len; i++)
    {
      const MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      const MsRule *rule = g_ptr_array_index (set->rules, raw->rule);
      guint k;
      MsFinding *f;

      if (leader[i] != i)
        continue;
      k = per_rule[raw->rule]++;
      if (k >= config->max_findings_per_rule)
        continue;

      f = new_finding (ctx, raw, language);
      f->text = substring (ctx, raw->field, raw->start, raw->end);
      for (guint a = 0; a < MS_N_AXES; a++)
        {
          f->costs[a] = group_costs[i * MS_N_AXES + a];
          lost[a] += f->costs[a];
        }
      f->points = f->costs[rule->axis];
      f->suggestion = g_strdup (ms_rule_get_suggestion (rule, language));
      f->replacement = g_strdup (rule_replacement (rule, ctx->segment->goal));
      g_ptr_array_add (result->findings, f);
      by_raw[i] = f;

      if (rule->axis == MS_AXIS_COMPLIANCE && raw->severity == MS_SEVERITY_ERROR)
        compliance_error = TRUE;
      if (group_is_spam[i])
        spam_patterns++;
    }

  /* The rules a finding's words also break, named once each. */
  for (guint i = 0; i < ctx->raw->len; i++)
    {
      const MsRawFinding *raw = &g_array_index (ctx->raw, MsRawFinding, i);
      MsFinding *f = by_raw[leader[i]];

      if (leader[i] == i || f == NULL || ms_finding_matches (f, ((const MsRule *)
            g_ptr_array_index (set->rules, raw->rule))->id))
        continue;
      ms_finding_add_also (f, new_finding (ctx, raw, language));
    }

  g_ptr_array_sort (result->findings, compare_findings);

  set_totals (result, ctx, language, lost, compliance_error, spam_patterns);
  return result;
}

/**
 * ms_scorer_score:
 * @rules: the rule set in force (ms_rule_set_get_default() for the built-ins)
 * @message: what to score
 * @options: (nullable): flags, predictor and language
 *
 * Returns: (transfer full): the result, or NULL if a field is not valid UTF-8
 */
MsScoreResult *
ms_scorer_score (MsRuleSet            *rules,
                 const MsMessage      *message,
                 const MsScoreOptions *options,
                 GError              **error)
{
  static const MsScoreOptions defaults = { 0, };
  g_autoptr(MsScoreResult) result = NULL;
  MsScoreContext ctx;
  const char *language;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  language = options->language != NULL ? options->language : ms_score_get_language ();
  language = g_str_equal (language, "ja") ? "ja" : "en";

  if (!ms_message_validate (message, error))
    return NULL;

  _ms_score_context_init (&ctx, rules, message);
  collect_hits (&ctx);

  for (guint r = 0; r < rules->rules->len; r++)
    {
      const MsRule *rule = g_ptr_array_index (rules->rules, r);

      if (!ctx.applies[r])
        continue;
      if (rule->kind == MS_RULE_KIND_CHECK)
        _ms_checks_run (&ctx, r);
      else
        emit_matches (&ctx, r);
    }
  _ms_claim_similar_pass (&ctx);

  result = build_result (&ctx, language);

  if (!(options->flags & MS_SCORE_FLAGS_NO_PREDICTION))
    {
      g_autoptr(MsPredictor) fallback = NULL;
      MsPredictor *predictor = options->predictor;
      MsFeatures features;

      if (predictor == NULL)
        predictor = fallback = ms_baseline_predictor_new (ms_rule_set_get_baselines (rules),
                                                          language);
      compute_features (&ctx, &features);
      result->prediction = ms_predictor_predict (predictor, message, &features, result->axes,
                                                 error);
      if (result->prediction == NULL)
        {
          _ms_score_context_clear (&ctx);
          return NULL;
        }
    }
  _ms_score_context_clear (&ctx);

  if (!(options->flags & MS_SCORE_FLAGS_NO_VARIANTS))
    {
      g_autoptr(GPtrArray) variants = _ms_variants_generate (rules, message, result, options);

      for (guint i = 0; i < variants->len; i++)
        g_ptr_array_add (result->variants, g_steal_pointer (&g_ptr_array_index (variants, i)));
      g_ptr_array_set_free_func (variants, NULL);
    }

  return g_steal_pointer (&result);
}
