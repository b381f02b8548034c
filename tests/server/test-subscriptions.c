/* test-subscriptions.c — subscriptions over HTTP: trials, plan changes, renewals, invoices, payments
 *
 * The server's clock is set (test_server_set_now) to walk a team through
 * its trial, a paid period, an upgrade, a downgrade that waits for the
 * period's end, a cancellation, invoices and payments. Every charge is
 * compared with ms_billing_quote_change(), the function the app's preview
 * calls, on the subscription the server reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "billing/ms-billing.h"
#include "csm/ms-csm-account.h"
#include "ms-server-backends.h"
#include "ms-server-csm-job.h"
#include "ms-test-db.h"
#include "sync/ms-mutation.h"
#include "server-test.h"

#define DAY(y, m, d) ms_billing_day_new (y, m, d)
#define HOUR G_TIME_SPAN_HOUR
#define ISSUER_NUMBER "T7000012050002"

typedef struct
{
  TestServer *ts;
  char       *token;
  char       *team;
  char       *tenant;
  gint64      next_mutation;
} Fixture;

/* 10:00 in Tokyo on @day */
static gint64
at (MsBillingDay day)
{
  return ms_billing_day_to_time (day) + 10 * HOUR;
}

/* The server's clock moves to @day; sign in again (tokens last an hour). */
static void
travel (Fixture      *f,
        MsBillingDay  day)
{
  guint status = 0;

  test_server_set_now (f->ts, at (day));
  g_free (f->token);
  f->token = test_signin (f->ts, "owner@example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->ts = test_server_start ();
  g_assert_cmpint (test_run_staff_command (f->ts, "set-issuer", "--name", "株式会社メッセージスコア",
                                           "--registration-number", ISSUER_NUMBER, "--address",
                                           "東京都千代田区", NULL), ==, 0);
  test_server_set_now (f->ts, at (DAY (2026, 12, 1)));
  f->token = test_signup (f->ts, "owner@example.jp", NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_free (f->token);
  g_free (f->team);
  g_free (f->tenant);
  test_server_stop (f->ts);
}

static char *
create_team (Fixture    *f,
             const char *plan,
             const char *cycle)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"販促チーム\",\"plan\":\"%s\","
                                           "\"cycle\":\"%s\",\"company_name\":"
                                           "\"株式会社ノースリーフ\"}", plan, cycle);
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "POST", "/v1/teams", f->token, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_object_get_string_member (test_reply_object (reply), "id"));
}

static TestReply *
billing (Fixture    *f,
         const char *method,
         const char *tail,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/teams/%s%s", f->team, tail);

  return test_request (NULL, f->ts, method, path, f->token, body);
}

static JsonObject *
subscription (TestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_object_member (test_reply_object (reply), "subscription");
}

static const char *
team_plan (Fixture *f)
{
  static char plan[32];
  g_autoptr(TestReply) reply = test_request (NULL, f->ts, "GET", "/v1/teams", f->token, NULL);
  JsonArray *teams = json_object_get_array_member (test_reply_object (reply), "teams");

  for (guint i = 0; i < json_array_get_length (teams); i++)
    {
      JsonObject *t = json_array_get_object_element (teams, i);

      if (g_str_equal (json_object_get_string_member (t, "id"), f->team))
        {
          g_strlcpy (plan, json_object_get_string_member (t, "plan"), sizeof plan);
          return plan;
        }
    }
  g_assert_not_reached ();
}

static JsonArray *
invoices (TestReply *reply)
{
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_get_array_member (test_reply_object (reply), "invoices");
}

/* What the app would show for the change: the core function on the
 * subscription the server reports. */
static gint64
preview (TestReply      *current,
         const char     *plan,
         MsBillingCycle  cycle,
         MsBillingDay    today)
{
  g_auto(MsSubscriptionState) state = { 0 };
  g_autoptr(MsBillingQuote) quote = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o = test_reply_object (current);

  g_assert_true (ms_subscription_state_from_json (subscription (current), &state, &error));
  quote = ms_billing_quote_change (&state, plan, cycle,
                                   json_object_get_int_member (o, "extra_owners"), today, &error);
  g_assert_no_error (error);
  return quote->subtotal;
}

