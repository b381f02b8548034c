/* ms-server-listener.h — accept connections for a SoupServer, bounded in number and time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint max_connections;        /* open at once, in the process */
  guint max_per_address;        /* open at once, from one client address (not a trusted proxy) */
  guint backlog;                /* connections the kernel queues before accept() */
  guint header_timeout;         /* seconds from a request's start to its last header */
  guint body_timeout;           /* seconds from the headers to the end of the body */
  guint response_timeout;       /* seconds from the body to the end of the response */
  guint idle_timeout;           /* seconds a kept-alive connection waits for a request */
  gboolean reuse_port;          /* SO_REUSEPORT: processes on one port, the kernel spreads
                                 * connections between them */
} MsServerLimits;

#define MS_SERVER_LIMITS_INIT { 10000, 1000, 4096, 10, 30, 60, 30, FALSE }

#define MS_TYPE_SERVER_LISTENER (ms_server_listener_get_type ())

G_DECLARE_FINAL_TYPE (MsServerListener, ms_server_listener, MS, SERVER_LISTENER, GObject)

MsServerListener *ms_server_listener_new              (SoupServer            *soup,
                                                       const MsServerLimits  *limits,
                                                       GTlsCertificate       *certificate,
                                                       const char * const    *trusted_proxies) G_GNUC_WARN_UNUSED_RESULT;
gboolean          ms_server_listener_listen           (MsServerListener      *self,
                                                       GSocketAddress        *address,
                                                       GError               **error);
guint             ms_server_listener_get_port         (MsServerListener      *self);
guint             ms_server_listener_get_n_connections (MsServerListener     *self);
void              ms_server_listener_close            (MsServerListener      *self);

G_END_DECLS
