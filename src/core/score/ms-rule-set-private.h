/* ms-rule-set-private.h — what the scorer reads from a rule set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-lemma-matcher.h"
#include "ms-matcher.h"
#include "ms-rule-private.h"
#include "ms-rule-set.h"

G_BEGIN_DECLS

/* Values in the matchers: rule index << 2 | tag. */
#define MS_TAG_WORDS      0u   /* a claim (literal, regex or lemma) */
#define MS_TAG_CONTEXT    1u   /* a note that qualifies claims (claim_note) */
#define MS_TAG_EXCEPT     2u   /* a fixed expression that is no claim */
#define MS_TAG_SUPPRESSED 3u   /* a claim its context (guards, except) undid */

/* Rules that share a pattern share one run of it. */
typedef struct
{
  GRegex *regex;
  GArray *rules;                 /* guint indices into rules */
  guint   field_mask;            /* union of the rules' fields */
} MsRegexGroup;

struct _MsRuleSet
{
  gatomicrefcount  ref_count;
  GPtrArray       *rules;        /* MsRule in force, in pack order */
  GPtrArray       *all_rules;    /* also the brand templates not in force */
  GHashTable      *by_id;
  MsMatcher       *matcher;
  MsLemmaMatcher  *lemmas;       /* NULL when no rule has patterns or no dictionary */
  GPtrArray       *regex_groups; /* MsRegexGroup */
  MsScoreConfig   *config;
  double          *costs;        /* [rule × MS_N_AXES]: what a rule's first finding costs
                                    each axis (scoring.json "findings", its penalty) */
  gboolean        *spam_pattern; /* [rule]: counts towards scoring.json "spam_cap" */
  double          *full_at;      /* [rule]: > 0 for a graded rule (scoring.json "full_at") */
  JsonNode        *baselines;
  MsBrandRules    *brand;
  char            *engine;
};

G_END_DECLS
