/* ms-server-listener.c — accept connections for a SoupServer, bounded in number and time
 *
 * libsoup 3.2 accepts by itself when it is given a socket, but its listener
 * (soup-listener.c, listen_watch) drops its GSource the first time accept()
 * fails: once the process reaches its open-file limit, it never accepts
 * again, even after every connection has closed. It also listens with
 * GSocket's default backlog of 10, and has no limit on connections or time.
 * So this listener owns the listening socket and accepts itself:
 *
 *   - accept() errors pause accepting (the connections wait in the kernel's
 *     queue) and retry after 10 ms, doubling up to 1 s, instead of stopping;
 *   - the backlog is limits->backlog (the kernel caps it at somaxconn);
 *   - a connection beyond limits->max_connections, or beyond
 *     limits->max_per_address from one address (a trusted proxy excepted), is
 *     answered 503 and closed at once;
 *   - each accepted connection goes to soup_server_accept_iostream() (over
 *     TLS when there is a certificate), and a timer watches it: from the
 *     start of a request to its last header (header_timeout), to the end of
 *     its body (body_timeout), to the end of the response (response_timeout),
 *     and between requests (idle_timeout). When one runs out, the socket is
 *     shut down, which libsoup reads as the client hanging up.
 *
 * The phases come from SoupServer's signals: request-started (a connection
 * was accepted, or the next request's first bytes arrived), the message's
 * got-headers, request-read, and request-finished or request-aborted. A
 * message finds its connection through the remote address object it was
 * given here (soup_server_message_get_remote_address()), which is one per
 * connection.
 *
 * One more thing of libsoup 3.2 (soup-server.c, request_finished): it keeps a
 * connection alive after a response only while the server has a listener of
 * its own. So the server is given one that can never accept anything: one
 * end of a socket pair whose other end stays open and silent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "ms-server-listener.h"

#define BACKOFF_MIN_MS 10
#define BACKOFF_MAX_MS 1000

typedef enum
{
  PHASE_HEADERS,
  PHASE_BODY,
  PHASE_RESPONSE,
  PHASE_IDLE,
} Phase;

typedef struct
{
  MsServerListener *listener;     /* not a reference: the listener outlives it or forgets it */
  GSocket          *socket;
  GSocketAddress   *remote;       /* carries this struct as qdata */
  char             *address;      /* the remote IP, for the per-address count */
  gboolean          counted_per_address;
  GSource          *timer;
  Phase             phase;
} Connection;

struct _MsServerListener
{
  GObject          parent_instance;

  SoupServer      *soup;
  MsServerLimits   limits;
  GTlsCertificate *certificate;
  GStrv            trusted_proxies;
  GMainContext    *context;

  GSocket         *socket;          /* listening */
  GSource         *accept_source;
  GSource         *retry_source;
  guint            backoff_ms;
  GSocket         *keepalive_pair[2];

  GHashTable      *connections;     /* Connection* (owned by their stream's weak ref) */
  GHashTable      *per_address;     /* address → count */
};

G_DEFINE_FINAL_TYPE (MsServerListener, ms_server_listener, G_TYPE_OBJECT)

static GQuark connection_quark;

static void start_accepting (MsServerListener *self);

/* ------------------------------------------------------------------------ */
/* Timeouts                                                                  */

/* A one-shot timer that is moved, not remade, at each phase. */
static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, NULL, NULL, NULL };

static gboolean
on_timeout_cb (gpointer user_data)
{
  Connection *conn = user_data;

  /* libsoup reads the end of the stream and closes the connection itself. */
  if (!g_socket_is_closed (conn->socket))
    g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_CONTINUE;   /* the connection's end removes it */
}

