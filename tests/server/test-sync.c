/* test-sync.c — push and pull over HTTP (DESIGN.md §7, src/server/README-sync.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-test-db.h"
#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *token;
  char       *tenant;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->token = test_signup (f->ts, "sync@example.jp", &f->tenant, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->token);
  g_free (f->tenant);
  test_server_stop (f->ts);
}

static char *
row_id (guint n)
{
  return g_strdup_printf ("0000%04x-0000-4000-8000-%012x", n, n);
}

/* A mutation: {"id": N, "name": …, "tenant": …, "args": …} */
static char *
mutation (gint64      id,
          const char *name,
          const char *tenant,
          const char *args)
{
  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"name\":\"%s\",\"tenant\":\"%s\","
                          "\"args\":%s}", id, name, tenant, args);
}

/* Pushes @mutations (NULL-terminated, each freed) for @client. */
static TestReply *
push (SoupSession *session,
      Fixture     *f,
      const char  *client,
      ...)
{
  g_autoptr(GString) body = g_string_new (NULL);
  va_list ap;
  char *m;
  gboolean first = TRUE;

  g_string_printf (body, "{\"client_id\":\"%s\",\"mutations\":[", client);
  va_start (ap, client);
  while ((m = va_arg (ap, char *)) != NULL)
    {
      if (!first)
        g_string_append_c (body, ',');
      g_string_append (body, m);
      g_free (m);
      first = FALSE;
    }
  va_end (ap);
  g_string_append (body, "]}");
  return test_request (session, f->ts, "POST", "/v1/sync/push", f->token, body->str);
}

static TestReply *
pull (Fixture    *f,
      const char *client,
      const char *cursor,
      guint       limit)
{
  g_autofree char *cursor_json = cursor != NULL ? g_strdup_printf ("\"%s\"", cursor)
                                                : g_strdup ("null");
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"%s\",\"tenant\":\"%s\","
                                           "\"cursor\":%s,\"limit\":%u}",
                                           client, f->tenant, cursor_json, limit);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/pull", f->token,
                                             body);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_steal_pointer (&reply);
}

static char *
save (Fixture *f,
      gint64   id,
      guint    row,
      gint64   created_at)
{
  g_autofree char *rid = row_id (row);
  g_autofree char *args = test_history_save_args (rid, created_at);

  return mutation (id, "history.save", f->tenant, args);
}

static const char *
result_status (TestReply *reply,
               guint      index,
               const char **code)
{
  JsonArray *results = json_object_get_array_member (test_reply_object (reply), "results");
  JsonObject *r = json_array_get_object_element (results, index);

  if (code != NULL)
    *code = json_object_has_member (r, "error")
            ? json_object_get_string_member (json_object_get_object_member (r, "error"), "code")
            : NULL;
  return json_object_get_string_member (r, "status");
}

static gint64
last_id (TestReply *reply)
{
  return json_object_get_int_member (test_reply_object (reply), "last_mutation_id");
}

static JsonArray *
ops (TestReply *reply)
{
  return json_object_get_array_member (test_reply_object (reply), "ops");
}

/* ------------------------------------------------------------------------ */

static void
test_applied_duplicate (Fixture       *f,
                        gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(TestReply) r1 = push (NULL, f, "c1", save (f, 1, 1, now), save (f, 2, 2, now), NULL);
  g_autoptr(TestReply) r2 = NULL;
  g_autoptr(TestReply) p1 = NULL;
  g_autoptr(TestReply) p2 = NULL;
  g_autoptr(TestReply) other = NULL;
  JsonObject *op, *row;
  const char *cursor;

  g_assert_cmpuint (r1->status, ==, 200);
  g_assert_cmpstr (result_status (r1, 0, NULL), ==, "applied");
  g_assert_cmpstr (result_status (r1, 1, NULL), ==, "applied");
  g_assert_cmpint (last_id (r1), ==, 2);

  /* A retry of the same batch applies nothing twice */
  r2 = push (NULL, f, "c1", save (f, 1, 1, now), save (f, 2, 2, now), NULL);
  g_assert_cmpuint (r2->status, ==, 200);
  g_assert_cmpstr (result_status (r2, 0, NULL), ==, "duplicate");
  g_assert_cmpstr (result_status (r2, 1, NULL), ==, "duplicate");
  g_assert_cmpint (last_id (r2), ==, 2);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 2);

  p1 = pull (f, "c1", NULL, 100);
  g_assert_cmpuint (json_array_get_length (ops (p1)), ==, 2);
  g_assert_false (json_object_get_boolean_member (test_reply_object (p1), "has_more"));
  g_assert_false (json_object_get_boolean_member (test_reply_object (p1), "reset"));
  g_assert_cmpint (last_id (p1), ==, 2);
  op = json_array_get_object_element (ops (p1), 0);
  g_assert_cmpstr (json_object_get_string_member (op, "op"), ==, "put");
  g_assert_cmpstr (json_object_get_string_member (op, "entity"), ==, "score_history");
  g_assert_cmpint (json_object_get_int_member (op, "version"), ==, 1);
  row = json_object_get_object_member (op, "row");
  g_assert_cmpstr (json_object_get_string_member (row, "id"), ==,
                   json_object_get_string_member (op, "id"));
  g_assert_cmpint (json_object_get_int_member (row, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "created_at"), ==, now);
  g_assert_true (json_object_get_null_member (row, "deleted_at"));
  g_assert_cmpstr (json_object_get_string_member (row, "subject"), ==, "【本日限定】春の新作");
  g_assert_cmpstr (json_object_get_string_member (row, "result_json"), ==, "{\"schema\":1}");
  g_assert_cmpint (json_object_get_int_member (row, "total"), ==, 72);
  g_assert_true (json_object_get_null_member (row, "predicted_open_rate"));
  g_assert_true (json_object_get_null_member (row, "actual_recipients"));
  g_assert_true (json_object_has_member (row, "actuals_at"));

  cursor = json_object_get_string_member (test_reply_object (p1), "cursor");
  g_assert_true (g_str_has_suffix (cursor, ":2"));
  p2 = pull (f, "c1", cursor, 100);
  g_assert_cmpuint (json_array_get_length (ops (p2)), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (p2), "cursor"), ==, cursor);

  /* Mutation ids are per client */
  other = pull (f, "c2", NULL, 100);
  g_assert_cmpint (last_id (other), ==, 0);
}

