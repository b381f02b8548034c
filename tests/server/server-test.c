/* server-test.c — an in-process msgscore-server on 127.0.0.1 port 0, and an HTTP client
 *
 * The server runs in its own thread with its own GMainContext (STYLE.md §8):
 * the storage is opened there, so its one SQLite connection stays in that
 * thread. The tests talk real HTTP to it with a synchronous SoupSession, and
 * read the database through a separate connection. The database is a SQLite
 * file, or with MSGSCORE_TEST_BACKEND=postgresql one in a throwaway
 * PostgreSQL cluster (tests/common/ms-test-db.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "score/ms-rule-set.h"
#include "score/ms-scorer.h"
#include "store/ms-message-codec.h"
#include "ms-server-backends.h"
#include "ms-server-billing.h"
#include "ms-test-db.h"
#include "server-test.h"

static gpointer
server_thread (gpointer data)
{
  TestServer *ts = data;
  g_autoptr(MsServerStorage) storage = NULL;
  g_autoptr(MsServer) server = NULL;
  g_autoptr(GError) error = NULL;
  MsServerAuthConfig *auth;

  g_main_context_push_thread_default (ts->context);

  storage = ms_server_storage_open (ts->db_path, &error);
  if (storage != NULL)
    {
      /* A server that sells: invoices need an issuer (set-issuer). */
      if (!ms_server_billing_set_issuer (storage, "株式会社テスト発行者", TEST_ISSUER_NUMBER,
                                         "東京都千代田区", NULL, &error))
        g_error ("set-issuer: %s", error->message);
      server = ms_server_new (storage);
      auth = ms_server_get_auth_config (server);
      auth->pwhash_cost = MS_PWHASH_MIN;   /* Argon2id still, with the smallest limits */
      /* tests sign in faster than people; the limit has its own test (test-limits) */
      auth->signins_per_second = 1000;
      auth->signin_burst = 1000;
      ms_server_set_log_requests (server, g_getenv ("MS_TEST_LOG_REQUESTS") != NULL);
      ms_server_set_max_body (server, 64 * 1024);
      ms_server_listen (server, "127.0.0.1:0", NULL, &error);
    }

  g_mutex_lock (&ts->lock);
  ts->error = g_steal_pointer (&error);
  ts->server = server;
  ts->port = server != NULL ? ms_server_get_port (server) : 0;
  ts->ready = TRUE;
  g_cond_signal (&ts->cond);
  g_mutex_unlock (&ts->lock);

  if (ts->error == NULL)
    g_main_loop_run (ts->loop);

  g_clear_object (&server);
  g_clear_object (&storage);
  g_main_context_pop_thread_default (ts->context);
  return NULL;
}

TestServer *
test_server_start (void)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;

  ts->dir = g_dir_make_tmp ("msgscore-server-XXXXXX", &error);
  g_assert_no_error (error);
  ts->db_path = ms_test_db_new (ts->dir);
  ts->context = g_main_context_new ();
  ts->loop = g_main_loop_new (ts->context, FALSE);
  g_mutex_init (&ts->lock);
  g_cond_init (&ts->cond);

  ts->thread = g_thread_new ("test-server", server_thread, ts);
  g_mutex_lock (&ts->lock);
  while (!ts->ready)
    g_cond_wait (&ts->cond, &ts->lock);
  g_mutex_unlock (&ts->lock);
  g_assert_no_error (ts->error);
  g_assert_cmpuint (ts->port, >, 0);

  ts->base = g_strdup_printf ("http://127.0.0.1:%u", ts->port);
  ts->session = soup_session_new_with_options ("timeout", 30, NULL);
  return ts;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
test_server_stop (TestServer *ts)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&ts->session);
  g_main_context_invoke (ts->context, quit_cb, ts->loop);
  g_thread_join (ts->thread);
  g_main_loop_unref (ts->loop);
  g_main_context_unref (ts->context);
  g_mutex_clear (&ts->lock);
  g_cond_clear (&ts->cond);

  dir = g_dir_open (ts->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ts->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (ts->dir);
  g_free (ts->dir);
  g_free (ts->db_path);
  g_free (ts->base);
  g_free (ts);
}

void
test_server_set_now (TestServer *ts,
                     gint64      now_usec)
{
  ms_server_set_now_for_testing (ts->server, now_usec);
}

/* ------------------------------------------------------------------------ */

/**
 * test_request:
 * @session: (nullable): NULL for the test thread's session
 * @token: (nullable): sent as a Bearer token
 * @body: (nullable): sent as application/json
 */
