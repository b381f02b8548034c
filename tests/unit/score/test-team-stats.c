/* test-team-stats.c — member stats and the team trend: months, averages, shares, goals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ms-core.h"
#include "io/ms-team-stats-csv.h"
#include "score/ms-team-stats.h"

/* A time in Asia/Tokyo (the month the stats count by). */
static gint64
jst (int year,
     int month,
     int day,
     int hour)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) time = g_date_time_new (zone, year, month, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static const MsTeamStatsMember members[] = {
  { "u-owner", "佐藤", "owner" },
  { "u-new", "=HYPERLINK(\"http://x\")", "member" },
};

static MsTeamStats *
compute (const MsTeamStatsScoring *scorings,
         guint                     n_scorings,
         int                       min_score,
         const char               *viewer,
         gboolean                  sees_all,
         guint                     n_months,
         gint64                    now)
{
  MsTeamStatsInput input = {
    "team:t1", members, G_N_ELEMENTS (members), scorings, n_scorings, min_score, viewer,
    sees_all, n_months, now,
  };
  g_autoptr(JsonObject) o = ms_team_stats_compute (&input);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  MsTeamStats *stats = ms_team_stats_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

/* Month edges fall at midnight in Tokyo, not UTC; the figures survive the
 * trip through JSON. */
static void
test_months (void)
{
  const MsTeamStatsScoring scorings[] = {
    /* 31 Oct 23:30 JST is October (in UTC it is already… still October 14:30) */
    { 0, jst (2025, 10, 31, 23), 80, MS_GOAL_PURCHASE },
    /* 1 Nov 00:30 JST is November, though 31 Oct 15:30 in UTC */
    { 0, jst (2025, 11, 1, 0) + 30 * G_TIME_SPAN_MINUTE, 60, MS_GOAL_READ },
    { 1, jst (2025, 11, 5, 12), 70, MS_GOAL_READ },
    { 1, jst (2025, 11, 6, 12), 90, MS_GOAL_SIGNUP },
    /* outside the window: ignored */
    { 1, jst (2025, 8, 31, 12), 10, MS_GOAL_EVENT },
    { 1, jst (2025, 12, 1, 0), 10, MS_GOAL_EVENT },
    /* a member the list does not have: ignored */
    { 7, jst (2025, 11, 7, 12), 10, MS_GOAL_EVENT },
  };
  g_autoptr(MsTeamStats) stats = compute (scorings, G_N_ELEMENTS (scorings), 70, "u-owner", TRUE,
                                          3, jst (2025, 11, 20, 9));
  const MsTeamStatsSeries *team = ms_team_stats_get_team_series (stats);
  const MsTeamStatsSeries *owner = ms_team_stats_find_member (stats, "u-owner");
  const MsTeamStatsSeries *fresh = ms_team_stats_find_member (stats, "u-new");
  guint first, last;
  double change;

  g_assert_cmpuint (ms_team_stats_get_n_months (stats), ==, 3);
  g_assert_cmpstr (ms_team_stats_get_month (stats, 0), ==, "2025-09");
  g_assert_cmpstr (ms_team_stats_get_month (stats, 2), ==, "2025-11");
  g_assert_cmpint (ms_team_stats_get_min_score (stats), ==, 70);
  g_assert_true (ms_team_stats_get_sees_all (stats));
  g_assert_cmpint (ms_team_stats_get_computed_at (stats), ==, jst (2025, 11, 20, 9));

  g_assert_cmpuint (team->months[0].scorings, ==, 0);
  g_assert_true (isnan (team->months[0].average));
  g_assert_false (team->months[0].has_top_goal);
  g_assert_cmpuint (team->months[1].scorings, ==, 1);
  g_assert_cmpfloat (team->months[1].average, ==, 80);
  g_assert_cmpuint (team->months[2].scorings, ==, 3);
  g_assert_cmpfloat_with_epsilon (team->months[2].average, 220.0 / 3, 1e-9);
  /* 60 is below 70; 70 is not */
  g_assert_cmpfloat_with_epsilon (team->months[2].below_min, 1.0 / 3, 1e-9);
  g_assert_true (team->months[2].has_top_goal);
  g_assert_cmpint (team->months[2].top_goal, ==, MS_GOAL_READ);
  g_assert_cmpfloat_with_epsilon (team->average_change, 220.0 / 3 - 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (team->below_min_change, 1.0 / 3, 1e-9);

  g_assert_cmpuint (ms_team_stats_get_n_members (stats), ==, 2);
  g_assert_cmpstr (owner->name, ==, "佐藤");
  g_assert_cmpstr (fresh->name, ==, "=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (owner->role, ==, "owner");
  g_assert_cmpfloat (owner->months[2].average, ==, 60);
  g_assert_cmpfloat (owner->average_change, ==, -20);
  g_assert_cmpfloat (fresh->months[2].average, ==, 80);
  g_assert_cmpfloat (fresh->months[2].below_min, ==, 0);
  /* a tie between read and signup: the goal listed first */
  g_assert_cmpint (fresh->months[2].top_goal, ==, MS_GOAL_SIGNUP);
  g_assert_true (isnan (fresh->average_change));

  g_assert_true (ms_team_stats_get_since_start (stats, &first, &last, &change));
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (last, ==, 2);
  g_assert_cmpfloat_with_epsilon (change, 220.0 / 3 - 80, 1e-9);
}

/* Without a minimum there is no share; a member sees only themself. */
static void
test_member_view (void)
{
  const MsTeamStatsScoring scorings[] = {
    { 0, jst (2025, 11, 3, 12), 40, MS_GOAL_PURCHASE },
    { 1, jst (2025, 11, 4, 12), 50, MS_GOAL_PURCHASE },
  };
  g_autoptr(MsTeamStats) stats = compute (scorings, G_N_ELEMENTS (scorings), -1, "u-new", FALSE,
                                          2, jst (2025, 11, 20, 9));
  const MsTeamStatsSeries *team = ms_team_stats_get_team_series (stats);

  g_assert_cmpint (ms_team_stats_get_min_score (stats), ==, -1);
  g_assert_false (ms_team_stats_get_sees_all (stats));
  g_assert_cmpuint (ms_team_stats_get_n_members (stats), ==, 1);
  g_assert_cmpstr (ms_team_stats_get_member (stats, 0)->user_id, ==, "u-new");
  g_assert_null (ms_team_stats_find_member (stats, "u-owner"));
  g_assert_cmpfloat (team->months[1].average, ==, 45);
  g_assert_true (isnan (team->months[1].below_min));
  g_assert_false (ms_team_stats_get_since_start (stats, NULL, NULL, NULL));
}

/* What a server answers is untrusted: out of range, wrong shapes, too deep. */
static void
test_bad_json (void)
{
  static const char * const bad[] = {
    "",
    "[]",
    "{\"schema\":2}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[],\"team\":{\"months\":[]},\"members\":[]}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[\"2025-11\"],\"members\":[],"
    " \"team\":{\"months\":[{\"scorings\":1,\"average\":101}]}}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[\"2025-11\"],\"members\":[],"
    " \"team\":{\"months\":[{\"scorings\":-1}]}}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[\"2025-11\"],\"members\":[],"
    " \"team\":{\"months\":[{\"scorings\":1}, {\"scorings\":1}]}}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[\"2025-11\"],\"members\":[{\"name\":\"x\"}],"
    " \"team\":{\"months\":[{\"scorings\":1}]}}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[\"2025-11\"],\"members\":[],"
    " \"team\":{\"months\":[{\"scorings\":1,\"below_min\":\"half\"}]}}",
    "{\"schema\":1,\"tenant\":\"team:t\",\"months\":[[[[[[[[[[1]]]]]]]]]],\"members\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsTeamStats) stats = ms_team_stats_new_from_json (bad[i], -1, &error);

      g_assert_null (stats);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* The table as CSV: the team first, one decimal, percent, and a member's
 * name that a spreadsheet would run is defused. */
static void
test_csv (void)
{
  const MsTeamStatsScoring scorings[] = {
    { 0, jst (2025, 10, 3, 12), 57, MS_GOAL_SIGNUP },
    { 0, jst (2025, 11, 3, 12), 78, MS_GOAL_SIGNUP },
    { 1, jst (2025, 11, 4, 12), 66, MS_GOAL_PURCHASE },
  };
  g_autoptr(MsTeamStats) stats = compute (scorings, G_N_ELEMENTS (scorings), 70, "u-owner", TRUE,
                                          2, jst (2025, 11, 20, 9));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = ms_team_stats_to_csv (stats, 1, MS_ENCODING_UTF8, &error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);  /* header, team, 2 members, "" */
  g_assert_true (g_str_has_prefix (lines[0], "Member,Role,Month,"));
  g_assert_cmpstr (lines[1], ==, "Whole team,,2025-11,2,72.0,+15.0,50.0,-50.0,Purchase");
  g_assert_cmpstr (lines[2], ==, "佐藤,Owner,2025-11,1,78.0,+21.0,0.0,-100.0,Sign-up");
  g_assert_true (g_str_has_prefix (lines[3], "\"'=HYPERLINK("));
  g_assert_true (g_str_has_suffix (lines[3], ",Member,2025-11,1,66.0,,100.0,,Purchase"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ms_core_init_i18n ();

  g_test_add_func ("/ms/team-stats/months", test_months);
  g_test_add_func ("/ms/team-stats/member-view", test_member_view);
  g_test_add_func ("/ms/team-stats/bad-json", test_bad_json);
  g_test_add_func ("/ms/team-stats/csv", test_csv);

  return g_test_run ();
}