/* The trial: 14 days, no invoice; then the first period is invoiced. */
static void
test_trial_then_paid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  JsonObject *o;
  JsonArray *list;

  f->team = create_team (f, "team_s", "monthly");
  r = billing (f, "GET", "/subscription", NULL);
  o = test_reply_object (r);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "status"), ==, "trialing");
  g_assert_cmpint (json_object_get_int_member (o, "trial_days_left"), ==, 14);
  g_assert_cmpstr (json_object_get_string_member (o, "next_billing_on"), ==, "2026-12-15");
  g_assert_cmpstr (json_object_get_string_member (o, "company_name"), ==, "株式会社ノースリーフ");
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpuint (json_array_get_length (invoices (r)), ==, 0);

  /* The last day of the trial: still trialing. */
  travel (f, DAY (2026, 12, 14));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpint (json_object_get_int_member (test_reply_object (r), "trial_days_left"), ==, 1);

  /* The day after: the first month, from December 15th, invoiced. */
  travel (f, DAY (2026, 12, 15));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "period_end"), ==,
                   "2027-01-15");
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  list = invoices (r);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 5478);   /* 4,980 + 10 % */
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "unpaid");
  g_assert_cmpstr (json_object_get_string_member (o, "due_on"), ==, "2027-01-14");

  /* A second team of the same account: no second trial, invoiced at once. */
  {
    g_autofree char *second = create_team (f, "team_pro_s", "yearly");
    g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invoices", second);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "GET", path, f->token, NULL);

    g_assert_cmpuint (json_array_get_length (invoices (r2)), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invoices (r2),
                                                                                0), "total"),
                     ==, 107800);   /* 98,000 + 10 % */
  }
  /* Running the biller again issues nothing new. */
  g_assert_cmpint (test_run_staff_command (f->ts, "bill", NULL), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM invoice"), ==, 2);
}

/* An upgrade is charged at once, pro-rated as the app previews it; a
 * downgrade waits for the period's end, and not a day less. */
static void
test_upgrade_and_downgrade (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autoptr(TestReply) before = NULL;
  JsonObject *o;
  gint64 expected;

  /* Past the trial: paid from December 15th (anchor), monthly. */
  f->team = create_team (f, "team_s", "monthly");
  travel (f, DAY (2027, 1, 20));
  before = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (subscription (before), "period_start"), ==,
                   "2027-01-15");

  /* Team M on January 20th: 26 of 31 days left: 4,000 × 26 / 31 = 3,354.8 */
  expected = preview (before, "team_m", MS_BILLING_MONTHLY, DAY (2027, 1, 20));
  g_assert_cmpint (expected, ==, 3354);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_m\"}");
  o = test_reply_object (r);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (o, "charged"), ==, expected);
  g_assert_nonnull (json_object_get_string_member (o, "invoice"));
  g_assert_cmpstr (team_plan (f), ==, "team_m");

  /* Back to Team S: nothing charged, Team M until February 15th. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_s\"}");
  o = test_reply_object (r);
  g_assert_cmpint (json_object_get_int_member (o, "charged"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "plan_next"), ==, "team_s");
  g_assert_true (json_object_get_null_member (o, "invoice"));
  g_assert_cmpstr (team_plan (f), ==, "team_m");

  travel (f, DAY (2027, 2, 14));
  g_assert_cmpstr (team_plan (f), ==, "team_m");
  travel (f, DAY (2027, 2, 15));
  g_assert_cmpstr (team_plan (f), ==, "team_s");
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  /* December 15th and January 15th, the upgrade, February 15th on Team S */
  g_assert_cmpuint (json_array_get_length (invoices (r)), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invoices (r), 0),
                                               "total"), ==, 5478);

  /* Yearly from today: the month's unused days are credited. */
  travel (f, DAY (2027, 2, 20));
  g_clear_pointer (&before, test_reply_free);
  before = billing (f, "GET", "/subscription", NULL);
  expected = preview (before, "team_s", MS_BILLING_YEARLY, DAY (2027, 2, 20));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_s\",\"cycle\":\"yearly\"}");
  g_assert_cmpint (json_object_get_int_member (test_reply_object (r), "charged"), ==, expected);
  /* 49,800 − 4,980 × 23 / 28 = 49,800 − 4,090 */
  g_assert_cmpint (expected, ==, 49800 - 4090);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "period_end"), ==,
                   "2028-02-20");
}

