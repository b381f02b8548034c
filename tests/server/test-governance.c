/* test-governance.c — team governance on the server: member stats and the team trend
 *
 * A seeded team on fixed dates (Asia/Tokyo months), through the real
 * routes: the owner, a new member and a second member save scorings in
 * their personal spaces; the stats route computes the figures the test
 * states by hand. Who may read what: owners every member, a member
 * themself, another team nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *owner, *owner_tenant;
  char       *new_member, *new_member_tenant;    /* "A" */
  char       *member, *member_tenant;            /* "B" */
  char       *outsider, *outsider_tenant;
  char       *team, *team_tenant;
  char       *other_team;
  gint64      client_ids;
} Fixture;

/* A time in Asia/Tokyo, as the server counts months. */
static gint64
jst (int year,
     int month,
     int day)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) time = g_date_time_new (zone, year, month, day, 12, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

/* Pushes one mutation as client @client_id (its next id); returns its status. */
static char *
push_one (Fixture    *f,
          const char *token,
          const char *client_id,
          const char *tenant,
          const char *name,
          const char *args,
          char      **code)
{
  static GHashTable *ids;
  g_autofree char *key = g_strconcat (token, "/", client_id, NULL);
  gint64 id;
  g_autofree char *body = NULL;
  g_autoptr(TestReply) reply = NULL;
  JsonObject *result;

  if (ids == NULL)
    ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  id = GPOINTER_TO_SIZE (g_hash_table_lookup (ids, key)) + 1;
  g_hash_table_insert (ids, g_strdup (key), GSIZE_TO_POINTER ((gsize) id));

  body = g_strdup_printf ("{\"client_id\":\"%s\",\"mutations\":[{\"id\":%" G_GINT64_FORMAT
                          ",\"name\":\"%s\",\"tenant\":\"%s\",\"args\":%s}]}",
                          client_id, id, name, tenant, args);
  reply = test_request (NULL, f->ts, "POST", "/v1/sync/push", token, body);
  g_assert_cmpuint (reply->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (test_reply_object (reply),
                                                                        "results"), 0);
  if (code != NULL)
    *code = json_object_has_member (result, "error")
            ? g_strdup (json_object_get_string_member (json_object_get_object_member (result,
                                                                                      "error"),
                                                       "code"))
            : NULL;
  return g_strdup (json_object_get_string_member (result, "status"));
}

static void
push_applied (Fixture    *f,
              const char *token,
              const char *tenant,
              const char *name,
              const char *args)
{
  g_autofree char *code = NULL;
  g_autofree char *status = push_one (f, token, "test-client", tenant, name, args, &code);

  if (!g_str_equal (status, "applied"))
    g_error ("%s was %s (%s)", name, status, code);
}

/* A saved scoring of @total with the segment's @goal. */
static void
save_scoring (Fixture    *f,
              const char *token,
              const char *tenant,
              gint64      created_at,
              int         total,
              const char *goal,
              char      **id)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *args = g_strdup_printf (
    "{\"id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ",\"channel\":\"email\","
    "\"subject\":\"件名\",\"preheader\":\"\",\"body\":\"本文\","
    "\"input_json\":\"{\\\"schema\\\":1,\\\"channel\\\":\\\"email\\\","
    "\\\"segment\\\":{\\\"goal\\\":\\\"%s\\\"}}\","
    "\"result_json\":\"{\\\"schema\\\":1}\",\"engine\":\"1.0\",\"total\":%d}",
    uuid, created_at, goal, total);

  push_applied (f, token, tenant, "history.save", args);
  if (id != NULL)
    *id = g_steal_pointer (&uuid);
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
  const char *plan = data != NULL ? data : "team_s";
  g_autofree char *deleted = NULL;

  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", &f->owner_tenant, NULL);
  f->new_member = test_signup (f->ts, "new@example.jp", &f->new_member_tenant, NULL);
  f->member = test_signup (f->ts, "member@example.jp", &f->member_tenant, NULL);
  f->outsider = test_signup (f->ts, "outsider@example.jp", &f->outsider_tenant, NULL);
  /* Pro: no daily limit on saved scorings. */
  test_set_plan (f->ts, "owner@example.jp", "pro");
  test_set_plan (f->ts, "new@example.jp", "pro");
  test_set_plan (f->ts, "member@example.jp", "pro");

  /* B saved a scoring in May, before the team existed: it stays B's alone. */
  test_server_set_now (f->ts, jst (2025, 5, 20));
  save_scoring (f, f->member, f->member_tenant, jst (2025, 5, 20), 10, "event", NULL);

  /* The team starts in June with a minimum score of 70. */
  test_server_set_now (f->ts, jst (2025, 6, 2));
  f->team = test_create_team (f->ts, f->owner, plan);
  f->team_tenant = g_strconcat ("team:", f->team, NULL);
  f->other_team = test_create_team (f->ts, f->outsider, plan);
  join (f, "new@example.jp", f->new_member);
  join (f, "member@example.jp", f->member);
  push_applied (f, f->owner, f->team_tenant, "team_rules.set_field",
                "{\"field\":\"min_score\",\"value\":70}");

  /* The months of the window (now: 20 November 2025). */
  test_server_set_now (f->ts, jst (2025, 11, 20));
  save_scoring (f, f->member, f->member_tenant, jst (2025, 9, 10), 60, "read", NULL);
  save_scoring (f, f->owner, f->owner_tenant, jst (2025, 10, 1), 80, "purchase", NULL);
  save_scoring (f, f->owner, f->owner_tenant, jst (2025, 10, 31), 90, "purchase", NULL);
  save_scoring (f, f->new_member, f->new_member_tenant, jst (2025, 10, 15), 57, "signup", NULL);
  save_scoring (f, f->owner, f->owner_tenant, jst (2025, 11, 1), 85, "purchase", NULL);
  save_scoring (f, f->new_member, f->new_member_tenant, jst (2025, 11, 12), 78, "signup", NULL);
  save_scoring (f, f->new_member, f->new_member_tenant, jst (2025, 11, 13), 66, "purchase",
                NULL);
  save_scoring (f, f->member, f->member_tenant, jst (2025, 11, 14), 72, "read", NULL);
  /* A deleted scoring counts nowhere. */
  save_scoring (f, f->member, f->member_tenant, jst (2025, 11, 15), 40, "read", &deleted);
  {
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"deleted_at\":%" G_GINT64_FORMAT "}",
                                             deleted, jst (2025, 11, 16));

    push_applied (f, f->member, f->member_tenant, "history.delete", args);
  }
  /* The outsider's own team has scorings too; they never show in ours. */
  save_scoring (f, f->outsider, f->outsider_tenant, jst (2025, 11, 3), 99, "visit", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->owner_tenant);
  g_free (f->new_member);
  g_free (f->new_member_tenant);
  g_free (f->member);
  g_free (f->member_tenant);
  g_free (f->outsider);
  g_free (f->outsider_tenant);
  g_free (f->team);
  g_free (f->team_tenant);
  g_free (f->other_team);
  test_server_stop (f->ts);
}

