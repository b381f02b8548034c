/* test-teams.c — teams as sync tenants: invites, seats, roles, shared data, plans
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "ms-server-backends.h"
#include "ms-server-sqlite.h"
#include "ms-test-db.h"
#include "sync/ms-mutation.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *owner;        /* access tokens */
  char       *owner_tenant;
  char       *team;         /* uuid */
  char       *team_tenant;  /* "team:<uuid>" */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", &f->owner_tenant, NULL);
  f->team = test_create_team (f->ts, f->owner, data != NULL ? data : "team_s");
  f->team_tenant = g_strconcat ("team:", f->team, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->owner_tenant);
  g_free (f->team);
  g_free (f->team_tenant);
  test_server_stop (f->ts);
}

/* An invite token for @email, made by the holder of @token. */
static char *
invite (Fixture    *f,
        const char *token,
        const char *team,
        const char *email,
        const char *role)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites", team);
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"%s\"}", email, role);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", path, token, body);

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (test_reply_object (reply), "expires_at"), >,
                   g_get_real_time () + 6 * G_TIME_SPAN_DAY);
  return g_strdup (json_object_get_string_member (test_reply_object (reply), "token"));
}

static TestReply *
accept_invite (TestServer  *ts,
               SoupSession *session,
               const char  *token,
               const char  *invite_token)
{
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\"}", invite_token);

  return test_request (session, ts, "POST", "/v1/invites/accept", token, body);
}

/* Signs @email up and makes them a member (or owner) of the fixture's team. */
static char *
join (Fixture    *f,
      const char *email,
      const char *role,
      char      **tenant)
{
  g_autofree char *token = test_signup (f->ts, email, tenant, NULL);
  g_autofree char *code = invite (f, f->owner, f->team, email, role);
  g_autoptr(TestReply) reply = accept_invite (f->ts, NULL, token, code);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_steal_pointer (&token);
}

/* Pushes one mutation; returns its result object (owned by @out_reply). */
static JsonObject *
push (Fixture     *f,
      const char  *token,
      const char  *client_id,
      gint64       id,
      const char  *tenant,
      const char  *name,
      const char  *args,
      TestReply  **out_reply)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"mutations\":[{\"id\":%"
                                           G_GINT64_FORMAT ",\"name\":\"%s\",\"tenant\":\"%s\","
                                           "\"args\":%s}]}", client_id, id, name, tenant, args);
  TestReply *reply = test_request (NULL, f->ts, "POST", "/v1/sync/push", token, body);
  JsonArray *results;

  g_assert_cmpuint (reply->status, ==, 200);
  results = json_object_get_array_member (test_reply_object (reply), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  *out_reply = reply;
  return json_array_get_object_element (results, 0);
}

static const char *
push_status (Fixture    *f,
             const char *token,
             const char *client_id,
             gint64      id,
             const char *tenant,
             const char *name,
             const char *args,
             char      **code)
{
  g_autoptr(TestReply) reply = NULL;
  JsonObject *result = push (f, token, client_id, id, tenant, name, args, &reply);
  const char *status = json_object_get_string_member (result, "status");

  if (code != NULL)
    *code = json_object_has_member (result, "error")
            ? g_strdup (json_object_get_string_member (json_object_get_object_member (result,
                                                                                      "error"),
                                                       "code"))
            : NULL;
  /* Static strings, so the reply can go */
  if (g_str_equal (status, "applied"))
    return "applied";
  if (g_str_equal (status, "rejected"))
    return "rejected";
  return "duplicate";
}

static TestReply *
pull (Fixture    *f,
      const char *token,
      const char *tenant)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"pull\",\"tenant\":\"%s\","
                                           "\"limit\":1000}", tenant);

  return test_request (NULL, f->ts, "POST", "/v1/sync/pull", token, body);
}

/* The live rows of @entity in @tenant: id → row (a new reference). */
static GHashTable *
pull_live (Fixture    *f,
           const char *token,
           const char *tenant,
           const char *entity)
{
  g_autoptr(TestReply) reply = pull (f, token, tenant);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  JsonArray *ops;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (test_reply_object (reply), "has_more"));
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

/* ------------------------------------------------------------------------ */

