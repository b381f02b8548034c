/* test-sync-client.c — MsSyncClient's state machine against a scripted server
 *
 * An in-process SoupServer on 127.0.0.1 port 0, in its own thread and main
 * context (STYLE.md §8), answers like msgscore-server (README-sync.md) unless
 * a test queued a canned answer for a path: that is how every HTTP error the
 * client must handle is produced on demand. The real server is exercised by
 * test-sync-server.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "../unit/store/store-test.h"
#include "sync/ms-sync-client.h"
#include "ms-account-policy.h"

#define TENANT "user:11111111-1111-1111-1111-111111111111"

typedef struct
{
  char  *path;
  guint  status;
  char  *body;
  char  *retry_after;
} Canned;

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  GMutex        lock;
  GQueue        canned;        /* Canned* */
  GPtrArray    *log;           /* "PATH AUTH n_mutations" */
  gint64        last_mutation_id;
  guint         refreshes;
  char         *access_token;
  GCond         ready;
  gboolean      started;
} FakeServer;

typedef struct
{
  StoreFixture  base;
  FakeServer    fake;
  MsTokenStore *tokens;
  MsSyncClient *client;
  GMainLoop    *loop;
} Fixture;

static void
canned_free (Canned *canned)
{
  g_free (canned->path);
  g_free (canned->body);
  g_free (canned->retry_after);
  g_free (canned);
}

static void
fake_queue (FakeServer *fake,
            const char *path,
            guint       status,
            const char *body,
            const char *retry_after)
{
  Canned *canned = g_new0 (Canned, 1);

  canned->path = g_strdup (path);
  canned->status = status;
  canned->body = g_strdup (body);
  canned->retry_after = g_strdup (retry_after);
  g_mutex_lock (&fake->lock);
  g_queue_push_tail (&fake->canned, canned);
  g_mutex_unlock (&fake->lock);
}

static guint
fake_count (FakeServer *fake,
            const char *prefix)
{
  guint n = 0;

  g_mutex_lock (&fake->lock);
  for (guint i = 0; i < fake->log->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (fake->log, i), prefix);
  g_mutex_unlock (&fake->lock);
  return n;
}

static char *
session_json (const char *access)
{
  return g_strdup_printf ("{\"access_token\":\"%s\",\"refresh_token\":\"r-%s\","
                          "\"token_type\":\"Bearer\",\"expires_in\":3600,"
                          "\"user\":{\"id\":\"u1\",\"email\":\"a@example.jp\",\"name\":\"A\","
                          "\"plan\":\"pro\",\"tenant\":\"" TENANT "\"}}", access, access);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FakeServer *fake = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(JsonNode) body = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  JsonObject *o = body != NULL && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  g_autofree char *answer = NULL;
  guint status = 200;
  guint n_mutations = 0;
  Canned *canned = NULL;

  if (o != NULL && json_object_has_member (o, "mutations"))
    n_mutations = json_array_get_length (json_object_get_array_member (o, "mutations"));

  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->log, g_strdup_printf ("%s %s %u", path, auth != NULL ? auth : "-",
                                               n_mutations));
  for (GList *l = fake->canned.head; l != NULL; l = l->next)
    if (g_str_equal (((Canned *) l->data)->path, path))
      {
        canned = l->data;
        g_queue_delete_link (&fake->canned, l);
        break;
      }
  g_mutex_unlock (&fake->lock);

  if (canned != NULL)
    {
      if (canned->retry_after != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", canned->retry_after);
      soup_server_message_set_status (msg, canned->status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        canned->body, strlen (canned->body));
      canned_free (canned);
      return;
    }

  g_mutex_lock (&fake->lock);
  if (g_str_equal (path, "/v1/auth/signin") || g_str_equal (path, "/v1/auth/signup"))
    {
      g_free (fake->access_token);
      fake->access_token = g_strdup ("t1");
      answer = session_json ("t1");
    }
  else if (g_str_equal (path, "/v1/auth/refresh"))
    {
      fake->refreshes++;
      g_free (fake->access_token);
      fake->access_token = g_strdup_printf ("t%u", fake->refreshes + 1);
      answer = session_json (fake->access_token);
    }
  else if (auth == NULL || fake->access_token == NULL ||
           !g_str_has_suffix (auth, fake->access_token))
    {
      status = 401;
      answer = g_strdup ("{\"error\":{\"code\":\"invalid_token\",\"message\":\"x\"}}");
    }
  else if (g_str_equal (path, "/v1/me"))
    answer = g_strdup ("{\"user\":{\"id\":\"u1\",\"email\":\"a@example.jp\",\"name\":\"A\","
                       "\"plan\":\"pro\",\"tenant\":\"" TENANT "\"},"
                       "\"plan\":{\"id\":\"pro\",\"name\":\"Pro\"},"
                       "\"tenants\":[{\"id\":\"" TENANT "\",\"kind\":\"personal\"}]}");
  else if (g_str_equal (path, "/v1/sync/push"))
    {
      GString *s = g_string_new ("{\"results\":[");
      JsonArray *mutations = json_object_get_array_member (o, "mutations");

      for (guint i = 0; i < json_array_get_length (mutations); i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (mutations, i),
                                                  "id");

          g_string_append_printf (s, "%s{\"id\":%" G_GINT64_FORMAT ",\"status\":\"%s\"}",
                                  i > 0 ? "," : "", id,
                                  id <= fake->last_mutation_id ? "duplicate" : "applied");
          fake->last_mutation_id = MAX (fake->last_mutation_id, id);
        }
      g_string_append_printf (s, "],\"last_mutation_id\":%" G_GINT64_FORMAT "}",
                              fake->last_mutation_id);
      answer = g_string_free (s, FALSE);
    }
  else if (g_str_equal (path, "/v1/sync/pull"))
    answer = g_strdup_printf ("{\"ops\":[],\"cursor\":\"ep:1\",\"has_more\":false,"
                              "\"reset\":false,\"last_mutation_id\":%" G_GINT64_FORMAT "}",
                              fake->last_mutation_id);
  else if (g_str_equal (path, "/v1/auth/signout"))
    answer = g_strdup ("{}");
  else
    {
      status = 404;
      answer = g_strdup ("{\"error\":{\"code\":\"not_found\",\"message\":\"\"}}");
    }
  g_mutex_unlock (&fake->lock);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&answer), strlen (answer));
}

