/* ms-campaign-repository.h — results of past campaigns (imported or pulled)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-campaign-row.h"
#include "ms-store.h"

G_BEGIN_DECLS

/* The most rows one campaign_result.put_many carries (README-sync.md): the
 * client splits an import's outbox by it and the server refuses more. */
#define MS_CAMPAIGN_ROWS_PER_PUT 500

/* @id: the row's UUID; @row and its strings are valid during the call */
typedef void (*MsCampaignRowFunc) (const char          *id,
                                   const MsCampaignRow *row,
                                   gpointer             user_data);

#define MS_TYPE_CAMPAIGN_REPOSITORY (ms_campaign_repository_get_type ())

G_DECLARE_FINAL_TYPE (MsCampaignRepository, ms_campaign_repository, MS, CAMPAIGN_REPOSITORY, GObject)

MsCampaignRepository *ms_campaign_repository_new    (MsStore              *store) G_GNUC_WARN_UNUSED_RESULT;
gboolean              ms_campaign_repository_insert (MsCampaignRepository *self,
                                                     const MsCampaignRow  *rows,
                                                     guint                 n_rows,
                                                     guint                *n_added,
                                                     GError              **error);
gboolean              ms_campaign_repository_insert_unique (MsCampaignRepository *self,
                                                            const MsCampaignRow  *rows,
                                                            guint                 n_rows,
                                                            guint                *n_added,
                                                            GError              **error);
guint                 ms_campaign_repository_count  (MsCampaignRepository *self,
                                                     GError              **error);
gboolean              ms_campaign_repository_contains (MsCampaignRepository *self,
                                                       const char           *natural_key);
gboolean              ms_campaign_repository_foreach (MsCampaignRepository *self,
                                                      guint                 newest_per_channel,
                                                      MsCampaignRowFunc     func,
                                                      gpointer              user_data,
                                                      GError              **error);

G_END_DECLS