TestReply *
test_request (SoupSession *session,
              TestServer  *ts,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *body)
{
  g_autofree char *uri = g_strconcat (ts->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  TestReply *reply = g_new0 (TestReply, 1);
  gsize length;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response = soup_session_send_and_read (session != NULL ? session : ts->session, msg, NULL,
                                         &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (response, &length), g_bytes_get_size (response));
  reply->json = json_from_string (reply->body, NULL);
  return reply;
}

void
test_reply_free (TestReply *reply)
{
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_free (reply->body);
  g_free (reply);
}

JsonObject *
test_reply_object (TestReply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* Checks the error shape {error: {code, message}} and returns the code. */
const char *
test_reply_error_code (TestReply *reply)
{
  JsonObject *error;
  const char *content_type;

  content_type = soup_message_headers_get_content_type (reply->headers, NULL);
  g_assert_cmpstr (content_type, ==, "application/json");
  error = json_object_get_object_member (test_reply_object (reply), "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
  return json_object_get_string_member (error, "code");
}

/* ------------------------------------------------------------------------ */

char *
test_signup (TestServer  *ts,
             const char  *email,
             char       **tenant,
             char       **refresh_token)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" TEST_PASSWORD
                                           "\",\"name\":\"テスト\"}", email);
  g_autoptr(TestReply) reply = test_request (NULL, ts, "POST", "/v1/auth/signup", NULL, body);
  JsonObject *o;

  g_assert_cmpuint (reply->status, ==, 201);
  o = test_reply_object (reply);
  if (tenant != NULL)
    *tenant = g_strdup (json_object_get_string_member (json_object_get_object_member (o, "user"),
                                                       "tenant"));
  if (refresh_token != NULL)
    *refresh_token = g_strdup (json_object_get_string_member (o, "refresh_token"));
  return g_strdup (json_object_get_string_member (o, "access_token"));
}

char *
test_signin (TestServer  *ts,
             const char  *email,
             const char  *password,
             guint       *status)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\"}", email,
                                           password);
  g_autoptr(TestReply) reply = test_request (NULL, ts, "POST", "/v1/auth/signin", NULL, body);

  *status = reply->status;
  if (reply->status != 200)
    return NULL;
  return g_strdup (json_object_get_string_member (test_reply_object (reply), "access_token"));
}

/* The staff command's effect, from another connection (as from another process). */
void
test_set_plan (TestServer *ts,
               const char *email,
               const char *plan)
{
  ms_test_db_set_plan (ts->db_path, email, plan);
}

gint64
test_db_int (TestServer *ts,
             const char *sql)
{
  return ms_test_db_int (ts->db_path, sql);
}

gboolean
test_server_is_pg (TestServer *ts)
{
  return g_str_has_prefix (ts->db_path, "postgresql://");
}

/* history.save args as MsHistoryRepository writes them. */
char *
test_history_save_args (const char *id,
                        gint64      created_at)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ","
                          "\"channel\":\"email\",\"subject\":\"【本日限定】春の新作\","
                          "\"preheader\":\"送料無料\",\"body\":\"本文\","
                          "\"input_json\":\"{}\",\"result_json\":\"{\\\"schema\\\":1}\","
                          "\"engine\":\"1.0\",\"total\":72}", id, created_at);
}

void
test_db_exec (TestServer *ts,
              const char *sql)
{
  ms_test_db_exec (ts->db_path, sql);
}

/* Runs `msgscore-server COMMAND --db <the test database> ARGS…`, as staff would. */
int
test_run_staff_command (TestServer *ts,
                        const char *first,
                        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) MSGSCORE_SERVER);
  g_ptr_array_add (argv, (gpointer) first);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, ts->db_path);
  va_start (ap, first);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                NULL, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* POST /v1/teams as the holder of @token; returns the team's uuid. */
char *
test_create_team (TestServer *ts,
                  const char *token,
                  const char *plan)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"チーム\",\"plan\":\"%s\"}", plan);
  g_autoptr(TestReply) reply = test_request (NULL, ts, "POST", "/v1/teams", token, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (test_reply_object (reply), "id"));
}

char *
test_share_body (const char *tenant,
                 const char *message,
                 const char *sender)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = json_from_string (message, &error);
  g_autoptr(MsMessage) m = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, NULL, "ja" };

  g_assert_no_error (error);
  m = ms_message_new_from_json (input, &error);
  g_assert_no_error (error);
  result = ms_scorer_score (ms_rule_set_get_default (), m, &options, &error);
  g_assert_no_error (error);
  json_object_set_string_member (o, "tenant", tenant);
  json_object_set_member (o, "message", ms_message_to_json (m));
  json_object_set_member (o, "result", ms_score_result_to_json (result));
  json_object_set_string_member (o, "sender", sender);
  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}
