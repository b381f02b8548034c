/* ms-history-report.h — the history as a PDF report (summary, trend chart, table)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "store/ms-history-repository.h"
#include "store/ms-store.h"

G_BEGIN_DECLS

gboolean ms_history_report_write_pdf   (MsStore              *store,
                                        const MsHistoryQuery *query,
                                        GFile                *file,
                                        GError              **error);
guint    ms_history_report_count_pages (guint                 n_rows);

G_END_DECLS
