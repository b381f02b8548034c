/* ms-draft.h — the message being written, as an observable model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"
#include "text/ms-text.h"

G_BEGIN_DECLS

typedef enum
{
  MS_DRAFT_FIELD_SUBJECT,
  MS_DRAFT_FIELD_PREHEADER,
  MS_DRAFT_FIELD_BODY,
} MsDraftField;

#define MS_TYPE_DRAFT (ms_draft_get_type ())

G_DECLARE_FINAL_TYPE (MsDraft, ms_draft, MS, DRAFT, GObject)

MsDraft            *ms_draft_new                 (void) G_GNUC_WARN_UNUSED_RESULT;
MsChannel           ms_draft_get_channel         (MsDraft      *self);
void                ms_draft_set_channel         (MsDraft      *self,
                                                  MsChannel     channel);
const char         *ms_draft_get_subject         (MsDraft      *self);
void                ms_draft_set_subject         (MsDraft      *self,
                                                  const char   *subject);
const char         *ms_draft_get_preheader       (MsDraft      *self);
void                ms_draft_set_preheader       (MsDraft      *self,
                                                  const char   *preheader);
const char         *ms_draft_get_body            (MsDraft      *self);
void                ms_draft_set_body            (MsDraft      *self,
                                                  const char   *body);
const MsTextCounts *ms_draft_get_counts          (MsDraft      *self,
                                                  MsDraftField  field);
gboolean            ms_draft_get_over_limit      (MsDraft      *self);

G_END_DECLS
