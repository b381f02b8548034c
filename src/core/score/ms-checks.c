/* ms-checks.c — the computed checks (lengths, counts, register, positions)
 *
 * A rule of kind "check" names one of these; its words, thresholds, fields
 * and messages come from its pack. Each check reads the original text (for
 * characters, cells and emoji, as the reader sees them) or the hits of its
 * words in the normalised text, and emits raw findings in code points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "text/ms-text.h"
#include "text/ms-utf8.h"
#include "ms-merge-tags.h"
#include "ms-score-context.h"

typedef struct
{
  const char *s;          /* bytes of the sentence, without its terminator */
  const char *e;
  guint       start;      /* code points */
  guint       end;
  guint       characters; /* grapheme clusters */
} Span;

static inline gboolean
in_mask (const MsRule *rule,
         MsField       field)
{
  return (rule->field_mask & (1u << field)) != 0;
}

static inline gboolean
is_kanji (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         c == 0x3005 || (c >= 0xF900 && c <= 0xFAFF);
}

static inline gboolean
is_katakana (gunichar c)
{
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC || (c >= 0xFF66 && c <= 0xFF9F);
}

static inline gboolean
is_hiragana (gunichar c)
{
  return c >= 0x3041 && c <= 0x3096;
}

static gboolean
is_sentence_end (gunichar c)
{
  return c == 0x3002 || c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F ||
         c == '\n' || c == '\r' || c == 0xFF61;
}

/* Splits a field into sentences (at 。！？!? and line breaks) or lines,
 * skipping empty ones; once per scoring, however many checks ask. */
static GArray *
split (MsScoreContext *ctx,
       MsField         field,
       gboolean        lines_only)
{
  const char *text = ms_message_get_field (ctx->message, field);
  GArray *clusters;
  GArray *spans;
  Span cur = { text, text, 0, 0, 0 };

  if (ctx->spans[field][lines_only ? 1 : 0] != NULL)
    return ctx->spans[field][lines_only ? 1 : 0];

  clusters = _ms_score_context_get_clusters (ctx, field);
  spans = g_array_new (FALSE, FALSE, sizeof (Span));
  ctx->spans[field][lines_only ? 1 : 0] = spans;

  for (guint i = 0; i < clusters->len; i++)
    {
      const MsCluster *c = &g_array_index (clusters, MsCluster, i);
      guint next_cp = i + 1 < clusters->len ? g_array_index (clusters, MsCluster, i + 1).cp
                                            : ctx->norm[field].n_chars;
      gboolean ends = lines_only ? c->line_break : (c->line_break || is_sentence_end (c->first));

      if (ends)
        {
          if (cur.characters > 0)
            g_array_append_val (spans, cur);
          cur.characters = 0;
        }
      else
        {
          if (cur.characters == 0)
            {
              cur.s = text + c->byte_start;
              cur.start = c->cp;
            }
          cur.e = text + c->byte_end;
          cur.end = next_cp;
          cur.characters++;
        }
    }

  if (cur.characters > 0)
    g_array_append_val (spans, cur);

  return spans;
}

static gboolean
field_exists (MsScoreContext *ctx,
              const MsRule   *rule,
              MsField         field)
{
  return ctx->present[field] && in_mask (rule, field);
}

/* ---------------------------------------------------------------- absent */

/* A merge tag in a field of the rule (within its first characters, if it
 * says so): the sending tool puts the reader's name there. */
static gboolean
has_merge_tag (MsScoreContext *ctx,
               const MsRule   *rule)
{
  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      g_autoptr(GArray) tags = NULL;

      if (!field_exists (ctx, rule, f))
        continue;
      tags = ms_merge_tags_find (ms_message_get_field (ctx->message, f));
      if (tags->len > 0 &&
          (rule->within == 0 || g_array_index (tags, MsMergeTag, 0).start < rule->within))
        return TRUE;
    }
  return FALSE;
}

