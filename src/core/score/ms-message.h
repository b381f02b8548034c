/* ms-message.h — the message to score: channel, fields and segment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"
#include "ms-score-types.h"
#include "ms-segment.h"

G_BEGIN_DECLS

#define MS_TYPE_MESSAGE (ms_message_get_type ())

/* Immutable and reference counted; safe to share between threads. */
typedef struct _MsMessage MsMessage;

GType            ms_message_get_type      (void) G_GNUC_CONST;
MsMessage       *ms_message_new_email     (const char        *subject,
                                           const char        *preheader,
                                           const char        *body,
                                           const MsSegment   *segment) G_GNUC_WARN_UNUSED_RESULT;
MsMessage       *ms_message_new_line      (const char        *title,
                                           const char * const *bubbles,
                                           const MsSegment   *segment) G_GNUC_WARN_UNUSED_RESULT;
MsMessage       *ms_message_new_with_field (const MsMessage  *self,
                                            MsField           field,
                                            const char       *text) G_GNUC_WARN_UNUSED_RESULT;
MsMessage       *ms_message_ref           (MsMessage         *self);
void             ms_message_unref         (MsMessage         *self);
MsChannel        ms_message_get_channel   (const MsMessage   *self);
const char      *ms_message_get_field     (const MsMessage   *self,
                                           MsField            field);
guint            ms_message_get_n_bubbles (const MsMessage   *self);
const MsSegment *ms_message_get_segment   (const MsMessage   *self);
gboolean         ms_message_validate      (const MsMessage   *self,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsMessage, ms_message_unref)

G_END_DECLS
