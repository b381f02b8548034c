/* test-feedback.c — a reviewer's feedback on a Team Pro member's share link
 *
 * Over real HTTP, on both backends: the form is on the page of a link whose
 * maker is in a Team Pro team (and not on a Team team's or a lone
 * account's); a sent form becomes one feedback row in the team's tenant,
 * which every member pulls; a form without its token, with a forged one,
 * with another link's, or with one already used is refused and stores
 * nothing; out-of-range fields are refused with what was typed kept and
 * escaped; the sixth form a minute from one address gets 429.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-test.h"

typedef struct
{
  TestServer *ts;
  char       *owner, *owner_tenant;
  char       *member, *member_tenant;
  char       *team, *team_tenant;
} Fixture;

static const char *message =
  "{\"schema\":1,\"channel\":\"email\","
  "\"subject\":\"【3日間限定】春の新作コートが業界最安値で20%OFF\","
  "\"preheader\":\"会員さま限定のご案内です\","
  "\"body\":\"いつもご利用ありがとうございます。\\n春の新作コートを3日間限定で20%OFFにてご案内します。"
  "\\nhttps://example.jp/sale\\n\\n配信停止はこちら：https://example.jp/unsubscribe\","
  "\"segment\":{\"industry\":\"fashion\",\"audience\":\"existing\",\"goal\":\"purchase\"}}";

static void
join (TestServer *ts,
      const char *owner,
      const char *team,
      const char *email,
      const char *token)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invites", team);
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"role\":\"member\"}", email);
  g_autoptr(TestReply) invite = test_request (NULL, ts, "POST", path, owner, body);
  g_autofree char *accept = NULL;
  g_autoptr(TestReply) accepted = NULL;

  g_assert_cmpuint (invite->status, ==, 201);
  accept = g_strdup_printf ("{\"token\":\"%s\"}",
                            json_object_get_string_member (test_reply_object (invite), "token"));
  accepted = test_request (NULL, ts, "POST", "/v1/invites/accept", token, accept);
  g_assert_cmpuint (accepted->status, ==, 200);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  f->owner = test_signup (f->ts, "owner@example.jp", &f->owner_tenant, NULL);
  f->member = test_signup (f->ts, "member@example.jp", &f->member_tenant, NULL);
  f->team = test_create_team (f->ts, f->owner, "team_pro_s");
  f->team_tenant = g_strconcat ("team:", f->team, NULL);
  join (f->ts, f->owner, f->team, "member@example.jp", f->member);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->owner);
  g_free (f->owner_tenant);
  g_free (f->member);
  g_free (f->member_tenant);
  g_free (f->team);
  g_free (f->team_tenant);
  test_server_stop (f->ts);
}

/* A link of @token's account in @tenant; its path. */
static char *
share (TestServer *ts,
       const char *token,
       const char *tenant)
{
  g_autofree char *body = test_share_body (tenant, message, "サンプル通販");
  g_autoptr(TestReply) reply = NULL;
  char *with_history = g_strdup_printf ("{\"history_id\":\"h-1\",%s", body + 1);

  reply = test_request (NULL, ts, "POST", "/v1/shares", token, with_history);
  g_free (with_history);
  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (test_reply_object (reply), "path"));
}

static TestReply *
post_form (TestServer *ts,
           const char *path,
           const char *form)
{
  g_autofree char *uri = g_strconcat (ts->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  TestReply *reply = g_new0 (TestReply, 1);

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
  response = soup_session_send_and_read (ts->session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
  return reply;
}

/* The form token on the page at @path, or NULL when it has no form. */
static char *
form_token (TestServer *ts,
            const char *path)
{
  g_autoptr(TestReply) page = test_request (NULL, ts, "GET", path, NULL, NULL);
  const char *at, *end;

  g_assert_cmpuint (page->status, ==, 200);
  at = strstr (page->body, "name=\"csrf\" value=\"");
  if (at == NULL)
    return NULL;
  g_assert_nonnull (strstr (page->body, "このスコアへのフィードバック"));
  at += strlen ("name=\"csrf\" value=\"");
  end = strchr (at, '"');
  g_assert_nonnull (end);
  return g_strndup (at, end - at);
}

static gint64
stored (Fixture *f)
{
  return test_db_int (f->ts, "SELECT count(*) FROM sync_row WHERE entity = 'feedback'");
}

/* The feedback rows @token pulls from the team: id → row. */
static JsonArray *
pull_feedback (Fixture    *f,
               const char *token)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"pull\",\"tenant\":\"%s\","
                                           "\"limit\":1000}", f->team_tenant);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/sync/pull", token, body);
  JsonArray *rows = json_array_new ();
  JsonArray *ops;

  g_assert_cmpuint (reply->status, ==, 200);
  ops = json_object_get_array_member (test_reply_object (reply), "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);

      if (g_str_equal (json_object_get_string_member (op, "entity"), "feedback"))
        json_array_add_object_element (rows,
                                       json_object_ref (json_object_get_object_member (op,
                                                                                       "row")));
    }
  return rows;
}

