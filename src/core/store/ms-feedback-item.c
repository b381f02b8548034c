/* ms-feedback-item.c — a reviewer's feedback, immutable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>

#include "ms-feedback-item.h"

struct _MsFeedbackItem
{
  GObject        parent_instance;
  MsFeedbackInfo info;
};

G_DEFINE_FINAL_TYPE (MsFeedbackItem, ms_feedback_item, G_TYPE_OBJECT)

void
ms_feedback_info_clear (MsFeedbackInfo *info)
{
  char **texts[] = {
    &info->id, &info->tenant, &info->link_id, &info->shared_by, &info->sharer_name,
    &info->history_id, &info->title, &info->role, &info->rating, &info->comment, &info->axes,
    &info->reviewer_name, &info->status, &info->resolution,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (texts[i], g_free);
}

static void
ms_feedback_item_finalize (GObject *object)
{
  ms_feedback_info_clear (&MS_FEEDBACK_ITEM (object)->info);
  G_OBJECT_CLASS (ms_feedback_item_parent_class)->finalize (object);
}

static void
ms_feedback_item_class_init (MsFeedbackItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_feedback_item_finalize;
}

static void
ms_feedback_item_init (MsFeedbackItem *self)
{
}

/**
 * ms_feedback_item_new:
 * @info: (transfer full): its members move into the item (@info is zeroed)
 */
MsFeedbackItem *
ms_feedback_item_new (MsFeedbackInfo *info)
{
  MsFeedbackItem *self = g_object_new (MS_TYPE_FEEDBACK_ITEM, NULL);

  self->info = *info;
  memset (info, 0, sizeof *info);
  return self;
}

const MsFeedbackInfo *
ms_feedback_item_get_info (MsFeedbackItem *self)
{
  g_return_val_if_fail (MS_IS_FEEDBACK_ITEM (self), NULL);
  return &self->info;
}

const char *
ms_feedback_item_get_id (MsFeedbackItem *self)
{
  g_return_val_if_fail (MS_IS_FEEDBACK_ITEM (self), NULL);
  return self->info.id;
}
