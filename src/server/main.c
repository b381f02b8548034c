/* main.c — msgscore-server: serve the API, or run a staff command
 *
 *   msgscore-server --db FILE|postgresql://… --listen 127.0.0.1:8080 [--tls-cert F --tls-key F]
 *                   [--trusted-proxy ADDRESS…] [--max-connections N] [--…-timeout SECONDS]
 *   msgscore-server set-plan --db FILE EMAIL PLAN
 *   msgscore-server set-team-plan --db FILE TEAM_ID PLAN
 *   msgscore-server seed-demo --db FILE
 *   msgscore-server rotate-epoch --db FILE
 *   msgscore-server purge-tombstones --db FILE [--days N]
 *   msgscore-server staff add --db FILE EMAIL --role csm|lead|admin
 *   msgscore-server csm run-now --db FILE
 *   msgscore-server csm rollback-model --db FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ms-account-policy.h"
#include "ms-core.h"
#include "csm/ms-churn-config.h"
#include "store/ms-entitlements.h"
#include "ms-server-billing.h"
#include "ms-server-demo.h"
#include "ms-server.h"
#include "ms-server-backends.h"
#include "ms-server-teams.h"
#include "ms-server-csm.h"
#include "ms-server-csm-demo.h"
#include "ms-server-csm-job.h"

#define DRAIN_TIMEOUT_SECONDS 30

typedef struct
{
  GMainLoop       *loop;
  MsServer        *server;
  MsServerStorage *storage;
  gboolean         stopping;
  guint            csm_minute;    /* the daily job's time, Asia/Tokyo */
  guint            csm_timer;
  gboolean         csm_running;
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

/* ------------------------------------------------------------------------ */
/* The daily customer-success job: every process schedules it, the first to
 * claim the day runs it (ms-server-csm-job.c). */

static void schedule_csm (Serve *serve);

static void
run_csm_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MsServerStorage *main_storage = task_data;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MsServerCsmRun) run = { 0 };
  g_autofree char *owner = g_strdup_printf ("pid %d", (int) getpid ());

  storage = ms_server_storage_open_for_thread (main_storage, &error);
  if (storage == NULL ||
      !ms_server_csm_run (storage, g_get_real_time (), owner, FALSE, &run, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ms_server_csm_run_to_json (&run),
                         (GDestroyNotify) json_object_unref);
}

static void
on_csm_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = g_task_propagate_pointer (G_TASK (result), &error);

  serve->csm_running = FALSE;
  if (summary == NULL)
    g_warning ("customer-success job: %s", error->message);
  else
    {
      g_autofree char *text = ms_server_csm_json_text (summary);

      g_message ("customer-success job: %s", text);
    }
  if (!serve->stopping)
    schedule_csm (serve);
}

