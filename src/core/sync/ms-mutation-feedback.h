/* ms-mutation-feedback.h — reviewer feedback: its choices, shared by the
 * server's form, the store and the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The plan feature (data/plans.json) of reviewer feedback */
#define MS_FEEDBACK_FEATURE "reviewer_feedback"

/* NULL-terminated, in the order the form shows them */
extern const char * const ms_feedback_roles[];    /* director, manager, senior */
extern const char * const ms_feedback_ratings[];  /* fair, high, low, far_off */
extern const char * const ms_feedback_axes[];     /* the scorer's axis names */

char *ms_feedback_normalize_axes (const char *text) G_GNUC_WARN_UNUSED_RESULT;
/* The row id of an owner's choice about knowledge entry @key (knowledge_state.set). */
char *ms_knowledge_state_id      (const char *key) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
