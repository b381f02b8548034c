/* test-cluster.c — several msgscore-server processes over one PostgreSQL
 *
 * Real processes of this build's msgscore-server, two of them sharing one
 * database in a throwaway PostgreSQL cluster (tests/common/ms-test-db.c),
 * each on its own loopback port, as behind a load balancer:
 * - 20 invitations to a 5-seat team accepted at once through both: exactly
 *   5 members, whatever order the threads start in (3 seeds; 20 in the slow
 *   suite);
 * - two writers pushing through different processes while a reader pulls
 *   from either with small pages: no pull skips a row, every seed
 *   (MSGSCORE_CLUSTER_SEEDS rounds; the slow suite runs 1,000);
 * - a session made on one process works on the other, and sign-in failures
 *   counted on one are counted on the other;
 * - kill -9 of one process while four clients push through it: every
 *   change it acknowledged is in the database, and the clients finish
 *   through the other process without losing or doubling a change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ms-test-db.h"

#define PASSWORD "correct horse battery"

typedef struct
{
  GSubprocess *process;
  char        *base;
} Proc;

typedef struct
{
  char *dir;
  char *db;
  Proc  a, b;
} Fixture;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
proc_start (Proc       *p,
            const char *db,
            gboolean    purge)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p->process = g_subprocess_launcher_spawn (launcher, &error, MSGSCORE_SERVER, "--db", db,
                                            "--listen", "127.0.0.1:0", "--pwhash", "min",
                                            "--max-signins-per-second", "1000", "--quiet",
                                            /* every second, everything deleted */
                                            purge ? "--purge-interval" : NULL, "1",
                                            "--purge-after-days", "0", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  p->base = g_strdup (line + strlen ("listening on "));
}

static void
proc_signal (Proc *p,
             int   signal)
{
  if (p->process == NULL)
    return;
  g_subprocess_send_signal (p->process, signal);
  g_subprocess_wait (p->process, NULL, NULL);
  g_clear_object (&p->process);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("msgscore-cluster-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = ms_test_db_new (f->dir);
  proc_start (&f->a, f->db, data != NULL);
  proc_start (&f->b, f->db, data != NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  proc_signal (&f->a, SIGTERM);
  proc_signal (&f->b, SIGTERM);
  g_free (f->a.base);
  g_free (f->b.base);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* ------------------------------------------------------------------------ */

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 64, NULL);
}

/* One request; returns the status (0: no answer, e.g. the process died) and
 * the JSON answer in @out. */
static guint
request (SoupSession  *session,
         const char   *base,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *body,
         JsonNode    **out)
{
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

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
  response = soup_session_send_and_read (session, msg, NULL, &error);
  if (response == NULL)
    return 0;
  if (out != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (response, NULL),
                                         g_bytes_get_size (response));

      *out = json_from_string (text, NULL);
    }
  return soup_message_get_status (msg);
}

static JsonObject *
object (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static const char *
error_code (JsonNode *node)
{
  return json_object_get_string_member (json_object_get_object_member (object (node), "error"),
                                        "code");
}

/* Signs @email up through @base; returns the access token. */
static char *
signup (SoupSession *session,
        const char  *base,
        const char  *email,
        char       **tenant)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"" PASSWORD "\","
                                           "\"name\":\"Cluster\"}", email);
  g_autoptr(JsonNode) reply = NULL;

  g_assert_cmpuint (request (session, base, "POST", "/v1/auth/signup", NULL, body, &reply), ==,
                    201);
  if (tenant != NULL)
    *tenant = g_strdup (json_object_get_string_member (
      json_object_get_object_member (object (reply), "user"), "tenant"));
  return g_strdup (json_object_get_string_member (object (reply), "access_token"));
}

static void
set_plan (Fixture    *f,
          const char *email,
          const char *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, MSGSCORE_SERVER,
                              "set-plan", "--db", f->db, email, plan, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* Sessions and sign-in failures are the database's, not a process's        */

static void
test_shared_sessions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *token = signup (session, f->a.base, "shared@example.jp", NULL);
  g_autoptr(JsonNode) me = NULL;
  guint last = 0;

  g_assert_cmpuint (request (session, f->b.base, "GET", "/v1/me", token, NULL, &me), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (object (me), "user"), "email"), ==,
                   "shared@example.jp");

  /* Signed out on B: refused on A */
  g_assert_cmpuint (request (session, f->b.base, "POST", "/v1/auth/signout", token, NULL, NULL),
                    ==, 200);
  g_assert_cmpuint (request (session, f->a.base, "GET", "/v1/me", token, NULL, NULL), ==, 401);

  /* Five wrong passwords, alternating processes: the sixth try is limited on either */
  for (guint i = 0; i < 6; i++)
    last = request (session, i % 2 == 0 ? f->a.base : f->b.base, "POST", "/v1/auth/signin",
                    NULL, "{\"email\":\"shared@example.jp\",\"password\":\"wrong password\"}",
                    NULL);
  g_assert_cmpuint (last, ==, 429);
}