static void
test_rejected_advances (Fixture       *f,
                        gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autofree char *unknown = row_id (99);
  g_autofree char *del_args = g_strdup_printf ("{\"id\":\"%s\",\"deleted_at\":1}", unknown);
  g_autofree char *bad_total = g_strdup_printf ("{\"id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT
                                                ",\"channel\":\"email\",\"input_json\":\"{}\","
                                                "\"result_json\":\"{}\",\"engine\":\"1\","
                                                "\"total\":101}", unknown, now);
  g_autofree char *future = test_history_save_args (unknown, now + G_TIME_SPAN_DAY);
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  const char *code;

  r = push (NULL, f, "c1",
            mutation (1, "history.delete", f->tenant, del_args),
            mutation (2, "history.frobnicate", f->tenant, "{}"),
            mutation (3, "history.save", f->tenant, bad_total),
            mutation (4, "history.save", f->tenant, "{\"id\":\"../../etc\"}"),
            mutation (5, "history.save", f->tenant, future),
            save (f, 6, 1, now),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (result_status (r, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "not_found");
  g_assert_cmpstr (result_status (r, 1, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "unknown_mutation");
  g_assert_cmpstr (result_status (r, 2, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpstr (result_status (r, 3, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpstr (result_status (r, 4, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpstr (result_status (r, 5, NULL), ==, "applied");
  g_assert_cmpint (last_id (r), ==, 6);

  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT last_mutation_id FROM sync_client"), ==, 6);
  p = pull (f, "c1", NULL, 100);
  g_assert_cmpint (last_id (p), ==, 6);
}

/* Every numeric argument has its range (data/limits.json): a rate of
 * 1e300 or -5 is refused, not stored (issue 20, finding 7). */
static void
test_numeric_ranges (Fixture       *f,
                     gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autofree char *id1 = row_id (1);
  g_autofree char *id2 = row_id (2);
  g_autofree char *id3 = row_id (3);
  g_autofree char *base1 = test_history_save_args (id1, now);
  g_autofree char *base2 = test_history_save_args (id2, now);
  g_autofree char *base3 = test_history_save_args (id3, now);
  g_autofree char *huge = g_strdup_printf ("%.*s,\"predicted_open_rate\":1e300}",
                                           (int) strlen (base1) - 1, base1);
  g_autofree char *negative = g_strdup_printf ("%.*s,\"predicted_ctr\":-5}",
                                               (int) strlen (base2) - 1, base2);
  g_autofree char *fine = g_strdup_printf ("%.*s,\"predicted_cvr\":0.25}",
                                           (int) strlen (base3) - 1, base3);
  g_autofree char *actuals = g_strdup_printf ("{\"id\":\"%s\",\"recipients\":1e15,"
                                              "\"open_rate\":0.2,\"ctr\":0.1,"
                                              "\"conversions\":1}", id3);
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  const char *code;

  r = push (NULL, f, "c1",
            mutation (1, "history.save", f->tenant, huge),
            mutation (2, "history.save", f->tenant, negative),
            mutation (3, "history.save", f->tenant, fine),
            mutation (4, "history.set_actuals", f->tenant, actuals),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (result_status (r, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpstr (result_status (r, 1, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpstr (result_status (r, 2, NULL), ==, "applied");
  g_assert_cmpstr (result_status (r, 3, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");

  p = pull (f, "c1", NULL, 100);
  g_assert_cmpuint (json_array_get_length (ops (p)), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (
                       json_object_get_object_member (json_array_get_object_element (ops (p), 0),
                                                      "row"), "predicted_cvr"), ==, 0.25);
}

/* A text with a NUL never reaches the table: the whole push is refused
 * before it is parsed, and nothing is applied. */
static void
test_nul_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = row_id (1);
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"scope\":\"personal\","
                                           "\"name\":\"ab\\u0000cd\",\"segment\":{}}", id);
  g_autoptr(TestReply) r = NULL;

  r = push (NULL, f, "c1", mutation (1, "segment.put", f->tenant, args), NULL);
  g_assert_cmpuint (r->status, ==, 400);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 0);
}

static void
test_gap (Fixture       *f,
          gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(TestReply) r1 = push (NULL, f, "c1", save (f, 1, 1, now), NULL);
  g_autoptr(TestReply) gap = push (NULL, f, "c1", save (f, 3, 3, now), save (f, 4, 4, now), NULL);
  g_autoptr(TestReply) fill = NULL;
  g_autoptr(TestReply) fresh = NULL;
  JsonObject *error;

  g_assert_cmpuint (r1->status, ==, 200);
  g_assert_cmpuint (gap->status, ==, 409);
  g_assert_cmpstr (test_reply_error_code (gap), ==, "mutation_gap");
  error = json_object_get_object_member (test_reply_object (gap), "error");
  g_assert_cmpint (json_object_get_int_member (error, "expected_id"), ==, 2);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT last_mutation_id FROM sync_client"), ==, 1);

  /* Overlapping a duplicate and continuing is fine */
  fill = push (NULL, f, "c1", save (f, 1, 1, now), save (f, 2, 2, now), save (f, 3, 3, now), NULL);
  g_assert_cmpuint (fill->status, ==, 200);
  g_assert_cmpstr (result_status (fill, 0, NULL), ==, "duplicate");
  g_assert_cmpstr (result_status (fill, 2, NULL), ==, "applied");
  g_assert_cmpint (last_id (fill), ==, 3);

  /* A new client must start at 1 */
  fresh = push (NULL, f, "c-new", save (f, 5, 9, now), NULL);
  g_assert_cmpuint (fresh->status, ==, 409);
  error = json_object_get_object_member (test_reply_object (fresh), "error");
  g_assert_cmpint (json_object_get_int_member (error, "expected_id"), ==, 1);
}

/* 2026-04-01 00:00 in Asia/Tokyo */
#define TOKYO_APRIL_1 (G_GINT64_CONSTANT (1774969200) * G_USEC_PER_SEC)

static void
test_free_daily_limit (Fixture       *f,
                       gconstpointer  data)
{
  gint64 day = TOKYO_APRIL_1;
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) next = NULL;
  g_autoptr(TestReply) again = NULL;
  const char *code;

  test_server_set_now (f->ts, day + 2 * G_TIME_SPAN_HOUR);
  /* 23:59:59 on March 31 in Tokyo counts for March 31 (in UTC, both days are March 31) */
  r = push (NULL, f, "c1",
            save (f, 1, 1, day - G_USEC_PER_SEC),
            save (f, 2, 2, day),
            save (f, 3, 3, day + G_TIME_SPAN_MINUTE),
            save (f, 4, 4, day + 2 * G_TIME_SPAN_MINUTE),
            save (f, 5, 5, day + 3 * G_TIME_SPAN_MINUTE),
            save (f, 6, 6, day + 4 * G_TIME_SPAN_MINUTE),
            save (f, 7, 7, day + 5 * G_TIME_SPAN_MINUTE),
            save (f, 8, 8, day + 6 * G_TIME_SPAN_MINUTE),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (result_status (r, i, NULL), ==, "applied");
  /* The sixth of April 1 is rejected, and its id still advances */
  g_assert_cmpstr (result_status (r, 6, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "limit_reached");
  g_assert_cmpstr (result_status (r, 7, &code), ==, "rejected");
  g_assert_cmpint (last_id (r), ==, 8);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 6);

  /* Deleting does not give a save back */
  {
    g_autofree char *id = row_id (2);
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"deleted_at\":%" G_GINT64_FORMAT "}",
                                             id, day + G_TIME_SPAN_HOUR);

    again = push (NULL, f, "c1", mutation (9, "history.delete", f->tenant, args),
                  save (f, 10, 10, day + G_TIME_SPAN_HOUR), NULL);
    g_assert_cmpstr (result_status (again, 0, NULL), ==, "applied");
    g_assert_cmpstr (result_status (again, 1, &code), ==, "rejected");
    g_assert_cmpstr (code, ==, "limit_reached");
  }

  /* The next Tokyo day has five again */
  test_server_set_now (f->ts, day + G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  next = push (NULL, f, "c1", save (f, 11, 11, day + G_TIME_SPAN_DAY), NULL);
  g_assert_cmpstr (result_status (next, 0, NULL), ==, "applied");

  /* Pro saves without a limit */
  test_set_plan (f->ts, "sync@example.jp", "pro");
  {
    g_autoptr(TestReply) pro = push (NULL, f, "c1", save (f, 12, 12, day + G_TIME_SPAN_DAY),
                                     save (f, 13, 13, day + G_TIME_SPAN_DAY),
                                     save (f, 14, 14, day + G_TIME_SPAN_DAY),
                                     save (f, 15, 15, day + G_TIME_SPAN_DAY),
                                     save (f, 16, 16, day + G_TIME_SPAN_DAY), NULL);
    g_assert_cmpstr (result_status (pro, 4, NULL), ==, "applied");
  }
}

static char *
ng_word (Fixture    *f,
         gint64      id,
         guint       row,
         const char *word)
{
  g_autofree char *rid = row_id (row);
  g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"scope\":\"personal\",\"word\":\"%s\","
                                           "\"note\":\"\"}", rid, word);

  return mutation (id, "ng_word.put", f->tenant, args);
}

static void
test_plan_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TestReply) free_word = push (NULL, f, "c1", ng_word (f, 1, 1, "激安"), NULL);
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func ((GDestroyNotify) test_reply_free);
  g_autoptr(TestReply) eleventh = NULL;
  g_autoptr(TestReply) conflict = NULL;
  g_autoptr(TestReply) after_delete = NULL;
  g_autoptr(TestReply) seg = NULL;
  g_autofree char *seg_id = row_id (500);
  g_autofree char *seg_args = g_strdup_printf ("{\"id\":\"%s\",\"scope\":\"personal\","
                                               "\"name\":\"休眠顧客\",\"segment\":"
                                               "{\"audience\":\"dormant\"}}", seg_id);
  const char *code;
  gint64 id = 2;

  /* Free keeps no NG words of its own */
  g_assert_cmpstr (result_status (free_word, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "limit_reached");

  test_set_plan (f->ts, "sync@example.jp", "pro");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *word = g_strdup_printf ("語%u", i);
      TestReply *r = push (NULL, f, "c1", ng_word (f, id++, 10 + i, word), NULL);

      g_assert_cmpstr (result_status (r, 0, NULL), ==, "applied");
      g_ptr_array_add (replies, r);
    }
  eleventh = push (NULL, f, "c1", ng_word (f, id++, 30, "十一"), NULL);
  g_assert_cmpstr (result_status (eleventh, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "limit_reached");

  /* Updating one of the ten is not a new word; a word twice is a conflict (NFKC: ５ = 5) */
  {
    g_autoptr(TestReply) update = push (NULL, f, "c1", ng_word (f, id++, 10, "語0 改"), NULL);
    g_assert_cmpstr (result_status (update, 0, NULL), ==, "applied");
  }
  conflict = push (NULL, f, "c1", ng_word (f, id++, 11, "語２"), NULL);
  g_assert_cmpstr (result_status (conflict, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "conflict");

  /* Deleting one makes room */
  {
    g_autofree char *rid = row_id (13);
    g_autofree char *args = g_strdup_printf ("{\"id\":\"%s\",\"deleted_at\":1}", rid);

    after_delete = push (NULL, f, "c1", mutation (id, "ng_word.delete", f->tenant, args),
                         ng_word (f, id + 1, 31, "十一"), ng_word (f, id + 2, 32, "語3"), NULL);
    id += 3;
    g_assert_cmpstr (result_status (after_delete, 0, NULL), ==, "applied");
    g_assert_cmpstr (result_status (after_delete, 1, NULL), ==, "applied");
    /* Ten live words again: an eleventh is still refused */
    g_assert_cmpstr (result_status (after_delete, 2, &code), ==, "rejected");
  }
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row WHERE entity = 'ng_word'"
                                       " AND deleted_at IS NULL"), ==, 10);

  seg = push (NULL, f, "c1", mutation (id, "segment.put", f->tenant, seg_args), NULL);
  g_assert_cmpstr (result_status (seg, 0, NULL), ==, "applied");
  g_assert_cmpint (test_db_int (f->ts, test_server_is_pg (f->ts)
                                       ? "SELECT count(*) FROM sync_row WHERE entity = 'segment'"
                                         " AND ((row_json::json->>'segment_json')::json"
                                         "  ->>'audience') = 'dormant'"
                                       : "SELECT count(*) FROM sync_row WHERE entity = 'segment'"
                                         " AND json_extract (json_extract (row_json,"
                                         " '$.segment_json'), '$.audience') = 'dormant'"), ==, 1);
}


static char *
id_args (guint  row,
         gint64 deleted_at)
{
  g_autofree char *rid = row_id (row);

  if (deleted_at == 0)
    return g_strdup_printf ("{\"id\":\"%s\"}", rid);
  return g_strdup_printf ("{\"id\":\"%s\",\"deleted_at\":%" G_GINT64_FORMAT "}", rid, deleted_at);
}

static JsonObject *
find_op (TestReply  *reply,
         const char *id)
{
  JsonArray *array = ops (reply);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *op = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (op, "id"), id))
        return op;
    }
  return NULL;
}

/* personal_setting.set: one row per key, last writer wins; a key or value
 * this server does not know, or a team tenant, is refused. */
static void
test_personal_setting (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *team_uuid = test_create_team (f->ts, f->token, "team_s");
  g_autofree char *team = g_strconcat ("team:", team_uuid, NULL);
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  JsonObject *op, *row;
  const char *code;

  r = push (NULL, f, "c1",
            mutation (1, "personal_setting.set", f->tenant, "{\"key\":\"esp_footer\","
                      "\"value\":true}"),
            mutation (2, "personal_setting.set", f->tenant, "{\"key\":\"footer_colour\","
                      "\"value\":true}"),
            mutation (3, "personal_setting.set", f->tenant, "{\"key\":\"esp_footer\","
                      "\"value\":\"yes\"}"),
            mutation (4, "personal_setting.set", f->tenant, "{\"key\":\"esp_footer\"}"),
            mutation (5, "personal_setting.set", team, "{\"key\":\"esp_footer\","
                      "\"value\":true}"),
            mutation (6, "personal_setting.set", f->tenant, "{\"key\":\"esp_footer\","
                      "\"value\":false}"),
            mutation (7, "personal_setting.set", f->tenant, "{\"key\":\"esp_footer\","
                      "\"value\":false}"),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (result_status (r, 0, NULL), ==, "applied");
  for (guint i = 1; i <= 4; i++)
    {
      g_assert_cmpstr (result_status (r, i, &code), ==, "rejected");
      g_assert_cmpstr (code, ==, "invalid_args");
    }
  g_assert_cmpstr (result_status (r, 5, NULL), ==, "applied");
  g_assert_cmpstr (result_status (r, 6, NULL), ==, "applied");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"
                                       " WHERE entity = 'personal_setting'"), ==, 1);

  p = pull (f, "c2", NULL, 100);
  op = find_op (p, "esp_footer");
  g_assert_nonnull (op);
  g_assert_cmpstr (json_object_get_string_member (op, "entity"), ==, "personal_setting");
  row = json_object_get_object_member (op, "row");
  g_assert_cmpstr (json_object_get_string_member (row, "key"), ==, "esp_footer");
  g_assert_cmpstr (json_object_get_string_member (row, "value_json"), ==, "false");
  /* On, then off, then off again: two writes of the row */
  g_assert_cmpint (json_object_get_int_member (op, "version"), ==, 2);
}

/* onboarding_step.done: one row per step, the first time stays; a step
 * this server does not know, a bad time or a team tenant is refused. */
static void
test_onboarding_step (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *team_uuid = test_create_team (f->ts, f->token, "team_s");
  g_autofree char *team = g_strconcat ("team:", team_uuid, NULL);
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  JsonObject *op, *row;
  const char *code;

  r = push (NULL, f, "c1",
            mutation (1, "onboarding_step.done", f->tenant, "{\"step\":\"save\","
                      "\"done_at\":1795255300000000}"),
            mutation (2, "onboarding_step.done", f->tenant, "{\"step\":\"write_a_novel\","
                      "\"done_at\":1795255300000000}"),
            mutation (3, "onboarding_step.done", f->tenant, "{\"step\":\"save\","
                      "\"done_at\":-4}"),
            mutation (4, "onboarding_step.done", f->tenant, "{\"step\":\"save\"}"),
            mutation (5, "onboarding_step.done", team, "{\"step\":\"save\","
                      "\"done_at\":1795255300000000}"),
            /* another device did it earlier: its time wins; later, nothing changes */
            mutation (6, "onboarding_step.done", f->tenant, "{\"step\":\"save\","
                      "\"done_at\":1795255200000000}"),
            mutation (7, "onboarding_step.done", f->tenant, "{\"step\":\"save\","
                      "\"done_at\":1795255400000000}"),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (result_status (r, 0, NULL), ==, "applied");
  for (guint i = 1; i <= 3; i++)
    {
      g_assert_cmpstr (result_status (r, i, &code), ==, "rejected");
      g_assert_cmpstr (code, ==, "invalid_args");
    }
  g_assert_cmpstr (result_status (r, 4, NULL), ==, "rejected");
  g_assert_cmpstr (result_status (r, 5, NULL), ==, "applied");
  g_assert_cmpstr (result_status (r, 6, NULL), ==, "applied");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"
                                       " WHERE entity = 'onboarding_step'"), ==, 1);

  p = pull (f, "c2", NULL, 100);
  op = find_op (p, "save");
  g_assert_nonnull (op);
  g_assert_cmpstr (json_object_get_string_member (op, "entity"), ==, "onboarding_step");
  row = json_object_get_object_member (op, "row");
  g_assert_cmpstr (json_object_get_string_member (row, "step"), ==, "save");
  g_assert_cmpint (json_object_get_int_member (row, "done_at"), ==, 1795255200000000);
  g_assert_cmpint (json_object_get_int_member (op, "version"), ==, 2);
}

static void
test_tombstones (Fixture       *f,
                 gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autofree char *h1 = row_id (1);
  g_autofree char *h2 = row_id (2);
  g_autofree char *del1 = id_args (1, now);
  g_autofree char *del_seg = id_args (3, now);
  g_autofree char *restore2 = id_args (2, 0);
  g_autofree char *del2 = id_args (2, now);
  g_autofree char *seg_args = NULL;
  g_autofree char *actuals = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(TestReply) r1 = NULL;
  g_autoptr(TestReply) r2 = NULL;
  g_autoptr(TestReply) p1 = NULL;
  g_autoptr(TestReply) p2 = NULL;
  g_autoptr(TestReply) p3 = NULL;
  JsonObject *op, *row;

  test_set_plan (f->ts, "sync@example.jp", "pro");
  {
    g_autofree char *sid = row_id (3);
    seg_args = g_strdup_printf ("{\"id\":\"%s\",\"scope\":\"personal\",\"name\":\"新規\","
                                "\"segment\":{}}", sid);
  }
  actuals = g_strdup_printf ("{\"id\":\"%s\",\"recipients\":1000,\"open_rate\":0.25,"
                             "\"ctr\":0.031,\"conversions\":12}", h2);
  r1 = push (NULL, f, "c1", save (f, 1, 1, now), save (f, 2, 2, now),
             mutation (3, "segment.put", f->tenant, seg_args), NULL);
  g_assert_cmpint (last_id (r1), ==, 3);
  p1 = pull (f, "c1", NULL, 100);
  cursor = g_strdup (json_object_get_string_member (test_reply_object (p1), "cursor"));

  r2 = push (NULL, f, "c1",
             mutation (4, "history.delete", f->tenant, del1),
             mutation (5, "segment.delete", f->tenant, del_seg),
             mutation (6, "history.delete", f->tenant, del2),
             mutation (7, "history.restore", f->tenant, restore2),
             mutation (8, "history.set_actuals", f->tenant, actuals),
             mutation (9, "segment.delete", f->tenant, del_seg),
             NULL);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpstr (result_status (r2, i, NULL), ==, "applied");

  /* One op per row, its latest state; deletes are tombstones */
  p2 = pull (f, "c1", cursor, 100);
  g_assert_cmpuint (json_array_get_length (ops (p2)), ==, 3);
  op = find_op (p2, h1);
  g_assert_cmpstr (json_object_get_string_member (op, "op"), ==, "del");
  row = json_object_get_object_member (op, "row");
  g_assert_cmpint (json_object_get_int_member (row, "deleted_at"), ==, now);
  op = find_op (p2, h2);
  g_assert_cmpstr (json_object_get_string_member (op, "op"), ==, "put");
  row = json_object_get_object_member (op, "row");
  g_assert_true (json_object_get_null_member (row, "deleted_at"));
  g_assert_cmpint (json_object_get_int_member (row, "actual_recipients"), ==, 1000);
  g_assert_cmpfloat (json_object_get_double_member (row, "actual_ctr"), ==, 0.031);
  {
    g_autofree char *sid = row_id (3);
    op = find_op (p2, sid);
    g_assert_cmpstr (json_object_get_string_member (op, "op"), ==, "del");
    g_assert_cmpstr (json_object_get_string_member (op, "entity"), ==, "segment");
  }

  /* From the start, tombstones are left out */
  p3 = pull (f, "c2", NULL, 100);
  g_assert_cmpuint (json_array_get_length (ops (p3)), ==, 1);
  g_assert_nonnull (find_op (p3, h2));
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GString) body = g_string_new ("{\"client_id\":\"c1\",\"mutations\":[");
  g_autoptr(TestReply) r = NULL;
  g_autofree char *cursor = NULL;
  gint64 last_version = 0;
  guint total = 0, pages = 0;
  gboolean has_more = TRUE;

  test_set_plan (f->ts, "sync@example.jp", "pro");
  for (guint i = 1; i <= 25; i++)
    {
      g_autofree char *m = save (f, i, i, now);

      if (i > 1)
        g_string_append_c (body, ',');
      g_string_append (body, m);
    }
  g_string_append (body, "]}");
  r = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->token, body->str);
  g_assert_cmpint (last_id (r), ==, 25);

  while (has_more)
    {
      g_autoptr(TestReply) p = pull (f, "c1", cursor, 10);
      JsonArray *array = ops (p);

      has_more = json_object_get_boolean_member (test_reply_object (p), "has_more");
      g_assert_cmpuint (json_array_get_length (array), ==, has_more ? 10 : 5);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 version = json_object_get_int_member (json_array_get_object_element (array, i),
                                                       "version");

          g_assert_cmpint (version, >, last_version);  /* never backwards */
          last_version = version;
        }
      total += json_array_get_length (array);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (test_reply_object (p), "cursor"));
      pages++;
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (total, ==, 25);
  g_assert_true (g_str_has_suffix (cursor, ":25"));
}

static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autofree char *cursor = NULL;
  g_autofree char *del = id_args (1, now);
  g_autoptr(TestReply) r = push (NULL, f, "c1", save (f, 1, 1, now), save (f, 2, 2, now), NULL);
  g_autoptr(TestReply) p1 = pull (f, "c1", NULL, 100);
  g_autoptr(TestReply) p2 = NULL;
  g_autoptr(TestReply) p3 = NULL;
  g_autoptr(TestReply) p4 = NULL;
  g_autoptr(TestReply) p5 = NULL;
  g_autoptr(TestReply) r2 = NULL;
  g_autofree char *future = NULL;
  const char *new_cursor;

  cursor = g_strdup (json_object_get_string_member (test_reply_object (p1), "cursor"));

  /* The staff command changes the epoch: the old cursor gets a reset with every live row */
  g_assert_cmpint (test_run_staff_command (f->ts, "rotate-epoch", NULL), ==, 0);
  p2 = pull (f, "c1", cursor, 100);
  g_assert_true (json_object_get_boolean_member (test_reply_object (p2), "reset"));
  g_assert_cmpuint (json_array_get_length (ops (p2)), ==, 2);
  new_cursor = json_object_get_string_member (test_reply_object (p2), "cursor");
  g_assert_cmpstr (new_cursor, !=, cursor);
  p3 = pull (f, "c1", new_cursor, 100);
  g_assert_false (json_object_get_boolean_member (test_reply_object (p3), "reset"));

  /* A cursor newer than the server knows (a restored backup) */
  future = g_strdup_printf ("%.*s:99", (int) (strrchr (new_cursor, ':') - new_cursor),
                            new_cursor);
  p4 = pull (f, "c1", future, 100);
  g_assert_true (json_object_get_boolean_member (test_reply_object (p4), "reset"));

  /* Tombstones past retention are purged; cursors from before them reset */
  r2 = push (NULL, f, "c1", mutation (3, "history.delete", f->tenant, del), NULL);
  g_assert_cmpstr (result_status (r2, 0, NULL), ==, "applied");
  g_usleep (2000);
  g_assert_cmpint (test_run_staff_command (f->ts, "purge-tombstones", "--days", "0", NULL), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 1);
  p5 = pull (f, "c1", new_cursor, 100);
  g_assert_true (json_object_get_boolean_member (test_reply_object (p5), "reset"));
  g_assert_cmpuint (json_array_get_length (ops (p5)), ==, 1);
}

static void
test_campaign_results (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a = row_id (1);
  g_autofree char *b = row_id (2);
  g_autofree char *c = row_id (3);
  g_autofree char *d = row_id (4);
  g_autofree char *args1 = g_strdup_printf (
    "{\"rows\":[{\"id\":\"%s\",\"natural_key\":\"k1\",\"sent_on\":\"2026-03-01\","
    "\"channel\":\"email\",\"subject\":\"春のセール\",\"body\":\"\",\"recipients\":1000,"
    "\"open_rate\":0.21,\"ctr\":null,\"cv_count\":null,\"cv_type\":null},"
    "{\"id\":\"%s\",\"natural_key\":\"k2\",\"sent_on\":null,\"channel\":\"line\","
    "\"subject\":\"クーポン\",\"body\":\"\",\"recipients\":null,\"open_rate\":null,"
    "\"ctr\":0.05,\"cv_count\":3,\"cv_type\":\"purchase\"},"
    "{\"id\":\"%s\",\"natural_key\":\"k1\",\"sent_on\":\"2026-03-01\",\"channel\":\"email\","
    "\"subject\":\"春のセール\",\"body\":\"\",\"recipients\":1000,\"open_rate\":0.21,"
    "\"ctr\":null,\"cv_count\":null,\"cv_type\":null}]}", a, b, c);
  g_autofree char *args2 = g_strdup_printf (
    "{\"rows\":[{\"id\":\"%s\",\"natural_key\":\"k2\",\"channel\":\"line\",\"subject\":\"x\"}]}",
    d);
  g_autofree char *bad = g_strdup_printf (
    "{\"rows\":[{\"id\":\"%s\",\"natural_key\":\"k9\",\"channel\":\"email\",\"subject\":\"x\"},"
    "{\"id\":\"%s\",\"natural_key\":\"k8\",\"channel\":\"fax\",\"subject\":\"x\"}]}", a, b);
  g_autoptr(TestReply) refused = NULL;
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  const char *code;

  /* Campaign import comes with Team Pro: Free is refused, and told so. */
  refused = push (NULL, f, "c1", mutation (1, "campaign_result.put_many", f->tenant, args1), NULL);
  g_assert_cmpstr (result_status (refused, 0, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "upgrade_needed");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_array_get_object_element (
                         json_object_get_array_member (test_reply_object (refused), "results"), 0),
                       "error"), "plan"), ==, "team_pro_s");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 0);

  test_set_plan (f->ts, "sync@example.jp", "team_pro_s");
  r = push (NULL, f, "c1", mutation (2, "campaign_result.put_many", f->tenant, args1),
            mutation (3, "campaign_result.put_many", f->tenant, args2),
            mutation (4, "campaign_result.put_many", f->tenant, bad), NULL);

  g_assert_cmpstr (result_status (r, 0, NULL), ==, "applied");
  g_assert_cmpstr (result_status (r, 1, NULL), ==, "applied");
  /* One bad row rejects the whole mutation, and nothing of it is written */
  g_assert_cmpstr (result_status (r, 2, &code), ==, "rejected");
  g_assert_cmpstr (code, ==, "invalid_args");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 2);

  p = pull (f, "c1", NULL, 100);
  g_assert_cmpuint (json_array_get_length (ops (p)), ==, 2);
  {
    JsonObject *row = json_object_get_object_member (find_op (p, b), "row");

    g_assert_cmpstr (json_object_get_string_member (row, "cv_type"), ==, "purchase");
    g_assert_true (json_object_get_null_member (row, "sent_on"));
    g_assert_cmpint (json_object_get_int_member (row, "cv_count"), ==, 3);
  }
}