static gpointer
fake_thread (gpointer data)
{
  FakeServer *fake = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (fake->context);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, on_request_cb, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_mutex_lock (&fake->lock);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  fake->started = TRUE;
  g_cond_signal (&fake->ready);
  g_mutex_unlock (&fake->lock);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (fake->loop);
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FakeServer *fake = &fixture->fake;

  store_fixture_set_up (&fixture->base, data);
  g_mutex_init (&fake->lock);
  g_cond_init (&fake->ready);
  g_queue_init (&fake->canned);
  fake->log = g_ptr_array_new_with_free_func (g_free);
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);
  fake->thread = g_thread_new ("fake-server", fake_thread, fake);
  g_mutex_lock (&fake->lock);
  while (!fake->started)
    g_cond_wait (&fake->ready, &fake->lock);
  g_mutex_unlock (&fake->lock);

  fixture->tokens = ms_token_store_new_memory ();
  fixture->client = ms_sync_client_new (fixture->base.store, fake->url, fixture->tokens);
  ms_sync_client_set_backoff_seed (fixture->client, 1, 50);
  fixture->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  FakeServer *fake = &fixture->fake;
  GSource *source = g_idle_source_new ();

  g_clear_object (&fixture->client);
  g_clear_object (&fixture->tokens);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);

  g_source_set_callback (source, quit_cb, fake->loop, NULL);
  g_source_attach (source, fake->context);
  g_source_unref (source);
  g_thread_join (fake->thread);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->context);
  g_queue_clear_full (&fake->canned, (GDestroyNotify) canned_free);
  g_ptr_array_unref (fake->log);
  g_free (fake->url);
  g_free (fake->access_token);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->ready);

  store_fixture_tear_down (&fixture->base, data);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  GTask *task = G_TASK (result);

  if (g_task_get_source_tag (task) == ms_sync_client_sign_in_async)
    wait->ok = ms_sync_client_sign_in_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  else if (g_task_get_source_tag (task) == ms_sync_client_sign_up_async)
    wait->ok = ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  else
    wait->ok = ms_sync_client_sync_finish (MS_SYNC_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
sign_in (Fixture *fixture)
{
  Wait wait = { fixture->loop, NULL, FALSE };

  ms_sync_client_sign_in_async (fixture->client, "a@example.jp", "password1", NULL, on_done_cb,
                                &wait);
  g_main_loop_run (fixture->loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

static GError *
sync_once (Fixture *fixture)
{
  Wait wait = { fixture->loop, NULL, FALSE };

  ms_sync_client_sync_async (fixture->client, NULL, on_done_cb, &wait);
  g_main_loop_run (fixture->loop);
  g_assert_true (wait.ok == (wait.error == NULL));
  return wait.error;
}

static void
save_n (Fixture *fixture,
        guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *subject = g_strdup_printf ("件名 %u", i);
      g_autoptr(MsMessage) message = make_email (subject, "本文");
      g_autofree char *id = save_scoring (fixture->base.store, message, &error);

      g_assert_no_error (error);
    }
}

/* ------------------------------------------------------------------------ */

static void
test_sign_in_and_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  g_assert_false (ms_sync_client_get_signed_in (fixture->client));
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_NOT_SIGNED_IN);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_SIGNED_OUT);
  g_clear_error (&error);

  /* Written before signing in: moves into the account. */
  save_n (fixture, 2);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 2);

  sign_in (fixture);
  g_assert_true (ms_sync_client_get_signed_in (fixture->client));
  g_assert_cmpstr (ms_sync_client_get_email (fixture->client), ==, "a@example.jp");
  g_assert_cmpstr (ms_store_get_tenant (fixture->base.store), ==, TENANT);
  g_assert_cmpstr (ms_entitlements_get_plan_id (ms_store_get_entitlements (fixture->base.store)),
                   ==, "pro");
  secret = ms_token_store_lookup (fixture->tokens, fixture->fake.url,
                                  ms_store_get_client_id (fixture->base.store), NULL);
  g_assert_nonnull (strstr (secret, "\"t1\""));

  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_SYNCED);
  g_assert_null (ms_sync_client_get_last_error (fixture->client));
  g_assert_cmpint (ms_sync_client_get_last_synced (fixture->client), >, 0);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 2"), ==, 1);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/pull"), ==, 1);

  /* A new client on the same profile knows the account offline. */
  {
    g_autoptr(MsSyncClient) again = ms_sync_client_new (fixture->base.store, fixture->fake.url,
                                                        fixture->tokens);

    g_assert_cmpstr (ms_sync_client_get_email (again), ==, "a@example.jp");
    g_assert_true (ms_sync_client_get_signed_in (again));
  }
}