static void
check_absent (MsScoreContext *ctx,
              guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  int first = -1, last = -1;

  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (rule->skip_footer && hit->start >= _ms_score_context_get_footer_start (ctx, hit->field))
        continue;
      if (hit->tag == MS_TAG_WORDS && (rule->within == 0 || hit->start < rule->within))
        return;
    }
  if (rule->merge_tags && has_merge_tag (ctx, rule))
    return;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    if (field_exists (ctx, rule, f) && !(rule->skip_empty && ctx->norm[f].n_chars == 0))
      {
        if (first < 0)
          first = f;
        last = f;
      }

  /* skip_empty: nothing is missing from a field not written yet (a subject
   * scored before its body). */
  if (first < 0)
    return;

  if (rule->at_end)
    _ms_score_context_emit (ctx, r, last, ctx->norm[last].n_chars, ctx->norm[last].n_chars);
  else
    _ms_score_context_emit (ctx, r, first, 0,
                            rule->within > 0 ? MIN (rule->within, ctx->norm[first].n_chars) : 0);
}

/* -------------------------------------------------------------- reminder */

/* One note at the end of the last field of the rule that has text. */
static void
check_reminder (MsScoreContext *ctx,
                guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  int last = -1;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    if (field_exists (ctx, rule, f) && ctx->norm[f].n_chars > 0)
      last = f;

  if (last >= 0)
    _ms_score_context_emit (ctx, r, last, ctx->norm[last].n_chars, ctx->norm[last].n_chars);
}

/* ---------------------------------------------------------------- length */

static void
check_length (MsScoreContext *ctx,
              guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *clusters;
      double total = 0;
      int over_at = -1;

      if (!field_exists (ctx, rule, f))
        continue;
      if (ctx->norm[f].n_chars == 0 && rule->skip_empty)
        continue;

      clusters = _ms_score_context_get_clusters (ctx, f);
      for (guint i = 0; i < clusters->len; i++)
        {
          const MsCluster *c = &g_array_index (clusters, MsCluster, i);

          total += rule->count_cells ? c->cells : 1;
          if (rule->has_max && total > rule->max)
            {
              over_at = c->cp;
              break;
            }
        }

      if (over_at >= 0)
        _ms_score_context_emit (ctx, r, f, over_at, ctx->norm[f].n_chars);
      else if (rule->has_min && total < rule->min)
        _ms_score_context_emit (ctx, r, f, 0, ctx->norm[f].n_chars);
    }
}

/* ----------------------------------------------------------------- counts */

static gboolean
char_in (const gunichar *chars,
         gunichar        c)
{
  for (; *chars; chars++)
    if (*chars == c)
      return TRUE;
  return FALSE;
}

static void
check_count_chars (MsScoreContext *ctx,
                   guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      const MsNormalized *n = &ctx->norm[f];
      guint count = 0, first = 0, last = 0;

      if (!field_exists (ctx, rule, f))
        continue;

      for (const char *p = n->text, *next; p < n->text + n->len; p = next)
        if (char_in (rule->chars, ms_utf8_decode (p, &next)))
          {
            gsize at = p - n->text;

            if (count == 0)
              first = n->orig_start[at];
            last = n->orig_end[at];
            count++;
          }

      if (count > rule->max)
        _ms_score_context_emit (ctx, r, f, first, last);
    }
}

static void
check_count_emoji (MsScoreContext *ctx,
                   guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *clusters;
      guint count = 0, first = 0, last = 0;

      if (!field_exists (ctx, rule, f))
        continue;

      clusters = _ms_score_context_get_clusters (ctx, f);
      for (guint i = 0; i < clusters->len; i++)
        {
          const MsCluster *c = &g_array_index (clusters, MsCluster, i);

          if (!c->emoji)
            continue;
          if (count == 0)
            first = c->cp;
          last = i + 1 < clusters->len ? g_array_index (clusters, MsCluster, i + 1).cp
                                       : ctx->norm[f].n_chars;
          count++;
        }

      if (count > rule->max)
        _ms_score_context_emit (ctx, r, f, first, last);
    }
}

static void
check_count_words (MsScoreContext *ctx,
                   guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  guint count = 0;

  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (hit->tag != MS_TAG_WORDS)
        continue;
      if (++count == (guint) rule->max + 1)
        _ms_score_context_emit (ctx, r, hit->field, hit->start, hit->end);
    }
}

/* -------------------------------------------------------------- positions */