static void
test_create_and_list (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", "/v1/teams", f->owner, NULL);
  g_autofree char *members_path = g_strdup_printf ("/v1/teams/%s/members", f->team);
  g_autoptr(TestReply) members = NULL;
  g_autoptr(TestReply) bad = NULL;
  g_autofree char *code = invite (f, f->owner, f->team, "Later@Example.jp", "member");
  JsonObject *team;

  g_assert_cmpuint (list->status, ==, 200);
  team = json_array_get_object_element (json_object_get_array_member (test_reply_object (list),
                                                                      "teams"), 0);
  g_assert_cmpstr (json_object_get_string_member (team, "id"), ==, f->team);
  g_assert_cmpstr (json_object_get_string_member (team, "tenant"), ==, f->team_tenant);
  g_assert_cmpstr (json_object_get_string_member (team, "role"), ==, "owner");
  g_assert_cmpstr (json_object_get_string_member (team, "plan"), ==, "team_s");
  g_assert_cmpint (json_object_get_int_member (team, "seats_used"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (team, "seats_limit"), ==, 5);

  members = test_request (NULL, f->ts, "GET", members_path, f->owner, NULL);
  g_assert_cmpuint (members->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      test_reply_object (members), "members")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (test_reply_object (members), "invites"), 0),
                     "email"), ==, "later@example.jp");

  bad = test_request (NULL, f->ts, "POST", "/v1/teams", f->owner,
                      "{\"name\":\"x\",\"plan\":\"pro\"}");
  g_assert_cmpuint (bad->status, ==, 400);

  /* The tenant starts with its rules row and its owner's member row */
  {
    g_autoptr(GHashTable) rules = pull_live (f, f->owner, f->team_tenant, "team_rules");
    g_autoptr(GHashTable) rows = pull_live (f, f->owner, f->team_tenant, "team_member");

    g_assert_cmpuint (g_hash_table_size (rules), ==, 1);
    g_assert_cmpuint (g_hash_table_size (rows), ==, 1);
  }
}

static void
test_member_push_forbidden (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *member = join (f, "member@example.jp", "member", NULL);
  g_autofree char *code = NULL;
  g_autofree char *invite_path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  g_autoptr(GHashTable) before = pull_live (f, f->owner, f->team_tenant, "team_rules");
  g_autoptr(GHashTable) after = NULL;
  gint64 before_version = json_object_get_int_member (g_hash_table_lookup (before, "rules"),
                                                      "version");

  g_assert_cmpstr (push_status (f, member, "m1", 1, f->team_tenant, "team_rules.set_field",
                                "{\"field\":\"min_score\",\"value\":80}", &code), ==,
                   "rejected");
  g_assert_cmpstr (code, ==, "forbidden_role");
  g_clear_pointer (&code, g_free);
  g_assert_cmpstr (push_status (f, member, "m1", 2, f->team_tenant, "team_ng_word.add",
                                "{\"word\":\"激安\"}", &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "forbidden_role");
  g_clear_pointer (&code, g_free);

  /* Nothing changed; the mutation ids advanced */
  after = pull_live (f, f->owner, f->team_tenant, "team_rules");
  g_assert_cmpint (json_object_get_int_member (g_hash_table_lookup (after, "rules"), "version"),
                   ==, before_version);
  g_assert_true (json_object_get_null_member (g_hash_table_lookup (after, "rules"),
                                              "min_score"));
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row WHERE entity ="
                                       " 'team_ng_word'"), ==, 0);
  g_assert_cmpstr (push_status (f, member, "m1", 2, f->team_tenant, "team_ng_word.add",
                                "{\"word\":\"激安\"}", NULL), ==, "duplicate");

  /* A member cannot invite either */
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", invite_path, member,
                                               "{\"email\":\"x@example.jp\"}");
    g_assert_cmpuint (reply->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "forbidden_role");
  }

  /* The owner can, field by field */
  g_assert_cmpstr (push_status (f, f->owner, "o1", 1, f->team_tenant, "team_rules.set_field",
                                "{\"field\":\"min_score\",\"value\":80}", NULL), ==, "applied");
  g_assert_cmpstr (push_status (f, f->owner, "o1", 2, f->team_tenant, "team_rules.set_field",
                                "{\"field\":\"register\",\"value\":\"formal\"}", NULL), ==,
                   "applied");
  g_assert_cmpstr (push_status (f, f->owner, "o1", 3, f->team_tenant, "team_rules.set_field",
                                "{\"field\":\"min_score\",\"value\":101}", &code), ==,
                   "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_clear_pointer (&code, g_free);
  g_assert_cmpstr (push_status (f, f->owner, "o1", 4, f->team_tenant, "team_rules.set_field",
                                "{\"field\":\"brand_name\",\"value\":null}", NULL), ==,
                   "applied");
  g_assert_cmpstr (push_status (f, f->owner, "o1", 5, f->owner_tenant, "team_rules.set_field",
                                "{\"field\":\"min_score\",\"value\":1}", &code), ==,
                   "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_clear_pointer (&code, g_free);
  {
    g_autofree char *args = test_history_save_args ("aaaaaaaa-0000-4000-8000-000000000001",
                                                    g_get_real_time ());

    g_assert_cmpstr (push_status (f, member, "m1", 3, f->team_tenant, "history.save", args,
                                  &code), ==, "rejected");
    g_assert_cmpstr (code, ==, "invalid_args");
  }
  {
    g_autoptr(GHashTable) rules = pull_live (f, member, f->team_tenant, "team_rules");
    JsonObject *row = g_hash_table_lookup (rules, "rules");

    g_assert_cmpint (json_object_get_int_member (row, "min_score"), ==, 80);
    g_assert_cmpstr (json_object_get_string_member (row, "register"), ==, "formal");
    g_assert_cmpstr (json_object_get_string_member (row, "min_score_action"), ==, "warn");
  }
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  TestServer *ts;
  GMutex     *lock;
  GCond      *cond;
  gboolean   *go;
  char       *token;
  char       *code;
  guint       status;
  char       *error;
} AcceptJob;

static gpointer
accept_thread (gpointer data)
{
  AcceptJob *job = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(TestReply) reply = NULL;

  g_mutex_lock (job->lock);
  while (!*job->go)
    g_cond_wait (job->cond, job->lock);
  g_mutex_unlock (job->lock);

  reply = accept_invite (job->ts, session, job->token, job->code);
  job->status = reply->status;
  if (reply->status != 200)
    job->error = g_strdup (test_reply_error_code (reply));
  return NULL;
}

static void
test_concurrent_accepts (Fixture       *f,
                         gconstpointer  data)
{
  static const guint32 seeds[] = { 1, 7, 2026 };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autofree char *team = test_create_team (f->ts, f->owner, "team_s");
      g_autofree char *tenant = g_strconcat ("team:", team, NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM membership WHERE tenant ="
                                              " '%s'", tenant);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[s]);
      AcceptJob jobs[20] = { { 0 } };
      GThread *threads[20];
      guint order[20];
      GMutex lock;
      GCond cond;
      gboolean go = FALSE;
      guint ok = 0, full = 0;

      g_test_message ("seed %u", seeds[s]);
      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *email = g_strdup_printf ("u%u-%u@example.jp", s, i);

          order[i] = i;
          jobs[i].ts = f->ts;
          jobs[i].lock = &lock;
          jobs[i].cond = &cond;
          jobs[i].go = &go;
          jobs[i].token = test_signup (f->ts, email, NULL, NULL);
          jobs[i].code = invite (f, f->owner, team, email, "member");
        }
      /* The seed shuffles the order the threads start in */
      for (guint i = 19; i > 0; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
          guint t = order[i];

          order[i] = order[j];
          order[j] = t;
        }
      for (guint i = 0; i < 20; i++)
        threads[i] = g_thread_new ("accept", accept_thread, &jobs[order[i]]);
      g_mutex_lock (&lock);
      go = TRUE;
      g_cond_broadcast (&cond);
      g_mutex_unlock (&lock);
      for (guint i = 0; i < 20; i++)
        g_thread_join (threads[i]);

      for (guint i = 0; i < 20; i++)
        {
          if (jobs[i].status == 200)
            ok++;
          else
            {
              g_assert_cmpuint (jobs[i].status, ==, 409);
              g_assert_cmpstr (jobs[i].error, ==, "seats_full");
              full++;
            }
          g_free (jobs[i].token);
          g_free (jobs[i].code);
          g_free (jobs[i].error);
        }
      g_assert_cmpuint (ok, ==, 4);     /* the owner has the fifth seat */
      g_assert_cmpuint (full, ==, 16);
      g_assert_cmpint (test_db_int (f->ts, sql), ==, 5);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);
    }
}

