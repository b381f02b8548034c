/* ms-segment-repository.h — personal segment presets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-segment-preset.h"
#include "ms-store.h"

G_BEGIN_DECLS

#define MS_TYPE_SEGMENT_REPOSITORY (ms_segment_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsSegmentRepository, ms_segment_repository, MS, SEGMENT_REPOSITORY, GObject)

MsSegmentRepository *ms_segment_repository_new       (MsStore             *store) G_GNUC_WARN_UNUSED_RESULT;
GListModel          *ms_segment_repository_get_model (MsSegmentRepository *self);
char                *ms_segment_repository_add       (MsSegmentRepository *self,
                                                      const char          *name,
                                                      const MsSegment     *segment,
                                                      GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean             ms_segment_repository_update    (MsSegmentRepository *self,
                                                      const char          *id,
                                                      const char          *name,
                                                      const MsSegment     *segment,
                                                      GError             **error);
gboolean             ms_segment_repository_delete    (MsSegmentRepository *self,
                                                      const char          *id,
                                                      GError             **error);

G_END_DECLS
