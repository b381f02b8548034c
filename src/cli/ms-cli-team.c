/* ms-cli-team.c — `msgscore-cli team …`: teams, their rules and NG words, headless
 *
 *   msgscore-cli [--profile DIR] team list
 *   msgscore-cli [--profile DIR] team create NAME --plan PLAN
 *   msgscore-cli [--profile DIR] team invite TEAM EMAIL [--role owner|member]
 *   msgscore-cli [--profile DIR] team cancel-invite TEAM EMAIL
 *   msgscore-cli [--profile DIR] team accept TOKEN
 *   msgscore-cli [--profile DIR] team rules TEAM [--set FIELD=VALUE …]
 *   msgscore-cli [--profile DIR] team ng-words TEAM [--add WORD …] [--remove WORD …]
 *
 * TEAM is a team's tenant ("team:<uuid>"), its uuid, or its name. create,
 * invite, cancel-invite and accept talk to the server (--server URL and --token-store as
 * for `sync`); list, rules and ng-words work on the profile alone, offline:
 * edits are kept and sent by the next `msgscore-cli sync`.
 *
 * Exit status: 0 done, 1 failed (the reason on stderr), 2 usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ms-cli.h"
#include "ms-cli-client.h"
#include "ms-core.h"
#include "store/ms-store-all.h"
#include "sync/ms-sync-client.h"

typedef struct
{
  char  *profile;
  char  *server;
  char  *token_store;
  char  *plan;
  char  *role;
  char **set;
  char **add;
  char **remove;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->profile);
  g_free (options->server);
  g_free (options->token_store);
  g_free (options->plan);
  g_free (options->role);
  g_strfreev (options->set);
  g_strfreev (options->add);
  g_strfreev (options->remove);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
usage (const char *message)
{
  /* Translators: %s is the reason, such as a missing argument */
  g_printerr (_("msgscore-cli team: %s\n"), message);
  g_printerr ("%s\n", _("Usage: msgscore-cli team list | create NAME --plan PLAN | "
                        "invite TEAM EMAIL [--role owner|member] | cancel-invite TEAM EMAIL | "
                        "accept TOKEN | "
                        "rules TEAM [--set FIELD=VALUE] | "
                        "ng-words TEAM [--add WORD] [--remove WORD]"));
  return 2;
}

/* The client for --server (or the one remembered) and --token-store. */
MsSyncClient *
ms_cli_make_client (MsStore     *store,
                    const char  *server,
                    const char  *token_store,
                    GError     **error)
{
  g_autoptr(MsTokenStore) tokens = NULL;
  g_autofree char *saved = NULL;

  if (server == NULL)
    server = saved = ms_sync_client_dup_saved_server (store);
  if (server == NULL)
    server = g_getenv ("MSGSCORE_SERVER");
  if (server == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Name the server with --server URL (it is remembered after "
                             "signing in)."));
      return NULL;
    }
  tokens = token_store != NULL
           ? ms_token_store_new_for_spec (token_store, error)
           : ms_token_store_new_default (error);
  if (tokens == NULL)
    return NULL;
  return ms_sync_client_new (store, server, tokens);
}

static MsSyncClient *
make_client (Options  *options,
             MsStore  *store,
             GError  **error)
{
  return ms_cli_make_client (store, options->server, options->token_store, error);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* TEAM as typed → the team's tenant */
char *
ms_cli_resolve_team (MsStore     *store,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  GListModel *model = ms_team_repository_get_model (teams);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsTeam) team = g_list_model_get_item (model, i);
      const char *id = ms_team_get_id (team);

      if (g_str_equal (id, name) || g_str_equal (id + strlen ("team:"), name) ||
          g_str_equal (ms_team_get_name (team), name))
        return g_strdup (id);
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               /* Translators: %s is what the user typed as a team */
               _("No team “%s” in this profile. Run “msgscore-cli team list” (after a sync)."),
               name);
  return NULL;
}

static void
print_team (MsTeam *team)
{
  g_autofree char *seats = ms_team_get_seats_limit (team) >= 0
                           ? g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                              ms_team_get_seats_used (team),
                                              ms_team_get_seats_limit (team))
                           : g_strdup_printf ("%" G_GINT64_FORMAT, ms_team_get_seats_used (team));

  g_print ("%s\t%s\t%s\t%s\t%s\n", ms_team_get_id (team), ms_team_get_name (team),
           ms_team_get_plan (team), ms_team_get_role (team), seats);
}

static int
run_list (MsStore *store)
{
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  GListModel *model = ms_team_repository_get_model (teams);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsTeam) team = g_list_model_get_item (model, i);

      print_team (team);
    }
  return 0;
}

static int
run_rules (MsStore     *store,
           const char  *tenant,
           char       **set)
{
  g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, tenant);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; set != NULL && set[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (set[i], "=", 2);
      GError *error = NULL;

      if (parts[0] == NULL || parts[1] == NULL)
        return usage (_("--set takes FIELD=VALUE."));
      if (!ms_team_rules_repository_set_field_from_string (rules, parts[0], parts[1], &error))
        return ms_cli_fail (error);
    }

  fields = ms_team_rules_repository_dup_fields (rules);
  node = json_node_init_object (json_node_alloc (), fields);
  text = json_to_string (node, TRUE);
  g_print ("%s\n", text);
  return 0;
}

