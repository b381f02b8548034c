/* ms-team-stats.c — member stats and the team trend, month by month
 *
 * The server computes a team's figures from its members' saved scorings
 * (ms_team_stats_compute(); it alone has every member's rows) and sends
 * them as JSON; the owner's client keeps that JSON, so the page opens
 * offline with the last figures, and reads it back with
 * ms_team_stats_new_from_json(). Both sides use this file, so a month, an
 * average or a share means the same everywhere.
 *
 * A month is a calendar month in the time zone per-day limits count by
 * (data/plans.json "limit_day_time_zone": Asia/Tokyo). The window is the
 * current month and the n − 1 before it. Per month and per series (the
 * team, and each member): scorings saved, their average total, the share
 * below the team's minimum score (none without a minimum) and the most
 * used goal (ties: the goal listed first). A series' changes compare the
 * current month with the one before it; "since start" compares the first
 * and the last month of the window that have scorings.
 *
 * The JSON (schema 1):
 *   {"schema": 1, "tenant": "team:…", "computed_at": µs, "min_score": 70|null,
 *    "viewer": "<user id>", "sees_all": true,
 *    "months": ["2025-06", …],
 *    "team": SERIES, "members": [SERIES + {"user_id", "name", "role"}, …],
 *    "since_start": {"first": "2025-06", "last": "2025-11", "change": 3.7}|null}
 *   SERIES: {"months": [{"scorings": 12, "average": 71.5|null,
 *                        "below_min": 0.25|null, "top_goal": "purchase"|null}, …],
 *            "average_change": 2.5|null, "below_min_change": -0.1|null}
 * An owner's answer lists every member; a member's lists the member alone
 * (against the team's figures).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-team-stats.h"

#define N_GOALS (MS_GOAL_EVENT + 1)
#define MAX_MONTHS 60
#define MAX_MEMBERS 10000
#define MAX_JSON_BYTES (16 * 1024 * 1024)

/* ------------------------------------------------------------------------ */
/* Months                                                                    */

static GTimeZone *
get_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) plans = ms_data_load_json ("plans.json", &error);
      const char *identifier;
      GTimeZone *parsed;

      if (plans == NULL)
        g_error ("data/plans.json: %s", error->message);
      identifier = json_object_get_string_member_with_default (json_node_get_object (plans),
                                                               "limit_day_time_zone", NULL);
      if (identifier == NULL || (parsed = g_time_zone_new_identifier (identifier)) == NULL)
        g_error ("data/plans.json: “limit_day_time_zone” must be a time zone identifier");
      g_once_init_leave (&zone, parsed);
    }
  return zone;
}

/* The start of the month @offset months after the one of @now (there). */
static GDateTime *
month_start (gint64 now,
             int    offset)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, get_zone ());
  g_autoptr(GDateTime) first = g_date_time_new (get_zone (), g_date_time_get_year (there),
                                                g_date_time_get_month (there), 1, 0, 0, 0);

  return g_date_time_add_months (first, offset);
}

/* n + 1 boundaries of the window's months, in microseconds */
static gint64 *
month_bounds (gint64 now,
              guint  n_months)
{
  gint64 *bounds = g_new (gint64, n_months + 1);

  for (guint i = 0; i <= n_months; i++)
    {
      g_autoptr(GDateTime) start = month_start (now, (int) i - (int) n_months + 1);

      bounds[i] = g_date_time_to_unix (start) * G_USEC_PER_SEC;
    }
  return bounds;
}

/**
 * ms_team_stats_get_window:
 * @from: (out): the first microsecond of the window
 *
 * The window of @n_months months that ends with the month of @now.
 */
void
ms_team_stats_get_window (gint64  now,
                          guint   n_months,
                          gint64 *from)
{
  g_autoptr(GDateTime) start = NULL;

  g_return_if_fail (n_months > 0 && from != NULL);

  start = month_start (now, 1 - (int) n_months);
  *from = g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

static int
find_month (const gint64 *bounds,
            guint         n_months,
            gint64        at)
{
  guint lo = 0, hi = n_months;

  if (at < bounds[0] || at >= bounds[n_months])
    return -1;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (at >= bounds[mid])
        lo = mid;
      else
        hi = mid;
    }
  return (int) lo;
}