/* ------------------------------------------------------------------------ */

static gint
sort_strings (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  gboolean    second;  /* the second owner's */
  const char *name;
  const char *word;
} WordOp;

static void
test_ng_words_converge (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *second = join (f, "second@example.jp", "owner", NULL);
  static const char * const initial[] = { "w1", "w2", "w3", "w4", "w5", "w6" };
  static const WordOp batch_a[] = {
    { FALSE, "team_ng_word.add", "a1" },
    { FALSE, "team_ng_word.remove", "w1" },
    { FALSE, "team_ng_word.add", "ABC" },
    { FALSE, "team_ng_word.remove", "w2" },
    { FALSE, "team_ng_word.add", "最安値" },
  };
  static const WordOp batch_b[] = {
    { TRUE, "team_ng_word.remove", "w3" },
    { TRUE, "team_ng_word.add", "ｂ１" },
    { TRUE, "team_ng_word.add", "ａｂｃ" },
    { TRUE, "team_ng_word.remove", "w1" },
    { TRUE, "team_ng_word.remove", "never-added" },
    { TRUE, "team_ng_word.remove", "W4" },
  };
  static const char * const expected[] = { "a1", "abc", "b1", "w5", "w6", "最安値" };
  /* Orders: all of A then B, all of B then A, and alternating */
  static const char * const orders[] = { "aaaaabbbbbb", "bbbbbbaaaaa", "abababababb" };

  /* Each order on a fresh team owned by both */
  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autofree char *team = test_create_team (f->ts, f->owner, "team_s");
      g_autofree char *tenant = g_strconcat ("team:", team, NULL);
      g_autofree char *code = invite (f, f->owner, team, "second@example.jp", "owner");
      g_autofree char *client_a = g_strdup_printf ("a%u", o);
      g_autofree char *client_b = g_strdup_printf ("b%u", o);
      g_autoptr(TestReply) accepted = accept_invite (f->ts, NULL, second, code);
      g_autoptr(GHashTable) rows = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      g_autoptr(GString) joined = g_string_new (NULL);
      gint64 id_a = 0, id_b = 0;
      guint ia = 0, ib = 0;

      g_assert_cmpuint (accepted->status, ==, 200);
      for (guint i = 0; i < G_N_ELEMENTS (initial); i++)
        {
          g_autofree char *args = g_strdup_printf ("{\"word\":\"%s\"}", initial[i]);

          g_assert_cmpstr (push_status (f, f->owner, client_a, ++id_a, tenant,
                                        "team_ng_word.add", args, NULL), ==, "applied");
        }
      for (const char *p = orders[o]; *p != '\0'; p++)
        {
          const WordOp *op = *p == 'a' ? &batch_a[ia++] : &batch_b[ib++];
          g_autofree char *args = g_strdup_printf ("{\"word\":\"%s\"}", op->word);

          g_assert_cmpstr (push_status (f, op->second ? second : f->owner,
                                        op->second ? client_b : client_a,
                                        op->second ? ++id_b : ++id_a, tenant, op->name, args,
                                        NULL), ==, "applied");
        }
      g_assert_cmpuint (ia, ==, G_N_ELEMENTS (batch_a));
      g_assert_cmpuint (ib, ==, G_N_ELEMENTS (batch_b));

      rows = pull_live (f, second, tenant, "team_ng_word");
      {
        GHashTableIter iter;
        gpointer row;

        g_hash_table_iter_init (&iter, rows);
        while (g_hash_table_iter_next (&iter, NULL, &row))
          g_ptr_array_add (words, (gpointer) json_object_get_string_member (row, "word"));
      }
      g_ptr_array_sort (words, sort_strings);
      for (guint i = 0; i < words->len; i++)
        g_string_append_printf (joined, "%s ", (const char *) g_ptr_array_index (words, i));
      g_test_message ("order %s: %s", orders[o], joined->str);
      g_assert_cmpuint (words->len, ==, G_N_ELEMENTS (expected));
      for (guint i = 0; i < words->len; i++)
        g_assert_cmpstr (g_ptr_array_index (words, i), ==, expected[i]);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_invite_expired_and_used (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *alice = test_signup (f->ts, "alice@example.jp", NULL, NULL);
  g_autofree char *eve = test_signup (f->ts, "eve@example.jp", NULL, NULL);
  g_autofree char *old = invite (f, f->owner, f->team, "alice@example.jp", "member");
  g_autofree char *fresh = NULL;

  /* Eight days later */
  test_server_set_now (f->ts, g_get_real_time () + 8 * G_TIME_SPAN_DAY);
  {
    guint status = 0;
    g_autofree char *later = test_signin (f->ts, "alice@example.jp", TEST_PASSWORD, &status);
    g_autoptr(TestReply) reply = accept_invite (f->ts, NULL, later, old);

    g_assert_cmpuint (reply->status, ==, 410);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "invite_expired");
  }
  test_server_set_now (f->ts, 0);

  fresh = invite (f, f->owner, f->team, "alice@example.jp", "member");
  {
    g_autoptr(TestReply) wrong = accept_invite (f->ts, NULL, eve, fresh);
    g_autoptr(TestReply) unknown = accept_invite (f->ts, NULL, alice, "no-such-token");
    g_autoptr(TestReply) first = accept_invite (f->ts, NULL, alice, fresh);
    g_autoptr(TestReply) again = accept_invite (f->ts, NULL, alice, fresh);
    g_autoptr(TestReply) by_eve = accept_invite (f->ts, NULL, eve, fresh);

    g_assert_cmpuint (wrong->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (wrong), ==, "invite_wrong_account");
    g_assert_cmpuint (unknown->status, ==, 404);
    g_assert_cmpstr (test_reply_error_code (unknown), ==, "invite_not_found");
    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpuint (again->status, ==, 410);
    g_assert_cmpstr (test_reply_error_code (again), ==, "invite_used");
    g_assert_cmpuint (by_eve->status, ==, 410);
    g_assert_cmpstr (test_reply_error_code (by_eve), ==, "invite_used");
  }
  /* Only hashes are stored */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM team_invite WHERE hash = '%s'",
                                            fresh);
    g_assert_cmpint (test_db_int (f->ts, sql), ==, 0);
  }
}