/* ------------------------------------------------------------------------ */
/* Seats: 20 accepts at once through two processes                          */

typedef struct
{
  const char *base;
  char       *token;
  char       *code;
  GMutex     *lock;
  GCond      *cond;
  gboolean   *go;
  guint       status;
  char       *error;
} AcceptJob;

static gpointer
accept_thread (gpointer data)
{
  AcceptJob *job = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *body = g_strdup_printf ("{\"token\":\"%s\"}", job->code);
  g_autoptr(JsonNode) reply = NULL;

  g_mutex_lock (job->lock);
  while (!*job->go)
    g_cond_wait (job->cond, job->lock);
  g_mutex_unlock (job->lock);

  job->status = request (session, job->base, "POST", "/v1/invites/accept", job->token, body,
                         &reply);
  if (job->status != 200 && reply != NULL)
    job->error = g_strdup (error_code (reply));
  return NULL;
}

static guint
n_seeds (guint fallback)
{
  const char *env = g_getenv ("MSGSCORE_CLUSTER_SEEDS");

  return env != NULL ? (guint) atoi (env) : fallback;
}

static void
test_seats_across_processes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *owner = signup (session, f->a.base, "owner@example.jp", NULL);
  guint rounds = MAX (3, n_seeds (3) / 50);

  for (guint s = 0; s < rounds; s++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (s + 1);
      g_autoptr(JsonNode) team = NULL;
      g_autofree char *tenant = NULL;
      g_autofree char *sql = NULL;
      AcceptJob jobs[20] = { { 0 } };
      GThread *threads[20];
      guint order[20];
      GMutex lock;
      GCond cond;
      gboolean go = FALSE;
      guint ok = 0;

      g_test_message ("seed %u", s + 1);
      g_assert_cmpuint (request (session, f->b.base, "POST", "/v1/teams", owner,
                                 "{\"name\":\"チーム\",\"plan\":\"team_s\"}", &team), ==, 201);
      tenant = g_strconcat ("team:", json_object_get_string_member (object (team), "id"), NULL);
      g_mutex_init (&lock);
      g_cond_init (&cond);
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *email = g_strdup_printf ("u%u-%u@example.jp", s, i);
          g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites",
                                                   json_object_get_string_member (object (team),
                                                                                  "id"));
          g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"member\"}",
                                                   email);
          g_autoptr(JsonNode) invite = NULL;

          order[i] = i;
          jobs[i].base = i % 2 == 0 ? f->a.base : f->b.base;
          jobs[i].lock = &lock;
          jobs[i].cond = &cond;
          jobs[i].go = &go;
          jobs[i].token = signup (session, jobs[i].base, email, NULL);
          g_assert_cmpuint (request (session, f->a.base, "POST", path, owner, body, &invite), ==,
                            201);
          jobs[i].code = g_strdup (json_object_get_string_member (object (invite), "token"));
        }
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
              /* 503 would be a deadlock or a lost connection: none is expected */
              g_assert_cmpuint (jobs[i].status, ==, 409);
              g_assert_cmpstr (jobs[i].error, ==, "seats_full");
            }
          g_free (jobs[i].token);
          g_free (jobs[i].code);
          g_free (jobs[i].error);
        }
      g_assert_cmpuint (ok, ==, 4);   /* the owner has the fifth seat */
      sql = g_strdup_printf ("SELECT count(*) FROM membership WHERE tenant = '%s'", tenant);
      g_assert_cmpint (ms_test_db_int (f->db, sql), ==, 5);
      g_mutex_clear (&lock);
      g_cond_clear (&cond);
    }
}

/* ------------------------------------------------------------------------ */
/* Pushes and pulls through both processes                                  */

