/* test-csm.c — customer success on the server: staff, who may see what, the
 * daily job, tasks, support requests, NPS, and that staff never see a message
 *
 * On SQLite, and on PostgreSQL (test-csm-pg, a throwaway cluster).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "csm/ms-csm-account.h"
#include "ms-server-csm.h"
#include "ms-server-csm-demo.h"
#include "ms-server-csm-job.h"
#include "ms-server-csm-storage.h"
#include "ms-server-demo.h"
#include "ms-server-backends.h"
#include "ms-test-db.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *customer;       /* access tokens */
  char       *customer_tenant;
  char       *other;
  char       *other_tenant;
  char       *csm;
  char       *csm_id;
  char       *lead;
} Fixture;

static char *
user_id_of (const char *tenant)
{
  g_assert_true (g_str_has_prefix (tenant, "user:"));
  return g_strdup (tenant + 5);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *csm_tenant = NULL;

  f->ts = test_server_start ();
  f->customer = test_signup (f->ts, "customer@example.jp", &f->customer_tenant, NULL);
  f->other = test_signup (f->ts, "other@example.jp", &f->other_tenant, NULL);
  f->csm = test_signup (f->ts, "csm@staff.example.jp", &csm_tenant, NULL);
  f->csm_id = user_id_of (csm_tenant);
  f->lead = test_signup (f->ts, "lead@staff.example.jp", NULL, NULL);
  g_assert_cmpint (test_run_staff_command (f->ts, "staff", "add", "csm@staff.example.jp",
                                           "--role", "csm", NULL), ==, 0);
  g_assert_cmpint (test_run_staff_command (f->ts, "staff", "add", "lead@staff.example.jp",
                                           "--role", "lead", NULL), ==, 0);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->customer);
  g_free (f->customer_tenant);
  g_free (f->other);
  g_free (f->other_tenant);
  g_free (f->csm);
  g_free (f->csm_id);
  g_free (f->lead);
  test_server_stop (f->ts);
}

/* The test's own connection to the server's database, for the job. */
static MsServerStorage *
open_storage (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  MsServerStorage *storage = ms_server_storage_open (f->ts->db_path, &error);

  g_assert_no_error (error);
  return storage;
}

static void
run_job (Fixture        *f,
         gint64          now,
         gboolean        rerun,
         MsServerCsmRun *run)
{
  g_autoptr(MsServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_server_csm_run (storage, now, "test", rerun, run, &error));
  g_assert_no_error (error);
}

static JsonObject *
get_object (Fixture    *f,
            const char *token,
            const char *path,
            guint       status)
{
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", path, token, NULL);

  if (reply->status != status)
    g_error ("GET %s: %u, expected %u: %s", path, reply->status, status, reply->body);
  return json_object_ref (test_reply_object (reply));
}

static JsonObject *
post_object (Fixture    *f,
             const char *token,
             const char *path,
             const char *body,
             guint       status)
{
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", path, token, body);

  if (reply->status != status)
    g_error ("POST %s: %u, expected %u: %s", path, reply->status, status, reply->body);
  return json_object_ref (test_reply_object (reply));
}

static JsonObject *
find_account (JsonObject *list,
              const char *tenant)
{
  JsonArray *accounts = json_object_get_array_member (list, "accounts");

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *a = json_array_get_object_element (accounts, i);

      if (g_str_equal (json_object_get_string_member (a, "account"), tenant))
        return a;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */

static void
test_staff_accounts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) me = get_object (f, f->csm, "/v1/me", 200);
  g_autoptr(JsonObject) customer = get_object (f, f->customer, "/v1/me", 200);
  JsonObject *staff = json_object_get_object_member (me, "staff");

  g_assert_nonnull (staff);
  g_assert_cmpstr (json_object_get_string_member (staff, "role"), ==, "csm");
  g_assert_cmpstr (json_object_get_string_member (staff, "tenant"), ==, "csm:staff");
  g_assert_true (json_object_get_null_member (customer, "staff"));

  /* A role that is none, an address without an account */
  g_assert_cmpint (test_run_staff_command (f->ts, "staff", "add", "customer@example.jp",
                                           "--role", "boss", NULL), ==, 1);
  g_assert_cmpint (test_run_staff_command (f->ts, "staff", "add", "nobody@example.jp",
                                           "--role", "csm", NULL), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM staff"), ==, 2);
}

