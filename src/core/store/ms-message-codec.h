/* ms-message-codec.h — an MsMessage and an MsSegment as stored JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "score/ms-message.h"
#include "score/ms-segment.h"

G_BEGIN_DECLS

JsonNode  *ms_segment_to_json      (const MsSegment  *segment) G_GNUC_WARN_UNUSED_RESULT;
MsSegment *ms_segment_new_from_json (JsonNode        *node,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode  *ms_message_to_json      (const MsMessage  *message) G_GNUC_WARN_UNUSED_RESULT;
MsMessage *ms_message_new_from_json (JsonNode        *node,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