static char *
save_mutation (gint64      id,
               const char *tenant,
               const char *row_id,
               gint64      created_at)
{
  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"history.save\","
                          "\"tenant\":\"%s\",\"args\":{\"id\":\"%s\",\"created_at\":%"
                          G_GINT64_FORMAT ",\"channel\":\"email\",\"subject\":\"春の新作\","
                          "\"preheader\":\"送料無料\",\"body\":\"本文\",\"input_json\":\"{}\","
                          "\"result_json\":\"{\\\"schema\\\":1}\",\"engine\":\"1.0\","
                          "\"total\":72}}", id, tenant, row_id, created_at);
}

typedef struct
{
  const char *base;
  const char *token;
  const char *tenant;
  const char *client;
  guint32     seed;
  guint       n_batches;
  gint64      next_id;          /* the next mutation id */
  GPtrArray  *acked;            /* row ids the server acknowledged */
  GPtrArray  *pending;          /* the batch sent without an answer */
  char       *pending_body;
  gboolean    died;             /* the process stopped answering */
  gint        n_acked;          /* atomic */
} Writer;

/* Sends one batch; TRUE when acknowledged. */
static gboolean
push_batch (SoupSession *session,
            Writer      *w,
            GRand       *rand,
            guint        size)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonNode) reply = NULL;
  gint64 now = g_get_real_time ();
  guint status;

  g_string_append_printf (body, "{\"protocol\":1,\"client_id\":\"%s\",\"mutations\":[",
                          w->client);
  g_ptr_array_set_size (w->pending, 0);
  for (guint i = 0; i < size; i++)
    {
      g_autofree char *row_id = g_uuid_string_random ();
      g_autofree char *m = save_mutation (w->next_id + i, w->tenant, row_id,
                                          now - g_rand_int_range (rand, 0, 1000000));

      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", m);
      g_ptr_array_add (w->pending, g_strdup (row_id));
    }
  g_string_append (body, "]}");
  g_free (w->pending_body);
  w->pending_body = g_strdup (body->str);

  status = request (session, w->base, "POST", "/v1/sync/push", w->token, body->str, &reply);
  if (status == 0)
    {
      w->died = TRUE;
      return FALSE;
    }
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *results = json_object_get_array_member (object (reply), "results");

    g_assert_cmpuint (json_array_get_length (results), ==, size);
    for (guint i = 0; i < size; i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                      "status"), ==, "applied");
  }
  for (guint i = 0; i < w->pending->len; i++)
    g_ptr_array_add (w->acked, g_strdup (g_ptr_array_index (w->pending, i)));
  g_ptr_array_set_size (w->pending, 0);
  w->next_id += size;
  g_atomic_int_add (&w->n_acked, (gint) size);
  return TRUE;
}

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (w->seed);

  for (guint b = 0; b < w->n_batches && !w->died; b++)
    push_batch (session, w, rand, (guint) g_rand_int_range (rand, 1, 6));
  return NULL;
}

typedef struct
{
  const char *bases[2];
  const char *token;
  const char *tenant;
  guint32     seed;
  gint       *writers_running;
  GHashTable *seen;       /* row id → version */
  char       *cursor;
  guint       n_pulls;
} Reader;

/* Pulls until has_more is false; TRUE when anything came. */
static void
pull_all (SoupSession *session,
          Reader      *r,
          GRand       *rand)
{
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(JsonNode) reply = NULL;
      g_autofree char *body = NULL;
      const char *base = r->bases[g_rand_int_range (rand, 0, 2)];
      guint limit = (guint) g_rand_int_range (rand, 1, 8);
      gint64 last_version = 0;
      JsonArray *ops;

      if (r->cursor != NULL)
        body = g_strdup_printf ("{\"protocol\":1,\"client_id\":\"reader\",\"tenant\":\"%s\","
                                "\"cursor\":\"%s\",\"limit\":%u}", r->tenant, r->cursor, limit);
      else
        body = g_strdup_printf ("{\"protocol\":1,\"client_id\":\"reader\",\"tenant\":\"%s\","
                                "\"limit\":%u}", r->tenant, limit);
      g_assert_cmpuint (request (session, base, "POST", "/v1/sync/pull", r->token, body, &reply),
                        ==, 200);
      g_assert_false (json_object_get_boolean_member (object (reply), "reset"));
      ops = json_object_get_array_member (object (reply), "ops");
      for (guint i = 0; i < json_array_get_length (ops); i++)
        {
          JsonObject *op = json_array_get_object_element (ops, i);
          gint64 version = json_object_get_int_member (op, "version");

          /* In order, each version once */
          g_assert_cmpint (version, >, last_version);
          last_version = version;
          g_hash_table_insert (r->seen, g_strdup (json_object_get_string_member (op, "id")),
                               GINT_TO_POINTER (1));
        }
      g_free (r->cursor);
      r->cursor = g_strdup (json_object_get_string_member (object (reply), "cursor"));
      more = json_object_get_boolean_member (object (reply), "has_more");
      r->n_pulls++;
    }
}

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (r->seed);

  while (g_atomic_int_get (r->writers_running) > 0)
    pull_all (session, r, rand);
  return NULL;
}

