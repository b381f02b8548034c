/* ms-ngram.c — character bigram/trigram vectors and cosine similarity
 *
 * Japanese has no spaces between words, so similarity is measured on
 * characters: every run of two and of three characters of the text, after
 * NFKC (full-width ＡＢＣ = ABC, half-width ｶﾅ = カナ) and case folding, with
 * white space dropped. Each n-gram is hashed (FNV-1a over its code points,
 * with the length mixed in so a bigram and a trigram never share a key) and
 * counted; vectors are sorted by key so a dot product is one merge.
 * Deterministic: no random seeds, no hash-table order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "ms-ngram.h"

struct _MsNgramIdf
{
  GHashTable *idf;      /* key → pointer into values */
  double     *values;
  double      unseen;
};

static guint32
hash_gram (const gunichar *chars,
           guint           n)
{
  guint32 h = 2166136261u ^ n;

  for (guint i = 0; i < n; i++)
    {
      h ^= chars[i];
      h *= 16777619u;
    }
  return h;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

static void
compute_norm (MsNgramVector *self)
{
  double sum = 0;

  for (guint i = 0; i < self->n; i++)
    sum += (double) self->weights[i] * self->weights[i];
  self->norm = sqrt (sum);
}

/**
 * ms_ngram_vector_new:
 * @text: (nullable): UTF-8 text
 *
 * Returns: (transfer full): the counts of the text's bigrams and trigrams
 */
MsNgramVector *
ms_ngram_vector_new (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree guint32 *keys = NULL;
  MsNgramVector *self = g_new0 (MsNgramVector, 1);
  guint n_chars = 0, n_keys = 0;

  if (text == NULL || *text == '\0')
    return self;

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return self;
  folded = g_utf8_casefold (nfkc, -1);
  chars = g_new (gunichar, g_utf8_strlen (folded, -1) + 1);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        chars[n_chars++] = c;
    }

  if (n_chars < 2)
    return self;

  keys = g_new (guint32, 2 * n_chars);
  for (guint len = 2; len <= 3; len++)
    for (guint i = 0; i + len <= n_chars; i++)
      keys[n_keys++] = hash_gram (chars + i, len);
  qsort (keys, n_keys, sizeof *keys, compare_keys);

  self->keys = g_new (guint32, n_keys);
  self->weights = g_new (float, n_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      if (self->n > 0 && self->keys[self->n - 1] == keys[i])
        self->weights[self->n - 1] += 1;
      else
        {
          self->keys[self->n] = keys[i];
          self->weights[self->n] = 1;
          self->n++;
        }
    }
  compute_norm (self);
  return self;
}

MsNgramVector *
ms_ngram_vector_copy (const MsNgramVector *self)
{
  MsNgramVector *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->keys = g_memdup2 (self->keys, sizeof *self->keys * self->n);
  copy->weights = g_memdup2 (self->weights, sizeof *self->weights * self->n);
  return copy;
}

void
ms_ngram_vector_free (MsNgramVector *self)
{
  if (self == NULL)
    return;
  g_free (self->keys);
  g_free (self->weights);
  g_free (self);
}

/**
 * ms_ngram_vector_reweight:
 *
 * Multiplies each count by the n-gram's inverse document frequency, so the
 * n-grams every row shares (a fixed suffix, the brand name) count for little.
 */
void
ms_ngram_vector_reweight (MsNgramVector    *self,
                          const MsNgramIdf *idf)
{
  g_return_if_fail (self != NULL && idf != NULL);

  for (guint i = 0; i < self->n; i++)
    self->weights[i] = (float) (self->weights[i] * ms_ngram_idf_lookup (idf, self->keys[i]));
  compute_norm (self);
}

/**
 * ms_ngram_vector_cosine:
 *
 * Returns: the cosine of the angle between the vectors, 0–1; 0 when either
 *   is empty
 */
double
ms_ngram_vector_cosine (const MsNgramVector *a,
                        const MsNgramVector *b)
{
  double dot = 0;
  guint i = 0, j = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->norm == 0 || b->norm == 0)
    return 0;

  while (i < a->n && j < b->n)
    {
      if (a->keys[i] < b->keys[j])
        i++;
      else if (a->keys[i] > b->keys[j])
        j++;
      else
        dot += (double) a->weights[i++] * b->weights[j++];
    }
  return CLAMP (dot / (a->norm * b->norm), 0.0, 1.0);
}

/**
 * ms_ngram_similarity:
 *
 * Returns: the cosine similarity of two texts' n-gram counts, 0–1
 */
double
ms_ngram_similarity (const char *a,
                     const char *b)
{
  g_autoptr(MsNgramVector) va = ms_ngram_vector_new (a);
  g_autoptr(MsNgramVector) vb = ms_ngram_vector_new (b);

  return ms_ngram_vector_cosine (va, vb);
}

/**
 * ms_ngram_idf_new:
 * @vectors: (array length=n_vectors): count vectors, one per document
 *
 * Returns: (transfer full): the inverse document frequencies
 */
MsNgramIdf *
ms_ngram_idf_new (MsNgramVector * const *vectors,
                  guint                  n_vectors)
{
  MsNgramIdf *self = g_new0 (MsNgramIdf, 1);
  g_autoptr(GHashTable) df = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint k = 0;

  for (guint v = 0; v < n_vectors; v++)
    for (guint i = 0; i < vectors[v]->n; i++)
      {
        gpointer kp = GUINT_TO_POINTER (vectors[v]->keys[i]);

        g_hash_table_insert (df, kp,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (df, kp)) + 1));
      }

  self->idf = g_hash_table_new (NULL, NULL);
  self->values = g_new (double, g_hash_table_size (df) + 1);
  self->unseen = log (1.0 + n_vectors) + 1.0;
  g_hash_table_iter_init (&iter, df);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      self->values[k] = log ((1.0 + n_vectors) / (1.0 + GPOINTER_TO_UINT (value))) + 1.0;
      g_hash_table_insert (self->idf, key, &self->values[k]);
      k++;
    }
  return self;
}

void
ms_ngram_idf_free (MsNgramIdf *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->idf);
  g_free (self->values);
  g_free (self);
}

double
ms_ngram_idf_lookup (const MsNgramIdf *self,
                     guint32           key)
{
  const double *value = g_hash_table_lookup (self->idf, GUINT_TO_POINTER (key));

  return value != NULL ? *value : self->unseen;
}
