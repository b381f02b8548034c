/* ms-claim-context.c — is a matched claim really claimed?
 *
 * 「シミが消える」 is a claim; 「シミが消えるわけではありません」 is not, nor is
 * 「No.1の企業を目指します」 or 「先着順ではございません」. These checks read the
 * tokens around a match, within its line and clause:
 *
 *  - negation: after the claim, past auxiliaries (ます, です, た), particles
 *    (は, も, で), dependent words (わけ, こと, もの) and light verbs (する,
 *    できる, ある, なる), a negative (ない, ぬ, ん, ず) before any other word;
 *  - aspiration: 目指す, 目標, 志す, 挑戦 in the same clause;
 *  - question: the clause ends in か or ？;
 *  - quotation: the claim sits in 「…」 followed by と, って or など, or its
 *    clause ends in conversational hearsay (…になるんだとか, …なんだって);
 *  - caution: the claim names whom the product is not for — its clause goes on
 *    to ご相談, 控える, 遠慮 or できません (高血圧の方は医師にご相談ください), or
 *    it is a line of a list under such a heading (以下の方は施術できません);
 *  - notified: the claim's sentence ends in the wording of a notified function
 *    claim, 「…機能が報告されています」 or 「…に役立つことが報告されています」
 *    (機能性表示食品: the claim is the one notified to the Consumer Affairs
 *    Agency, which a checker cannot see);
 *  - medical: the claim's line or one next to it is about a vaccination
 *    (予防接種, ワクチン, 接種), a dentist's fluoride (フッ化物, フッ素塗布) or a
 *    drug the law classes (第2類医薬品, 有効成分, 「…の諸症状」, a common
 *    OTC ingredient): a clinic's notice or an approved medicine names
 *    diseases and what prevents them, which only foods and cosmetics may
 *    not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-claim-context.h"

#define NEGATION_REACH 8
#define ASPIRATION_AFTER 10
#define ASPIRATION_BEFORE 4
#define QUOTE_REACH 40
#define NOTIFIED_REACH 80
#define CAUTION_LINES 8

typedef struct
{
  char **negative;      /* ない ぬ ん ず */
  char **modal_nouns;   /* 必要 はず わけ もの: 痩せる必要はありません */
  char **promise;       /* 約束 保証 意味: 効果を保証するものではありません */
  char **disclaimer;    /* わけ もの 限る: …わけではありません, …とは限りません */
  char **light_verbs;   /* する できる ある なる いる 限る ござる */
  char **soft_particles;
  char **aspiration;
  char **quote_follow;
  char  *question;      /* か */
  char  *copula;        /* だ */
  char **hearsay;       /* とか って: after だ */
  char **caution;       /* 相談 控える 遠慮 断る 避ける */
  char **can;           /* できる いただける られる: 施術できません */
  char **function;      /* 機能 こと */
  char  *reported;      /* 報告 */
  char **medical;       /* 接種 ワクチン フッ化物 … */
  char **medical_pairs; /* 類 医薬品, 諸 症状: two tokens in a row */
} Words;

static char **
fold_all (const char * const *words)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *key = ms_token_fold_key (words[i]);
      g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

static const Words *
get_words (void)
{
  static Words *words;

  if (g_once_init_enter (&words))
    {
      static const char * const negative[] = { "ない", "ぬ", "ん", "ず", NULL };
      static const char * const light[] = {
        "する", "できる", "ある", "なる", "いる", "限る", "ござる", "おる", "くる", NULL
      };
      static const char * const particles[] = {
        "は", "も", "で", "じゃ", "が", "に", "と", "には", "では", "とは", "ので", NULL
      };
      static const char * const aspiration[] = {
        "目指す", "目標", "志す", "挑戦", "努める", "目指せる", NULL
      };
      static const char * const quote_follow[] = {
        "と", "って", "など", "などと", "という", "といった", "とか", "との", NULL
      };
      static const char * const hearsay[] = { "とか", "って", NULL };
      static const char * const modal[] = { "必要", "はず", "わけ", "訳", "もの", "こと", NULL };
      static const char * const promise[] = { "約束", "保証", "意味", NULL };
      static const char * const disclaimer[] = { "わけ", "訳", "もの", "限る", NULL };
      static const char * const caution[] = { "相談", "控える", "遠慮", "断る", "避ける", NULL };
      static const char * const can[] = { "できる", "いただける", "られる", "れる", "使える", NULL };
      static const char * const function[] = { "機能", "こと", NULL };
      static const char * const medical[] = {
        "接種", "ワクチン", "フッ化物", "フッ素", "塗布", "有効成分", "医療用", "諸症状",
        "イブプロフェン", "アセトアミノフェン", "ロキソプロフェン", "エテンザミド", NULL
      };
      static const char * const medical_pairs[] = { "類", "医薬品", "諸", "症状", NULL };
      Words *w = g_new0 (Words, 1);

      w->negative = fold_all (negative);
      w->modal_nouns = fold_all (modal);
      w->promise = fold_all (promise);
      w->disclaimer = fold_all (disclaimer);
      w->light_verbs = fold_all (light);
      w->soft_particles = fold_all (particles);
      w->aspiration = fold_all (aspiration);
      w->quote_follow = fold_all (quote_follow);
      w->question = ms_token_fold_key ("か");
      w->copula = ms_token_fold_key ("だ");
      w->hearsay = fold_all (hearsay);
      w->caution = fold_all (caution);
      w->can = fold_all (can);
      w->function = fold_all (function);
      w->reported = ms_token_fold_key ("報告");
      w->medical = fold_all (medical);
      w->medical_pairs = fold_all (medical_pairs);
      g_once_init_leave (&words, w);
    }

  return words;
}