static gboolean
on_csm_timer_cb (gpointer user_data)
{
  Serve *serve = user_data;
  g_autoptr(GTask) task = NULL;

  serve->csm_timer = 0;
  if (serve->stopping || serve->csm_running)
    return G_SOURCE_REMOVE;
  serve->csm_running = TRUE;
  task = g_task_new (NULL, NULL, on_csm_done_cb, serve);
  g_task_set_task_data (task, g_object_ref (serve->storage), g_object_unref);
  g_task_run_in_thread (task, run_csm_in_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_csm (Serve *serve)
{
  gint64 now = g_get_real_time ();
  gint64 next = ms_server_csm_next_run (now, serve->csm_minute);

  if (!ms_server_csm_available (serve->storage, NULL))
    return;
  serve->csm_timer = g_timeout_add_seconds ((guint) ((next - now) / G_USEC_PER_SEC) + 1,
                                            on_csm_timer_cb, serve);
}

/* The options of `msgscore-server` (serving). */
typedef struct
{
  char    *db;
  char    *listen;
  char    *tls_cert;
  char    *tls_key;
  char    *pwhash;
  GStrv    trusted_proxies;
  gint64   token_ttl;
  gint64   max_body;
  gint     max_connections, max_per_address;
  gint     header_timeout, body_timeout, idle_timeout;
  gint     pwhash_threads, signins_per_second, address_failures, workers;
  gint     purge_interval, purge_after_days;
  gint     api_per_minute;
  gboolean quiet, reuse_port;
  char    *csm_time;
} ServeOptions;

static void
serve_options_clear (ServeOptions *o)
{
  g_free (o->db);
  g_free (o->listen);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_free (o->pwhash);
  g_strfreev (o->trusted_proxies);
  g_free (o->csm_time);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeOptions, serve_options_clear)

static gboolean
parse_serve_options (ServeOptions  *o,
                     int           *argc,
                     char        ***argv,
                     GError       **error)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o->db,
      N_("The database: a SQLite file (created if missing) or postgresql://…"),
      N_("FILE|URI") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &o->listen,
      N_("Address and port to listen on (port 0 picks one)"), N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_cert,
      N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_key, N_("The certificate’s private key (PEM)"),
      N_("FILE") },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &o->token_ttl, N_("Lifetime of access tokens"),
      N_("SECONDS") },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &o->max_body, N_("Largest request body accepted"),
      N_("BYTES") },
    { "pwhash", 0, 0, G_OPTION_ARG_STRING, &o->pwhash,
      N_("Password hashing cost: interactive, moderate or min (tests only)"), N_("COST") },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->trusted_proxies,
      N_("A reverse proxy whose X-Forwarded-For header names the client (repeat for more)"),
      N_("ADDRESS") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &o->max_connections,
      N_("Connections open at once (default: what the open-file limit allows)"), N_("N") },
    { "max-connections-per-address", 0, 0, G_OPTION_ARG_INT, &o->max_per_address,
      N_("Connections open at once from one client address"), N_("N") },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &o->header_timeout,
      N_("Time a client has to send a request’s headers"), N_("SECONDS") },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &o->body_timeout,
      N_("Time a client has to send a request’s body"), N_("SECONDS") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &o->idle_timeout,
      N_("Time an idle connection is kept open"), N_("SECONDS") },
    { "pwhash-threads", 0, 0, G_OPTION_ARG_INT, &o->pwhash_threads,
      N_("Passwords hashed at once (default: one fewer than the processors)"), N_("N") },
    { "max-signins-per-second", 0, 0, G_OPTION_ARG_INT, &o->signins_per_second,
      N_("Sign-in attempts accepted per second in all"), N_("N") },
    { "max-failures-per-address", 0, 0, G_OPTION_ARG_INT, &o->address_failures,
      N_("Failed sign-ins from one address in 15 minutes before it must wait"), N_("N") },
    { "api-requests-per-minute", 0, 0, G_OPTION_ARG_INT, &o->api_per_minute,
      N_("Scoring API requests per key and minute (default: data/limits.json)"), N_("N") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &o->workers,
      N_("Threads that talk to the database, each with its own connection (default 4)"),
      N_("N") },
    { "purge-interval", 0, 0, G_OPTION_ARG_INT, &o->purge_interval,
      N_("Purge old tombstones this often (default: never; purge-tombstones does it by hand)"),
      N_("SECONDS") },
    { "purge-after-days", 0, 0, G_OPTION_ARG_INT, &o->purge_after_days,
      N_("Keep tombstones this many days"), N_("N") },
    { "reuse-port", 0, 0, G_OPTION_ARG_NONE, &o->reuse_port,
      N_("Share the port with other msgscore-server processes (SO_REUSEPORT)"), NULL },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &o->quiet, N_("Do not log requests"), NULL },
    { "csm-time", 0, 0, G_OPTION_ARG_STRING, &o->csm_time,
      N_("When the daily customer-success job runs, Asia/Tokyo (default 06:00)"), N_("HH:MM") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  o->workers = -1;
  o->purge_after_days = 30;
  g_option_context_set_summary (context, _("Serve the MsgScore API."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if ((o->tls_cert == NULL) != (o->tls_key == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give both --tls-cert and --tls-key, or neither."));
      return FALSE;
    }
  return TRUE;
}

/* Token lifetimes, password hashing and sign-in limits. */
static gboolean
configure_auth (MsServer            *server,
                const ServeOptions  *o,
                GError             **error)
{
  MsServerAuthConfig *auth = ms_server_get_auth_config (server);

  if (o->token_ttl > 0)
    auth->access_ttl = o->token_ttl * G_USEC_PER_SEC;
  if (o->pwhash != NULL)
    {
      if (g_str_equal (o->pwhash, "min"))
        auth->pwhash_cost = MS_PWHASH_MIN;
      else if (g_str_equal (o->pwhash, "moderate"))
        auth->pwhash_cost = MS_PWHASH_MODERATE;
      else if (g_str_equal (o->pwhash, "interactive"))
        auth->pwhash_cost = MS_PWHASH_INTERACTIVE;
      else
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--pwhash takes interactive, moderate or min."));
          return FALSE;
        }
    }
  if (o->pwhash_threads > 0)
    auth->pwhash_threads = (guint) o->pwhash_threads;
  if (o->address_failures > 0)
    auth->max_address_failures = (guint) o->address_failures;
  if (o->signins_per_second > 0)
    {
      auth->signins_per_second = o->signins_per_second;
      auth->signin_burst = 2.0 * o->signins_per_second;
    }
  return TRUE;
}

/* Everything but authentication: bodies, workers, purges, connections, proxies. */
static gboolean
configure_server (MsServer            *server,
                  const ServeOptions  *o,
                  rlim_t               fd_limit,
                  GError             **error)
{
  MsServerLimits *limits;

  if (!configure_auth (server, o, error))
    return FALSE;
  if (o->max_body > 0)
    ms_server_set_max_body (server, (gsize) o->max_body);
  if (o->workers >= 0)
    ms_server_set_workers (server, (guint) MIN (o->workers, 64));
  if (o->purge_interval > 0)
    ms_server_set_purge (server, (guint) o->purge_interval, (guint) MAX (o->purge_after_days, 0));
  if (o->api_per_minute > 0)
    ms_server_set_api_requests_per_minute (server, (guint) o->api_per_minute);
  limits = ms_server_get_limits (server);
  /* Leave room below the open-file limit for the database and the rest. */
  limits->max_connections = (guint) MIN ((rlim_t) limits->max_connections,
                                         fd_limit > 128 ? fd_limit - 64 : fd_limit / 2);
  if (o->max_connections > 0)
    limits->max_connections = (guint) o->max_connections;
  if (o->max_per_address > 0)
    limits->max_per_address = (guint) o->max_per_address;
  if (o->header_timeout > 0)
    limits->header_timeout = (guint) o->header_timeout;
  if (o->body_timeout > 0)
    limits->body_timeout = (guint) o->body_timeout;
  if (o->idle_timeout > 0)
    limits->idle_timeout = (guint) o->idle_timeout;
  limits->reuse_port = o->reuse_port;
  for (guint i = 0; o->trusted_proxies != NULL && o->trusted_proxies[i] != NULL; i++)
    if (!g_hostname_is_ip_address (o->trusted_proxies[i]))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     /* Translators: %s is what was given */
                     _("--trusted-proxy takes an IP address, not “%s”."),
                     o->trusted_proxies[i]);
        return FALSE;
      }
  ms_server_set_trusted_proxies (server, (const char * const *) o->trusted_proxies);
  ms_server_set_log_requests (server, !o->quiet);
  return TRUE;
}

