/* ms-account-view.h — one customer account's page for staff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"

G_BEGIN_DECLS

#define MS_TYPE_ACCOUNT_VIEW (ms_account_view_get_type ())

G_DECLARE_FINAL_TYPE (MsAccountView, ms_account_view, MS, ACCOUNT_VIEW, GtkWidget)

void        ms_account_view_set_context (MsAccountView *self,
                                         MsContext     *context);
void        ms_account_view_show        (MsAccountView *self,
                                         const char    *account);
const char *ms_account_view_get_account (MsAccountView *self);
JsonObject *ms_account_view_get_detail  (MsAccountView *self);
gboolean    ms_account_view_get_fetching (MsAccountView *self);
void        ms_account_view_set_timeline_filter (MsAccountView *self,
                                                 const char    *kind);

G_END_DECLS
