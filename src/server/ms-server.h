/* ms-server.h — msgscore-server: the HTTP routes on a SoupServer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ms-server-auth.h"
#include "ms-server-listener.h"
#include "ms-server-storage.h"

G_BEGIN_DECLS

#define MS_SERVER_DEFAULT_MAX_BODY (1024 * 1024)
/* storage worker threads (and so database connections) per process */
#define MS_SERVER_DEFAULT_WORKERS 4

typedef struct
{
  const char *method;
  const char *path;
  gboolean    auth;     /* needs a signed-in user: 401 without */
  gboolean    tenant;   /* names tenants: 403 for one the user is not a member of */
} MsServerRoute;

#define MS_TYPE_SERVER (ms_server_get_type ())

G_DECLARE_FINAL_TYPE (MsServer, ms_server, MS, SERVER, GObject)

MsServer           *ms_server_new                 (MsServerStorage      *storage) G_GNUC_WARN_UNUSED_RESULT;
MsServerAuthConfig *ms_server_get_auth_config     (MsServer             *self);
MsServerLimits     *ms_server_get_limits          (MsServer             *self);
void                ms_server_set_trusted_proxies (MsServer             *self,
                                                   const char * const   *addresses);
void                ms_server_set_workers         (MsServer             *self,
                                                   guint                 n_workers);
void                ms_server_set_purge           (MsServer             *self,
                                                   guint                 interval,
                                                   guint                 after_days);
void                ms_server_set_max_body        (MsServer             *self,
                                                   gsize                 max_bytes);
void                ms_server_set_log_requests    (MsServer             *self,
                                                   gboolean              log_requests);
gint64              ms_server_get_now             (MsServer             *self);
void                ms_server_set_now_for_testing (MsServer             *self,
                                                   gint64                now_usec);
gboolean            ms_server_listen              (MsServer             *self,
                                                   const char           *address,
                                                   GTlsCertificate      *certificate,
                                                   GError              **error);
guint               ms_server_get_port            (MsServer             *self);
guint               ms_server_get_n_in_flight     (MsServer             *self);
void                ms_server_set_api_requests_per_minute (MsServer     *self,
                                                           guint         per_minute);
const MsServerRoute *ms_server_get_routes         (guint                *n_routes);
void                ms_server_shutdown_async      (MsServer             *self,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            ms_server_shutdown_finish     (MsServer             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
