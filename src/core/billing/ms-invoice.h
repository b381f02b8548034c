/* ms-invoice.h — qualified invoices (適格請求書): the document and its PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ms-billing.h"

G_BEGIN_DECLS

/* The registration number: "T" and 13 digits (a corporate number's first
 * digit is a check digit). */
typedef enum
{
  MS_INVOICE_NUMBER_VALID,
  MS_INVOICE_NUMBER_CHECK_DIGIT_MISMATCH,   /* well formed; a warning, not an error */
} MsInvoiceNumberCheck;

gboolean    ms_invoice_check_registration_number (const char            *number,
                                                  MsInvoiceNumberCheck  *check,
                                                  GError               **error);
char       *ms_invoice_dup_period_label          (MsBillingDay           from,
                                                  MsBillingDay           to) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_invoice_dup_line_description      (const MsBillingLine   *line) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *ms_invoice_build                     (JsonObject            *issuer,
                                                  const char            *recipient,
                                                  const char            *number,
                                                  MsBillingDay           issued,
                                                  MsBillingDay           due,
                                                  GPtrArray             *lines,
                                                  const char            *corrects,
                                                  const char            *reason,
                                                  GError               **error) G_GNUC_WARN_UNUSED_RESULT;
gint64      ms_invoice_get_total                 (JsonObject            *document);
GBytes     *ms_invoice_render_pdf                (JsonObject            *document,
                                                  GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
