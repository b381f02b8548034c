/* test-auth.c — accounts and tokens over HTTP: signup, signin, refresh, signout, limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-server-hasher.h"
#include "ms-server-json.h"
#include "ms-test-db.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  test_server_stop (f->ts);
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", "/v1/health", NULL, NULL);

  g_autoptr(TestReply) ready = test_request (NULL, f->ts, "GET", "/v1/ready", NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (reply), "status"), ==, "ok");
  /* Ready: the database answered a query */
  g_assert_cmpuint (ready->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (ready), "status"), ==,
                   "ready");
}

static void
test_signup_signin_me (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *tenant = NULL;
  g_autofree char *token = test_signup (f->ts, "Hanako@Example.jp", &tenant, NULL);
  g_autofree char *token2 = NULL;
  g_autoptr(TestReply) me = NULL;
  g_autoptr(TestReply) dup = NULL;
  JsonObject *o, *plan, *limits;
  JsonArray *tenants;
  guint status = 0;

  g_assert_true (g_str_has_prefix (tenant, "user:"));
  /* 32 bytes in base64url without padding */
  g_assert_cmpuint (strlen (token), ==, 43);

  me = test_request (NULL, f->ts, "GET", "/v1/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  o = test_reply_object (me);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "user"),
                                                  "email"), ==, "hanako@example.jp");
  plan = json_object_get_object_member (o, "plan");
  g_assert_cmpstr (json_object_get_string_member (plan, "id"), ==, "free");
  limits = json_object_get_object_member (plan, "limits");
  g_assert_cmpint (json_object_get_int_member (limits, "saved_scorings_per_day"), ==, 5);
  g_assert_true (json_object_get_null_member (limits, "history_visible_days"));
  tenants = json_object_get_array_member (o, "tenants");
  g_assert_cmpuint (json_array_get_length (tenants), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tenants, 0),
                                                  "id"), ==, tenant);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tenants, 0),
                                                  "role"), ==, "owner");

  /* The same address again, in other case: taken */
  dup = test_request (NULL, f->ts, "POST", "/v1/auth/signup", NULL,
                      "{\"email\":\"hanako@EXAMPLE.jp\",\"password\":\"" TEST_PASSWORD "\","
                      "\"name\":\"x\"}");
  g_assert_cmpuint (dup->status, ==, 409);
  g_assert_cmpstr (test_reply_error_code (dup), ==, "email_taken");

  token2 = test_signin (f->ts, "hanako@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (token2, !=, token);

  /* The password is stored as an Argon2id hash, tokens as SHA-256 */
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM user_account"
                                       " WHERE password_hash LIKE '$argon2id$%'"), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM token WHERE length(hash) = 64"),
                   ==, 4);
}

