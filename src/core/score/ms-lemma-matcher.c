/* ms-lemma-matcher.c — rules on words as MeCab reads them, not on strings
 *
 * A pattern is a line of elements separated by spaces (data/rules/README.md);
 * an alternative holds no space (「の除菌」, not 「の 除菌」):
 *
 *   染み|皺 が|を? * 消える|消す       words, alternatives, optional, a gap
 *   <NUM> kg 減                         a number of any spelling
 *   {disease} * 効く|治る               a lexicon (data/lexicons/disease.json)
 *   最高/名詞                           a word with its part of speech
 *
 * Words are tokenized when the pattern is added, so 「予防する」 is the two
 * words 予防 + する and matches 「予防します」「予防した」. Words compare by
 * their key (ms-tokenizer.h): base form, kana and variants folded; a number
 * written in a word (100 %) matches that number only, <NUM> any. A gap
 * (`*` is up to 4 words, `*N` up to N) never runs across 。！？ or a line.
 *
 * Scanning looks up each token's key once and tries only the patterns that
 * can start with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-data.h"
#include "ms-lemma-matcher.h"
#include "ms-normalizer.h"
#include "text/ms-fold.h"
#include "ms-rule.h"

#define DEFAULT_GAP 4
#define MAX_GAP 12
#define MAX_ELEMENTS 16
#define POS_ANY 0xFF

typedef enum
{
  ELEM_WORDS,
  ELEM_NUMBER,
  ELEM_GAP,
} ElemKind;

/* One spelling: it matches the tokens whose keys are its words' keys (base
 * forms, so any conjugation), or the tokens whose folded surfaces spell it
 * exactly (however MeCab cut it in context). */
typedef struct
{
  guint       first_key;     /* into MsLemmaMatcher.keys */
  const char *surface;       /* folded, in MsLemmaMatcher.strings */
  guint16     surface_len;
  guint8      n_keys;
  guint8      pos;           /* MsPos of the first word, or POS_ANY */
} Alt;

typedef struct
{
  guint8      kind;
  guint8      optional;
  guint8      gap;
  guint       first_alt;   /* into MsLemmaMatcher.alts */
  guint       n_alts;
  /* Which alternatives a token can start: by its key, and by the first
   * character of its spelling (key id → GArray of alt indices). */
  GHashTable *by_key;
  GHashTable *by_char;
  guint8     *starts;      /* bit per key id: some alternative starts with it
                              (by key or by first character); set by compile */
} Elem;

typedef struct
{
  guint    first_elem;  /* into MsLemmaMatcher.elems */
  guint    n_elems;
  guint    value;       /* the first value added with the pattern */
  GArray  *more;        /* (nullable): the values of the same pattern added again */
} Pattern;

typedef struct
{
  const char *key;
  guint32     hash;
  guint32     id;
} Slot;

struct _MsLemmaMatcher
{
  GArray     *patterns;   /* Pattern */
  GArray     *elems;      /* Elem */
  GArray     *alts;       /* Alt */
  GArray     *keys;       /* guint32 key ids of the alternatives' words */

  GStringChunk *strings;
  Slot       *slots;      /* open addressing, key → id (ids from 1) */
  guint       n_slots;
  guint       n_ids;

  /* Patterns by the key id their first element can match; [0] is numbers. */
  GArray    **by_first;   /* [n_ids + 1] of guint pattern indices, or NULL */
  guint       n_by_first;
  guint       compiled_ids;  /* n_ids when compiled: ids above are not in the bitmaps */
  GHashTable *by_pattern;    /* pattern text → index + 1: one pattern for all its rules */
  GArray     *after_number;  /* patterns <NUM> word…, indexed when compiled into: */
  GHashTable *by_second;     /* key id → GArray of such patterns whose word can start there */
};

/* A parsed element, before its words are tokenized. */
typedef struct
{
  ElemKind   kind;
  gboolean   optional;
  guint      gap;
  GPtrArray *words;       /* char *, one per alternative */
  GArray    *pos;         /* guint8 per alternative */
} ParsedElem;

static void
parsed_elem_clear (gpointer data)
{
  ParsedElem *elem = data;

  g_clear_pointer (&elem->words, g_ptr_array_unref);
  g_clear_pointer (&elem->pos, g_array_unref);
}

/* ------------------------------------------------------------- lexicons */