static void
test_refresh_on_401 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 1);
  /* The access token expired on the server. */
  g_mutex_lock (&fixture->fake.lock);
  g_free (fixture->fake.access_token);
  fixture->fake.access_token = g_strdup ("revoked");
  fixture->fake.refreshes = 0;
  g_mutex_unlock (&fixture->fake.lock);

  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/auth/refresh"), ==, 1);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t2 1"), ==, 1);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

static void
test_sign_in_again (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 1);
  fake_queue (&fixture->fake, "/v1/sync/push", 401,
              "{\"error\":{\"code\":\"token_expired\",\"message\":\"\"}}", NULL);
  fake_queue (&fixture->fake, "/v1/auth/refresh", 401,
              "{\"error\":{\"code\":\"token_expired\",\"message\":\"\"}}", NULL);
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_AUTH);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_ERROR);
  g_assert_nonnull (ms_sync_client_get_last_error (fixture->client));
  g_assert_false (ms_sync_client_get_signed_in (fixture->client));
  /* The outbox is kept for after the next sign-in. */
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 1);
  g_clear_error (&error);

  sign_in (fixture);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

/* The server is busy while refreshing: still signed in, retried later. */
static void
test_refresh_busy_keeps_sign_in (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 1);
  fake_queue (&fixture->fake, "/v1/sync/push", 401,
              "{\"error\":{\"code\":\"token_expired\",\"message\":\"\"}}", NULL);
  fake_queue (&fixture->fake, "/v1/auth/refresh", 503,
              "{\"error\":{\"code\":\"unavailable\",\"message\":\"\"}}", "2");
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY);
  g_assert_true (ms_sync_client_get_signed_in (fixture->client));
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_WAITING);
  g_clear_error (&error);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

