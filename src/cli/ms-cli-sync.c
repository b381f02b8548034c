/* ms-cli-sync.c — `msgscore-cli login|logout|sync|status`: the account, headless
 *
 *   msgscore-cli [--profile DIR] login  --server URL [--email EMAIL] [--password-stdin]
 *                                       [--signup --name NAME] [--token-store STORE]
 *   msgscore-cli [--profile DIR] logout [--server URL] [--token-store STORE]
 *   msgscore-cli [--profile DIR] sync   [--server URL] [--token-store STORE]
 *                                       [--email EMAIL --password-stdin]
 *   msgscore-cli [--profile DIR] status [--server URL] [--token-store STORE]
 *
 * The options may come before or after the command. Without --server, the
 * server the profile last signed in to (or $MSGSCORE_SERVER) is used.
 *
 * The password is read from the terminal without echo, or, with
 * --password-stdin, as the first line of standard input (for scripts).
 *
 * Tokens live in the keyring (the Secret Service) by default. For tests and
 * headless machines without one, choose explicitly:
 *   --token-store memory     forgotten when the command ends: give --email and
 *                            --password-stdin to `sync` to sign in first
 *   --token-store file:PATH  or MSGSCORE_TOKEN_STORE=file:PATH: a 0600 JSON file
 *
 * Exit status: 0 synced, 1 failed (the reason on stderr), 2 usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ms-cli.h"
#include "ms-core.h"
#include "store/ms-store-all.h"
#include "sync/ms-sync-client.h"

typedef struct
{
  char     *profile;
  char     *server;
  char     *token_store;
  char     *email;
  char     *name;
  gboolean  password_stdin;
  gboolean  signup;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->profile);
  g_free (options->server);
  g_free (options->token_store);
  g_free (options->email);
  g_free (options->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse (const char  *command,
       gboolean     with_credentials,
       int         *argc,
       char      ***argv,
       Options     *options)
{
  const GOptionEntry common[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &options->profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &options->server,
      N_("The MsgScore server (default: the one signed in to)"), N_("URL") },
    { "token-store", 0, 0, G_OPTION_ARG_STRING, &options->token_store,
      N_("Where to keep the sign-in: keyring (default), memory or file:PATH"), N_("STORE") },
    { NULL }
  };
  const GOptionEntry credentials[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &options->email, N_("The account’s email"),
      N_("EMAIL") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "signup", 0, 0, G_OPTION_ARG_NONE, &options->signup, N_("Create the account first"),
      NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options->name, N_("Your name, with --signup"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (with_credentials)
    g_option_context_add_main_entries (context, credentials, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      /* Translators: the first %s is the command, the second the reason */
      g_printerr (_("msgscore-cli %s: %s\n"), command, error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      /* Translators: %s is the command, e.g. "history export" */
      g_printerr (_("msgscore-cli %s: unexpected argument “%s”\n"), command, (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static char *
read_password (gboolean   from_stdin,
               GError   **error)
{
  char line[1024];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);

  if (!from_stdin && !tty)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("No terminal to ask for the password: pass --password-stdin and "
                             "write it to standard input."));
      return NULL;
    }
  if (!from_stdin)
    {
      fprintf (stderr, "%s", _("Password: "));
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  if (!from_stdin)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  line[strcspn (line, "\r\n")] = '\0';
  if (line[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("No password was given."));
      return NULL;
    }
  return g_strdup (line);
}

static char *
read_email (GError **error)
{
  char line[512];

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Give the account’s email with --email EMAIL."));
      return NULL;
    }
  fprintf (stderr, "%s", _("Email: "));
  fflush (stderr);
  if (fgets (line, sizeof line, stdin) == NULL)
    line[0] = '\0';
  line[strcspn (line, "\r\n")] = '\0';
  if (line[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("No email was given."));
      return NULL;
    }
  return g_strdup (line);
}

/* Test hook: MSGSCORE_SYNC_CRASH_AT=push-before-send|push-after-response
 * kills this process (SIGKILL) at that step, as a power cut would. */
static void
on_step_cb (MsSyncClient *client,
            const char   *step,
            gpointer      user_data)
{
  if (g_strcmp0 (g_getenv ("MSGSCORE_SYNC_CRASH_AT"), step) == 0)
    raise (SIGKILL);
}