static int
run_ng_words (MsStore     *store,
              const char  *tenant,
              char       **add,
              char       **remove)
{
  g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, tenant);
  g_auto(GStrv) words = NULL;

  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    {
      GError *error = NULL;

      if (!ms_team_rules_repository_add_ng_word (rules, add[i], &error))
        return ms_cli_fail (error);
    }
  for (guint i = 0; remove != NULL && remove[i] != NULL; i++)
    {
      GError *error = NULL;

      if (!ms_team_rules_repository_remove_ng_word (rules, remove[i], &error))
        return ms_cli_fail (error);
    }

  words = ms_team_rules_repository_dup_ng_words (rules);
  for (guint i = 0; words[i] != NULL; i++)
    g_print ("%s\n", words[i]);
  return 0;
}

static int
run_create (Options    *options,
            MsStore    *store,
            const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  GError *error = NULL;

  if (options->plan == NULL)
    return usage (_("Choose the team’s plan with --plan PLAN."));
  client = make_client (options, store, &error);
  if (client == NULL)
    return ms_cli_fail (error);
  ms_sync_client_create_team_async (client, name, options->plan, NULL, on_done_cb, &result);
  team = ms_sync_client_create_team_finish (client, wait_result (&result), &error);
  if (team == NULL)
    return ms_cli_fail (error);
  print_team (team);
  return 0;
}

static int
run_invite (Options    *options,
            MsStore    *store,
            const char *team,
            const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tenant = NULL;
  GError *error = NULL;

  tenant = ms_cli_resolve_team (store, team, &error);
  if (tenant == NULL)
    return ms_cli_fail (error);
  client = make_client (options, store, &error);
  if (client == NULL)
    return ms_cli_fail (error);
  ms_sync_client_invite_async (client, tenant, email, options->role, NULL, on_done_cb, &result);
  token = ms_sync_client_invite_finish (client, wait_result (&result), &error);
  if (token == NULL)
    return ms_cli_fail (error);
  g_print ("%s\n", token);
  return 0;
}

int
ms_cli_team (int    argc,
             char **argv)
{
  g_auto(Options) options = { 0 };
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &options.profile,
      N_("Profile folder (default: the app’s)"), N_("DIR") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &options.server,
      N_("The MsgScore server (default: the one signed in to)"), N_("URL") },
    { "token-store", 0, 0, G_OPTION_ARG_STRING, &options.token_store,
      N_("Where to keep the sign-in: keyring (default), memory or file:PATH"), N_("STORE") },
    { "plan", 0, 0, G_OPTION_ARG_STRING, &options.plan,
      N_("The new team’s plan (team_s … team_pro_l)"), N_("PLAN") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role,
      N_("The invited person’s role: owner or member (default)"), N_("ROLE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.set,
      N_("Set a team rule (owners)"), N_("FIELD=VALUE") },
    { "add", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.add,
      N_("Add an NG word (owners)"), N_("WORD") },
    { "remove", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.remove,
      N_("Remove an NG word (owners)"), N_("WORD") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("list|create|invite|accept|"
                                                            "rules|ng-words …");
  g_autoptr(MsStore) store = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tenant = NULL;
  GError *error = NULL;
  const char *command;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = usage (error->message);

      g_error_free (error);
      return status;
    }
  if (argc < 2)
    return usage (_("Name what to do."));
  command = argv[1];

  dir = options.profile != NULL ? g_strdup (options.profile) : ms_store_get_default_dir ();
  store = ms_store_open (dir, &error);
  if (store == NULL)
    return ms_cli_fail (error);

  if (g_str_equal (command, "list") && argc == 2)
    return run_list (store);

  if ((g_str_equal (command, "rules") || g_str_equal (command, "ng-words")) && argc == 3)
    {
      tenant = ms_cli_resolve_team (store, argv[2], &error);
      if (tenant == NULL)
        return ms_cli_fail (error);
      return g_str_equal (command, "rules")
             ? run_rules (store, tenant, options.set)
             : run_ng_words (store, tenant, options.add, options.remove);
    }

  if (g_str_equal (command, "create") && argc == 3)
    return run_create (&options, store, argv[2]);

  if (g_str_equal (command, "invite") && argc == 4)
    return run_invite (&options, store, argv[2], argv[3]);

  if (g_str_equal (command, "cancel-invite") && argc == 4)
    {
      g_autoptr(GAsyncResult) result = NULL;

      tenant = ms_cli_resolve_team (store, argv[2], &error);
      if (tenant == NULL)
        return ms_cli_fail (error);
      client = make_client (&options, store, &error);
      if (client == NULL)
        return ms_cli_fail (error);
      ms_sync_client_cancel_invites_async (client, tenant, argv[3], NULL, on_done_cb, &result);
      if (!ms_sync_client_cancel_invites_finish (client, wait_result (&result), &error))
        return ms_cli_fail (error);
      return 0;
    }

  if (g_str_equal (command, "accept") && argc == 3)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(MsTeam) team = NULL;

      client = make_client (&options, store, &error);
      if (client == NULL)
        return ms_cli_fail (error);
      ms_sync_client_accept_invite_async (client, argv[2], NULL, on_done_cb, &result);
      team = ms_sync_client_accept_invite_finish (client, wait_result (&result), &error);
      if (team == NULL)
        return ms_cli_fail (error);
      print_team (team);
      return 0;
    }

  {
    /* Translators: %s is what the user typed */
    g_autofree char *message = g_strdup_printf (_("unknown or incomplete command “%s”"),
                                                command);

    return usage (message);
  }
}
