/* ms-invoice-list.h — a team's invoices, on its Team page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sync/ms-sync-client.h"

G_BEGIN_DECLS

#define MS_TYPE_INVOICE_LIST (ms_invoice_list_get_type ())

G_DECLARE_FINAL_TYPE (MsInvoiceList, ms_invoice_list, MS, INVOICE_LIST, GtkWidget)

void        ms_invoice_list_set_team       (MsInvoiceList        *self,
                                            MsSyncClient         *client,
                                            const char           *team,
                                            gboolean              owner);
guint       ms_invoice_list_get_n_invoices (MsInvoiceList        *self);
const char *ms_invoice_list_get_note       (MsInvoiceList        *self);
GtkListBox *ms_invoice_list_get_rows       (MsInvoiceList        *self);
void        ms_invoice_list_save_async     (MsInvoiceList        *self,
                                            const char           *number,
                                            GFile                *file,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    ms_invoice_list_save_finish    (MsInvoiceList        *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
