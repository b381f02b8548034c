/* ms-draft.h — the message being written, its counts and its score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"
#include "score/ms-message.h"
#include "score/ms-predictor.h"
#include "score/ms-rule-set.h"
#include "score/ms-score-result.h"
#include "score/ms-segment.h"
#include "text/ms-text.h"

G_BEGIN_DECLS

/* The body is the email body, and LINE's first bubble: switching channel
 * keeps it. Bubbles 2 and 3 are LINE's only. */
typedef enum
{
  MS_DRAFT_FIELD_SUBJECT,
  MS_DRAFT_FIELD_PREHEADER,
  MS_DRAFT_FIELD_BODY,
  MS_DRAFT_FIELD_BUBBLE2,
  MS_DRAFT_FIELD_BUBBLE3,
  MS_DRAFT_N_FIELDS
} MsDraftField;

#define MS_TYPE_DRAFT (ms_draft_get_type ())

G_DECLARE_FINAL_TYPE (MsDraft, ms_draft, MS, DRAFT, GObject)

MsDraft            *ms_draft_new              (void) G_GNUC_WARN_UNUSED_RESULT;
MsChannel           ms_draft_get_channel      (MsDraft          *self);
void                ms_draft_set_channel      (MsDraft          *self,
                                               MsChannel         channel);
const char         *ms_draft_get_subject      (MsDraft          *self);
void                ms_draft_set_subject      (MsDraft          *self,
                                               const char       *subject);
const char         *ms_draft_get_preheader    (MsDraft          *self);
void                ms_draft_set_preheader    (MsDraft          *self,
                                               const char       *preheader);
const char         *ms_draft_get_body         (MsDraft          *self);
void                ms_draft_set_body         (MsDraft          *self,
                                               const char       *body);
const char         *ms_draft_get_field        (MsDraft          *self,
                                               MsDraftField      field);
void                ms_draft_set_field        (MsDraft          *self,
                                               MsDraftField      field,
                                               const char       *text);
guint               ms_draft_get_max_bubbles  (void);
guint               ms_draft_get_n_bubbles    (MsDraft          *self);
void                ms_draft_set_n_bubbles    (MsDraft          *self,
                                               guint             n_bubbles);
const MsTextCounts *ms_draft_get_counts       (MsDraft          *self,
                                               MsDraftField      field);
gboolean            ms_draft_get_over_limit   (MsDraft          *self);
gboolean            ms_draft_is_empty         (MsDraft          *self);
gboolean            ms_draft_field_is_over_limit (MsDraft       *self,
                                                  MsDraftField   field);
const MsSegment    *ms_draft_get_segment      (MsDraft          *self);
void                ms_draft_set_segment      (MsDraft          *self,
                                               const MsSegment  *segment);
MsRuleSet          *ms_draft_get_rule_set     (MsDraft          *self);
void                ms_draft_set_rule_set     (MsDraft          *self,
                                               MsRuleSet        *rules);
void                ms_draft_set_predictor    (MsDraft          *self,
                                               MsPredictor      *predictor);
void                ms_draft_set_knowledge    (MsDraft          *self,
                                               GPtrArray        *knowledge);
MsMessage          *ms_draft_dup_message      (MsDraft          *self) G_GNUC_WARN_UNUSED_RESULT;
MsScoreResult      *ms_draft_get_result       (MsDraft          *self);
MsDraftField        ms_draft_field_from_message_field (MsDraft  *self,
                                                       MsField   field);
MsField             ms_draft_field_to_message_field   (MsDraft      *self,
                                                       MsDraftField  field);

G_END_DECLS