static TestReply *
get_stats (Fixture    *f,
           const char *token,
           const char *team)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/stats", team);

  return test_request (NULL, f->ts, "GET", path, token, NULL);
}

static JsonObject *
month (JsonObject *series,
       guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (series, "months"), index);
}

static void
assert_month (JsonObject *series,
              guint       index,
              gint64      scorings,
              double      average,
              double      below_min,
              const char *top_goal)
{
  JsonObject *m = month (series, index);

  g_assert_cmpint (json_object_get_int_member (m, "scorings"), ==, scorings);
  if (isnan (average))
    {
      g_assert_true (json_object_get_null_member (m, "average"));
      g_assert_true (json_object_get_null_member (m, "below_min"));
      g_assert_true (json_object_get_null_member (m, "top_goal"));
      return;
    }
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (m, "average"), average, 1e-9);
  if (isnan (below_min))
    g_assert_true (json_object_get_null_member (m, "below_min"));
  else
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (m, "below_min"), below_min,
                                    1e-9);
  g_assert_cmpstr (json_object_get_string_member (m, "top_goal"), ==, top_goal);
}

static JsonObject *
find_member (JsonObject *stats,
             const char *tenant)
{
  JsonArray *members = json_object_get_array_member (stats, "members");

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);

      if (g_str_equal (tenant + strlen ("user:"), json_object_get_string_member (m, "user_id")))
        return m;
    }
  return NULL;
}

/* The owner's figures, checked number by number. */
static void
test_stats_owner (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TestReply) reply = get_stats (f, f->owner, f->team);
  JsonObject *stats, *team, *a, *b, *owner, *since;
  JsonArray *months;

  g_assert_cmpuint (reply->status, ==, 200);
  stats = test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (stats, "min_score"), ==, 70);
  g_assert_true (json_object_get_boolean_member (stats, "sees_all"));
  g_assert_cmpint (json_object_get_int_member (stats, "computed_at"), ==, jst (2025, 11, 20));

  /* Twelve months, December 2024 to November 2025 */
  months = json_object_get_array_member (stats, "months");
  g_assert_cmpuint (json_array_get_length (months), ==, 12);
  g_assert_cmpstr (json_array_get_string_element (months, 0), ==, "2024-12");
  g_assert_cmpstr (json_array_get_string_element (months, 11), ==, "2025-11");

  /* The team: September 60; October 80, 90, 57; November 85, 78, 66, 72. */
  team = json_object_get_object_member (stats, "team");
  assert_month (team, 5, 0, NAN, NAN, NULL);          /* May: before the team */
  assert_month (team, 9, 1, 60, 1.0, "read");
  assert_month (team, 10, 3, 227.0 / 3, 1.0 / 3, "purchase");
  assert_month (team, 11, 4, 75.25, 0.25, "purchase");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (team, "average_change"),
                                  75.25 - 227.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (team, "below_min_change"),
                                  0.25 - 1.0 / 3, 1e-9);
  since = json_object_get_object_member (stats, "since_start");
  g_assert_cmpstr (json_object_get_string_member (since, "first"), ==, "2025-09");
  g_assert_cmpstr (json_object_get_string_member (since, "last"), ==, "2025-11");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (since, "change"), 15.25, 1e-9);

  /* Every member, each apart */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stats, "members")), ==,
                    3);
  a = find_member (stats, f->new_member_tenant);
  g_assert_nonnull (a);
  g_assert_cmpstr (json_object_get_string_member (a, "role"), ==, "member");
  assert_month (a, 10, 1, 57, 1.0, "signup");
  assert_month (a, 11, 2, 72, 0.5, "purchase");   /* a tie: the goal listed first */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "average_change"), 15,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "below_min_change"), -0.5,
                                  1e-9);
  b = find_member (stats, f->member_tenant);
  assert_month (b, 9, 1, 60, 1.0, "read");
  assert_month (b, 10, 0, NAN, NAN, NULL);
  assert_month (b, 11, 1, 72, 0.0, "read");        /* the deleted 40 does not count */
  g_assert_true (json_object_get_null_member (b, "average_change"));
  owner = find_member (stats, f->owner_tenant);
  g_assert_cmpstr (json_object_get_string_member (owner, "role"), ==, "owner");
  assert_month (owner, 10, 2, 85, 0.0, "purchase");
  assert_month (owner, 11, 1, 85, 0.0, "purchase");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (owner, "average_change"), 0,
                                  1e-9);

  /* No message text in the answer */
  g_assert_null (strstr (reply->body, "件名"));
  g_assert_null (strstr (reply->body, "本文"));
}