/* ------------------------------------------------------------------------ */
/* Computing                                                                 */

typedef struct
{
  guint   scorings;
  guint64 sum;
  guint   below;
  guint   goals[N_GOALS];
} Tally;

static void
set_number (JsonObject *o,
            const char *name,
            double      value)
{
  if (isnan (value))
    json_object_set_null_member (o, name);
  else
    json_object_set_double_member (o, name, value);
}

static void
month_from_tally (const Tally      *tally,
                  int               min_score,
                  MsTeamStatsMonth *month)
{
  guint best = 0;

  month->scorings = tally->scorings;
  month->average = tally->scorings > 0 ? (double) tally->sum / tally->scorings : NAN;
  month->below_min = tally->scorings > 0 && min_score >= 0
                     ? (double) tally->below / tally->scorings : NAN;
  month->has_top_goal = FALSE;
  month->top_goal = MS_GOAL_ANY;
  for (guint g = 0; g < N_GOALS; g++)
    if (tally->goals[g] > best)
      {
        best = tally->goals[g];
        month->top_goal = (MsGoal) g;
        month->has_top_goal = TRUE;
      }
}

static double
difference (double now,
            double before)
{
  return isnan (now) || isnan (before) ? NAN : now - before;
}

static JsonObject *
series_to_json (const Tally *tallies,
                guint        n_months,
                int          min_score)
{
  JsonObject *o = json_object_new ();
  JsonArray *months = json_array_new ();
  MsTeamStatsMonth last = { 0 }, before = { 0 };

  before.average = before.below_min = NAN;
  for (guint i = 0; i < n_months; i++)
    {
      JsonObject *m = json_object_new ();

      before = last;
      month_from_tally (&tallies[i], min_score, &last);
      json_object_set_int_member (m, "scorings", last.scorings);
      set_number (m, "average", last.average);
      set_number (m, "below_min", last.below_min);
      if (last.has_top_goal)
        json_object_set_string_member (m, "top_goal", ms_goal_to_string (last.top_goal));
      else
        json_object_set_null_member (m, "top_goal");
      json_array_add_object_element (months, m);
    }
  json_object_set_array_member (o, "months", months);
  set_number (o, "average_change", n_months > 1 ? difference (last.average, before.average) : NAN);
  set_number (o, "below_min_change",
              n_months > 1 ? difference (last.below_min, before.below_min) : NAN);
  return o;
}

static char *
month_label (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, get_zone ());

  return g_date_time_format (there, "%Y-%m");
}

/**
 * ms_team_stats_compute:
 *
 * Returns: (transfer full): the figures as the stats route answers them
 */
