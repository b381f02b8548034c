/* ms-accounts-page.h — the Accounts section: a CSM's day and portfolio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ms-context.h"
#include "ms-account-view.h"
#include "ms-portfolio-view.h"

G_BEGIN_DECLS

#define MS_TYPE_ACCOUNTS_PAGE (ms_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (MsAccountsPage, ms_accounts_page, MS, ACCOUNTS_PAGE, GtkWidget)

gboolean         ms_accounts_page_get_fetching  (MsAccountsPage *self);
MsPortfolioView *ms_accounts_page_get_portfolio (MsAccountsPage *self);
void             ms_accounts_page_show_view     (MsAccountsPage *self,
                                                 const char     *name);
MsAccountView   *ms_accounts_page_open_account  (MsAccountsPage *self,
                                                 const char     *account);

G_END_DECLS
