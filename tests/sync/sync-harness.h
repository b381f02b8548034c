/* sync-harness.h — the real msgscore-server, a fault-injecting proxy, clients
 *
 * The server is the msgscore-server binary of this build tree
 * ($MSGSCORE_SERVER_BIN, set by tests/sync/meson.build), started on
 * 127.0.0.1 port 0 with a database in the test's folder; it prints the port
 * on its first line. Killing it with SIGKILL and starting it again on the
 * same database is how the crash tests cut the power.
 *
 * The proxy is a GThreadedSocketService on 127.0.0.1 port 0 that reads each
 * HTTP request whole (headers and Content-Length body), opens a connection
 * to the server, and forwards it — or, when faults are on, lets a seeded
 * PRNG choose per request to drop the request, drop the response after the
 * server committed, send the request twice (the client sees the second
 * answer), or delay it. The clients only ever talk to the proxy, so the
 * server can move to another port across a restart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sqlite3.h>
#include <gio/gio.h>

#include "../unit/store/store-test.h"
#include "ms-test-db.h"
#include "sync/ms-sync-client.h"

/* ------------------------------------------------------------------------ */
/* The server                                                               */

typedef struct
{
  char        *db;
  GSubprocess *process;
  guint16      port;
} Server;

/* A child dies with the test, even when an assertion aborts it. */
static inline void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static inline GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static inline void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *bin = g_getenv ("MSGSCORE_SERVER_BIN");
  const char *colon;

  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_assert_nonnull (bin);
  server->process = g_subprocess_launcher_spawn (launcher, &error, bin,
                                                 "--db", server->db, "--listen", "127.0.0.1:0",
                                                 "--pwhash", "min", "--quiet", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  colon = strrchr (line, ':');
  g_assert_nonnull (colon);
  server->port = (guint16) atoi (colon + 1);
  g_assert_cmpuint (server->port, >, 0);
}