static void
check_front (MsScoreContext *ctx,
             guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  gboolean seen[MS_N_FIELDS] = { FALSE, };

  /* Hits are sorted by field and start: the first per field is the earliest. */
  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (hit->tag != MS_TAG_WORDS || seen[hit->field])
        continue;
      if (rule->skip_footer && hit->start >= _ms_score_context_get_footer_start (ctx, hit->field))
        continue;
      seen[hit->field] = TRUE;
      if (hit->start >= rule->within)
        _ms_score_context_emit (ctx, r, hit->field, hit->start, hit->end);
    }
}

static void
check_claim_note (MsScoreContext *ctx,
                  guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  guint first = ctx->first_hit[r], last = ctx->first_hit[r + 1];
  gboolean any_note = FALSE;

  for (guint h = first; h < last && !any_note; h++)
    any_note = g_array_index (ctx->hits, MsHit, h).tag == MS_TAG_CONTEXT;

  /* The note is elsewhere or nowhere: only "elsewhere" (far from its claim)
   * is what a note_elsewhere rule is about. */
  if (rule->note_elsewhere && !any_note)
    return;

  for (guint h = first; h < last; h++)
    {
      const MsHit *claim = &g_array_index (ctx->hits, MsHit, h);
      gboolean noted = FALSE;

      if (claim->tag != MS_TAG_WORDS)
        continue;

      for (guint k = first; k < last && !noted; k++)
        {
          const MsHit *note = &g_array_index (ctx->hits, MsHit, k);

          noted = note->tag == MS_TAG_CONTEXT && note->field == claim->field &&
                  note->start + rule->window_before >= claim->start &&
                  note->start <= claim->end + rule->window;
        }

      if (noted == rule->when_noted)
        _ms_score_context_emit (ctx, r, claim->field, claim->start, claim->end);
    }
}

/* --------------------------------------------------------------- register */

static gboolean
is_particle (gunichar c)
{
  return c == 0x3088 /* よ */ || c == 0x306D /* ね */ || c == 0x306A /* な */ ||
         c == 0x308F /* わ */ || c == 0x304B /* か */ || c == 0x305E /* ぞ */ ||
         c == 0x30FC /* ー */ || c == 0x3063 /* っ */ || c == 0x3041 || c == 0x3043;
}

static gboolean
ends_with_any (const char  *s,
               gsize        len,
               char       **words)
{
  for (guint i = 0; words[i]; i++)
    {
      gsize wl = strlen (words[i]);

      if (wl <= len && memcmp (s + len - wl, words[i], wl) == 0)
        return TRUE;
    }
  return FALSE;
}

/* 1 polite, 2 plain, 0 neither. */
static int
classify_ending (const MsRule *rule,
                 const Span   *span)
{
  const char *e = span->e;
  guint stripped = 0;

  /* Drop what follows the last word: punctuation, brackets, emoji, spaces. */
  while (e > span->s)
    {
      const char *prev = g_utf8_prev_char (e);
      gunichar c = g_utf8_get_char (prev);

      if (is_hiragana (c) || is_katakana (c) || is_kanji (c) || g_unichar_isalnum (c))
        break;
      e = prev;
    }

  for (int pass = 0; pass < 2; pass++)
    {
      if (ends_with_any (span->s, e - span->s, rule->polite))
        return 1;
      if (ends_with_any (span->s, e - span->s, rule->plain))
        return 2;

      while (e > span->s && stripped < 2)
        {
          const char *prev = g_utf8_prev_char (e);

          if (!is_particle (g_utf8_get_char (prev)))
            break;
          e = prev;
          stripped++;
        }
    }

  return 0;
}

static void
check_register_mix (MsScoreContext *ctx,
                    guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  guint counts[3] = { 0, };
  MsField first_field[3] = { 0, };
  Span first_span[3];
  guint minority;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *spans;

      if (!field_exists (ctx, rule, f))
        continue;

      spans = split (ctx, f, FALSE);
      for (guint i = 0; i < spans->len; i++)
        {
          const Span *span = &g_array_index (spans, Span, i);
          int kind = classify_ending (rule, span);

          if (kind != 0 && counts[kind]++ == 0)
            {
              first_field[kind] = f;
              first_span[kind] = *span;
            }
        }
    }

  if (counts[1] == 0 || counts[2] == 0)
    return;
  if (rule->has_min && MIN (counts[1], counts[2]) < rule->min)
    return;

  minority = counts[2] <= counts[1] ? 2 : 1;
  _ms_score_context_emit (ctx, r, first_field[minority], first_span[minority].start,
                          first_span[minority].end);
}

