/* test-sync-teams.c — teams between real clients and the real msgscore-server
 *
 * The owner edits the team's rules offline and scores with them at once; a
 * member receives them by sync; a member's edit is refused locally, and one
 * that reaches the server (made while the profile still thought it was an
 * owner) comes back forbidden_role and is undone; two owners' offline NG
 * word edits converge; a removed member loses the team's data, not their own.
 * The footer switch (the sending system adds the 特定電子メール法 footer)
 * reaches the person's second device and, as a team rule, every member.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-harness.h"

typedef struct
{
  char   *dir;
  Server  server;
  char   *url;
} Fixture;

typedef struct
{
  char         *dir;
  MsStore      *store;
  MsTokenStore *tokens;
  MsSyncClient *client;
} Client;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("msgscore-teams-XXXXXX", NULL);
  fixture->server.db = ms_test_db_new (fixture->dir);
  server_start (&fixture->server);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%u", fixture->server.port);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  server_stop (&fixture->server);
  remove_tree (fixture->dir);
  g_free (fixture->server.db);
  g_free (fixture->dir);
  g_free (fixture->url);
}

static void
client_open_store (Fixture    *fixture,
                   Client     *client,
                   const char *name)
{
  g_autoptr(GError) error = NULL;

  client->dir = g_build_filename (fixture->dir, name, NULL);
  client->store = ms_store_open (client->dir, &error);
  g_assert_no_error (error);
}

/* Signs up (@sign_up) or in to a profile opened with client_open_store(). */
static void
client_connect (Fixture    *fixture,
                Client     *client,
                const char *email,
                gboolean    sign_up)
{
  client->tokens = ms_token_store_new_memory ();
  client->client = ms_sync_client_new (client->store, fixture->url, client->tokens);
  ms_sync_client_set_backoff_seed (client->client, 7, 20);
  client_sign (client->client, email, sign_up);
}

static void
client_open (Fixture    *fixture,
             Client     *client,
             const char *name,
             const char *email)
{
  client_open_store (fixture, client, name);
  client_connect (fixture, client, email, TRUE);
}

static void
client_close (Client *client)
{
  g_clear_object (&client->client);
  g_clear_object (&client->tokens);
  g_clear_object (&client->store);
  g_clear_pointer (&client->dir, g_free);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static MsTeam *
create_team (Client     *client,
             const char *name,
             const char *plan)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsTeam *team;

  ms_sync_client_create_team_async (client->client, name, plan, NULL, on_result_cb, &result);
  team = ms_sync_client_create_team_finish (client->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (team);
  return team;
}

static void
invite_and_accept (Client     *owner,
                   Client     *joiner,
                   const char *team,
                   const char *email,
                   const char *role)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) accepted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(MsTeam) joined = NULL;

  ms_sync_client_invite_async (owner->client, team, email, role, NULL, on_result_cb, &result);
  token = ms_sync_client_invite_finish (owner->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  ms_sync_client_accept_invite_async (joiner->client, token, NULL, on_result_cb, &accepted);
  joined = ms_sync_client_accept_invite_finish (joiner->client, wait_result (&accepted), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms_team_get_id (joined), ==, team);
  g_assert_cmpstr (ms_team_get_role (joined), ==, role);
}

static void
sync_ok (Client *client)
{
  g_autoptr(GError) error = client_sync (client->client);

  g_assert_no_error (error);
}