static void
set_phase (Connection *conn,
           Phase       phase)
{
  const MsServerLimits *limits = &conn->listener->limits;
  guint seconds;

  switch (phase)
    {
    case PHASE_HEADERS: seconds = limits->header_timeout; break;
    case PHASE_BODY: seconds = limits->body_timeout; break;
    case PHASE_RESPONSE: seconds = limits->response_timeout; break;
    case PHASE_IDLE:
    default: seconds = limits->idle_timeout; break;
    }
  conn->phase = phase;
  g_source_set_ready_time (conn->timer, g_get_monotonic_time () + seconds * G_USEC_PER_SEC);
}

static Connection *
connection_of (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_object_get_qdata (G_OBJECT (remote), connection_quark) : NULL;
}

static void
on_got_headers_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  Connection *conn = connection_of (msg);

  if (conn != NULL)
    set_phase (conn, PHASE_BODY);
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  Connection *conn = connection_of (msg);

  if (conn == NULL)
    return;
  set_phase (conn, PHASE_HEADERS);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), NULL);
}

static void
on_request_read_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Connection *conn = connection_of (msg);

  if (conn != NULL)
    set_phase (conn, PHASE_RESPONSE);
}

static void
on_request_done_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Connection *conn = connection_of (msg);

  if (conn != NULL)
    set_phase (conn, PHASE_IDLE);
}

/* ------------------------------------------------------------------------ */
/* Connections                                                               */

static void
forget_address (MsServerListener *self,
                Connection       *conn)
{
  guint count;

  if (!conn->counted_per_address)
    return;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, conn->address));
  if (count <= 1)
    g_hash_table_remove (self->per_address, conn->address);
  else
    g_hash_table_insert (self->per_address, g_strdup (conn->address),
                         GUINT_TO_POINTER (count - 1));
  conn->counted_per_address = FALSE;
}

static void
connection_free (Connection *conn)
{
  if (conn->listener != NULL)
    {
      forget_address (conn->listener, conn);
      g_hash_table_remove (conn->listener->connections, conn);
    }
  g_object_set_qdata (G_OBJECT (conn->remote), connection_quark, NULL);
  g_source_destroy (conn->timer);
  g_source_unref (conn->timer);
  g_object_unref (conn->remote);
  g_object_unref (conn->socket);
  g_free (conn->address);
  g_free (conn);
}

/* The connection's stream is gone: libsoup closed it. */
static void
on_stream_finalized_cb (gpointer  data,
                        GObject  *where_the_object_was)
{
  connection_free (data);
}

static gboolean
is_trusted_proxy (MsServerListener *self,
                  const char       *address)
{
  return self->trusted_proxies != NULL &&
         g_strv_contains ((const char * const *) self->trusted_proxies, address);
}

