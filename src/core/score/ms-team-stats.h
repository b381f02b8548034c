/* ms-team-stats.h — member stats and the team trend, month by month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_TEAM_STATS_SCHEMA 1

/* One member of the team, as the server knows it. */
typedef struct
{
  const char *user_id;
  const char *name;
  const char *role;        /* "owner" or "member" */
} MsTeamStatsMember;

/* One saved scoring of a member (score_history on the server). */
typedef struct
{
  guint   member;          /* index into the members */
  gint64  created_at;      /* microseconds since the epoch */
  guint   total;           /* 0–100 */
  MsGoal  goal;
} MsTeamStatsScoring;

/* What the server computes from. */
typedef struct
{
  const char               *team;         /* "team:<uuid>" */
  const MsTeamStatsMember  *members;
  guint                     n_members;
  const MsTeamStatsScoring *scorings;
  guint                     n_scorings;
  int                       min_score;    /* the team's minimum, or -1 for none */
  const char               *viewer;       /* the user who asked */
  gboolean                  sees_all;     /* an owner: every member; else the viewer alone */
  guint                     n_months;     /* months in the window, the current one last */
  gint64                    now;
} MsTeamStatsInput;

/* One month of a series; a month without scorings has NAN averages and shares. */
typedef struct
{
  guint    scorings;
  double   average;        /* mean total, or NAN */
  double   below_min;      /* share of totals below the minimum (0–1), or NAN */
  MsGoal   top_goal;       /* the most used goal (MS_GOAL_ANY when none) */
  gboolean has_top_goal;
} MsTeamStatsMonth;

/* The team, or one member, over the window. */
typedef struct
{
  char             *user_id;          /* NULL for the team */
  char             *name;
  char             *role;
  MsTeamStatsMonth *months;           /* n_months, oldest first */
  double            average_change;   /* this month's average − last month's, or NAN */
  double            below_min_change; /* this month's share − last month's, or NAN */
} MsTeamStatsSeries;

void        ms_team_stats_get_window (gint64                   now,
                                      guint                    n_months,
                                      gint64                  *from);
JsonObject *ms_team_stats_compute    (const MsTeamStatsInput  *input) G_GNUC_WARN_UNUSED_RESULT;

#define MS_TYPE_TEAM_STATS (ms_team_stats_get_type ())

G_DECLARE_FINAL_TYPE (MsTeamStats, ms_team_stats, MS, TEAM_STATS, GObject)

MsTeamStats             *ms_team_stats_new_from_json (const char    *json,
                                                      gssize         length,
                                                      GError       **error) G_GNUC_WARN_UNUSED_RESULT;
const char              *ms_team_stats_get_json      (MsTeamStats   *self);
const char              *ms_team_stats_get_team      (MsTeamStats   *self);
gint64                   ms_team_stats_get_computed_at (MsTeamStats *self);
int                      ms_team_stats_get_min_score (MsTeamStats   *self);
gboolean                 ms_team_stats_get_sees_all  (MsTeamStats   *self);
const char              *ms_team_stats_get_viewer    (MsTeamStats   *self);
guint                    ms_team_stats_get_n_months  (MsTeamStats   *self);
const char              *ms_team_stats_get_month     (MsTeamStats   *self,
                                                      guint          index);
const MsTeamStatsSeries *ms_team_stats_get_team_series (MsTeamStats *self);
guint                    ms_team_stats_get_n_members (MsTeamStats   *self);
const MsTeamStatsSeries *ms_team_stats_get_member    (MsTeamStats   *self,
                                                      guint          index);
const MsTeamStatsSeries *ms_team_stats_find_member   (MsTeamStats   *self,
                                                      const char    *user_id);
gboolean                 ms_team_stats_get_since_start (MsTeamStats *self,
                                                      guint         *first_month,
                                                      guint         *last_month,
                                                      double        *change);

G_END_DECLS
