/* test-team-sync.c — an owner's offline rule edits reach a member's window
 *
 * The real msgscore-server runs on 127.0.0.1. The owner is another client,
 * driven through msgscore-cli with a profile of its own: it signs up,
 * creates a team and invites the member. The app, the member's profile,
 * signs up and joins with the code in the Team page's dialog. The owner
 * then edits the NG words and a subject rule offline and syncs; after the
 * member's next sync the Score page flags the owner's word and rule, and
 * the Team page shows the rules locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-server.h"
#include "ms-app-test.h"
#include "ms-score-page.h"
#include "ms-team-join-dialog.h"
#include "ms-team-page.h"
#include "ms-team-rules-editor.h"
#include "store/ms-store-all.h"

#define PASSWORD     "correct horse battery staple"
#define MEMBER_EMAIL "member@example.jp"

static MsApplication *app;
static MsAppServer server;
static char *owner_dir;

/* Runs msgscore-cli for the owner's profile; returns its standard output. */
static char *
run_owner_cli (const char *input,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ms_app_server_dup_url (&server);
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("MSGSCORE_CLI_BIN")));
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, g_strdup_printf ("--profile=%s", owner_dir));
  g_ptr_array_add (argv, g_strdup_printf ("--token-store=file:%s/token", owner_dir));
  if (g_str_equal (g_ptr_array_index (argv, 1), "login"))
    g_ptr_array_add (argv, g_strdup_printf ("--server=%s", url));
  g_ptr_array_add (argv, NULL);

  cli = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, input, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (cli))
    g_error ("msgscore-cli %s failed: %s", (char *) g_ptr_array_index (argv, 1), err);
  return out;
}

static MsScorePage *
get_score_page (void)
{
  return ms_test_get_page (app, "score");
}

static gpointer
team_child (const char *name)
{
  gpointer page = ms_test_get_page (app, "team");

  return ms_test_child (page, MS_TYPE_TEAM_PAGE, name);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  g_assert_not_reached ();
}

static void
on_signed_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ms_sync_client_sign_up_finish (MS_SYNC_CLIENT (object), result, &error));
  g_assert_no_error (error);
}

static void
sync_member (MsSyncClient *client)
{
  gpointer indicator = ms_test_child (ms_test_get_window (app), MS_TYPE_WINDOW, "sync_indicator");

  ms_test_wait_until (ms_sync_client_get_state (client) != MS_SYNC_STATE_SYNCING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (indicator), "sync.sync-now", NULL));
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED &&
                      ms_sync_client_get_pending (client) == 0);
  ms_test_flush ();
}

static void
test_owner_rules_reach_member (void)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  MsScorePage *page = get_score_page ();
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  g_autoptr(MsTeam) joined = NULL;
  g_autofree char *created = NULL;
  g_autofree char *token = NULL;
  g_autofree char *words = NULL;
  g_auto(GStrv) fields = NULL;

  /* The owner signs up and creates a team; the member signs up. */
  g_free (run_owner_cli (PASSWORD "\n", "login", "--signup", "--name=オーナー",
                         "--email=owner@example.jp", "--password-stdin", NULL));
  created = run_owner_cli (NULL, "team", "create", "販促チーム", "--plan=team_s", NULL);
  fields = g_strsplit (created, "\t", -1);
  g_assert_true (g_str_has_prefix (fields[0], "team:"));
  g_free (run_owner_cli (NULL, "sync", NULL));

  ms_sync_client_sign_up_async (client, MEMBER_EMAIL, PASSWORD, "メンバー", NULL,
                                on_signed_up_cb, NULL);
  ms_test_wait_until (ms_sync_client_get_state (client) == MS_SYNC_STATE_SYNCED);

  /* The owner invites the member, who pastes the code (in a sentence, as
   * chat apps deliver it) into the Team page's Join dialog. */
  token = g_strstrip (run_owner_cli (NULL, "team", "invite", fields[0], MEMBER_EMAIL, NULL));
  ms_test_show_section (app, "team");
  g_assert_true (gtk_widget_get_visible (team_child ("join_button")));
  g_signal_emit_by_name (team_child ("join_button"), "clicked");
  ms_test_flush ();
  {
    AdwMessageDialog *dialog = find_message_dialog ();
    g_autofree char *pasted = g_strdup_printf ("招待コード： %s\n", token);

    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "join"));
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), pasted);
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "join"));
    adw_message_dialog_response (dialog, "join");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
  ms_test_wait_until (g_list_model_get_n_items (ms_team_repository_get_model (teams)) == 1);
  joined = g_list_model_get_item (ms_team_repository_get_model (teams), 0);
  g_assert_cmpstr (ms_team_get_id (joined), ==, fields[0]);
  g_assert_cmpstr (ms_team_get_role (joined), ==, "member");
  sync_member (client);
  ms_test_show_section (app, "score");

  /* Before the owner's rules: the subject is clean of team findings. */
  gtk_editable_set_text (ms_test_child (page, MS_TYPE_SCORE_PAGE, "subject_row"),
                         "【激安】冬のコート全品20%オフ");
  ms_test_flush ();
  g_assert_false (ms_test_subject_has_finding (get_score_page (), "ng.team"));
  g_assert_false (ms_test_subject_has_finding (get_score_page (), "brand.subject.brackets"));

  /* The owner edits offline (the profile alone), then syncs. */
  g_free (run_owner_cli (NULL, "team", "ng-words", fields[0], "--add=激安", NULL));
  g_free (run_owner_cli (NULL, "team", "rules", fields[0], "--set=subject_no_brackets=true",
                         NULL));
  words = run_owner_cli (NULL, "team", "ng-words", fields[0], NULL);
  g_assert_nonnull (strstr (words, "激安"));
  g_free (run_owner_cli (NULL, "sync", NULL));

  /* The member's next sync brings them, and the draft is scored with them. */
  sync_member (client);
  ms_test_wait_until (ms_test_subject_has_finding (get_score_page (), "ng.team"));
  g_assert_true (ms_test_subject_has_finding (get_score_page (), "brand.subject.brackets"));

  /* The member's Team page shows the rules, locked. */
  ms_test_show_section (app, "team");
  g_assert_cmpstr (adw_action_row_get_subtitle (team_child ("role_row")), ==, "Member");
  g_assert_true (gtk_widget_get_visible (ms_test_child (team_child ("rules_editor"),
                                                        MS_TYPE_TEAM_RULES_EDITOR, "lock_row")));
}

