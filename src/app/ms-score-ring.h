/* ms-score-ring.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_SCORE_RING (ms_score_ring_get_type ())

G_DECLARE_FINAL_TYPE (MsScoreRing, ms_score_ring, MS, SCORE_RING, GtkWidget)

GtkWidget *ms_score_ring_new       (void);
int        ms_score_ring_get_value (MsScoreRing *self);
void       ms_score_ring_set_value (MsScoreRing *self,
                                    int          value);

G_END_DECLS