/* A member sees the team and themself; not another member. */
static void
test_stats_member (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TestReply) reply = get_stats (f, f->new_member, f->team);
  JsonObject *stats;
  JsonArray *members;

  g_assert_cmpuint (reply->status, ==, 200);
  stats = test_reply_object (reply);
  g_assert_false (json_object_get_boolean_member (stats, "sees_all"));
  members = json_object_get_array_member (stats, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 1);
  g_assert_nonnull (find_member (stats, f->new_member_tenant));
  g_assert_null (find_member (stats, f->member_tenant));
  g_assert_null (find_member (stats, f->owner_tenant));
  /* … against the whole team's figures */
  assert_month (json_object_get_object_member (stats, "team"), 11, 4, 75.25, 0.25, "purchase");
  g_assert_null (strstr (reply->body, "member@example.jp"));
  g_assert_null (strstr (reply->body, f->member_tenant + strlen ("user:")));
}

/* Another team, an unknown team and no sign-in see nothing. */
static void
test_stats_authorization (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TestReply) outsider = get_stats (f, f->outsider, f->team);
  g_autoptr(TestReply) unknown = get_stats (f, f->owner, "no-such-team");
  g_autoptr(TestReply) anonymous = get_stats (f, NULL, f->team);
  g_autoptr(TestReply) own = get_stats (f, f->outsider, f->other_team);
  g_autoptr(TestReply) cross = get_stats (f, f->owner, f->other_team);
  JsonObject *team;

  g_assert_cmpuint (outsider->status, ==, 403);
  g_assert_cmpstr (test_reply_error_code (outsider), ==, "forbidden_tenant");
  g_assert_null (strstr (outsider->body, "months"));
  g_assert_cmpuint (unknown->status, ==, 403);
  g_assert_cmpstr (test_reply_error_code (unknown), ==, "forbidden_tenant");
  g_assert_cmpuint (anonymous->status, ==, 401);
  g_assert_cmpuint (cross->status, ==, 403);

  /* The outsider's own team: their 99 is there, and nothing of ours. */
  g_assert_cmpuint (own->status, ==, 200);
  team = json_object_get_object_member (test_reply_object (own), "team");
  assert_month (team, 11, 1, 99, NAN, "visit");
}

/* A member who leaves no longer counts; their scorings stay theirs. */
static void
test_stats_after_leaving (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/members/%s", f->team,
                                           f->member_tenant + strlen ("user:"));
  g_autoptr(TestReply) left = test_request (NULL, f->ts, "DELETE", path, f->member, NULL);
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(TestReply) gone = NULL;
  JsonObject *team;

  g_assert_cmpuint (left->status, ==, 200);
  reply = get_stats (f, f->owner, f->team);
  g_assert_cmpuint (reply->status, ==, 200);
  team = json_object_get_object_member (test_reply_object (reply), "team");
  assert_month (team, 9, 0, NAN, NAN, NULL);
  assert_month (team, 11, 3, (85 + 78 + 66) / 3.0, 1.0 / 3, "purchase");
  g_assert_null (find_member (test_reply_object (reply), f->member_tenant));
  gone = get_stats (f, f->member, f->team);
  g_assert_cmpuint (gone->status, ==, 403);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "UTC", TRUE);

#define ADD(path, plan, func) g_test_add (path, Fixture, plan, setup, func, teardown)
  ADD ("/ms/server/governance/stats/owner", NULL, test_stats_owner);
  ADD ("/ms/server/governance/stats/member", NULL, test_stats_member);
  ADD ("/ms/server/governance/stats/authorization", NULL, test_stats_authorization);
  ADD ("/ms/server/governance/stats/after-leaving", NULL, test_stats_after_leaving);
#undef ADD

  return g_test_run ();
}
