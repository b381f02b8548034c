/* test-plan-gates.c — every feature of every plan: core, the app and the server agree
 *
 * Table-driven over data/plans.json: for each plan and each feature, the
 * core's answer (ms_entitlements_has_feature()) is compared with
 *   - the app: the context's feature.<id> action state, and, where the app
 *     has a place for the feature, what using it does: its own dialog or
 *     view when allowed, the upgrade dialog (or a locked view) when not;
 *   - the server: the features GET /v1/me lists for an account on that
 *     plan, and, where the server applies the feature, the answer to the
 *     change it needs (applied, or rejected upgrade_needed naming the plan
 *     that unlocks it).
 * The real msgscore-server runs on loopback; the account's and the team's
 * plans are set in its database as staff would set them.
 *
 * A feature with no place yet in the app or on the server is listed in
 * no_surface[]: the test fails when the plan table gains a feature that is
 * neither surfaced here nor listed, so no feature goes unchecked silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ms-app-server.h"
#include "ms-history-page.h"
#include "ms-preview-panel.h"
#include "ms-results-view.h"
#include "ms-score-page.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"
#include "ms-team-stats-page.h"
#include "store/ms-store-all.h"
#include "sync/ms-mutation.h"

#define TEAM_LOCAL "team:gates"

/* Features whose app place and server check are not built yet. */
static const char * const no_surface[] = {
  "reviewer_feedback", "team_knowledge",
  "results_scoring", "feedback_trends", "resolution_status", "chat_notifications",
  "approval_flow", NULL
};

static MsApplication *app;
static MsAppServer server;
static SoupSession *session;
static char *token;
static char *tenant;
static char *team_id;
static char *team_tenant;
static gint64 next_mutation = 1;

/* ------------------------------------------------------------------------ */
/* The server                                                                */

static JsonObject *
request (const char *method,
         const char *path,
         const char *body,
         guint      *status)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server.port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));

    node = json_from_string (text, &error);
  }
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
server_sql (const char *sql,
            const char *value)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (server.db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Pushes one change; returns whether it was applied. A refusal must be
 * upgrade_needed and name a plan that has the feature. */
static gboolean
push (const char *name,
      const char *to,
      const char *args,
      const char *feature)
{
  g_autofree char *body = g_strdup_printf ("{\"client_id\":\"gates\",\"mutations\":[{\"id\":%"
                                           G_GINT64_FORMAT ",\"name\":\"%s\",\"tenant\":\"%s\","
                                           "\"args\":%s}]}", next_mutation++, name, to, args);
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *result, *error;
  guint status;

  reply = request ("POST", "/v1/sync/push", body, &status);
  g_assert_cmpuint (status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (reply, "results"), 0);
  if (g_str_equal (json_object_get_string_member (result, "status"), "applied"))
    return TRUE;
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  error = json_object_get_object_member (result, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "upgrade_needed");
  {
    g_autoptr(MsEntitlements) needed =
      ms_entitlements_new_for_plan (json_object_get_string_member (error, "plan"), NULL);

    g_assert_nonnull (needed);
    g_assert_true (ms_entitlements_has_feature (needed, feature));
  }
  return FALSE;
}

static char *
test_save_args (const char *id)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ","
                          "\"channel\":\"email\",\"subject\":\"春の新作\","
                          "\"preheader\":\"\",\"body\":\"本文\",\"input_json\":\"{}\","
                          "\"result_json\":\"{}\",\"engine\":\"1.0\",\"total\":72}",
                          id, g_get_real_time ());
}

