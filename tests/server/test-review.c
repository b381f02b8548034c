/* test-review.c — shared scorings and fix requests (修正依頼) on the server
 *
 * Through the real push and pull routes, on both backends: a new member
 * shares a 57-point scoring, an owner asks for a fix, the member shares
 * the fixed 78-point version and answers, the owner closes the request.
 * Who may do what (owners ask and close, only the asked member answers,
 * nobody acts in another's name, another team sees nothing), and the plan
 * gate (fix_requests: Team and Team Pro).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *owner, *owner_id;
  char       *member, *member_id;     /* "A", asked for the fix */
  char       *other, *other_id;       /* "B", another member */
  char       *outsider, *outsider_id;
  char       *team, *team_tenant;
  char       *other_team_tenant;
} Fixture;

static char *
user_id (const char *tenant)
{
  g_assert_true (g_str_has_prefix (tenant, "user:"));
  return g_strdup (tenant + strlen ("user:"));
}

/* Pushes one mutation as @token's next; returns its status and error code. */
static char *
push_one (Fixture    *f,
          const char *token,
          const char *tenant,
          const char *name,
          const char *args,
          char      **code)
{
  static GHashTable *ids;
  gint64 id;
  g_autofree char *body = NULL;
  g_autoptr(TestReply) reply = NULL;
  JsonObject *result;

  if (ids == NULL)
    ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  id = GPOINTER_TO_SIZE (g_hash_table_lookup (ids, token)) + 1;
  g_hash_table_insert (ids, g_strdup (token), GSIZE_TO_POINTER ((gsize) id));

  body = g_strdup_printf ("{\"client_id\":\"review\",\"mutations\":[{\"id\":%" G_GINT64_FORMAT
                          ",\"name\":\"%s\",\"tenant\":\"%s\",\"args\":%s}]}",
                          id, name, tenant, args);
  reply = test_request (NULL, f->ts, "POST", "/v1/sync/push", token, body);
  if (reply->status == 403)
    {
      /* The whole push was refused; the next one starts at the same id. */
      g_hash_table_insert (ids, g_strdup (token), GSIZE_TO_POINTER ((gsize) id - 1));
      *code = g_strdup (test_reply_error_code (reply));
      return g_strdup ("forbidden");
    }
  g_assert_cmpuint (reply->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (test_reply_object (reply),
                                                                        "results"), 0);
  *code = json_object_has_member (result, "error")
          ? g_strdup (json_object_get_string_member (json_object_get_object_member (result,
                                                                                    "error"),
                                                     "code"))
          : NULL;
  return g_strdup (json_object_get_string_member (result, "status"));
}

static void
assert_push (Fixture    *f,
             const char *token,
             const char *tenant,
             const char *name,
             const char *args,
             const char *expected)
{
  g_autofree char *code = NULL;
  g_autofree char *status = push_one (f, token, tenant, name, args, &code);

  if (g_strcmp0 (expected, "applied") == 0)
    {
      if (!g_str_equal (status, "applied"))
        g_error ("%s was %s (%s)", name, status, code);
      return;
    }
  if (g_strcmp0 (code, expected) != 0)
    g_error ("%s %s: expected %s, got %s (%s)", name, args, expected, status, code);
}

static char *
share_args (const char *id,
            const char *shared_by,
            int         total,
            const char *previous_id)
{
  g_autofree char *history_id = g_uuid_string_random ();
  g_autofree char *previous = previous_id != NULL
                              ? g_strdup_printf (",\"previous_id\":\"%s\"", previous_id)
                              : g_strdup ("");

  return g_strdup_printf ("{\"id\":\"%s\",\"history_id\":\"%s\",\"shared_by\":\"%s\","
                          "\"channel\":\"email\",\"subject\":\"【新作】春のセール %d\","
                          "\"preheader\":\"\",\"body\":\"本文\",\"total\":%d%s}",
                          id, history_id, shared_by, total, total, previous);
}

static char *
create_args (const char *id,
             const char *scoring_id,
             const char *requested_by,
             const char *comment)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"scoring_id\":\"%s\",\"requested_by\":\"%s\","
                          "\"comment\":\"%s\"}", id, scoring_id, requested_by, comment);
}