static MsScoreResult *
score (MsStore    *store,
       const char *subject,
       const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = ms_personal_rules_build (store, &error);
  g_autoptr(MsMessage) message = make_email (subject, body);
  MsScoreResult *result;

  g_assert_no_error (error);
  result = ms_scorer_score (rules, message, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static char *
ng_words (MsStore    *store,
          const char *team)
{
  g_autoptr(MsTeamRulesRepository) rules = ms_team_rules_repository_new (store, team);
  g_auto(GStrv) words = ms_team_rules_repository_dup_ng_words (rules);

  return g_strjoinv (",", words);
}

static void
on_rejected_cb (MsSyncClient *client,
                const char   *name,
                const char   *code,
                const char   *message,
                GPtrArray    *seen)
{
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_ptr_array_add (seen, g_strdup (code));
}

static void
test_rules_reach_members (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsTeamRulesRepository) member_rules = NULL;
  g_autoptr(MsScoreResult) owner_score = NULL;
  g_autoptr(MsScoreResult) member_score = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) fields = NULL;
  Client owner = { 0 }, member = { 0 };
  const char *tenant;

  client_open (fixture, &owner, "owner", "owner@example.jp");
  client_open (fixture, &member, "member", "member@example.jp");
  team = create_team (&owner, "販促チーム", "team_s");
  tenant = ms_team_get_id (team);
  g_assert_true (g_str_has_prefix (tenant, "team:"));
  sync_ok (&owner);
  g_assert_cmpint (count_rows (owner.store, "team_rules"), ==, 1);

  /* Offline edit by the owner: applies to scoring at once. */
  rules = ms_team_rules_repository_new (owner.store, tenant);
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "限定販売", &error));
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "subject_no_brackets",
                                                                 "true", &error));
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", "70",
                                                                 &error));
  g_assert_no_error (error);
  owner_score = score (owner.store, "【速報】お知らせ", "限定販売のご案内");
  g_assert_true (ms_score_result_has_finding (owner_score, "ng.team"));
  g_assert_true (ms_score_result_has_finding (owner_score, "brand.subject.brackets"));
  sync_ok (&owner);
  g_assert_cmpint (ms_store_get_outbox_length (owner.store), ==, 0);

  /* The member joins and scores with the same rules after a sync. */
  invite_and_accept (&owner, &member, tenant, "member@example.jp", "member");
  sync_ok (&member);
  member_score = score (member.store, "【速報】お知らせ", "限定販売のご案内");
  g_assert_true (ms_score_result_has_finding (member_score, "ng.team"));
  g_assert_true (ms_score_result_has_finding (member_score, "brand.subject.brackets"));
  g_assert_cmpint (store_query_int (member.store, "SELECT count(*) FROM team_member"
                                                  " WHERE deleted_at IS NULL"), ==, 2);
  sync_ok (&owner);
  {
    g_autoptr(MsTeamRepository) teams = ms_team_repository_new (owner.store);
    g_autoptr(MsTeam) listed = ms_team_repository_dup_team (teams, tenant);

    g_assert_cmpint (ms_team_get_seats_used (listed), ==, 2);
    g_assert_cmpint (ms_team_get_seats_limit (listed), ==, 5);
    g_assert_cmpstr (ms_team_get_plan (listed), ==, "team_s");
  }

  /* A member's edit is refused here… */
  member_rules = ms_team_rules_repository_new (member.store, tenant);
  g_assert_false (ms_team_rules_repository_add_ng_word (member_rules, "激安", &error));
  g_assert_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* …and one that reaches the server (the profile still thought it owned
   * the team) comes back forbidden_role and is undone with a notice. */
  g_assert_cmpint (sqlite3_exec (_ms_store_get_db (member.store),
                                 "UPDATE team SET role = 'owner'", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_true (ms_team_rules_repository_add_ng_word (member_rules, "激安", &error));
  g_assert_true (ms_team_rules_repository_set_field_from_string (member_rules, "min_score", "10",
                                                                 &error));
  g_assert_no_error (error);
  g_signal_connect (member.client, "rejected", G_CALLBACK (on_rejected_cb), seen);
  sync_ok (&member);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "forbidden_role");
  {
    g_autofree char *words = ng_words (member.store, tenant);

    g_assert_cmpstr (words, ==, "限定販売");
  }
  fields = ms_team_rules_repository_dup_fields (member_rules);
  g_assert_cmpint (json_object_get_int_member (fields, "min_score"), ==, 70);
  g_assert_false (ms_team_rules_repository_get_can_edit (member_rules));
  g_assert_cmpint (count_rows (member.store, "shadow"), ==, 0);

  client_close (&owner);
  client_close (&member);
}

