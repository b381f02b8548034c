/* test-api.c — the public scoring API: keys, POST /v1/score, the rate limit,
 * and docs/openapi.yaml
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ms-server-auth.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *owner;        /* access token */
  char       *team;         /* uuid */
  char       *team_tenant;
} Fixture;

/* A welcome email as the app stores it (the request of POST /v1/score). */
static const char *message =
  "{\"schema\":1,\"channel\":\"email\",\"language\":\"ja\","
  "\"subject\":\"【3日間限定】春の新作コートが20%OFF\","
  "\"preheader\":\"会員さま限定のご案内です\","
  "\"body\":\"いつもご利用ありがとうございます。\\n春の新作コートを3日間限定で20%OFFにてご案内します。"
  "\\n下のボタンから今すぐチェックしてください。\\nhttps://example.jp/sale\\n\\n配信停止はこちら："
  "https://example.jp/unsubscribe\","
  "\"segment\":{\"industry\":\"fashion\",\"audience\":\"existing\",\"goal\":\"purchase\"}}";

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", NULL, NULL);
  f->team = test_create_team (f->ts, f->owner, data != NULL ? data : "team_pro_s");
  f->team_tenant = g_strconcat ("team:", f->team, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->team);
  g_free (f->team_tenant);
  test_server_stop (f->ts);
}

static TestReply *
create_key (Fixture    *f,
            const char *token,
            const char *team)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/api-keys", team);

  return test_request (NULL, f->ts, "POST", path, token, "{\"name\":\"  配信ツール連携 \"}");
}

/* A new key's secret; @id gets its id. */
static char *
new_key (Fixture  *f,
         char    **id)
{
  g_autoptr(TestReply) reply = create_key (f, f->owner, f->team);
  JsonObject *o;

  g_assert_cmpuint (reply->status, ==, 201);
  o = test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "配信ツール連携");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "key"), "msk_"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "key"),
                                   json_object_get_string_member (o, "prefix")));
  g_assert_cmpuint (strlen (json_object_get_string_member (o, "key")), ==, 4 + 43);
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (o, "id"));
  return g_strdup (json_object_get_string_member (o, "key"));
}

static TestReply *
score (Fixture    *f,
       const char *key,
       const char *body)
{
  return test_request (NULL, f->ts, "POST", "/v1/score", key, body);
}

static JsonNode *
run_cli (const char *input)
{
  g_autofree char *dir = g_dir_make_tmp ("msgscore-api-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "input.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { MSGSCORE_CLI, "score", "--json", "--input-json", path, NULL };
  JsonNode *node;
  int status;

  g_assert_true (g_file_set_contents (path, input, -1, &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("stderr: %s", err);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return node;
}

static void
test_key_scores_as_the_cli (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *key = new_key (f, &id);
  g_autofree char *hash = ms_server_auth_hash_token (key);
  g_autofree char *sql = NULL;
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/api-keys", f->team);
  g_autoptr(TestReply) reply = score (f, key, message);
  g_autoptr(TestReply) list = NULL;
  g_autoptr(JsonNode) cli = run_cli (message);
  JsonObject *listed;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (reply->json);
  /* The same core, the same number, the same JSON. */
  if (!json_node_equal (reply->json, cli))
    {
      g_autofree char *text = json_to_string (cli, FALSE);

      g_test_message ("server: %s", reply->body);
      g_test_message ("cli: %s", text);
    }
  g_assert_true (json_node_equal (reply->json, cli));
  g_assert_cmpint (json_object_get_int_member (test_reply_object (reply), "total"), >, 0);
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "RateLimit-Limit"), ==, "60");
  g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "RateLimit-Remaining"), ==,
                   "59");
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "RateLimit-Reset"));

  /* Stored hashed: not the key, not a prefix longer than the one shown. */
  sql = g_strdup_printf ("SELECT COUNT(*) FROM api_key WHERE hash = '%s'", key);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM api_key WHERE hash = '%s' AND LENGTH(prefix) = 8",
                         hash);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 1);

  /* Usage is counted per key, and the list never shows the key. */
  list = test_request (NULL, f->ts, "GET", path, f->owner, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_null (strstr (list->body, key));
  listed = json_array_get_object_element (
    json_object_get_array_member (test_reply_object (list), "keys"), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (listed, "uses"), ==, 1);
  g_assert_false (json_object_get_null_member (listed, "last_used_at"));
  g_assert_true (json_object_get_null_member (listed, "revoked_at"));
}