/* The server's answer for @feature, with the account and its team on one plan. */
static gboolean
server_allows (const char *feature,
               JsonArray  *me_features,
               gboolean   *surfaced)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *args = NULL;

  *surfaced = TRUE;
  if (g_str_equal (feature, "actual_results"))
    {
      args = test_save_args (id);
      g_assert_true (push ("history.save", tenant, args, NULL));
      g_free (args);
      args = g_strdup_printf ("{\"id\":\"%s\",\"recipients\":1000,\"open_rate\":0.2,\"ctr\":0.02,"
                              "\"conversions\":3}", id);
      return push ("history.set_actuals", tenant, args, feature);
    }
  if (g_str_equal (feature, "campaign_import"))
    {
      args = g_strdup_printf ("{\"rows\":[{\"id\":\"%s\",\"natural_key\":\"%s\","
                              "\"channel\":\"email\",\"subject\":\"春のセール\"}]}", id, id);
      return push ("campaign_result.put_many", tenant, args, feature);
    }
  if (g_str_equal (feature, "brand_voice"))
    return push ("team_rules.set_field", team_tenant,
                 "{\"field\":\"brand_voice_text\",\"value\":\"丁寧に\"}", feature);
  if (g_str_equal (feature, "min_score_rule"))
    return push ("team_rules.set_field", team_tenant, "{\"field\":\"min_score\",\"value\":70}",
                 feature);
  if (g_str_equal (feature, "org_ng_words"))
    {
      args = g_strdup_printf ("{\"word\":\"語%s\"}", id);
      return push ("team_ng_word.add", team_tenant, args, feature);
    }
  if (g_str_equal (feature, "fix_requests"))
    {
      args = g_strdup_printf ("{\"id\":\"%s\",\"history_id\":\"%s\",\"shared_by\":\"%s\","
                              "\"channel\":\"email\",\"subject\":\"春のセール\",\"total\":57}",
                              id, id, tenant + strlen ("user:"));
      return push ("shared_scoring.share", team_tenant, args, feature);
    }

  if (g_str_equal (feature, "invoices"))
    {
      g_autofree char *path = g_strdup_printf ("/v1/teams/%s/invoices", team_id);
      g_autoptr(JsonObject) reply = NULL;
      guint status = 0;

      /* The team (in its trial) has no invoice yet: its plan decides. */
      reply = request ("GET", path, NULL, &status);
      if (status == 200)
        return TRUE;
      g_assert_cmpuint (status, ==, 402);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply,
                                                                                     "error"),
                                                      "plan"), ==, "team_s");
      return FALSE;
    }
  if (g_str_equal (feature, "member_stats") || g_str_equal (feature, "team_trend"))
    {
      /* The team's figures: refused without member_stats; a year of months
       * with the team trend, the current and the last month without. */
      g_autofree char *path = g_strdup_printf ("/v1/teams/%s/stats", team_id);
      g_autoptr(JsonObject) reply = NULL;
      JsonObject *error;
      guint status = 0;

      reply = request ("GET", path, NULL, &status);
      if (status == 200)
        {
          guint months = json_array_get_length (json_object_get_array_member (reply, "months"));

          if (g_str_equal (feature, "member_stats"))
            return TRUE;
          g_assert_true (months == ms_sync_limit ("team_stats.months", "max") ||
                         months == ms_sync_limit ("team_stats.months", "min"));
          return months == ms_sync_limit ("team_stats.months", "max");
        }
      g_assert_cmpuint (status, ==, 402);
      error = json_object_get_object_member (reply, "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "upgrade_needed");
      {
        g_autoptr(MsEntitlements) needed =
          ms_entitlements_new_for_plan (json_object_get_string_member (error, "plan"), NULL);

        g_assert_nonnull (needed);
        g_assert_true (ms_entitlements_has_feature (needed, "member_stats"));
      }
      return FALSE;
    }
  if (g_str_equal (feature, "api"))
    {
      g_autofree char *path = g_strdup_printf ("/v1/teams/%s/api-keys", team_id);
      g_autoptr(JsonObject) reply = NULL;
      JsonObject *error;
      guint status;

      reply = request ("POST", path, "{\"name\":\"gates\"}", &status);
      if (status == 201)
        {
          g_assert_true (g_str_has_prefix (json_object_get_string_member (reply, "key"), "msk_"));
          return TRUE;
        }
      g_assert_cmpuint (status, ==, 402);
      error = json_object_get_object_member (reply, "error");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "upgrade_needed");
      {
        g_autoptr(MsEntitlements) needed =
          ms_entitlements_new_for_plan (json_object_get_string_member (error, "plan"), NULL);

        g_assert_nonnull (needed);
        g_assert_true (ms_entitlements_has_feature (needed, feature));
      }
      return FALSE;
    }

  /* Used on the device only: the server's answer is what it tells the app. */
  *surfaced = FALSE;
  for (guint i = 0; i < json_array_get_length (me_features); i++)
    if (g_str_equal (json_array_get_string_element (me_features, i), feature))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The app                                                                   */

