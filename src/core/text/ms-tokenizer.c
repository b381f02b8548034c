/* ms-tokenizer.c — Japanese morphological analysis (MeCab with IPADIC)
 *
 * One MeCab model and tagger for the process (both thread-safe), a lattice
 * per thread. Text is tokenized a line at a time: lines are where claims end
 * anyway, and a line that was tokenized before comes from a small cache, so
 * a keystroke in a long body costs the parse of one line, not of the body.
 *
 * A token keeps byte offsets into the text and a key: its base form (原形;
 * the surface for what the dictionary does not know) folded by ms-fold.c.
 * Runs of digits with , and . inside, and kanji numerals, are one number.
 *
 * The dictionary is found in $MSGSCORE_MECAB_DICDIR, else where the build
 * was told (meson option mecab_dicdir; the Flatpak ships its own).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-text"

#include "config.h"

#include <mecab.h>
#include <string.h>

#include "ms-fold.h"
#include "ms-tokenizer.h"

G_DEFINE_QUARK (ms-tokenizer-error-quark, ms_tokenizer_error)

#define CACHE_MAX_LINES 2048
#define CACHE_MAX_LINE_BYTES 4096

typedef struct
{
  mecab_model_t *model;
  mecab_t       *tagger;
  char          *dicdir;
  char          *error;
} Tokenizer;

static Tokenizer tokenizer;
static GPrivate lattice_key = G_PRIVATE_INIT ((GDestroyNotify) mecab_lattice_destroy);

static GMutex cache_lock;
static GHashTable *cache;          /* GBytes line → CachedLine */
static gboolean cache_disabled;

typedef struct
{
  GArray  *tokens;
  GString *keys;
} CachedLine;

/* ------------------------------------------------------------ the model */

static const char *
find_dicdir (void)
{
  const char *env = g_getenv ("MSGSCORE_MECAB_DICDIR");

  if (env != NULL && env[0] != '\0')
    return env;
  return MS_MECAB_DICDIR;
}

static gpointer
load_model (gpointer data)
{
  const char *dicdir = find_dicdir ();
  g_autofree char *dicrc = g_build_filename (dicdir, "dicrc", NULL);
  g_autofree char *args = NULL;

  tokenizer.dicdir = g_strdup (dicdir);
  if (!g_file_test (dicrc, G_FILE_TEST_EXISTS))
    {
      tokenizer.error = g_strdup_printf ("no MeCab dictionary in %s "
                                         "(install mecab-ipadic-utf8 or set "
                                         "MSGSCORE_MECAB_DICDIR)", dicdir);
      return NULL;
    }

  /* -r /dev/null: the dictionary is all we need; no mecabrc is read. */
  args = g_strdup_printf ("-r /dev/null -d %s", dicdir);
  tokenizer.model = mecab_model_new2 (args);
  if (tokenizer.model == NULL)
    {
      tokenizer.error = g_strdup_printf ("MeCab could not load %s: %s", dicdir,
                                         mecab_strerror (NULL));
      return NULL;
    }
  tokenizer.tagger = mecab_model_new_tagger (tokenizer.model);
  return NULL;
}

/**
 * ms_tokenizer_init:
 *
 * Loads the dictionary (once). Returns FALSE, with the reason, when there is
 * none; the scorer then matches words and patterns only.
 */
gboolean
ms_tokenizer_init (GError **error)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_model, NULL);
  if (tokenizer.tagger == NULL)
    {
      g_set_error_literal (error, MS_TOKENIZER_ERROR, MS_TOKENIZER_ERROR_NO_DICTIONARY,
                           tokenizer.error);
      return FALSE;
    }
  return TRUE;
}

gboolean
ms_tokenizer_is_available (void)
{
  return ms_tokenizer_init (NULL);
}

/**
 * ms_tokenizer_get_dictionary:
 *
 * Returns: the dictionary folder in use (or looked for)
 */
const char *
ms_tokenizer_get_dictionary (void)
{
  ms_tokenizer_init (NULL);
  return tokenizer.dicdir;
}

/* ------------------------------------------------------------- features */

