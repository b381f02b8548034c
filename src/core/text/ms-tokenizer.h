/* ms-tokenizer.h — Japanese morphological analysis (MeCab with IPADIC)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_TOKENIZER_ERROR (ms_tokenizer_error_quark ())

typedef enum
{
  MS_TOKENIZER_ERROR_NO_DICTIONARY,
} MsTokenizerError;

/* The part of speech, from IPADIC's first feature. */
typedef enum
{
  MS_POS_OTHER,
  MS_POS_NOUN,          /* 名詞 */
  MS_POS_VERB,          /* 動詞 */
  MS_POS_ADJECTIVE,     /* 形容詞 */
  MS_POS_ADVERB,        /* 副詞 */
  MS_POS_AUXILIARY,     /* 助動詞 */
  MS_POS_PARTICLE,      /* 助詞 */
  MS_POS_PREFIX,        /* 接頭詞 */
  MS_POS_ADNOMINAL,     /* 連体詞 */
  MS_POS_CONJUNCTION,   /* 接続詞 */
  MS_POS_SYMBOL,        /* 記号, and text MeCab does not know */
  MS_POS_NUMBER,        /* a run of digits (with , and . inside) or kanji numerals */
  MS_N_POS
} MsPos;

/* Details from IPADIC's second feature that context checks need. */
typedef enum
{
  MS_TOKEN_DEPENDENT   = 1 << 0,  /* 非自立: わけ, こと, いる (as in 〜ている) */
  MS_TOKEN_SUFFIX      = 1 << 1,  /* 接尾 */
  MS_TOKEN_CLAUSE_END  = 1 << 2,  /* 。！？!? — a claim does not run across it */
  MS_TOKEN_OPEN_QUOTE  = 1 << 3,  /* 「『“ */
  MS_TOKEN_CLOSE_QUOTE = 1 << 4,  /* 」』” */
  MS_TOKEN_LINE_START  = 1 << 5,  /* the first token of a line */
} MsTokenFlags;

/* One morpheme. Offsets are bytes into the text that was tokenized; the key
 * is the folded base form (原形; the surface where the dictionary has none):
 * katakana made hiragana, ASCII lower-cased and orthographic variants
 * folded (data/text/variants.json), so 「ヤセる」「やせる」「痩せた」 share one key.
 * The folded surface is the text as written with kana and variant kanji
 * folded the same way (no base form): words that MeCab cuts differently in
 * different contexts (胸やけ, ふくらはぎ) still meet their spelling. */
typedef struct
{
  guint32  start;
  guint32  end;
  guint32  key;         /* offset of the NUL-terminated key in MsTokens.keys */
  guint32  key_hash;
  guint32  surface;     /* offset of the NUL-terminated folded surface in MsTokens.keys */
  guint16  key_len;
  guint16  surface_len;
  guint8   pos;         /* MsPos */
  guint8   flags;       /* MsTokenFlags */
} MsToken;

/* The tokens of one text. */
typedef struct
{
  GArray  *tokens;      /* MsToken */
  GString *keys;
} MsTokens;

GQuark    ms_tokenizer_error_quark (void);
gboolean  ms_tokenizer_init        (GError        **error);
gboolean  ms_tokenizer_is_available (void);
const char *ms_tokenizer_get_dictionary (void);

void      ms_tokens_init           (MsTokens       *self);
void      ms_tokens_clear          (MsTokens       *self);
void      ms_tokenize              (const char     *text,
                                    gsize           length,
                                    MsTokens       *out);
void      ms_tokenize_uncached     (const char     *text,
                                    gsize           length,
                                    MsTokens       *out);
void      ms_tokenizer_set_cache_enabled (gboolean enabled);

static inline const char *
ms_tokens_get_key (const MsTokens *self,
                   const MsToken  *token)
{
  return self->keys->str + token->key;
}

static inline const char *
ms_tokens_get_surface (const MsTokens *self,
                       const MsToken  *token)
{
  return self->keys->str + token->surface;
}

guint32   ms_token_key_hash        (const char     *key,
                                    gsize           length);
char     *ms_token_fold_key        (const char     *word) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
