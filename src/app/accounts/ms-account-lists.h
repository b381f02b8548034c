/* ms-account-lists.h — the at-risk Top 20 and the upsell candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MS_AT_RISK_TOP 20

gboolean ms_account_lists_is_at_risk    (gpointer     account);
guint    ms_account_lists_fill_at_risk  (GtkListBox  *list,
                                         GListModel  *accounts);
guint    ms_account_lists_fill_upsell   (GtkListBox  *list,
                                         GListModel  *accounts,
                                         JsonArray   *tasks);
gint64   ms_account_lists_upsell_gain   (const char  *plan,
                                         char       **next_plan);

G_END_DECLS