/* Cancelled: the team falls to Free at the period's end; its data stays
 * readable, and the features it lost refuse changes. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *push = NULL;

  f->team = create_team (f, "team_s", "monthly");
  f->tenant = g_strconcat ("team:", f->team, NULL);
  r = billing (f, "POST", "/subscription/cancel", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (test_reply_object (r), "cancel_at_period_end"));
  g_assert_true (json_object_get_null_member (test_reply_object (r), "next_billing_on"));
  g_assert_cmpstr (team_plan (f), ==, "team_s");

  travel (f, DAY (2026, 12, 15));
  g_assert_cmpstr (team_plan (f), ==, "free");
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "status"), ==, "canceled");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM invoice"), ==, 0);

  push = g_strdup_printf ("{\"client_id\":\"c\",\"mutations\":[{\"id\":1,\"name\":"
                          "\"team_rules.set_field\",\"tenant\":\"%s\",\"args\":{\"field\":"
                          "\"brand_voice_text\",\"value\":\"丁寧に\"}}]}", f->tenant);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->token, push);
  {
    JsonObject *result = json_array_get_object_element (
      json_object_get_array_member (test_reply_object (r), "results"), 0);
    JsonObject *error = json_object_get_object_member (result, "error");

    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "upgrade_needed");
    g_assert_cmpstr (json_object_get_string_member (error, "plan"), ==, "team_s");
  }
  /* A cancelled team lists no invoices: Free has none, and it never had one. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpuint (r->status, ==, 402);
  g_assert_cmpstr (test_reply_error_code (r), ==, "upgrade_needed");

  /* Subscribing again starts a paid month today. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_s\"}");
  g_assert_cmpint (json_object_get_int_member (test_reply_object (r), "charged"), ==, 4980);
  g_assert_cmpstr (team_plan (f), ==, "team_s");
}

/* Payments: unpaid, overdue by days, paid; a correction replaces its
 * original, both kept; the PDF is served to owners. */
static void
test_invoices_and_payments (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *first = NULL;
  g_autofree char *corrected = NULL;
  g_autofree char *pdf_path = NULL;
  JsonObject *o;

  f->team = create_team (f, "team_s", "monthly");
  travel (f, DAY (2026, 12, 15));
  r = billing (f, "GET", "/invoices", NULL);
  first = g_strdup (json_object_get_string_member (json_array_get_object_element (invoices (r), 0),
                                                   "number"));
  g_assert_true (g_str_has_prefix (first, "MS-2026-"));

  /* The PDF, to owners. */
  pdf_path = g_strdup_printf ("/invoices/%s", first);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", pdf_path, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==,
                   "application/pdf");
  g_assert_true (g_str_has_prefix (r->body, "%PDF"));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices/MS-2026-999999", NULL);
  g_assert_cmpuint (r->status, ==, 404);

  /* Due January 14th: overdue from the 15th, by whole days. */
  travel (f, DAY (2027, 1, 24));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  o = json_object_get_object_member (test_reply_object (r), "payment");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "overdue");
  g_assert_cmpint (json_object_get_int_member (o, "overdue_days"), ==, 10);
  /* Two invoices now (the renewal of January 15th): both unpaid. */
  g_assert_cmpint (json_object_get_int_member (o, "unpaid"), ==, 2 * 5478);

  /* A correction of the recipient: a new invoice naming the original. */
  g_assert_cmpint (test_run_staff_command (f->ts, "correct-invoice", "--company",
                                           "株式会社ノースリーフ 経理部", "--reason", "宛名の訂正",
                                           first, NULL), ==, 0);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpuint (json_array_get_length (invoices (r)), ==, 3);
  /* (issued by staff on the real clock: find it by what it corrects) */
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *inv = json_array_get_object_element (invoices (r), i);

      if (g_str_equal (json_object_get_string_member (inv, "number"), first))
        g_assert_cmpstr (json_object_get_string_member (inv, "status"), ==, "corrected");
      else if (!json_object_get_null_member (inv, "corrects"))
        {
          g_assert_cmpstr (json_object_get_string_member (inv, "corrects"), ==, first);
          g_assert_cmpint (json_object_get_int_member (inv, "total"), ==, 5478);
          corrected = g_strdup (json_object_get_string_member (inv, "number"));
        }
    }
  g_assert_nonnull (corrected);

  /* Paid: what is left of the correction and of the renewal. */
  g_assert_cmpint (test_run_staff_command (f->ts, "mark-paid", corrected, NULL), ==, 0);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  o = json_object_get_object_member (test_reply_object (r), "payment");
  g_assert_cmpint (json_object_get_int_member (o, "unpaid"), ==, 5478);
  g_assert_cmpint (json_object_get_int_member (o, "overdue_days"), ==, 0);   /* due Feb 14 */
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "unpaid");

  /* An issued invoice never changes and is never deleted. */
  if (!ms_test_db_is_pg ())
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM sqlite_master WHERE type = "
                                         "'trigger' AND name LIKE 'invoice_no_%'"), ==, 2);
  else
    g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM pg_trigger WHERE tgname = "
                                         "'invoice_immutable'"), ==, 1);
}