static void
test_signup_invalid (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"email\":\"nobody\",\"password\":\"" TEST_PASSWORD "\",\"name\":\"x\"}",
    "{\"email\":\"a@b.jp\",\"password\":\"short\",\"name\":\"x\"}",
    "{\"email\":\"a@b.jp\",\"password\":\"" TEST_PASSWORD "\",\"name\":\"  \"}",
    "{\"email\":\"a@b.jp\",\"password\":12345678,\"name\":\"x\"}",
    "[]",
    /* three kana are 9 bytes but 3 characters */
    "{\"email\":\"a@b.jp\",\"password\":\"あいう\",\"name\":\"x\"}",
    /* the email itself, and one of the most common passwords */
    "{\"email\":\"kana@b.jp\",\"password\":\"Kana@B.jp\",\"name\":\"x\"}",
    "{\"email\":\"a@b.jp\",\"password\":\"password123\",\"name\":\"x\"}",
    /* a zero-width joiner, and a Cyrillic а among Latin letters */
    "{\"email\":\"al\u200dice@b.jp\",\"password\":\"" TEST_PASSWORD "\",\"name\":\"x\"}",
    "{\"email\":\"\u0430lice@b.jp\",\"password\":\"" TEST_PASSWORD "\",\"name\":\"x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/auth/signup", NULL,
                                                 bodies[i]);

      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "malformed");
    }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM user_account"), ==, 0);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = test_signup (f->ts, "taro@example.jp", NULL, NULL);
  g_autoptr(TestReply) wrong = NULL;
  g_autoptr(TestReply) unknown = NULL;

  wrong = test_request (NULL, f->ts, "POST", "/v1/auth/signin", NULL,
                        "{\"email\":\"taro@example.jp\",\"password\":\"wrong password\"}");
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (wrong), ==, "invalid_credentials");
  g_assert_false (json_object_has_member (test_reply_object (wrong), "access_token"));

  /* An unknown address answers exactly the same */
  unknown = test_request (NULL, f->ts, "POST", "/v1/auth/signin", NULL,
                          "{\"email\":\"jiro@example.jp\",\"password\":\"wrong password\"}");
  g_assert_cmpuint (unknown->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (unknown), ==, "invalid_credentials");
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  gint64 start = g_get_real_time ();
  g_autofree char *token = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(TestReply) ok = NULL;
  g_autoptr(TestReply) expired = NULL;
  g_autoptr(TestReply) refreshed = NULL;
  g_autoptr(TestReply) again = NULL;
  g_autoptr(TestReply) me = NULL;
  g_autoptr(TestReply) late = NULL;
  const char *new_token;

  test_server_set_now (f->ts, start);
  token = test_signup (f->ts, "ken@example.jp", NULL, &refresh);

  test_server_set_now (f->ts, start + G_TIME_SPAN_HOUR - G_USEC_PER_SEC);
  ok = test_request (NULL, f->ts, "GET", "/v1/me", token, NULL);
  g_assert_cmpuint (ok->status, ==, 200);

  test_server_set_now (f->ts, start + G_TIME_SPAN_HOUR);
  expired = test_request (NULL, f->ts, "GET", "/v1/me", token, NULL);
  g_assert_cmpuint (expired->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (expired), ==, "token_expired");

  /* The refresh token still works, once (rotation) */
  {
    g_autofree char *body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", refresh);

    refreshed = test_request (NULL, f->ts, "POST", "/v1/auth/refresh", NULL, body);
    g_assert_cmpuint (refreshed->status, ==, 200);
    again = test_request (NULL, f->ts, "POST", "/v1/auth/refresh", NULL, body);
    g_assert_cmpuint (again->status, ==, 401);
    g_assert_cmpstr (test_reply_error_code (again), ==, "invalid_token");
  }
  /* Reusing a rotated refresh token revokes the session, new tokens included */
  new_token = json_object_get_string_member (test_reply_object (refreshed), "access_token");
  me = test_request (NULL, f->ts, "GET", "/v1/me", new_token, NULL);
  g_assert_cmpuint (me->status, ==, 401);

  /* A refresh token expires too */
  test_server_set_now (f->ts, start + 31 * G_TIME_SPAN_DAY);
  {
    g_autofree char *r2 = NULL;
    g_autofree char *t2 = test_signup (f->ts, "ken2@example.jp", NULL, &r2);
    g_autofree char *body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", r2);

    test_server_set_now (f->ts, start + 62 * G_TIME_SPAN_DAY);
    late = test_request (NULL, f->ts, "POST", "/v1/auth/refresh", NULL, body);
    g_assert_cmpuint (late->status, ==, 401);
    g_assert_cmpstr (test_reply_error_code (late), ==, "token_expired");
  }
}

static void
test_signout_revokes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *token = test_signup (f->ts, "yuki@example.jp", NULL, &refresh);
  g_autofree char *body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", refresh);
  g_autoptr(TestReply) out = NULL;
  g_autoptr(TestReply) me = NULL;
  g_autoptr(TestReply) refreshed = NULL;
  g_autoptr(TestReply) bogus = NULL;
  g_autoptr(TestReply) none = NULL;

  out = test_request (NULL, f->ts, "POST", "/v1/auth/signout", token, NULL);
  g_assert_cmpuint (out->status, ==, 200);

  me = test_request (NULL, f->ts, "GET", "/v1/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (me), ==, "invalid_token");

  refreshed = test_request (NULL, f->ts, "POST", "/v1/auth/refresh", NULL, body);
  g_assert_cmpuint (refreshed->status, ==, 401);

  bogus = test_request (NULL, f->ts, "GET", "/v1/me", "not-a-token", NULL);
  g_assert_cmpuint (bogus->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (bogus), ==, "invalid_token");

  none = test_request (NULL, f->ts, "GET", "/v1/me", NULL, NULL);
  g_assert_cmpuint (none->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (none), ==, "auth_required");
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  gint64 start = g_get_real_time ();
  g_autofree char *token = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *other = NULL;
  guint status = 0;

  test_server_set_now (f->ts, start);
  token = test_signup (f->ts, "mika@example.jp", NULL, NULL);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *t = NULL;

      test_server_set_now (f->ts, start + i * G_TIME_SPAN_MINUTE);
      t = test_signin (f->ts, "mika@example.jp", "wrong password", &status);
      g_assert_cmpuint (status, ==, 401);
    }

  /* The sixth attempt is refused before the password is checked, right one too */
  test_server_set_now (f->ts, start + 5 * G_TIME_SPAN_MINUTE);
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/auth/signin", NULL,
                                               "{\"email\":\"mika@example.jp\",\"password\":\""
                                               TEST_PASSWORD "\"}");
    const char *retry_after;

    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "rate_limited");
    retry_after = soup_message_headers_get_one (reply->headers, "Retry-After");
    g_assert_nonnull (retry_after);
    /* until the first failure is 15 minutes old: 10 minutes from now */
    g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), ==, 600);
  }

  /* Another address is not limited by these (the key is email + address) */
  other = test_signin (f->ts, "other@example.jp", "wrong password", &status);
  g_assert_cmpuint (status, ==, 401);

  /* Once the oldest failure leaves the window, a right password works */
  test_server_set_now (f->ts, start + 15 * G_TIME_SPAN_MINUTE);
  ok = test_signin (f->ts, "mika@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (ok);
}

