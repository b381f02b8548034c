/* ms-server-share-storage.c — the share-link methods of MsServerStorage
 * (each backend implements them: ms-server-sqlite-share.c, ms-server-pg-share.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-storage.h"

void
ms_server_share_link_free (MsServerShareLink *link)
{
  if (link == NULL)
    return;
  g_free (link->id);
  g_free (link->hash);
  g_free (link->tenant);
  g_free (link->created_by);
  g_free (link->history_id);
  g_free (link->title);
  g_free (link->snapshot_json);
  g_free (link);
}

gboolean
ms_server_storage_add_share_link (MsServerStorage         *self,
                                  const MsServerShareLink *link,
                                  GError                 **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (link != NULL && link->hash != NULL, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->add_share_link (self, link, error);
}

gboolean
ms_server_storage_find_share_link (MsServerStorage    *self,
                                   const char         *hash,
                                   MsServerShareLink **out,
                                   GError            **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (hash != NULL && out != NULL, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->find_share_link (self, hash, out, error);
}

/**
 * ms_server_storage_list_share_links:
 *
 * Returns: (transfer full) (element-type MsServerShareLink): @created_by's
 *   links, newest first, or NULL with @error set
 */
GPtrArray *
ms_server_storage_list_share_links (MsServerStorage  *self,
                                    const char       *created_by,
                                    guint             limit,
                                    GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), NULL);
  g_return_val_if_fail (created_by != NULL, NULL);
  return MS_SERVER_STORAGE_GET_IFACE (self)->list_share_links (self, created_by, limit, error);
}

gboolean
ms_server_storage_count_share_links (MsServerStorage  *self,
                                     const char       *created_by,
                                     gint64            since,
                                     gint64           *count,
                                     GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (created_by != NULL && count != NULL, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->count_share_links (self, created_by, since, count,
                                                                error);
}

gboolean
ms_server_storage_revoke_share_link (MsServerStorage  *self,
                                     const char       *created_by,
                                     const char       *id,
                                     gint64            now,
                                     gboolean         *revoked,
                                     GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (created_by != NULL && id != NULL && revoked != NULL, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->revoke_share_link (self, created_by, id, now,
                                                                revoked, error);
}

gboolean
ms_server_storage_view_share_link (MsServerStorage  *self,
                                   const char       *id,
                                   gint64            now,
                                   GError          **error)
{
  g_return_val_if_fail (MS_IS_SERVER_STORAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return MS_SERVER_STORAGE_GET_IFACE (self)->view_share_link (self, id, now, error);
}
