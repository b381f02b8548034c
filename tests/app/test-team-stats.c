/* test-team-stats.c — the Stats section in two real windows, online and offline
 *
 * The real msgscore-server on 127.0.0.1. The app's window is the owner's;
 * a second window (its own profile) is a member's. Both save scorings on
 * their Score pages and sync; the owner's Stats section shows the team's
 * month and both members, the member's shows the team and themself. With
 * the server gone, the owner's section still shows the last figures and
 * says they are the server's of when it computed them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ms-app-second.h"
#include "ms-app-server.h"
#include "ms-team-stats-page.h"
#include "store/ms-store-all.h"

static MsApplication *app;
static MsAppServer server;

static MsTeamStatsPage *
show_stats (MsWindow *window)
{
  MsTeamStatsPage *page = MS_TEAM_STATS_PAGE (ms_window_get_page (window, "stats"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "stats");
  ms_test_flush ();
  ms_test_wait_until (!ms_team_stats_page_get_fetching (page));
  ms_test_flush ();
  return page;
}

static gpointer
stats_child (MsTeamStatsPage *page,
             const char      *name)
{
  return ms_test_child (page, MS_TYPE_TEAM_STATS_PAGE, name);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
test_stats_online_and_offline (void)
{
  MsWindow *owner = ms_test_get_window (app);
  MsWindow *member = ms_test_open_second_window (app);
  g_autofree char *team = NULL;
  MsTeamStatsPage *page;
  MsTeamStats *stats;
  const MsTeamStatsSeries *series;

  ms_test_sign_up (owner, "owner@example.jp", "佐藤");
  ms_test_sign_up (member, "member@example.jp", "鈴木");
  team = ms_test_make_team (owner, member, "member@example.jp", "team_s");

  /* A minimum of 100: every scoring falls below it. */
  {
    g_autoptr(MsTeamRulesRepository) rules =
      ms_team_rules_repository_new (ms_context_get_store (ms_test_window_get_context (owner)),
                                    team);
    g_autoptr(GError) error = NULL;

    g_assert_true (ms_team_rules_repository_set_field_from_string (rules, "min_score", "100",
                                                                   &error));
    g_assert_no_error (error);
  }
  ms_test_save_subject (owner, "【3日間限定】冬のコート全品20%オフ");
  ms_test_save_subject (owner, "12月のおすすめギフト特集、送料無料は12月20日まで");
  ms_test_save_subject (member, "{name}様だけの会員限定セール、本日スタート");
  g_assert_true (ms_test_sync (owner));
  g_assert_true (ms_test_sync (member));

  /* The owner's section: the team's month and both members. */
  page = show_stats (owner);
  stats = ms_team_stats_page_get_stats (page);
  g_assert_nonnull (stats);
  g_assert_true (ms_team_stats_get_sees_all (stats));
  g_assert_cmpint (ms_team_stats_get_min_score (stats), ==, 100);
  series = ms_team_stats_get_team_series (stats);
  g_assert_cmpuint (series->months[ms_team_stats_get_n_months (stats) - 1].scorings, ==, 3);
  g_assert_cmpfloat (series->months[ms_team_stats_get_n_months (stats) - 1].below_min, ==, 1.0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stats_child (page, "stack")), ==, "stats");
  g_assert_cmpstr (adw_action_row_get_subtitle (stats_child (page, "scorings_row")), ==, "3");
  g_assert_cmpuint (count_rows (stats_child (page, "members_list")), ==, 2);
  g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (stats_child (page,
                                                                                        "summary_group")),
                                   "The whole team, computed on "));

  /* The member's: the team, and the member alone. */
  {
    MsTeamStatsPage *mine = show_stats (member);
    MsTeamStats *own = ms_team_stats_page_get_stats (mine);

    g_assert_nonnull (own);
    g_assert_false (ms_team_stats_get_sees_all (own));
    g_assert_cmpuint (ms_team_stats_get_n_members (own), ==, 1);
    g_assert_cmpstr (ms_team_stats_get_member (own, 0)->name, ==, "鈴木");
    g_assert_cmpuint (count_rows (stats_child (mine, "members_list")), ==, 1);
    g_assert_cmpstr (adw_preferences_group_get_title (stats_child (mine, "members_group")), ==,
                     "You");
  }

  /* Offline: the owner's section keeps the last figures and says so. */
  ms_app_server_stop (&server);
  gtk_widget_activate_action (GTK_WIDGET (owner), "win.show-section", "s", "score");
  ms_test_flush ();
  page = show_stats (owner);
  g_assert_nonnull (ms_team_stats_page_get_stats (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stats_child (page, "stack")), ==, "stats");
  g_assert_cmpstr (adw_action_row_get_subtitle (stats_child (page, "scorings_row")), ==, "3");
  g_assert_true (g_str_has_prefix (adw_preferences_group_get_description (stats_child (page,
                                                                                        "summary_group")),
                                   "Offline: the figures the server computed on "));
  ms_app_server_start (&server);

  gtk_window_destroy (GTK_WINDOW (member));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  app = ms_app_server_start_app (&server);

  g_test_add_func ("/ms/app/team-stats/online-and-offline", test_stats_online_and_offline);

  status = g_test_run ();

  ms_app_server_stop_app (&server, app);
  return status;
}