static inline void
server_kill (Server *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static inline void
server_stop (Server *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

static inline void
server_staff (Server     *server,
              const char *command,
              const char *arg1,
              const char *arg2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("MSGSCORE_SERVER_BIN"),
                              command, "--db", server->db, arg1, arg2, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* One number from the server's database, through a connection of its own
 * (SQLite in WAL lets us read; PostgreSQL with MSGSCORE_TEST_BACKEND). */
static inline gint64
server_query (Server     *server,
              const char *sql)
{
  return ms_test_db_int (server->db, sql);
}

/* ------------------------------------------------------------------------ */
/* The proxy                                                                */

typedef enum
{
  FAULT_NONE,
  FAULT_DROP_REQUEST,
  FAULT_DROP_RESPONSE,
  FAULT_DUPLICATE,
  FAULT_DELAY,
  N_FAULTS
} Fault;

typedef void (*ProxyPushHook) (gpointer user_data);

typedef struct
{
  GSocketService *service;
  guint16         port;
  GMutex          lock;
  guint16         target_port;   /* the server's, now */
  guint32         rng;
  guint           fault_percent; /* 0: forward everything */
  guint           counts[N_FAULTS];
  /* Called (in the proxy's thread) when a push's answer came back from the
   * server; the answer is then dropped. One shot. */
  ProxyPushHook   push_hook;
  gpointer        push_hook_data;
  /* The listener accepts in its own thread and main context, so the test may
   * block (waiting for a subprocess) while clients connect. */
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GCond           ready;
  /* Connections being served, so that stopping waits for their threads. */
  GPtrArray      *active;
  GCond           idle;
} Proxy;

static inline guint32
proxy_random (Proxy *proxy)
{
  guint32 x = proxy->rng;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  proxy->rng = x;
  return x;
}

/* Reads a whole HTTP message: the head (lines up to the empty one) and a
 * Content-Length body. Returns NULL at EOF or on error. */
static inline GBytes *
read_message (GDataInputStream *in,
              char            **first_line)
{
  g_autoptr(GString) message = g_string_new (NULL);
  gsize content_length = 0;
  gboolean first = TRUE;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        return NULL;
      g_strchomp (line);
      if (first && first_line != NULL)
        *first_line = g_strdup (line);
      first = FALSE;
      g_string_append (message, line);
      g_string_append (message, "\r\n");
      if (line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = (gsize) g_ascii_strtoull (line + 15, NULL, 10);
    }
  if (content_length > 0)
    {
      gsize old = message->len, got = 0;

      g_string_set_size (message, old + content_length);
      if (!g_input_stream_read_all (G_INPUT_STREAM (in), message->str + old, content_length,
                                    &got, NULL, NULL) || got != content_length)
        return NULL;
    }
  return g_bytes_new (message->str, message->len);
}

/* Sends @request to the server on a new connection; returns its answer. */
static inline GBytes *
forward (Proxy  *proxy,
         GBytes *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  guint16 port;

  g_mutex_lock (&proxy->lock);
  port = proxy->target_port;
  g_mutex_unlock (&proxy->lock);

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (upstream == NULL)
    return NULL;
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                                  g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                                  NULL, NULL, NULL))
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (upstream)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  return read_message (in, NULL);
}

static inline gboolean
on_proxy_run_cb (GThreadedSocketService *service,
                 GSocketConnection      *connection,
                 GObject                *source,
                 gpointer                user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->active, g_object_ref (connection));
  g_mutex_unlock (&proxy->lock);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  for (;;)
    {
      g_autofree char *request_line = NULL;
      g_autoptr(GBytes) request = read_message (in, &request_line);
      g_autoptr(GBytes) response = NULL;
      ProxyPushHook hook = NULL;
      gpointer hook_data = NULL;
      Fault fault = FAULT_NONE;

      if (request == NULL)
        break;

      g_mutex_lock (&proxy->lock);
      if (proxy->fault_percent > 0 && proxy_random (proxy) % 100 < proxy->fault_percent)
        fault = 1 + proxy_random (proxy) % (N_FAULTS - 1);
      proxy->counts[fault]++;
      if (proxy->push_hook != NULL && strstr (request_line, "/v1/sync/push") != NULL)
        {
          hook = proxy->push_hook;
          hook_data = proxy->push_hook_data;
          proxy->push_hook = NULL;
        }
      g_mutex_unlock (&proxy->lock);

      if (fault == FAULT_DROP_REQUEST)
        break;
      if (fault == FAULT_DELAY)
        g_usleep (20000 + (proxy_random (proxy) % 130) * 1000);
      response = forward (proxy, request);
      if (response != NULL && fault == FAULT_DUPLICATE)
        {
          g_bytes_unref (response);
          response = forward (proxy, request);
        }
      if (hook != NULL)
        {
          hook (hook_data);
          break;
        }
      if (response == NULL || fault == FAULT_DROP_RESPONSE)
        break;
      if (!g_output_stream_write_all (out, g_bytes_get_data (response, NULL),
                                      g_bytes_get_size (response), NULL, NULL, NULL))
        break;
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_mutex_lock (&proxy->lock);
  g_ptr_array_remove (proxy->active, connection);
  g_cond_broadcast (&proxy->idle);
  g_mutex_unlock (&proxy->lock);
  return TRUE;
}

static inline gpointer
proxy_thread (gpointer data)
{
  Proxy *proxy = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_main_context_push_thread_default (proxy->context);
  proxy->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "run", G_CALLBACK (on_proxy_run_cb), proxy);
  g_socket_service_start (proxy->service);

  g_mutex_lock (&proxy->lock);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_cond_signal (&proxy->ready);
  g_mutex_unlock (&proxy->lock);

  g_main_loop_run (proxy->loop);

  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_main_context_pop_thread_default (proxy->context);
  return NULL;
}

static inline void
proxy_start (Proxy   *proxy,
             guint16  target_port,
             guint32  seed)
{
  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->ready);
  g_cond_init (&proxy->idle);
  proxy->active = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->target_port = target_port;
  proxy->rng = seed != 0 ? seed : 1;
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);
  proxy->thread = g_thread_new ("proxy", proxy_thread, proxy);
  g_mutex_lock (&proxy->lock);
  while (proxy->port == 0)
    g_cond_wait (&proxy->ready, &proxy->lock);
  g_mutex_unlock (&proxy->lock);
}

static inline gboolean
proxy_quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static inline void
proxy_set (Proxy   *proxy,
           guint16  target_port,
           guint    fault_percent)
{
  g_mutex_lock (&proxy->lock);
  if (target_port != 0)
    proxy->target_port = target_port;
  proxy->fault_percent = fault_percent;
  g_mutex_unlock (&proxy->lock);
}

static inline void
proxy_set_push_hook (Proxy         *proxy,
                     ProxyPushHook  hook,
                     gpointer       data)
{
  g_mutex_lock (&proxy->lock);
  proxy->push_hook = hook;
  proxy->push_hook_data = data;
  g_mutex_unlock (&proxy->lock);
}

