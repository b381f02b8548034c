/* test-http.c — what every route does with bad input, and who may call it
 *
 * The authorisation table comes from the server's own route list, so a new
 * route cannot be added without this test covering it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ms-test-db.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *token_a;
  char       *tenant_a;
  char       *token_b;
  char       *tenant_b;
  char       *team_a;     /* uuids of a team each of them owns */
  char       *team_b;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->token_a = test_signup (f->ts, "a@example.jp", &f->tenant_a, NULL);
  f->token_b = test_signup (f->ts, "b@example.jp", &f->tenant_b, NULL);
  f->team_a = test_create_team (f->ts, f->token_a, "team_s");
  f->team_b = test_create_team (f->ts, f->token_b, "team_s");
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->token_a);
  g_free (f->tenant_a);
  g_free (f->token_b);
  g_free (f->tenant_b);
  g_free (f->team_a);
  g_free (f->team_b);
  test_server_stop (f->ts);
}

/* Everything a request could have changed. */
static char *
dump_state (TestServer *ts)
{
  return g_strdup_printf ("users=%" G_GINT64_FORMAT " rows=%" G_GINT64_FORMAT
                          " clients=%" G_GINT64_FORMAT " versions=%" G_GINT64_FORMAT
                          " tokens=%" G_GINT64_FORMAT " revoked=%" G_GINT64_FORMAT
                          " members=%" G_GINT64_FORMAT " invites=%" G_GINT64_FORMAT
                          " teams=%" G_GINT64_FORMAT " shares=%" G_GINT64_FORMAT,
                          test_db_int (ts, "SELECT count(*) FROM user_account"),
                          test_db_int (ts, "SELECT count(*) FROM sync_row"),
                          test_db_int (ts, "SELECT count(*) FROM sync_client"),
                          test_db_int (ts, "SELECT total(version) FROM tenant"),
                          test_db_int (ts, "SELECT count(*) FROM token"),
                          test_db_int (ts, "SELECT count(*) FROM token"
                                           " WHERE revoked_at IS NOT NULL"),
                          test_db_int (ts, "SELECT count(*) FROM membership"),
                          test_db_int (ts, "SELECT count(*) FROM team_invite"),
                          test_db_int (ts, "SELECT count(*) FROM team"),
                          test_db_int (ts, "SELECT count(*) FROM share_link"));
}

/* A valid body for each route that names a tenant. */
static char *
tenant_body (const char *path,
             const char *tenant)
{
  if (g_str_equal (path, "/v1/sync/push"))
    {
      g_autofree char *args = test_history_save_args ("7b0c3c1e-0000-4000-8000-000000000001",
                                                      g_get_real_time ());

      return g_strdup_printf ("{\"client_id\":\"c1\",\"mutations\":[{\"id\":1,"
                              "\"name\":\"history.save\",\"tenant\":\"%s\",\"args\":%s}]}",
                              tenant, args);
    }
  if (g_str_equal (path, "/v1/sync/pull"))
    return g_strdup_printf ("{\"client_id\":\"c1\",\"tenant\":\"%s\",\"cursor\":null}", tenant);
  if (g_str_equal (path, "/v1/support"))
    return g_strdup_printf ("{\"tenant\":\"%s\",\"subject\":\"件名\",\"body\":\"本文\"}",
                            tenant);
  if (g_str_equal (path, "/v1/nps"))
    return g_strdup_printf ("{\"tenant\":\"%s\",\"score\":9}", tenant);
  if (g_str_equal (path, "/v1/shares"))
    return test_share_body (tenant, "{\"schema\":1,\"channel\":\"email\",\"subject\":\"件名\","
                                    "\"preheader\":\"\",\"body\":\"本文\",\"segment\":{}}",
                            "ショップ");
  return NULL;
}

/* A valid request for each route that names a tenant, in its body or, for
 * team routes, in its path ({team}: a team's uuid, {user}: a member's id,
 * {email}: an invited address, {tenant}: the tenant itself). */