static void
test_owners_converge (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeamRulesRepository) rules1 = NULL;
  g_autoptr(MsTeamRulesRepository) rules2 = NULL;
  g_autofree char *words1 = NULL;
  g_autofree char *words2 = NULL;
  Client a = { 0 }, b = { 0 };
  const char *tenant;

  client_open (fixture, &a, "a", "a@example.jp");
  client_open (fixture, &b, "b", "b@example.jp");
  team = create_team (&a, "チーム", "team_pro_s");
  tenant = ms_team_get_id (team);
  invite_and_accept (&a, &b, tenant, "b@example.jp", "owner");
  rules1 = ms_team_rules_repository_new (a.store, tenant);
  rules2 = ms_team_rules_repository_new (b.store, tenant);
  g_assert_true (ms_team_rules_repository_add_ng_word (rules1, "共通", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules1, "消す語", &error));
  g_assert_no_error (error);
  sync_ok (&a);
  sync_ok (&b);

  /* Offline on both */
  g_assert_true (ms_team_rules_repository_add_ng_word (rules1, "Ａだけ", &error));
  g_assert_true (ms_team_rules_repository_remove_ng_word (rules1, "消す語", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules2, "Bだけ", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules2, "両方", &error));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules1, "両方", &error));
  g_assert_no_error (error);

  sync_ok (&b);
  sync_ok (&a);
  sync_ok (&b);
  words1 = ng_words (a.store, tenant);
  words2 = ng_words (b.store, tenant);
  g_assert_cmpstr (words1, ==, words2);
  g_assert_cmpstr (words1, ==, "aだけ,bだけ,両方,共通");

  client_close (&a);
  client_close (&b);
}

static void
on_removed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_removed_member (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeam) other = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsTeamRepository) teams = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autofree char *user_id = NULL;
  Client owner = { 0 }, member = { 0 };
  const char *tenant;

  client_open (fixture, &owner, "owner", "owner@example.jp");
  client_open (fixture, &member, "member", "member@example.jp");
  team = create_team (&owner, "外すチーム", "team_s");
  other = create_team (&owner, "残るチーム", "team_s");
  tenant = ms_team_get_id (team);
  rules = ms_team_rules_repository_new (owner.store, tenant);
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "チーム語", &error));
  g_assert_no_error (error);
  sync_ok (&owner);
  invite_and_accept (&owner, &member, tenant, "member@example.jp", "member");
  invite_and_accept (&owner, &member, ms_team_get_id (other), "member@example.jp", "member");
  use_plan (member.store, "pro");
  {
    g_autofree char *id = NULL;
    g_autoptr(MsMessage) message = make_email ("自分の記録", "本文");

    ms_store_set_now_for_testing (member.store, g_get_real_time ());
    id = save_scoring (member.store, message, &error);
    g_assert_no_error (error);
  }
  sync_ok (&member);
  teams = ms_team_repository_new (member.store);
  g_assert_true (ms_team_repository_set_active_id (teams, tenant, &error));
  g_assert_no_error (error);
  result = score (member.store, "お知らせ", "チーム語です");
  g_assert_true (ms_score_result_has_finding (result, "ng.team"));

  /* The owner removes the member. */
  sync_ok (&owner);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT user_id FROM team_member WHERE tenant = '%s'"
                                            " AND email = 'member@example.jp'", tenant);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_ms_store_get_db (owner.store), sql, -1, &stmt, NULL),
                     ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  ms_sync_client_remove_member_async (owner.client, tenant, user_id, NULL, on_removed_cb,
                                      &removed);
  g_assert_true (ms_sync_client_remove_member_finish (owner.client, wait_result (&removed),
                                                      &error));
  g_assert_no_error (error);

  /* The member's next sync clears that team only. */
  sync_ok (&member);
  g_assert_cmpuint (g_list_model_get_n_items (ms_team_repository_get_model (teams)), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM team_ng_word WHERE"
                                            " tenant = '%s'", tenant);

    g_assert_cmpint (store_query_int (member.store, sql), ==, 0);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT count(*) FROM team_rules WHERE tenant = '%s'",
                           ms_team_get_id (other));
    g_assert_cmpint (store_query_int (member.store, sql), ==, 1);
  }
  g_assert_cmpint (count_rows (member.store, "score_history"), ==, 1);
  g_clear_pointer (&result, ms_score_result_unref);
  result = score (member.store, "お知らせ", "チーム語です");
  g_assert_false (ms_score_result_has_finding (result, "ng.team"));

  client_close (&owner);
  client_close (&member);
}