/* Runs until SIGTERM or SIGINT, with the daily customer-success job. */
static void
run_main_loop (Serve *state)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigterm, sigint;

  state->loop = loop;
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, state);
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, state);
  schedule_csm (state);
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  if (state->csm_timer != 0)
    g_source_remove (state->csm_timer);
}

static int
serve (int    argc,
       char **argv)
{
  g_auto(ServeOptions) o = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(MsServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  Serve state = { 0 };
  rlim_t fd_limit = raise_fd_limit ();

  if (!parse_serve_options (&o, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if (o.tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (o.tls_cert, o.tls_key, &error);
      if (certificate == NULL)
        return fail (g_steal_pointer (&error));
    }

  state.csm_minute = ms_churn_config_get ()->daily_minute;
  if (o.csm_time != NULL && !ms_server_csm_parse_time (o.csm_time, &state.csm_minute))
    return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                      _("--csm-time takes a time of day as HH:MM.")));

  if (!ms_server_auth_init (&error))
    return fail (g_steal_pointer (&error));
  storage = open_storage (o.db, &error);
  if (storage == NULL)
    return fail (g_steal_pointer (&error));

  server = ms_server_new (storage);
  if (!configure_server (server, &o, fd_limit, &error) ||
      !ms_server_listen (server, o.listen != NULL ? o.listen : "127.0.0.1:8080", certificate,
                         &error))
    return fail (g_steal_pointer (&error));

  /* Tests and scripts read the port from this line. */
  printf ("listening on %s://127.0.0.1:%u\n", certificate != NULL ? "https" : "http",
          ms_server_get_port (server));
  fflush (stdout);

  state.server = server;
  state.storage = storage;
  run_main_loop (&state);
  return 0;
}

/* What the daily job did, and the model in force with its measured accuracy. */
static int
print_csm_report (MsServerStorage      *storage,
                  const MsServerCsmRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) card = ms_server_csm_dup_model_card (storage, &error);
  JsonObject *validation;
  JsonArray *top;

  if (error != NULL)
    return fail (g_steal_pointer (&error));
  if (run != NULL)
    {
      /* Translators: numbers of accounts and tasks */
      g_print (_("Customer-success job: %u accounts, %u live; health scored for %u, churn "
                 "scored for %u; %u new tasks\n"),
               run->accounts, run->live, run->health_scored, run->churn_scored,
               run->tasks_created);
      if (run->model_note != NULL)
        /* Translators: %s says why there is no new churn model */
        g_print (_("No new churn model: %s\n"), run->model_note);
    }
  if (card == NULL)
    {
      g_print ("%s\n", _("No churn model yet: churn scores are not shown until one is trained."));
      return 0;
    }
  validation = json_object_get_object_member (card, "validation");
  top = json_object_get_array_member (card, "top_features");
  /* Translators: the churn model card: dates, then numbers of rows */
  g_print (_("Churn model trained %s on %d rows (%d churned) from %s to %s\n"),
           json_object_get_string_member (card, "trained_at"),
           (int) json_object_get_int_member (card, "training_rows"),
           (int) json_object_get_int_member (card, "training_churned"),
           json_object_get_string_member (card, "training_from"),
           json_object_get_string_member (card, "training_to"));
  /* Translators: the held-out period, its rows, then the model's AUC and the health score's */
  g_print (_("Held out: %s to %s, %d rows (%d churned): AUC %.3f (the health score alone: "
             "%.3f)\n"),
           json_object_get_string_member (card, "validation_from"),
           json_object_get_string_member (card, "validation_to"),
           (int) json_object_get_int_member (validation, "rows"),
           (int) json_object_get_int_member (validation, "churned"),
           json_object_get_double_member (validation, "auc"),
           json_object_get_double_member_with_default (validation, "health_auc", NAN));
  /* Translators: precision and recall at the alert threshold, then the calibration error */
  g_print (_("At churn score ≥ %.0f: precision %.3f, recall %.3f (%d alerts); calibration "
             "error %.1f pt\n"),
           json_object_get_double_member (validation, "alert_threshold"),
           json_object_get_double_member_with_default (validation, "precision", NAN),
           json_object_get_double_member_with_default (validation, "recall", NAN),
           (int) json_object_get_int_member (validation, "alerts"),
           json_object_get_double_member (validation, "calibration_error") * 100);
  g_print ("%s\n", _("Top features (mean |log-odds| on the held-out rows):"));
  for (guint i = 0; top != NULL && i < json_array_get_length (top); i++)
    {
      JsonObject *f = json_array_get_object_element (top, i);

      g_print ("  %-24s %.3f\n", json_object_get_string_member (f, "signal"),
               json_object_get_double_member (f, "mean_abs_contribution"));
    }
  return 0;
}

