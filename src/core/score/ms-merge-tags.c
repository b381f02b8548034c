/* ms-merge-tags.c — where a text has merge tags
 *
 * A merge tag is the reader's name (or another field) the sending tool puts
 * in: *|FNAME|* (Mailchimp), {{first_name}}, ${name}, {name}, %FIRSTNAME%,
 * [[FirstName]]. What is inside one is no copy: the 16 of *|MERGE16|* is no
 * number and its capitals are no shouting. The checks skip it; a merge tag
 * as a whole still counts as addressing the reader (appeal.hook).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "ms-merge-tags.h"

/* One alternative per syntax; group n is the inside of alternative n. */
static const char tag_pattern[] =
  "\\*\\|([A-Za-z0-9_:-]{1,40})\\|\\*"
  "|\\{\\{([^{}\\n]{1,60})\\}\\}"
  "|\\$\\{([A-Za-z_][A-Za-z0-9_.]{0,39})\\}"
  "|\\{([A-Za-z_][A-Za-z0-9_.]{0,39})\\}"
  "|%([A-Za-z_][A-Za-z0-9_]{0,39})%"
  "|\\[\\[([A-Za-z_][A-Za-z0-9_ ]{0,39})\\]\\]";

static GRegex *
tag_regex (void)
{
  static GRegex *regex;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) error = NULL;

      regex = g_regex_new (tag_pattern, G_REGEX_OPTIMIZE, 0, &error);
      /* A constant pattern: failing is a build bug. */
      g_assert_no_error (error);
      g_once_init_leave (&once, 1);
    }
  return regex;
}

/**
 * ms_merge_tags_find:
 * @text: valid UTF-8
 *
 * Returns: (transfer full) (element-type MsMergeTag): the inside of each
 *   merge tag in @text, in order; empty when there is none
 */
GArray *
ms_merge_tags_find (const char *text)
{
  GArray *tags = g_array_new (FALSE, FALSE, sizeof (MsMergeTag));
  g_autoptr(GMatchInfo) info = NULL;

  g_return_val_if_fail (text != NULL, tags);

  /* Most texts have none of the marks: no regex run for them. */
  if (strpbrk (text, "|{%[") == NULL)
    return tags;

  g_regex_match (tag_regex (), text, 0, &info);
  while (g_match_info_matches (info))
    {
      for (int group = 1; group < g_match_info_get_match_count (info); group++)
        {
          int start, end;

          if (g_match_info_fetch_pos (info, group, &start, &end) && start >= 0 && end > start)
            {
              MsMergeTag tag = {
                (guint) g_utf8_pointer_to_offset (text, text + start),
                (guint) g_utf8_pointer_to_offset (text, text + end),
              };

              g_array_append_val (tags, tag);
              break;
            }
        }
      g_match_info_next (info, NULL);
    }
  return tags;
}

/**
 * ms_merge_tags_contain:
 * @tags: (element-type MsMergeTag) (nullable): from ms_merge_tags_find()
 *
 * Returns: whether [@start, @end) lies inside one merge tag
 */
gboolean
ms_merge_tags_contain (const GArray *tags,
                       guint         start,
                       guint         end)
{
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      const MsMergeTag *tag = &g_array_index (tags, MsMergeTag, i);

      if (start >= tag->start && end <= tag->end)
        return TRUE;
    }
  return FALSE;
}