/* Customers reach no staff route; a csm sees its portfolio, a lead all. */
static void
test_authorization (Fixture       *f,
                    gconstpointer  data)
{
  guint n_routes, n_staff = 0;
  const MsServerRoute *routes = ms_server_get_routes (&n_routes);
  g_auto(MsServerCsmRun) run = { 0 };
  g_autoptr(JsonObject) csm_list = NULL;
  g_autoptr(JsonObject) lead_list = NULL;
  g_autofree char *own_path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *body = NULL;

  run_job (f, g_get_real_time (), TRUE, &run);
  g_assert_true (run.ran);

  for (guint i = 0; i < n_routes; i++)
    {
      g_autoptr(GString) path = NULL;
      g_autoptr(TestReply) reply = NULL;

      if (!g_str_has_prefix (routes[i].path, "/v1/staff/"))
        continue;
      path = g_string_new (routes[i].path);
      g_string_replace (path, "{account}", f->customer_tenant, 0);
      g_string_replace (path, "{task}", "no-such-task", 0);
      g_string_replace (path, "{request}", "no-such-request", 0);
      reply = test_request (NULL, f->ts, routes[i].method, path->str, f->customer,
                            g_str_equal (routes[i].method, "POST") ? "{\"text\":\"x\"}" : NULL);
      g_test_message ("customer: %s %s → %u", routes[i].method, path->str, reply->status);
      g_assert_cmpuint (reply->status, ==, 403);
      n_staff++;
    }
  g_assert_cmpuint (n_staff, ==, 7);

  /* Nobody's portfolio holds the customer yet: the csm sees no account */
  csm_list = get_object (f, f->csm, "/v1/staff/accounts", 200);
  g_assert_cmpstr (json_object_get_string_member (csm_list, "scope"), ==, "portfolio");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (csm_list, "accounts")),
                    ==, 0);
  own_path = g_strdup_printf ("/v1/staff/accounts/%s", f->customer_tenant);
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", own_path, f->csm, NULL);

    g_assert_cmpuint (reply->status, ==, 403);
  }
  /* The lead sees every customer account (and no staff account) */
  lead_list = get_object (f, f->lead, "/v1/staff/accounts", 200);
  g_assert_cmpstr (json_object_get_string_member (lead_list, "scope"), ==, "all");
  g_assert_nonnull (find_account (lead_list, f->customer_tenant));
  g_assert_nonnull (find_account (lead_list, f->other_tenant));
  {
    g_autofree char *staff_tenant = g_strconcat ("user:", f->csm_id, NULL);

    g_assert_null (find_account (lead_list, staff_tenant));
  }
  /* Only a lead assigns; then the csm sees that account and no other */
  other_path = g_strdup_printf ("/v1/staff/accounts/%s/owner", f->customer_tenant);
  body = g_strdup_printf ("{\"owner\":\"%s\"}", f->csm_id);
  {
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", other_path, f->csm, body);

    g_assert_cmpuint (reply->status, ==, 403);
    g_assert_cmpstr (test_reply_error_code (reply), ==, "forbidden_role");
  }
  {
    g_autoptr(JsonObject) assigned = post_object (f, f->lead, other_path, body, 200);
    g_autoptr(JsonObject) list = get_object (f, f->csm, "/v1/staff/accounts", 200);
    g_autoptr(JsonObject) detail = get_object (f, f->csm, own_path, 200);
    g_autofree char *foreign = g_strdup_printf ("/v1/staff/accounts/%s", f->other_tenant);
    g_autoptr(TestReply) denied = test_request (NULL, f->ts, "GET", foreign, f->csm, NULL);

    g_assert_cmpstr (json_object_get_string_member (assigned, "owner"), ==, f->csm_id);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "accounts")),
                      ==, 1);
    g_assert_nonnull (find_account (list, f->customer_tenant));
    g_assert_cmpstr (json_object_get_string_member (detail, "account"), ==, f->customer_tenant);
    g_assert_cmpuint (denied->status, ==, 403);
  }
}

/* ------------------------------------------------------------------ */
/* Staff never see a message                                            */

static void
collect_texts (JsonNode   *node,
               GPtrArray  *out)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        {
          if ((g_str_equal (name, "subject") || g_str_equal (name, "preheader") ||
               g_str_equal (name, "body") || g_str_equal (name, "text")) &&
              JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            {
              /* Long enough to be the message's own words */
              g_auto(GStrv) lines = g_strsplit (json_node_get_string (value), "\n", -1);

              for (guint i = 0; lines[i] != NULL; i++)
                if (g_utf8_strlen (g_strstrip (lines[i]), -1) >= 8)
                  g_ptr_array_add (out, g_strdup (lines[i]));
            }
          else
            collect_texts (value, out);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_texts (json_array_get_element (array, i), out);
    }
}

typedef struct
{
  const char *customer_tenant;
  GPtrArray  *texts;
} Texts;

static gboolean
read_texts (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Texts *t = user_data;
  g_autoptr(MsServerUser) demo = NULL;
  g_autoptr(JsonArray) tenants = NULL;

  if (!ms_server_storage_find_user (storage, NULL, MS_SERVER_DEMO_EMAIL, &demo, error))
    return FALSE;
  g_assert_nonnull (demo);
  tenants = ms_server_storage_list_tenants (storage, demo->id, error);
  g_assert_nonnull (tenants);
  json_array_add_string_element (tenants, t->customer_tenant);
  for (guint i = 0; i < json_array_get_length (tenants); i++)
    {
      JsonNode *element = json_array_get_element (tenants, i);
      const char *tenant = JSON_NODE_HOLDS_OBJECT (element)
                             ? json_object_get_string_member (json_node_get_object (element), "id")
                             : json_node_get_string (element);
      g_autoptr(GPtrArray) rows = ms_server_storage_list_changes (storage, tenant, 0, TRUE, 100000,
                                                                  error);

      if (rows == NULL)
        return FALSE;
      for (guint k = 0; k < rows->len; k++)
        {
          MsServerRow *row = rows->pdata[k];
          g_autoptr(JsonNode) node = json_from_string (row->row_json, NULL);

          if (node != NULL)
            collect_texts (node, t->texts);
        }
    }
  return TRUE;
}