/* A team the server no longer lists is cleared with its pending edits; and
 * one that appears between the list and the push (the hook below) gets a
 * 403 on its push, which clears it too and lets the round go on. */
static void
on_step_cb (MsSyncClient *client,
            const char   *step,
            gpointer      user_data)
{
  MsStore *store = ms_sync_client_get_store (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) ghost = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  gboolean *armed = user_data;

  if (!*armed || !g_str_equal (step, "push-before-send"))
    return;
  *armed = FALSE;
  ghost = ms_team_new ("team:00000000-0000-0000-0000-0000000000ee", "幽霊2", "team_s", "owner",
                       1, 5);
  g_assert_true (ms_store_put_team (store, ghost, &error));
  rules = ms_team_rules_repository_new (store, ms_team_get_id (ghost));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "幽霊語", &error));
  g_assert_no_error (error);
}

static void
test_forbidden_team_is_cleared (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) ghost = ms_team_new ("team:00000000-0000-0000-0000-0000000000ff", "幽霊",
                                         "team_s", "owner", 1, 5);
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  Client c = { 0 };
  gboolean armed = TRUE;

  client_open (fixture, &c, "c", "c@example.jp");
  sync_ok (&c);
  g_assert_true (ms_store_put_team (c.store, ghost, &error));
  g_assert_no_error (error);
  rules = ms_team_rules_repository_new (c.store, ms_team_get_id (ghost));
  g_assert_true (ms_team_rules_repository_add_ng_word (rules, "幽霊語", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (c.store, "outbox"), ==, 1);
  sync_ok (&c);
  g_assert_cmpint (count_rows (c.store, "team"), ==, 0);
  g_assert_cmpint (count_rows (c.store, "team_ng_word"), ==, 0);
  g_assert_cmpint (count_rows (c.store, "outbox"), ==, 0);

  /* The 403 path: a personal change to push, and the ghost made meanwhile. */
  {
    g_autoptr(MsMessage) message = make_email ("自分の記録", "本文");
    g_autofree char *id = NULL;

    ms_store_set_now_for_testing (c.store, g_get_real_time ());
    id = save_scoring (c.store, message, &error);
    g_assert_no_error (error);
  }
  ms_sync_client_set_step_hook (c.client, on_step_cb, &armed);
  sync_ok (&c);
  g_assert_false (armed);
  g_assert_cmpint (count_rows (c.store, "team"), ==, 0);
  g_assert_cmpint (count_rows (c.store, "team_ng_word"), ==, 0);
  g_assert_cmpint (count_rows (c.store, "outbox"), ==, 0);
  g_assert_cmpint (count_rows (c.store, "score_history"), ==, 1);
  g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"
                                                   " WHERE entity = 'score_history'"), ==, 1);
  ms_sync_client_set_step_hook (c.client, NULL, NULL);

  client_close (&c);
}

static GPtrArray *
list_invites (Client     *client,
              const char *team)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *invites;

  ms_sync_client_list_invites_async (client->client, team, NULL, on_result_cb, &result);
  invites = ms_sync_client_list_invites_finish (client->client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (invites);
  return invites;
}