/**
 * ms_lemma_lexicon_get_words:
 * @name: a file of data/lexicons/ without “.json”
 *
 * Returns: (transfer full): the lexicon's words
 */
char **
ms_lemma_lexicon_get_words (const char  *name,
                            GError     **error)
{
  g_autofree char *path = g_strdup_printf ("lexicons/%s.json", name);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *words;

  root = ms_data_load_json (path, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "words"))
    {
      g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                   "unknown lexicon “{%s}” (data/lexicons/%s.json)", name, name);
      return NULL;
    }

  words = json_object_get_array_member (json_node_get_object (root), "words");
  for (guint i = 0; i < json_array_get_length (words); i++)
    {
      JsonNode *node = json_array_get_element (words, i);
      const char *word = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        word = json_object_get_string_member_with_default (json_node_get_object (node),
                                                           "word", NULL);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        word = json_node_get_string (node);

      if (word == NULL || word[0] == '\0' || strchr (word, ' ') != NULL)
        {
          g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                       "lexicon “%s”: word %u must be a non-empty string without spaces",
                       name, i);
          return NULL;
        }
      g_strv_builder_add (builder, word);
    }

  return g_strv_builder_end (builder);
}

/* -------------------------------------------------------------- parsing */

static gboolean
parse_pos (const char *name,
           guint8     *pos)
{
  static const struct { const char *name; MsPos pos; } names[] = {
    { "名詞", MS_POS_NOUN }, { "動詞", MS_POS_VERB }, { "形容詞", MS_POS_ADJECTIVE },
    { "副詞", MS_POS_ADVERB }, { "助動詞", MS_POS_AUXILIARY }, { "助詞", MS_POS_PARTICLE },
    { "接頭詞", MS_POS_PREFIX }, { "連体詞", MS_POS_ADNOMINAL }, { "接続詞", MS_POS_CONJUNCTION },
    { "記号", MS_POS_SYMBOL }, { "数", MS_POS_NUMBER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i].name, name))
      {
        *pos = names[i].pos;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_alternative (const char  *alt,
                   ParsedElem  *elem,
                   GError     **error)
{
  g_autofree char *word = g_strdup (alt);
  char *slash = strrchr (word, '/');
  guint8 pos = POS_ANY;

  /* 最高/名詞: a word with its part of speech; a bare “/” is a word. */
  if (slash != NULL && slash > word && slash[1] != '\0')
    {
      if (!parse_pos (slash + 1, &pos))
        {
          g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                       "“%s”: unknown part of speech “%s” (名詞, 動詞, 形容詞, 副詞, 助動詞, "
                       "助詞, 接頭詞, 連体詞, 接続詞, 記号, 数)", alt, slash + 1);
          return FALSE;
        }
      *slash = '\0';
    }

  if (word[0] == '\0')
    {
      g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID, "an empty alternative");
      return FALSE;
    }

  if (word[0] == '{')
    {
      gsize n = strlen (word);
      g_autofree char *name = NULL;
      g_auto(GStrv) words = NULL;

      if (n < 3 || word[n - 1] != '}')
        {
          g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                       "“%s”: a lexicon is written {name}", word);
          return FALSE;
        }
      name = g_strndup (word + 1, n - 2);
      words = ms_lemma_lexicon_get_words (name, error);
      if (words == NULL)
        return FALSE;
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_ptr_array_add (elem->words, g_strdup (words[i]));
          g_array_append_val (elem->pos, pos);
        }
      return TRUE;
    }

  g_ptr_array_add (elem->words, g_steal_pointer (&word));
  g_array_append_val (elem->pos, pos);
  return TRUE;
}

static gboolean
parse_element (const char  *text,
               ParsedElem  *elem,
               GError     **error)
{
  g_autofree char *body = g_strdup (text);
  gsize n = strlen (body);
  g_auto(GStrv) alternatives = NULL;

  memset (elem, 0, sizeof *elem);

  if (body[0] == '*')
    {
      guint64 gap = DEFAULT_GAP;

      if (body[1] != '\0' && (!g_ascii_string_to_unsigned (body + 1, 10, 1, MAX_GAP, &gap, NULL)))
        {
          g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                       "“%s”: a gap is * or *N with N from 1 to %d", text, MAX_GAP);
          return FALSE;
        }
      elem->kind = ELEM_GAP;
      elem->gap = gap;
      return TRUE;
    }

  if (n > 1 && body[n - 1] == '?')
    {
      elem->optional = TRUE;
      body[n - 1] = '\0';
    }

  if (g_str_equal (body, "<NUM>"))
    {
      elem->kind = ELEM_NUMBER;
      return TRUE;
    }

  elem->kind = ELEM_WORDS;
  elem->words = g_ptr_array_new_with_free_func (g_free);
  elem->pos = g_array_new (FALSE, FALSE, sizeof (guint8));
  alternatives = g_strsplit (body, "|", -1);
  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      if (alternatives[i][0] == '<' || alternatives[i][0] == '*')
        {
          g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                       "“%s”: <NUM> and gaps are elements of their own, not alternatives", text);
          return FALSE;
        }
      if (!parse_alternative (alternatives[i], elem, error))
        return FALSE;
    }

  return TRUE;
}