/* Every text a customer wrote into a message, from the synced rows. */
static GPtrArray *
message_texts (Fixture *f)
{
  g_autoptr(MsServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;
  Texts t = { f->customer_tenant, g_ptr_array_new_with_free_func (g_free) };

  g_assert_true (ms_server_storage_transaction (storage, FALSE, read_texts, &t, &error));
  g_assert_no_error (error);
  return t.texts;
}

static void
assert_no_message (const char *what,
                   const char *body,
                   GPtrArray  *texts)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (body, texts->pdata[i]) != NULL)
      g_error ("%s shows a customer's message text: “%s”", what, (char *) texts->pdata[i]);
}

static void
test_privacy (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(MsServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_auto(MsServerCsmRun) run = { 0 };
  g_autofree char *push = NULL;
  g_autofree char *args = NULL;
  guint n_checked = 0;

  /* The demo: a Pro account with 36 saved scorings, a team with its rules,
   * and the synthetic population; and one scoring of our customer. */
  g_assert_true (ms_server_seed_demo (storage, &error));
  g_assert_no_error (error);
  g_assert_true (ms_server_csm_seed_demo (storage, 80, g_get_real_time (), &run, &error));
  g_assert_no_error (error);
  args = test_history_save_args ("9d1e1b7a-0000-4000-8000-00000000c0de", g_get_real_time ());
  push = g_strdup_printf ("{\"client_id\":\"c1\",\"mutations\":[{\"id\":1,"
                          "\"name\":\"history.save\",\"tenant\":\"%s\",\"args\":%s}]}",
                          f->customer_tenant, args);
  {
    g_autoptr(JsonObject) pushed = post_object (f, f->customer, "/v1/sync/push", push, 200);
  }
  {
    g_auto(MsServerCsmRun) again = { 0 };

    run_job (f, g_get_real_time (), TRUE, &again);
  }

  texts = message_texts (f);
  g_test_message ("%u message texts to look for", texts->len);
  g_assert_cmpuint (texts->len, >=, 36);

  list = get_object (f, f->lead, "/v1/staff/accounts", 200);
  {
    g_autofree char *body = ms_server_csm_json_text (list);

    assert_no_message ("the account list", body, texts);
  }
  {
    JsonArray *accounts = json_object_get_array_member (list, "accounts");

    g_assert_cmpuint (json_array_get_length (accounts), >=, 80);
    for (guint i = 0; i < json_array_get_length (accounts); i++)
      {
        const char *tenant = json_object_get_string_member (json_array_get_object_element (accounts,
                                                                                          i),
                                                            "account");
        g_autofree char *path = g_strdup_printf ("/v1/staff/accounts/%s", tenant);
        g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", path, f->lead, NULL);

        g_assert_cmpuint (reply->status, ==, 200);
        assert_no_message (path, reply->body, texts);
        n_checked++;
      }
  }
  {
    static const char * const paths[] = { "/v1/staff/model", "/v1/staff/tasks", "/v1/me" };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", paths[i], f->lead, NULL);

        g_assert_cmpuint (reply->status, ==, 200);
        assert_no_message (paths[i], reply->body, texts);
        n_checked++;
      }
  }
  /* The answers of the staff's writes too */
  {
    g_autofree char *owner = g_strdup_printf ("/v1/staff/accounts/%s/owner",
                                              f->customer_tenant);
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", owner, f->lead,
                                               "{\"owner\":null}");

    g_assert_cmpuint (reply->status, ==, 200);
    assert_no_message (owner, reply->body, texts);
    n_checked++;
  }
  g_test_message ("%u staff answers checked", n_checked);
}

/* ------------------------------------------------------------------ */
/* The daily job                                                        */

static void
test_job_idempotent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(MsServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;
  g_auto(MsServerCsmRun) first = { 0 };
  gint64 now = g_get_real_time ();
  gint64 tasks, daily;

  g_assert_true (ms_server_csm_seed_demo (storage, 120, now, &first, &error));
  g_assert_no_error (error);
  g_assert_true (first.ran);
  g_assert_true (first.model_trained);
  g_assert_cmpuint (first.tasks_created, >, 0);
  tasks = test_db_int (f->ts, "SELECT count(*) FROM csm_task");
  daily = test_db_int (f->ts, "SELECT count(*) FROM csm_daily");
  g_assert_cmpint (tasks, ==, first.tasks_created);

  /* The same day again: nothing new */
  {
    g_auto(MsServerCsmRun) again = { 0 };

    run_job (f, now + G_TIME_SPAN_MINUTE, TRUE, &again);
    g_assert_true (again.ran);
    g_assert_cmpuint (again.tasks_created, ==, 0);
    g_assert_false (again.model_trained);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_task"), ==, tasks);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_daily"), ==, daily);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_model"), ==, 1);
  }
  /* A scheduled run of a day that has run does not run it again */
  {
    g_auto(MsServerCsmRun) scheduled = { 0 };

    run_job (f, now + 2 * G_TIME_SPAN_MINUTE, FALSE, &scheduled);
    g_assert_false (scheduled.ran);
  }
  /* One open task per account and playbook, whatever runs */
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM (SELECT tenant, playbook FROM csm_task"
                                       " WHERE status IN ('open', 'snoozed')"
                                       " GROUP BY tenant, playbook HAVING count(*) > 1) AS twice"),
                   ==, 0);
}

