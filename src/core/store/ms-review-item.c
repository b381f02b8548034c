/* ms-review-item.c — a shared scoring and a fix request, immutable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <string.h>

#include "ms-review-item.h"

struct _MsSharedScoring
{
  GObject             parent_instance;
  MsSharedScoringInfo info;
  char               *request_status;
};

G_DEFINE_FINAL_TYPE (MsSharedScoring, ms_shared_scoring, G_TYPE_OBJECT)

struct _MsFixRequest
{
  GObject          parent_instance;
  MsFixRequestInfo info;
};

G_DEFINE_FINAL_TYPE (MsFixRequest, ms_fix_request, G_TYPE_OBJECT)

void
ms_shared_scoring_info_clear (MsSharedScoringInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->history_id, g_free);
  g_clear_pointer (&info->shared_by, g_free);
  g_clear_pointer (&info->sharer_name, g_free);
  g_clear_pointer (&info->channel, g_free);
  g_clear_pointer (&info->subject, g_free);
  g_clear_pointer (&info->preheader, g_free);
  g_clear_pointer (&info->body, g_free);
  g_clear_pointer (&info->previous_id, g_free);
}

static void
ms_shared_scoring_finalize (GObject *object)
{
  MsSharedScoring *self = (MsSharedScoring *) object;

  ms_shared_scoring_info_clear (&self->info);
  g_free (self->request_status);
  G_OBJECT_CLASS (ms_shared_scoring_parent_class)->finalize (object);
}

static void
ms_shared_scoring_class_init (MsSharedScoringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_shared_scoring_finalize;
}

static void
ms_shared_scoring_init (MsSharedScoring *self)
{
}

/**
 * ms_shared_scoring_new:
 * @info: (transfer full): its members move into the item (@info is zeroed)
 * @request_status: (nullable): the status of its newest fix request
 */
MsSharedScoring *
ms_shared_scoring_new (MsSharedScoringInfo *info,
                       const char          *request_status)
{
  MsSharedScoring *self = g_object_new (MS_TYPE_SHARED_SCORING, NULL);

  self->info = *info;
  memset (info, 0, sizeof *info);
  self->request_status = g_strdup (request_status);
  return self;
}

const MsSharedScoringInfo *
ms_shared_scoring_get_info (MsSharedScoring *self)
{
  g_return_val_if_fail (MS_IS_SHARED_SCORING (self), NULL);
  return &self->info;
}

const char *
ms_shared_scoring_get_id (MsSharedScoring *self)
{
  g_return_val_if_fail (MS_IS_SHARED_SCORING (self), NULL);
  return self->info.id;
}

const char *
ms_shared_scoring_get_request_status (MsSharedScoring *self)
{
  g_return_val_if_fail (MS_IS_SHARED_SCORING (self), NULL);
  return self->request_status;
}

static void
ms_fix_request_finalize (GObject *object)
{
  MsFixRequest *self = (MsFixRequest *) object;
  MsFixRequestInfo *info = &self->info;

  g_free (info->id);
  g_free (info->status);
  g_free (info->comment);
  g_free (info->answer);
  g_free (info->member);
  g_free (info->member_name);
  g_free (info->requested_by);
  g_free (info->requester_name);
  ms_shared_scoring_info_clear (&info->scoring);
  ms_shared_scoring_info_clear (&info->fixed);
  G_OBJECT_CLASS (ms_fix_request_parent_class)->finalize (object);
}

static void
ms_fix_request_class_init (MsFixRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_fix_request_finalize;
}

static void
ms_fix_request_init (MsFixRequest *self)
{
}

/**
 * ms_fix_request_new:
 * @info: (transfer full): its members move into the item (@info is zeroed)
 */
MsFixRequest *
ms_fix_request_new (MsFixRequestInfo *info)
{
  MsFixRequest *self = g_object_new (MS_TYPE_FIX_REQUEST, NULL);

  self->info = *info;
  memset (info, 0, sizeof *info);
  return self;
}

const MsFixRequestInfo *
ms_fix_request_get_info (MsFixRequest *self)
{
  g_return_val_if_fail (MS_IS_FIX_REQUEST (self), NULL);
  return &self->info;
}

const char *
ms_fix_request_get_id (MsFixRequest *self)
{
  g_return_val_if_fail (MS_IS_FIX_REQUEST (self), NULL);
  return self->info.id;
}

const char *
ms_fix_request_get_status (MsFixRequest *self)
{
  g_return_val_if_fail (MS_IS_FIX_REQUEST (self), NULL);
  return self->info.status;
}
