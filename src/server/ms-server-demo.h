/* ms-server-demo.h — demo accounts with realistic history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_DEMO_EMAIL    "demo@msgscore.example"
#define MS_SERVER_DEMO_PASSWORD "msgscore-demo"

gboolean ms_server_seed_demo (MsServerStorage  *storage,
                              GError          **error);

G_END_DECLS
