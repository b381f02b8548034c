/* ms-segment.c — who a message is written for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "ms-data.h"
#include "ms-score-types.h"
#include "ms-segment.h"

G_DEFINE_BOXED_TYPE (MsSegment, ms_segment, ms_segment_copy, ms_segment_free)

MsSegment *
ms_segment_new (void)
{
  return g_new0 (MsSegment, 1);
}

MsSegment *
ms_segment_copy (const MsSegment *self)
{
  MsSegment *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->industry = g_strdup (self->industry);
  return copy;
}

void
ms_segment_free (MsSegment *self)
{
  if (self == NULL)
    return;

  g_free (self->industry);
  g_free (self);
}

void
ms_segment_set_industry (MsSegment  *self,
                         const char *industry)
{
  g_return_if_fail (self != NULL);

  if (self->industry == industry)
    return;
  g_free (self->industry);
  self->industry = g_strdup (industry);
}

static void
ms_industry_free (MsIndustry *industry)
{
  g_free (industry->id);
  g_free (industry->label);
  g_free (industry);
}

/**
 * ms_segment_list_industries:
 *
 * The industries that have baselines, in the order of data/baselines.json,
 * each with its label in the UI language.
 *
 * Returns: (transfer container) (element-type MsIndustry): the industries
 */
GPtrArray *
ms_segment_list_industries (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ms_data_load_json ("baselines.json", &error);
  GPtrArray *industries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_industry_free);
  const char *language = ms_score_get_language ();
  JsonObject *table;
  g_autoptr(GList) members = NULL;

  /* baselines.json ships inside the binary and is tested. */
  if (root == NULL)
    g_error ("%s", error->message);

  table = json_object_get_object_member (json_node_get_object (root), "industries");
  members = json_object_get_members (table);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *entry = json_object_get_object_member (table, l->data);
      JsonObject *label = json_object_get_object_member (entry, "label");
      MsIndustry *industry = g_new0 (MsIndustry, 1);

      industry->id = g_strdup (l->data);
      industry->label = g_strdup (label != NULL ?
                                  json_object_get_string_member_with_default (label, language,
                                                                              l->data) :
                                  l->data);
      g_ptr_array_add (industries, industry);
    }

  return industries;
}