static char *
dup_address (GSocketAddress *remote)
{
  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return g_strdup ("");
  return g_inet_address_to_string (
           g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
}

/* Over the limit: a short answer the client can act on, then close. */
static void
refuse (MsServerListener *self,
        GSocket          *socket)
{
  static const char body[] =
    "{\"error\":{\"code\":\"unavailable\",\"message\":\"Too many connections. Retry.\"}}";
  char answer[256];
  int length;

  length = g_snprintf (answer, sizeof answer,
                       "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                       "Connection: close\r\nContent-Type: application/json\r\n"
                       "Content-Length: %zu\r\n\r\n%s", sizeof body - 1, body);
  if (self->certificate == NULL && length > 0 && (gsize) length < sizeof answer)
    g_socket_send_with_blocking (socket, answer, (gsize) length, FALSE, NULL, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_socket_close (socket, NULL);
}

static void
take_connection (MsServerListener *self,
                 GSocket          *socket)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  Connection *conn;
  guint count = 0;
  gboolean per_address;

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    {
      g_socket_close (socket, NULL);   /* gone already */
      return;
    }
  address = dup_address (remote);
  per_address = !is_trusted_proxy (self, address);
  if (per_address)
    count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address));
  if (g_hash_table_size (self->connections) >= self->limits.max_connections ||
      (per_address && count >= self->limits.max_per_address))
    {
      refuse (self, socket);
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  stream = g_socket_connection_factory_create_connection (socket);
  if (self->certificate != NULL)
    {
      tls = g_tls_server_connection_new (G_IO_STREAM (stream), self->certificate, &error);
      if (tls == NULL)
        {
          g_message ("cannot start TLS: %s", error->message);
          return;
        }
    }

  conn = g_new0 (Connection, 1);
  conn->listener = self;
  conn->socket = g_object_ref (socket);
  conn->remote = g_object_ref (remote);
  conn->address = g_steal_pointer (&address);
  conn->counted_per_address = per_address;
  conn->timer = g_source_new (&timer_funcs, sizeof (GSource));
  g_source_set_callback (conn->timer, on_timeout_cb, conn, NULL);
  g_source_attach (conn->timer, self->context);
  g_object_set_qdata (G_OBJECT (remote), connection_quark, conn);
  g_object_weak_ref (G_OBJECT (stream), on_stream_finalized_cb, conn);
  g_hash_table_add (self->connections, conn);
  if (per_address)
    g_hash_table_insert (self->per_address, g_strdup (conn->address), GUINT_TO_POINTER (count + 1));
  set_phase (conn, PHASE_HEADERS);

  /* request-started follows at once, for the connection's first message */
  soup_server_accept_iostream (self->soup, tls != NULL ? tls : G_IO_STREAM (stream), local,
                               remote, NULL);
}

/* ------------------------------------------------------------------------ */
/* Accepting                                                                 */

static gboolean
on_retry_cb (gpointer user_data)
{
  MsServerListener *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_accepting (self);
  return G_SOURCE_REMOVE;
}

static void
pause_accepting (MsServerListener *self,
                 const GError     *error)
{
  self->backoff_ms = self->backoff_ms == 0 ? BACKOFF_MIN_MS
                                           : MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
  g_message ("accept failed (%s); accepting again in %u ms", error->message, self->backoff_ms);
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  self->retry_source = g_timeout_source_new (self->backoff_ms);
  g_source_set_callback (self->retry_source, on_retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static gboolean
on_acceptable_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  MsServerListener *self = user_data;

  /* A bounded batch per wake-up, so that requests in flight get their turn. */
  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = g_socket_accept (self->socket, NULL, &error);

      if (accepted != NULL)
        {
          self->backoff_ms = 0;
          take_connection (self, accepted);
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        continue;   /* that client gave up before we took it */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
        return G_SOURCE_REMOVE;
      /* Out of file descriptors or memory: let connections end, then retry. */
      pause_accepting (self, error);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_accepting (MsServerListener *self)
{
  if (self->socket == NULL || g_socket_is_closed (self->socket) || self->accept_source != NULL)
    return;
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_acceptable_cb), self, NULL);
  g_source_attach (self->accept_source, self->context);
}

/* libsoup keeps connections alive only while it has a listener: give it one
 * that never accepts (see the top of this file). */
static gboolean
add_keepalive_listener (MsServerListener  *self,
                        GError           **error)
{
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      self->keepalive_pair[i] = g_socket_new_from_fd (fds[i], error);
      if (self->keepalive_pair[i] == NULL)
        {
          close (fds[i]);
          if (i == 0)
            close (fds[1]);
          return FALSE;
        }
    }
  return soup_server_listen_socket (self->soup, self->keepalive_pair[0], 0, error);
}

/* ------------------------------------------------------------------------ */

static void
ms_server_listener_dispose (GObject *object)
{
  MsServerListener *self = (MsServerListener *) object;
  GHashTableIter iter;
  Connection *conn;

  ms_server_listener_close (self);
  if (self->connections != NULL)
    {
      /* Connections still open live on in libsoup: they no longer count. */
      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
        conn->listener = NULL;
      g_hash_table_remove_all (self->connections);
    }
  if (self->soup != NULL)
    g_signal_handlers_disconnect_by_data (self->soup, self);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&self->keepalive_pair[i]);
  g_clear_object (&self->soup);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ms_server_listener_parent_class)->dispose (object);
}