/* Customer success reads the invoices as payment status: one payment event
 * per invoice (a correction takes its original's place), its due day and
 * the day it was paid in full; its daily job scores the days overdue, and
 * the staff's account page says where the payments come from. */
static JsonObject *
staff_account (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/v1/staff/accounts/team:%s", f->team);
  g_autofree char *lead = NULL;
  g_autoptr(TestReply) reply = NULL;
  guint status = 0;

  lead = test_signin (f->ts, "lead@staff.example.jp", TEST_PASSWORD, &status);
  g_assert_cmpuint (status, ==, 200);
  reply = test_request (NULL, f->ts, "GET", path, lead, NULL);
  g_assert_cmpuint (reply->status, ==, 200);
  return json_object_ref (test_reply_object (reply));
}

/* The customer-success job, for the day of the server's clock. */
static void
run_csm_job (Fixture      *f,
             MsBillingDay  day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsServerStorage) storage = ms_server_storage_open (f->ts->db_path, &error);
  g_auto(MsServerCsmRun) run = { 0 };

  g_assert_no_error (error);
  g_assert_true (ms_server_csm_run (storage, at (day), "test", TRUE, &run, &error));
  g_assert_no_error (error);
  g_assert_true (run.ran);
}

static void
test_customer_success (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autofree char *first = NULL;
  g_autofree char *corrected = NULL;
  g_autofree char *paid_sql = NULL;
  JsonArray *payments;
  JsonObject *payment;
  gint32 paid_from, paid_to;

  g_free (test_signup (f->ts, "lead@staff.example.jp", NULL, NULL));
  g_assert_cmpint (test_run_staff_command (f->ts, "staff", "add", "lead@staff.example.jp",
                                           "--role", "lead", NULL), ==, 0);
  f->team = create_team (f, "team_s", "monthly");

  /* In the trial: no invoice, no payment status */
  run_csm_job (f, DAY (2026, 12, 1));
  account = staff_account (f);
  g_assert_cmpstr (json_object_get_string_member (account, "billing_source"), ==, "not_fed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (account, "payments")),
                    ==, 0);
  g_clear_pointer (&account, json_object_unref);

  /* The first period's invoice (due January 14th) and the renewal of
   * January 15th (due February 14th), neither paid by the 24th */
  travel (f, DAY (2026, 12, 15));
  r = billing (f, "GET", "/invoices", NULL);
  first = g_strdup (json_object_get_string_member (json_array_get_object_element (invoices (r), 0),
                                                   "number"));
  travel (f, DAY (2027, 1, 24));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  run_csm_job (f, DAY (2027, 1, 24));
  account = staff_account (f);
  g_assert_cmpstr (json_object_get_string_member (account, "billing_source"), ==, "invoice");
  payments = json_object_get_array_member (account, "payments");
  g_assert_cmpuint (json_array_get_length (payments), ==, 2);
  payment = json_array_get_object_element (payments, 1);         /* newest first */
  g_assert_cmpstr (json_object_get_string_member (payment, "id"), ==, first);
  g_assert_cmpint (json_object_get_int_member (payment, "due_day"), ==,
                   ms_csm_day_from_time (at (DAY (2027, 1, 14))));
  g_assert_cmpint (json_object_get_int_member (payment, "paid_day"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (payment, "total"), ==, 5478);
  /* the job's payment signal: the oldest unpaid invoice, 10 days overdue */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (account, "signals"),
                                               "days_overdue"), ==, 10);
  g_clear_pointer (&account, json_object_unref);

  /* Corrected, then paid (staff commands run on the real clock): still one
   * event for it, the correction's, paid the day it was recorded */
  g_assert_cmpint (test_run_staff_command (f->ts, "correct-invoice", "--company",
                                           "株式会社ノースリーフ 経理部", "--reason", "宛名の訂正",
                                           first, NULL), ==, 0);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_event WHERE kind = 'payment'"),
                   ==, 2);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  for (guint i = 0; i < json_array_get_length (invoices (r)); i++)
    {
      JsonObject *inv = json_array_get_object_element (invoices (r), i);

      if (!json_object_get_null_member (inv, "corrects"))
        corrected = g_strdup (json_object_get_string_member (inv, "number"));
    }
  g_assert_nonnull (corrected);
  paid_from = ms_csm_day_from_time (g_get_real_time ());
  g_assert_cmpint (test_run_staff_command (f->ts, "mark-paid", corrected, NULL), ==, 0);
  paid_to = ms_csm_day_from_time (g_get_real_time ());
  paid_sql = g_strdup_printf ("SELECT count(*) FROM csm_event WHERE kind = 'payment'"
                              " AND id = '%s' AND (data_json LIKE '%%\"paid_day\":%d,%%'"
                              " OR data_json LIKE '%%\"paid_day\":%d,%%')"
                              " AND data_json LIKE '%%\"invoice\":\"%s\"%%'",
                              first, paid_from, paid_to, corrected);
  g_assert_cmpint (test_db_int (f->ts, paid_sql), ==, 1);
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM csm_event WHERE kind = 'payment'"
                                       " AND data_json LIKE '%\"paid_day\":-1,%'"), ==, 1);
}