/* Splits @pattern into elements; @elems gets ParsedElem. */
static gboolean
parse_pattern (const char  *pattern,
               GArray      *elems,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (pattern, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      ParsedElem elem;

      if (parts[i][0] == '\0')
        continue;
      if (!parse_element (parts[i], &elem, error))
        {
          parsed_elem_clear (&elem);
          g_prefix_error (error, "pattern “%s”: ", pattern);
          return FALSE;
        }
      g_array_append_val (elems, elem);
    }

  if (elems->len == 0 || elems->len > MAX_ELEMENTS)
    {
      g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                   "pattern “%s”: needs 1 to %d elements", pattern, MAX_ELEMENTS);
      return FALSE;
    }

  {
    const ParsedElem *first = &g_array_index (elems, ParsedElem, 0);
    const ParsedElem *last = &g_array_index (elems, ParsedElem, elems->len - 1);

    if (first->kind == ELEM_GAP || first->optional || last->kind == ELEM_GAP)
      {
        g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                     "pattern “%s”: must start with a word or <NUM> that is not optional, "
                     "and must not end with a gap", pattern);
        return FALSE;
      }
  }

  return TRUE;
}

/**
 * ms_lemma_pattern_validate:
 *
 * Checks the syntax of @pattern and that its lexicons exist (pack loading).
 */
gboolean
ms_lemma_pattern_validate (const char  *pattern,
                           GError     **error)
{
  g_autoptr(GArray) elems = g_array_new (FALSE, FALSE, sizeof (ParsedElem));

  g_array_set_clear_func (elems, parsed_elem_clear);
  return parse_pattern (pattern, elems, error);
}

/* ----------------------------------------------------------------- keys */

static guint32
lookup_key (const MsLemmaMatcher *self,
            const char           *key,
            guint32               hash)
{
  guint mask = self->n_slots - 1;

  if (self->n_slots == 0)
    return 0;

  for (guint i = hash & mask;; i = (i + 1) & mask)
    {
      const Slot *slot = &self->slots[i];

      if (slot->key == NULL)
        return 0;
      if (slot->hash == hash && strcmp (slot->key, key) == 0)
        return slot->id;
    }
}

static void
insert_slot (Slot       *slots,
             guint       n_slots,
             const char *key,
             guint32     hash,
             guint32     id)
{
  guint mask = n_slots - 1;
  guint i = hash & mask;

  while (slots[i].key != NULL)
    i = (i + 1) & mask;
  slots[i].key = key;
  slots[i].hash = hash;
  slots[i].id = id;
}

static guint32
intern_key (MsLemmaMatcher *self,
            const char     *key,
            gsize           length)
{
  guint32 hash = ms_token_key_hash (key, length);
  g_autofree char *copy = g_strndup (key, length);
  guint32 id = lookup_key (self, copy, hash);

  if (id != 0)
    return id;

  /* Keep the table at most half full. */
  if ((self->n_ids + 1) * 2 > self->n_slots)
    {
      guint n = MAX (64, self->n_slots * 2);
      Slot *slots = g_new0 (Slot, n);

      for (guint i = 0; i < self->n_slots; i++)
        if (self->slots[i].key != NULL)
          insert_slot (slots, n, self->slots[i].key, self->slots[i].hash, self->slots[i].id);
      g_free (self->slots);
      self->slots = slots;
      self->n_slots = n;
    }

  id = ++self->n_ids;
  insert_slot (self->slots, self->n_slots, g_string_chunk_insert (self->strings, copy), hash, id);
  return id;
}

/* ------------------------------------------------------------- building */

