/* ms-rejected-rows-view.h — the rows an import rejected, with their lines and reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "io/ms-campaign-import.h"

G_BEGIN_DECLS

GtkWidget *ms_rejected_rows_view_new (MsCampaignImport *import);

G_END_DECLS