static GtkWindow *
find_window (const char *name,
             GType       type)
{
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      if ((name != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), name) == 0) ||
          (type != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE (window, type)))
        return window;
    }
  return NULL;
}

/* After using a feature: the upgrade dialog (FALSE) or the feature's own
 * window (TRUE); either is closed. */
static gboolean
answered (const char *name,
          GType       type)
{
  GtkWindow *window = NULL;
  gboolean allowed;

  ms_test_wait_until ((window = find_window ("upgrade-dialog", G_TYPE_INVALID)) != NULL ||
                      (window = find_window (name, type)) != NULL);
  allowed = g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "upgrade-dialog") != 0;
  if (!allowed)
    g_assert_null (find_window (name, type));
  gtk_window_close (window);
  ms_test_wait_until (find_window ("upgrade-dialog", G_TYPE_INVALID) == NULL &&
                      find_window (name, type) == NULL);
  ms_test_flush ();
  return allowed;
}

static void
use_plan (const char *plan_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (plan_id, &error);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  g_autoptr(MsTeam) team = ms_team_new (TEAM_LOCAL, "ゲートチーム", plan_id, "owner", 1, 5);

  g_assert_no_error (error);
  ms_store_set_entitlements (ms_test_get_store (app), plan);
  g_assert_true (ms_team_repository_put (teams, team, &error));
  g_assert_no_error (error);
  g_assert_true (ms_team_repository_set_active_id (teams, TEAM_LOCAL, &error));
  g_assert_no_error (error);
  ms_test_flush ();
}