static void
test_pull_skips_nothing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SoupSession) session = new_session ();
  guint seeds = n_seeds (20);

  for (guint s = 1; s <= seeds; s++)
    {
      g_autofree char *email = g_strdup_printf ("writer%u@example.jp", s);
      g_autofree char *tenant = NULL;
      g_autofree char *token = signup (session, f->a.base, email, &tenant);
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GRand) rand = g_rand_new_with_seed (s);
      Writer writers[2] = { { 0 } };
      Reader reader = { { f->a.base, f->b.base }, token, tenant, s * 7919, NULL, seen, NULL, 0 };
      GThread *threads[2], *reader_thr;
      gint running = 2;
      guint total = 0;

      reader.writers_running = &running;
      set_plan (f, email, "pro");
      for (guint i = 0; i < 2; i++)
        {
          writers[i].base = i == 0 ? f->a.base : f->b.base;
          writers[i].token = token;
          writers[i].tenant = tenant;
          writers[i].client = i == 0 ? "w1" : "w2";
          writers[i].seed = s * 31 + i;
          writers[i].n_batches = (guint) g_rand_int_range (rand, 3, 9);
          writers[i].next_id = 1;
          writers[i].acked = g_ptr_array_new_with_free_func (g_free);
          writers[i].pending = g_ptr_array_new_with_free_func (g_free);
        }
      reader_thr = g_thread_new ("reader", reader_thread, &reader);
      for (guint i = 0; i < 2; i++)
        threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
      for (guint i = 0; i < 2; i++)
        {
          g_thread_join (threads[i]);
          g_atomic_int_add (&running, -1);
        }
      g_thread_join (reader_thr);

      /* A last pull after every commit: the reader has every row, none twice */
      {
        g_autoptr(GRand) last = g_rand_new_with_seed (s);

        pull_all (session, &reader, last);
      }
      for (guint i = 0; i < 2; i++)
        {
          g_assert_false (writers[i].died);
          for (guint j = 0; j < writers[i].acked->len; j++)
            g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (writers[i].acked, j)));
          total += writers[i].acked->len;
          g_ptr_array_unref (writers[i].acked);
          g_ptr_array_unref (writers[i].pending);
          g_free (writers[i].pending_body);
        }
      g_assert_cmpuint (g_hash_table_size (seen), ==, total);
      g_free (reader.cursor);
      if (s % 50 == 0 || s == seeds)
        g_test_message ("seed %u: %u rows, %u pulls", s, total, reader.n_pulls);
    }
}

/* ------------------------------------------------------------------------ */
/* Tombstones purged on both processes' timers                               */

static void
test_purge_timer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *tenant = NULL;
  g_autofree char *token = signup (session, f->a.base, "purge@example.jp", &tenant);
  g_autofree char *row_id = g_uuid_string_random ();
  g_autofree char *save = save_mutation (1, tenant, row_id, g_get_real_time ());
  g_autofree char *body = NULL;
  g_autofree char *rows = g_strdup_printf ("SELECT count(*) FROM sync_row WHERE tenant = '%s'",
                                           tenant);
  g_autofree char *purged = g_strdup_printf ("SELECT purged_version FROM tenant WHERE id = '%s'",
                                             tenant);
  g_autoptr(JsonNode) reply = NULL;
  gint64 deadline;

  body = g_strdup_printf ("{\"client_id\":\"p\",\"mutations\":[%s,{\"id\":2,"
                          "\"name\":\"history.delete\",\"tenant\":\"%s\",\"args\":"
                          "{\"id\":\"%s\",\"deleted_at\":%" G_GINT64_FORMAT "}}]}", save,
                          tenant, row_id, g_get_real_time ());
  g_assert_cmpuint (request (session, f->b.base, "POST", "/v1/sync/push", token, body, &reply),
                    ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (object (reply), "results"), 1), "status"), ==, "applied");

  /* The tombstone goes within a few timer ticks (bounded wait, not a timing check) */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (ms_test_db_int (f->db, rows) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_cmpint (ms_test_db_int (f->db, rows), ==, 0);
  g_assert_cmpint (ms_test_db_int (f->db, purged), ==, 2);

  /* Both processes still serve: a pull from the start has nothing left */
  g_clear_pointer (&reply, json_node_unref);
  g_free (body);
  body = g_strdup_printf ("{\"client_id\":\"p\",\"tenant\":\"%s\"}", tenant);
  g_assert_cmpuint (request (session, f->a.base, "POST", "/v1/sync/pull", token, body, &reply),
                    ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object (reply), "ops")),
                    ==, 0);
}

