/* ms-claim-model.h — how much a sentence reads like copy regulators acted on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_CLAIM_MODEL_MAX_FAMILIES 16

typedef struct _MsClaimModel MsClaimModel;

/* What the model rests on and how it did on cases it had not learned
 * (build-aux/train-claim-model: ten folds that keep each source together). */
typedef struct
{
  double recall;
  double precision;
  guint  n_items;
  guint  n_sources;
} MsClaimModelEvidence;

MsClaimModel *ms_claim_model_new_from_bytes (GBytes             *bytes,
                                             GError            **error) G_GNUC_WARN_UNUSED_RESULT;
MsClaimModel *ms_claim_model_get_default    (void);
void          ms_claim_model_free           (MsClaimModel       *self);
guint         ms_claim_model_get_n_families (const MsClaimModel *self);
const char   *ms_claim_model_get_family     (const MsClaimModel *self,
                                             guint               family);
int           ms_claim_model_find_family    (const MsClaimModel *self,
                                             const char         *rule_id);
double        ms_claim_model_get_raise      (const MsClaimModel *self,
                                             guint               family);
gboolean      ms_claim_model_is_clean       (const MsClaimModel *self,
                                             const double       *probabilities,
                                             int                 family);
const MsClaimModelEvidence *
              ms_claim_model_get_evidence   (const MsClaimModel *self);
void          ms_claim_model_predict        (const MsClaimModel *self,
                                             const char         *normalized,
                                             gsize               length,
                                             double             *probabilities);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsClaimModel, ms_claim_model_free)

G_END_DECLS