typedef struct
{
  const char *path;
  gint64      now;
  gboolean    ran;
  GError     *error;
} Racer;

static gpointer
race (gpointer data)
{
  Racer *racer = data;
  g_autoptr(MsServerStorage) storage = ms_server_storage_open (racer->path, &racer->error);
  g_auto(MsServerCsmRun) run = { 0 };

  if (storage == NULL)
    return NULL;
  if (ms_server_csm_run (storage, racer->now, "racer", FALSE, &run, &racer->error))
    racer->ran = run.ran;
  return NULL;
}

/* Several server processes: the day runs once. */
static void
test_job_once (Fixture       *f,
               gconstpointer  data)
{
  Racer racers[3];
  GThread *threads[3];
  guint n_ran = 0;
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < 3; i++)
    {
      racers[i] = (Racer) { f->ts->db_path, now, FALSE, NULL };
      threads[i] = g_thread_new ("racer", race, &racers[i]);
    }
  for (guint i = 0; i < 3; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (racers[i].error);
      n_ran += racers[i].ran;
    }
  g_assert_cmpuint (n_ran, ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_job"), ==, 1);

  /* A claim whose process died two hours ago is taken over */
  test_db_exec (f->ts, "UPDATE csm_job SET finished_at = 0, started_at = started_at - 10800000000");
  {
    g_auto(MsServerCsmRun) run = { 0 };

    run_job (f, now + G_TIME_SPAN_MINUTE, FALSE, &run);
    g_assert_true (run.ran);
  }
}

static void
put_snapshot (Fixture    *f,
              const char *tenant,
              gint32      day,
              gint64      health)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO csm_daily (tenant, day, health, churn,"
                                          " detail_json) VALUES ('%s', %d, %" G_GINT64_FORMAT
                                          ", NULL, '{}') ON CONFLICT (tenant, day) DO UPDATE"
                                          " SET health = excluded.health", tenant, day, health);

  test_db_exec (f->ts, sql);
}

/* Health and its trend from the snapshots of 7 and 30 days ago */
static void
test_health_trend (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *args = test_history_save_args ("9d1e1b7a-0000-4000-8000-0000000000aa",
                                                  g_get_real_time ());
  g_autofree char *push = g_strdup_printf ("{\"client_id\":\"c1\",\"mutations\":[{\"id\":1,"
                                           "\"name\":\"history.save\",\"tenant\":\"%s\","
                                           "\"args\":%s}]}", f->customer_tenant, args);
  g_autofree char *path = g_strdup_printf ("/v1/staff/accounts/%s", f->customer_tenant);
  g_autoptr(JsonObject) pushed = post_object (f, f->customer, "/v1/sync/push", push, 200);
  g_autoptr(JsonObject) detail = NULL;
  g_auto(MsServerCsmRun) run = { 0 };
  gint64 now = g_get_real_time ();
  gint32 today = ms_csm_day_from_time (now);
  JsonObject *health, *trend, *churn;
  gint64 score;

  /* The push counted a saved scoring for the customer, today: 10 Exp */
  g_assert_cmpint (test_db_int (f->ts, "SELECT sum(count) FROM csm_activity"
                                       " WHERE kind = 'scoring'"), ==, 1);
  {
    g_autofree char *loyalty_path = g_strdup_printf ("/v1/tenants/%s/loyalty", f->customer_tenant);
    g_autofree char *foreign = g_strdup_printf ("/v1/tenants/%s/loyalty", f->other_tenant);
    g_autoptr(JsonObject) loyalty = get_object (f, f->customer, loyalty_path, 200);
    g_autoptr(TestReply) denied = test_request (NULL, f->ts, "GET", foreign, f->customer, NULL);

    g_assert_cmpint (json_object_get_int_member (loyalty, "exp"), ==, 10);
    g_assert_cmpint (json_object_get_int_member (loyalty, "level"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (loyalty, "exp_for_next_level"), ==, 100);
    g_assert_cmpuint (denied->status, ==, 403);
  }

  put_snapshot (f, f->customer_tenant, today - 7, 20);
  put_snapshot (f, f->customer_tenant, today - 30, 90);
  run_job (f, now, TRUE, &run);
  detail = get_object (f, f->lead, path, 200);
  health = json_object_get_object_member (detail, "health");
  trend = json_object_get_object_member (detail, "trend");
  churn = json_object_get_object_member (detail, "churn");

  /* A new Free account: usage has no expected level, no invoices, no NPS,
   * no support: engagement alone (30 of 100) is too little for a score */
  g_assert_false (json_object_get_boolean_member (
    json_array_get_object_element (json_object_get_array_member (health, "inputs"), 0), "present"));
  g_assert_true (json_object_get_null_member (health, "score"));
  g_assert_cmpstr (json_object_get_string_member (health, "band"), ==, "none");
  g_assert_true (json_object_get_null_member (trend, "health_change_7d"));
  /* No model yet: the churn score says why instead of a number */
  g_assert_true (json_object_get_null_member (churn, "score"));
  g_assert_nonnull (json_object_get_string_member (churn, "why"));

  /* An NPS answer and a rated support request bring the present weight to 65 */
  test_db_exec (f->ts, "UPDATE csm_account SET created_at = created_at - 3456000000000");
  {
    g_autofree char *nps = g_strdup_printf ("{\"tenant\":\"%s\",\"score\":9,\"reason\":\"使いやすい\"}",
                                            f->customer_tenant);
    g_autofree char *support = g_strdup_printf ("{\"tenant\":\"%s\",\"subject\":\"請求書について\","
                                                "\"body\":\"請求書の宛名を変えたいです\"}",
                                                f->customer_tenant);
    g_autoptr(JsonObject) answered = post_object (f, f->customer, "/v1/nps", nps, 201);
    g_autoptr(JsonObject) request = post_object (f, f->customer, "/v1/support", support, 201);
    g_autofree char *rate = g_strdup_printf ("/v1/support/%s/rating",
                                             json_object_get_string_member (request, "id"));
    g_autoptr(JsonObject) rated = post_object (f, f->customer, rate, "{\"rating\":5}", 200);
  }
  {
    g_auto(MsServerCsmRun) again = { 0 };
    g_autoptr(JsonObject) after = NULL;

    run_job (f, now, TRUE, &again);
    after = get_object (f, f->lead, path, 200);
    health = json_object_get_object_member (after, "health");
    trend = json_object_get_object_member (after, "trend");
    g_assert_cmpint (json_object_get_int_member (health, "weight_present"), ==, 65);
    score = json_object_get_int_member (health, "score");
    g_test_message ("health %" G_GINT64_FORMAT ", trend %" G_GINT64_FORMAT " (7 d) and %"
                    G_GINT64_FORMAT " (30 d)", score,
                    json_object_get_int_member (trend, "health_change_7d"),
                    json_object_get_int_member (trend, "health_change_30d"));
    g_assert_cmpint (json_object_get_int_member (trend, "health_change_7d"), ==, score - 20);
    g_assert_cmpint (json_object_get_int_member (trend, "health_change_30d"), ==, score - 90);
    g_assert_cmpstr (json_object_get_string_member (after, "billing_source"), ==, "not_fed");
  }
}

/* ------------------------------------------------------------------ */
/* Tasks: made once, snoozed, closed with a reason, due in JST          */

static JsonObject *
find_task (JsonObject *list,
           const char *tenant,
           const char *playbook)
{
  JsonArray *tasks = json_object_get_array_member (list, "tasks");

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *t = json_array_get_object_element (tasks, i);

      if (g_str_equal (json_object_get_string_member (t, "account"), tenant) &&
          g_str_equal (json_object_get_string_member (t, "playbook"), playbook))
        return t;
    }
  return NULL;
}

