/* ms-campaign-import.h — campaign results from a CSV file: preview, then commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-encoding.h"
#include "store/ms-campaign-repository.h"
#include "store/ms-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  line;    /* physical line the row starts on (the header is line 1) */
  char  *reason;  /* translated: what is wrong and how to fix it */
} MsCampaignRejection;

#define MS_TYPE_CAMPAIGN_IMPORT (ms_campaign_import_get_type ())

G_DECLARE_FINAL_TYPE (MsCampaignImport, ms_campaign_import, MS, CAMPAIGN_IMPORT, GObject)

MsCampaignImport          *ms_campaign_import_prepare          (GBytes            *data,
                                                                GError           **error) G_GNUC_WARN_UNUSED_RESULT;
MsCampaignImport          *ms_campaign_import_prepare_file     (GFile             *file,
                                                                GCancellable      *cancellable,
                                                                GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean                   ms_campaign_import_commit           (MsCampaignImport  *self,
                                                                MsStore           *store,
                                                                guint             *n_added,
                                                                GError           **error);
MsEncoding                 ms_campaign_import_get_encoding     (MsCampaignImport  *self);
guint                      ms_campaign_import_get_n_rows       (MsCampaignImport  *self);
const MsCampaignRow       *ms_campaign_import_get_row          (MsCampaignImport  *self,
                                                                guint              index);
guint                      ms_campaign_import_get_n_rejected   (MsCampaignImport  *self);
const MsCampaignRejection *ms_campaign_import_get_rejected     (MsCampaignImport  *self,
                                                                guint              index);
guint                      ms_campaign_import_get_n_channel    (MsCampaignImport  *self,
                                                                MsChannel          channel);
const char                *ms_campaign_import_get_first_date   (MsCampaignImport  *self);
const char                *ms_campaign_import_get_last_date    (MsCampaignImport  *self);
double                     ms_campaign_import_get_mean_open_rate (MsCampaignImport *self);
double                     ms_campaign_import_get_mean_ctr     (MsCampaignImport  *self);
double                     ms_campaign_import_get_mean_cv_count (MsCampaignImport *self);
char                      *ms_campaign_import_dup_overview     (MsCampaignImport  *self) G_GNUC_WARN_UNUSED_RESULT;
char                      *ms_campaign_import_dup_summary      (MsCampaignImport  *self) G_GNUC_WARN_UNUSED_RESULT;

gboolean                   ms_parse_rate                       (const char        *text,
                                                                double            *rate);

G_END_DECLS