#define GOOD_FORM "&role=director&rating=high&corrected_score=62" \
                  "&axes=cta&axes=open&comment=%E3%80%8C%E6%9C%80%E5%AE%89%E5%80%A4%E3%80%8D" \
                  "%E3%81%AF%E4%BD%BF%E3%82%8F%E3%81%AA%E3%81%84%E3%81%A7&reviewer_name=%E4%BD%90%E8%97%A4"

/* ------------------------------------------------------------------------ */

static void
test_form_only_for_team_pro (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *team_path = share (f->ts, f->member, f->member_tenant);
  g_autofree char *csrf = form_token (f->ts, team_path);
  g_autofree char *lone_tenant = NULL;
  g_autofree char *lone = test_signup (f->ts, "lone@example.jp", &lone_tenant, NULL);
  g_autofree char *lone_path = share (f->ts, lone, lone_tenant);
  g_autofree char *lone_csrf = form_token (f->ts, lone_path);
  g_autofree char *plain_tenant = NULL;
  g_autofree char *plain = test_signup (f->ts, "plain@example.jp", &plain_tenant, NULL);
  g_autofree char *plain_team = test_create_team (f->ts, plain, "team_s");
  g_autofree char *plain_path = share (f->ts, plain, plain_tenant);
  g_autofree char *plain_csrf = form_token (f->ts, plain_path);
  g_autofree char *form = NULL;
  g_autoptr(TestReply) reply = NULL;

  g_assert_nonnull (csrf);
  g_assert_null (lone_csrf);      /* no team */
  g_assert_null (plain_csrf);     /* a Team plan, without reviewer feedback */

  /* a form posted to a link without one is refused, nothing stored */
  form = g_strconcat ("csrf=", csrf, GOOD_FORM, NULL);
  reply = post_form (f->ts, plain_path, form);
  g_assert_cmpuint (reply->status, ==, 403);
  g_assert_cmpint (stored (f), ==, 0);
}

static void
test_submit_reaches_the_team (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = share (f->ts, f->member, f->member_tenant);
  g_autofree char *csrf = form_token (f->ts, path);
  g_autofree char *form = g_strconcat ("csrf=", csrf, GOOD_FORM, NULL);
  g_autofree char *member_id = g_strdup (f->member_tenant + strlen ("user:"));
  g_autoptr(TestReply) reply = post_form (f->ts, path, form);
  g_autoptr(JsonArray) owner_rows = NULL;
  g_autoptr(JsonArray) member_rows = NULL;
  JsonObject *row;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_nonnull (strstr (reply->body, "フィードバックを送信しました"));
  g_assert_cmpint (stored (f), ==, 1);

  owner_rows = pull_feedback (f, f->owner);
  member_rows = pull_feedback (f, f->member);
  g_assert_cmpuint (json_array_get_length (owner_rows), ==, 1);
  g_assert_cmpuint (json_array_get_length (member_rows), ==, 1);
  row = json_array_get_object_element (member_rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "director");
  g_assert_cmpstr (json_object_get_string_member (row, "rating"), ==, "high");
  g_assert_cmpint (json_object_get_int_member (row, "corrected_score"), ==, 62);
  g_assert_cmpstr (json_object_get_string_member (row, "axes"), ==, "open,cta");
  g_assert_cmpstr (json_object_get_string_member (row, "comment"), ==, "「最安値」は使わないで");
  g_assert_cmpstr (json_object_get_string_member (row, "reviewer_name"), ==, "佐藤");
  g_assert_cmpstr (json_object_get_string_member (row, "shared_by"), ==, member_id);
  g_assert_cmpstr (json_object_get_string_member (row, "history_id"), ==, "h-1");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "open");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "title"), "【3日間限定】"));
  g_assert_cmpint (json_object_get_int_member (row, "engine_total"), >, 0);

  /* the member resolves it; an outsider to the scoring cannot push submit */
  {
    g_autofree char *body = g_strdup_printf (
      "{\"client_id\":\"c\",\"mutations\":[{\"id\":1,\"name\":\"feedback.submit\","
      "\"tenant\":\"%s\",\"args\":{\"id\":\"fake\",\"link_id\":\"l\",\"shared_by\":\"%s\","
      "\"engine_total\":50,\"role\":\"director\",\"rating\":\"fair\"}}]}",
      f->team_tenant, member_id);
    g_autoptr(TestReply) push = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->owner,
                                              body);
    JsonObject *result;

    g_assert_cmpuint (push->status, ==, 200);
    result = json_array_get_object_element (json_object_get_array_member (
                                              test_reply_object (push), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
    g_assert_cmpint (stored (f), ==, 1);
  }
}