typedef struct
{
  Fixture    *f;
  const char *client;
  guint       first_row;
  gint64      created_at;   /* 0: now */
  guint       applied;
  guint       duplicates;
  guint       rejected;
} PushThread;

/* Pushes 20 saves in batches of 5, each batch twice (a retry after a lost answer). */
static gpointer
push_thread (gpointer data)
{
  PushThread *t = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

  for (guint batch = 0; batch < 4; batch++)
    for (guint attempt = 0; attempt < 2; attempt++)
      {
        guint id = batch * 5 + 1;
        guint row = t->first_row + batch * 5;
        gint64 now = t->created_at != 0 ? t->created_at : g_get_real_time ();
        g_autoptr(TestReply) r = push (session, t->f, t->client,
                                       save (t->f, id, row, now), save (t->f, id + 1, row + 1, now),
                                       save (t->f, id + 2, row + 2, now),
                                       save (t->f, id + 3, row + 3, now),
                                       save (t->f, id + 4, row + 4, now), NULL);

        g_assert_cmpuint (r->status, ==, 200);
        for (guint i = 0; i < 5; i++)
          {
            const char *status = result_status (r, i, NULL);

            if (g_str_equal (status, "applied"))
              t->applied++;
            else if (g_str_equal (status, "duplicate"))
              t->duplicates++;
            else
              t->rejected++;
          }
      }
  return NULL;
}