/* Look-alike spellings of one address are one account: full width, NFD,
 * upper case sign in to it and cannot make another. */
static void
test_email_one_account (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = test_signup (f->ts, "rémi@example.jp", NULL, NULL);
  static const char * const spellings[] = {
    "ｒéｍｉ＠ｅｘａｍｐｌｅ．ｊｐ",
    "re\u0301mi@example.jp",
    "RÉMI@EXAMPLE.JP",
  };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autofree char *signup = g_strdup_printf ("{\"email\":\"%s\",\"password\":\""
                                                 TEST_PASSWORD "\",\"name\":\"x\"}",
                                                 spellings[i]);
      g_autofree char *signin = g_strdup_printf ("{\"email\":\"%s\",\"password\":\""
                                                 TEST_PASSWORD "\"}", spellings[i]);
      g_autoptr(TestReply) created = test_request (NULL, f->ts, "POST", "/v1/auth/signup", NULL,
                                                   signup);
      g_autoptr(TestReply) signed_in = test_request (NULL, f->ts, "POST", "/v1/auth/signin",
                                                     NULL, signin);

      g_assert_cmpuint (created->status, ==, 409);
      g_assert_cmpstr (test_reply_error_code (created), ==, "email_taken");
      g_assert_cmpuint (signed_in->status, ==, 200);
    }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM user_account"), ==, 1);
}

/* A refresh rotates the whole pair: the access token issued before it
 * stops at once, not at its expiry. */
static void
test_refresh_revokes_access (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *refresh = NULL;
  g_autofree char *old_access = test_signup (f->ts, "rin@example.jp", NULL, &refresh);
  g_autofree char *body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", refresh);
  g_autoptr(TestReply) refreshed = NULL;
  g_autoptr(TestReply) old_me = NULL;
  g_autoptr(TestReply) new_me = NULL;

  refreshed = test_request (NULL, f->ts, "POST", "/v1/auth/refresh", NULL, body);
  g_assert_cmpuint (refreshed->status, ==, 200);
  old_me = test_request (NULL, f->ts, "GET", "/v1/me", old_access, NULL);
  g_assert_cmpuint (old_me->status, ==, 401);
  g_assert_cmpstr (test_reply_error_code (old_me), ==, "invalid_token");
  new_me = test_request (NULL, f->ts, "GET", "/v1/me",
                         json_object_get_string_member (test_reply_object (refreshed),
                                                        "access_token"), NULL);
  g_assert_cmpuint (new_me->status, ==, 200);
}

/* A password spray (one or two tries at each of many accounts) from one
 * address is limited too; the failure table keeps no email or address. */
static void
test_spray_limited (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = test_signup (f->ts, "target@example.jp", NULL, NULL);
  g_autofree char *later = NULL;
  guint status = 0;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *email = g_strdup_printf ("user%u@example.jp", i);
      g_autofree char *t = test_signin (f->ts, email, "Summer2024!", &status);

      g_assert_cmpuint (status, ==, 401);
    }
  /* the 51st from this address is refused before any password is checked */
  later = test_signin (f->ts, "target@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 429);
  g_assert_null (later);

  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM login_failure"), ==, 100);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM login_failure"
                                       " WHERE key LIKE '%@%' OR key LIKE '%127.0.0.1%'"
                                       " OR key LIKE '%example%'"), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM login_failure"
                                       " WHERE length (key) != 64"), ==, 0);
}

static void
test_plan_in_me (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = test_signup (f->ts, "pro@example.jp", NULL, NULL);
  g_autoptr(TestReply) me = NULL;
  JsonObject *plan;

  test_set_plan (f->ts, "pro@example.jp", "pro");
  me = test_request (NULL, f->ts, "GET", "/v1/me", token, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  plan = json_object_get_object_member (test_reply_object (me), "plan");
  g_assert_cmpstr (json_object_get_string_member (plan, "id"), ==, "pro");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (plan, "limits"),
                                               "custom_ng_words"), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (plan, "features")), >,
                    0);
}