/* A pending invite is listed until it is accepted; then the new member
 * arrives in the team's member model with the next sync. */
static void
test_invites_and_members (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(GPtrArray) invites = NULL;
  g_autoptr(MsTeamMember) first = NULL;
  g_autoptr(MsTeamMember) second = NULL;
  MsTeamInvite *invite;
  GListModel *members;
  Client owner = { 0 }, member = { 0 };
  const char *tenant;
  gint64 now = g_get_real_time ();

  client_open (fixture, &owner, "owner", "owner@example.jp");
  client_open (fixture, &member, "member", "member@example.jp");
  team = create_team (&owner, "販促チーム", "team_s");
  tenant = ms_team_get_id (team);
  sync_ok (&owner);
  rules = ms_team_rules_repository_new (owner.store, tenant);
  members = ms_team_rules_repository_get_members (rules);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);

  invites = list_invites (&owner, tenant);
  g_assert_cmpuint (invites->len, ==, 0);
  g_clear_pointer (&invites, g_ptr_array_unref);

  invite_and_accept (&owner, &member, tenant, "member@example.jp", "member");
  /* invite_and_accept used the invite; a second one stays pending. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *token = NULL;

    ms_sync_client_invite_async (owner.client, tenant, "Later@Example.jp", NULL, NULL,
                                 on_result_cb, &result);
    token = ms_sync_client_invite_finish (owner.client, wait_result (&result), &error);
    g_assert_no_error (error);
  }
  invites = list_invites (&owner, tenant);
  g_assert_cmpuint (invites->len, ==, 1);
  invite = g_ptr_array_index (invites, 0);
  g_assert_cmpstr (invite->email, ==, "later@example.jp");
  g_assert_cmpstr (invite->role, ==, "member");
  g_assert_cmpint (invite->expires_at, >, now);
  g_clear_pointer (&invites, g_ptr_array_unref);

  /* Members may list them too. */
  invites = list_invites (&member, tenant);
  g_assert_cmpuint (invites->len, ==, 1);
  g_clear_pointer (&invites, g_ptr_array_unref);

  sync_ok (&owner);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 2);
  first = g_list_model_get_item (members, 0);
  second = g_list_model_get_item (members, 1);
  g_assert_true (ms_team_member_get_is_owner (first));
  g_assert_cmpstr (ms_team_member_get_email (first), ==, "owner@example.jp");
  g_assert_false (ms_team_member_get_is_owner (second));
  g_assert_cmpstr (ms_team_member_get_email (second), ==, "member@example.jp");
  g_assert_cmpstr (ms_team_member_get_role (second), ==, "member");
  g_assert_true (g_str_has_suffix (ms_store_get_tenant (member.store),
                                   ms_team_member_get_user_id (second)));

  client_close (&owner);
  client_close (&member);
}

static gboolean
esp_footer_reminder (MsStore *store)
{
  g_autoptr(MsScoreResult) result = score (store, "冬のコートのご案内", "新作のコートが入荷しました。");
  gboolean reminder = ms_score_result_has_finding (result, "tokutei.esp_footer");
  static const char * const checks[] = {
    "tokutei.sender", "tokutei.optout", "tokutei.address", "tokutei.contact",
  };

  /* One reminder, or the four checks: never both, never neither. */
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_assert_cmpint (ms_score_result_has_finding (result, checks[i]), ==, !reminder);
  return reminder;
}

static gboolean
personal_esp_footer (MsStore *store)
{
  g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);

  return ms_personal_setting_repository_get_boolean (settings, MS_PERSONAL_SETTING_ESP_FOOTER);
}

static void
set_personal_esp_footer (MsStore  *store,
                         gboolean  on)
{
  g_autoptr(MsPersonalSettingRepository) settings = ms_personal_setting_repository_new (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_personal_setting_repository_set_boolean (settings,
                                                             MS_PERSONAL_SETTING_ESP_FOOTER, on,
                                                             &error));
  g_assert_no_error (error);
}