static char *
answer_args (const char *id,
             const char *fixed_id)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"fixed_scoring_id\":\"%s\","
                          "\"answer\":\"  直しました  \"}", id, fixed_id);
}

static char *
id_args (const char *id)
{
  return g_strdup_printf ("{\"id\":\"%s\"}", id);
}

/* The live rows of @entity in @tenant: id → row (a new reference). */
static GHashTable *
pull_live (Fixture    *f,
           const char *token,
           const char *tenant,
           const char *entity)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"pull\",\"tenant\":\"%s\","
                                           "\"limit\":1000}", tenant);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/pull", token, body);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  JsonArray *ops;

  g_assert_cmpuint (reply->status, ==, 200);
  ops = json_object_get_array_member (test_reply_object (reply), "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);

      if (!g_str_equal (json_object_get_string_member (op, "entity"), entity))
        continue;
      if (g_str_equal (json_object_get_string_member (op, "op"), "put"))
        g_hash_table_insert (rows, g_strdup (json_object_get_string_member (op, "id")),
                             json_object_ref (json_object_get_object_member (op, "row")));
      else
        g_hash_table_remove (rows, json_object_get_string_member (op, "id"));
    }
  return rows;
}

static void
join (Fixture    *f,
      const char *email,
      const char *token)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"member\"}", email);
  g_autoptr(TestReply) invite = test_request (NULL, f->ts, "POST", path, f->owner, body);
  g_autofree char *accept = NULL;
  g_autoptr(TestReply) accepted = NULL;

  g_assert_cmpuint (invite->status, ==, 201);
  accept = g_strdup_printf ("{\"token\":\"%s\"}",
                            json_object_get_string_member (test_reply_object (invite), "token"));
  accepted = test_request (NULL, f->ts, "POST", "/v1/invites/accept", token, accept);
  g_assert_cmpuint (accepted->status, ==, 200);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *owner_tenant = NULL, *member_tenant = NULL, *other_tenant = NULL;
  g_autofree char *outsider_tenant = NULL, *other_team = NULL;

  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", &owner_tenant, NULL);
  f->member = test_signup (f->ts, "new@example.jp", &member_tenant, NULL);
  f->other = test_signup (f->ts, "member@example.jp", &other_tenant, NULL);
  f->outsider = test_signup (f->ts, "outsider@example.jp", &outsider_tenant, NULL);
  f->owner_id = user_id (owner_tenant);
  f->member_id = user_id (member_tenant);
  f->other_id = user_id (other_tenant);
  f->outsider_id = user_id (outsider_tenant);
  f->team = test_create_team (f->ts, f->owner, "team_s");
  f->team_tenant = g_strconcat ("team:", f->team, NULL);
  other_team = test_create_team (f->ts, f->outsider, "team_s");
  f->other_team_tenant = g_strconcat ("team:", other_team, NULL);
  join (f, "new@example.jp", f->member);
  join (f, "member@example.jp", f->other);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->owner_id);
  g_free (f->member);
  g_free (f->member_id);
  g_free (f->other);
  g_free (f->other_id);
  g_free (f->outsider);
  g_free (f->outsider_id);
  g_free (f->team);
  g_free (f->team_tenant);
  g_free (f->other_team_tenant);
  test_server_stop (f->ts);
}

/* ------------------------------------------------------------------------ */

