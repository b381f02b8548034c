/* ms-ngram.h — character bigram/trigram vectors and cosine similarity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A sparse vector of character n-grams (bigrams and trigrams of the
 * NFKC-normalised, case-folded text with white space removed). Keys are
 * 32-bit hashes of the n-grams, sorted; weights start as counts. */
typedef struct
{
  guint    n;
  guint32 *keys;
  float   *weights;
  double   norm;     /* Euclidean length of weights */
} MsNgramVector;

/* Inverse document frequencies over a set of vectors (smoothed:
 * idf = ln ((1 + N) / (1 + df)) + 1; an unseen n-gram gets ln (1 + N) + 1). */
typedef struct _MsNgramIdf MsNgramIdf;

MsNgramVector *ms_ngram_vector_new      (const char          *text) G_GNUC_WARN_UNUSED_RESULT;
MsNgramVector *ms_ngram_vector_copy     (const MsNgramVector *self) G_GNUC_WARN_UNUSED_RESULT;
void           ms_ngram_vector_free     (MsNgramVector       *self);
void           ms_ngram_vector_reweight (MsNgramVector       *self,
                                         const MsNgramIdf    *idf);
double         ms_ngram_vector_cosine   (const MsNgramVector *a,
                                         const MsNgramVector *b);
double         ms_ngram_similarity      (const char          *a,
                                         const char          *b);

MsNgramIdf    *ms_ngram_idf_new         (MsNgramVector * const *vectors,
                                         guint                  n_vectors) G_GNUC_WARN_UNUSED_RESULT;
void           ms_ngram_idf_free        (MsNgramIdf          *self);
double         ms_ngram_idf_lookup      (const MsNgramIdf    *self,
                                         guint32              key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsNgramVector, ms_ngram_vector_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsNgramIdf, ms_ngram_idf_free)

G_END_DECLS