static MsSyncClient *
make_client (Options  *options,
             MsStore  *store,
             gboolean  need_server,
             GError  **error)
{
  g_autoptr(MsTokenStore) tokens = NULL;
  g_autofree char *saved = NULL;
  const char *server = options->server;
  MsSyncClient *client;

  if (server == NULL)
    server = saved = ms_sync_client_dup_saved_server (store);
  if (server == NULL)
    server = g_getenv ("MSGSCORE_SERVER");
  if (server == NULL && need_server)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Name the server with --server URL (it is remembered after "
                             "signing in)."));
      return NULL;
    }
  tokens = options->token_store != NULL
           ? ms_token_store_new_for_spec (options->token_store, error)
           : ms_token_store_new_default (error);
  if (tokens == NULL)
    return NULL;
  client = ms_sync_client_new (store, server != NULL ? server : "", tokens);
  ms_sync_client_set_step_hook (client, on_step_cb, NULL);
  return client;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  MsSyncClient *client = MS_SYNC_CLIENT (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == ms_sync_client_sign_in_async)
    wait->ok = ms_sync_client_sign_in_finish (client, result, &wait->error);
  else if (tag == ms_sync_client_sign_up_async)
    wait->ok = ms_sync_client_sign_up_finish (client, result, &wait->error);
  else if (tag == ms_sync_client_sign_out_async)
    wait->ok = ms_sync_client_sign_out_finish (client, result, &wait->error);
  else
    wait->ok = ms_sync_client_sync_finish (client, result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
wait_for (Wait    *wait,
          GError **error)
{
  g_main_loop_run (wait->loop);
  if (!wait->ok)
    {
      g_propagate_error (error, wait->error);
      wait->error = NULL;
    }
  return wait->ok;
}

static gboolean
sign_in (MsSyncClient  *client,
         Options       *options,
         GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *email = NULL;
  g_autofree char *password = NULL;
  Wait wait = { loop, FALSE, NULL };

  email = options->email != NULL ? g_strdup (options->email) : read_email (error);
  if (email == NULL)
    return FALSE;
  password = read_password (options->password_stdin, error);
  if (password == NULL)
    return FALSE;

  if (options->signup)
    ms_sync_client_sign_up_async (client, email, password,
                                  options->name != NULL ? options->name : email, NULL,
                                  on_done_cb, &wait);
  else
    ms_sync_client_sign_in_async (client, email, password, NULL, on_done_cb, &wait);
  return wait_for (&wait, error);
}

static void
on_rejected_cb (MsSyncClient *client,
                const char   *name,
                const char   *code,
                const char   *message,
                gpointer      user_data)
{
  g_printerr ("%s\n", message);
}

static int
run_sync (MsSyncClient *client)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  Wait wait = { loop, FALSE, NULL };

  g_signal_connect (client, "rejected", G_CALLBACK (on_rejected_cb), NULL);
  ms_sync_client_sync_async (client, NULL, on_done_cb, &wait);
  if (!wait_for (&wait, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  state = ms_sync_client_describe_state (client);
  g_print ("%s\n", state);
  return 0;
}

/* ------------------------------------------------------------------------ */

int
ms_cli_login (int    argc,
              char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = NULL;

  if (!parse ("login", TRUE, &argc, &argv, &options))
    return 2;
  store = ms_store_open (options.profile, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  client = make_client (&options, store, TRUE, &error);
  if (client == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (!sign_in (client, &options, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  /* Translators: %s is an email address */
  g_print (_("Signed in as %s.\n"), ms_sync_client_get_email (client));
  return 0;
}

int
ms_cli_logout (int    argc,
               char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Wait wait = { loop, FALSE, NULL };

  if (!parse ("logout", FALSE, &argc, &argv, &options))
    return 2;
  store = ms_store_open (options.profile, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  client = make_client (&options, store, TRUE, &error);
  if (client == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  ms_sync_client_sign_out_async (client, NULL, on_done_cb, &wait);
  if (!wait_for (&wait, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  g_print ("%s\n", _("Signed out. Unsent changes stay in the profile."));
  return 0;
}

int
ms_cli_sync (int    argc,
             char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = NULL;

  if (!parse ("sync", TRUE, &argc, &argv, &options))
    return 2;
  store = ms_store_open (options.profile, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  client = make_client (&options, store, TRUE, &error);
  if (client == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (options.email != NULL && !sign_in (client, &options, &error))
    return ms_cli_fail (g_steal_pointer (&error));
  return run_sync (client);
}

int
ms_cli_status (int    argc,
               char **argv)
{
  g_auto(Options) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  guint pending;

  if (!parse ("status", FALSE, &argc, &argv, &options))
    return 2;
  store = ms_store_open (options.profile, &error);
  if (store == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  client = make_client (&options, store, FALSE, &error);
  if (client == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  pending = ms_sync_client_get_pending (client);
  /* Translators: %s is a URL, or "—" */
  g_print (_("Server: %s\n"), *ms_sync_client_get_server_url (client) != '\0'
                              ? ms_sync_client_get_server_url (client) : "—");
  if (ms_sync_client_get_signed_in (client))
    /* Translators: %s is an email address */
    g_print (_("Account: %s (signed in)\n"),
             ms_sync_client_get_email (client) != NULL ? ms_sync_client_get_email (client) : "?");
  else
    g_print ("%s\n", _("Account: not signed in"));
  /* Translators: %s is a plan name such as "Pro" */
  g_print (_("Plan: %s\n"), ms_entitlements_get_plan_name (ms_store_get_entitlements (store)));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent\n",
                        "%u changes waiting to be sent\n", pending), pending);
  return 0;
}
