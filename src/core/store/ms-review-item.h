/* ms-review-item.h — a shared scoring and a fix request, as a team's
 * review lists show them (ms-review-repository.c)
 *
 * Immutable: the lists replace their items when the rows change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The texts and score of a scoring a member shared with the team. */
typedef struct
{
  char   *id;
  char   *history_id;
  char   *shared_by;       /* user id */
  char   *sharer_name;     /* from the team's members; the id when unknown */
  char   *channel;         /* "email" | "line" */
  char   *subject;
  char   *preheader;
  char   *body;
  char   *previous_id;     /* the version it fixes, or NULL */
  gint64  created_at;
  guint   total;
} MsSharedScoringInfo;

#define MS_TYPE_SHARED_SCORING (ms_shared_scoring_get_type ())

G_DECLARE_FINAL_TYPE (MsSharedScoring, ms_shared_scoring, MS, SHARED_SCORING, GObject)

MsSharedScoring           *ms_shared_scoring_new           (MsSharedScoringInfo *info,
                                                            const char          *request_status) G_GNUC_WARN_UNUSED_RESULT;
const MsSharedScoringInfo *ms_shared_scoring_get_info      (MsSharedScoring     *self);
const char                *ms_shared_scoring_get_id        (MsSharedScoring     *self);
/* the status of the newest fix request about it: "open", "fixed", "closed", or NULL */
const char                *ms_shared_scoring_get_request_status (MsSharedScoring *self);
void                       ms_shared_scoring_info_clear    (MsSharedScoringInfo *info);

/* A fix request (修正依頼) with the scoring it is about and its answer. */
typedef struct
{
  char                *id;
  char                *status;          /* "open" | "fixed" | "closed" */
  char                *comment;
  char                *answer;          /* or NULL */
  char                *member;          /* user id of whom it asks */
  char                *member_name;
  char                *requested_by;    /* user id */
  char                *requester_name;
  gint64               created_at;
  gint64               answered_at;     /* 0: not answered */
  gint64               closed_at;       /* 0: open */
  MsSharedScoringInfo  scoring;
  gboolean             has_fixed;
  MsSharedScoringInfo  fixed;           /* when has_fixed */
} MsFixRequestInfo;

#define MS_TYPE_FIX_REQUEST (ms_fix_request_get_type ())

G_DECLARE_FINAL_TYPE (MsFixRequest, ms_fix_request, MS, FIX_REQUEST, GObject)

MsFixRequest           *ms_fix_request_new      (MsFixRequestInfo *info) G_GNUC_WARN_UNUSED_RESULT;
const MsFixRequestInfo *ms_fix_request_get_info (MsFixRequest     *self);
const char             *ms_fix_request_get_id   (MsFixRequest     *self);
const char             *ms_fix_request_get_status (MsFixRequest   *self);

G_END_DECLS
