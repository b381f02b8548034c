/* ms-variants.c — A/B alternatives made by rules
 *
 * Each generator makes one change to one field, prompted by the findings of
 * the original: drop or replace NG words (the rule's "replacement"), shorten
 * the subject to the rule's limit, move the number or benefit to the front,
 * make a vague CTA concrete (the rule's "replacement_by_goal"), or swap 【】
 * for a plainer form. Every candidate is scored; the (at most three) that
 * score higher than the original are kept, best first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "text/ms-text.h"
#include "ms-rule-set-private.h"
#include "ms-variants.h"

typedef struct
{
  const char *id;
  const char *ja;
  const char *en;
} Change;

static const Change changes[] = {
  { "ng_words", "NG表現を削除・言い換え：%s", "Removed or reworded the NG words: %s" },
  { "shorten_subject", "件名をiPhoneの受信箱に収まる%u文字幅以内に短縮",
    "Shortened the subject to %u cells so it fits the iPhone inbox" },
  { "front_number", "数字・ベネフィット「%s」を件名の先頭へ移動",
    "Moved the number or benefit “%s” to the front of the subject" },
  { "front_number_line", "数字・ベネフィット「%s」を冒頭へ移動（トーク一覧・通知で最初に見える位置）",
    "Moved the number or benefit “%s” to the start, where the chat list and notification show it" },
  { "concrete_cta", "あいまいなCTA「%s」を具体的な行動に変更",
    "Made the vague call to action “%s” concrete" },
  { "plain_brackets", "件名の【】をシンプルな区切りに変更",
    "Replaced the 【】 in the subject with a plainer separator" },
};

typedef struct
{
  const char *id;
  MsField     field;
  char       *text;
  char       *change;
} Candidate;

static const char *
change_format (const char *id,
               const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    if (g_str_equal (changes[i].id, id))
      return g_str_equal (language, "ja") ? changes[i].ja : changes[i].en;
  g_assert_not_reached ();
}

static const char *
offset_ptr (const char *text,
            guint       offset)
{
  return g_utf8_offset_to_pointer (text, offset);
}

/* Drops trailing ASCII and ideographic spaces, whole characters only. */
static void
trim_trailing_spaces (GString *text)
{
  for (;;)
    {
      if (g_str_has_suffix (text->str, " "))
        g_string_truncate (text, text->len - 1);
      else if (g_str_has_suffix (text->str, "　"))
        g_string_truncate (text, text->len - strlen ("　"));
      else
        return;
    }
}

/* Replaces [start, end) code points of @text with @with. */
static void
splice (GString    *text,
        guint       start,
        guint       end,
        const char *with)
{
  const char *s = offset_ptr (text->str, start);
  const char *e = offset_ptr (s, end - start);
  gsize pos = s - text->str;

  g_string_erase (text, pos, e - s);
  g_string_insert (text, pos, with);
}

static const MsRule *
lookup_rule (MsRuleSet  *rules,
             const char *id)
{
  return g_hash_table_lookup (rules->by_id, id);
}

static void
add_candidate (GArray     *candidates,
               const char *id,
               MsField     field,
               char       *text,
               char       *change)
{
  Candidate c = { id, field, text, change };

  g_array_append_val (candidates, c);
}