static inline char *
proxy_url (Proxy *proxy)
{
  return g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
}

static inline void
proxy_stop (Proxy *proxy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, proxy_quit_cb, proxy->loop, NULL);
  g_source_attach (source, proxy->context);
  g_source_unref (source);
  g_thread_join (proxy->thread);

  /* Wake the threads still reading, and wait until they are gone. */
  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->active->len; i++)
    g_socket_shutdown (g_socket_connection_get_socket (g_ptr_array_index (proxy->active, i)),
                       TRUE, TRUE, NULL);
  while (proxy->active->len > 0)
    g_cond_wait (&proxy->idle, &proxy->lock);
  g_mutex_unlock (&proxy->lock);
  g_ptr_array_unref (proxy->active);
  g_cond_clear (&proxy->idle);

  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->ready);
}

/* ------------------------------------------------------------------------ */
/* Clients                                                                  */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
} Wait;

static inline void
on_wait_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == ms_sync_client_sign_in_async)
    wait->ok = ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  else if (tag == ms_sync_client_sign_up_async)
    wait->ok = ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  else
    wait->ok = ms_sync_client_sync_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static inline GError *
client_sync (MsSyncClient *client)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, FALSE };

  ms_sync_client_sync_async (client, NULL, on_wait_done_cb, &wait);
  g_main_loop_run (loop);
  return wait.error;
}

static inline void
client_sign (MsSyncClient *client,
             const char   *email,
             gboolean      sign_up)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, NULL, FALSE };

  if (sign_up)
    ms_sync_client_sign_up_async (client, email, "password-1234", "Tester", NULL,
                                  on_wait_done_cb, &wait);
  else
    ms_sync_client_sign_in_async (client, email, "password-1234", NULL, on_wait_done_cb, &wait);
  g_main_loop_run (loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

/* Syncs until nothing waits and a round succeeded (faults may be on). */
static inline void
client_settle (MsSyncClient *client)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = client_sync (client);

      if (error == NULL && ms_sync_client_get_pending (client) == 0)
        return;
      g_usleep (10000);
    }
  g_error ("the client never settled: %s", ms_sync_client_get_last_error (client));
}

static inline gint64
store_query_int (MsStore    *store,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline void
dump_campaign (const char          *id,
               const MsCampaignRow *row,
               gpointer             user_data)
{
  char recipients[24] = "-";

  if (row->recipients >= 0)
    g_snprintf (recipients, sizeof recipients, "%" G_GINT64_FORMAT, row->recipients);
  g_ptr_array_add (user_data, g_strdup_printf ("c %s %s %s", id, row->natural_key, recipients));
}

static inline int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The visible state of the synced tables, one sorted text. */
static inline char *
store_dump (MsStore  *store,
            gboolean  live_only)
{
  const char * const queries[] = {
    live_only
    ? "SELECT 'h ' || id || ' ' || subject || ' ' || coalesce(actual_recipients, '-')"
      " FROM score_history WHERE tenant = ?1 AND deleted_at IS NULL ORDER BY id"
    : "SELECT 'h ' || id || ' ' || (deleted_at IS NULL) || ' ' || subject || ' ' ||"
      " coalesce(actual_recipients, '-') FROM score_history WHERE tenant = ?1 ORDER BY id",
    "SELECT 'w ' || id || ' ' || word FROM ng_word WHERE tenant = ?1 AND deleted_at IS NULL"
    " ORDER BY id",
    "SELECT 's ' || id || ' ' || name || ' ' || segment_json FROM segment WHERE tenant = ?1"
    " AND deleted_at IS NULL ORDER BY id",
  };
  g_autoptr(MsCampaignRepository) campaigns = ms_campaign_repository_new (store);
  g_autoptr(GPtrArray) campaign_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GString *s = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (store), queries[q], -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_string_append (s, (const char *) sqlite3_column_text (stmt, 0));
          g_string_append_c (s, '\n');
        }
      sqlite3_finalize (stmt);
    }

  /* Campaigns as readers see them: pulled rows and this device's imports. */
  g_assert_true (ms_campaign_repository_foreach (campaigns, 0, dump_campaign, campaign_lines,
                                                 &error));
  g_assert_no_error (error);
  g_ptr_array_sort (campaign_lines, compare_lines);
  for (guint i = 0; i < campaign_lines->len; i++)
    {
      g_string_append (s, g_ptr_array_index (campaign_lines, i));
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