JsonObject *
ms_team_stats_compute (const MsTeamStatsInput *input)
{
  g_autofree gint64 *bounds = NULL;
  g_autofree Tally *tallies = NULL;   /* (1 + n_members) × n_months: the team first */
  JsonObject *o;
  JsonArray *months, *members;
  guint n = input->n_months;
  int first = -1, last = -1;

  g_return_val_if_fail (input->n_months > 0 && input->n_months <= MAX_MONTHS, NULL);

  bounds = month_bounds (input->now, n);
  tallies = g_new0 (Tally, (gsize) (1 + input->n_members) * n);
  for (guint i = 0; i < input->n_scorings; i++)
    {
      const MsTeamStatsScoring *s = &input->scorings[i];
      int month = find_month (bounds, n, s->created_at);
      Tally *tally[2];

      if (month < 0 || s->member >= input->n_members)
        continue;
      tally[0] = &tallies[month];
      tally[1] = &tallies[(gsize) (1 + s->member) * n + (guint) month];
      for (guint t = 0; t < 2; t++)
        {
          tally[t]->scorings++;
          tally[t]->sum += MIN (s->total, 100);
          if (input->min_score >= 0 && s->total < (guint) input->min_score)
            tally[t]->below++;
          tally[t]->goals[(guint) s->goal < N_GOALS ? (guint) s->goal : 0]++;
        }
    }

  o = json_object_new ();
  json_object_set_int_member (o, "schema", MS_TEAM_STATS_SCHEMA);
  json_object_set_string_member (o, "tenant", input->team);
  json_object_set_int_member (o, "computed_at", input->now);
  if (input->min_score >= 0)
    json_object_set_int_member (o, "min_score", input->min_score);
  else
    json_object_set_null_member (o, "min_score");
  json_object_set_string_member (o, "viewer", input->viewer);
  json_object_set_boolean_member (o, "sees_all", input->sees_all);

  months = json_array_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = month_label (bounds[i]);

      json_array_add_string_element (months, label);
    }
  json_object_set_array_member (o, "months", months);

  json_object_set_object_member (o, "team", series_to_json (tallies, n, input->min_score));
  members = json_array_new ();
  for (guint m = 0; m < input->n_members; m++)
    {
      const MsTeamStatsMember *member = &input->members[m];
      JsonObject *series;

      if (!input->sees_all && g_strcmp0 (member->user_id, input->viewer) != 0)
        continue;
      series = series_to_json (&tallies[(gsize) (1 + m) * n], n, input->min_score);
      json_object_set_string_member (series, "user_id", member->user_id);
      json_object_set_string_member (series, "name", member->name != NULL ? member->name : "");
      json_object_set_string_member (series, "role", member->role != NULL ? member->role
                                                                           : "member");
      json_array_add_object_element (members, series);
    }
  json_object_set_array_member (o, "members", members);

  for (guint i = 0; i < n; i++)
    if (tallies[i].scorings > 0)
      {
        if (first < 0)
          first = (int) i;
        last = (int) i;
      }
  if (first >= 0 && last > first)
    {
      JsonObject *since = json_object_new ();
      g_autofree char *first_label = month_label (bounds[first]);
      g_autofree char *last_label = month_label (bounds[last]);

      json_object_set_string_member (since, "first", first_label);
      json_object_set_string_member (since, "last", last_label);
      json_object_set_double_member (since, "change",
                                     (double) tallies[last].sum / tallies[last].scorings -
                                     (double) tallies[first].sum / tallies[first].scorings);
      json_object_set_object_member (o, "since_start", since);
    }
  else
    json_object_set_null_member (o, "since_start");
  return o;
}

/* ------------------------------------------------------------------------ */
/* Reading the figures back                                                  */

struct _MsTeamStats
{
  GObject            parent_instance;

  char              *json;
  char              *team;
  char              *viewer;
  gint64             computed_at;
  int                min_score;
  gboolean           sees_all;
  GPtrArray         *months;      /* char* "YYYY-MM" */
  MsTeamStatsSeries  team_series;
  GArray            *members;     /* MsTeamStatsSeries */
  gboolean           has_since;
  guint              since_first;
  guint              since_last;
  double             since_change;
};

G_DEFINE_FINAL_TYPE (MsTeamStats, ms_team_stats, G_TYPE_OBJECT)

static void
series_clear (MsTeamStatsSeries *series)
{
  g_clear_pointer (&series->user_id, g_free);
  g_clear_pointer (&series->name, g_free);
  g_clear_pointer (&series->role, g_free);
  g_clear_pointer (&series->months, g_free);
}

static void
ms_team_stats_finalize (GObject *object)
{
  MsTeamStats *self = MS_TEAM_STATS (object);

  g_free (self->json);
  g_free (self->team);
  g_free (self->viewer);
  g_clear_pointer (&self->months, g_ptr_array_unref);
  series_clear (&self->team_series);
  g_clear_pointer (&self->members, g_array_unref);

  G_OBJECT_CLASS (ms_team_stats_parent_class)->finalize (object);
}

static void
ms_team_stats_class_init (MsTeamStatsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_team_stats_finalize;
}

static void
ms_team_stats_init (MsTeamStats *self)
{
  self->months = g_ptr_array_new_with_free_func (g_free);
  self->members = g_array_new (FALSE, TRUE, sizeof (MsTeamStatsSeries));
  g_array_set_clear_func (self->members, (GDestroyNotify) series_clear);
  self->min_score = -1;
}

static gboolean
unreadable (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The team’s figures cannot be read. Refresh them, or update MsgScore."));
  return FALSE;
}

/* A number in [min, max], or null (NAN); else FALSE. */
static gboolean
read_number (JsonObject *o,
             const char *name,
             double      min,
             double      max,
             double     *value)
{
  JsonNode *node = json_object_get_member (o, name);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else
    return FALSE;
  return isfinite (*value) && *value >= min && *value <= max;
}

