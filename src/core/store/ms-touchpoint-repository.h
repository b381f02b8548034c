/* ms-touchpoint-repository.h — a CSM's own log of their accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *account;
  char   *kind;         /* call, meeting, email or note */
  char   *text;
  gint64  happened_at;  /* µs since the epoch */
  gint64  created_at;
} MsTouchpoint;

void ms_touchpoint_free (MsTouchpoint *touchpoint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTouchpoint, ms_touchpoint_free)

#define MS_TYPE_TOUCHPOINT_REPOSITORY (ms_touchpoint_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsTouchpointRepository, ms_touchpoint_repository, MS, TOUCHPOINT_REPOSITORY, GObject)

MsTouchpointRepository *ms_touchpoint_repository_new    (MsStore                 *store) G_GNUC_WARN_UNUSED_RESULT;
char                   *ms_touchpoint_repository_add    (MsTouchpointRepository  *self,
                                                         const char              *account,
                                                         const char              *kind,
                                                         const char              *text,
                                                         gint64                   happened_at,
                                                         GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean                ms_touchpoint_repository_delete (MsTouchpointRepository  *self,
                                                         const char              *id,
                                                         GError                 **error);
GPtrArray              *ms_touchpoint_repository_list   (MsTouchpointRepository  *self,
                                                         const char              *account) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