/* An owner cancels the pending invites for an address (any case): their
 * codes stop working, a member may not cancel, and nothing to cancel is a
 * 404. */
static void
test_invite_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *bob = test_signup (f->ts, "bob@example.jp", NULL, NULL);
  g_autofree char *member = join (f, "member@example.jp", "member", NULL);
  g_autofree char *first = invite (f, f->owner, f->team, "bob@example.jp", "member");
  g_autofree char *second = invite (f, f->owner, f->team, "bob@example.jp", "owner");
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites/Bob%%40Example.jp", f->team);
  g_autofree char *members = g_strdup_printf ("/v1/teams/%s/members", f->team);

  {
    g_autoptr(TestReply) by_member = test_request (NULL, f->ts, "DELETE", path, member, NULL);

    g_assert_cmpuint (by_member->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (by_member), ==, "forbidden_role");
  }
  {
    g_autoptr(TestReply) cancelled = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);
    g_autoptr(TestReply) again = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);
    g_autoptr(TestReply) listed = test_request (NULL, f->ts, "GET", members, f->owner, NULL);

    g_assert_cmpuint (cancelled->status, ==, 200);
    g_assert_cmpuint (again->status, ==, 404);
    g_assert_cmpstr (test_reply_error_code (again), ==, "not_found");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        test_reply_object (listed), "invites")), ==, 0);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TestReply) reply = accept_invite (f->ts, NULL, bob, i == 0 ? first : second);

      g_assert_cmpuint (reply->status, ==, 404);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "invite_not_found");
    }
}