static void
test_tasks (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *nps = g_strdup_printf ("{\"tenant\":\"%s\",\"score\":3,\"reason\":\"高い\"}",
                                          f->customer_tenant);
  g_autofree char *owner_path = g_strdup_printf ("/v1/staff/accounts/%s/owner", f->customer_tenant);
  g_autofree char *owner = g_strdup_printf ("{\"owner\":\"%s\"}", f->csm_id);
  g_autoptr(JsonObject) assigned = NULL;
  g_autoptr(JsonObject) answered = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autofree char *task_path = NULL;
  g_auto(MsServerCsmRun) run = { 0 };
  gint64 now = g_get_real_time ();
  JsonObject *task;

  /* The customer's first 30 days are over; they use it, and answer 3 (a detractor) */
  {
    g_autofree char *args = test_history_save_args ("9d1e1b7a-0000-4000-8000-0000000000bb", now);
    g_autofree char *push = g_strdup_printf ("{\"client_id\":\"c1\",\"mutations\":[{\"id\":1,"
                                             "\"name\":\"history.save\",\"tenant\":\"%s\","
                                             "\"args\":%s}]}", f->customer_tenant, args);
    g_autoptr(JsonObject) pushed = post_object (f, f->customer, "/v1/sync/push", push, 200);
  }
  test_db_exec (f->ts, "UPDATE user_account SET created_at = created_at - 3456000000000");
  run_job (f, now, TRUE, &run);
  test_db_exec (f->ts, "UPDATE csm_account SET created_at = created_at - 3456000000000");
  assigned = post_object (f, f->lead, owner_path, owner, 200);
  answered = post_object (f, f->customer, "/v1/nps", nps, 201);
  {
    g_auto(MsServerCsmRun) again = { 0 };

    run_job (f, now, TRUE, &again);
    g_assert_cmpuint (again.tasks_created, >=, 1);
  }
  list = get_object (f, f->csm, "/v1/staff/tasks", 200);
  task = find_task (list, f->customer_tenant, "detractor_contact");
  g_assert_nonnull (task);
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (task, "owner"), ==, f->csm_id);
  /* Contact within 24 hours of the run */
  g_assert_cmpint (json_object_get_int_member (task, "due_at"), ==, now + G_TIME_SPAN_DAY);
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (task, "title"), "ja"), "24時間"));
  task_path = g_strdup_printf ("/v1/staff/tasks/%s", json_object_get_string_member (task, "id"));

  /* The same facts the next day: no second task */
  {
    g_auto(MsServerCsmRun) next = { 0 };

    run_job (f, now + G_TIME_SPAN_DAY, TRUE, &next);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_task"
                                         " WHERE playbook = 'detractor_contact'"), ==, 1);
  }
  /* Snoozed for two days: still one task, shown snoozed, then open again */
  {
    g_autofree char *snooze = g_strdup_printf ("{\"status\":\"snoozed\",\"snoozed_until\":%"
                                               G_GINT64_FORMAT "}", now + 2 * G_TIME_SPAN_DAY);
    g_autoptr(JsonObject) snoozed = post_object (f, f->csm, task_path, snooze, 200);
    g_autoptr(TestReply) bad = test_request (NULL, f->ts, "POST", task_path, f->csm,
                                             "{\"status\":\"snoozed\",\"snoozed_until\":1}");

    g_assert_cmpstr (json_object_get_string_member (snoozed, "status"), ==, "snoozed");
    g_assert_cmpuint (bad->status, ==, 400);
  }
  /* Not needed needs a reason; done closes it; a closed task stays closed */
  {
    g_autoptr(TestReply) no_reason = test_request (NULL, f->ts, "POST", task_path, f->csm,
                                                   "{\"status\":\"not_needed\"}");
    g_autoptr(JsonObject) done = post_object (f, f->csm, task_path,
                                              "{\"status\":\"done\",\"reason\":\"電話した\"}", 200);
    g_autoptr(TestReply) again = test_request (NULL, f->ts, "POST", task_path, f->csm,
                                               "{\"status\":\"open\"}");

    g_assert_cmpuint (no_reason->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "done");
    g_assert_cmpstr (json_object_get_string_member (done, "reason"), ==, "電話した");
    g_assert_cmpuint (again->status, ==, 409);
  }
  /* Within the playbook's cooldown the same facts make no new task */
  {
    g_auto(MsServerCsmRun) later = { 0 };

    run_job (f, now + 2 * G_TIME_SPAN_DAY, TRUE, &later);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_task"
                                         " WHERE playbook = 'detractor_contact'"), ==, 1);
  }
  /* Another csm may not touch it; the lead may see it */
  {
    g_autoptr(JsonObject) all = get_object (f, f->lead, "/v1/staff/tasks", 200);

    g_assert_null (find_task (all, f->customer_tenant, "detractor_contact"));  /* closed */
  }
}