static void
tenant_request (const MsServerRoute  *route,
                const char           *tenant,
                const char           *team,
                char                **path,
                char                **body)
{
  const char *user_id = g_str_has_prefix (tenant, "user:") ? tenant + 5 : tenant;
  g_autoptr(GString) p = g_string_new (route->path);

  g_string_replace (p, "{team}", team, 0);
  g_string_replace (p, "{user}", user_id, 0);
  g_string_replace (p, "{email}", "new%40example.jp", 0);
  g_string_replace (p, "{number}", "MS-2026-000001", 0);
  g_string_replace (p, "{key}", "no-such-key", 0);
  g_string_replace (p, "{tenant}", tenant, 0);
  *path = g_string_free (g_steal_pointer (&p), FALSE);
  if (g_str_has_suffix (route->path, "/invites"))
    *body = g_strdup ("{\"email\":\"new@example.jp\",\"role\":\"member\"}");
  else if (g_str_has_suffix (route->path, "/subscription"))
    *body = g_strdup ("{\"plan\":\"team_m\"}");
  else if (g_str_has_suffix (route->path, "/cancel") || g_str_has_suffix (route->path, "/resume"))
    *body = g_strdup ("{}");
  else if (g_str_has_suffix (route->path, "/api-keys"))
    *body = g_strdup ("{\"name\":\"key\"}");
  else
    *body = tenant_body (route->path, tenant);
}

static void
test_authorization_table (Fixture       *f,
                          gconstpointer  data)
{
  guint n_routes, n_auth = 0, n_tenant = 0;
  const MsServerRoute *routes = ms_server_get_routes (&n_routes);
  g_autofree char *before = dump_state (f->ts);

  for (guint i = 0; i < n_routes; i++)
    {
      const MsServerRoute *route = &routes[i];
      const char *body = g_str_equal (route->method, "POST") ? "{}" : NULL;

      g_test_message ("%s %s", route->method, route->path);

      if (route->auth)
        {
          g_autofree char *own = route->tenant ? tenant_body (route->path, f->tenant_a) : NULL;
          static const char * const bad_tokens[] = { NULL, "", "garbage" };

          for (guint t = 0; t < G_N_ELEMENTS (bad_tokens); t++)
            {
              g_autoptr(TestReply) reply = test_request (NULL, f->ts, route->method, route->path,
                                                         bad_tokens[t], own != NULL ? own : body);

              g_assert_cmpuint (reply->status, ==, 401);
              test_reply_error_code (reply);
            }
          n_auth++;
        }

      if (route->tenant)
        {
          g_autofree char *foreign = NULL;
          g_autofree char *foreign_path = NULL;
          g_autofree char *unknown = NULL;
          g_autofree char *unknown_path = NULL;
          g_autoptr(TestReply) reply = NULL;
          g_autoptr(TestReply) reply2 = NULL;

          tenant_request (route, f->tenant_b, f->team_b, &foreign_path, &foreign);
          tenant_request (route, "user:no-such-user", "no-such-team", &unknown_path, &unknown);
          /* Every tenant-scoped route must have a request here */
          g_assert_null (strchr (foreign_path, '{'));
          g_assert_true (foreign != NULL || !g_str_equal (route->method, "POST"));
          reply = test_request (NULL, f->ts, route->method, foreign_path, f->token_a, foreign);
          g_assert_cmpuint (reply->status, ==, 403);
          g_assert_cmpstr (test_reply_error_code (reply), ==, "forbidden_tenant");
          reply2 = test_request (NULL, f->ts, route->method, unknown_path, f->token_a, unknown);
          g_assert_cmpuint (reply2->status, ==, 403);
          n_tenant++;
        }
    }

  g_assert_cmpuint (n_auth, >=, 4);
  g_assert_cmpuint (n_tenant, ==, 22);
  {
    g_autofree char *after = dump_state (f->ts);
    g_assert_cmpstr (before, ==, after);
  }

  /* And the owner may: the same bodies with the own tenant work */
  {
    g_autofree char *push = tenant_body ("/v1/sync/push", f->tenant_a);
    g_autofree char *pull = tenant_body ("/v1/sync/pull", f->tenant_a);
    g_autoptr(TestReply) r1 = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->token_a,
                                            push);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "POST", "/v1/sync/pull", f->token_a,
                                            pull);

    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_cmpuint (r2->status, ==, 200);
  }
  {
    g_autofree char *members = g_strdup_printf ("/v1/teams/%s/members", f->team_a);
    g_autofree char *invites = g_strdup_printf ("/v1/teams/%s/invites", f->team_a);
    g_autoptr(TestReply) r1 = test_request (NULL, f->ts, "GET", members, f->token_a, NULL);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "POST", invites, f->token_a,
                                            "{\"email\":\"new@example.jp\"}");

    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_cmpuint (r2->status, ==, 201);
  }
}