static void
test_removed_member (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *member_tenant = NULL;
  g_autofree char *leaver_tenant = NULL;
  g_autofree char *member = join (f, "member@example.jp", "member", &member_tenant);
  g_autofree char *leaver = join (f, "leaver@example.jp", "member", &leaver_tenant);
  g_autofree char *remove_member = g_strdup_printf ("/v1/teams/%s/members/%s", f->team,
                                                    member_tenant + 5);
  g_autofree char *remove_owner = g_strdup_printf ("/v1/teams/%s/members/%s", f->team,
                                                   f->owner_tenant + 5);
  g_autofree char *leave = g_strdup_printf ("/v1/teams/%s/members/%s", f->team,
                                            leaver_tenant + 5);

  {
    g_autoptr(TestReply) reply = pull (f, member, f->team_tenant);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  /* A member cannot remove someone else; the last owner cannot leave */
  {
    g_autoptr(TestReply) r1 = test_request (NULL, f->ts, "DELETE", remove_member, leaver, NULL);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "DELETE", remove_owner, f->owner, NULL);

    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (r1), ==, "forbidden_role");
    g_assert_cmpuint (r2->status, ==, 409);
    g_assert_cmpstr (test_reply_error_code (r2), ==, "last_owner");
  }
  {
    g_autoptr(TestReply) removed = test_request (NULL, f->ts, "DELETE", remove_member, f->owner,
                                                 NULL);
    g_autoptr(TestReply) left = test_request (NULL, f->ts, "DELETE", leave, leaver, NULL);
    g_autoptr(TestReply) team_pull = NULL;
    g_autoptr(TestReply) own_pull = NULL;
    g_autoptr(GHashTable) members = NULL;

    g_assert_cmpuint (removed->status, ==, 200);
    g_assert_cmpuint (left->status, ==, 200);
    team_pull = pull (f, member, f->team_tenant);
    g_assert_cmpuint (team_pull->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (team_pull), ==, "forbidden_tenant");
    own_pull = pull (f, member, member_tenant);
    g_assert_cmpuint (own_pull->status, ==, 200);
    {
      g_autofree char *body = g_strdup_printf ("{\"client_id\":\"m\",\"mutations\":[{\"id\":1,"
                                               "\"name\":\"team_ng_word.add\",\"tenant\":\"%s\","
                                               "\"args\":{\"word\":\"x\"}}]}", f->team_tenant);
      g_autoptr(TestReply) pushed = test_request (NULL, f->ts, "POST", "/v1/sync/push", member,
                                                  body);

      g_assert_cmpuint (pushed->status, ==, 403);
      /* Where the client's ids stand, so it can drop the team's changes safely */
      g_assert_cmpint (json_object_get_int_member (
                         json_object_get_object_member (json_node_get_object (pushed->json),
                                                        "error"), "expected_id"), ==, 1);
    }

    /* The owner's pull sees them go (tombstones of team_member) */
    members = pull_live (f, f->owner, f->team_tenant, "team_member");
    g_assert_cmpuint (g_hash_table_size (members), ==, 1);
  }
}

/* ------------------------------------------------------------------------ */

static char *
preset_args (guint n)
{
  return g_strdup_printf ("{\"id\":\"preset-%u\",\"name\":\"プリセット %u\","
                          "\"segment\":{\"age\":\"30s\"}}", n, n);
}

