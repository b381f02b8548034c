/* ms-merge-tags.h — where a text has merge tags (*|FNAME|*, {{name}}, %NAME%)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The inside of one merge tag, in code points of the text: [start, end). */
typedef struct
{
  guint start;
  guint end;
} MsMergeTag;

GArray   *ms_merge_tags_find     (const char   *text) G_GNUC_WARN_UNUSED_RESULT;
gboolean  ms_merge_tags_contain  (const GArray *tags,
                                  guint         start,
                                  guint         end);

G_END_DECLS