/* The product plan's week: 57 points, a fix request, 78 points, closed. */
static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *first = g_uuid_string_random ();
  g_autofree char *fixed = g_uuid_string_random ();
  g_autofree char *request = g_uuid_string_random ();
  g_autofree char *args = NULL;
  g_autoptr(GHashTable) requests = NULL;
  g_autoptr(GHashTable) scorings = NULL;
  JsonObject *row;
  gint64 answered_at;

  args = share_args (first, f->member_id, 57, NULL);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
  /* The same share again (a retry) changes nothing. */
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
  g_free (args);
  args = create_args (request, first, f->owner_id, "  件名に数字を入れてください  ");
  assert_push (f, f->owner, f->team_tenant, "fix_request.create", args, "applied");

  /* The member sees the request with its comment, trimmed, addressed to them. */
  requests = pull_live (f, f->member, f->team_tenant, "fix_request");
  g_assert_cmpuint (g_hash_table_size (requests), ==, 1);
  row = g_hash_table_lookup (requests, request);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (row, "comment"), ==, "件名に数字を入れてください");
  g_assert_cmpstr (json_object_get_string_member (row, "member"), ==, f->member_id);
  g_assert_cmpstr (json_object_get_string_member (row, "requested_by"), ==, f->owner_id);
  g_assert_true (json_object_get_null_member (row, "answered_at"));
  g_clear_pointer (&requests, g_hash_table_unref);

  g_free (args);
  args = share_args (fixed, f->member_id, 78, first);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
  g_free (args);
  args = answer_args (request, fixed);
  assert_push (f, f->member, f->team_tenant, "fix_request.answer", args, "applied");
  assert_push (f, f->member, f->team_tenant, "fix_request.answer", args, "applied");

  requests = pull_live (f, f->owner, f->team_tenant, "fix_request");
  row = g_hash_table_lookup (requests, request);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "fixed");
  g_assert_cmpstr (json_object_get_string_member (row, "fixed_scoring_id"), ==, fixed);
  g_assert_cmpstr (json_object_get_string_member (row, "answer"), ==, "直しました");
  answered_at = json_object_get_int_member (row, "answered_at");
  g_assert_cmpint (answered_at, >=, json_object_get_int_member (row, "created_at"));
  g_clear_pointer (&requests, g_hash_table_unref);

  /* The new version links to the old, with its own score. */
  scorings = pull_live (f, f->owner, f->team_tenant, "shared_scoring");
  g_assert_cmpuint (g_hash_table_size (scorings), ==, 2);
  row = g_hash_table_lookup (scorings, fixed);
  g_assert_cmpstr (json_object_get_string_member (row, "previous_id"), ==, first);
  g_assert_cmpint (json_object_get_int_member (row, "total"), ==, 78);
  g_assert_cmpstr (json_object_get_string_member (row, "shared_by"), ==, f->member_id);
  g_assert_cmpint (json_object_get_int_member (g_hash_table_lookup (scorings, first), "total"), ==,
                   57);

  g_free (args);
  args = id_args (request);
  assert_push (f, f->owner, f->team_tenant, "fix_request.close", args, "applied");
  requests = pull_live (f, f->other, f->team_tenant, "fix_request");
  row = g_hash_table_lookup (requests, request);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "closed");
  /* The history stays: who asked, when it was answered, when it was closed. */
  g_assert_cmpint (json_object_get_int_member (row, "answered_at"), ==, answered_at);
  g_assert_cmpint (json_object_get_int_member (row, "closed_at"), >=, answered_at);
  g_assert_cmpstr (json_object_get_string_member (row, "requested_by"), ==, f->owner_id);

  /* A closed request takes no answer. */
  g_free (args);
  args = answer_args (request, fixed);
  assert_push (f, f->member, f->team_tenant, "fix_request.answer", args, "conflict");
}

