/* ms-learning-source.h — the rows learning reads from a profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-campaign-repository.h"
#include "ms-store.h"
#include "score/ms-predictor.h"

G_BEGIN_DECLS

gboolean     ms_learning_source_foreach (MsStore            *store,
                                         guint               newest_per_channel,
                                         MsCampaignRowFunc   func,
                                         gpointer            user_data,
                                         GError            **error);
MsPredictor *ms_learning_source_read    (MsStore            *store,
                                         MsPredictor        *fallback,
                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