static MsPos
pos_from_feature (const char *feature,
                  guint8     *flags)
{
  /* The first feature is two or three kanji: compare its bytes once. */
  static const struct { const char *name; guint8 length; MsPos pos; } names[] = {
    { "名詞", 6, MS_POS_NOUN }, { "動詞", 6, MS_POS_VERB }, { "助詞", 6, MS_POS_PARTICLE },
    { "副詞", 6, MS_POS_ADVERB }, { "記号", 6, MS_POS_SYMBOL }, { "助動詞", 9, MS_POS_AUXILIARY },
    { "形容詞", 9, MS_POS_ADJECTIVE }, { "接頭詞", 9, MS_POS_PREFIX },
    { "連体詞", 9, MS_POS_ADNOMINAL }, { "接続詞", 9, MS_POS_CONJUNCTION },
  };
  const char *comma = strchr (feature, ',');
  gsize n = comma != NULL ? (gsize) (comma - feature) : strlen (feature);
  MsPos pos = MS_POS_OTHER;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].length == n && memcmp (names[i].name, feature, n) == 0)
      {
        pos = names[i].pos;
        break;
      }

  if (comma != NULL)
    {
      const char *sub = comma + 1;

      /* 非自立, 接尾, 数 */
      if (memcmp (sub, "非自立", 9) == 0)
        *flags |= MS_TOKEN_DEPENDENT;
      else if (memcmp (sub, "接尾", 6) == 0)
        *flags |= MS_TOKEN_SUFFIX;
      else if (pos == MS_POS_NOUN && memcmp (sub, "数", 3) == 0)
        pos = MS_POS_NUMBER;
    }

  return pos;
}

static gboolean
base_form_missing (const char *feature);

/* The 7th feature (原形), or NULL when it is "*" or missing. */
static const char *
base_form (const char *feature,
           gsize      *length)
{
  const char *p = feature;

  for (guint i = 0; i < 6; i++)
    {
      p = strchr (p, ',');
      if (p == NULL)
        return NULL;
      p++;
    }

  *length = strcspn (p, ",");
  if (*length == 0 || (*length == 1 && p[0] == '*'))
    return NULL;
  return p;
}

static gboolean
base_form_missing (const char *feature)
{
  gsize length;

  return base_form (feature, &length) == NULL;
}

guint32
ms_token_key_hash (const char *key,
                   gsize       length)
{
  guint32 h = 2166136261u;     /* FNV-1a */

  for (gsize i = 0; i < length; i++)
    {
      h ^= (guchar) key[i];
      h *= 16777619u;
    }
  return h;
}

/* What a dictionary entry always gives: its part of speech and, when it has
 * a base form, its folded key. Kept per thread for the entries seen last,
 * keyed by MeCab's feature string (which lives as long as the model). */
#define FEATURE_CACHE_SIZE 4096
#define FEATURE_KEY_MAX 46

typedef struct
{
  const char *feature;
  guint32     key_hash;
  guint8      pos;
  guint8      flags;
  guint8      has_key;     /* key[] holds the folded base form */
  guint8      key_len;
  char        key[FEATURE_KEY_MAX];
} FeatureInfo;

static GPrivate feature_cache_key = G_PRIVATE_INIT (g_free);

static void
fold_key (GString    *keys,
          gsize       key_at)
{
  const char *form = ms_fold_word (keys->str + key_at, keys->len - key_at);

  if (form != NULL)
    {
      g_string_truncate (keys, key_at);
      g_string_append (keys, form);
    }
}

static void
fill_feature_info (FeatureInfo *info,
                   const char  *feature)
{
  const char *base;
  gsize base_length = 0;

  memset (info, 0, sizeof *info);
  info->pos = pos_from_feature (feature, &info->flags);
  base = info->pos == MS_POS_NUMBER ? NULL : base_form (feature, &base_length);
  if (base != NULL)
    {
      g_autoptr(GString) key = g_string_new (NULL);

      ms_fold_kana (key, base, base_length);
      fold_key (key, 0);
      if (key->len <= FEATURE_KEY_MAX)
        {
          memcpy (info->key, key->str, key->len);
          info->key_len = key->len;
          info->key_hash = ms_token_key_hash (key->str, key->len);
          info->has_key = TRUE;
        }
    }
}

/* The entry's information, from this thread's cache for words the
 * dictionary knows; @scratch holds it for unknown words. */