static void
run_concurrently (Fixture    *f,
                  PushThread *threads,
                  guint       n)
{
  g_autoptr(GPtrArray) handles = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (handles, g_thread_new ("push", push_thread, &threads[i]));
  for (guint i = 0; i < n; i++)
    g_thread_join (g_ptr_array_index (handles, i));
}

static void
test_concurrent_pushes (Fixture       *f,
                        gconstpointer  data)
{
  /* Two devices of one user, and a third thread replaying the first device */
  PushThread threads[] = {
    { f, "laptop", 1 }, { f, "desktop", 101 }, { f, "laptop", 1 },
  };
  PushThread free_threads[] = {
    { f, "phone", 201, TOKYO_APRIL_1 }, { f, "tablet", 301, TOKYO_APRIL_1 },
  };
  guint applied = 0, duplicates = 0, rejected = 0;

  test_set_plan (f->ts, "sync@example.jp", "pro");
  run_concurrently (f, threads, G_N_ELEMENTS (threads));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      applied += threads[i].applied;
      duplicates += threads[i].duplicates;
      rejected += threads[i].rejected;
    }
  /* 40 distinct mutations, each applied exactly once */
  g_assert_cmpuint (applied, ==, 40);
  g_assert_cmpuint (duplicates, ==, 80);
  g_assert_cmpuint (rejected, ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 40);
  g_assert_cmpint (test_db_int (f->ts, "SELECT version FROM tenant WHERE kind = 'personal'"
                                       " AND version > 0"), ==, 40);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(DISTINCT version) FROM sync_row"), ==, 40);

  /* The Free limit holds across two devices saving at once */
  test_set_plan (f->ts, "sync@example.jp", "free");
  test_db_exec (f->ts, "DELETE FROM sync_row");
  test_server_set_now (f->ts, TOKYO_APRIL_1 + G_TIME_SPAN_HOUR);
  run_concurrently (f, free_threads, G_N_ELEMENTS (free_threads));
  applied = free_threads[0].applied + free_threads[1].applied;
  rejected = free_threads[0].rejected + free_threads[1].rejected;
  g_assert_cmpuint (applied, ==, 5);
  g_assert_cmpuint (rejected, ==, 35);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 5);
}