/* ------------------------------------------------------------------ */
/* Support requests and NPS                                             */

static void
test_support (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"tenant\":\"%s\",\"subject\":\"ログインできません\","
                                           "\"body\":\"昨日からログインできません。\"}",
                                           f->customer_tenant);
  g_autofree char *foreign = g_strdup_printf ("{\"tenant\":\"%s\",\"subject\":\"x\",\"body\":\"y\"}",
                                              f->other_tenant);
  g_autofree char *empty = g_strdup_printf ("{\"tenant\":\"%s\",\"subject\":\"  \",\"body\":\"y\"}",
                                            f->customer_tenant);
  g_autofree char *list_path = g_strdup_printf ("/v1/tenants/%s/support", f->customer_tenant);
  g_autoptr(GString) long_body = g_string_new (NULL);
  g_autoptr(JsonObject) created = post_object (f, f->customer, "/v1/support", body, 201);
  g_autoptr(JsonObject) mine = get_object (f, f->customer, list_path, 200);
  const char *id = json_object_get_string_member (created, "id");
  g_autofree char *answer_path = g_strdup_printf ("/v1/staff/support/%s", id);
  g_autofree char *rate_path = g_strdup_printf ("/v1/support/%s/rating", id);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (mine, "requests")), ==, 1);
  {
    g_autoptr(TestReply) r1 = test_request (NULL, f->ts, "POST", "/v1/support", f->customer,
                                            foreign);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "GET", list_path, f->other, NULL);
    g_autoptr(TestReply) r3 = test_request (NULL, f->ts, "POST", "/v1/support", f->customer,
                                            empty);
    g_autoptr(TestReply) r4 = test_request (NULL, f->ts, "POST", rate_path, f->other,
                                            "{\"rating\":1}");

    g_assert_cmpuint (r1->status, ==, 403);
    g_assert_cmpuint (r2->status, ==, 403);
    g_assert_cmpuint (r3->status, ==, 400);
    g_assert_cmpuint (r4->status, ==, 404);
  }
  /* Bounded before it is stored */
  g_string_append_printf (long_body, "{\"tenant\":\"%s\",\"subject\":\"長い\",\"body\":\"",
                          f->customer_tenant);
  for (guint i = 0; i < 4001; i++)
    g_string_append (long_body, "あ");
  g_string_append (long_body, "\"}");
  {
    g_autoptr(TestReply) r = test_request (NULL, f->ts, "POST", "/v1/support", f->customer,
                                           long_body->str);

    g_assert_cmpuint (r->status, ==, 400);
  }
  /* Staff answer and close it (the customer's account must be in view) */
  {
    g_autoptr(TestReply) csm = test_request (NULL, f->ts, "POST", answer_path, f->csm,
                                             "{\"answer\":\"再設定の手順をお送りしました\"}");
    g_autoptr(TestReply) customer = test_request (NULL, f->ts, "POST", answer_path, f->customer,
                                                  "{\"answer\":\"x\"}");
    g_auto(MsServerCsmRun) run = { 0 };
    g_autoptr(JsonObject) answered = NULL;

    g_assert_cmpuint (customer->status, ==, 403);
    run_job (f, g_get_real_time (), TRUE, &run);   /* the account enters the registry */
    {
      g_autoptr(TestReply) not_mine = test_request (NULL, f->ts, "POST", answer_path, f->csm,
                                                    "{\"answer\":\"x\"}");

      g_assert_cmpuint (not_mine->status, ==, 403);
    }
    answered = post_object (f, f->lead, answer_path,
                            "{\"answer\":\"再設定の手順をお送りしました\",\"close\":true}", 200);
    g_assert_cmpstr (json_object_get_string_member (answered, "status"), ==, "closed");
    (void) csm;
  }
  {
    g_autoptr(TestReply) bad = test_request (NULL, f->ts, "POST", rate_path, f->customer,
                                             "{\"rating\":6}");
    g_autoptr(JsonObject) rated = post_object (f, f->customer, rate_path, "{\"rating\":4}", 200);
    g_autoptr(JsonObject) again = get_object (f, f->customer, list_path, 200);
    JsonObject *request = json_array_get_object_element (json_object_get_array_member (again,
                                                                                       "requests"),
                                                         0);

    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_cmpint (json_object_get_int_member (rated, "rating"), ==, 4);
    g_assert_cmpstr (json_object_get_string_member (request, "answer"), ==,
                     "再設定の手順をお送りしました");
  }
}

