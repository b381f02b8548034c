/* ms-feedback-item.h — one reviewer's feedback on a member's scoring, as the
 * Feedback view lists it (ms-feedback-repository.c)
 *
 * Immutable: the list replaces its items when the rows change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *tenant;           /* the team's, "team:<uuid>" */
  char   *link_id;
  char   *shared_by;        /* the member's user id */
  char   *sharer_name;      /* from the team's members; the id when unknown */
  char   *history_id;       /* the member's scoring, or NULL */
  char   *title;            /* the scoring's subject or first bubble, or NULL */
  char   *role;             /* director | manager | senior */
  char   *rating;           /* fair | high | low | far_off */
  char   *comment;          /* or NULL */
  char   *axes;             /* the axes named, comma-separated; "" for none */
  char   *reviewer_name;    /* or NULL */
  char   *status;           /* open | resolved */
  char   *resolution;       /* or NULL */
  gint64  created_at;
  gint64  resolved_at;      /* 0 while open */
  int     engine_total;     /* the AI's score the reviewer saw */
  int     corrected_score;  /* the reviewer's, or -1 */
} MsFeedbackInfo;

#define MS_TYPE_FEEDBACK_ITEM (ms_feedback_item_get_type ())

G_DECLARE_FINAL_TYPE (MsFeedbackItem, ms_feedback_item, MS, FEEDBACK_ITEM, GObject)

MsFeedbackItem       *ms_feedback_item_new      (MsFeedbackInfo *info) G_GNUC_WARN_UNUSED_RESULT;
const MsFeedbackInfo *ms_feedback_item_get_info (MsFeedbackItem *self);
const char           *ms_feedback_item_get_id   (MsFeedbackItem *self);
void                  ms_feedback_info_clear    (MsFeedbackInfo *info);

G_END_DECLS