/* Members read the subscription; only owners change it or see invoices. */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *invite_path = NULL;
  g_autofree char *member = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;

  f->team = create_team (f, "team_s", "monthly");
  invite_path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  r = test_request (NULL, f->ts, "POST", invite_path, f->token,
                    "{\"email\":\"member@example.jp\",\"role\":\"member\"}");
  token = g_strdup (json_object_get_string_member (test_reply_object (r), "token"));
  member = test_signup (f->ts, "member@example.jp", NULL, NULL);
  body = g_strdup_printf ("{\"token\":\"%s\"}", token);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", "/v1/invites/accept", member, body);
  g_assert_cmpuint (r->status, ==, 200);

  path = g_strdup_printf ("/v1/teams/%s/subscription", f->team);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "GET", path, member, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", path, member, "{\"plan\":\"team_l\"}");
  g_assert_cmpstr (test_reply_error_code (r), ==, "forbidden_role");
  g_free (path);
  path = g_strdup_printf ("/v1/teams/%s/invoices", f->team);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "GET", path, member, NULL);
  g_assert_cmpstr (test_reply_error_code (r), ==, "forbidden_role");
  /* Someone else's team: not a member. */
  {
    g_autofree char *stranger = test_signup (f->ts, "stranger@example.jp", NULL, NULL);
    g_autoptr(TestReply) r2 = test_request (NULL, f->ts, "GET", path, stranger, NULL);

    g_assert_cmpstr (test_reply_error_code (r2), ==, "forbidden_tenant");
  }
}

/* An owner who joins mid-period is invoiced for the days left. */
static void
test_owner_added_mid_period (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second = NULL;
  g_autofree char *body = NULL;
  g_autofree char *invite_path = NULL;
  JsonArray *list;

  f->team = create_team (f, "team_s", "monthly");
  travel (f, DAY (2027, 1, 20));   /* paid from December 15th: the January 15th period */
  invite_path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  r = test_request (NULL, f->ts, "POST", invite_path, f->token,
                    "{\"email\":\"second@example.jp\",\"role\":\"owner\"}");
  token = g_strdup (json_object_get_string_member (test_reply_object (r), "token"));
  second = test_signup (f->ts, "second@example.jp", NULL, NULL);
  body = g_strdup_printf ("{\"token\":\"%s\"}", token);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", "/v1/invites/accept", second, body);
  g_assert_cmpuint (r->status, ==, 200);

  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  list = invoices (r);
  /* 500 × 26 / 31 = 419.35 → 419, + 10 % tax (41.9 → 41) = 460 */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "total"),
                   ==, 460);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpint (json_object_get_int_member (subscription (r), "extra_owners"), ==, 1);
  /* The next month bills the owner with the plan: (4,980 + 500) × 1.1 */
  travel (f, DAY (2027, 2, 15));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invoices (r), 0),
                                               "total"), ==, 6028);
}