/* The options of the staff commands. */
typedef struct
{
  char  *db;
  char  *name;
  char  *registration_number;
  char  *address;
  char  *company;
  char  *reason;
  char  *role;
  gint   days, accounts;
  gint64 amount;
} StaffOptions;

typedef int (*StaffFunc) (MsServerStorage    *storage,
                          const StaffOptions *o,
                          int                 argc,
                          char              **argv);

static int
usage (const char *text)
{
  return fail (g_error_new_literal (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, text));
}

static int
set_plan_command (MsServerStorage    *storage,
                  const StaffOptions *o,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autofree char *email = NULL;

  if (argc != 3)
    return usage (_("Usage: msgscore-server set-plan --db FILE EMAIL PLAN"));
  entitlements = ms_entitlements_new_for_plan (argv[2], &error);
  if (entitlements == NULL)
    return fail (g_steal_pointer (&error));
  email = ms_account_normalize_email (argv[1], &error);
  if (email == NULL || !ms_server_storage_set_plan (storage, email, argv[2], &error))
    return fail (g_steal_pointer (&error));
  return 0;
}

static int
set_team_plan_command (MsServerStorage    *storage,
                       const StaffOptions *o,
                       int                 argc,
                       char              **argv)
{
  g_autoptr(GError) error = NULL;
  gboolean deferred = FALSE;

  if (argc != 3)
    return usage (_("Usage: msgscore-server set-team-plan --db FILE TEAM_ID PLAN"));
  if (!ms_server_teams_set_plan (storage, argv[1], argv[2], g_get_real_time (), &deferred,
                                 &error))
    return fail (g_steal_pointer (&error));
  if (deferred)
    /* Translators: %s is a plan id */
    g_print (_("Downgrade to %s recorded for the next billing date\n"), argv[2]);
  return 0;
}