/* ------------------------------------------------------------------------ */
/* kill -9 of one process under load                                         */

static void
test_kill_one_process (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autofree char *tenant = NULL;
  g_autofree char *token = signup (session, f->a.base, "kill@example.jp", &tenant);
  g_autoptr(GString) ids = g_string_new (NULL);
  Writer writers[4] = { { 0 } };
  GThread *threads[4];
  guint acked = 0, sent = 0;
  gint64 deadline;

  set_plan (f, "kill@example.jp", "pro");
  for (guint i = 0; i < 4; i++)
    {
      writers[i].base = f->a.base;
      writers[i].token = token;
      writers[i].tenant = tenant;
      writers[i].client = (const char *[]) { "k1", "k2", "k3", "k4" }[i];
      writers[i].seed = i + 1;
      writers[i].n_batches = 100000;   /* until the process dies */
      writers[i].next_id = 1;
      writers[i].acked = g_ptr_array_new_with_free_func (g_free);
      writers[i].pending = g_ptr_array_new_with_free_func (g_free);
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }

  /* Under load: once 200 changes are acknowledged, A is killed */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      guint n = 0;

      for (guint i = 0; i < 4; i++)
        n += (guint) g_atomic_int_get (&writers[i].n_acked);
      if (n >= 200)
        break;
      g_usleep (5000);
    }
  proc_signal (&f->a, SIGKILL);
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);

  /* Every acknowledged change is in the database */
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (writers[i].died);
      for (guint j = 0; j < writers[i].acked->len; j++)
        g_string_append_printf (ids, "%s'%s'", ids->len > 0 ? "," : "",
                                (char *) g_ptr_array_index (writers[i].acked, j));
      acked += writers[i].acked->len;
    }
  g_assert_cmpuint (acked, >=, 200);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sync_row WHERE tenant = '%s'"
                                            " AND id IN (%s)", tenant, ids->str);

    g_assert_cmpint (ms_test_db_int (f->db, sql), ==, acked);
  }

  /* Each client sends its unanswered batch again, through B: applied once
   * (or recognised as a duplicate if A had committed it) */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) reply = NULL;
      JsonArray *results;

      g_assert_cmpuint (request (session, f->b.base, "POST", "/v1/sync/push", token,
                                 writers[i].pending_body, &reply), ==, 200);
      results = json_object_get_array_member (object (reply), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, writers[i].pending->len);
      sent += writers[i].acked->len + writers[i].pending->len;
    }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sync_row WHERE tenant = '%s'",
                                            tenant);

    g_assert_cmpint (ms_test_db_int (f->db, sql), ==, sent);
  }
  for (guint i = 0; i < 4; i++)
    {
      g_ptr_array_unref (writers[i].acked);
      g_ptr_array_unref (writers[i].pending);
      g_free (writers[i].pending_body);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Several processes share one database: PostgreSQL only. */
  g_setenv ("MSGSCORE_TEST_BACKEND", "postgresql", TRUE);
  if (!ms_test_db_check_backend ())
    return 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  /* The slow suite (MSGSCORE_CLUSTER_SEEDS) runs the seeded tests only */
  ADD ("/ms/server/cluster/seats", test_seats_across_processes);
  if (g_getenv ("MSGSCORE_CLUSTER_SEEDS") == NULL)
    {
      ADD ("/ms/server/cluster/shared-sessions", test_shared_sessions);
      ADD ("/ms/server/cluster/kill-one-process", test_kill_one_process);
      g_test_add ("/ms/server/cluster/purge-timer", Fixture, "purge", setup, test_purge_timer,
                  teardown);
    }
  ADD ("/ms/server/cluster/pull-skips-nothing", test_pull_skips_nothing);
#undef ADD

  return g_test_run ();
}
