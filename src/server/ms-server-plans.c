/* ms-server-plans.c — the plan in force for a person and what it lets them see
 *
 * A person's plan is their account's (user_account.plan) combined with the
 * plans in force of the teams they belong to: a seat on a Team Pro team
 * gives its member Team Pro's features for their own data too, and a Pro
 * member keeps Pro's own NG words, which Team Pro leaves to the team
 * (ms_entitlements_new_combined(): every feature, the higher of each limit).
 *
 * History retention: a plan with history_visible_count or _days keeps every
 * saved scoring but serves only the newest N, or those of the last N days
 * (whole days of Asia/Tokyo, ms_entitlements_get_history_since(), as the
 * app locks them). Pull leaves the others out; nothing is deleted. A pull
 * cursor names the window it was made under ("<epoch>~<key>:<version>"):
 * when the window now serves more rows than that one did (an upgrade), the
 * cursor no longer covers what the client may see, and the pull answers
 * reset, so the client gets every row it may see again. Otherwise (a
 * downgrade) the cursor goes on: what the client already holds it keeps,
 * locked by the app. Every window is a prefix of the rows newest first, so
 * comparing how many rows each serves is enough. Deleting a scoring on Free
 * does not bring an older, hidden one to a device until the next reset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ms-server-json.h"
#include "ms-server-plans.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

#define HISTORY_ENTITY "score_history"

/**
 * ms_server_plans_dup_user_entitlements:
 *
 * Returns: (transfer full): the plan in force for @user's own data: the
 *   account's plan combined with the plans of the user's teams
 */
MsEntitlements *
ms_server_plans_dup_user_entitlements (MsServerStorage     *storage,
                                       const MsServerUser  *user,
                                       gint64               now,
                                       GError             **error)
{
  g_autoptr(JsonArray) tenants = NULL;

  tenants = ms_server_storage_list_tenants (storage, user->id, error);
  if (tenants == NULL)
    return NULL;
  return ms_server_plans_dup_entitlements_for (storage, user, tenants, now, error);
}

/**
 * ms_server_plans_dup_entitlements_for:
 * @tenants: @user's tenants, as ms_server_storage_list_tenants() gives them
 *
 * ms_server_plans_dup_user_entitlements() for a caller that has the tenants.
 */
MsEntitlements *
ms_server_plans_dup_entitlements_for (MsServerStorage     *storage,
                                      const MsServerUser  *user,
                                      JsonArray           *tenants,
                                      gint64               now,
                                      GError             **error)
{
  g_autoptr(MsEntitlements) best = ms_server_sync_dup_entitlements (user->plan);

  for (guint i = 0; i < json_array_get_length (tenants); i++)
    {
      const char *tenant = json_object_get_string_member (json_array_get_object_element (tenants,
                                                                                         i),
                                                          "id");
      g_autoptr(MsServerTeam) team = NULL;
      g_autoptr(MsEntitlements) plan = NULL;
      g_autoptr(MsEntitlements) combined = NULL;

      if (!ms_server_teams_is_team_tenant (tenant))
        continue;
      if (!ms_server_storage_get_team (storage, tenant, &team, error))
        return NULL;
      if (team == NULL)
        continue;
      plan = ms_server_sync_dup_entitlements (ms_server_team_get_plan (team, now));
      combined = ms_entitlements_new_combined (best, plan);
      g_set_object (&best, combined);
    }
  return g_steal_pointer (&best);
}

/* ------------------------------------------------------------------------ */
/* What history a plan serves                                                */

void
ms_server_plans_window_init (MsServerHistoryWindow *window,
                             MsEntitlements        *entitlements,
                             gint64                 now)
{
  gint64 days = ms_entitlements_get_limit (entitlements, MS_LIMIT_HISTORY_VISIBLE_DAYS);

  memset (window, 0, sizeof *window);
  window->count = ms_entitlements_get_limit (entitlements, MS_LIMIT_HISTORY_VISIBLE_COUNT);
  window->since = ms_entitlements_get_history_since (entitlements, now);
  if (window->count != MS_LIMIT_UNLIMITED && days != MS_LIMIT_UNLIMITED)
    g_snprintf (window->key, sizeof window->key, "c%" G_GINT64_FORMAT "d%" G_GINT64_FORMAT,
                window->count, days);
  else if (window->count != MS_LIMIT_UNLIMITED)
    g_snprintf (window->key, sizeof window->key, "c%" G_GINT64_FORMAT, window->count);
  else if (days != MS_LIMIT_UNLIMITED)
    g_snprintf (window->key, sizeof window->key, "d%" G_GINT64_FORMAT, days);
}

void
ms_server_plans_window_clear (MsServerHistoryWindow *window)
{
  g_clear_pointer (&window->cutoff_id, g_free);
}

