/* ms-limit-nudge.h — a quiet note when a plan limit is near, at most once a day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/ms-entitlements.h"

G_BEGIN_DECLS

gboolean ms_limit_nudge_take (GSettings *settings,
                              MsLimit    limit,
                              gint64     now);

G_END_DECLS