static void
test_revoked_key_is_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *key = new_key (f, &id);
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/api-keys/%s", f->team, id);
  g_autoptr(TestReply) before = score (f, key, message);
  g_autoptr(TestReply) revoke = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);
  g_autoptr(TestReply) after = score (f, key, message);
  g_autoptr(TestReply) again = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);
  g_autoptr(TestReply) none = score (f, NULL, message);
  g_autoptr(TestReply) wrong = score (f, "msk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", message);
  g_autoptr(TestReply) session = score (f, f->owner, message);

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_cmpuint (revoke->status, ==, 200);
  g_assert_cmpuint (after->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (after), ==, "invalid_token");
  g_assert_cmpuint (again->status, ==, 404);
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpuint (wrong->status, ==, 401);
  /* A session token is not an API key. */
  g_assert_cmpuint (session->status, ==, 401);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *key = new_key (f, NULL);
  g_autofree char *other = new_key (f, NULL);
  const char *body = "{\"channel\":\"email\",\"subject\":\"春のセール\",\"body\":\"本文\","
                     "\"variants\":false}";
  gint64 now = g_get_real_time ();
  const char *retry;

  test_server_set_now (f->ts, now);
  for (guint i = 0; i < 60; i++)
    {
      g_autoptr(TestReply) reply = score (f, key, body);

      g_assert_cmpuint (reply->status, ==, 200);
    }
  {
    g_autoptr(TestReply) reply = score (f, key, body);
    g_autoptr(TestReply) second = score (f, other, body);

    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "rate_limited");
    retry = soup_message_headers_get_one (reply->headers, "Retry-After");
    g_assert_nonnull (retry);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >=, 1);
    g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, 60);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "RateLimit-Remaining"), ==,
                     "0");
    /* per key: another key of the team goes on */
    g_assert_cmpuint (second->status, ==, 200);
  }
  /* A refused request is not counted as a use. */
  {
    g_autofree char *hash = ms_server_auth_hash_token (key);
    g_autofree char *sql = g_strdup_printf ("SELECT uses FROM api_key WHERE hash = '%s'", hash);

    g_assert_cmpint (test_db_int (f->ts, sql), ==, 60);
  }
  test_server_set_now (f->ts, now + 61 * G_USEC_PER_SEC);
  {
    g_autoptr(TestReply) reply = score (f, key, body);

    g_assert_cmpuint (reply->status, ==, 200);
  }
  test_server_set_now (f->ts, 0);
}

static void
test_plan_and_tenants (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *key = new_key (f, &id);
  g_autofree char *other = test_signup (f->ts, "other@example.jp", NULL, NULL);
  g_autofree char *other_team = test_create_team (f->ts, other, "team_s");
  g_autofree char *pro_team = test_create_team (f->ts, other, "team_pro_s");
  g_autofree char *foreign_revoke = g_strdup_printf ("/v1/teams/%s/api-keys/%s", pro_team, id);
  g_autofree char *foreign_list = g_strdup_printf ("/v1/teams/%s/api-keys", f->team);
  g_autofree char *sql = NULL;
  g_autoptr(TestReply) no_api = create_key (f, other, other_team);
  g_autoptr(TestReply) foreign = create_key (f, other, f->team);
  g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", foreign_list, other, NULL);
  g_autoptr(TestReply) revoke = test_request (NULL, f->ts, "DELETE", foreign_revoke, other, NULL);
  g_autoptr(TestReply) still = score (f, key, message);
  g_autoptr(TestReply) downgraded = NULL;

  /* A Team plan has no API: 402 with the plan that has it */
  g_assert_cmpuint (no_api->status, ==, 402);
  g_assert_cmpstr (test_reply_error_code (no_api), ==, "upgrade_needed");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (
    json_object_get_object_member (test_reply_object (no_api), "error"), "plan"), "team_pro"));
  /* Another team's keys: not theirs to make, see or revoke */
  g_assert_cmpuint (foreign->status, ==, 403);
  g_assert_cmpuint (list->status, ==, 403);
  g_assert_cmpuint (revoke->status, ==, 404);
  g_assert_cmpuint (still->status, ==, 200);

  /* The team moves to a plan without the API: its keys stop. */
  sql = g_strdup_printf ("UPDATE team SET plan = 'team_s' WHERE tenant = '%s'", f->team_tenant);
  test_db_exec (f->ts, sql);
  downgraded = score (f, key, message);
  g_assert_cmpuint (downgraded->status, ==, 402);
  g_assert_cmpstr (test_reply_error_code (downgraded), ==, "upgrade_needed");
}