/* Yearly → monthly: nothing today; the year runs to its end, and not a
 * day less, then months are billed at the monthly price. */
static void
test_yearly_to_monthly (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  JsonObject *o;

  f->team = create_team (f, "team_m", "yearly");
  /* The trial ends December 15th: a year of Team M, 89,800 + 10 % */
  travel (f, DAY (2026, 12, 15));
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpuint (json_array_get_length (invoices (r)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invoices (r), 0),
                                               "total"), ==, 98780);

  travel (f, DAY (2027, 6, 1));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_m\",\"cycle\":\"monthly\"}");
  o = test_reply_object (r);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (o, "charged"), ==, 0);
  g_assert_true (json_object_get_null_member (o, "invoice"));
  g_assert_cmpstr (json_object_get_string_member (o, "cycle_next"), ==, "monthly");
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "cycle"), ==, "yearly");
  g_assert_cmpstr (json_object_get_string_member (o, "next_billing_on"), ==, "2027-12-15");

  /* The year's last day: still yearly, nothing more invoiced. */
  travel (f, DAY (2027, 12, 14));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "cycle"), ==, "yearly");
  g_assert_cmpint (test_db_int (f->ts, "SELECT count(*) FROM invoice"), ==, 1);

  /* The next day: a month, 8,980 + 10 % */
  travel (f, DAY (2027, 12, 15));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "cycle"), ==, "monthly");
  g_assert_cmpstr (json_object_get_string_member (subscription (r), "period_end"), ==,
                   "2028-01-15");
  g_assert_true (json_object_get_null_member (test_reply_object (r), "cycle_next"));
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/invoices", NULL);
  g_assert_cmpuint (json_array_get_length (invoices (r)), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invoices (r), 0),
                                               "total"), ==, 9878);
  g_assert_cmpstr (team_plan (f), ==, "team_m");
}

/* One change pushed to the team; returns its status and error code. */
static const char *
push_team (Fixture     *f,
           const char  *name,
           const char  *args,
           char       **code)
{
  static char status[16];
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"keeps\",\"mutations\":[{\"id\":%"
                                           G_GINT64_FORMAT ",\"name\":\"%s\",\"tenant\":\"%s\","
                                           "\"args\":%s}]}", ++f->next_mutation, name, f->tenant,
                                           args);
  g_autoptr(TestReply) r = test_request (NULL, f->ts, "POST", "/v1/sync/push", f->token, body);
  JsonObject *result;

  g_assert_cmpuint (r->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (test_reply_object (r),
                                                                        "results"), 0);
  g_strlcpy (status, json_object_get_string_member (result, "status"), sizeof status);
  *code = NULL;
  if (json_object_has_member (result, "error"))
    {
      JsonObject *error = json_object_get_object_member (result, "error");

      *code = g_strdup_printf ("%s %s", json_object_get_string_member (error, "code"),
                               json_object_get_string_member_with_default (error, "plan", ""));
    }
  return status;
}

/* What a new device pulls of the team: "entity:field=value" for the
 * brand voice and the NG words. */
static char *
pull_team (Fixture *f)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"reader\",\"tenant\":\"%s\","
                                           "\"cursor\":null,\"limit\":500}", f->tenant);
  g_autoptr(TestReply) r = test_request (NULL, f->ts, "POST", "/v1/sync/pull", f->token, body);
  g_autoptr(GString) seen = g_string_new (NULL);
  JsonArray *ops;

  g_assert_cmpuint (r->status, ==, 200);
  ops = json_object_get_array_member (test_reply_object (r), "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);
      const char *entity = json_object_get_string_member (op, "entity");
      JsonObject *row;

      if (!g_str_equal (json_object_get_string_member (op, "op"), "put"))
        continue;
      row = json_object_get_object_member (op, "row");
      if (g_str_equal (entity, "team_rules"))
        g_string_append_printf (seen, "voice=%s|",
                                json_object_get_string_member (row, "brand_voice_text"));
      else if (g_str_equal (entity, "team_ng_word"))
        g_string_append_printf (seen, "ng=%s|", json_object_get_string_member (row, "word"));
    }
  return g_string_free (g_steal_pointer (&seen), FALSE);
}