MsLemmaMatcher *
ms_lemma_matcher_new (void)
{
  MsLemmaMatcher *self = g_new0 (MsLemmaMatcher, 1);

  self->patterns = g_array_new (FALSE, FALSE, sizeof (Pattern));
  self->elems = g_array_new (FALSE, FALSE, sizeof (Elem));
  self->alts = g_array_new (FALSE, FALSE, sizeof (Alt));
  self->keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->strings = g_string_chunk_new (4096);
  self->after_number = g_array_new (FALSE, FALSE, sizeof (guint));
  self->by_pattern = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_second = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  return self;
}

void
ms_lemma_matcher_free (MsLemmaMatcher *self)
{
  if (self == NULL)
    return;

  for (guint e = 0; e < self->elems->len; e++)
    {
      Elem *elem = &g_array_index (self->elems, Elem, e);

      g_clear_pointer (&elem->by_key, g_hash_table_unref);
      g_clear_pointer (&elem->by_char, g_hash_table_unref);
      g_clear_pointer (&elem->starts, g_free);
    }

  for (guint i = 0; i < self->n_by_first; i++)
    g_clear_pointer (&self->by_first[i], g_array_unref);
  g_free (self->by_first);
  for (guint i = 0; i < self->patterns->len; i++)
    g_clear_pointer (&g_array_index (self->patterns, Pattern, i).more, g_array_unref);
  g_hash_table_unref (self->by_pattern);
  g_array_unref (self->after_number);
  g_hash_table_unref (self->by_second);
  g_array_unref (self->patterns);
  g_array_unref (self->elems);
  g_array_unref (self->alts);
  g_array_unref (self->keys);
  g_string_chunk_free (self->strings);
  g_free (self->slots);
  g_free (self);
}

/* Spellings are indexed by their first two characters (one for a word of
 * one character): common first characters such as お would send most
 * tokens to many alternatives. */
#define PREFIX_CHARS 2

/* The first @n_chars characters of @surface (fewer if it is shorter). */
static gsize
surface_prefix (const char *surface,
                guint       n_chars,
                char        buffer[16])
{
  const char *p = surface;

  for (guint i = 0; i < n_chars && *p != '\0'; i++)
    p = g_utf8_next_char (p);
  memcpy (buffer, surface, MIN ((gsize) (p - surface), 15));
  buffer[MIN ((gsize) (p - surface), 15)] = '\0';
  return strlen (buffer);
}

static void
index_alt (GHashTable *index,
           guint32     id,
           guint       alt)
{
  GArray *alts = g_hash_table_lookup (index, GUINT_TO_POINTER (id));

  if (alts == NULL)
    {
      alts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (index, GUINT_TO_POINTER (id), alts);
    }
  g_array_append_val (alts, alt);
}

/* Indexes @elem's alternatives by their first key and first character. */
static void
index_element (MsLemmaMatcher *self,
               Elem           *elem)
{
  if (elem->kind != ELEM_WORDS)
    return;

  elem->by_key = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  elem->by_char = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  for (guint a = elem->first_alt; a < elem->first_alt + elem->n_alts; a++)
    {
      const Alt *alt = &g_array_index (self->alts, Alt, a);
      char prefix[16];
      gsize n = surface_prefix (alt->surface, PREFIX_CHARS, prefix);

      index_alt (elem->by_key, g_array_index (self->keys, guint32, alt->first_key), a);
      index_alt (elem->by_char, intern_key (self, prefix, n), a);
    }
}

static void
index_pattern (MsLemmaMatcher *self,
               guint           id,
               guint           pattern)
{
  if (id >= self->n_by_first)
    {
      guint n = MAX (id + 1, self->n_by_first * 2);

      self->by_first = g_renew (GArray *, self->by_first, n);
      memset (self->by_first + self->n_by_first, 0, (n - self->n_by_first) * sizeof (GArray *));
      self->n_by_first = n;
    }

  if (self->by_first[id] == NULL)
    self->by_first[id] = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Alternatives that start with one word add the pattern once. */
  if (self->by_first[id]->len == 0 ||
      g_array_index (self->by_first[id], guint, self->by_first[id]->len - 1) != pattern)
    g_array_append_val (self->by_first[id], pattern);
}

