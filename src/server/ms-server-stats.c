/* ms-server-stats.c — a team's member stats and trend (GET /v1/teams/{team}/stats)
 *
 * Computed here, not on a client: an owner's device does not have the
 * members' saved scorings, which live in each member's personal tenant.
 * One read transaction (one snapshot) authorises the caller, checks the
 * team's plan (member_stats; team_trend widens the window from the last
 * two months to team_stats.months of data/limits.json), reads the team's
 * minimum score, its members and their scorings since they joined, and
 * the core computes the figures (src/core/score/ms-team-stats.c). Owners
 * see every member; a member sees the team and themself. No message text
 * is read: only times, totals and goals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "score/ms-team-stats.h"
#include "sync/ms-mutation.h"
#include "ms-server-auth.h"
#include "ms-server-json.h"
#include "ms-server-plans.h"
#include "ms-server-stats.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

typedef struct
{
  const MsServerUser *user;
  const char         *tenant;
  gint64              now;
  char               *needed_plan;

  GHashTable         *member_index;  /* user id → index + 1 */
  GArray             *scorings;      /* MsTeamStatsScoring */
  JsonObject         *out;
} StatsContext;

static void
add_scoring (const char *user_id,
             gint64      created_at,
             int         total,
             const char *goal,
             gpointer    user_data)
{
  StatsContext *ctx = user_data;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->member_index, user_id));
  MsTeamStatsScoring scoring = { 0 };

  if (index == 0)
    return;
  scoring.member = index - 1;
  scoring.created_at = created_at;
  scoring.total = (guint) CLAMP (total, 0, 100);
  if (goal == NULL || !ms_goal_from_string (goal, &scoring.goal))
    scoring.goal = MS_GOAL_ANY;
  g_array_append_val (ctx->scorings, scoring);
}

/* The team's minimum score (team_rules "min_score"), or -1. */
static gboolean
read_min_score (MsServerStorage  *storage,
                const char       *tenant,
                int              *min_score,
                GError          **error)
{
  g_autoptr(MsServerRow) row = NULL;
  g_autoptr(JsonNode) node = NULL;

  *min_score = -1;
  if (!ms_server_storage_get_row (storage, tenant, "team_rules", "rules", &row, error))
    return FALSE;
  if (row == NULL || (node = json_from_string (row->row_json, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  {
    JsonNode *value = json_object_get_member (json_node_get_object (node), "min_score");

    if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
        json_node_get_value_type (value) == G_TYPE_INT64)
      *min_score = (int) CLAMP (json_node_get_int (value), 0, 100);
  }
  return TRUE;
}

static gboolean
stats_in_transaction (MsServerStorage  *storage,
                      gpointer          user_data,
                      GError          **error)
{
  StatsContext *ctx = user_data;
  g_autofree char *role = NULL;
  g_autoptr(MsServerTeam) team = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autoptr(JsonArray) members = NULL;
  g_autofree MsTeamStatsMember *list = NULL;
  MsTeamStatsInput input = { 0 };
  gint64 from;
  int min_score;
  guint n;

  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &role, error) ||
      !ms_server_storage_get_team (storage, ctx->tenant, &team, error))
    return FALSE;
  if (team == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                           _("You are not a member of this team."));
      return FALSE;
    }
  entitlements = ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, ctx->now));
  if (!ms_server_plans_check_feature (entitlements, "member_stats", TRUE, &ctx->needed_plan,
                                      error))
    return FALSE;
  input.n_months = (guint) ms_sync_limit ("team_stats.months",
                                          ms_entitlements_has_feature (entitlements, "team_trend")
                                          ? "max" : "min");

  if (!read_min_score (storage, ctx->tenant, &min_score, error) ||
      (members = ms_server_storage_list_members (storage, ctx->tenant, error)) == NULL)
    return FALSE;
  n = json_array_get_length (members);
  list = g_new0 (MsTeamStatsMember, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);

      list[i].user_id = json_object_get_string_member (m, "user_id");
      list[i].name = json_object_get_string_member (m, "name");
      list[i].role = json_object_get_string_member (m, "role");
      g_hash_table_insert (ctx->member_index, (gpointer) list[i].user_id, GUINT_TO_POINTER (i + 1));
    }

  ms_team_stats_get_window (ctx->now, input.n_months, &from);
  if (!ms_server_storage_foreach_team_scoring (storage, ctx->tenant, from, add_scoring, ctx,
                                               error))
    return FALSE;

  input.team = ctx->tenant;
  input.members = list;
  input.n_members = n;
  input.scorings = (const MsTeamStatsScoring *) (gpointer) ctx->scorings->data;
  input.n_scorings = ctx->scorings->len;
  input.min_score = min_score;
  input.viewer = ctx->user->id;
  input.sees_all = g_strcmp0 (role, "owner") == 0;
  input.now = ctx->now;
  ctx->out = ms_team_stats_compute (&input);
  return TRUE;
}

/**
 * ms_server_team_stats:
 * @team_id: the team's uuid (its tenant without "team:")
 * @needed_plan: (out) (transfer full): with %MS_SERVER_ERROR_UPGRADE_NEEDED, the plan to
 *   upgrade to
 *
 * Returns: (transfer full): the figures (ms-team-stats.c describes them)
 */
JsonObject *
ms_server_team_stats (MsServerStorage     *storage,
                      const MsServerUser  *user,
                      const char          *team_id,
                      gint64               now,
                      char               **needed_plan,
                      GError             **error)
{
  g_autofree char *tenant = g_strconcat (MS_SERVER_TEAM_PREFIX, team_id, NULL);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) scorings = g_array_new (FALSE, FALSE, sizeof (MsTeamStatsScoring));
  StatsContext ctx = { user, tenant, now, NULL, index, scorings, NULL };

  *needed_plan = NULL;
  if (!ms_server_storage_transaction (storage, FALSE, stats_in_transaction, &ctx, error))
    {
      *needed_plan = g_steal_pointer (&ctx.needed_plan);
      return NULL;
    }
  g_free (ctx.needed_plan);
  return ctx.out;
}
