/* ms-parallel.h — run a few jobs at once, one per thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*MsParallelFunc) (guint    index,
                                gpointer user_data);

void ms_parallel_run (guint          n_jobs,
                      MsParallelFunc func,
                      gpointer       user_data);

G_END_DECLS