static void
test_csrf (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *path = share (f->ts, f->member, f->member_tenant);
  g_autofree char *other_path = share (f->ts, f->member, f->member_tenant);
  g_autofree char *csrf = form_token (f->ts, path);
  g_autofree char *other_csrf = form_token (f->ts, other_path);
  g_autofree char *forged = g_strdup (csrf);
  g_autofree char *form = NULL;

  /* no token */
  {
    g_autoptr(TestReply) reply = post_form (f->ts, path, GOOD_FORM + 1);

    g_assert_cmpuint (reply->status, ==, 403);
    g_assert_nonnull (strstr (reply->body, "この送信フォームは無効か"));
    g_assert_cmpint (stored (f), ==, 0);
  }
  /* a forged one (one character changed) and another link's */
  forged[10] = forged[10] == 'A' ? 'B' : 'A';
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *bad = g_strconcat ("csrf=", i == 0 ? forged : other_csrf, GOOD_FORM, NULL);
      g_autoptr(TestReply) reply = post_form (f->ts, path, bad);

      g_assert_cmpuint (reply->status, ==, 403);
      g_assert_cmpint (stored (f), ==, 0);
    }
  /* once, then the same token again */
  form = g_strconcat ("csrf=", csrf, GOOD_FORM, NULL);
  {
    g_autoptr(TestReply) first = post_form (f->ts, path, form);
    g_autoptr(TestReply) again = NULL;

    g_assert_cmpuint (first->status, ==, 200);
    g_assert_cmpint (stored (f), ==, 1);
    test_server_set_now (f->ts, g_get_real_time () + 61 * G_USEC_PER_SEC);
    again = post_form (f->ts, path, form);
    g_assert_cmpuint (again->status, ==, 403);
    g_assert_nonnull (strstr (again->body, "すでに送信されています"));
    g_assert_cmpint (stored (f), ==, 1);
  }
  /* a day later the form has gone stale */
  {
    g_autofree char *stale = g_strconcat ("csrf=", other_csrf, GOOD_FORM, NULL);
    g_autoptr(TestReply) reply = NULL;

    test_server_set_now (f->ts, g_get_real_time () + (gint64) 25 * 3600 * G_USEC_PER_SEC);
    reply = post_form (f->ts, other_path, stale);
    g_assert_cmpuint (reply->status, ==, 403);
    g_assert_cmpint (stored (f), ==, 1);
  }
}