/* Inside a transaction: where history_visible_count cuts @tenant's rows. */
gboolean
ms_server_plans_window_load (MsServerHistoryWindow  *window,
                             MsServerStorage        *storage,
                             const char             *tenant,
                             GError                **error)
{
  window->has_cutoff = FALSE;
  g_clear_pointer (&window->cutoff_id, g_free);
  if (window->count == MS_LIMIT_UNLIMITED)
    return TRUE;
  if (window->count == 0)
    {
      window->has_cutoff = TRUE;
      window->cutoff_created_at = G_MAXINT64;
      return TRUE;
    }
  return ms_server_storage_get_nth_newest_row (storage, tenant, HISTORY_ENTITY, window->count,
                                               &window->has_cutoff, &window->cutoff_created_at,
                                               &window->cutoff_id, error);
}

/**
 * ms_server_plans_window_hides:
 *
 * Returns: whether @row is a live saved scoring beyond the plan: kept, not
 *   served. Tombstones are always served.
 */
gboolean
ms_server_plans_window_hides (const MsServerHistoryWindow *window,
                              const MsServerRow           *row)
{
  if (row->deleted_at != 0 || !g_str_equal (row->entity, HISTORY_ENTITY))
    return FALSE;
  if (window->since != 0 && row->created_at < window->since)
    return TRUE;
  if (window->has_cutoff &&
      (row->created_at < window->cutoff_created_at ||
       (row->created_at == window->cutoff_created_at && window->cutoff_id != NULL &&
        strcmp (row->id, window->cutoff_id) < 0)))
    return TRUE;
  return FALSE;
}

static void
parse_key (const char *key,
           gint64     *count,
           gint64     *days)
{
  const char *c = key != NULL ? strchr (key, 'c') : NULL;
  const char *d = key != NULL ? strchr (key, 'd') : NULL;

  *count = c != NULL ? g_ascii_strtoll (c + 1, NULL, 10) : MS_LIMIT_UNLIMITED;
  *days = d != NULL ? g_ascii_strtoll (d + 1, NULL, 10) : MS_LIMIT_UNLIMITED;
}

/* How many live saved scorings of @tenant a window of @count and @days
 * serves: the newest ones, since each window is a prefix of the rows
 * newest first. */
static gboolean
count_served (MsServerStorage  *storage,
              const char       *tenant,
              gint64            count,
              gint64            days,
              gint64            now,
              gint64           *served,
              GError          **error)
{
  gint64 since = 0;

  if (days != MS_LIMIT_UNLIMITED)
    {
      gint64 start, end;
      g_autoptr(GDateTime) midnight = NULL;
      g_autoptr(GDateTime) first = NULL;

      ms_entitlements_get_limit_day (now, &start, &end);
      midnight = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
      first = g_date_time_add_days (midnight, (gint) -CLAMP (days, 0, G_MAXINT));
      since = g_date_time_to_unix (first) * G_USEC_PER_SEC;
    }
  if (!ms_server_storage_count_rows (storage, tenant, HISTORY_ENTITY, since, G_MAXINT64, TRUE,
                                     NULL, served, error))
    return FALSE;
  if (count != MS_LIMIT_UNLIMITED)
    *served = MIN (*served, count);
  return TRUE;
}

/**
 * ms_server_plans_window_covers:
 * @old_key: the window a cursor was made under ("" or NULL: all history)
 * @covers: (out): whether every row @window serves now was served under
 *   @old_key, so the cursor can go on; FALSE after an upgrade brought rows
 *   back (pull answers reset)
 *
 * Inside a transaction.
 */
gboolean
ms_server_plans_window_covers (const MsServerHistoryWindow  *window,
                               MsServerStorage              *storage,
                               const char                   *tenant,
                               const char                   *old_key,
                               gint64                        now,
                               gboolean                     *covers,
                               GError                      **error)
{
  gint64 old_count, old_days, new_count, new_days, old_served, new_served;

  *covers = TRUE;
  if (g_strcmp0 (old_key != NULL ? old_key : "", window->key) == 0)
    return TRUE;
  parse_key (old_key, &old_count, &old_days);
  parse_key (window->key, &new_count, &new_days);
  if (!count_served (storage, tenant, old_count, old_days, now, &old_served, error) ||
      !count_served (storage, tenant, new_count, new_days, now, &new_served, error))
    return FALSE;
  *covers = new_served <= old_served;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

/**
 * ms_server_plans_check_feature:
 * @for_team: the feature is used on a team's data (a team plan unlocks it)
 * @needed_plan: (out) (optional): the plan that unlocks it, when refused
 *
 * Returns: FALSE with %MS_SERVER_ERROR_UPGRADE_NEEDED when the plan lacks @feature
 */
gboolean
ms_server_plans_check_feature (MsEntitlements  *entitlements,
                               const char      *feature,
                               gboolean         for_team,
                               char           **needed_plan,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (ms_entitlements_check_feature (entitlements, feature, for_team, &local_error))
    return TRUE;
  if (needed_plan != NULL)
    *needed_plan = ms_entitlements_dup_unlocking_plan (feature, for_team);
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_NEEDED,
                       local_error->message);
  return FALSE;
}
