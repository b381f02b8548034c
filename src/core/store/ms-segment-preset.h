/* ms-segment-preset.h — a named, saved segment (a personal preset)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "score/ms-segment.h"

G_BEGIN_DECLS

#define MS_TYPE_SEGMENT_PRESET (ms_segment_preset_get_type ())

G_DECLARE_FINAL_TYPE (MsSegmentPreset, ms_segment_preset, MS, SEGMENT_PRESET, GObject)

MsSegmentPreset *ms_segment_preset_new         (const char      *id,
                                                const char      *name,
                                                const MsSegment *segment) G_GNUC_WARN_UNUSED_RESULT;
const char      *ms_segment_preset_get_id      (MsSegmentPreset *self);
const char      *ms_segment_preset_get_name    (MsSegmentPreset *self);
const MsSegment *ms_segment_preset_get_segment (MsSegmentPreset *self);

G_END_DECLS