static int
bill_command (MsServerStorage    *storage,
              const StaffOptions *o,
              int                 argc,
              char              **argv)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!ms_server_billing_bill_all (storage, g_get_real_time (), &n, &error))
    return fail (g_steal_pointer (&error));
  /* Translators: %u is a number of invoices */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u invoice issued\n", "%u invoices issued\n", n), n);
  return 0;
}

static int
mark_paid_command (MsServerStorage    *storage,
                   const StaffOptions *o,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2 || o->amount < 0)
    return usage (_("Usage: msgscore-server mark-paid --db FILE [--amount YEN] INVOICE_NUMBER"));
  if (!ms_server_billing_mark_paid (storage, argv[1], o->amount, g_get_real_time (), &error))
    return fail (g_steal_pointer (&error));
  return 0;
}

static int
set_issuer_command (MsServerStorage    *storage,
                    const StaffOptions *o,
                    int                 argc,
                    char              **argv)
{
  g_autoptr(GError) error = NULL;
  MsInvoiceNumberCheck check = MS_INVOICE_NUMBER_VALID;

  if (!ms_server_billing_set_issuer (storage, o->name, o->registration_number, o->address,
                                     &check, &error))
    return fail (g_steal_pointer (&error));
  if (check == MS_INVOICE_NUMBER_CHECK_DIGIT_MISMATCH)
    /* Translators: %s is a registration number */
    g_printerr (_("Warning: the check digit of %s does not match; a corporate number’s "
                  "would. Check the number on the NTA’s register.\n"), o->registration_number);
  return 0;
}

static int
correct_invoice_command (MsServerStorage    *storage,
                         const StaffOptions *o,
                         int                 argc,
                         char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (argc != 2)
    return usage (_("Usage: msgscore-server correct-invoice --db FILE "
                    "[--company NAME] [--reason TEXT] INVOICE_NUMBER"));
  number = ms_server_billing_correct (storage, argv[1], o->company, o->reason,
                                      g_get_real_time (), &error);
  if (number == NULL)
    return fail (g_steal_pointer (&error));
  g_print ("%s\n", number);
  return 0;
}

static int
seed_demo_command (MsServerStorage    *storage,
                   const StaffOptions *o,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_auto(MsServerCsmRun) run = { 0 };

  if (o->accounts < 20 || o->accounts > 100000)
    return usage (_("--accounts takes 20 to 100000."));
  if (!ms_server_seed_demo (storage, &error))
    return fail (g_steal_pointer (&error));
  /* Translators: the demo account's email and password */
  g_print (_("Demo account: %s, password %s\n"), MS_SERVER_DEMO_EMAIL, MS_SERVER_DEMO_PASSWORD);
  if (!ms_server_csm_available (storage, NULL))
    {
      g_print ("%s\n", _("Customer success: not available on this database backend yet; no "
                         "demo population."));
      return 0;
    }
  if (!ms_server_csm_seed_demo (storage, (guint) o->accounts, g_get_real_time (), &run, &error))
    return fail (g_steal_pointer (&error));
  /* Translators: two email addresses and the password */
  g_print (_("Staff: %s (lead) and %s (csm), password %s\n"), MS_SERVER_CSM_DEMO_LEAD,
           MS_SERVER_CSM_DEMO_CSM, MS_SERVER_DEMO_PASSWORD);
  return print_csm_report (storage, run.ran ? &run : NULL);
}

static int
staff_add_command (MsServerStorage    *storage,
                   const StaffOptions *o,
                   int                 argc,
                   char              **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3 || !g_str_equal (argv[1], "add") || o->role == NULL)
    return usage (_("Usage: msgscore-server staff add --db FILE EMAIL --role csm|lead|admin"));
  if (!ms_server_csm_add_staff (storage, argv[2], o->role, g_get_real_time (), &error))
    return fail (g_steal_pointer (&error));
  return 0;
}