static gboolean
app_allows (const char *feature,
            const char *item_id,
            gboolean   *surfaced)
{
  MsHistoryPage *history = ms_test_get_page (app, "history");
  MsScorePage *score = ms_test_get_page (app, "score");
  MsTeamPage *team = ms_test_get_page (app, "team");

  *surfaced = TRUE;
  if (g_str_equal (feature, "member_stats"))
    {
      MsTeamStatsPage *stats = ms_test_get_page (app, "stats");
      GtkStack *stack = ms_test_child (stats, MS_TYPE_TEAM_STATS_PAGE, "stack");

      ms_test_flush ();
      return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "locked") != 0;
    }
  if (g_str_equal (feature, "previews"))
    return !ms_preview_panel_get_locked (ms_test_child (score, MS_TYPE_SCORE_PAGE,
                                                        "preview_panel"));
  if (g_str_equal (feature, "trend_chart"))
    return !ms_results_view_get_chart_locked (ms_test_child (history, MS_TYPE_HISTORY_PAGE,
                                                             "results_view"));
  if (g_str_equal (feature, "csv_export"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.export-csv", NULL));
      return answered ("export-dialog", G_TYPE_INVALID);
    }
  if (g_str_equal (feature, "pdf_export"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.export-pdf", NULL));
      return answered (NULL, GTK_TYPE_FILE_CHOOSER_DIALOG);
    }
  if (g_str_equal (feature, "campaign_import"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.import-campaigns",
                                                 NULL));
      return answered (NULL, GTK_TYPE_FILE_CHOOSER_DIALOG);
    }
  if (g_str_equal (feature, "actual_results"))
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history), "history.enter-results",
                                                 "s", item_id));
      return answered ("results-dialog", G_TYPE_INVALID);
    }
  if (g_str_equal (feature, "brand_voice") || g_str_equal (feature, "min_score_rule") ||
      g_str_equal (feature, "org_ng_words"))
    {
      g_autoptr(MsTeamRulesRepository) rules =
        ms_team_rules_repository_new (ms_test_get_store (app), TEAM_LOCAL);
      g_autoptr(JsonObject) before = ms_team_rules_repository_dup_fields (rules);
      guint words = g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules));
      gpointer editor = ms_test_child (team, MS_TYPE_TEAM_PAGE, "rules_editor");
      gboolean dialog;

      if (g_str_equal (feature, "brand_voice"))
        {
          AdwEntryRow *voice = ms_test_child (editor, MS_TYPE_TEAM_RULES_EDITOR, "voice_row");
          g_autofree char *text = g_strdup_printf ("%s様向けに丁寧に",
                                                   json_object_get_string_member (before,
                                                                                  "brand_voice_text"));

          gtk_editable_set_text (GTK_EDITABLE (voice), text);
          g_signal_emit_by_name (voice, "apply");
        }
      else if (g_str_equal (feature, "min_score_rule"))
        {
          AdwExpanderRow *row = ms_test_child (editor, MS_TYPE_TEAM_RULES_EDITOR, "min_score_row");

          adw_expander_row_set_enable_expansion (row, !adw_expander_row_get_enable_expansion (row));
        }
      else
        {
          g_autofree char *word = g_strdup_printf ("禁止語%u", words);

          gtk_editable_set_text (ms_test_child (team, MS_TYPE_TEAM_PAGE, "ng_entry"), word);
          g_signal_emit_by_name (ms_test_child (team, MS_TYPE_TEAM_PAGE, "ng_add_button"),
                                 "clicked");
        }
      ms_test_flush ();
      dialog = find_window ("upgrade-dialog", G_TYPE_INVALID) != NULL;
      if (dialog)
        {
          guint n = 0;

          for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
            {
              g_autoptr(GtkWindow) w = g_list_model_get_item (gtk_window_get_toplevels (), i);
              n += g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (w)), "upgrade-dialog") == 0;
            }
          if (n != 1)
            g_error ("%s: %u upgrade dialogs", feature, n);
          gtk_window_close (find_window ("upgrade-dialog", G_TYPE_INVALID));
          ms_test_wait_until (find_window ("upgrade-dialog", G_TYPE_INVALID) == NULL);
          ms_test_flush ();
        }
      /* Allowed: the change is written; locked: nothing changes. */
      {
        g_autoptr(JsonObject) after = ms_team_rules_repository_dup_fields (rules);
        guint words_after = g_list_model_get_n_items (ms_team_rules_repository_get_ng_words (rules));
        gboolean changed;

        if (g_str_equal (feature, "org_ng_words"))
          changed = words_after == words + 1;
        else if (g_str_equal (feature, "brand_voice"))
          changed = !g_str_equal (json_object_get_string_member (before, "brand_voice_text"),
                                  json_object_get_string_member (after, "brand_voice_text"));
        else
          changed = json_object_get_null_member (before, "min_score") !=
                    json_object_get_null_member (after, "min_score");
        if (changed == dialog)
          g_error ("%s: changed %d, upgrade dialog %d", feature, changed, dialog);
      }
      return !dialog;
    }

  *surfaced = FALSE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