/* Tokenizes @word and appends its key ids; FALSE when MeCab gives nothing. */
static gboolean
add_word_keys (MsLemmaMatcher *self,
               const char     *word,
               Alt            *alt)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GString) surface = g_string_new (NULL);
  MsTokens tokens;

  /* Words meet the text in the form the text is tokenized in. */
  normalized = ms_normalize_string (word);
  ms_fold_kana (surface, normalized, strlen (normalized));
  alt->surface = g_string_chunk_insert_len (self->strings, surface->str, surface->len);
  alt->surface_len = MIN (surface->len, G_MAXUINT16);

  ms_tokens_init (&tokens);
  ms_tokenize_uncached (normalized, strlen (normalized), &tokens);

  alt->first_key = self->keys->len;
  alt->n_keys = MIN (tokens.tokens->len, G_MAXUINT8);
  for (guint i = 0; i < alt->n_keys; i++)
    {
      const MsToken *token = &g_array_index (tokens.tokens, MsToken, i);
      guint32 id = intern_key (self, ms_tokens_get_key (&tokens, token), token->key_len);

      g_array_append_val (self->keys, id);
    }

  ms_tokens_clear (&tokens);
  return alt->n_keys > 0;
}

/**
 * ms_lemma_matcher_add:
 * @value: returned with each match (the rule set packs a rule index in it)
 *
 * Adds @pattern. Needs the tokenizer (ms_tokenizer_init()).
 */
gboolean
ms_lemma_matcher_add (MsLemmaMatcher  *self,
                      const char      *pattern,
                      guint            value,
                      GError         **error)
{
  g_autoptr(GArray) parsed = g_array_new (FALSE, FALSE, sizeof (ParsedElem));
  Pattern p = { self->elems->len, 0, value, NULL };
  guint index = self->patterns->len;
  guint known = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_pattern, pattern));

  /* The same pattern for another rule (a shared except list, a claim with
   * and without its note) is matched once and reported for each. */
  if (known > 0)
    {
      Pattern *same = &g_array_index (self->patterns, Pattern, known - 1);

      if (same->more == NULL)
        same->more = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (same->more, value);
      return TRUE;
    }

  g_array_set_clear_func (parsed, parsed_elem_clear);
  if (!parse_pattern (pattern, parsed, error))
    return FALSE;

  for (guint e = 0; e < parsed->len; e++)
    {
      const ParsedElem *pe = &g_array_index (parsed, ParsedElem, e);
      Elem elem = { pe->kind, pe->optional, pe->gap, self->alts->len, 0 };

      for (guint a = 0; pe->words != NULL && a < pe->words->len; a++)
        {
          Alt alt = { .pos = g_array_index (pe->pos, guint8, a) };

          if (!add_word_keys (self, g_ptr_array_index (pe->words, a), &alt))
            {
              g_set_error (error, MS_RULE_ERROR, MS_RULE_ERROR_INVALID,
                           "pattern “%s”: “%s” has no words", pattern,
                           (const char *) g_ptr_array_index (pe->words, a));
              return FALSE;
            }
          g_array_append_val (self->alts, alt);
          elem.n_alts++;
          if (e == 0)
            {
              char prefix[16];
              gsize n = surface_prefix (alt.surface, PREFIX_CHARS, prefix);

              index_pattern (self, intern_key (self, prefix, n), index);
            }
        }
      index_element (self, &elem);
      g_array_append_val (self->elems, elem);
      p.n_elems++;
    }
  g_array_append_val (self->patterns, p);
  g_hash_table_insert (self->by_pattern, g_strdup (pattern), GUINT_TO_POINTER (index + 1));

  /* Index by what the first element can start with. */
  {
    const Elem *first = &g_array_index (self->elems, Elem, p.first_elem);

    const Elem *second = p.n_elems > 1 ? first + 1 : NULL;

    /* <NUM> 円, <NUM> % …: numbers are common, so such a pattern is tried
     * only where its second element can start (the number's next token). */
    if (first->kind == ELEM_NUMBER && second != NULL && second->kind == ELEM_WORDS &&
        !second->optional)
      g_array_append_val (self->after_number, index);
    else if (first->kind == ELEM_NUMBER)
      index_pattern (self, 0, index);
    for (guint a = 0; a < first->n_alts; a++)
      {
        const Alt *alt = &g_array_index (self->alts, Alt, first->first_alt + a);
        guint32 id = g_array_index (self->keys, guint32, alt->first_key);

        index_pattern (self, id, index);
      }
  }

  return TRUE;
}