static void
test_forbidden_stops_tenant (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 2);
  fake_queue (&fixture->fake, "/v1/sync/push", 403,
              "{\"error\":{\"code\":\"forbidden_tenant\",\"message\":\"\"}}", NULL);
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_ERROR);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 2);
  g_clear_error (&error);

  /* Stopped: the tenant is neither pushed nor pulled again … */
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_FORBIDDEN);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push"), ==, 1);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/pull"), ==, 0);
  g_clear_error (&error);

  /* … until the next sign-in. */
  sign_in (fixture);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

static void
test_too_large_halves (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 8);
  ms_sync_client_set_batch_size (fixture->client, 8);
  fake_queue (&fixture->fake, "/v1/sync/push", 413,
              "{\"error\":{\"code\":\"too_large\",\"message\":\"\",\"max_bytes\":10}}", NULL);
  fake_queue (&fixture->fake, "/v1/sync/push", 413,
              "{\"error\":{\"code\":\"too_large\",\"message\":\"\",\"max_bytes\":10}}", NULL);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 8"), ==, 1);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 4"), ==, 1);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 2"), ==, 4);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

static void
test_upgrade_needed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  fake_queue (&fixture->fake, "/v1/sync/pull", 422,
              "{\"error\":{\"code\":\"upgrade_required\",\"message\":\"\"}}", NULL);
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_UPGRADE_NEEDED);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_ERROR);
  g_assert_nonnull (strstr (ms_sync_client_get_last_error (fixture->client), "Update"));
}

/* The account policy of the server is checked before anything is sent: a
 * short password (3 kana are 9 bytes but 3 characters) or a look-alike
 * email fails at once; a full-width email is sent in its one spelling. */
static void
test_account_policy_first (Fixture       *fixture,
                           gconstpointer  data)
{
  Wait wait = { fixture->loop, NULL, FALSE };

  ms_sync_client_sign_up_async (fixture->client, "a@example.jp", "あいう", "A", NULL,
                                on_done_cb, &wait);
  g_main_loop_run (fixture->loop);
  g_assert_error (wait.error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_PASSWORD);
  g_clear_error (&wait.error);

  ms_sync_client_sign_in_async (fixture->client, "\xd0\xb0" "lice@example.jp", "password1",
                                NULL, on_done_cb, &wait);
  g_main_loop_run (fixture->loop);
  g_assert_error (wait.error, MS_ACCOUNT_ERROR, MS_ACCOUNT_ERROR_EMAIL);
  g_clear_error (&wait.error);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/auth/"), ==, 0);

  ms_sync_client_sign_in_async (fixture->client, "Ａ＠ｅｘａｍｐｌｅ．ｊｐ", "password1", NULL,
                                on_done_cb, &wait);
  g_main_loop_run (fixture->loop);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/auth/signin"), ==, 1);
}

/* A hostile server's answers are bounded before they are parsed: 75,000
 * nested arrays (which overflowed json-glib's stack) and a \u0000 inside a
 * string are protocol errors; the client lives on and syncs afterwards. */
static void
test_hostile_answer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) nested = g_string_new ("{\"a\":");

  for (guint i = 0; i < 75000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 75000; i++)
    g_string_append_c (nested, ']');
  g_string_append_c (nested, '}');

  sign_in (fixture);
  fake_queue (&fixture->fake, "/v1/sync/pull", 200, nested->str, NULL);
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_queue (&fixture->fake, "/v1/sync/pull", 200,
              "{\"ops\":[],\"cursor\":\"ep:1\\u0000x\",\"has_more\":false,"
              "\"reset\":false,\"last_mutation_id\":0}", NULL);
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_SYNCED);
}

static void
on_state_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  Fixture *fixture = user_data;

  if (ms_sync_client_get_state (fixture->client) == MS_SYNC_STATE_SYNCED)
    g_main_loop_quit (fixture->loop);
}

static void
test_busy_retries_after (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  guint timeout;

  sign_in (fixture);
  save_n (fixture, 1);
  fake_queue (&fixture->fake, "/v1/sync/push", 503,
              "{\"error\":{\"code\":\"unavailable\",\"message\":\"\"}}", "1");
  error = sync_once (fixture);
  g_assert_error (error, MS_SYNC_ERROR, MS_SYNC_ERROR_BUSY);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_WAITING);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 1);

  /* Started: it waits the Retry-After, then succeeds by itself. */
  fake_queue (&fixture->fake, "/v1/sync/push", 429,
              "{\"error\":{\"code\":\"busy\",\"message\":\"\"}}", "1");
  g_signal_connect (fixture->client, "notify::state", G_CALLBACK (on_state_cb), fixture);
  start = g_get_monotonic_time ();
  timeout = g_timeout_add_seconds (20, quit_cb, fixture->loop);
  ms_sync_client_start (fixture->client);
  g_main_loop_run (fixture->loop);
  g_source_remove (timeout);
  ms_sync_client_stop (fixture->client);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_SYNCED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000 * 1000);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
  g_signal_handlers_disconnect_by_data (fixture->client, fixture);
}