static void
test_team_rules_apply (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *key = new_key (f, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(TestReply) before = score (f, key, message);
  g_autoptr(TestReply) after = NULL;

  g_assert_cmpuint (before->status, ==, 200);
  g_assert_null (strstr (before->body, "brand.required.name"));
  /* The owner's rule "the brand name appears", as the synced row holds it */
  sql = g_strdup_printf ("UPDATE sync_row SET row_json = REPLACE (row_json,"
                         " '\"brand_name\":null', '\"brand_name\":\"ハルモア\"')"
                         " WHERE tenant = '%s' AND entity = 'team_rules'", f->team_tenant);
  test_db_exec (f->ts, sql);
  after = score (f, key, message);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_nonnull (strstr (after->body, "brand.required.name"));
  g_assert_null (strstr (after->body, "\"ng.team\""));

  /* The team's NG word, added by its owner through sync */
  {
    g_autofree char *push = g_strdup_printf ("{\"client_id\":\"api\",\"mutations\":[{\"id\":1,"
                                             "\"name\":\"team_ng_word.add\",\"tenant\":\"%s\","
                                             "\"args\":{\"word\":\"新作コート\"}}]}",
                                             f->team_tenant);
    g_autoptr(TestReply) pushed = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->owner,
                                                push);
    g_autoptr(TestReply) with_word = NULL;

    g_assert_cmpuint (pushed->status, ==, 200);
    g_assert_nonnull (strstr (pushed->body, "applied"));
    with_word = score (f, key, message);
    g_assert_cmpuint (with_word->status, ==, 200);
    g_assert_nonnull (strstr (with_word->body, "\"ng.team\""));
  }
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *key = new_key (f, NULL);
  g_autofree char *hash = ms_server_auth_hash_token (key);
  g_autofree char *uses = g_strdup_printf ("SELECT uses FROM api_key WHERE hash = '%s'", hash);
  g_autoptr(GString) long_subject = g_string_new ("{\"channel\":\"email\",\"subject\":\"");
  static const char * const bad[] = {
    "{}",
    "{\"channel\":\"fax\",\"subject\":\"件名\"}",
    "{\"channel\":\"email\",\"subject\":5}",
    "{\"channel\":\"line\",\"bubbles\":[\"1\",\"2\",\"3\",\"4\"]}",
    "{\"channel\":\"email\",\"segment\":{\"audience\":\"martians\"}}",
    "{\"channel\":\"email\",\"language\":\"fr\"}",
    "{\"channel\":\"email\",\"variants\":\"no\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TestReply) reply = score (f, key, bad[i]);

      g_test_message ("%s", bad[i]);
      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "malformed");
    }
  for (guint i = 0; i < 65537; i++)
    g_string_append_c (long_subject, 'a');
  g_string_append (long_subject, "\"}");
  {
    g_autoptr(TestReply) reply = score (f, key, long_subject->str);

    g_assert_cmpuint (reply->status, ==, 413);
  }
  /* Nothing was scored: no use counted. */
  g_assert_cmpint (test_db_int (f->ts, uses), ==, 0);
}

/* docs/openapi.yaml (JSON, which is YAML) documents every route of the
 * public API with the answers the tests above see, and its references
 * resolve. */