static void
set_start_bits (GHashTable *index,
                guint8     *bits)
{
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    bits[GPOINTER_TO_UINT (id) / 8] |= 1 << (GPOINTER_TO_UINT (id) % 8);
}

/**
 * ms_lemma_matcher_compile:
 *
 * Call once after the last ms_lemma_matcher_add(): builds the bitmaps that
 * let a scan pass over most tokens without a lookup.
 */
void
ms_lemma_matcher_compile (MsLemmaMatcher *self)
{
  gsize n_bytes = self->n_ids / 8 + 1;

  for (guint e = 0; e < self->elems->len; e++)
    {
      Elem *elem = &g_array_index (self->elems, Elem, e);

      if (elem->kind != ELEM_WORDS)
        continue;
      g_clear_pointer (&elem->starts, g_free);
      elem->starts = g_malloc0 (n_bytes);
      set_start_bits (elem->by_key, elem->starts);
      set_start_bits (elem->by_char, elem->starts);
    }
  /* <NUM>-first patterns by the ids their second element starts with. */
  g_hash_table_remove_all (self->by_second);
  for (guint i = 0; i < self->after_number->len; i++)
    {
      guint index = g_array_index (self->after_number, guint, i);
      const Pattern *p = &g_array_index (self->patterns, Pattern, index);
      const Elem *second = &g_array_index (self->elems, Elem, p->first_elem + 1);
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, second->by_key);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        index_alt (self->by_second, GPOINTER_TO_UINT (id), index);
      g_hash_table_iter_init (&iter, second->by_char);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        index_alt (self->by_second, GPOINTER_TO_UINT (id), index);
    }
  self->compiled_ids = self->n_ids;
}

static inline gboolean
may_start (const Elem *elem,
           guint32     id)
{
  return id != 0 && (elem->starts[id / 8] & (1 << (id % 8))) != 0;
}

guint
ms_lemma_matcher_get_n_patterns (const MsLemmaMatcher *self)
{
  return self->patterns->len;
}

guint
ms_lemma_matcher_get_n_words (const MsLemmaMatcher *self)
{
  return self->n_ids;
}

/* ------------------------------------------------------------- matching */

typedef struct
{
  const MsLemmaMatcher *self;
  const MsTokens       *text;
  const MsToken        *tokens;
  const guint32        *ids;
  const guint32        *prefix_ids;  /* [2 × n]: the text's first one and two characters */
  guint                 n;         /* the end of the current line */
  guint                *tried;     /* [n_patterns]: last start + 1 each was tried at */
} Scan;

/* How many tokens from @t the key sequence of @alt matches (0: none). */
static guint
match_keys (const Scan *scan,
            const Alt  *alt,
            guint       t)
{
  const guint32 *keys = &g_array_index (scan->self->keys, guint32, alt->first_key);

  if (t + alt->n_keys > scan->n)
    return 0;
  for (guint k = 0; k < alt->n_keys; k++)
    if (scan->ids[t + k] != keys[k])
      return 0;
  return alt->n_keys;
}

/* How many tokens from @t spell @alt exactly (0: none). */
static guint
match_surface (const Scan *scan,
               const Alt  *alt,
               guint       t)
{
  gsize at = 0;

  for (guint k = t; k < scan->n && at < alt->surface_len; k++)
    {
      const MsToken *token = &scan->tokens[k];
      const char *surface = ms_tokens_get_surface (scan->text, token);

      if (at + token->surface_len > alt->surface_len ||
          memcmp (alt->surface + at, surface, token->surface_len) != 0)
        return 0;
      at += token->surface_len;
      if (at == alt->surface_len)
        return k - t + 1;
    }
  return 0;
}

/* Whether a match @n tokens long is new in @tried (always, past 31). */
static inline gboolean
first_time (guint32 *tried,
            guint    n)
{
  if (n >= 32)
    return TRUE;
  if (*tried & (1u << n))
    return FALSE;
  *tried |= 1u << n;
  return TRUE;
}

/* FALSE when @next (if @has_next) is a word that cannot start at token @t:
 * a gap's common case, decided without a call. */
static inline gboolean
may_continue (const Scan *scan,
              const Elem *next,
              gboolean    has_next,
              guint       t)
{
  if (!has_next || next->kind != ELEM_WORDS || next->optional)
    return TRUE;
  if (t >= scan->n)
    return FALSE;
  return may_start (next, scan->ids[t]) ||
         may_start (next, scan->prefix_ids[2 * t]) ||
         may_start (next, scan->prefix_ids[2 * t + 1]);
}