/* ------------------------------------------------------------ readability */

static void
check_spans (MsScoreContext *ctx,
             guint           r,
             gboolean        lines)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  guint limit;

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *spans;

      if (!field_exists (ctx, rule, f))
        continue;
      if (rule->has_min && ctx->norm[f].n_chars < rule->min)
        continue;

      spans = split (ctx, f, lines);
      limit = rule->skip_footer ? _ms_score_context_get_footer_start (ctx, f) : G_MAXUINT;
      for (guint i = 0; i < spans->len; i++)
        {
          const Span *span = &g_array_index (spans, Span, i);

          if (span->start >= limit)
            break;
          if (span->characters > rule->max)
            _ms_score_context_emit (ctx, r, f, span->start, span->end);
        }
    }
}

static void
check_kanji_ratio (MsScoreContext *ctx,
                   guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *clusters;
      guint kanji = 0, kana = 0, limit;

      if (!field_exists (ctx, rule, f))
        continue;

      clusters = _ms_score_context_get_clusters (ctx, f);
      limit = rule->skip_footer ? _ms_score_context_get_footer_start (ctx, f) : G_MAXUINT;
      for (guint i = 0; i < clusters->len; i++)
        {
          const MsCluster *c = &g_array_index (clusters, MsCluster, i);

          if (c->cp >= limit)
            break;
          if (is_kanji (c->first))
            kanji++;
          else if (is_hiragana (c->first) || is_katakana (c->first))
            kana++;
        }

      if (kanji + kana >= rule->min &&
          (double) kanji / (kanji + kana) > rule->max)
        _ms_score_context_emit (ctx, r, f, 0, ctx->norm[f].n_chars);
    }
}

static inline gboolean
is_capital (gunichar c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 0xFF21 && c <= 0xFF3A);
}

static inline gboolean
is_small (gunichar c)
{
  return (c >= 'a' && c <= 'z') || (c >= 0xFF41 && c <= 0xFF5A);
}

/* What a word is made of, for where a word in capitals starts and ends:
 * letters, digits and the marks of merge tags (*|FNAME|*, {{NAME}}, %NAME%),
 * which are no shouting. */
static inline gboolean
is_word_part (gunichar c)
{
  return is_capital (c) || is_small (c) || g_unichar_isdigit (c) || c == '|' || c == '{' ||
         c == '}' || c == '%' || c == '_';
}

static gboolean
in_class (MsCharClass klass,
          gunichar    c)
{
  switch (klass)
    {
    case MS_CHAR_CLASS_KANJI: return is_kanji (c);
    case MS_CHAR_CLASS_KATAKANA: return is_katakana (c);
    case MS_CHAR_CLASS_CAPITALS: return is_capital (c);
    default: return FALSE;
    }
}

/* Capitals shout only where the rest is written in lower case: a word in
 * capitals inside an English sentence, not SALE or OFF in Japanese copy,
 * where Latin words are commonly capitals. */
static gboolean
mostly_lower_case (GArray *clusters)
{
  guint small = 0, capital = 0;

  for (guint i = 0; i < clusters->len; i++)
    {
      gunichar c = g_array_index (clusters, MsCluster, i).first;

      small += is_small (c);
      capital += is_capital (c);
    }
  return small > capital;
}

/* An acronym the rule allows (its "words": BBC, FAQ, USA), written as the
 * whole run [start, end): a name, not shouting. */
static gboolean
allowed_word (MsScoreContext *ctx,
              guint           r,
              MsField         f,
              guint           start,
              guint           end)
{
  for (guint h = ctx->first_hit[r]; h < ctx->first_hit[r + 1]; h++)
    {
      const MsHit *hit = &g_array_index (ctx->hits, MsHit, h);

      if (hit->tag == MS_TAG_WORDS && hit->field == f && hit->start == start && hit->end == end)
        return TRUE;
    }
  return FALSE;
}

