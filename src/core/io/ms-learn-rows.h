/* ms-learn-rows.h — campaign rows to learn from, read from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-campaign-row.h"

G_BEGIN_DECLS

GArray *ms_learn_rows_load (GBytes   *data,
                            guint    *n_rejected,
                            GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