static FeatureInfo *
get_feature_cache (void)
{
  FeatureInfo *cache = g_private_get (&feature_cache_key);

  if (cache == NULL)
    {
      cache = g_new0 (FeatureInfo, FEATURE_CACHE_SIZE);
      g_private_set (&feature_cache_key, cache);
    }
  return cache;
}

static const FeatureInfo *
feature_info (FeatureInfo *cache,
              const char  *feature,
              gboolean     known,
              FeatureInfo *scratch)
{
  FeatureInfo *info;

  if (!known)
    {
      fill_feature_info (scratch, feature);
      return scratch;
    }

  info = &cache[(GPOINTER_TO_SIZE (feature) >> 3) % FEATURE_CACHE_SIZE];
  if (info->feature != feature)
    {
      fill_feature_info (info, feature);
      /* A base form too long to keep is folded again each time. */
      info->feature = info->has_key || base_form_missing (feature) ? feature : NULL;
    }
  return info;
}

/* Folds the surface, then sets the key: the dictionary entry's folded base
 * form, or the folded surface for words the dictionary does not know. */
static void
set_surface_and_key (MsToken           *token,
                     GString           *keys,
                     const char        *surface,
                     gsize              length,
                     const FeatureInfo *info)
{
  gsize at = keys->len;
  gsize key_at;

  ms_fold_kana (keys, surface, length);
  token->surface = at;
  token->surface_len = MIN (keys->len - at, G_MAXUINT16);
  g_string_append_c (keys, '\0');

  key_at = keys->len;
  if (info != NULL && info->has_key)
    {
      g_string_append_len (keys, info->key, info->key_len);
      token->key_hash = info->key_hash;
    }
  else
    {
      g_string_append_len (keys, keys->str + at, token->surface_len);
      fold_key (keys, key_at);
      token->key_hash = ms_token_key_hash (keys->str + key_at, keys->len - key_at);
    }

  token->key = key_at;
  token->key_len = MIN (keys->len - key_at, G_MAXUINT16);
  g_string_append_c (keys, '\0');
}

/* Appends the key of @word to @keys and fills in @token's key fields. */
static void
set_key (MsToken    *token,
         GString    *keys,
         const char *word,
         gsize       length)
{
  gsize at = keys->len;
  const char *form;

  ms_fold_kana (keys, word, length);
  form = ms_fold_word (keys->str + at, keys->len - at);
  if (form != NULL)
    {
      g_string_truncate (keys, at);
      g_string_append (keys, form);
    }

  token->key = at;
  token->key_len = MIN (keys->len - at, G_MAXUINT16);
  token->key_hash = ms_token_key_hash (keys->str + at, keys->len - at);
  g_string_append_c (keys, '\0');
}

/**
 * ms_token_fold_key:
 *
 * Returns: the key a token spelled @word would have (how rule words compile)
 */
char *
ms_token_fold_key (const char *word)
{
  GString *keys = g_string_new (NULL);
  MsToken token;

  set_key (&token, keys, word, strlen (word));
  return g_string_free (keys, FALSE);
}

static guint8
punctuation_flags (const char *s,
                   gsize       n)
{
  static const char * const ends[] = { "。", "！", "？", "!", "?", "．" };
  static const char * const opens[] = { "「", "『", "“", "\"" };
  static const char * const closes[] = { "」", "』", "”" };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (strlen (ends[i]) == n && memcmp (ends[i], s, n) == 0)
      return MS_TOKEN_CLAUSE_END;
  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    if (strlen (opens[i]) == n && memcmp (opens[i], s, n) == 0)
      return MS_TOKEN_OPEN_QUOTE;
  for (guint i = 0; i < G_N_ELEMENTS (closes); i++)
    if (strlen (closes[i]) == n && memcmp (closes[i], s, n) == 0)
      return MS_TOKEN_CLOSE_QUOTE;
  return 0;
}

/* ---------------------------------------------------------------- parse */

static mecab_lattice_t *
get_lattice (void)
{
  mecab_lattice_t *lattice = g_private_get (&lattice_key);

  if (lattice == NULL)
    {
      lattice = mecab_model_new_lattice (tokenizer.model);
      g_private_set (&lattice_key, lattice);
    }
  return lattice;
}

typedef struct
{
  guint32     start;
  guint32     raw_start;   /* where MeCab's node began (a split sign moves start) */
  guint32     end;
  const char *feature;
  MsPos       pos;
  guint8      flags;
  gboolean    known;       /* in the dictionary (not an unknown word) */
} RawToken;

