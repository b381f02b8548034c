/* ms-accounts-format.h — how the Accounts section words its figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store/ms-staff-account.h"

G_BEGIN_DECLS

const char *ms_accounts_language       (void);
const char *ms_accounts_text           (JsonObject     *both,
                                        const char     *fallback);
const char *ms_accounts_band_label     (const char     *band);
const char *ms_accounts_band_class     (const char     *band);
const char *ms_accounts_plan_name      (const char     *plan);
gint64      ms_accounts_mrr            (MsStaffAccount *account);
char       *ms_accounts_format_change  (int             change) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_accounts_format_owner   (const char     *owner,
                                        const char     *me) G_GNUC_WARN_UNUSED_RESULT;
char       *ms_accounts_format_time    (gint64          usec) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