static void
test_mixed_tenants_change_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *before = dump_state (f->ts);
  g_autofree char *args1 = test_history_save_args ("aaaaaaaa-0000-4000-8000-000000000001",
                                                   g_get_real_time ());
  g_autofree char *args2 = test_history_save_args ("aaaaaaaa-0000-4000-8000-000000000002",
                                                   g_get_real_time ());
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"c\",\"mutations\":["
                                           "{\"id\":1,\"name\":\"history.save\",\"tenant\":\"%s\","
                                           "\"args\":%s},"
                                           "{\"id\":2,\"name\":\"history.save\",\"tenant\":\"%s\","
                                           "\"args\":%s}]}",
                                           f->tenant_a, args1, f->tenant_b, args2);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->token_a,
                                             body);
  g_autofree char *after = NULL;

  g_assert_cmpuint (reply->status, ==, 403);
  after = dump_state (f->ts);
  g_assert_cmpstr (before, ==, after);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const struct
  {
    const char *path;
    const char *body;
  } cases[] = {
    { "/v1/auth/signup", "{\"email\": " },
    { "/v1/auth/signin", "not json" },
    { "/v1/auth/refresh", "[\"refresh_token\"]" },
    { "/v1/auth/refresh", "{\"refresh_token\": 42}" },
    { "/v1/sync/push", "{\"client_id\":\"c\",\"mutations\":[{\"id\":1," },
    { "/v1/sync/push", "{\"client_id\":\"c\",\"mutations\":{}}" },
    { "/v1/sync/push", "{\"client_id\":\"\",\"mutations\":[]}" },
    { "/v1/sync/push", "{\"client_id\":\"c\",\"mutations\":[1]}" },
    { "/v1/sync/push", "{\"client_id\":\"c\",\"mutations\":[{\"id\":1,\"name\":\"history.save\"}]}" },
    { "/v1/sync/pull", "{\"client_id\":\"c\"}" },
    { "/v1/sync/pull", "\xff\xfe{}" },
    { "/v1/sync/pull", "{\"client_id\":\"c\",\"tenant\":\"x\",\"limit\":\"all\"}" },
    /* a \u0000 escape would cut the string short in C: refused everywhere */
    { "/v1/auth/signin", "{\"email\":\"a@example.jp\",\"password\":\"" TEST_PASSWORD
                         "\\u0000tail\"}" },
    { "/v1/auth/signup", "{\"email\":\"z@example.jp\",\"password\":\"" TEST_PASSWORD
                         "\",\"name\":\"Z\\u0000\"}" },
    { "/v1/sync/pull", "{\"client_id\":\"c\\u0000d\",\"tenant\":\"x\"}" },
    /* nested deeper than any request needs */
    { "/v1/auth/signin", "{\"email\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]"
                         "]]]]]]]]]]]]]]]]]]]]]]]]}" },
  };
  g_autofree char *before = dump_state (f->ts);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestReply) reply = NULL;
      /* Some bodies are not UTF-8 on purpose; TAP output must be. */
      g_autofree char *shown = g_strescape (cases[i].body, NULL);

      g_test_message ("%s %s", cases[i].path, shown);
      reply = test_request (NULL, f->ts, "POST", cases[i].path, f->token_a, cases[i].body);
      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "malformed");
    }

  /* Ids that do not count up by one: the whole batch is refused */
  {
    g_autofree char *a1 = test_history_save_args ("bbbbbbbb-0000-4000-8000-000000000001",
                                                  g_get_real_time ());
    g_autofree char *a2 = test_history_save_args ("bbbbbbbb-0000-4000-8000-000000000002",
                                                  g_get_real_time ());
    g_autofree char *body = g_strdup_printf ("{\"client_id\":\"c\",\"mutations\":["
                                             "{\"id\":1,\"name\":\"history.save\",\"tenant\":\"%s\","
                                             "\"args\":%s},"
                                             "{\"id\":3,\"name\":\"history.save\",\"tenant\":\"%s\","
                                             "\"args\":%s}]}",
                                             f->tenant_a, a1, f->tenant_a, a2);
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/push",
                                               f->token_a, body);

    g_assert_cmpuint (reply->status, ==, 400);
  }

  after = dump_state (f->ts);
  g_assert_cmpstr (before, ==, after);
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *before = dump_state (f->ts);
  g_autofree char *after = NULL;
  g_autoptr(GString) big = g_string_new ("{\"email\":\"big@example.jp\",\"password\":\""
                                         TEST_PASSWORD "\",\"name\":\"");
  static const char * const paths[] = { "/v1/auth/signup", "/v1/sync/push", "/v1/sync/pull" };

  /* The tests' server takes 64 KiB */
  while (big->len < 100 * 1024)
    g_string_append (big, "あいうえお");
  g_string_append (big, "\"}");

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", paths[i], f->token_a,
                                                 big->str);
      JsonObject *error;

      g_assert_cmpuint (reply->status, ==, 413);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "too_large");
      error = json_object_get_object_member (test_reply_object (reply), "error");
      g_assert_cmpint (json_object_get_int_member (error, "max_bytes"), ==, 64 * 1024);
    }

  /* A body without Content-Length (chunked) */
  {
    g_autofree char *uri = g_strconcat (f->ts->base, "/v1/auth/signin", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{}", 2, NULL);
    g_autoptr(GBytes) response = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_set_request_body (msg, "application/json", stream, -1);
    response = soup_session_send_and_read (f->ts->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 411);
  }

  after = dump_state (f->ts);
  g_assert_cmpstr (before, ==, after);

  /* The connection state is fine afterwards */
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", "/v1/health", NULL, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TestReply) missing = test_request (NULL, f->ts, "GET", "/v1/nothing", NULL, NULL);
  g_autoptr(TestReply) method = test_request (NULL, f->ts, "DELETE", "/v1/me", f->token_a, NULL);
  g_autoptr(TestReply) get_push = test_request (NULL, f->ts, "GET", "/v1/sync/push", NULL, NULL);

  g_assert_cmpuint (missing->status, ==, 404);
  g_assert_cmpstr (test_reply_error_code (missing), ==, "not_found");
  g_assert_cmpuint (method->status, ==, 405);
  g_assert_cmpstr (test_reply_error_code (method), ==, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (method->headers, "Allow"), ==, "GET");
  g_assert_cmpuint (get_push->status, ==, 405);
}

static void
test_protocol (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"protocol\":2,\"client_id\":\"c\",\"tenant\":\"%s\"}",
                                           f->tenant_a);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/pull", f->token_a,
                                             body);

  g_assert_cmpuint (reply->status, ==, 422);
  g_assert_cmpstr (test_reply_error_code (reply), ==, "upgrade_required");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;
  ms_server_auth_init (NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/ms/server/http/authorization-table", test_authorization_table);
  ADD ("/ms/server/http/mixed-tenants", test_mixed_tenants_change_nothing);
  ADD ("/ms/server/http/malformed", test_malformed);
  ADD ("/ms/server/http/oversized", test_oversized);
  ADD ("/ms/server/http/not-found", test_not_found);
  ADD ("/ms/server/http/protocol", test_protocol);
#undef ADD

  return g_test_run ();
}
