/* test-api-keys-cli.c — a team's scoring API keys from msgscore-cli
 *
 * The real CLI, signed in to the in-process server with a file token
 * store: an owner of a Team Pro team creates a key (its secret printed
 * once, the database holding only its hash), scores with it, lists it
 * (never the secret), revokes it (the key then gets 401). A member who is
 * not an owner is refused with the server's reason, and nothing is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-server-auth.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *dir;
  char       *owner;
  char       *team;
} Fixture;

static const char *body = "{\"channel\":\"email\",\"subject\":\"【会員さま限定】春の新作が公開\","
                          "\"body\":\"いつもありがとうございます。\\n新作はこちら https://example.jp\","
                          "\"variants\":false}";

/* Runs msgscore-cli with the profile of @who; its stdout, @status its exit status. */
static char *
run_cli (Fixture    *f,
         const char *who,
         const char *input,
         int        *status,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (MSGSCORE_CLI));
  va_start (args, status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, g_strdup_printf ("--profile=%s/%s", f->dir, who));
  g_ptr_array_add (argv, g_strdup_printf ("--token-store=file:%s/%s.token", f->dir, who));
  g_ptr_array_add (argv, g_strdup_printf ("--server=%s", f->ts->base));
  g_ptr_array_add (argv, NULL);
  cli = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, input, NULL, &out, &err, &error));
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (cli);
  if (*status != 0)
    g_test_message ("msgscore-cli %s: %s", (char *) g_ptr_array_index (argv, 1), err);
  return out;
}

static void
sign_in (Fixture    *f,
         const char *who,
         const char *email)
{
  int status;
  g_autofree char *login = run_cli (f, who, TEST_PASSWORD "\n", &status, "login", "--email",
                                    email, "--password-stdin", NULL);
  g_autofree char *sync = NULL;

  g_assert_cmpint (status, ==, 0);
  sync = run_cli (f, who, NULL, &status, "sync", NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->dir = g_dir_make_tmp ("msgscore-keys-XXXXXX", NULL);
  f->owner = test_signup (f->ts, "owner@example.jp", NULL, NULL);
  f->team = test_create_team (f->ts, f->owner, "team_pro_s");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  const char *rm[] = { "rm", "-rf", f->dir, NULL };

  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
  g_free (f->owner);
  g_free (f->team);
  test_server_stop (f->ts);
}

static void
test_create_list_revoke (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *list = NULL;
  g_autofree char *json = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *key;
  int status;

  sign_in (f, "owner", "owner@example.jp");
  secret = run_cli (f, "owner", NULL, &status, "api-key", "create", f->team, "CRM 夜間チェック",
                    NULL);
  g_assert_cmpint (status, ==, 0);
  g_strstrip (secret);
  g_assert_true (g_str_has_prefix (secret, "msk_"));

  /* the database keeps the hash, never the secret */
  hash = ms_server_auth_hash_token (secret);
  sql = g_strdup_printf ("SELECT count(*) FROM api_key WHERE hash = '%s'", hash);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM api_key WHERE hash = '%s' OR prefix = '%s'",
                         secret, secret);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 0);

  /* it scores */
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/score", secret, body);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_true (json_object_has_member (test_reply_object (reply), "total"));
  }

  /* listed with its name, prefix and one use, without the secret */
  list = run_cli (f, "owner", NULL, &status, "api-key", "list", f->team, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (list, "CRM 夜間チェック"));
  g_assert_null (strstr (list, secret));
  json = run_cli (f, "owner", NULL, &status, "api-key", "list", f->team, "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  node = json_from_string (json, NULL);
  g_assert_nonnull (node);
  key = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node),
                                                                     "keys"), 0);
  g_assert_cmpint (json_object_get_int_member (key, "uses"), ==, 1);
  g_assert_true (g_str_has_prefix (secret, json_object_get_string_member (key, "prefix")));
  g_assert_false (json_object_has_member (key, "key"));

  /* revoked: the key no longer opens */
  revoked = run_cli (f, "owner", NULL, &status, "api-key", "revoke", f->team,
                     json_object_get_string_member (key, "id"), NULL);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/score", secret, body);

    g_assert_cmpuint (reply->status, ==, 401);
  }
}

static void
test_member_is_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *member = test_signup (f->ts, "member@example.jp", NULL, NULL);
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  g_autoptr(TestReply) invite = test_request (NULL, f->ts, "POST", path, f->owner,
                                              "{\"email\":\"member@example.jp\","
                                              "\"role\":\"member\"}");
  g_autofree char *accept = NULL;
  g_autofree char *out = NULL;
  int status;

  g_assert_cmpuint (invite->status, ==, 201);
  accept = g_strdup_printf ("{\"token\":\"%s\"}",
                            json_object_get_string_member (test_reply_object (invite), "token"));
  {
    g_autoptr(TestReply) accepted = test_request (NULL, f->ts, "POST", "/v1/invites/accept",
                                                  member, accept);

    g_assert_cmpuint (accepted->status, ==, 200);
  }
  sign_in (f, "member", "member@example.jp");
  out = run_cli (f, "member", NULL, &status, "api-key", "create", f->team, "mine", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM api_key"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/api-keys/cli/create-list-revoke", Fixture, NULL, setup, test_create_list_revoke,
              teardown);
  g_test_add ("/api-keys/cli/member-is-refused", Fixture, NULL, setup, test_member_is_refused,
              teardown);
  return g_test_run ();
}
