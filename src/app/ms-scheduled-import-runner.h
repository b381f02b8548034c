/* ms-scheduled-import-runner.h — the monthly import, run when the app starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-context.h"

G_BEGIN_DECLS

void ms_scheduled_import_runner_start (MsContext *context,
                                       GtkWidget *window);

G_END_DECLS