static void
test_presets_and_plans (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("SELECT plan_next IS NOT NULL FROM team"
                                          " WHERE tenant = '%s'", f->team_tenant);
  gint64 id = 0;
  g_autofree char *code = NULL;

  /* Team Pro: unlimited shared presets */
  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *args = preset_args (i);

      g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant, "team_preset.put",
                                    args, NULL), ==, "applied");
    }

  /* Team Pro → Team is a downgrade: recorded, not applied yet */
  g_assert_cmpint (test_run_staff_command (f->ts, "set-team-plan", f->team, "team_s", NULL), ==,
                   0);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 1);
  {
    g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", "/v1/teams", f->owner, NULL);
    JsonObject *team = json_array_get_object_element (
      json_object_get_array_member (test_reply_object (list), "teams"), 0);

    g_assert_cmpstr (json_object_get_string_member (team, "plan"), ==, "team_pro_s");
    g_assert_cmpstr (json_object_get_string_member (team, "plan_next"), ==, "team_s");
  }

  /* After the billing date: 25 stay, new ones are refused until under 20 */
  test_server_set_now (f->ts, g_get_real_time () + 32 * G_TIME_SPAN_DAY);
  {
    guint status = 0;

    g_free (f->owner);
    f->owner = test_signin (f->ts, "owner@example.jp", TEST_PASSWORD, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autofree char *args = preset_args (26);
    g_autofree char *update = g_strdup ("{\"id\":\"preset-1\",\"name\":\"改名\","
                                        "\"segment\":{}}");
    g_autoptr(GHashTable) rows = pull_live (f, f->owner, f->team_tenant, "team_preset");

    g_assert_cmpuint (g_hash_table_size (rows), ==, 25);
    g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant, "team_preset.put",
                                  args, &code), ==, "rejected");
    g_assert_cmpstr (code, ==, "limit_reached");
    g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant, "team_preset.put",
                                  update, NULL), ==, "applied");
  }
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\":\"preset-%u\"}", i);

      g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant,
                                    "team_preset.delete", args, NULL), ==, "applied");
    }
  {
    g_autofree char *args26 = preset_args (26);
    g_autofree char *args27 = preset_args (27);

    g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant, "team_preset.put",
                                  args26, NULL), ==, "applied");
    g_assert_cmpstr (push_status (f, f->owner, "o", ++id, f->team_tenant, "team_preset.put",
                                  args27, NULL), ==, "rejected");
  }
  {
    g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", "/v1/teams", f->owner, NULL);
    JsonObject *team = json_array_get_object_element (
      json_object_get_array_member (test_reply_object (list), "teams"), 0);

    g_assert_cmpstr (json_object_get_string_member (team, "plan"), ==, "team_s");
  }
  test_server_set_now (f->ts, 0);
  {
    guint status = 0;

    g_free (f->owner);
    f->owner = test_signin (f->ts, "owner@example.jp", TEST_PASSWORD, &status);
  }

  /* An upgrade applies at once */
  g_assert_cmpint (test_run_staff_command (f->ts, "set-team-plan", f->team, "team_pro_m", NULL),
                   ==, 0);
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 0);
  {
    g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", "/v1/teams", f->owner, NULL);
    JsonObject *team = json_array_get_object_element (
      json_object_get_array_member (test_reply_object (list), "teams"), 0);

    g_assert_cmpstr (json_object_get_string_member (team, "plan"), ==, "team_pro_m");
    g_assert_cmpint (json_object_get_int_member (team, "seats_limit"), ==, 10);
  }
  g_assert_cmpint (test_run_staff_command (f->ts, "set-team-plan", f->team, "pro", NULL), ==, 1);
  g_assert_cmpint (test_run_staff_command (f->ts, "set-team-plan", "no-such-team", "team_m",
                                           NULL), ==, 1);
}

static void
test_extra_owners (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("SELECT extra_owners FROM team WHERE tenant = '%s'",
                                          f->team_tenant);
  g_autofree char *second_tenant = NULL;
  g_autofree char *second = join (f, "second@example.jp", "owner", &second_tenant);
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/members/%s", f->team,
                                           f->owner_tenant + 5);

  g_assert_cmpint (test_db_int (f->ts, sql), ==, 1);
  {
    /* With a second owner, the first may leave */
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "DELETE", path, f->owner, NULL);
    g_assert_cmpuint (reply->status, ==, 200);
  }
  g_assert_cmpint (test_db_int (f->ts, sql), ==, 0);
}

/* ------------------------------------------------------------------------ */