static int
csm_command (MsServerStorage    *storage,
             const StaffOptions *o,
             int                 argc,
             char              **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc == 2 && g_str_equal (argv[1], "run-now"))
    {
      g_auto(MsServerCsmRun) run = { 0 };

      if (!ms_server_csm_run (storage, g_get_real_time (), "run-now", TRUE, &run, &error))
        return fail (g_steal_pointer (&error));
      if (!run.ran)
        {
          g_print ("%s\n", _("The daily job is running in another process."));
          return 0;
        }
      return print_csm_report (storage, &run);
    }
  if (argc == 2 && g_str_equal (argv[1], "rollback-model"))
    {
      gboolean rolled_back = FALSE;

      if (!ms_server_csm_rollback_model (storage, &rolled_back, &error))
        return fail (g_steal_pointer (&error));
      g_print ("%s\n", rolled_back ? _("The previous churn model is in force again.")
                                   : _("There is no previous churn model to go back to."));
      return 0;
    }
  return usage (_("Usage: msgscore-server csm run-now|rollback-model --db FILE"));
}

static int
rotate_epoch_command (MsServerStorage    *storage,
                      const StaffOptions *o,
                      int                 argc,
                      char              **argv)
{
  g_autoptr(GError) error = NULL;

  if (!ms_server_storage_rotate_epoch (storage, &error))
    return fail (g_steal_pointer (&error));
  return 0;
}

static int
purge_tombstones_command (MsServerStorage    *storage,
                          const StaffOptions *o,
                          int                 argc,
                          char              **argv)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!ms_server_storage_purge_tombstones (storage,
                                           g_get_real_time () - o->days * G_TIME_SPAN_DAY,
                                           &n, &error))
    return fail (g_steal_pointer (&error));
  /* Translators: %u is a number of deleted rows */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u tombstone purged\n", "%u tombstones purged\n", n),
           n);
  return 0;
}

static const struct
{
  const char *name;
  StaffFunc   func;
} staff_commands[] = {
  { "set-plan", set_plan_command },
  { "set-team-plan", set_team_plan_command },
  { "bill", bill_command },
  { "mark-paid", mark_paid_command },
  { "set-issuer", set_issuer_command },
  { "correct-invoice", correct_invoice_command },
  { "seed-demo", seed_demo_command },
  { "staff", staff_add_command },
  { "csm", csm_command },
  { "rotate-epoch", rotate_epoch_command },
  { "purge-tombstones", purge_tombstones_command },
};

static int
staff_command (const char  *command,
               int          argc,
               char       **argv)
{
  StaffOptions o = { .days = 30, .accounts = MS_SERVER_CSM_DEMO_ACCOUNTS };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &o.db,
      N_("The database: a SQLite file or postgresql://…"), N_("FILE|URI") },
    { "days", 0, 0, G_OPTION_ARG_INT, &o.days, N_("Keep tombstones this many days"), N_("N") },
    { "amount", 0, 0, G_OPTION_ARG_INT64, &o.amount,
      N_("mark-paid: the yen received (default: what is left to pay)"), N_("YEN") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("set-issuer: the issuer’s name"),
      N_("NAME") },
    { "registration-number", 0, 0, G_OPTION_ARG_STRING, &o.registration_number,
      N_("set-issuer: the qualified invoice registration number (T and 13 digits)"),
      N_("T…") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, N_("set-issuer: the issuer’s address"),
      N_("ADDRESS") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &o.company,
      N_("correct-invoice: the corrected recipient"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason,
      N_("correct-invoice: why it is corrected"), N_("TEXT") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, N_("A staff role: csm, lead or admin"),
      N_("ROLE") },
    { "accounts", 0, 0, G_OPTION_ARG_INT, &o.accounts,
      N_("Customer accounts in the demo population (default 500)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerStorage) storage = NULL;
  int status = 2;
  gboolean found = FALSE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = fail (g_steal_pointer (&error));
  else if ((storage = open_storage (o.db, &error)) == NULL)
    status = fail (g_steal_pointer (&error));
  else
    {
      for (guint i = 0; !found && i < G_N_ELEMENTS (staff_commands); i++)
        if (g_str_equal (command, staff_commands[i].name))
          {
            status = staff_commands[i].func (storage, &o, argc, argv);
            found = TRUE;
          }
      if (!found)
        g_printerr (_("msgscore-server: unknown command “%s”\n"), command);
    }
  g_free (o.db);
  g_free (o.name);
  g_free (o.registration_number);
  g_free (o.address);
  g_free (o.company);
  g_free (o.reason);
  g_free (o.role);
  return status;
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
