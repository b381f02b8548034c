/* ms-cli-api-key.c — `msgscore-cli api-key …`: a team's keys of the scoring API
 *
 *   msgscore-cli [--profile DIR] api-key create TEAM NAME [--json]
 *   msgscore-cli [--profile DIR] api-key list TEAM [--json]
 *   msgscore-cli [--profile DIR] api-key revoke TEAM KEY_ID
 *
 * TEAM is a team's tenant, uuid or name (as for `team`); the team must be on
 * Team Pro and the account one of its owners. create prints the key's
 * secret ("msk_…") on standard output, this once: the server keeps only its
 * hash. list prints one key a line (id, name, prefix, uses, last use,
 * state) and never a secret. --server and --token-store as for `sync`.
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

typedef struct
{
  char     *profile;
  char     *server;
  char     *token_store;
  gboolean  json;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->profile);
  g_free (options->server);
  g_free (options->token_store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
usage (const char *message)
{
  /* Translators: %s is the reason, such as a missing argument */
  g_printerr (_("msgscore-cli api-key: %s\n"), message);
  g_printerr ("%s\n", _("Usage: msgscore-cli api-key create TEAM NAME | list TEAM | "
                        "revoke TEAM KEY_ID"));
  return 2;
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
print_json (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, o);
  text = json_to_string (node, TRUE);
  g_print ("%s\n", text);
}

/* A time of the server (µs) as the user's local date and time, or "-". */
static char *
format_time (JsonObject *o,
             const char *member)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autoptr(GDateTime) when = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("-");
  when = g_date_time_new_from_unix_local (json_node_get_int (node) / G_USEC_PER_SEC);
  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("-");
}

static void
print_key (JsonObject *key)
{
  g_autofree char *used = format_time (key, "last_used_at");
  JsonNode *revoked = json_object_get_member (key, "revoked_at");
  gboolean in_force = revoked == NULL || JSON_NODE_HOLDS_NULL (revoked);

  g_print ("%s\t%s\t%s…\t%" G_GINT64_FORMAT "\t%s\t%s\n",
           json_object_get_string_member_with_default (key, "id", ""),
           json_object_get_string_member_with_default (key, "name", ""),
           json_object_get_string_member_with_default (key, "prefix", ""),
           json_object_get_int_member_with_default (key, "uses", 0), used,
           /* Translators: the state of an API key in a list */
           in_force ? _("active") : _("revoked"));
}

static int
run (Options      *options,
     MsStore      *store,
     const char   *command,
     const char   *team,
     const char   *arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *tenant = ms_cli_resolve_team (store, team, &error);

  if (tenant == NULL || (client = ms_cli_make_client (store, options->server,
                                                      options->token_store, &error)) == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  if (g_str_equal (command, "create"))
    {
      ms_sync_client_create_api_key_async (client, tenant, arg, NULL, on_done_cb, &result);
      o = ms_sync_client_create_api_key_finish (client, wait_result (&result), &error);
      if (o == NULL)
        return ms_cli_fail (g_steal_pointer (&error));
      if (options->json)
        print_json (o);
      else
        {
          g_print ("%s\n", json_object_get_string_member (o, "key"));
          g_printerr ("%s\n", _("Copy the key now: it is shown only once. The server keeps "
                                "only its hash."));
        }
      return 0;
    }
  if (g_str_equal (command, "revoke"))
    {
      ms_sync_client_revoke_api_key_async (client, tenant, arg, NULL, on_done_cb, &result);
      if (!ms_sync_client_revoke_api_key_finish (client, wait_result (&result), &error))
        return ms_cli_fail (g_steal_pointer (&error));
      return 0;
    }
  ms_sync_client_list_api_keys_async (client, tenant, NULL, on_done_cb, &result);
  o = ms_sync_client_list_api_keys_finish (client, wait_result (&result), &error);
  if (o == NULL)
    return ms_cli_fail (g_steal_pointer (&error));
  if (options->json)
    print_json (o);
  else
    {
      JsonArray *keys = json_object_get_array_member (o, "keys");

      for (guint i = 0; i < json_array_get_length (keys); i++)
        print_key (json_array_get_object_element (keys, i));
    }
  return 0;
}

int
ms_cli_api_key (int    argc,
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
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print the server’s answer as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("create|list|revoke …");
  g_autoptr(MsStore) store = NULL;
  g_autofree char *dir = NULL;
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
  if (!((g_str_equal (command, "create") && argc == 4) ||
        (g_str_equal (command, "list") && argc == 3) ||
        (g_str_equal (command, "revoke") && argc == 4)))
    {
      /* Translators: %s is what the user typed */
      g_autofree char *message = g_strdup_printf (_("unknown or incomplete command “%s”"),
                                                  command);

      return usage (message);
    }

  dir = options.profile != NULL ? g_strdup (options.profile) : ms_store_get_default_dir ();
  store = ms_store_open (dir, &error);
  if (store == NULL)
    return ms_cli_fail (error);
  return run (&options, store, command, argv[2], argc == 4 ? argv[3] : NULL);
}