static gboolean
read_series (JsonObject        *o,
             guint              n_months,
             MsTeamStatsSeries *series)
{
  JsonArray *months = ms_json_object_get_array (o, "months");

  if (months == NULL || json_array_get_length (months) != n_months ||
      !read_number (o, "average_change", -100, 100, &series->average_change) ||
      !read_number (o, "below_min_change", -1, 1, &series->below_min_change))
    return FALSE;
  series->months = g_new0 (MsTeamStatsMonth, n_months);
  for (guint i = 0; i < n_months; i++)
    {
      JsonNode *node = json_array_get_element (months, i);
      MsTeamStatsMonth *month = &series->months[i];
      JsonObject *m;
      const char *goal;
      gint64 scorings;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      m = json_node_get_object (node);
      scorings = ms_json_object_get_int (m, "scorings", -1);
      if (scorings < 0 || scorings > G_MAXUINT32 ||
          !read_number (m, "average", 0, 100, &month->average) ||
          !read_number (m, "below_min", 0, 1, &month->below_min))
        return FALSE;
      month->scorings = (guint) scorings;
      goal = ms_json_object_get_string (m, "top_goal", NULL);
      month->has_top_goal = goal != NULL && ms_goal_from_string (goal, &month->top_goal);
    }
  return TRUE;
}

static gboolean
read_stats (MsTeamStats *self,
            JsonObject  *o)
{
  JsonArray *months = ms_json_object_get_array (o, "months");
  JsonArray *members = ms_json_object_get_array (o, "members");
  JsonObject *team = ms_json_object_get_object (o, "team");
  JsonObject *since = ms_json_object_get_object (o, "since_start");
  const char *team_id = ms_json_object_get_string (o, "tenant", NULL);
  gint64 min_score = ms_json_object_get_int (o, "min_score", -1);
  guint n;

  if (ms_json_object_get_int (o, "schema", 0) != MS_TEAM_STATS_SCHEMA || team_id == NULL ||
      months == NULL || members == NULL || team == NULL ||
      (n = json_array_get_length (months)) == 0 || n > MAX_MONTHS ||
      json_array_get_length (members) > MAX_MEMBERS || min_score < -1 || min_score > 100)
    return FALSE;
  self->team = g_strdup (team_id);
  self->viewer = g_strdup (ms_json_object_get_string (o, "viewer", ""));
  self->computed_at = ms_json_object_get_int (o, "computed_at", 0);
  self->min_score = (int) min_score;
  self->sees_all = ms_json_object_get_boolean (o, "sees_all", FALSE);
  for (guint i = 0; i < n; i++)
    {
      const char *label = json_node_get_string (json_array_get_element (months, i));

      if (label == NULL || !g_utf8_validate (label, -1, NULL) || strlen (label) > 16)
        return FALSE;
      g_ptr_array_add (self->months, g_strdup (label));
    }
  if (!read_series (team, n, &self->team_series))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      MsTeamStatsSeries series = { 0 };
      JsonObject *m;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      m = json_node_get_object (node);
      if (ms_json_object_get_string (m, "user_id", NULL) == NULL)
        return FALSE;
      series.user_id = g_strdup (ms_json_object_get_string (m, "user_id", NULL));
      series.name = g_strdup (ms_json_object_get_string (m, "name", ""));
      series.role = g_strdup (ms_json_object_get_string (m, "role", "member"));
      g_array_append_val (self->members, series);
      if (!read_series (m, n, &g_array_index (self->members, MsTeamStatsSeries,
                                              self->members->len - 1)))
        return FALSE;
    }
  if (since != NULL)
    {
      const char *first = ms_json_object_get_string (since, "first", NULL);
      const char *last = ms_json_object_get_string (since, "last", NULL);

      for (guint i = 0; i < n; i++)
        {
          if (g_strcmp0 (first, g_ptr_array_index (self->months, i)) == 0)
            self->since_first = i;
          if (g_strcmp0 (last, g_ptr_array_index (self->months, i)) == 0)
            self->since_last = i;
        }
      self->has_since = self->since_last > self->since_first &&
                        read_number (since, "change", -100, 100, &self->since_change) &&
                        !isnan (self->since_change);
    }
  return TRUE;
}

