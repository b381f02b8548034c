/* ms-reasons.h — the churn model's top factors as sentences and actions, from data/csm/reasons.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-churn-model.h"

G_BEGIN_DECLS

#define MS_REASONS_TOP 3

JsonArray *ms_reasons_top        (MsChurnModel  *model,
                                  const float   *contributions,
                                  const float   *values,
                                  guint          n_top,
                                  const char    *language) G_GNUC_WARN_UNUSED_RESULT;
char      *ms_reasons_sentence   (const char    *signal,
                                  double         value,
                                  const char    *language) G_GNUC_WARN_UNUSED_RESULT;
const char *ms_reasons_action    (const char    *signal,
                                  const char    *language);
gboolean   ms_reasons_has        (const char    *signal);

G_END_DECLS
