/* ms-campaign-import-private.h — campaign import internals, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-campaign-import.h"

G_BEGIN_DECLS

/* n_threads: at most; 0 chooses as the public functions do */
MsCampaignImport *_ms_campaign_import_prepare_with_threads      (GBytes        *data,
                                                                 guint          n_threads,
                                                                 GError       **error) G_GNUC_WARN_UNUSED_RESULT;
MsCampaignImport *_ms_campaign_import_prepare_file_with_threads (GFile         *file,
                                                                 guint          n_threads,
                                                                 GCancellable  *cancellable,
                                                                 GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
