/* ms-history-order.h — past sends, oldest first, for holding back the newest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-campaign-row.h"

G_BEGIN_DECLS

guint *ms_history_order_dates (const char * const *dates,
                               guint               n,
                               guint32             seed) G_GNUC_WARN_UNUSED_RESULT;
guint *ms_history_order_rows  (const MsCampaignRow *rows,
                               guint                n_rows,
                               guint32              seed) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
