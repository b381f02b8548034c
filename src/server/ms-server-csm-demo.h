/* ms-server-csm-demo.h — the demo population for customer success
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-csm-job.h"

G_BEGIN_DECLS

#define MS_SERVER_CSM_DEMO_LEAD      "lead@msgscore.example"
#define MS_SERVER_CSM_DEMO_CSM       "csm@msgscore.example"
#define MS_SERVER_CSM_DEMO_ACCOUNTS  500

gboolean ms_server_csm_seed_demo (MsServerStorage  *storage,
                                  guint             n_accounts,
                                  gint64            now,
                                  MsServerCsmRun   *run,
                                  GError          **error);

G_END_DECLS