/* The end (exclusive) of a match of elements [e, n_elems) at token @t, or -1. */
static int
match_from (const Scan    *scan,
            const Pattern *p,
            guint          e,
            guint          t)
{
  const Elem *elem;
  int end = -1;

  if (e == p->n_elems)
    return t;

  elem = &g_array_index (scan->self->elems, Elem, p->first_elem + e);
  switch (elem->kind)
    {
    case ELEM_GAP:
      for (guint skip = 0; skip <= elem->gap && t + skip <= scan->n; skip++)
        {
          if (skip > 0 && (scan->tokens[t + skip - 1].flags & MS_TOKEN_CLAUSE_END))
            break;
          if (!may_continue (scan, elem + 1, e + 1 < p->n_elems, t + skip))
            continue;
          end = match_from (scan, p, e + 1, t + skip);
          if (end >= 0)
            return end;
        }
      return -1;

    case ELEM_NUMBER:
      if (t < scan->n && scan->tokens[t].pos == MS_POS_NUMBER)
        end = match_from (scan, p, e + 1, t + 1);
      break;

    case ELEM_WORDS:
    default:
      /* The longest match: 「最高品質」 over 「最高」, 「頼らない」 over 「頼る」. */
      if (t < scan->n)
        {
          GArray *by_key = may_start (elem, scan->ids[t]) ?
            g_hash_table_lookup (elem->by_key, GUINT_TO_POINTER (scan->ids[t])) : NULL;
          GArray *by_char = NULL;
          /* Alternatives found by key and by spelling often cover the same
           * tokens: the rest of the pattern is tried once per length. */
          guint32 lengths_tried = 0;

          for (guint i = 0; by_key != NULL && i < by_key->len; i++)
            {
              const Alt *alt = &g_array_index (scan->self->alts, Alt,
                                               g_array_index (by_key, guint, i));
              guint n = alt->pos == POS_ANY || scan->tokens[t].pos == alt->pos ?
                        match_keys (scan, alt, t) : 0;

              if (n > 0 && first_time (&lengths_tried, n))
                end = MAX (end, match_from (scan, p, e + 1, t + n));
            }
          for (guint k = 0; k < 2; k++)
            {
              guint32 prefix = scan->prefix_ids[2 * t + k];

              by_char = may_start (elem, prefix) ?
                g_hash_table_lookup (elem->by_char, GUINT_TO_POINTER (prefix)) : NULL;
              for (guint i = 0; by_char != NULL && i < by_char->len; i++)
                {
                  const Alt *alt = &g_array_index (scan->self->alts, Alt,
                                                   g_array_index (by_char, guint, i));
                  guint n = alt->pos == POS_ANY || scan->tokens[t].pos == alt->pos ?
                            match_surface (scan, alt, t) : 0;

                  if (n > 0 && first_time (&lengths_tried, n))
                    end = MAX (end, match_from (scan, p, e + 1, t + n));
                }
            }
        }
      break;
    }

  if (end < 0 && elem->optional)
    end = match_from (scan, p, e + 1, t);
  return end;
}

static void
try_patterns (const Scan       *scan,
              const GArray     *candidates,
              guint             t,
              MsLemmaMatchFunc  func,
              gpointer          user_data)
{
  for (guint c = 0; candidates != NULL && c < candidates->len; c++)
    {
      guint index = g_array_index (candidates, guint, c);
      const Pattern *p = &g_array_index (scan->self->patterns, Pattern, index);
      int end;

      /* A pattern found by its key and by its spelling is tried once. */
      if (scan->tried[index] == t + 1)
        continue;
      scan->tried[index] = t + 1;

      end = match_from (scan, p, 0, t);

      if (end > (int) t)
        {
          func (p->value, t, end - 1, user_data);
          for (guint v = 0; p->more != NULL && v < p->more->len; v++)
            func (g_array_index (p->more, guint, v), t, end - 1, user_data);
        }
    }
}

/* The ids of the first one and two characters of the line's folded text
 * from token @t on (0 where no spelling starts so). The two prefixes share
 * one walk and one running hash (ms_token_key_hash() is FNV-1a). */