static void
make_ng_words (MsRuleSet           *rules,
               const MsMessage     *message,
               const MsScoreResult *result,
               const char          *language,
               GArray              *candidates)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      g_autoptr(GString) text = g_string_new (ms_message_get_field (message, f));
      g_autoptr(GString) words = g_string_new (NULL);
      g_autoptr(GPtrArray) picked = g_ptr_array_new ();
      guint last_end = 0;

      /* Findings are sorted by field and start; keep non-overlapping ones. */
      for (guint i = 0; i < findings->len; i++)
        {
          const MsFinding *finding = g_ptr_array_index (findings, i);
          const MsRule *rule = lookup_rule (rules, finding->rule_id);

          if (finding->field != f || rule == NULL || rule->replacement == NULL ||
              rule->replacement_by_goal != NULL || finding->start == finding->end)
            continue;
          if (picked->len > 0 && finding->start < last_end)
            {
              const MsFinding *prev = g_ptr_array_index (picked, picked->len - 1);

              /* Prefer the longer of two overlapping words. */
              if (finding->start == prev->start && finding->end > prev->end)
                {
                  picked->pdata[picked->len - 1] = (gpointer) finding;
                  last_end = finding->end;
                }
              continue;
            }
          g_ptr_array_add (picked, (gpointer) finding);
          last_end = finding->end;
        }

      if (picked->len == 0)
        continue;

      for (guint i = picked->len; i > 0; i--)
        {
          const MsFinding *finding = g_ptr_array_index (picked, i - 1);
          const MsRule *rule = lookup_rule (rules, finding->rule_id);

          splice (text, finding->start, finding->end, rule->replacement);
        }
      for (guint i = 0; i < picked->len; i++)
        {
          const MsFinding *finding = g_ptr_array_index (picked, i);

          g_string_append_printf (words, "%s「%s」", i > 0 ? " " : "", finding->text);
        }

      add_candidate (candidates, "ng_words", f, g_string_free (g_steal_pointer (&text), FALSE),
                     g_strdup_printf (change_format ("ng_words", language), words->str));
      return;
    }
}

static gboolean
is_break (gunichar c)
{
  return c == ' ' || c == 0x3000 || c == 0x3001 || c == 0x3011 || c == 0xFF01 ||
         c == '!' || c == 0xFF5C || c == '|' || c == 0xFF0F || c == '/' || c == 0x3002;
}

static void
make_shorter_subject (MsRuleSet           *rules,
                      const MsMessage     *message,
                      const MsScoreResult *result,
                      const char          *language,
                      GArray              *candidates)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);
      const MsRule *rule = lookup_rule (rules, finding->rule_id);
      const char *subject = ms_message_get_field (message, MS_FIELD_SUBJECT);
      MsGraphemeIter iter;
      const char *cs, *ce;
      const char *cut = subject, *soft_cut = NULL;
      guint cells = 0, max;

      if (finding->field != MS_FIELD_SUBJECT || rule == NULL || rule->check != MS_CHECK_LENGTH ||
          !rule->has_max || finding->start == 0)
        continue;

      max = (guint) rule->max;
      ms_grapheme_iter_init (&iter, subject, -1);
      while (ms_grapheme_iter_next (&iter, &cs, &ce))
        {
          guint w = rule->count_cells ? ms_text_cluster_cells (cs, ce) : 1;

          if (cells + w > max)
            break;
          cells += w;
          cut = ce;
          if (is_break (g_utf8_get_char (cs)) && cells >= max / 2)
            soft_cut = g_utf8_get_char (cs) == 0x3011 ? ce : cs;
        }

      if (soft_cut != NULL)
        cut = soft_cut;

      add_candidate (candidates, "shorten_subject", MS_FIELD_SUBJECT,
                     g_strndup (subject, cut - subject),
                     g_strdup_printf (change_format ("shorten_subject", language), max));
      return;
    }
}

static void
make_front_number (MsRuleSet           *rules,
                   const MsMessage     *message,
                   const MsScoreResult *result,
                   const char          *language,
                   GArray              *candidates)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);
      const MsRule *rule = lookup_rule (rules, finding->rule_id);
      g_autoptr(GString) text = NULL;
      g_autofree char *moved = NULL;

      if (rule == NULL || rule->check != MS_CHECK_FRONT || finding->start == finding->end)
        continue;

      text = g_string_new (ms_message_get_field (message, finding->field));
      splice (text, finding->start, finding->end, "");
      /* Tidy what was around it. */
      trim_trailing_spaces (text);
      moved = g_strdup_printf ("%s ", finding->text);
      g_string_prepend (text, moved);

      add_candidate (candidates, "front_number", finding->field,
                     g_string_free (g_steal_pointer (&text), FALSE),
                     g_strdup_printf (change_format (finding->field == MS_FIELD_SUBJECT ?
                                                     "front_number" : "front_number_line",
                                                     language),
                                      finding->text));
      return;
    }
}

