/* ms-rule-private.h — what the rule set and the scorer read from a rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-rule.h"

G_BEGIN_DECLS

typedef enum
{
  MS_RULE_KIND_LITERAL,
  MS_RULE_KIND_REGEX,
  MS_RULE_KIND_CHECK,
  MS_RULE_KIND_LEMMA,
} MsRuleKind;

/* The computed checks; see data/rules/README.md for their parameters. */
typedef enum
{
  MS_CHECK_NONE,
  MS_CHECK_ABSENT,          /* none of words/pattern in the fields (within N chars) */
  MS_CHECK_LENGTH,          /* field length in cells or characters outside [min, max] */
  MS_CHECK_COUNT_CHARS,     /* more than max of the characters in "chars" */
  MS_CHECK_COUNT_EMOJI,     /* more than max emoji */
  MS_CHECK_COUNT_WORDS,     /* more than max hits of words/pattern */
  MS_CHECK_FRONT,           /* words/pattern present but first one after "within" */
  MS_CHECK_CLAIM_NOTE,      /* a claim (words) with no note (context_words) within "window" */
  MS_CHECK_REGISTER_MIX,    /* です・ます and だ・である sentence endings mixed */
  MS_CHECK_SENTENCE_LENGTH, /* sentences longer than max characters */
  MS_CHECK_KANJI_RATIO,     /* kanji share of kanji+kana above max */
  MS_CHECK_CHAR_RUN,        /* a run of kanji, katakana or capitals of min characters or more */
  MS_CHECK_LINE_LENGTH,     /* lines longer than max characters */
  MS_CHECK_BUBBLES,         /* more than max LINE bubbles */
  MS_CHECK_REMINDER,        /* always, once, where the rule's fields have text */
  MS_CHECK_SIMILAR_CLAIM,   /* a sentence the claim model finds like enforced copy of "family" */
} MsCheck;

typedef enum
{
  MS_CHAR_CLASS_KANJI,
  MS_CHAR_CLASS_KATAKANA,
  MS_CHAR_CLASS_CAPITALS,   /* A–Z, Ａ–Ｚ: only in text that is mostly lower case */
} MsCharClass;

#define MS_FIELD_MASK_ALL ((1u << MS_N_FIELDS) - 1)
#define MS_FIELD_MASK_BUBBLES (MS_FIELD_MASK_ALL & ~7u)

struct _MsRule
{
  gatomicrefcount  ref_count;

  char            *id;
  char            *pack;
  MsAxis           axis;
  MsSeverity       severity;
  guint            field_mask;
  double           penalty;        /* < 0: the severity's default from scoring.json */

  MsRuleKind       kind;
  MsCheck          check;
  char           **words;          /* as written; normalised when the set is built */
  char           **context_words;
  char            *pattern;
  char            *family;         /* similar_claim: the legal family the model scores */
  GRegex          *regex;          /* compiled on the normalised form */
  char           **patterns;       /* lemma patterns (ms-lemma-matcher.c) */
  char           **except;         /* lemma patterns of fixed expressions that are no claim */
  guint            guards;         /* MsGuard: contexts that are no claim */
  gboolean         when_noted;     /* claim_note: fire when the note is there */
  gboolean         note_elsewhere; /* claim_note: fire only when the note is in the
                                      message but not near the claim */
  char            *unless;         /* a brand setting that turns the rule off */

  gboolean         has_min;
  gboolean         has_max;
  double           min;
  double           max;
  guint            within;         /* characters; 0 = anywhere */
  guint            window;
  guint            window_before;  /* claim_note: notes this far before the claim count too */
  gboolean         count_cells;
  gboolean         skip_empty;
  gboolean         at_end;
  gboolean         skip_footer;    /* ignore hits in an email footer */
  gboolean         merge_tags;     /* absent: a merge tag ({first_name}, *|FNAME|*) is one of the words */
  gunichar        *chars;          /* normalised, 0-terminated */
  MsCharClass      char_class;
  char           **polite;
  char           **plain;

  /* when */
  guint            channel_mask;
  guint            audience_mask;
  guint            age_band_mask;
  guint            goal_mask;
  char           **industries;
  int              b2b;            /* -1 any */

  char            *message[2];     /* ja, en */
  char            *suggestion[2];
  char            *reference;
  char            *replacement;    /* variants: replace the matched words with this */
  JsonObject      *replacement_by_goal;
  char            *brand_slot;
};

MsRule *_ms_rule_copy_with_words (const MsRule        *self,
                                  const char * const  *words,
                                  double               max);

G_END_DECLS
