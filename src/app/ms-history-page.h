/* ms-history-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "ms-core.h"
#include "io/ms-encoding.h"
#include "store/ms-learning.h"
#include "store/ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_HISTORY_PAGE (ms_history_page_get_type ())

G_DECLARE_FINAL_TYPE (MsHistoryPage, ms_history_page, MS, HISTORY_PAGE, GtkWidget)

void       ms_history_page_set_store   (MsHistoryPage  *self,
                                        MsStore        *store,
                                        const GError   *store_error);
void       ms_history_page_set_learning (MsHistoryPage *self,
                                         MsLearning    *learning);
GListModel *ms_history_page_get_model  (MsHistoryPage  *self);
gboolean   ms_history_page_export_csv  (MsHistoryPage       *self,
                                        GFile               *file,
                                        MsEncoding           encoding,
                                        const char * const  *columns,
                                        guint               *n_rows,
                                        GError             **error);
GtkWindow *ms_history_page_preview_import (MsHistoryPage *self,
                                           GFile         *file);

G_END_DECLS
