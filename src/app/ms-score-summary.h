/* ms-score-summary.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ms-core.h"

G_BEGIN_DECLS

#define MS_TYPE_SCORE_SUMMARY (ms_score_summary_get_type ())

G_DECLARE_FINAL_TYPE (MsScoreSummary, ms_score_summary, MS, SCORE_SUMMARY, GtkWidget)

void ms_score_summary_set_draft (MsScoreSummary *self,
                                 MsDraft        *draft);

G_END_DECLS
