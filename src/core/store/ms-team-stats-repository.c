/* ms-team-stats-repository.c — a team's member stats as the server last computed them
 *
 * The stats route's answer (ms-team-stats.c) for each of the user's
 * teams, kept as it came (table team_stats, migration 8): the Stats page
 * opens with it offline and says when the server computed it. Not synced:
 * the sync client replaces it with each answer; forgetting a team drops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-store-private.h"
#include "ms-team-stats-repository.h"

struct _MsTeamStatsRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsTeamStatsRepository, ms_team_stats_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_store_changed_cb (MsStore               *store,
                     const char            *table,
                     MsTeamStatsRepository *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_team_stats_repository_dispose (GObject *object)
{
  MsTeamStatsRepository *self = (MsTeamStatsRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_team_stats_repository_parent_class)->dispose (object);
}

static void
ms_team_stats_repository_class_init (MsTeamStatsRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_team_stats_repository_dispose;

  /**
   * MsTeamStatsRepository::changed:
   *
   * New figures arrived, or a team's were dropped.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_team_stats_repository_init (MsTeamStatsRepository *self)
{
}

MsTeamStatsRepository *
ms_team_stats_repository_new (MsStore *store)
{
  MsTeamStatsRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_TEAM_STATS_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::team_stats", G_CALLBACK (on_store_changed_cb), self);
  return self;
}

/**
 * ms_team_stats_repository_dup_stats:
 * @tenant: a team tenant ("team:<uuid>")
 * @fetched_at: (out) (optional): when this device received them
 *
 * Returns: (transfer full) (nullable): the figures last received for the
 *   team, or NULL when there are none (or they cannot be read any more)
 */
MsTeamStats *
ms_team_stats_repository_dup_stats (MsTeamStatsRepository *self,
                                    const char            *tenant,
                                    gint64                *fetched_at)
{
  sqlite3_stmt *stmt;
  MsTeamStats *stats = NULL;

  g_return_val_if_fail (MS_IS_TEAM_STATS_REPOSITORY (self), NULL);
  g_return_val_if_fail (tenant != NULL, NULL);

  if (fetched_at != NULL)
    *fetched_at = 0;
  stmt = _ms_store_prepare (self->store, "SELECT stats_json, fetched_at FROM team_stats"
                                         " WHERE tenant = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      /* Written by a sync client that read it: an older MsgScore's may not read now. */
      stats = ms_team_stats_new_from_json ((const char *) sqlite3_column_text (stmt, 0),
                                           sqlite3_column_bytes (stmt, 0), NULL);
      if (stats != NULL && fetched_at != NULL)
        *fetched_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return stats;
}

/**
 * ms_store_put_team_stats:
 *
 * Keeps @stats as the figures of its team (for the sync client).
 */
gboolean
ms_store_put_team_stats (MsStore      *store,
                         MsTeamStats  *stats,
                         GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (MS_IS_TEAM_STATS (stats), FALSE);

  if (!_ms_store_begin (store, error))
    return FALSE;
  stmt = _ms_store_prepare (store, "INSERT OR REPLACE INTO team_stats"
                                   " (tenant, stats_json, fetched_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, ms_team_stats_get_team (stats), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ms_team_stats_get_json (stats), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, ms_store_get_now (store));
  if (!_ms_store_step_done (store, stmt, error))
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  _ms_store_mark_changed (store, "team_stats");
  return _ms_store_commit (store, error);
}
