/* ms-history-csv.h — the history as a CSV file for spreadsheets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ms-encoding.h"
#include "store/ms-history-repository.h"
#include "store/ms-store.h"

G_BEGIN_DECLS

const char * const *ms_history_csv_get_columns         (void);
const char * const *ms_history_csv_get_default_columns (void);
GBytes             *ms_history_csv_export              (MsStore              *store,
                                                        const MsHistoryQuery *query,
                                                        const char * const   *columns,
                                                        MsEncoding            encoding,
                                                        guint                *n_rows,
                                                        GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