/* PostgreSQL: the same database of step 1, brought up to date. */
static void
test_upgrade_old_database_pg (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ms-teams-XXXXXX", NULL);
  g_autofree char *db = ms_test_db_new (dir);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(MsServerStorage) storage = ms_server_storage_open (db, &error);
    g_assert_no_error (error);
  }
  ms_test_db_exec (db, "DROP TABLE share_link; DROP TABLE payment; DROP TABLE invoice;"
                       " DROP FUNCTION invoice_immutable (); DROP TABLE trial_use;"
                       " DROP TABLE subscription; DROP TABLE api_key;"
                       " DROP TABLE team_invite; DROP TABLE team; DROP TABLE scoring_fact;"
                       " DROP TABLE staff; DROP TABLE csm_account; DROP TABLE csm_activity;"
                       " DROP TABLE csm_event; DROP TABLE csm_daily; DROP TABLE csm_model;"
                       " DROP TABLE csm_task; DROP TABLE csm_note; DROP TABLE csm_job;"
                       " DELETE FROM tenant;"
                       " UPDATE schema_version SET version = 1;"
                       " INSERT INTO user_account VALUES ('u1', 'old@example.jp',"
                       "  'Old', 'x', 'pro', 1);"
                       " INSERT INTO tenant (id, kind, created_at)"
                       "  VALUES ('user:u1', 'personal', 1);"
                       " INSERT INTO membership VALUES ('user:u1', 'u1', 'owner', 1);"
                       " INSERT INTO login_failure"
                       "  VALUES ('old@example.jp' || chr (31) || '127.0.0.1', 1);"
                       /* two saved scorings, one deleted; and input that is not JSON */
                       " INSERT INTO sync_row VALUES ('user:u1', 'score_history', 'h1', 1, 5, 5,"
                       "  NULL, NULL, '{\"id\":\"h1\",\"total\":64,\"input_json\":"
                       "\"{\\\"segment\\\":{\\\"goal\\\":\\\"signup\\\"}}\"}');"
                       " INSERT INTO sync_row VALUES ('user:u1', 'score_history', 'h2', 2, 6, 7,"
                       "  7, NULL, '{\"id\":\"h2\",\"total\":90}');"
                       " INSERT INTO sync_row VALUES ('user:u1', 'score_history', 'h3', 3, 8, 8,"
                       "  NULL, NULL, '{\"id\":\"h3\",\"total\":50,\"input_json\":\"{oops\"}');");
  {
    g_autoptr(MsServerStorage) storage = ms_server_storage_open (db, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM user_account"), ==, 1);
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM team"), ==, 0);
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM team_invite"), ==, 0);
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM login_failure"), ==, 0);
  g_assert_cmpint (ms_test_db_int (db, "SELECT version FROM schema_version"), ==, 8);
  /* step 8: share links */
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM share_link"), ==, 0);
  /* step 5: the scoring API's keys */
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM api_key"), ==, 0);
  /* step 6: the customer-success tables and the staff tenant */
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM staff"), ==, 0);
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM tenant WHERE kind = 'csm'"), ==, 1);
  /* step 7: subscriptions and invoices */
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM invoice"), ==, 0);
  /* step 4: the live scorings' time, total and goal, for the team figures */
  g_assert_cmpint (ms_test_db_int (db, "SELECT count(*) FROM scoring_fact"), ==, 2);
  g_assert_cmpint (ms_test_db_int (db, "SELECT total FROM scoring_fact WHERE id = 'h1'"
                                       " AND goal = 'signup' AND created_at = 5"), ==, 64);
  g_assert_cmpint (ms_test_db_int (db, "SELECT total FROM scoring_fact WHERE id = 'h3'"
                                       " AND goal IS NULL"), ==, 50);
  g_rmdir (dir);
}

static void
test_upgrade_old_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ms-teams-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A database of schema step 1 (before teams), with an account in it */
  {
    g_autoptr(MsServerSqlite) storage = ms_server_sqlite_new (path, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE share_link;"
                                     " DROP TABLE payment; DROP TABLE invoice;"
                                     " DROP TABLE trial_use; DROP TABLE subscription;"
                                     " DROP TABLE api_key; DROP TABLE team_invite;"
                                     " DROP TABLE team;"
                                     " DROP TABLE scoring_fact;"
                                     /* and step 6's customer-success tables */
                                     " DROP TABLE staff; DROP TABLE csm_account;"
                                     " DROP TABLE csm_activity; DROP TABLE csm_event;"
                                     " DROP TABLE csm_daily; DROP TABLE csm_model;"
                                     " DROP TABLE csm_task; DROP TABLE csm_note;"
                                     " DROP TABLE csm_job; DELETE FROM tenant;"
                                     " PRAGMA user_version = 1;"
                                     " INSERT INTO user_account VALUES ('u1', 'old@example.jp',"
                                     "  'Old', 'x', 'pro', 1);"
                                     " INSERT INTO tenant (id, kind, created_at)"
                                     "  VALUES ('user:u1', 'personal', 1);"
                                     " INSERT INTO membership VALUES ('user:u1', 'u1', 'owner', 1);"
                                     " INSERT INTO login_failure"
                                     "  VALUES ('old@example.jp' || char (31) || '127.0.0.1', 1);"
                                     /* two saved scorings, one deleted */
                                     " INSERT INTO sync_row VALUES ('user:u1', 'score_history',"
                                     "  'h1', 1, 5, 5, NULL, NULL, '{\"id\":\"h1\",\"total\":64,"
                                     "\"input_json\":\"{\\\"segment\\\":{\\\"goal\\\":"
                                     "\\\"signup\\\"}}\"}');"
                                     " INSERT INTO sync_row VALUES ('user:u1', 'score_history',"
                                     "  'h2', 2, 6, 7, 7, NULL, '{\"id\":\"h2\",\"total\":90}');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(MsServerSqlite) storage = ms_server_sqlite_new (path, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM user_account),"
                                           " (SELECT count(*) FROM team),"
                                           " (SELECT count(*) FROM team_invite),"
                                           " (SELECT count(*) FROM login_failure)", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  /* step 3: failures kept in clear (email and address) are gone */
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 8);
  sqlite3_finalize (stmt);
  /* step 6: the customer-success tables and the staff tenant */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM staff),"
                                           " (SELECT kind FROM tenant WHERE id = 'csm:staff')", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "csm");
  sqlite3_finalize (stmt);
  /* step 7: subscriptions and invoices */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM invoice", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "SELECT count(*) FROM api_key", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  /* step 4: the live scoring's time, total and goal, for the team figures */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), max (created_at), max (total),"
                                           " max (goal) FROM scoring_fact", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 5);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 64);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "signup");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (dir);
  }
}