static void
test_bounds (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = share (f->ts, f->member, f->member_tenant);
  g_autoptr(GString) long_comment = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  struct { const char *fields; guint status; const char *says; } cases[] = {
    { "&rating=high", 422, "立場を選んでください" },
    { "&role=boss&rating=high", 422, "立場を選んでください" },
    { "&role=manager", 422, "AIスコアの評価を選んでください" },
    { "&role=manager&rating=low&corrected_score=101", 422, "0〜100の整数" },
    { "&role=manager&rating=low&corrected_score=-3", 422, "0〜100の整数" },
    { "&role=manager&rating=low&axes=bogus", 422, "一覧から選んで" },
    { "&role=manager&rating=low&reviewer_name=%3Cb%3E%E5%90%8D%E5%89%8D%E3%81%8C%E9%95%B7"
      "%E3%81%84%E3%81%AE%E3%81%A7%E3%81%99%E3%81%8C%E4%BD%95%E6%96%87%E5%AD%97%E3%81%BE%E3"
      "%81%A7%E5%85%A5%E3%82%8B%E3%81%AE%E3%81%A7%E3%81%97%E3%82%87%E3%81%86%E3%81%8B%E3%80"
      "%81%E3%81%A8%E3%81%A6%E3%82%82%E9%95%B7%E3%81%84%E5%90%8D%E5%89%8D%E3%81%A7%E3%81%99"
      "%E3%80%81%E3%81%A8%E3%81%A6%E3%82%82%E9%95%B7%E3%81%84%E5%90%8D%E5%89%8D%E3%81%A7%E3"
      "%81%99%E3%80%82%E3%81%BE%E3%81%A0%E7%B6%9A%E3%81%8D%E3%81%BE%E3%81%99", 422,
      "50文字以内" },
  };

  for (guint i = 0; i < 2001; i++)
    g_string_append_c (long_comment, 'a');
  for (guint i = 0; i < G_N_ELEMENTS (cases) + 2; i++)
    {
      g_autofree char *csrf = form_token (f->ts, path);
      g_autofree char *form = NULL;
      g_autoptr(TestReply) reply = NULL;

      /* five forms a minute from one address: each case in a minute of its own */
      test_server_set_now (f->ts, g_get_real_time () + (i + 1) * 61 * G_USEC_PER_SEC);
      if (i < G_N_ELEMENTS (cases))
        form = g_strdup_printf ("csrf=%s%s", csrf, cases[i].fields);
      else if (i == G_N_ELEMENTS (cases))
        form = g_strdup_printf ("csrf=%s&role=senior&rating=fair&comment=%s", csrf,
                                long_comment->str);
      else
        {
          for (guint k = 0; k < 20000; k++)
            g_string_append_c (huge, 'x');
          form = g_strdup_printf ("csrf=%s&role=senior&rating=fair&comment=%s", csrf, huge->str);
        }
      reply = post_form (f->ts, path, form);
      if (i < G_N_ELEMENTS (cases))
        {
          g_test_message ("case %u: %u", i, reply->status);
          g_assert_cmpuint (reply->status, ==, cases[i].status);
          g_assert_nonnull (strstr (reply->body, cases[i].says));
        }
      else if (i == G_N_ELEMENTS (cases))
        {
          g_assert_cmpuint (reply->status, ==, 422);
          g_assert_nonnull (strstr (reply->body, "2000文字以内"));
        }
      else
        g_assert_cmpuint (reply->status, ==, 400);
      g_assert_cmpint (stored (f), ==, 0);
    }
  /* what was typed comes back, escaped */
  {
    g_autofree char *csrf = form_token (f->ts, path);
    g_autofree char *form = g_strdup_printf ("csrf=%s&rating=low&comment=%%3Cscript%%3Ex", csrf);
    g_autoptr(TestReply) reply = NULL;

    test_server_set_now (f->ts, g_get_real_time () + 30 * 61 * G_USEC_PER_SEC);
    reply = post_form (f->ts, path, form);
    g_assert_cmpuint (reply->status, ==, 422);
    g_assert_nonnull (strstr (reply->body, "&lt;script&gt;x</textarea>"));
    g_assert_null (strstr (reply->body, "<script>"));
    g_assert_nonnull (strstr (reply->body, "value=\"low\" checked"));
  }
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = share (f->ts, f->member, f->member_tenant);

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(TestReply) reply = post_form (f->ts, path, "role=senior&rating=fair");

      if (i < 5)
        g_assert_cmpuint (reply->status, ==, 403);   /* no token */
      else
        {
          g_assert_cmpuint (reply->status, ==, 429);
          g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Retry-After"));
          g_assert_nonnull (strstr (reply->body, "送信が多すぎます"));
        }
    }
  /* an unknown link is the share page's 404 */
  test_server_set_now (f->ts, g_get_real_time () + 61 * G_USEC_PER_SEC);
  {
    g_autoptr(TestReply) reply = post_form (f->ts, "/r/AAAAAAAAAAAAAAAAAAAAAA",
                                            "role=senior");

    g_assert_cmpuint (reply->status, ==, 404);
  }
  g_assert_cmpint (stored (f), ==, 0);
}