/* The server's clock moved: sign in again. */
static void
resign (Fixture *f)
{
  guint status = 0;

  g_free (f->customer);
  f->customer = test_signin (f->ts, "customer@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_nps (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *status_path = g_strdup_printf ("/v1/tenants/%s/nps", f->customer_tenant);
  g_autofree char *answer = g_strdup_printf ("{\"tenant\":\"%s\",\"score\":8}", f->customer_tenant);
  g_autofree char *dismiss = g_strdup_printf ("{\"tenant\":\"%s\",\"dismissed\":true}",
                                              f->customer_tenant);
  g_autofree char *bad = g_strdup_printf ("{\"tenant\":\"%s\",\"score\":11}", f->customer_tenant);
  gint64 now = g_get_real_time ();

  /* Never in the first 30 days */
  {
    g_autoptr(JsonObject) status = get_object (f, f->customer, status_path, 200);
    g_autoptr(TestReply) early = test_request (NULL, f->ts, "POST", "/v1/nps", f->customer,
                                               answer);

    g_assert_false (json_object_get_boolean_member (status, "due"));
    g_assert_cmpuint (early->status, ==, 409);
  }
  /* 31 days later it is due; an answer out of range is refused */
  test_server_set_now (f->ts, now + 31 * G_TIME_SPAN_DAY);
  resign (f);
  {
    g_autoptr(JsonObject) status = get_object (f, f->customer, status_path, 200);
    g_autoptr(TestReply) out_of_range = test_request (NULL, f->ts, "POST", "/v1/nps", f->customer,
                                                      bad);
    g_autoptr(JsonObject) dismissed = post_object (f, f->customer, "/v1/nps", dismiss, 201);

    g_assert_true (json_object_get_boolean_member (status, "due"));
    g_assert_cmpuint (out_of_range->status, ==, 400);
    g_assert_cmpint (json_object_get_int_member (dismissed, "score"), ==, -1);
  }
  /* Dismissed counts: not again for 90 days */
  test_server_set_now (f->ts, now + 120 * G_TIME_SPAN_DAY);
  resign (f);
  {
    g_autoptr(JsonObject) status = get_object (f, f->customer, status_path, 200);

    g_assert_false (json_object_get_boolean_member (status, "due"));
    g_assert_cmpint (json_object_get_int_member (status, "next_at"), ==,
                     now + (31 + 90) * G_TIME_SPAN_DAY);
  }
  test_server_set_now (f->ts, now + 122 * G_TIME_SPAN_DAY);
  resign (f);
  {
    g_autoptr(JsonObject) answered = post_object (f, f->customer, "/v1/nps", answer, 201);
    g_autoptr(TestReply) twice = test_request (NULL, f->ts, "POST", "/v1/nps", f->customer,
                                               answer);

    g_assert_cmpint (json_object_get_int_member (answered, "score"), ==, 8);
    g_assert_cmpuint (twice->status, ==, 409);
  }
  /* Another person's survey is their own; a stranger's tenant is forbidden */
  {
    g_autofree char *foreign = g_strdup_printf ("/v1/tenants/%s/nps", f->other_tenant);
    g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", foreign, f->customer, NULL);

    g_assert_cmpuint (reply->status, ==, 403);
  }
}

/* The model card staff see, and going back to the previous model */
static void
test_model_card (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(MsServerStorage) storage = open_storage (f);
  g_autoptr(GError) error = NULL;
  g_auto(MsServerCsmRun) run = { 0 };
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(JsonObject) after = NULL;
  gint64 now = g_get_real_time ();
  JsonObject *card, *validation;
  g_autofree char *first_trained = NULL;

  {
    g_autoptr(JsonObject) none = get_object (f, f->lead, "/v1/staff/model", 200);

    g_assert_cmpstr (json_object_get_string_member (none, "status"), ==, "none");
  }
  g_assert_true (ms_server_csm_seed_demo (storage, 120, now, &run, &error));
  g_assert_no_error (error);
  model = get_object (f, f->csm, "/v1/staff/model", 200);
  card = json_object_get_object_member (model, "card");
  validation = json_object_get_object_member (card, "validation");
  g_test_message ("model card: AUC %.3f, precision %.3f and recall %.3f at 80, calibration error "
                  "%.3f, %" G_GINT64_FORMAT " training rows",
                  json_object_get_double_member (validation, "auc"),
                  json_object_get_double_member_with_default (validation, "precision", -1),
                  json_object_get_double_member_with_default (validation, "recall", -1),
                  json_object_get_double_member (validation, "calibration_error"),
                  json_object_get_int_member (card, "training_rows"));
  g_assert_cmpfloat (json_object_get_double_member (validation, "auc"), >, 0.6);
  g_assert_true (json_object_has_member (validation, "precision"));
  g_assert_true (json_object_has_member (validation, "recall"));
  g_assert_true (json_object_has_member (validation, "calibration_error"));
  g_assert_nonnull (json_object_get_string_member (card, "trained_at"));
  g_assert_true (json_object_get_null_member (model, "previous_created_at"));
  first_trained = g_strdup (json_object_get_string_member (card, "trained_at"));

  /* A list of scores says what they rest on */
  {
    g_autoptr(JsonObject) list = get_object (f, f->lead, "/v1/staff/accounts", 200);
    JsonObject *about = json_object_get_object_member (list, "about");
    JsonObject *churn = json_object_get_object_member (about, "churn");

    g_assert_cmpstr (json_object_get_string_member (churn, "trained_at"), ==, first_trained);
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (churn,
                                                                                     "validation"),
                                                      "auc"), >, 0.6);
    g_assert_nonnull (strstr (json_object_get_string_member (
                                json_object_get_object_member (about, "health"), "source"),
                              "DOMAIN.md"));
  }

  /* An account opened by a person: its reasons are the exact attribution */
  {
    g_autoptr(JsonObject) list = get_object (f, f->lead, "/v1/staff/accounts", 200);
    JsonArray *accounts = json_object_get_array_member (list, "accounts");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (accounts) && !seen; i++)
      {
        JsonObject *a = json_array_get_object_element (accounts, i);
        g_autofree char *path = NULL;
        g_autoptr(JsonObject) detail = NULL;
        JsonArray *reasons;

        if (json_object_get_null_member (a, "churn_score") ||
            json_object_get_int_member (a, "churn_score") < 30)
          continue;
        path = g_strdup_printf ("/v1/staff/accounts/%s", json_object_get_string_member (a, "account"));
        detail = get_object (f, f->lead, path, 200);
        g_assert_cmpstr (json_object_get_string_member (detail, "reasons_method"), ==, "exact");
        reasons = json_object_get_array_member (detail, "reasons");
        g_assert_cmpuint (json_array_get_length (reasons), >=, 1);
        g_assert_cmpuint (json_array_get_length (reasons), <=, 3);
        g_assert_nonnull (json_object_get_string_member (
          json_object_get_object_member (json_array_get_object_element (reasons, 0), "sentence"),
          "ja"));
        /* …and the score says what it rests on and how wrong it has been */
        g_assert_true (json_object_has_member (json_object_get_object_member (
                         json_object_get_object_member (detail, "churn"), "validation"), "auc"));
        g_assert_true (json_object_has_member (json_object_get_object_member (detail, "health"),
                                               "validation_auc"));
        seen = TRUE;
      }
    g_assert_true (seen);
  }

  /* Eight days on, a new model; the old one is kept */
  {
    g_auto(MsServerCsmRun) later = { 0 };

    run_job (f, now + 8 * G_TIME_SPAN_DAY, TRUE, &later);
    g_assert_true (later.model_trained);
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_model"), ==, 2);
  }
  g_assert_cmpint (test_run_staff_command (f->ts, "csm", "rollback-model", NULL), ==, 0);
  after = get_object (f, f->lead, "/v1/staff/model", 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "card"),
                                                  "trained_at"), ==, first_trained);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_model"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/ms/server/csm/staff-accounts", test_staff_accounts);
  ADD ("/ms/server/csm/authorization", test_authorization);
  ADD ("/ms/server/csm/privacy", test_privacy);
  ADD ("/ms/server/csm/job-idempotent", test_job_idempotent);
  ADD ("/ms/server/csm/job-once", test_job_once);
  ADD ("/ms/server/csm/health-trend", test_health_trend);
  ADD ("/ms/server/csm/tasks", test_tasks);
  ADD ("/ms/server/csm/support", test_support);
  ADD ("/ms/server/csm/nps", test_nps);
  ADD ("/ms/server/csm/model-card", test_model_card);
#undef ADD

  return g_test_run ();
}
