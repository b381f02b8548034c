/* ms-campaign-repository-private.h — what sync and the store use of campaigns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-campaign-repository.h"

G_BEGIN_DECLS

char     *_ms_campaign_repository_expand_outbox_args (MsStore     *store,
                                                      const char  *name,
                                                      const char  *args_json) G_GNUC_WARN_UNUSED_RESULT;
gboolean  _ms_campaign_repository_wipe_tenant        (MsStore     *store,
                                                      const char  *tenant,
                                                      GError     **error);
void      _ms_campaign_repository_sweep_files        (MsStore     *store);
gboolean  _ms_campaign_repository_is_imported_here   (MsStore     *store,
                                                      const char  *tenant,
                                                      const char  *id,
                                                      gboolean    *own,
                                                      GError     **error);

G_END_DECLS