/* The personal switch, turned on before signing in, follows the person to a
 * second device; the team's switch reaches a member. */
static void
test_esp_footer_syncs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(MsTeamRulesRepository) rules = NULL;
  g_autoptr(MsTeamRepository) member_teams = NULL;
  Client laptop = { 0 }, desktop = { 0 }, member = { 0 };
  const char *tenant;

  /* Offline, before any account: applies at once. */
  client_open_store (fixture, &laptop, "laptop");
  g_assert_false (esp_footer_reminder (laptop.store));
  set_personal_esp_footer (laptop.store, TRUE);
  g_assert_true (esp_footer_reminder (laptop.store));

  /* Signing up moves it into the account; a sync sends it. */
  client_connect (fixture, &laptop, "owner@example.jp", TRUE);
  g_assert_true (personal_esp_footer (laptop.store));
  sync_ok (&laptop);
  g_assert_cmpint (ms_store_get_outbox_length (laptop.store), ==, 0);
  g_assert_cmpint (count_rows (laptop.store, "personal_setting"), ==, 1);
  g_assert_true (personal_esp_footer (laptop.store));
  g_assert_cmpint (server_query (&fixture->server, "SELECT count(*) FROM sync_row"
                                                   " WHERE entity = 'personal_setting'"), ==, 1);

  /* The same person on a second device */
  client_open_store (fixture, &desktop, "desktop");
  client_connect (fixture, &desktop, "owner@example.jp", FALSE);
  g_assert_false (esp_footer_reminder (desktop.store));
  sync_ok (&desktop);
  g_assert_true (personal_esp_footer (desktop.store));
  g_assert_true (esp_footer_reminder (desktop.store));

  /* Turned off there, offline, then synced both ways */
  set_personal_esp_footer (desktop.store, FALSE);
  g_assert_false (esp_footer_reminder (desktop.store));
  sync_ok (&desktop);
  sync_ok (&laptop);
  g_assert_false (personal_esp_footer (laptop.store));
  g_assert_false (esp_footer_reminder (laptop.store));

  /* The team's switch, set by its owner offline, reaches a member whose
   * own switch is off. */
  client_open (fixture, &member, "member", "member@example.jp");
  team = create_team (&laptop, "販促チーム", "team_s");
  tenant = ms_team_get_id (team);
  sync_ok (&laptop);
  rules = ms_team_rules_repository_new (laptop.store, tenant);
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "true",
                                                                 &error));
  g_assert_no_error (error);
  invite_and_accept (&laptop, &member, tenant, "member@example.jp", "member");
  sync_ok (&laptop);
  sync_ok (&member);
  member_teams = ms_team_repository_new (member.store);
  g_assert_true (ms_team_repository_set_active_id (member_teams, tenant, &error));
  g_assert_no_error (error);
  g_assert_false (personal_esp_footer (member.store));
  g_assert_true (esp_footer_reminder (member.store));

  /* Off again for the team: the member's own (off) setting applies. */
  g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "esp_footer", "false",
                                                                 &error));
  g_assert_no_error (error);
  sync_ok (&laptop);
  sync_ok (&member);
  g_assert_false (esp_footer_reminder (member.store));

  client_close (&laptop);
  client_close (&desktop);
  client_close (&member);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!ms_test_db_check_backend ())
    return 0;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ms/sync/teams/rules-reach-members", test_rules_reach_members);
  ADD ("/ms/sync/teams/owners-converge", test_owners_converge);
  ADD ("/ms/sync/teams/removed-member", test_removed_member);
  ADD ("/ms/sync/teams/forbidden-team-is-cleared", test_forbidden_team_is_cleared);
  ADD ("/ms/sync/teams/invites-and-members", test_invites_and_members);
  ADD ("/ms/sync/teams/esp-footer-syncs", test_esp_footer_syncs);
#undef ADD

  return g_test_run ();
}