static gint64
count_pending_invites_on_server (void)
{
  return ms_app_server_query_int (&server, "SELECT count(*) FROM team_invite"
                                           " WHERE used_at IS NULL");
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_team_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  MsTeam **team = user_data;

  *team = ms_sync_client_create_team_finish (MS_SYNC_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* An owner invites from the Team page, then takes the invitation back: the
 * row goes and the server holds no pending invitation. */
static void
test_owner_cancels_invitation (void)
{
  MsSyncClient *client = ms_test_get_sync_client (app);
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (ms_test_get_store (app));
  g_autoptr(MsTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *cancel;

  g_assert_nonnull (ms_sync_client_get_email (client));  /* signed in by the test before */
  ms_sync_client_create_team_async (client, "招待テスト", "team_s", NULL, on_team_created_cb,
                                    &team);
  ms_test_wait_until (team != NULL);
  g_assert_true (ms_team_repository_set_active_id (teams, ms_team_get_id (team), &error));
  g_assert_no_error (error);
  ms_test_show_section (app, "team");
  ms_test_flush ();
  g_assert_cmpint (count_pending_invites_on_server (), ==, 0);

  gtk_editable_set_text (team_child ("invite_row"), "guest@example.jp");
  g_signal_emit_by_name (team_child ("invite_row"), "entry-activated");
  ms_test_wait_until (count_pending_invites_on_server () == 1 &&
                      gtk_widget_get_visible (team_child ("invites_list")));
  gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));

  cancel = find_button (team_child ("invites_list"), "Cancel Invitation");
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  ms_test_wait_until (!gtk_widget_get_visible (team_child ("invites_list")));
  g_assert_cmpint (count_pending_invites_on_server (), ==, 0);
}

/* What arrives by mail or chat: the bare code, or a line or link ending in it. */
static void
test_parse_code (void)
{
  const char *code = "Qm9vdHN0cmFwLWludml0YXRpb24tdG9rZW4tZXhhbXBsZQ";
  g_autofree char *line = g_strdup_printf ("招待コード：%s\n", code);
  g_autofree char *link = g_strdup_printf ("https://msgscore.example/invite#%s", code);
  g_autofree char *bare = ms_team_join_parse_code (code);
  g_autofree char *from_line = ms_team_join_parse_code (line);
  g_autofree char *from_link = ms_team_join_parse_code (link);
  g_autofree char *short_code = ms_team_join_parse_code ("abc123");
  g_autofree char *empty = ms_team_join_parse_code ("  ");

  g_assert_cmpstr (bare, ==, code);
  g_assert_cmpstr (from_line, ==, code);
  g_assert_cmpstr (from_link, ==, code);
  g_assert_null (short_code);
  g_assert_null (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);

  /* The owner's CLI keeps its sign-in in a file in its own profile. */
  owner_dir = g_dir_make_tmp ("msgscore-owner-XXXXXX", &error);
  g_assert_no_error (error);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/team-sync/parse-code", test_parse_code);
  g_test_add_func ("/ms/app/team-sync/owner-rules-reach-member", test_owner_rules_reach_member);
  g_test_add_func ("/ms/app/team-sync/owner-cancels-invitation", test_owner_cancels_invitation);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