static void
test_server_error_backs_off (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint timeout;

  sign_in (fixture);
  save_n (fixture, 1);
  for (guint i = 0; i < 3; i++)
    fake_queue (&fixture->fake, "/v1/sync/push", 500,
                "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}", NULL);
  g_signal_connect (fixture->client, "notify::state", G_CALLBACK (on_state_cb), fixture);
  timeout = g_timeout_add_seconds (20, quit_cb, fixture->loop);
  ms_sync_client_start (fixture->client);
  g_main_loop_run (fixture->loop);
  g_source_remove (timeout);
  ms_sync_client_stop (fixture->client);
  g_assert_cmpint (ms_sync_client_get_state (fixture->client), ==, MS_SYNC_STATE_SYNCED);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push"), ==, 4);
  g_signal_handlers_disconnect_by_data (fixture->client, fixture);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSyncClient) client = NULL;
  Wait wait = { fixture->loop, NULL, FALSE };

  sign_in (fixture);
  save_n (fixture, 1);
  /* Port 9 on loopback: nothing listens. */
  ms_token_store_save (fixture->tokens, "http://127.0.0.1:9",
                       ms_store_get_client_id (fixture->base.store),
                       "{\"access_token\":\"t1\",\"refresh_token\":\"r\"}", NULL);
  client = ms_sync_client_new (fixture->base.store, "http://127.0.0.1:9", fixture->tokens);
  ms_sync_client_sync_async (client, NULL, on_done_cb, &wait);
  g_main_loop_run (fixture->loop);
  g_assert_error (wait.error, MS_SYNC_ERROR, MS_SYNC_ERROR_OFFLINE);
  g_clear_error (&wait.error);
  g_assert_cmpint (ms_sync_client_get_state (client), ==, MS_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (ms_sync_client_get_pending (client), ==, 1);
}

static void
on_rejected_cb (MsSyncClient *client,
                const char   *name,
                const char   *code,
                const char   *message,
                gpointer      user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strdup_printf ("%s %s", name, code));
  g_assert_nonnull (strstr (message, "上限"));
}

static void
test_rejected_notice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  sign_in (fixture);
  save_n (fixture, 2);
  g_assert_cmpint (count_rows (fixture->base.store, "score_history"), ==, 2);
  fake_queue (&fixture->fake, "/v1/sync/push", 200,
              "{\"results\":[{\"id\":1,\"status\":\"applied\"},{\"id\":2,\"status\":\"rejected\","
              "\"error\":{\"code\":\"limit_reached\",\"message\":\"本日の上限です\"}}],"
              "\"last_mutation_id\":2}", NULL);
  g_signal_connect (fixture->client, "rejected", G_CALLBACK (on_rejected_cb), seen);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "history.save limit_reached");
  g_assert_cmpint (count_rows (fixture->base.store, "score_history"), ==, 1);
  g_assert_cmpint (count_rows (fixture->base.store, "rejected_mutation"), ==, 1);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

static void
test_gap_resends (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sign_in (fixture);
  save_n (fixture, 3);
  /* The server already processed 1 (its answer was lost). */
  g_mutex_lock (&fixture->fake.lock);
  fixture->fake.last_mutation_id = 1;
  g_mutex_unlock (&fixture->fake.lock);
  fake_queue (&fixture->fake, "/v1/sync/push", 409,
              "{\"error\":{\"code\":\"mutation_gap\",\"message\":\"\",\"expected_id\":2}}", NULL);
  error = sync_once (fixture);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 2"), ==, 1);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
}

/* Removed from a team after the server applied a team change whose answer
 * was lost: the 403 says which id the server expects next, so the lost
 * answer is acknowledged before the team's other changes are dropped, and
 * the personal change between them goes out under a fresh id instead of
 * one the server would call a duplicate. */