/* A saved scoring's message and result are JSON texts every device parses
 * again when it reopens the scoring: one that is not a JSON object, or
 * nests deeper than JSON from outside may (100,000 arrays overflowed
 * json-glib's stack; 5,000 fit this test server's body limit), is
 * invalid_args and never reaches another device. */
static void
test_saved_json_bounded (Fixture       *f,
                         gconstpointer  data)
{
  gint64 now = g_get_real_time ();
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *id1 = row_id (1);
  g_autofree char *id2 = row_id (2);
  g_autofree char *id3 = row_id (3);
  g_autofree char *args1 = test_history_save_args (id1, now);
  g_autofree char *args2 = test_history_save_args (id2, now);
  g_autofree char *args3 = test_history_save_args (id3, now);
  g_autoptr(GString) deep_input = g_string_new (args1);
  g_autoptr(GString) deep_result = g_string_new (args2);
  g_autoptr(GString) not_json = g_string_new (args3);
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) p = NULL;
  const char *code;

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, ']');
  g_string_replace (deep_input, "\"input_json\":\"{}\"", "\"input_json\":\"@\"", 1);
  g_string_replace (deep_input, "@", deep->str, 1);
  g_string_replace (deep_result, "\"result_json\":\"{\\\"schema\\\":1}\"",
                    "\"result_json\":\"{\\\"a\\\":@}\"", 1);
  g_string_replace (deep_result, "@", deep->str, 1);
  g_string_replace (not_json, "\"input_json\":\"{}\"", "\"input_json\":\"[1, 2\"", 1);
  g_assert_cmpuint (deep_input->len, >, 10000);
  g_assert_cmpuint (deep_result->len, >, 10000);

  r = push (NULL, f, "c1",
            mutation (1, "history.save", f->tenant, deep_input->str),
            mutation (2, "history.save", f->tenant, deep_result->str),
            mutation (3, "history.save", f->tenant, not_json->str),
            NULL);
  g_assert_cmpuint (r->status, ==, 200);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (result_status (r, i, &code), ==, "rejected");
      g_assert_cmpstr (code, ==, "invalid_args");
    }
  p = pull (f, "c1", NULL, 100);
  g_assert_cmpuint (json_array_get_length (ops (p)), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sync_row"), ==, 0);
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
  ADD ("/ms/server/sync/applied-duplicate", test_applied_duplicate);
  ADD ("/ms/server/sync/rejected-advances", test_rejected_advances);
  ADD ("/ms/server/sync/numeric-ranges", test_numeric_ranges);
  ADD ("/ms/server/sync/nul-refused", test_nul_refused);
  ADD ("/ms/server/sync/saved-json-bounded", test_saved_json_bounded);
  ADD ("/ms/server/sync/gap", test_gap);
  ADD ("/ms/server/sync/free-daily-limit", test_free_daily_limit);
  ADD ("/ms/server/sync/plan-limits", test_plan_limits);
  ADD ("/ms/server/sync/personal-setting", test_personal_setting);
  ADD ("/ms/server/sync/onboarding-step", test_onboarding_step);
  ADD ("/ms/server/sync/tombstones", test_tombstones);
  ADD ("/ms/server/sync/paging", test_paging);
  ADD ("/ms/server/sync/reset", test_reset);
  ADD ("/ms/server/sync/campaign-results", test_campaign_results);
  ADD ("/ms/server/sync/concurrent-pushes", test_concurrent_pushes);
#undef ADD

  return g_test_run ();
}