/**
 * ms_team_stats_new_from_json:
 * @json: what the stats route answered (untrusted: bounded here)
 * @length: its length, or -1 when NUL-terminated
 *
 * Returns: (transfer full): the figures, or NULL with @error set
 */
MsTeamStats *
ms_team_stats_new_from_json (const char  *json,
                             gssize       length,
                             GError     **error)
{
  static const MsJsonLimits limits = { MAX_JSON_BYTES, 8 };
  g_autoptr(MsTeamStats) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize size;

  g_return_val_if_fail (json != NULL, NULL);

  size = length < 0 ? strlen (json) : (gsize) length;
  root = ms_json_guard_parse (json, size, &limits, NULL);
  self = g_object_new (MS_TYPE_TEAM_STATS, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !read_stats (self, json_node_get_object (root)))
    {
      unreadable (error);
      return NULL;
    }
  self->json = g_strndup (json, size);
  return g_steal_pointer (&self);
}

/**
 * ms_team_stats_get_json:
 *
 * Returns: the JSON the figures were read from (what a cache keeps)
 */
const char *
ms_team_stats_get_json (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  return self->json;
}

const char *
ms_team_stats_get_team (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  return self->team;
}

/**
 * ms_team_stats_get_computed_at:
 *
 * Returns: when the server computed the figures (µs since the epoch)
 */
gint64
ms_team_stats_get_computed_at (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), 0);
  return self->computed_at;
}

/**
 * ms_team_stats_get_min_score:
 *
 * Returns: the team's minimum score the shares count against, or -1
 */
int
ms_team_stats_get_min_score (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), -1);
  return self->min_score;
}

/**
 * ms_team_stats_get_sees_all:
 *
 * Returns: whether every member is listed (an owner's figures); else the
 *   viewer alone
 */
gboolean
ms_team_stats_get_sees_all (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), FALSE);
  return self->sees_all;
}

const char *
ms_team_stats_get_viewer (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  return self->viewer;
}

guint
ms_team_stats_get_n_months (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), 0);
  return self->months->len;
}

/**
 * ms_team_stats_get_month:
 *
 * Returns: "YYYY-MM" of month @index (0 the oldest; the last is the current)
 */
const char *
ms_team_stats_get_month (MsTeamStats *self,
                         guint        index)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  g_return_val_if_fail (index < self->months->len, NULL);
  return g_ptr_array_index (self->months, index);
}

const MsTeamStatsSeries *
ms_team_stats_get_team_series (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  return &self->team_series;
}

guint
ms_team_stats_get_n_members (MsTeamStats *self)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), 0);
  return self->members->len;
}

const MsTeamStatsSeries *
ms_team_stats_get_member (MsTeamStats *self,
                          guint        index)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);
  g_return_val_if_fail (index < self->members->len, NULL);
  return &g_array_index (self->members, MsTeamStatsSeries, index);
}

/**
 * ms_team_stats_find_member:
 *
 * Returns: (nullable): the series of member @user_id, if listed
 */
const MsTeamStatsSeries *
ms_team_stats_find_member (MsTeamStats *self,
                           const char  *user_id)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), NULL);

  for (guint i = 0; i < self->members->len; i++)
    {
      const MsTeamStatsSeries *series = &g_array_index (self->members, MsTeamStatsSeries, i);

      if (g_strcmp0 (series->user_id, user_id) == 0)
        return series;
    }
  return NULL;
}

/**
 * ms_team_stats_get_since_start:
 * @first_month: (out) (optional): the first month with scorings
 * @last_month: (out) (optional): the last month with scorings
 * @change: (out) (optional): the team's average of the last minus that of the first
 *
 * Returns: whether the window has two months with scorings to compare
 */
gboolean
ms_team_stats_get_since_start (MsTeamStats *self,
                               guint       *first_month,
                               guint       *last_month,
                               double      *change)
{
  g_return_val_if_fail (MS_IS_TEAM_STATS (self), FALSE);

  if (first_month != NULL)
    *first_month = self->since_first;
  if (last_month != NULL)
    *last_month = self->since_last;
  if (change != NULL)
    *change = self->has_since ? self->since_change : NAN;
  return self->has_since;
}