static void
test_forbidden_team_keeps_ids (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) team = ms_team_new ("team:22222222-2222-2222-2222-222222222222", "販促",
                                        "team_s", "owner", 1, 5);
  g_autoptr(MsTeamRulesRepository) rules = NULL;

  sign_in (fixture);
  g_assert_true (ms_store_put_team (fixture->base.store, team, &error));
  g_assert_no_error (error);
  rules = ms_team_rules_repository_new (fixture->base.store, ms_team_get_id (team));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "激安", &error));    /* id 1 */
  g_assert_no_error (error);
  save_n (fixture, 1);                                                            /* id 2 */
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "爆安", &error));    /* id 3 */
  g_assert_no_error (error);

  g_mutex_lock (&fixture->fake.lock);
  fixture->fake.last_mutation_id = 1;
  g_mutex_unlock (&fixture->fake.lock);
  fake_queue (&fixture->fake, "/v1/sync/push", 403,
              "{\"error\":{\"code\":\"forbidden_tenant\",\"message\":\"\",\"expected_id\":2}}",
              NULL);
  error = sync_once (fixture);
  g_assert_no_error (error);

  /* The personal change was applied as 2, not answered "duplicate" as 1. */
  g_mutex_lock (&fixture->fake.lock);
  g_assert_cmpint (fixture->fake.last_mutation_id, ==, 2);
  g_mutex_unlock (&fixture->fake.lock);
  g_assert_cmpuint (fake_count (&fixture->fake, "/v1/sync/push Bearer t1 1"), ==, 2);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 0);
  g_assert_cmpint (count_rows (fixture->base.store, "team"), ==, 0);
  g_assert_cmpint (count_rows (fixture->base.store, "team_ng_word"), ==, 0);
  g_assert_cmpint (count_rows (fixture->base.store, "score_history"), ==, 1);
}

static void
on_notify_count_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
on_pending_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  g_main_loop_quit (user_data);
}

static void
test_start_syncs_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  guint timeout, syncing_changes = 0;

  sign_in (fixture);
  g_signal_connect (fixture->client, "notify::syncing", G_CALLBACK (on_notify_count_cb),
                    &syncing_changes);
  ms_sync_client_start (fixture->client);
  save_n (fixture, 1);
  g_assert_cmpuint (ms_sync_client_get_pending (fixture->client), ==, 1);
  g_signal_connect (fixture->client, "notify::pending", G_CALLBACK (on_pending_cb), fixture->loop);
  g_signal_connect (fixture->client, "notify::syncing", G_CALLBACK (on_pending_cb), fixture->loop);
  timeout = g_timeout_add_seconds (20, quit_cb, fixture->loop);
  while (ms_sync_client_get_pending (fixture->client) > 0 ||
         ms_sync_client_get_syncing (fixture->client))
    g_main_loop_run (fixture->loop);
  g_source_remove (timeout);
  ms_sync_client_stop (fixture->client);
  g_assert_cmpuint (syncing_changes, >=, 2);
  g_signal_handlers_disconnect_by_data (fixture->client, fixture->loop);
  g_signal_handlers_disconnect_by_data (fixture->client, &syncing_changes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

#define ADD(path, func) \
  g_test_add ("/ms/sync/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sign-in-and-sync", test_sign_in_and_sync);
  ADD ("refresh-on-401", test_refresh_on_401);
  ADD ("sign-in-again", test_sign_in_again);
  ADD ("refresh-busy-keeps-sign-in", test_refresh_busy_keeps_sign_in);
  ADD ("forbidden-stops-tenant", test_forbidden_stops_tenant);
  ADD ("too-large-halves", test_too_large_halves);
  ADD ("upgrade-needed", test_upgrade_needed);
  ADD ("hostile-answer", test_hostile_answer);
  ADD ("account-policy-first", test_account_policy_first);
  ADD ("busy-retries-after", test_busy_retries_after);
  ADD ("server-error-backs-off", test_server_error_backs_off);
  ADD ("offline", test_offline);
  ADD ("rejected-notice", test_rejected_notice);
  ADD ("gap-resends", test_gap_resends);
  ADD ("forbidden-team-keeps-ids", test_forbidden_team_keeps_ids);
  ADD ("start-syncs-changes", test_start_syncs_changes);
#undef ADD

  return g_test_run ();
}
