/* main.c — msgscore-server: serve the API, or run a staff command
 *
 *   msgscore-server --db FILE|postgresql://… --listen 127.0.0.1:8080 [--tls-cert F --tls-key F]
 *                   [--trusted-proxy ADDRESS…] [--max-connections N] [--…-timeout SECONDS]
 *   msgscore-server set-plan --db FILE EMAIL PLAN
 *   msgscore-server set-team-plan --db FILE TEAM_ID PLAN
 *   msgscore-server seed-demo --db FILE
 *   msgscore-server rotate-epoch --db FILE
 *   msgscore-server purge-tombstones --db FILE [--days N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ms-account-policy.h"
#include "ms-core.h"
#include "store/ms-entitlements.h"
#include "ms-server-demo.h"
#include "ms-server.h"
#include "ms-server-backends.h"
#include "ms-server-teams.h"

#define DRAIN_TIMEOUT_SECONDS 30

typedef struct
{
  GMainLoop *loop;
  MsServer  *server;
  gboolean   stopping;
} Serve;

static int
fail (GError *error)
{
  /* Translators: %s is an error message */
  g_printerr (_("msgscore-server: %s\n"), error->message);
  g_error_free (error);
  return 1;
}

/* Each connection is a file descriptor: take all the system allows (the
 * soft limit up to the hard one). Returns the limit in force. */
static rlim_t
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1024;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  return limit.rlim_cur;
}

static MsServerStorage *
open_storage (const char  *db,
              GError     **error)
{
  return ms_server_storage_open (db, error);
}

static void
on_shutdown_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Serve *serve = user_data;

  ms_server_shutdown_finish (MS_SERVER (object), result, NULL);
  g_main_loop_quit (serve->loop);
}

static gboolean
on_drain_timeout_cb (gpointer user_data)
{
  Serve *serve = user_data;

  g_warning ("%u requests still running after %d s; stopping anyway",
             ms_server_get_n_in_flight (serve->server), DRAIN_TIMEOUT_SECONDS);
  g_main_loop_quit (serve->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  Serve *serve = user_data;

  if (!serve->stopping)
    {
      serve->stopping = TRUE;
      ms_server_shutdown_async (serve->server, on_shutdown_done_cb, serve);
      g_timeout_add_seconds (DRAIN_TIMEOUT_SECONDS, on_drain_timeout_cb, serve);
    }
  return G_SOURCE_CONTINUE;
}

static int
serve (int    argc,
       char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *pwhash = NULL;
  g_auto(GStrv) trusted_proxies = NULL;
  gint64 token_ttl = 0;
  gint64 max_body = 0;
  gint max_connections = 0, max_per_address = 0;
  gint header_timeout = 0, body_timeout = 0, idle_timeout = 0;
  gint pwhash_threads = 0, signins_per_second = 0, address_failures = 0, workers = -1;
  gboolean quiet = FALSE, reuse_port = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("The database: a SQLite file (created if missing) or postgresql://…"),
      N_("FILE|URI") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (port 0 picks one)"), N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("Serve HTTPS with this certificate (PEM)"),
      N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("The certificate’s private key (PEM)"),
      N_("FILE") },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &token_ttl, N_("Lifetime of access tokens"),
      N_("SECONDS") },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &max_body, N_("Largest request body accepted"),
      N_("BYTES") },
    { "pwhash", 0, 0, G_OPTION_ARG_STRING, &pwhash,
      N_("Password hashing cost: interactive, moderate or min (tests only)"), N_("COST") },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &trusted_proxies,
      N_("A reverse proxy whose X-Forwarded-For header names the client (repeat for more)"),
      N_("ADDRESS") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Connections open at once (default: what the open-file limit allows)"), N_("N") },
    { "max-connections-per-address", 0, 0, G_OPTION_ARG_INT, &max_per_address,
      N_("Connections open at once from one client address"), N_("N") },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
      N_("Time a client has to send a request’s headers"), N_("SECONDS") },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &body_timeout,
      N_("Time a client has to send a request’s body"), N_("SECONDS") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout,
      N_("Time an idle connection is kept open"), N_("SECONDS") },
    { "pwhash-threads", 0, 0, G_OPTION_ARG_INT, &pwhash_threads,
      N_("Passwords hashed at once (default: one fewer than the processors)"), N_("N") },
    { "max-signins-per-second", 0, 0, G_OPTION_ARG_INT, &signins_per_second,
      N_("Sign-in attempts accepted per second in all"), N_("N") },
    { "max-failures-per-address", 0, 0, G_OPTION_ARG_INT, &address_failures,
      N_("Failed sign-ins from one address in 15 minutes before it must wait"), N_("N") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers,
      N_("Threads that talk to the database, each with its own connection (default 4)"),
      N_("N") },
    { "reuse-port", 0, 0, G_OPTION_ARG_NONE, &reuse_port,
      N_("Share the port with other msgscore-server processes (SO_REUSEPORT)"), NULL },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, N_("Do not log requests"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(MsServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  MsServerAuthConfig *auth;
  MsServerLimits *limits;
  Serve state = { 0 };
  guint sigterm, sigint;
  rlim_t fd_limit = raise_fd_limit ();

  g_option_context_set_summary (context, _("Serve the MsgScore API."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                      _("Give both --tls-cert and --tls-key, or neither.")));
  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail (g_steal_pointer (&error));
    }

  if (!ms_server_auth_init (&error))
    return fail (g_steal_pointer (&error));
  storage = open_storage (db, &error);
  if (storage == NULL)
    return fail (g_steal_pointer (&error));

  server = ms_server_new (storage);
  auth = ms_server_get_auth_config (server);
  if (token_ttl > 0)
    auth->access_ttl = token_ttl * G_USEC_PER_SEC;
  if (pwhash != NULL)
    {
      if (g_str_equal (pwhash, "min"))
        auth->pwhash_cost = MS_PWHASH_MIN;
      else if (g_str_equal (pwhash, "moderate"))
        auth->pwhash_cost = MS_PWHASH_MODERATE;
      else if (g_str_equal (pwhash, "interactive"))
        auth->pwhash_cost = MS_PWHASH_INTERACTIVE;
      else
        return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                          _("--pwhash takes interactive, moderate or min.")));
    }
  if (pwhash_threads > 0)
    auth->pwhash_threads = (guint) pwhash_threads;
  if (address_failures > 0)
    auth->max_address_failures = (guint) address_failures;
  if (signins_per_second > 0)
    {
      auth->signins_per_second = signins_per_second;
      auth->signin_burst = 2.0 * signins_per_second;
    }
  if (max_body > 0)
    ms_server_set_max_body (server, (gsize) max_body);
  if (workers >= 0)
    ms_server_set_workers (server, (guint) MIN (workers, 64));
  limits = ms_server_get_limits (server);
  /* Leave room below the open-file limit for the database and the rest. */
  limits->max_connections = (guint) MIN ((rlim_t) limits->max_connections,
                                         fd_limit > 128 ? fd_limit - 64 : fd_limit / 2);
  if (max_connections > 0)
    limits->max_connections = (guint) max_connections;
  if (max_per_address > 0)
    limits->max_per_address = (guint) max_per_address;
  if (header_timeout > 0)
    limits->header_timeout = (guint) header_timeout;
  if (body_timeout > 0)
    limits->body_timeout = (guint) body_timeout;
  if (idle_timeout > 0)
    limits->idle_timeout = (guint) idle_timeout;
  limits->reuse_port = reuse_port;
  for (guint i = 0; trusted_proxies != NULL && trusted_proxies[i] != NULL; i++)
    if (!g_hostname_is_ip_address (trusted_proxies[i]))
      return fail (g_error_new (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                /* Translators: %s is what was given */
                                _("--trusted-proxy takes an IP address, not “%s”."),
                                trusted_proxies[i]));
  ms_server_set_trusted_proxies (server, (const char * const *) trusted_proxies);
  ms_server_set_log_requests (server, !quiet);

  if (!ms_server_listen (server, listen != NULL ? listen : "127.0.0.1:8080", certificate,
                         &error))
    return fail (g_steal_pointer (&error));

  /* Tests and scripts read the port from this line. */
  printf ("listening on %s://127.0.0.1:%u\n", certificate != NULL ? "https" : "http",
          ms_server_get_port (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.server = server;
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, &state);
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, &state);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  return 0;
}

