/* ms-ngram-index.h — cosines of one query against many n-gram vectors at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-ngram.h"

G_BEGIN_DECLS

typedef struct _MsNgramIndex MsNgramIndex;

MsNgramIndex *ms_ngram_index_new     (MsNgramVector * const *vectors,
                                      guint                  n_vectors) G_GNUC_WARN_UNUSED_RESULT;
void          ms_ngram_index_free    (MsNgramIndex          *self);
void          ms_ngram_index_cosines (const MsNgramIndex    *self,
                                      const MsNgramVector   *query,
                                      double                *cosines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsNgramIndex, ms_ngram_index_free)

G_END_DECLS