static inline const MsToken *
token_at (const MsTokens *tokens,
          guint           i)
{
  return &g_array_index (tokens->tokens, MsToken, i);
}

static gboolean
key_in (const MsTokens *tokens,
        const MsToken  *token,
        char          **words)
{
  const char *key = ms_tokens_get_key (tokens, token);

  return g_strv_contains ((const char * const *) words, key);
}

/* The last token index of the line that holds token @i. */
static guint
line_last (const MsTokens *tokens,
           guint           i)
{
  guint n = tokens->tokens->len;

  while (i + 1 < n && !(token_at (tokens, i + 1)->flags & MS_TOKEN_LINE_START))
    i++;
  return i;
}

static guint
line_first (const MsTokens *tokens,
            guint           i)
{
  while (i > 0 && !(token_at (tokens, i)->flags & MS_TOKEN_LINE_START))
    i--;
  return i;
}

static gboolean
is_negative (const MsTokens *tokens,
             const MsToken  *token,
             const Words    *words)
{
  return (token->pos == MS_POS_AUXILIARY || token->pos == MS_POS_ADJECTIVE) &&
         key_in (tokens, token, words->negative);
}

/* Whether a negative follows token @from, past only words that carry no
 * meaning of their own (auxiliaries, particles, light verbs). */
static gboolean
negative_follows (const MsTokens *tokens,
                  guint           from,
                  guint           end,
                  const Words    *words)
{
  for (guint i = from + 1; i <= end && i <= from + NEGATION_REACH; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (t->flags & MS_TOKEN_CLAUSE_END)
        return FALSE;
      if (is_negative (tokens, t, words))
        return TRUE;

      if (t->pos == MS_POS_AUXILIARY || (t->flags & (MS_TOKEN_DEPENDENT | MS_TOKEN_SUFFIX)))
        continue;
      if (t->pos == MS_POS_PARTICLE && key_in (tokens, t, words->soft_particles))
        continue;
      if (t->pos == MS_POS_VERB && key_in (tokens, t, words->light_verbs))
        continue;
      if (t->pos == MS_POS_NOUN && key_in (tokens, t, words->modal_nouns))
        continue;
      /* 効果を保証するものではありません */
      if (t->pos == MS_POS_PARTICLE && i + 1 <= end &&
          key_in (tokens, token_at (tokens, i + 1), words->promise))
        {
          i++;
          continue;
        }
      return FALSE;
    }

  return FALSE;
}

/* The claim is negated right after it (消えません, 先着順ではございません), or
 * its clause ends in a disclaimer (…わけではありません, …とは限りません). */