/* An account is in at most the "teams" limit of data/limits.json, created
 * or joined: one more create or accept is limit_reached and changes
 * nothing; the refused invite stays usable once a team is left. */
static void
test_teams_per_account (Fixture       *f,
                        gconstpointer  data)
{
  const gint64 max = ms_sync_limit ("teams", "max_items");
  g_autofree char *many_tenant = NULL;
  g_autofree char *many = test_signup (f->ts, "many@example.jp", &many_tenant, NULL);
  g_autofree char *first_code = NULL;
  g_autofree char *second_code = NULL;
  g_autofree char *second_team = NULL;
  g_autofree char *leave = NULL;

  g_assert_cmpint (max, >=, 2);
  for (gint64 i = 0; i < max - 1; i++)
    g_free (test_create_team (f->ts, many, "team_s"));
  first_code = invite (f, f->owner, f->team, "many@example.jp", "member");
  {
    g_autoptr(TestReply) joined = accept_invite (f->ts, NULL, many, first_code);

    g_assert_cmpuint (joined->status, ==, 200);
  }

  /* the account is in max teams: no new one, no more joining */
  {
    g_autoptr(TestReply) created = test_request (NULL, f->ts, "POST", "/v1/teams", many,
                                                 "{\"name\":\"One too many\",\"plan\":\"team_s\"}");
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, max);

    g_assert_cmpuint (created->status, ==, 422);
    g_assert_cmpstr (test_reply_error_code (created), ==, "limit_reached");
    g_assert_nonnull (strstr (json_object_get_string_member (
                                json_object_get_object_member (test_reply_object (created),
                                                               "error"), "message"), number));
  }
  second_team = test_create_team (f->ts, f->owner, "team_s");
  second_code = invite (f, f->owner, second_team, "many@example.jp", "member");
  {
    g_autoptr(TestReply) refused = accept_invite (f->ts, NULL, many, second_code);
    g_autoptr(TestReply) list = test_request (NULL, f->ts, "GET", "/v1/teams", many, NULL);

    g_assert_cmpuint (refused->status, ==, 422);
    g_assert_cmpstr (test_reply_error_code (refused), ==, "limit_reached");
    g_assert_cmpuint (list->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                                               test_reply_object (list), "teams")), ==, max);
  }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM team"), ==, max + 1);

  /* leaving a team makes room: the refused invite still works */
  leave = g_strdup_printf ("/v1/teams/%s/members/%s", f->team, many_tenant + 5);
  {
    g_autoptr(TestReply) left = test_request (NULL, f->ts, "DELETE", leave, many, NULL);
    g_autoptr(TestReply) joined = accept_invite (f->ts, NULL, many, second_code);

    g_assert_cmpuint (left->status, ==, 200);
    g_assert_cmpuint (joined->status, ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;
  ms_server_auth_init (NULL);

#define ADD(path, plan, func) g_test_add (path, Fixture, plan, setup, func, teardown)
  ADD ("/ms/server/teams/create-and-list", NULL, test_create_and_list);
  ADD ("/ms/server/teams/member-push-forbidden", NULL, test_member_push_forbidden);
  ADD ("/ms/server/teams/concurrent-accepts", NULL, test_concurrent_accepts);
  ADD ("/ms/server/teams/ng-words-converge", NULL, test_ng_words_converge);
  ADD ("/ms/server/teams/invite-expired-and-used", NULL, test_invite_expired_and_used);
  ADD ("/ms/server/teams/invite-cancelled", NULL, test_invite_cancelled);
  ADD ("/ms/server/teams/removed-member", NULL, test_removed_member);
  ADD ("/ms/server/teams/presets-and-plans", "team_pro_s", test_presets_and_plans);
  ADD ("/ms/server/teams/extra-owners", NULL, test_extra_owners);
  ADD ("/ms/server/teams/teams-per-account", NULL, test_teams_per_account);
#undef ADD
  g_test_add_func ("/ms/server/teams/upgrade-old-database", ms_test_db_is_pg ()
                                                            ? test_upgrade_old_database_pg
                                                            : test_upgrade_old_database);

  return g_test_run ();
}