static void
make_concrete_cta (MsRuleSet           *rules,
                   const MsMessage     *message,
                   const MsScoreResult *result,
                   const char          *language,
                   GArray              *candidates)
{
  GPtrArray *findings = ms_score_result_get_findings (result);
  const MsSegment *segment = ms_message_get_segment (message);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *finding = g_ptr_array_index (findings, i);
      const MsRule *rule = lookup_rule (rules, finding->rule_id);
      const char *with;
      g_autoptr(GString) text = NULL;

      if (rule == NULL || rule->replacement_by_goal == NULL || finding->start == finding->end)
        continue;

      with = json_object_get_string_member_with_default (rule->replacement_by_goal,
                                                         ms_goal_to_string (segment->goal), NULL);
      if (with == NULL)
        with = json_object_get_string_member_with_default (rule->replacement_by_goal, "any", NULL);
      if (with == NULL)
        continue;

      text = g_string_new (ms_message_get_field (message, finding->field));
      splice (text, finding->start, finding->end, with);
      add_candidate (candidates, "concrete_cta", finding->field,
                     g_string_free (g_steal_pointer (&text), FALSE),
                     g_strdup_printf (change_format ("concrete_cta", language), finding->text));
      return;
    }
}

static void
make_plain_brackets (MsRuleSet           *rules,
                     const MsMessage     *message,
                     const MsScoreResult *result,
                     const char          *language,
                     GArray              *candidates)
{
  const char *subject = ms_message_get_field (message, MS_FIELD_SUBJECT);
  g_autoptr(GString) text = g_string_new (NULL);

  if (!ms_score_result_has_finding (result, "style.brackets") &&
      !ms_score_result_has_finding (result, "brand.subject.brackets"))
    return;

  for (const char *p = subject; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == 0x3010)          /* 【 */
        {
          if (text->len > 0 && !g_str_has_suffix (text->str, "｜"))
            g_string_append (text, "｜");
        }
      else if (c == 0x3011)     /* 】 */
        {
          if (*next != '\0' && *next != ' ')
            g_string_append (text, "｜");
        }
      else
        g_string_append_len (text, p, next - p);
    }

  if (g_str_equal (text->str, subject))
    return;

  add_candidate (candidates, "plain_brackets", MS_FIELD_SUBJECT,
                 g_string_free (g_steal_pointer (&text), FALSE),
                 g_strdup (change_format ("plain_brackets", language)));
}

static int
compare_variants (gconstpointer a,
                  gconstpointer b)
{
  const MsVariant *x = *(MsVariant * const *) a;
  const MsVariant *y = *(MsVariant * const *) b;

  return y->delta - x->delta;    /* stable sort keeps generator order on ties */
}

GPtrArray *
_ms_variants_generate (MsRuleSet            *rules,
                       const MsMessage      *message,
                       const MsScoreResult  *result,
                       const MsScoreOptions *options)
{
  GPtrArray *variants = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_variant_free);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  const char *language = ms_score_result_get_language (result);
  MsScoreOptions sub = { MS_SCORE_FLAGS_NO_PREDICTION | MS_SCORE_FLAGS_NO_VARIANTS,
                         NULL, language };

  make_ng_words (rules, message, result, language, candidates);
  make_shorter_subject (rules, message, result, language, candidates);
  make_front_number (rules, message, result, language, candidates);
  make_concrete_cta (rules, message, result, language, candidates);
  make_plain_brackets (rules, message, result, language, candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      g_autoptr(MsMessage) changed = NULL;
      g_autoptr(MsScoreResult) scored = NULL;

      if (g_str_equal (c->text, ms_message_get_field (message, c->field)))
        goto next;

      changed = ms_message_new_with_field (message, c->field, c->text);
      scored = ms_scorer_score (rules, changed, &sub, NULL);
      if (scored != NULL &&
          ms_score_result_get_total (scored) > ms_score_result_get_total (result))
        {
          MsVariant *v = ms_variant_new ();

          v->id = g_strdup (c->id);
          v->field = c->field;
          v->text = g_steal_pointer (&c->text);
          v->change = g_steal_pointer (&c->change);
          v->total = ms_score_result_get_total (scored);
          v->delta = (int) v->total - (int) ms_score_result_get_total (result);
          v->message = g_steal_pointer (&changed);
          g_ptr_array_add (variants, v);
        }

    next:
      g_free (c->text);
      g_free (c->change);
    }

  g_ptr_array_sort (variants, compare_variants);
  if (variants->len > MS_MAX_VARIANTS)
    g_ptr_array_set_size (variants, MS_MAX_VARIANTS);

  (void) options;
  return variants;
}