/* Every mutation against every role, and another team. */
static void
test_authorization (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *first = g_uuid_string_random ();
  g_autofree char *others = g_uuid_string_random ();
  g_autofree char *fixed = g_uuid_string_random ();
  g_autofree char *request = g_uuid_string_random ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *args = NULL;
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(TestReply) pulled = NULL;
  g_autofree char *pull_body = NULL;
  g_autofree char *personal = NULL;

  args = share_args (first, f->member_id, 57, NULL);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
  g_free (args);
  /* Nobody shares in another's name; the outsider not at all. */
  args = share_args (id, f->member_id, 40, NULL);
  assert_push (f, f->other, f->team_tenant, "shared_scoring.share", args, "forbidden_role");
  assert_push (f, f->outsider, f->team_tenant, "shared_scoring.share", args, "forbidden_tenant");
  /* … nor in a personal space. */
  personal = g_strconcat ("user:", f->member_id, NULL);
  assert_push (f, f->member, personal, "shared_scoring.share", args, "invalid_args");
  g_free (args);
  /* Only who shared a scoring shares its fixed version. */
  args = share_args (others, f->other_id, 90, first);
  assert_push (f, f->other, f->team_tenant, "shared_scoring.share", args, "forbidden_role");
  g_free (args);
  args = share_args (id, f->member_id, 90, "no-such-scoring");
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "not_found");

  /* Members do not ask for fixes; owners ask in their own name only. */
  g_free (args);
  args = create_args (request, first, f->other_id, "直して");
  assert_push (f, f->other, f->team_tenant, "fix_request.create", args, "forbidden_role");
  g_free (args);
  args = create_args (request, first, f->other_id, "直して");
  assert_push (f, f->owner, f->team_tenant, "fix_request.create", args, "forbidden_role");
  g_free (args);
  args = create_args (request, "no-such-scoring", f->owner_id, "直して");
  assert_push (f, f->owner, f->team_tenant, "fix_request.create", args, "not_found");
  g_free (args);
  args = create_args (request, first, f->owner_id, "   ");
  assert_push (f, f->owner, f->team_tenant, "fix_request.create", args, "invalid_args");
  g_free (args);
  args = create_args (request, first, f->owner_id, "直して");
  assert_push (f, f->outsider, f->team_tenant, "fix_request.create", args, "forbidden_tenant");
  assert_push (f, f->owner, f->team_tenant, "fix_request.create", args, "applied");

  /* Only the asked member answers, with a new version of that scoring. */
  g_free (args);
  args = share_args (others, f->other_id, 90, NULL);
  assert_push (f, f->other, f->team_tenant, "shared_scoring.share", args, "applied");
  g_free (args);
  args = answer_args (request, others);
  assert_push (f, f->other, f->team_tenant, "fix_request.answer", args, "forbidden_role");
  assert_push (f, f->owner, f->team_tenant, "fix_request.answer", args, "forbidden_role");
  assert_push (f, f->member, f->team_tenant, "fix_request.answer", args, "invalid_args");
  g_free (args);
  args = share_args (fixed, f->member_id, 78, first);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
  g_free (args);
  args = answer_args (request, fixed);
  assert_push (f, f->member, f->team_tenant, "fix_request.answer", args, "applied");

  /* Members do not close; owners do. */
  g_free (args);
  args = id_args (request);
  assert_push (f, f->member, f->team_tenant, "fix_request.close", args, "forbidden_role");
  assert_push (f, f->outsider, f->team_tenant, "fix_request.close", args, "forbidden_tenant");
  assert_push (f, f->outsider, f->other_team_tenant, "fix_request.close", args, "not_found");
  rows = pull_live (f, f->owner, f->team_tenant, "fix_request");
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (rows, request), "status"),
                   ==, "fixed");

  /* Another team pulls nothing of ours. */
  pull_body = g_strdup_printf ("{\"client_id\":\"pull\",\"tenant\":\"%s\",\"limit\":1000}",
                               f->team_tenant);
  pulled = test_request (NULL, f->ts, "POST", "/v1/sync/pull", f->outsider, pull_body);
  g_assert_cmpuint (pulled->status, ==, 403);
  g_assert_null (strstr (pulled->body, "春のセール"));
  g_clear_pointer (&rows, g_hash_table_unref);
  rows = pull_live (f, f->outsider, f->other_team_tenant, "shared_scoring");
  g_assert_cmpuint (g_hash_table_size (rows), ==, 0);
}

/* fix_requests is a Team feature: a team without it is refused. */
static void
test_plan_gate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *args = share_args (id, f->member_id, 57, NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE team SET plan = 'pro' WHERE tenant = '%s'",
                                          f->team_tenant);
  g_autoptr(GHashTable) rows = NULL;

  test_db_exec (f->ts, sql);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "upgrade_needed");
  rows = pull_live (f, f->owner, f->team_tenant, "shared_scoring");
  g_assert_cmpuint (g_hash_table_size (rows), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE team SET plan = 'team_pro_s' WHERE tenant = '%s'",
                         f->team_tenant);
  test_db_exec (f->ts, sql);
  assert_push (f, f->member, f->team_tenant, "shared_scoring.share", args, "applied");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/ms/server/review/fix-request/flow", test_flow);
  ADD ("/ms/server/review/fix-request/authorization", test_authorization);
  ADD ("/ms/server/review/fix-request/plan-gate", test_plan_gate);
#undef ADD

  return g_test_run ();
}