/* Team Pro → Team, then Team → Free: what a lower plan lacks stays, read
 * only: the API key is listed but no new one is made; the brand voice and
 * the NG words are still pulled by every device but no longer changed. */
static void
test_downgrade_keeps_data (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *code = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *keys_path = NULL;

  f->team = create_team (f, "team_pro_s", "monthly");
  f->tenant = g_strconcat ("team:", f->team, NULL);
  keys_path = g_strdup_printf ("/v1/teams/%s/api-keys", f->team);
  travel (f, DAY (2026, 12, 20));   /* paid from December 15th */
  g_assert_cmpstr (push_team (f, "team_rules.set_field",
                              "{\"field\":\"brand_voice_text\",\"value\":\"丁寧に\"}", &code), ==,
                   "applied");
  g_assert_cmpstr (push_team (f, "team_ng_word.add", "{\"word\":\"激安\"}", &code), ==, "applied");
  r = test_request (NULL, f->ts, "POST", keys_path, f->token, "{\"name\":\"配信システム\"}");
  g_assert_cmpuint (r->status, ==, 201);

  /* Team S from January 15th: not a day before. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_s\"}");
  g_assert_cmpint (json_object_get_int_member (test_reply_object (r), "charged"), ==, 0);
  travel (f, DAY (2027, 1, 14));
  g_assert_cmpstr (team_plan (f), ==, "team_pro_s");
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", keys_path, f->token, "{\"name\":\"前日\"}");
  g_assert_cmpuint (r->status, ==, 201);

  travel (f, DAY (2027, 1, 15));
  g_assert_cmpstr (team_plan (f), ==, "team_s");
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", keys_path, f->token, "{\"name\":\"新しい鍵\"}");
  g_assert_cmpuint (r->status, ==, 402);
  g_assert_cmpstr (test_reply_error_code (r), ==, "upgrade_needed");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     test_reply_object (r), "error"), "plan"), ==, "team_pro_s");
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "GET", keys_path, f->token, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (test_reply_object (r),
                                                                         "keys")), ==, 2);
  /* Team S still has the brand voice. */
  g_assert_cmpstr (push_team (f, "team_rules.set_field",
                              "{\"field\":\"brand_voice_text\",\"value\":\"丁寧に、簡潔に\"}",
                              &code), ==, "applied");

  /* Cancelled: Free from February 15th. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription/cancel", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  travel (f, DAY (2027, 2, 15));
  g_assert_cmpstr (team_plan (f), ==, "free");
  g_clear_pointer (&code, g_free);
  g_assert_cmpstr (push_team (f, "team_rules.set_field",
                              "{\"field\":\"brand_voice_text\",\"value\":\"雑に\"}", &code), ==,
                   "rejected");
  g_assert_cmpstr (code, ==, "upgrade_needed team_s");
  g_clear_pointer (&code, g_free);
  g_assert_cmpstr (push_team (f, "team_ng_word.add", "{\"word\":\"最強\"}", &code), ==,
                   "rejected");
  g_assert_cmpstr (code, ==, "upgrade_needed team_s");
  seen = pull_team (f);
  g_assert_nonnull (strstr (seen, "voice=丁寧に、簡潔に|"));
  g_assert_nonnull (strstr (seen, "ng=激安|"));
  g_assert_null (strstr (seen, "最強"));
  g_assert_null (strstr (seen, "雑に"));
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "GET", keys_path, f->token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (test_reply_object (r),
                                                                         "keys")), ==, 2);
}

/* The recipient alone: naming the company changes nothing that waits for
 * the period's end (a downgrade, an owner fewer, the cancellation). */
static void
test_recipient (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TestReply) r = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *long_name = NULL;
  const char *second_id = NULL;
  JsonArray *members;
  JsonObject *o;

  f->team = create_team (f, "team_m", "monthly");
  travel (f, DAY (2027, 1, 20));   /* paid from December 15th: the January 15th period */
  path = g_strdup_printf ("/v1/teams/%s/invites", f->team);
  r = test_request (NULL, f->ts, "POST", path, f->token,
                    "{\"email\":\"second@example.jp\",\"role\":\"owner\"}");
  token = g_strdup (json_object_get_string_member (test_reply_object (r), "token"));
  second = test_signup (f->ts, "second@example.jp", NULL, NULL);
  body = g_strdup_printf ("{\"token\":\"%s\"}", token);
  g_clear_pointer (&r, test_reply_free);
  r = test_request (NULL, f->ts, "POST", "/v1/invites/accept", second, body);
  g_assert_cmpuint (r->status, ==, 200);

  /* Team S and one owner fewer from February 15th, then cancelled. */
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"plan\":\"team_s\"}");
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (r), "plan_next"), ==,
                   "team_s");
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/members", NULL);
  members = json_object_get_array_member (test_reply_object (r), "members");
  for (guint i = 0; i < json_array_get_length (members); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (members, i),
                                                    "email"), "second@example.jp"))
      second_id = json_object_get_string_member (json_array_get_object_element (members, i),
                                                 "user_id");
  g_assert_nonnull (second_id);
  g_free (path);
  path = g_strdup_printf ("/v1/teams/%s/members/%s", f->team, second_id);
  {
    g_autoptr(TestReply) removed = test_request (NULL, f->ts, "DELETE", path, f->token, NULL);

    g_assert_cmpuint (removed->status, <, 300);
  }
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpint (json_object_get_int_member (test_reply_object (r), "extra_owners_next"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (subscription (r), "extra_owners"), ==, 1);

  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"company_name\":\"  株式会社ノースリーフ 経理部 \"}");
  o = test_reply_object (r);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (o, "company_name"), ==,
                   "株式会社ノースリーフ 経理部");
  g_assert_cmpint (json_object_get_int_member (o, "charged"), ==, 0);
  g_assert_true (json_object_get_null_member (o, "invoice"));
  g_assert_cmpstr (json_object_get_string_member (o, "plan_next"), ==, "team_s");
  g_assert_cmpint (json_object_get_int_member (o, "extra_owners_next"), ==, 0);

  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription/cancel", NULL);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", "{\"company_name\":\"株式会社ノースリーフ\"}");
  o = test_reply_object (r);
  g_assert_true (json_object_get_boolean_member (o, "cancel_at_period_end"));
  g_assert_cmpstr (json_object_get_string_member (o, "plan_next"), ==, "team_s");

  /* Too long: refused, with what to fix; the name stays. */
  long_name = g_strnfill (ms_sync_limit ("name", "max_chars") + 1, 'a');
  g_free (body);
  body = g_strdup_printf ("{\"company_name\":\"%s\"}", long_name);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "POST", "/subscription", body);
  g_assert_cmpuint (r->status, ==, 400);
  g_clear_pointer (&r, test_reply_free);
  r = billing (f, "GET", "/subscription", NULL);
  g_assert_cmpstr (json_object_get_string_member (test_reply_object (r), "company_name"), ==,
                   "株式会社ノースリーフ");
  /* The removed owner no longer names it. */
  {
    g_autofree char *sub_path = g_strdup_printf ("/v1/teams/%s/subscription", f->team);
    g_autoptr(TestReply) refused = NULL;

    refused = test_request (NULL, f->ts, "POST", sub_path, second, "{\"company_name\":\"x\"}");
    g_assert_cmpuint (refused->status, >=, 400);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;

  g_test_add ("/ms/server/billing/trial-then-paid", Fixture, NULL, setup, test_trial_then_paid,
              teardown);
  g_test_add ("/ms/server/billing/upgrade-and-downgrade", Fixture, NULL, setup,
              test_upgrade_and_downgrade, teardown);
  g_test_add ("/ms/server/billing/cancel", Fixture, NULL, setup, test_cancel, teardown);
  g_test_add ("/ms/server/billing/invoices-and-payments", Fixture, NULL, setup,
              test_invoices_and_payments, teardown);
  g_test_add ("/ms/server/billing/customer-success", Fixture, NULL, setup,
              test_customer_success, teardown);
  g_test_add ("/ms/server/billing/roles", Fixture, NULL, setup, test_roles, teardown);
  g_test_add ("/ms/server/billing/owner-added-mid-period", Fixture, NULL, setup,
              test_owner_added_mid_period, teardown);
  g_test_add ("/ms/server/billing/yearly-to-monthly", Fixture, NULL, setup,
              test_yearly_to_monthly, teardown);
  g_test_add ("/ms/server/billing/downgrade-keeps-data", Fixture, NULL, setup,
              test_downgrade_keeps_data, teardown);
  g_test_add ("/ms/server/billing/recipient", Fixture, NULL, setup, test_recipient, teardown);

  return g_test_run ();
}