typedef struct
{
  guint hashed;
  guint refused;
  guint done;
} HashCount;

static void
on_hashed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HashCount *count = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = ms_server_hasher_hash_finish (MS_SERVER_HASHER (source), result,
                                                        &error);

  if (hash != NULL)
    {
      g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
      count->hashed++;
    }
  else
    {
      g_assert_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE);
      count->refused++;
    }
  count->done++;
}

/* At most max_threads passwords are hashed at once and max_waiting wait:
 * beyond that a request is refused at once (503), not queued. */
static void
test_hasher_queue (void)
{
  g_autoptr(MsServerHasher) hasher = ms_server_hasher_new (1, 2, MS_PWHASH_INTERACTIVE);
  HashCount count = { 0 };

  g_assert_cmpuint (ms_server_hasher_get_max_threads (hasher), ==, 1);
  for (guint i = 0; i < 10; i++)
    ms_server_hasher_hash_async (hasher, "a password of ten", on_hashed_cb, &count);
  while (count.done < 10)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u hashed, %u refused", count.hashed, count.refused);
  /* the two waiting, and the one running if the thread took it already */
  g_assert_cmpuint (count.hashed, >=, 2);
  g_assert_cmpuint (count.hashed, <=, 3);
  g_assert_cmpuint (count.refused, ==, 10 - count.hashed);
}

/* A \u0000 escape cut strings short in json-glib: "abcdefgh\u0000tail"
 * signed in as "abcdefgh", and names and client ids were cut too. Every
 * body with one is 400 malformed and changes nothing. */
static void
test_nul_escape_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *ok = NULL;
  gint64 tokens;
  guint status = 0;
  static const char * const bodies[][2] = {
    { "/v1/auth/signin", "{\"email\":\"nul@example.jp\",\"password\":\"kyoto-autumn\\u0000tail\"}" },
    { "/v1/auth/signin", "{\"email\":\"nul@example.jp\\u0000x\",\"password\":\"kyoto-autumn\"}" },
    { "/v1/auth/signup", "{\"email\":\"other@example.jp\",\"password\":\"" TEST_PASSWORD "\","
                         "\"name\":\"Ab\\u0000cd\"}" },
  };

  /* the password the truncated one would have matched */
  {
    g_autoptr(TestReply) created = test_request (NULL, f->ts, "POST", "/v1/auth/signup", NULL,
                                                 "{\"email\":\"nul@example.jp\",\"password\":"
                                                 "\"kyoto-autumn\",\"name\":\"N\"}");

    g_assert_cmpuint (created->status, ==, 201);
    token = g_strdup (json_object_get_string_member (test_reply_object (created),
                                                     "access_token"));
  }
  tokens = test_db_int (f->ts, "SELECT count(*) FROM token");
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", bodies[i][0], NULL,
                                                 bodies[i][1]);

      g_test_message ("%s %s", bodies[i][0], bodies[i][1]);
      g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpstr (test_reply_error_code (reply), ==, "malformed");
      g_assert_false (json_object_has_member (test_reply_object (reply), "access_token"));
    }
  {
    g_autoptr(TestReply) push = test_request (NULL, f->ts, "POST", "/v1/sync/push", token,
                                              "{\"client_id\":\"c1\\u0000x\",\"mutations\":[]}");

    g_assert_cmpuint (push->status, ==, 400);
    g_assert_cmpstr (test_reply_error_code (push), ==, "malformed");
  }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM user_account"), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM token"), ==, tokens);
  /* the real password still works */
  ok = test_signin (f->ts, "nul@example.jp", "kyoto-autumn", &status);
  g_assert_cmpuint (status, ==, 200);
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
  ADD ("/ms/server/auth/health", test_health);
  ADD ("/ms/server/auth/signup-signin-me", test_signup_signin_me);
  ADD ("/ms/server/auth/signup-invalid", test_signup_invalid);
  ADD ("/ms/server/auth/wrong-password", test_wrong_password);
  ADD ("/ms/server/auth/expired-token", test_expired_token);
  ADD ("/ms/server/auth/signout-revokes", test_signout_revokes);
  ADD ("/ms/server/auth/rate-limit", test_rate_limit);
  ADD ("/ms/server/auth/plan-in-me", test_plan_in_me);
  ADD ("/ms/server/auth/refresh-revokes-access", test_refresh_revokes_access);
  ADD ("/ms/server/auth/email-one-account", test_email_one_account);
  ADD ("/ms/server/auth/spray-limited", test_spray_limited);
  ADD ("/ms/server/auth/nul-escape-refused", test_nul_escape_refused);
#undef ADD
  g_test_add_func ("/ms/server/auth/hasher-queue", test_hasher_queue);

  return g_test_run ();
}