/* POST /v1/score with a new key of @owner's team; its result. */
static JsonNode *
api_score (Fixture    *f,
           const char *owner,
           const char *team)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s/api-keys", team);
  g_autoptr(TestReply) made = test_request (NULL, f->ts, "POST", path, owner, "{\"name\":\"k\"}");
  g_autoptr(TestReply) scored = NULL;
  g_autofree char *body = g_strdup_printf ("{\"language\":\"ja\",\"variants\":false,%s",
                                           message + 1);

  g_assert_cmpuint (made->status, ==, 201);
  scored = test_request (NULL, f->ts, "POST", "/v1/score",
                         json_object_get_string_member (test_reply_object (made), "key"), body);
  g_assert_cmpuint (scored->status, ==, 200);
  return json_node_ref (scored->json);
}

static gboolean
has_rule (JsonNode   *result,
          const char *rule_id)
{
  JsonArray *findings = json_object_get_array_member (json_node_get_object (result), "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (findings, i),
                                                    "rule_id"), rule_id))
      return TRUE;
  return FALSE;
}

/* Five reviewers' forms teach the team; the scoring API applies it, and an
 * owner's choice turns a part of it off. */
static void
test_knowledge_in_the_api (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = share (f->ts, f->member, f->member_tenant);
  g_autofree char *other_tenant = NULL;
  g_autofree char *other = test_signup (f->ts, "other@example.jp", &other_tenant, NULL);
  g_autofree char *other_team = test_create_team (f->ts, other, "team_pro_s");
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(JsonNode) taught = NULL;
  g_autoptr(JsonNode) off = NULL;
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *csrf = form_token (f->ts, path);
      g_autofree char *form = g_strconcat ("csrf=", csrf, "&role=director&rating=high"
                                           "&corrected_score=40&axes=cta&comment="
                                           "%E3%80%8C%E6%A5%AD%E7%95%8C%E6%9C%80%E5%AE%89%E5%80%A4"
                                           "%E3%80%8D", NULL);   /* 「業界最安値」 */
      g_autoptr(TestReply) reply = NULL;

      test_server_set_now (f->ts, now + i * 61 * G_USEC_PER_SEC);
      reply = post_form (f->ts, path, form);
      g_assert_cmpuint (reply->status, ==, 200);
    }
  g_assert_cmpint (stored (f), ==, 5);

  plain = api_score (f, other, other_team);
  taught = api_score (f, f->owner, f->team);
  g_assert_false (has_rule (plain, "team.knowledge.calibration"));
  g_assert_true (has_rule (taught, "team.knowledge.calibration"));
  g_assert_true (has_rule (taught, "team.knowledge.rule"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (taught), "total"), <,
                   json_object_get_int_member (json_node_get_object (plain), "total"));

  /* an owner turns the calibration off: the API follows at once */
  {
    const char *key = "calibration:director:cta";
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
    g_autofree char *body = g_strdup_printf (
      "{\"client_id\":\"o\",\"mutations\":[{\"id\":1,\"name\":\"knowledge_state.set\","
      "\"tenant\":\"%s\",\"args\":{\"id\":\"k_%.32s\",\"key\":\"%s\",\"enabled\":false}}]}",
      f->team_tenant, hash, key);
    g_autoptr(TestReply) push = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->owner,
                                              body);
    JsonObject *result;

    g_assert_cmpuint (push->status, ==, 200);
    result = json_array_get_object_element (json_object_get_array_member (
                                              test_reply_object (push), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  }
  off = api_score (f, f->owner, f->team);
  g_assert_false (has_rule (off, "team.knowledge.calibration"));
  g_assert_true (has_rule (off, "team.knowledge.rule"));
  test_server_set_now (f->ts, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/feedback/form-only-for-team-pro", Fixture, NULL, setup,
              test_form_only_for_team_pro, teardown);
  g_test_add ("/feedback/submit", Fixture, NULL, setup, test_submit_reaches_the_team, teardown);
  g_test_add ("/feedback/csrf", Fixture, NULL, setup, test_csrf, teardown);
  g_test_add ("/feedback/bounds", Fixture, NULL, setup, test_bounds, teardown);
  g_test_add ("/feedback/rate-limit", Fixture, NULL, setup, test_rate_limit, teardown);
  g_test_add ("/feedback/knowledge-in-the-api", Fixture, NULL, setup, test_knowledge_in_the_api,
              teardown);
  return g_test_run ();
}
