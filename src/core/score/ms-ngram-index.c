/* ms-ngram-index.c — cosines of one query against many n-gram vectors at once
 *
 * An inverted index: for each n-gram key, the vectors that hold it and its
 * weight there. A query walks only the lists of its own n-grams, so it costs
 * what the vectors share with it, not a merge with every vector: finding a
 * subject's neighbours among 2,000 past sends, once per keystroke and once
 * per row while the predictor is built, is where the time went.
 *
 * Each vector's products are added in key order, as ms_ngram_vector_cosine()
 * adds them, so the cosines are the same to the last bit (a test compares).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-ngram-index.h"

typedef struct
{
  guint  vector;
  float  weight;
} Posting;

struct _MsNgramIndex
{
  GHashTable *postings;  /* key → GArray of Posting, by vector */
  double     *norms;
  guint       n_vectors;
};

static void
free_postings (gpointer data)
{
  g_array_unref (data);
}

/**
 * ms_ngram_index_new:
 * @vectors: (array length=n_vectors): weighted vectors; copied
 */
MsNgramIndex *
ms_ngram_index_new (MsNgramVector * const *vectors,
                    guint                  n_vectors)
{
  MsNgramIndex *self = g_new0 (MsNgramIndex, 1);

  self->postings = g_hash_table_new_full (NULL, NULL, NULL, free_postings);
  self->norms = g_new (double, n_vectors + 1);
  self->n_vectors = n_vectors;
  for (guint v = 0; v < n_vectors; v++)
    {
      self->norms[v] = vectors[v]->norm;
      for (guint i = 0; i < vectors[v]->n; i++)
        {
          gpointer key = GUINT_TO_POINTER (vectors[v]->keys[i]);
          GArray *list = g_hash_table_lookup (self->postings, key);
          Posting posting = { v, vectors[v]->weights[i] };

          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (Posting));
              g_hash_table_insert (self->postings, key, list);
            }
          g_array_append_val (list, posting);
        }
    }
  return self;
}

void
ms_ngram_index_free (MsNgramIndex *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->postings);
  g_free (self->norms);
  g_free (self);
}

/**
 * ms_ngram_index_cosines:
 * @cosines: (out caller-allocates) (array): one per indexed vector: its
 *   cosine with @query, 0–1, as ms_ngram_vector_cosine (query, vector)
 */
void
ms_ngram_index_cosines (const MsNgramIndex  *self,
                        const MsNgramVector *query,
                        double              *cosines)
{
  g_return_if_fail (self != NULL && query != NULL && cosines != NULL);

  memset (cosines, 0, sizeof (double) * self->n_vectors);
  if (query->norm == 0)
    return;

  /* dot products first, in the query's key order */
  for (guint i = 0; i < query->n; i++)
    {
      GArray *list = g_hash_table_lookup (self->postings, GUINT_TO_POINTER (query->keys[i]));

      for (guint p = 0; list != NULL && p < list->len; p++)
        {
          const Posting *posting = &g_array_index (list, Posting, p);

          cosines[posting->vector] += (double) query->weights[i] * posting->weight;
        }
    }
  for (guint v = 0; v < self->n_vectors; v++)
    if (cosines[v] != 0)
      cosines[v] = self->norms[v] == 0 ? 0
                   : CLAMP (cosines[v] / (query->norm * self->norms[v]), 0.0, 1.0);
}