static void
ms_server_listener_finalize (GObject *object)
{
  MsServerListener *self = (MsServerListener *) object;

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->per_address, g_hash_table_unref);
  g_clear_pointer (&self->trusted_proxies, g_strfreev);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ms_server_listener_parent_class)->finalize (object);
}

static void
ms_server_listener_class_init (MsServerListenerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_server_listener_dispose;
  G_OBJECT_CLASS (klass)->finalize = ms_server_listener_finalize;
  connection_quark = g_quark_from_static_string ("ms-server-listener-connection");
}

static void
ms_server_listener_init (MsServerListener *self)
{
  self->connections = g_hash_table_new (NULL, NULL);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();
}

/**
 * ms_server_listener_new:
 * @trusted_proxies: (nullable): addresses whose connections carry many
 *   clients: not limited per address
 *
 * Listens for @soup in the thread-default main context of the caller.
 */
MsServerListener *
ms_server_listener_new (SoupServer            *soup,
                        const MsServerLimits  *limits,
                        GTlsCertificate       *certificate,
                        const char * const    *trusted_proxies)
{
  MsServerListener *self;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  self = g_object_new (MS_TYPE_SERVER_LISTENER, NULL);
  self->soup = g_object_ref (soup);
  self->limits = *limits;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->trusted_proxies = g_strdupv ((char **) trusted_proxies);
  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read_cb), self);
  g_signal_connect_after (soup, "request-finished", G_CALLBACK (on_request_done_cb), self);
  g_signal_connect_after (soup, "request-aborted", G_CALLBACK (on_request_done_cb), self);
  return self;
}

/**
 * ms_server_listener_listen:
 * @address: where to listen; port 0 picks a free one
 */
gboolean
ms_server_listener_listen (MsServerListener  *self,
                           GSocketAddress    *address,
                           GError           **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (MS_IS_SERVER_LISTENER (self), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  if (g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_blocking (socket, FALSE);
  g_socket_set_listen_backlog (socket, (int) MIN (self->limits.backlog, G_MAXINT));
  if (self->limits.reuse_port)
    {
      /* g_socket_bind() turns SO_REUSEPORT off on a stream socket: bind here */
      struct sockaddr_storage native;
      gssize length = g_socket_address_get_native_size (address);

      if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, TRUE, error) ||
          !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, TRUE, error) ||
          length < 0 || (gsize) length > sizeof native ||
          !g_socket_address_to_native (address, &native, sizeof native, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "bad address");
          return FALSE;
        }
      if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) length) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Error binding to address: %s", g_strerror (saved));
          return FALSE;
        }
    }
  else if (!g_socket_bind (socket, address, TRUE, error))
    return FALSE;
  if (!g_socket_listen (socket, error))
    return FALSE;
  if (!add_keepalive_listener (self, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  start_accepting (self);
  return TRUE;
}

guint
ms_server_listener_get_port (MsServerListener *self)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_return_val_if_fail (MS_IS_SERVER_LISTENER (self), 0);
  if (self->socket == NULL)
    return 0;
  address = g_socket_get_local_address (self->socket, NULL);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

guint
ms_server_listener_get_n_connections (MsServerListener *self)
{
  g_return_val_if_fail (MS_IS_SERVER_LISTENER (self), 0);
  return g_hash_table_size (self->connections);
}

/**
 * ms_server_listener_close:
 *
 * Stops accepting; connections already open go on.
 */
void
ms_server_listener_close (MsServerListener *self)
{
  g_return_if_fail (MS_IS_SERVER_LISTENER (self));

  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
  if (self->socket != NULL)
    {
      g_socket_close (self->socket, NULL);
      g_clear_object (&self->socket);
    }
}