static gboolean
is_negated (const MsTokens *tokens,
            guint           last,
            const Words    *words)
{
  guint end = line_last (tokens, last);

  if (negative_follows (tokens, last, end, words))
    return TRUE;

  for (guint i = last + 1; i <= end; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (t->flags & MS_TOKEN_CLAUSE_END)
        break;
      if (key_in (tokens, t, words->disclaimer) && negative_follows (tokens, i, end, words))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_aspiration (const MsTokens *tokens,
               guint           first,
               guint           last,
               const Words    *words)
{
  guint end = line_last (tokens, last);
  guint start = line_first (tokens, first);

  for (guint i = last + 1; i <= end && i <= last + ASPIRATION_AFTER; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (key_in (tokens, t, words->aspiration))
        return TRUE;
      if (t->flags & MS_TOKEN_CLAUSE_END)
        break;
    }

  for (guint i = first; i > start && first - i < ASPIRATION_BEFORE; i--)
    {
      const MsToken *t = token_at (tokens, i - 1);

      if (t->flags & MS_TOKEN_CLAUSE_END)
        break;
      if (key_in (tokens, t, words->aspiration))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_question (const MsTokens *tokens,
             guint           last,
             const Words    *words)
{
  guint end = line_last (tokens, last);
  const MsToken *before = token_at (tokens, last);

  for (guint i = last + 1; i <= end; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (t->flags & MS_TOKEN_CLAUSE_END)
        {
          const char *key = ms_tokens_get_key (tokens, t);

          return g_str_equal (key, "?") ||
                 (before->pos == MS_POS_PARTICLE &&
                  g_str_equal (ms_tokens_get_key (tokens, before), words->question));
        }
      before = t;
    }

  return before->pos == MS_POS_PARTICLE &&
         g_str_equal (ms_tokens_get_key (tokens, before), words->question);
}

/* The claim's clause ends in だとか or だって: someone else's word, relayed
 * in conversation (熱中症予防にもなるんだとか). MeCab reads とか as と + か. */
static gboolean
is_hearsay (const MsTokens *tokens,
            guint           last,
            const Words    *words)
{
  guint end = line_last (tokens, last);
  guint i = last + 1, copula = 0;
  g_autoptr(GString) tail = g_string_new (NULL);

  for (; i <= end && !(token_at (tokens, i)->flags & MS_TOKEN_CLAUSE_END); i++)
    if (g_str_equal (ms_tokens_get_key (tokens, token_at (tokens, i)), words->copula))
      copula = i;
  if (copula == 0 || i - copula > 3)
    return FALSE;
  for (guint j = copula + 1; j < i; j++)
    g_string_append (tail, ms_tokens_get_key (tokens, token_at (tokens, j)));
  return g_strv_contains ((const char * const *) words->hearsay, tail->str);
}

static gboolean
is_quoted (const MsTokens *tokens,
           guint           first,
           guint           last,
           const Words    *words)
{
  guint start = line_first (tokens, first);
  guint end = line_last (tokens, last);
  gboolean opened = FALSE;

  for (guint i = first; i > start && first - i < QUOTE_REACH; i--)
    {
      guint8 flags = token_at (tokens, i - 1)->flags;

      if (flags & MS_TOKEN_CLOSE_QUOTE)
        return FALSE;
      if (flags & MS_TOKEN_OPEN_QUOTE)
        {
          opened = TRUE;
          break;
        }
    }
  if (!opened)
    return FALSE;

  for (guint i = last + 1; i <= end && i - last < QUOTE_REACH; i++)
    {
      guint8 flags = token_at (tokens, i)->flags;

      if (flags & MS_TOKEN_OPEN_QUOTE)
        return FALSE;
      if (flags & MS_TOKEN_CLOSE_QUOTE)
        return i + 1 <= end && key_in (tokens, token_at (tokens, i + 1), words->quote_follow);
    }

  return FALSE;
}

/* Whether tokens [@from, @to] say "not for you": a caution word, or a
 * potential negated (施術を行うことができません, ご利用いただけません). */
static gboolean
says_caution (const MsTokens *tokens,
              guint           from,
              guint           to,
              gboolean        clause_only,
              const Words    *words)
{
  for (guint i = from; i <= to; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (clause_only && (t->flags & MS_TOKEN_CLAUSE_END))
        return FALSE;
      if (key_in (tokens, t, words->caution))
        return TRUE;
      if (key_in (tokens, t, words->can) &&
          negative_follows (tokens, i, to, words))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_list_item (const MsTokens *tokens,
              guint           first)
{
  static const char * const marks[] = { "・", "•", "●", "○", "■", "□", "◆", "◇", "-", "－", "*", "※", NULL };
  const MsToken *t = token_at (tokens, first);
  const char *surface = ms_tokens_get_surface (tokens, t);

  /* The line starts with one of @marks (a token may hold more than it). */
  for (guint i = 0; marks[i] != NULL; i++)
    {
      gsize n = strlen (marks[i]);

      if (n <= t->surface_len && memcmp (surface, marks[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_caution (const MsTokens *tokens,
            guint           last,
            const Words    *words)
{
  guint start = line_first (tokens, last);
  guint end = line_last (tokens, last);

  if (last < end && says_caution (tokens, last + 1, end, TRUE, words))
    return TRUE;

  /* A list item (・, ■, -) under a heading line that says it. */
  if (!is_list_item (tokens, start))
    return FALSE;
  for (guint lines = 0; start > 0 && lines < CAUTION_LINES; lines++)
    {
      guint prev_end = start - 1;
      guint prev_start = line_first (tokens, prev_end);

      if (says_caution (tokens, prev_start, prev_end, FALSE, words))
        return TRUE;
      start = prev_start;
    }
  return FALSE;
}

/* 「…を減らすのを助ける機能が報告されています」: 機能, a particle, 報告,
 * later in the claim's sentence (never across 。 or a line). */
static gboolean
is_notified (const MsTokens *tokens,
             guint           last,
             const Words    *words)
{
  guint end = line_last (tokens, last);

  for (guint i = last + 1; i + 2 <= end && i - last < NOTIFIED_REACH; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (t->flags & MS_TOKEN_CLAUSE_END)
        return FALSE;
      if (key_in (tokens, t, words->function) &&
          token_at (tokens, i + 1)->pos == MS_POS_PARTICLE &&
          g_str_equal (ms_tokens_get_key (tokens, token_at (tokens, i + 2)), words->reported))
        return TRUE;
    }

  return FALSE;
}

/* A vaccination, a fluoride treatment, a classed drug or its active
 * ingredient on the claim's line or a line next to it: 「インフルエンザの
 * 予防接種」, 「第2類医薬品」, 「かぜの諸症状の緩和」, 「イブプロフェン」. */
static gboolean
is_medical (const MsTokens *tokens,
            guint           last,
            const Words    *words)
{
  guint start = line_first (tokens, last);
  guint end = line_last (tokens, last);

  if (start > 0)
    start = line_first (tokens, start - 1);
  if (end + 1 < tokens->tokens->len)
    end = line_last (tokens, end + 1);

  for (guint i = start; i <= end; i++)
    {
      const MsToken *t = token_at (tokens, i);

      if (key_in (tokens, t, words->medical))
        return TRUE;
      for (guint k = 0; i > 0 && words->medical_pairs[k] != NULL; k += 2)
        if (g_str_equal (ms_tokens_get_key (tokens, token_at (tokens, i - 1)),
                         words->medical_pairs[k]) &&
            g_str_equal (ms_tokens_get_key (tokens, t), words->medical_pairs[k + 1]))
          return TRUE;
    }
  return FALSE;
}

gboolean
ms_guard_from_string (const char *name,
                      MsGuard    *guard)
{
  static const struct { const char *name; MsGuard guard; } names[] = {
    { "negation", MS_GUARD_NEGATION },
    { "aspiration", MS_GUARD_ASPIRATION },
    { "question", MS_GUARD_QUESTION },
    { "quotation", MS_GUARD_QUOTATION },
    { "notified", MS_GUARD_NOTIFIED },
    { "caution", MS_GUARD_CAUTION },
    { "medical", MS_GUARD_MEDICAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (names[i].name, name) == 0)
      {
        *guard = names[i].guard;
        return TRUE;
      }
  return FALSE;
}

/**
 * ms_claim_get_guards:
 * @first: the claim's first token
 * @last: its last token
 * @guards: the MsGuard flags to check
 *
 * Returns: those of @guards that hold for the claim (0: it is claimed)
 */
guint
ms_claim_get_guards (const MsTokens *tokens,
                     guint           first,
                     guint           last,
                     guint           guards)
{
  const Words *words = get_words ();
  guint held = 0;

  g_return_val_if_fail (first <= last && last < tokens->tokens->len, 0);

  if ((guards & MS_GUARD_NEGATION) && is_negated (tokens, last, words))
    held |= MS_GUARD_NEGATION;
  if ((guards & MS_GUARD_ASPIRATION) && is_aspiration (tokens, first, last, words))
    held |= MS_GUARD_ASPIRATION;
  if ((guards & MS_GUARD_QUESTION) && is_question (tokens, last, words))
    held |= MS_GUARD_QUESTION;
  if ((guards & MS_GUARD_QUOTATION) &&
      (is_quoted (tokens, first, last, words) || is_hearsay (tokens, last, words)))
    held |= MS_GUARD_QUOTATION;
  if ((guards & MS_GUARD_CAUTION) && is_caution (tokens, last, words))
    held |= MS_GUARD_CAUTION;
  if ((guards & MS_GUARD_NOTIFIED) && is_notified (tokens, last, words))
    held |= MS_GUARD_NOTIFIED;
  if ((guards & MS_GUARD_MEDICAL) && is_medical (tokens, last, words))
    held |= MS_GUARD_MEDICAL;

  return held;
}

/**
 * ms_claim_find_tokens:
 * @start: a byte range of the tokenized text
 *
 * Finds the tokens that overlap [@start, @end). Returns FALSE when none do
 * (the range is all spaces, say).
 */
gboolean
ms_claim_find_tokens (const MsTokens *tokens,
                      gsize           start,
                      gsize           end,
                      guint          *first,
                      guint          *last)
{
  guint n = tokens->tokens->len;
  guint lo = 0, hi = n;

  /* The first token that ends after @start. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (token_at (tokens, mid)->end <= start)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo >= n || token_at (tokens, lo)->start >= end)
    return FALSE;

  *first = lo;
  *last = lo;
  while (*last + 1 < n && token_at (tokens, *last + 1)->start < end)
    (*last)++;
  return TRUE;
}