static void
check_char_run (MsScoreContext *ctx,
                guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      GArray *clusters;
      g_autoptr(GArray) tags = NULL;
      guint run = 0, run_start = 0, limit;
      gboolean word_start = TRUE;

      if (!field_exists (ctx, rule, f))
        continue;

      clusters = _ms_score_context_get_clusters (ctx, f);
      if (rule->char_class == MS_CHAR_CLASS_CAPITALS && !mostly_lower_case (clusters))
        continue;
      /* {{ NAME }} is the reader's name, not a word in capitals */
      tags = ms_merge_tags_find (ms_message_get_field (ctx->message, f));
      limit = rule->skip_footer ? _ms_score_context_get_footer_start (ctx, f) : G_MAXUINT;
      for (guint i = 0; i <= clusters->len; i++)
        {
          const MsCluster *c = i < clusters->len ? &g_array_index (clusters, MsCluster, i) : NULL;
          guint at = c != NULL ? c->cp : ctx->norm[f].n_chars;
          gboolean member = c != NULL && at < limit && in_class (rule->char_class, c->first);

          if (member)
            {
              if (run++ == 0)
                {
                  run_start = at;
                  /* capitals: whole words only (not the NASA of NASAbased) */
                  word_start = i == 0 ||
                               !is_word_part (g_array_index (clusters, MsCluster, i - 1).first);
                }
              continue;
            }

          if (run >= rule->min &&
              (rule->char_class != MS_CHAR_CLASS_CAPITALS ||
               (word_start && !is_word_part (c != NULL ? c->first : ' '))) &&
              !ms_merge_tags_contain (tags, run_start, at) &&
              !allowed_word (ctx, r, f, run_start, at))
            _ms_score_context_emit (ctx, r, f, run_start, at);
          run = 0;
          if (at >= limit)
            break;
        }
    }
}

static void
check_bubbles (MsScoreContext *ctx,
               guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);
  guint n = ms_message_get_n_bubbles (ctx->message);

  if (ctx->channel != MS_CHANNEL_LINE || n <= rule->max)
    return;

  for (guint i = (guint) rule->max; i < n; i++)
    _ms_score_context_emit (ctx, r, MS_FIELD_BUBBLE1 + i, 0,
                            ctx->norm[MS_FIELD_BUBBLE1 + i].n_chars);
}

void
_ms_checks_run (MsScoreContext *ctx,
                guint           r)
{
  const MsRule *rule = g_ptr_array_index (ctx->set->rules, r);

  switch (rule->check)
    {
    case MS_CHECK_ABSENT: check_absent (ctx, r); break;
    case MS_CHECK_LENGTH: check_length (ctx, r); break;
    case MS_CHECK_COUNT_CHARS: check_count_chars (ctx, r); break;
    case MS_CHECK_COUNT_EMOJI: check_count_emoji (ctx, r); break;
    case MS_CHECK_COUNT_WORDS: check_count_words (ctx, r); break;
    case MS_CHECK_FRONT: check_front (ctx, r); break;
    case MS_CHECK_CLAIM_NOTE: check_claim_note (ctx, r); break;
    case MS_CHECK_REGISTER_MIX: check_register_mix (ctx, r); break;
    case MS_CHECK_SENTENCE_LENGTH: check_spans (ctx, r, FALSE); break;
    case MS_CHECK_LINE_LENGTH: check_spans (ctx, r, TRUE); break;
    case MS_CHECK_KANJI_RATIO: check_kanji_ratio (ctx, r); break;
    case MS_CHECK_CHAR_RUN: check_char_run (ctx, r); break;
    case MS_CHECK_BUBBLES: check_bubbles (ctx, r); break;
    case MS_CHECK_REMINDER: check_reminder (ctx, r); break;
    case MS_CHECK_SIMILAR_CLAIM: break;   /* after every rule: _ms_claim_similar_pass () */
    case MS_CHECK_NONE:
    default:
      g_assert_not_reached ();
    }
}