static gboolean
refs_resolve (JsonNode   *node,
              JsonObject *root,
              const char *dir)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (json_object_has_member (o, "$ref"))
        {
          const char *ref = json_object_get_string_member (o, "$ref");

          if (g_str_has_prefix (ref, "#/"))
            {
              g_auto(GStrv) steps = g_strsplit (ref + 2, "/", -1);
              JsonObject *at = root;

              for (guint i = 0; steps[i] != NULL; i++)
                {
                  if (at == NULL || !json_object_has_member (at, steps[i]))
                    return g_test_message ("unresolved %s", ref), FALSE;
                  at = steps[i + 1] != NULL ? json_object_get_object_member (at, steps[i]) : at;
                }
            }
          else
            {
              g_autofree char *path = g_build_filename (dir, ref, NULL);

              if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
                return g_test_message ("unresolved %s", ref), FALSE;
            }
        }
      json_object_iter_init (&iter, o);
      while (json_object_iter_next (&iter, &name, &value))
        if (!refs_resolve (value, root, dir))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (!refs_resolve (json_array_get_element (a, i), root, dir))
          return FALSE;
    }
  return TRUE;
}

static void
test_openapi (void)
{
  g_autofree char *path = g_build_filename (MSGSCORE_SOURCE_ROOT, "docs", "openapi.yaml", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  static const struct { const char *path, *method; const char *statuses[6]; } documented[] = {
    { "/v1/score", "post", { "200", "400", "401", "402", "413", "429" } },
    { "/v1/teams/{team}/api-keys", "post", { "201", "400", "402", "403", NULL } },
    { "/v1/teams/{team}/api-keys", "get", { "200", "403", NULL } },
    { "/v1/teams/{team}/api-keys/{key}", "delete", { "200", "403", "404", NULL } },
  };
  guint n_routes;
  const MsServerRoute *routes = ms_server_get_routes (&n_routes);
  JsonObject *root, *paths;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "openapi"), "3.1"));
  g_assert_nonnull (json_object_get_string_member (
    json_object_get_object_member (root, "info"), "version"));
  paths = json_object_get_object_member (root, "paths");
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    {
      JsonObject *op, *responses;

      g_test_message ("%s %s", documented[i].method, documented[i].path);
      op = json_object_get_object_member (json_object_get_object_member (paths,
                                                                         documented[i].path),
                                          documented[i].method);
      g_assert_nonnull (op);
      g_assert_nonnull (json_object_get_string_member (op, "operationId"));
      responses = json_object_get_object_member (op, "responses");
      for (guint s = 0; s < G_N_ELEMENTS (documented[i].statuses) &&
                        documented[i].statuses[s] != NULL; s++)
        g_assert_true (json_object_has_member (responses, documented[i].statuses[s]));
    }
  /* every documented operation is a route of the server */
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;

    json_object_iter_init (&iter, paths);
    while (json_object_iter_next (&iter, &name, &value))
      {
        GList *methods = json_object_get_members (json_node_get_object (value));

        for (GList *l = methods; l != NULL; l = l->next)
          {
            g_autofree char *upper = g_ascii_strup (l->data, -1);
            gboolean found = FALSE;

            if (g_str_equal (l->data, "parameters"))
              continue;
            for (guint r = 0; r < n_routes; r++)
              found |= g_str_equal (routes[r].path, name) && g_str_equal (routes[r].method, upper);
            g_test_message ("documented: %s %s", upper, name);
            g_assert_true (found);
          }
        g_list_free (methods);
      }
  }
  g_assert_true (refs_resolve (json_parser_get_root (parser), root, dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add (name, Fixture, data, setup, func, teardown)
  ADD ("/api/key-scores-as-the-cli", test_key_scores_as_the_cli, NULL);
  ADD ("/api/revoked-key-is-refused", test_revoked_key_is_refused, NULL);
  ADD ("/api/rate-limit", test_rate_limit, NULL);
  ADD ("/api/plan-and-tenants", test_plan_and_tenants, NULL);
  ADD ("/api/team-rules-apply", test_team_rules_apply, NULL);
  ADD ("/api/bad-input", test_bad_input, NULL);
#undef ADD
  g_test_add_func ("/api/openapi", test_openapi);

  return g_test_run ();
}