static GPrivate raw_key = G_PRIVATE_INIT ((GDestroyNotify) g_array_unref);

/* A scratch array per thread, emptied for each line. */
static GArray *
get_raw_tokens (void)
{
  GArray *raw = g_private_get (&raw_key);

  if (raw == NULL)
    {
      raw = g_array_new (FALSE, FALSE, sizeof (RawToken));
      g_private_set (&raw_key, raw);
    }
  g_array_set_size (raw, 0);
  return raw;
}


static gboolean
is_number_joiner (const char *s,
                  gsize       n)
{
  return n == 1 && (s[0] == '.' || s[0] == ',');
}

/* 〇〇, ●, ×× : digits a regulator's example or a template left out. */
static inline gboolean
is_placeholder_number (const char *s,
                       gsize       n)
{
  const char *end = s + n;
  guchar lead = n > 0 ? (guchar) s[0] : 0;

  /* ○ ◯ ● ✕ △ □ ■ start with E2, 〇 with E3, × with C3. */
  if (lead != 0xE2 && lead != 0xE3 && lead != 0xC3)
    return FALSE;
  for (const char *p = s; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0x25CB && c != 0x25EF && c != 0x25CF && c != 0x3007 && c != 0x00D7 &&
          c != 0x2715 && c != 0x25B3 && c != 0x25A1 && c != 0x25A0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_symbol (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Two or more symbol characters and nothing else. */
static gboolean
is_symbol_run (const char *s,
               gsize       n)
{
  const char *end = s + n;
  guint count = 0;

  for (const char *p = s; p < end; p = g_utf8_next_char (p), count++)
    if (!is_symbol (g_utf8_get_char (p)))
      return FALSE;
  return count > 1;
}

static void
append_symbols (GArray         *raw,
                const RawToken *run,
                const char     *line)
{
  const char *p = line + run->start;
  const char *end = line + run->end;

  for (; p < end; p = g_utf8_next_char (p))
    {
      RawToken t = *run;

      t.start = t.raw_start = p - line;
      t.end = g_utf8_next_char (p) - line;
      t.pos = MS_POS_SYMBOL;
      t.flags = (run->flags & (MS_TOKEN_DEPENDENT | MS_TOKEN_SUFFIX)) |
                punctuation_flags (p, t.end - t.start);
      g_array_append_val (raw, t);
    }
}

/* How many raw tokens from @i on make one number: 99 . 9, 1 , 000, 3 万. */
static guint
number_run (const char     *line,
            const RawToken *raw,
            guint           n,
            guint           i)
{
  guint j = i + 1;

  while (j < n && raw[j].start == raw[j - 1].end)
    {
      if (raw[j].pos == MS_POS_NUMBER)
        j++;
      else if (j + 1 < n && is_number_joiner (line + raw[j].start, raw[j].end - raw[j].start) &&
               raw[j + 1].start == raw[j].end && raw[j + 1].pos == MS_POS_NUMBER)
        j += 2;
      else
        break;
    }

  return j - i;
}

static gboolean
has_prefix (const char *p,
            const char *end,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && memcmp (p, prefix, n) == 0;
}

/* Where the first web address (http://, https://, www.) of [@p, @end) starts, or @end. */
static const char *
find_web_address (const char *line,
                  const char *p,
                  const char *end)
{
  for (; p < end; p++)
    {
      if (*p == 'h' && (has_prefix (p, end, "https://") || has_prefix (p, end, "http://")))
        return p;
      if (*p == 'w' && has_prefix (p, end, "www.") &&
          (p == line || !g_ascii_isalnum (p[-1])))
        return p;
    }
  return end;
}

/* Where the web address at @p ends: at the first byte that is not printable
 * ASCII or cannot be in an address, less the punctuation a sentence puts after it. */
static const char *
web_address_end (const char *p,
                 const char *end)
{
  const char *q = p;

  while (q < end && (guchar) *q > 0x20 && (guchar) *q < 0x7F && strchr ("<>\"`{}|\\^", *q) == NULL)
    q++;
  while (q > p && strchr (".,;:!?')]", q[-1]) != NULL)
    q--;
  return q;
}

/* MeCab's words of [@start, @end) of @line, appended to @raw. */
static void
parse_piece (const char  *line,
             gsize        start,
             gsize        end,
             GArray      *raw,
             FeatureInfo *cache)
{
  mecab_lattice_t *lattice = get_lattice ();

  mecab_lattice_set_sentence2 (lattice, line + start, end - start);
  if (!mecab_parse_lattice (tokenizer.tagger, lattice))
    return;

  for (const mecab_node_t *node = mecab_lattice_get_bos_node (lattice); node; node = node->next)
    {
      RawToken t = { 0, };
      FeatureInfo scratch;
      const FeatureInfo *info;

      if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE || node->length == 0)
        continue;

      t.start = node->surface - line;
      t.end = t.start + node->length;
      t.raw_start = t.start;
      t.feature = node->feature;
      t.known = node->stat == MECAB_NOR_NODE;
      info = feature_info (cache, node->feature, t.known, &scratch);
      t.pos = info->pos;
      t.flags = info->flags;
      if (t.pos == MS_POS_SYMBOL || node->stat == MECAB_UNK_NODE)
        t.flags |= punctuation_flags (node->surface, node->length);

      /* 「-○kg」: a sign MeCab glued to a placeholder number. */
      if (node->length > 1 && node->surface[0] == '-' &&
          is_placeholder_number (node->surface + 1, node->length - 1))
        {
          RawToken sign = t;

          sign.end = t.start + 1;
          sign.pos = MS_POS_SYMBOL;
          g_array_append_val (raw, sign);
          t.start++;
        }
      if (is_placeholder_number (line + t.start, t.end - t.start))
        t.pos = MS_POS_NUMBER;

      /* MeCab glues runs of symbols (「%（※」, 「→¥」): one token each. */
      if (!t.known && t.pos != MS_POS_NUMBER && is_symbol_run (line + t.start, t.end - t.start))
        {
          append_symbols (raw, &t, line);
          continue;
        }
      g_array_append_val (raw, t);
    }
}

/* Tokenizes one line (no line break inside) into @tokens with offsets
 * relative to @line. A web address is one word: MeCab would cut it into
 * dozens of unknown ones, slowly, and no claim is made inside it. */
static void
parse_line (const char *line,
            gsize       length,
            GArray     *tokens,
            GString    *keys)
{
  GArray *raw = get_raw_tokens ();
  FeatureInfo *cache = get_feature_cache ();
  const char *end = line + length;
  const RawToken *r;

  for (const char *p = line; p < end;)
    {
      const char *web = find_web_address (line, p, end);
      const char *web_end = web < end ? web_address_end (web, end) : end;

      if (web > p)
        parse_piece (line, p - line, web - line, raw, cache);
      if (web_end > web)
        {
          RawToken t = { 0, };

          t.start = t.raw_start = web - line;
          t.end = web_end - line;
          t.pos = MS_POS_OTHER;
          g_array_append_val (raw, t);
        }
      p = MAX (web_end, web + 1);
      if (web == end)
        break;
    }

  r = (const RawToken *) (gpointer) raw->data;
  for (guint i = 0; i < raw->len;)
    {
      MsToken token = { 0, };
      guint run = r[i].pos == MS_POS_NUMBER ? number_run (line, r, raw->len, i) : 1;
      const FeatureInfo *info = NULL;

      token.start = r[i].start;
      token.end = r[i + run - 1].end;
      token.pos = r[i].pos;
      token.flags = r[i].flags;
      /* A number's key is its digits; an unknown word's, its spelling. */
      if (token.pos != MS_POS_NUMBER && r[i].known && r[i].start == r[i].raw_start)
        info = feature_info (cache, r[i].feature, TRUE, NULL);
      set_surface_and_key (&token, keys, line + token.start, token.end - token.start, info);

      g_array_append_val (tokens, token);
      i += run;
    }
}

static void
append_line (MsTokens   *out,
             GArray     *tokens,
             GString    *keys,
             gsize       offset)
{
  gsize key_base = out->keys->len;

  g_string_append_len (out->keys, keys->str, keys->len);
  for (guint i = 0; i < tokens->len; i++)
    {
      MsToken token = g_array_index (tokens, MsToken, i);

      token.start += offset;
      token.end += offset;
      token.key += key_base;
      token.surface += key_base;
      g_array_append_val (out->tokens, token);
    }
}

static void
cached_line_free (gpointer data)
{
  CachedLine *line = data;

  g_array_unref (line->tokens);
  g_string_free (line->keys, TRUE);
  g_free (line);
}

static void
tokenize_line (const char *line,
               gsize       length,
               gsize       offset,
               MsTokens   *out,
               gboolean    use_cache)
{
  g_autoptr(GBytes) key = NULL;
  CachedLine *cached;

  use_cache = use_cache && !cache_disabled && length <= CACHE_MAX_LINE_BYTES;
  if (use_cache)
    {
      key = g_bytes_new_static (line, length);
      g_mutex_lock (&cache_lock);
      cached = cache != NULL ? g_hash_table_lookup (cache, key) : NULL;
      if (cached != NULL)
        append_line (out, cached->tokens, cached->keys, offset);
      g_mutex_unlock (&cache_lock);
      if (cached != NULL)
        return;
    }

  if (!use_cache)
    {
      guint first = out->tokens->len;

      parse_line (line, length, out->tokens, out->keys);
      for (guint i = first; i < out->tokens->len; i++)
        {
          MsToken *token = &g_array_index (out->tokens, MsToken, i);

          token->start += offset;
          token->end += offset;
        }
      return;
    }

  cached = g_new0 (CachedLine, 1);
  cached->tokens = g_array_new (FALSE, FALSE, sizeof (MsToken));
  cached->keys = g_string_new (NULL);
  parse_line (line, length, cached->tokens, cached->keys);
  append_line (out, cached->tokens, cached->keys, offset);

  g_mutex_lock (&cache_lock);
  if (cache == NULL || g_hash_table_size (cache) >= CACHE_MAX_LINES)
    {
      /* Simple and bounded: start over when full. */
      g_clear_pointer (&cache, g_hash_table_unref);
      cache = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                     (GDestroyNotify) g_bytes_unref, cached_line_free);
    }
  g_hash_table_replace (cache, g_bytes_new (line, length), cached);
  g_mutex_unlock (&cache_lock);
}

static void
tokenize (const char *text,
          gsize       length,
          MsTokens   *out,
          gboolean    use_cache)
{
  const char *p = text;
  const char *end = text + length;

  g_array_set_size (out->tokens, 0);
  g_string_truncate (out->keys, 0);

  if (!ms_tokenizer_init (NULL))
    return;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *line_end = eol != NULL ? eol : end;

      if (line_end > p)
        {
          guint first = out->tokens->len;

          tokenize_line (p, line_end - p, p - text, out, use_cache);
          if (out->tokens->len > first)
            g_array_index (out->tokens, MsToken, first).flags |= MS_TOKEN_LINE_START;
        }
      p = eol != NULL ? eol + 1 : end;
    }
}