static int
staff_command (const char  *command,
               int          argc,
               char       **argv)
{
  g_autofree char *db = NULL;
  gint days = 30;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("The database: a SQLite file or postgresql://…"), N_("FILE|URI") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Keep tombstones this many days"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerStorage) storage = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  storage = open_storage (db, &error);
  if (storage == NULL)
    return fail (g_steal_pointer (&error));

  if (g_str_equal (command, "set-plan"))
    {
      g_autoptr(MsEntitlements) entitlements = NULL;
      g_autofree char *email = NULL;

      if (argc != 3)
        return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                          _("Usage: msgscore-server set-plan --db FILE EMAIL "
                                            "PLAN")));
      entitlements = ms_entitlements_new_for_plan (argv[2], &error);
      if (entitlements == NULL)
        return fail (g_steal_pointer (&error));
      email = ms_account_normalize_email (argv[1], &error);
      if (email == NULL || !ms_server_storage_set_plan (storage, email, argv[2], &error))
        return fail (g_steal_pointer (&error));
      return 0;
    }
  if (g_str_equal (command, "set-team-plan"))
    {
      gboolean deferred = FALSE;

      if (argc != 3)
        return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                          _("Usage: msgscore-server set-team-plan --db FILE "
                                            "TEAM_ID PLAN")));
      if (!ms_server_teams_set_plan (storage, argv[1], argv[2], g_get_real_time (), &deferred,
                                     &error))
        return fail (g_steal_pointer (&error));
      if (deferred)
        /* Translators: %s is a plan id */
        g_print (_("Downgrade to %s recorded for the next billing date\n"), argv[2]);
      return 0;
    }
  if (g_str_equal (command, "seed-demo"))
    {
      if (!ms_server_seed_demo (storage, &error))
        return fail (g_steal_pointer (&error));
      /* Translators: the demo account's email and password */
      g_print (_("Demo account: %s, password %s\n"), MS_SERVER_DEMO_EMAIL, MS_SERVER_DEMO_PASSWORD);
      return 0;
    }
  if (g_str_equal (command, "rotate-epoch"))
    {
      if (!ms_server_storage_rotate_epoch (storage, &error))
        return fail (g_steal_pointer (&error));
      return 0;
    }
  if (g_str_equal (command, "purge-tombstones"))
    {
      guint n = 0;

      if (!ms_server_storage_purge_tombstones (storage,
                                               g_get_real_time () - days * G_TIME_SPAN_DAY,
                                               &n, &error))
        return fail (g_steal_pointer (&error));
      /* Translators: %u is a number of deleted rows */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u tombstone purged\n", "%u tombstones purged\n",
                            n), n);
      return 0;
    }
  g_printerr (_("msgscore-server: unknown command “%s”\n"), command);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  ms_core_init_i18n ();

  if (argc > 1 && argv[1][0] != '-')
    return staff_command (argv[1], argc - 1, argv + 1);
  return serve (argc, argv);
}