static void
text_prefix_ids (const MsLemmaMatcher *self,
                 const MsTokens       *tokens,
                 guint                 t,
                 guint32               out[2])
{
  char text[16];
  gsize n = 0, ends[2] = { 0, 0 };
  guint chars = 0;
  guint32 h = 2166136261u, hashes[2] = { 0, 0 };

  /* Two characters are at most 8 bytes; take them from this token and the
   * next ones of the same line. */
  for (guint k = t; k < tokens->tokens->len && chars < 2; k++)
    {
      const MsToken *token = &g_array_index (tokens->tokens, MsToken, k);
      const guchar *s = (const guchar *) ms_tokens_get_surface (tokens, token);
      gsize i = 0;

      if (k > t && (token->flags & MS_TOKEN_LINE_START))
        break;
      while (i < token->surface_len && chars < 2)
        {
          gsize len = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;

          if (i + len > token->surface_len)
            break;
          for (gsize b = 0; b < len; b++)
            {
              text[n++] = s[i + b];
              h ^= s[i + b];
              h *= 16777619u;
            }
          i += len;
          ends[chars] = n;
          hashes[chars] = h;
          chars++;
        }
    }

  for (guint k = 0; k < 2; k++)
    {
      /* Fewer characters than asked: the shorter prefix again, as before. */
      guint c = MIN (k, chars > 0 ? chars - 1 : 0);
      char saved;

      if (chars == 0)
        {
          out[k] = 0;
          continue;
        }
      saved = text[ends[c]];
      text[ends[c]] = '\0';
      out[k] = lookup_key (self, text, hashes[c]);
      text[ends[c]] = saved;
    }
  if (out[1] == out[0])
    out[1] = 0;
}

/**
 * ms_lemma_matcher_scan:
 *
 * Calls @func for every match, in order of first token, each pattern at most
 * once per starting token (the match with the shortest gaps).
 */
void
ms_lemma_matcher_scan (const MsLemmaMatcher *self,
                       const MsTokens       *tokens,
                       MsLemmaMatchFunc      func,
                       gpointer              user_data)
{
  guint n = tokens->tokens->len;
  g_autofree guint32 *ids = NULL;
  g_autofree guint32 *prefix_ids = NULL;
  g_autofree guint *tried = NULL;
  Scan scan;

  if (n == 0 || self->patterns->len == 0)
    return;
  g_return_if_fail (self->compiled_ids == self->n_ids);

  ids = g_new (guint32, n);
  prefix_ids = g_new (guint32, 2 * n);
  for (guint t = 0; t < n; t++)
    {
      const MsToken *token = &g_array_index (tokens->tokens, MsToken, t);

      ids[t] = lookup_key (self, ms_tokens_get_key (tokens, token), token->key_hash);
      text_prefix_ids (self, tokens, t, &prefix_ids[2 * t]);
    }
  tried = g_new0 (guint, self->patterns->len);

  scan.self = self;
  scan.text = tokens;
  scan.tried = tried;
  scan.tokens = (const MsToken *) (gpointer) tokens->tokens->data;
  scan.ids = ids;
  scan.prefix_ids = prefix_ids;

  /* A match never runs across a line: scan one line at a time. */
  scan.n = 0;
  for (guint t = 0; t < n; t++)
    {
      if (t >= scan.n)
        {
          scan.n = t + 1;
          while (scan.n < n && !(scan.tokens[scan.n].flags & MS_TOKEN_LINE_START))
            scan.n++;
        }

      if (scan.tokens[t].pos == MS_POS_NUMBER && self->n_by_first > 0)
        try_patterns (&scan, self->by_first[0], t, func, user_data);
      if (scan.tokens[t].pos == MS_POS_NUMBER && t + 1 < scan.n)
        {
          const guint32 next[] = { ids[t + 1], prefix_ids[2 * (t + 1)], prefix_ids[2 * (t + 1) + 1] };

          for (guint k = 0; k < G_N_ELEMENTS (next); k++)
            if (next[k] != 0)
              try_patterns (&scan, g_hash_table_lookup (self->by_second,
                                                        GUINT_TO_POINTER (next[k])),
                            t, func, user_data);
        }
      if (ids[t] != 0 && ids[t] < self->n_by_first)
        try_patterns (&scan, self->by_first[ids[t]], t, func, user_data);
      for (guint k = 0; k < 2; k++)
        {
          guint32 prefix = prefix_ids[2 * t + k];

          if (prefix != 0 && prefix != ids[t] && prefix < self->n_by_first)
            try_patterns (&scan, self->by_first[prefix], t, func, user_data);
        }
    }
}
