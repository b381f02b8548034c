/* ms-features-private.h — features from counts the scorer already has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "text/ms-text.h"
#include "ms-features.h"

G_BEGIN_DECLS

void _ms_features_add_field (MsFeatures         *features,
                             const char         *text,
                             const MsTextCounts *counts,
                             gboolean            subject);

G_END_DECLS