void
ms_tokens_init (MsTokens *self)
{
  self->tokens = g_array_new (FALSE, FALSE, sizeof (MsToken));
  self->keys = g_string_new (NULL);
}

void
ms_tokens_clear (MsTokens *self)
{
  g_clear_pointer (&self->tokens, g_array_unref);
  if (self->keys != NULL)
    g_string_free (self->keys, TRUE);
  self->keys = NULL;
}

/**
 * ms_tokenize:
 * @text: valid UTF-8 (normalised text, as the scorer has it)
 * @out: replaced with the tokens of @text
 *
 * Lines seen before come from the cache. Without a dictionary, @out is empty.
 */
void
ms_tokenize (const char *text,
             gsize       length,
             MsTokens   *out)
{
  tokenize (text, length, out, TRUE);
}

/**
 * ms_tokenize_uncached:
 *
 * As ms_tokenize(), parsing every line (for benchmarks and for text that
 * will not be seen again, such as rule patterns).
 */
void
ms_tokenize_uncached (const char *text,
                      gsize       length,
                      MsTokens   *out)
{
  tokenize (text, length, out, FALSE);
}

/**
 * ms_tokenizer_set_cache_enabled:
 *
 * For benchmarks: measure cold parses.
 */
void
ms_tokenizer_set_cache_enabled (gboolean enabled)
{
  g_mutex_lock (&cache_lock);
  cache_disabled = !enabled;
  g_clear_pointer (&cache, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}
