/* ms-campaign-repository.h — results of past campaigns (imported or pulled)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ms-channel.h"
#include "ms-store.h"

G_BEGIN_DECLS

/* The most rows one campaign_result.put_many carries (README-sync.md): the
 * client splits an import's outbox by it and the server refuses more. */
#define MS_CAMPAIGN_ROWS_PER_PUT 500

/* One campaign result. Unknown numbers: recipients/cv_count -1, rates NAN.
 * Rates are fractions (0.234 = 23.4 %). sent_on is "YYYY-MM-DD" or NULL. */
typedef struct
{
  guint      line;            /* where it came from in an imported file */
  char      *sent_on;
  MsChannel  channel;
  char      *subject;
  char      *body;
  gint64     recipients;
  double     open_rate;
  double     ctr;
  gint64     cv_count;
  char      *cv_type;
  char       natural_key[65]; /* ms_campaign_row_compute_key(): hex */
  guint8     digest[32];      /* the same key, raw */
} MsCampaignRow;

void ms_campaign_row_clear       (MsCampaignRow *row);
void ms_campaign_row_compute_key (MsCampaignRow *row);

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
