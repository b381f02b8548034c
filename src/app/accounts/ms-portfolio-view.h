/* ms-portfolio-view.h — a CSM's accounts as a sortable, filterable table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_PORTFOLIO_VIEW (ms_portfolio_view_get_type ())

G_DECLARE_FINAL_TYPE (MsPortfolioView, ms_portfolio_view, MS, PORTFOLIO_VIEW, GtkWidget)

void        ms_portfolio_view_set_accounts   (MsPortfolioView *self,
                                              GListModel      *accounts,
                                              const char      *me);
GListModel *ms_portfolio_view_get_shown      (MsPortfolioView *self);
void        ms_portfolio_view_sort_by        (MsPortfolioView *self,
                                              const char      *column,
                                              GtkSortType      order);
void        ms_portfolio_view_set_filter     (MsPortfolioView *self,
                                              const char      *band,
                                              const char      *plan,
                                              const char      *owner,
                                              const char      *search);
guint       ms_portfolio_view_get_rows_built (void);

G_END_DECLS