test_every_feature_of_every_plan (void)
{
  g_auto(GStrv) plans = ms_entitlements_list_plans (NULL);
  g_auto(GStrv) features = ms_entitlements_list_features ();
  GActionGroup *actions = ms_context_get_features (ms_test_get_context (app));
  g_autofree char *item_id = NULL;
  guint checked = 0, surfaced_app = 0, surfaced_server = 0;

  /* One saved scoring to enter results for. */
  {
    g_autoptr(MsHistoryRepository) history = ms_history_repository_new (ms_test_get_store (app));
    g_autoptr(MsSegment) segment = ms_segment_new ();
    g_autoptr(MsMessage) message = ms_message_new_email ("週末のお知らせ", "", "本文です。",
                                                         segment);
    g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message,
                                                       NULL, NULL);
    g_autoptr(GError) error = NULL;

    use_plan ("pro");
    item_id = ms_history_repository_save (history, message, result, &error);
    g_assert_no_error (error);
  }
  ms_test_show_section (app, "history");
  ms_test_show_section (app, "team");
  ms_test_show_section (app, "stats");
  ms_test_show_section (app, "score");

  /* Plan by plan: the account, its team and the app are put on the plan
   * once, then every feature is asked of all three. */
  for (guint p = 0; plans[p] != NULL; p++)
    {
      g_autoptr(MsEntitlements) plan = ms_entitlements_new_for_plan (plans[p], NULL);
      g_autoptr(JsonObject) me = NULL;
      JsonArray *me_features;
      guint status;

      use_plan (plans[p]);
      server_sql ("UPDATE user_account SET plan = ?1", plans[p]);
      server_sql ("UPDATE team SET plan = ?1, plan_next = NULL, plan_change_at = NULL", plans[p]);
      me = request ("GET", "/v1/me", NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (me, "plan"),
                                                      "id"), ==, plans[p]);
      me_features = json_object_get_array_member (json_object_get_object_member (me, "plan"),
                                                  "features");

      for (guint f = 0; features[f] != NULL; f++)
        {
          gboolean listed = g_strv_contains (no_surface, features[f]);
          g_autoptr(GVariant) state = NULL;
          gboolean core, app_says, server_says, app_surfaced, server_surfaced;

          core = ms_entitlements_has_feature (plan, features[f]);
          state = g_action_group_get_action_state (actions, features[f]);
          g_assert_cmpint (g_variant_get_boolean (state), ==, core);
          app_says = app_allows (features[f], item_id, &app_surfaced);
          server_says = server_allows (features[f], me_features, &server_surfaced);

          if (g_test_verbose ())
            g_test_message ("%-18s %-10s core %d app %d%s server %d%s", features[f], plans[p],
                            core, app_says, app_surfaced ? "" : "(state)", server_says,
                            server_surfaced ? "" : "(me)");
          if (app_surfaced)
            g_assert_cmpint (app_says, ==, core);
          g_assert_cmpint (server_says, ==, core);
          if ((app_surfaced || server_surfaced) == listed)
            g_error ("%s: %s, but no_surface[] says otherwise", features[f],
                     listed ? "checked" : "not checked anywhere");
          surfaced_app += app_surfaced;
          surfaced_server += server_surfaced;
          checked++;
        }
    }
  g_test_message ("%u feature x plan pairs: %u used in the app, %u answered by a server route "
                  "or push (the rest: GET /v1/me), all matching the core", checked, surfaced_app,
                  surfaced_server);
  g_assert_cmpuint (checked, ==, g_strv_length (features) * g_strv_length (plans));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);
  session = soup_session_new ();

  /* An account and its team on the server. */
  {
    g_autoptr(JsonObject) reply = NULL;
    JsonObject *user;
    guint code;

    reply = request ("POST", "/v1/auth/signup",
                     "{\"email\":\"gates@example.jp\",\"password\":\"password-1234\","
                     "\"name\":\"Gates\"}", &code);
    g_assert_cmpuint (code, ==, 201);
    token = g_strdup (json_object_get_string_member (reply, "access_token"));
    user = json_object_get_object_member (reply, "user");
    tenant = g_strdup (json_object_get_string_member (user, "tenant"));
    g_clear_pointer (&reply, json_object_unref);
    reply = request ("POST", "/v1/teams", "{\"name\":\"ゲート\",\"plan\":\"team_s\"}", &code);
    g_assert_cmpuint (code, ==, 201);
    team_id = g_strdup (json_object_get_string_member (reply, "id"));
    team_tenant = g_strdup (json_object_get_string_member (reply, "tenant"));
  }

  g_test_add_func ("/ms/app/plans/every-feature-of-every-plan", test_every_feature_of_every_plan);
  status = g_test_run ();

  g_clear_object (&session);
  ms_app_server_stop_app (&server, app);
  g_free (token);
  g_free (tenant);
  g_free (team_id);
  g_free (team_tenant);
  return status;
}
