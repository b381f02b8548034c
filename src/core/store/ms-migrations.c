/* ms-migrations.c — the schema of the local store, one step per version
 *
 * PRAGMA user_version holds the number of steps applied. Step N (1-based)
 * turns a version N-1 database into version N; a new database runs every
 * step in order, so an old database and a new one end with the same schema.
 * Never edit a step that has shipped: add a new one. tests/unit/store builds
 * a database at every older version with these same steps, fills it with
 * rows valid for that version, and checks they survive the upgrade.
 *
 * Every row table follows DESIGN.md §6–7 so sync needs no rewrite:
 *   id TEXT PRIMARY KEY      client-made UUID (g_uuid_string_random)
 *   tenant TEXT NOT NULL     team, personal space or CSM space
 *   version INTEGER          the server's row version (0 until first pulled)
 *   created_at, updated_at   microseconds since the Unix epoch (UTC)
 *   deleted_at               tombstone: NULL while the row is alive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-store-private.h"

static const char * const migrations[] = {
  /* 1: history and the sync tables */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE sync_client ("
  "  client_id TEXT PRIMARY KEY,"
  "  next_mutation_id INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE sync_cursor ("
  "  tenant TEXT PRIMARY KEY,"
  "  epoch TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  tenant TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  args_json TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT);"
  "CREATE TABLE shadow ("
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  row_json TEXT NOT NULL,"
  "  PRIMARY KEY (entity, id));"
  "CREATE TABLE rejected_mutation ("
  "  id INTEGER PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  args_json TEXT NOT NULL,"
  "  code TEXT,"
  "  message TEXT,"
  "  rejected_at INTEGER NOT NULL,"
  "  seen INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE score_history ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  channel TEXT NOT NULL CHECK (channel IN ('email', 'line')),"
  "  subject TEXT NOT NULL DEFAULT '',"
  "  preheader TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  input_json TEXT NOT NULL,"
  "  result_json TEXT NOT NULL,"
  "  engine TEXT NOT NULL,"
  "  total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 100),"
  "  predicted_open_rate REAL,"
  "  predicted_ctr REAL);"
  "CREATE INDEX score_history_by_date ON score_history (tenant, created_at, updated_at)"
  "  WHERE deleted_at IS NULL;"
  "CREATE INDEX score_history_by_total ON score_history (tenant, total, created_at, updated_at)"
  "  WHERE deleted_at IS NULL;",

  /* 2: actual results, personal segments and NG words */
  "ALTER TABLE score_history ADD COLUMN predicted_cvr REAL;"
  "ALTER TABLE score_history ADD COLUMN actual_recipients INTEGER;"
  "ALTER TABLE score_history ADD COLUMN actual_open_rate REAL;"
  "ALTER TABLE score_history ADD COLUMN actual_ctr REAL;"
  "ALTER TABLE score_history ADD COLUMN actual_conversions INTEGER;"
  "ALTER TABLE score_history ADD COLUMN actuals_at INTEGER;"
  "CREATE TABLE segment ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  scope TEXT NOT NULL DEFAULT 'personal' CHECK (scope IN ('personal', 'team')),"
  "  name TEXT NOT NULL CHECK (length(name) > 0),"
  "  segment_json TEXT NOT NULL);"
  "CREATE UNIQUE INDEX segment_by_name ON segment (tenant, scope, name)"
  "  WHERE deleted_at IS NULL;"
  "CREATE TABLE ng_word ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  scope TEXT NOT NULL DEFAULT 'personal' CHECK (scope IN ('personal', 'team')),"
  "  word TEXT NOT NULL CHECK (length(word) > 0),"
  "  note TEXT NOT NULL DEFAULT '');"
  "CREATE UNIQUE INDEX ng_word_by_word ON ng_word (tenant, scope, word)"
  "  WHERE deleted_at IS NULL;",

  /* 3: imported campaign results; history by channel */
  "CREATE TABLE campaign_result ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  natural_key TEXT NOT NULL,"
  "  sent_on TEXT,"
  "  channel TEXT NOT NULL CHECK (channel IN ('email', 'line')),"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  recipients INTEGER,"
  "  open_rate REAL,"
  "  ctr REAL,"
  "  cv_count INTEGER,"
  "  cv_type TEXT);"
  "CREATE UNIQUE INDEX campaign_result_by_key ON campaign_result (tenant, natural_key);"
  "CREATE INDEX campaign_result_by_date ON campaign_result (tenant, sent_on);"
  "CREATE INDEX score_history_by_channel ON score_history"
  "  (tenant, channel, created_at, updated_at)"
  "  WHERE deleted_at IS NULL;",

  /* 4: teams (issue 7). `team` is the caller's membership as GET /v1/teams
   * last said (id = the tenant "team:<uuid>"); the other tables are synced
   * rows of team tenants. Rows the server keys per tenant get local ids that
   * are unique across tenants: team_rules.id = tenant, team_ng_word.id =
   * tenant || '/' || key, team_member.id = tenant || '/' || user_id. */
  "CREATE TABLE team ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  name TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),"
  "  seats_used INTEGER NOT NULL DEFAULT 0,"
  "  seats_limit INTEGER);"
  "CREATE TABLE team_rules ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  brand_voice_text TEXT NOT NULL DEFAULT '',"
  "  register TEXT NOT NULL DEFAULT 'desu_masu',"
  "  require_unsubscribe INTEGER NOT NULL DEFAULT 0,"
  "  require_contact INTEGER NOT NULL DEFAULT 0,"
  "  brand_name TEXT,"
  "  subject_no_brackets INTEGER NOT NULL DEFAULT 0,"
  "  subject_max_emoji INTEGER,"
  "  subject_max_cells INTEGER,"
  "  min_score INTEGER,"
  "  min_score_action TEXT NOT NULL DEFAULT 'warn');"
  "CREATE INDEX team_rules_by_tenant ON team_rules (tenant);"
  "CREATE TABLE team_ng_word ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  word TEXT NOT NULL CHECK (length(word) > 0),"
  "  key TEXT NOT NULL);"
  "CREATE INDEX team_ng_word_by_key ON team_ng_word (tenant, key);"
  "CREATE TABLE team_preset ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  name TEXT NOT NULL CHECK (length(name) > 0),"
  "  segment_json TEXT NOT NULL);"
  "CREATE INDEX team_preset_by_tenant ON team_preset (tenant, name) WHERE deleted_at IS NULL;"
  "CREATE TABLE team_member ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  user_id TEXT NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  role TEXT NOT NULL DEFAULT 'member');"
  "CREATE INDEX team_member_by_tenant ON team_member (tenant, name) WHERE deleted_at IS NULL;",

  /* 5: imported campaign results as one file of packed rows per import
   * (ms-campaign-batch.c). Local only: its rows sync as campaign_result
   * mutations, so it has no version or tombstone. Row i's id is the UUID
   * (id_high, id_low + i). */
  "CREATE TABLE campaign_batch ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  n_rows INTEGER NOT NULL CHECK (n_rows > 0),"
  "  id_high INTEGER NOT NULL,"
  "  id_low INTEGER NOT NULL);"
  "CREATE INDEX campaign_batch_by_tenant ON campaign_batch (tenant, created_at);",

  /* 6: the History search reads this covering index instead of the rows,
   * whose result JSON makes each take a page of its own. `body IS NOT NULL`
   * (always true) keeps the other History queries on their narrower
   * indexes: only a query that says it can use this one (ms-history-
   * repository.c). */
  "CREATE INDEX score_history_search ON score_history"
  "  (tenant, created_at, updated_at, channel, total, deleted_at, subject, preheader, body)"
  "  WHERE deleted_at IS NULL AND body IS NOT NULL;",

  /* 7: settings that follow the person (ms-personal-setting-repository.c):
   * one synced row per key, its value as JSON; local id = tenant/key, so
   * after signing in a row written before (id "local/<key>") may stand
   * beside the account's until the pull replaces it by its key — readers
   * take the newest. And the team's rule that the sending system adds the
   * 特定電子メール法 footer. */
  "CREATE TABLE personal_setting ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  key TEXT NOT NULL CHECK (length(key) > 0),"
  "  value_json TEXT NOT NULL);"
  "CREATE INDEX personal_setting_by_key ON personal_setting (tenant, key, updated_at);"
  "ALTER TABLE team_rules ADD COLUMN esp_footer INTEGER NOT NULL DEFAULT 0;",

  /* 8: a team's member stats and trend as the server last computed them
   * (ms-team-stats-repository.c): local only, a copy of the stats route's
   * answer, so the page opens offline and says when they were computed. */
  "CREATE TABLE team_stats ("
  "  tenant TEXT PRIMARY KEY,"
  "  stats_json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL);",

  /* 9: what a CSM last fetched of the staff routes (ms-staff-repository.c):
   * local only, a copy of the answers kept per staff account (`owner`, the
   * staff user's tenant), so the Accounts section opens offline. Not a
   * synced entity: the server computes it daily, staff never edit it, and
   * each fetch replaces it. The list's columns are typed, so a portfolio of
   * 10,000 loads without parsing JSON. */
  "CREATE TABLE staff_portfolio ("
  "  owner TEXT PRIMARY KEY,"
  "  day INTEGER NOT NULL,"
  "  scope TEXT NOT NULL,"
  "  about_json TEXT NOT NULL,"
  "  tasks_json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL);"
  "CREATE TABLE staff_account ("
  "  owner TEXT NOT NULL,"
  "  account TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  people INTEGER NOT NULL,"
  "  csm TEXT,"
  "  health INTEGER,"
  "  band TEXT NOT NULL,"
  "  churn INTEGER,"
  "  change_7d INTEGER,"
  "  change_30d INTEGER,"
  "  factor_ja TEXT,"
  "  factor_en TEXT,"
  "  cancelled INTEGER NOT NULL,"
  "  PRIMARY KEY (owner, account));"
  "CREATE TABLE staff_account_detail ("
  "  owner TEXT NOT NULL,"
  "  account TEXT NOT NULL,"
  "  detail_json TEXT NOT NULL,"
  "  fetched_at INTEGER NOT NULL,"
  "  PRIMARY KEY (owner, account));",

  /* 10: a team's shared scorings and its fix requests (修正依頼), synced in
   * the team's tenant (src/core/sync/ms-mutation-review.c,
   * ms-review-repository.c). A shared scoring is a copy of a member's
   * saved one (history_id in the sharer's own tenant); previous_id, the
   * version it fixes. shared_by, requested_by and member are user ids. */
  "CREATE TABLE shared_scoring ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  history_id TEXT NOT NULL,"
  "  shared_by TEXT NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  subject TEXT,"
  "  preheader TEXT,"
  "  body TEXT,"
  "  total INTEGER NOT NULL,"
  "  previous_id TEXT);"
  "CREATE INDEX shared_scoring_by_tenant ON shared_scoring (tenant, created_at);"
  "CREATE INDEX shared_scoring_by_history ON shared_scoring (history_id);"
  "CREATE TABLE fix_request ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  scoring_id TEXT NOT NULL,"
  "  member TEXT NOT NULL,"
  "  requested_by TEXT NOT NULL,"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL DEFAULT 'open',"
  "  answer TEXT,"
  "  fixed_scoring_id TEXT,"
  "  answered_at INTEGER,"
  "  closed_at INTEGER);"
  "CREATE INDEX fix_request_by_tenant ON fix_request (tenant, created_at);"
  "CREATE INDEX fix_request_by_scoring ON fix_request (scoring_id);",

  /* 11: reviewer feedback on a Team Pro member's share link, synced in the
   * team's tenant (src/core/sync/ms-mutation-feedback.c,
   * ms-feedback-repository.c). The server writes it for a reviewer without
   * an account; shared_by is the member whose link it was, history_id that
   * member's scoring; axes, the axes named, comma-separated. */
  "CREATE TABLE feedback ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  link_id TEXT NOT NULL,"
  "  shared_by TEXT NOT NULL,"
  "  history_id TEXT,"
  "  title TEXT,"
  "  engine_total INTEGER NOT NULL,"
  "  role TEXT NOT NULL,"
  "  rating TEXT NOT NULL,"
  "  corrected_score INTEGER,"
  "  comment TEXT,"
  "  axes TEXT NOT NULL DEFAULT '',"
  "  reviewer_name TEXT,"
  "  status TEXT NOT NULL DEFAULT 'open',"
  "  resolution TEXT,"
  "  resolved_at INTEGER);"
  "CREATE INDEX feedback_by_tenant ON feedback (tenant, created_at);"
  "CREATE INDEX feedback_by_history ON feedback (history_id);",

  /* 12: an owner's choice about a team knowledge entry, synced in the team's
   * tenant (src/core/sync/ms-mutation-knowledge.c): the entries are derived
   * from the feedback on each device; key names one, enabled says whether it
   * applies. */
  "CREATE TABLE knowledge_state ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  key TEXT NOT NULL,"
  "  enabled INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX knowledge_state_by_tenant ON knowledge_state (tenant);",

  /* 13: the first-run checklist's steps (ms-onboarding-repository.c,
   * src/core/sync/ms-mutation-onboarding.c): one synced row per step done
   * in the person's own space, local id tenant/step as personal settings'. */
  "CREATE TABLE onboarding_step ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  step TEXT NOT NULL CHECK (length(step) > 0),"
  "  done_at INTEGER NOT NULL);"
  "CREATE INDEX onboarding_step_by_step ON onboarding_step (tenant, step, done_at);",

  /* 14: a CSM's own log of their accounts (ms-touchpoint-repository.c):
   * calls, meetings, e-mails and notes, synced in the CSM's personal
   * tenant (src/core/sync/ms-mutation-csm.c). account: the customer's
   * tenant; happened_at: when it happened, not when it was written. */
  "CREATE TABLE csm_touchpoint ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  account TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  happened_at INTEGER NOT NULL);"
  "CREATE INDEX csm_touchpoint_by_account ON csm_touchpoint (tenant, account, happened_at);",
};

/**
 * _ms_migrations_get:
 *
 * Returns: the SQL of every step; step i turns version i into version i + 1
 */
const char * const *
_ms_migrations_get (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

guint
ms_store_get_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static gint
get_user_version (sqlite3  *db,
                  GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;
  gint version = -1;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    _ms_set_sqlite_error (db, rc, error);
  sqlite3_finalize (stmt);

  return version;
}

/**
 * _ms_migrations_apply:
 * @target_version: the version to reach; 0 for the newest
 *
 * Runs the missing steps in one transaction: either the database reaches
 * @target_version or it is left as it was.
 */
gboolean
_ms_migrations_apply (sqlite3  *db,
                      guint     target_version,
                      GError  **error)
{
  gint current;
  int rc;

  if (target_version == 0)
    target_version = G_N_ELEMENTS (migrations);
  g_assert (target_version <= G_N_ELEMENTS (migrations));

  current = get_user_version (db, error);
  if (current < 0)
    return FALSE;

  if ((guint) current > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_TOO_NEW,
                   /* Translators: %d are version numbers */
                   _("This profile was saved by a newer MsgScore (store version %d; this one "
                     "knows up to %d). Update MsgScore to open it."),
                   current, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  if ((guint) current >= target_version)
    return TRUE;

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_set_sqlite_error (db, rc, error);
      return FALSE;
    }

  for (guint step = (guint) current; step < target_version; step++)
    {
      g_autofree char *pragma = NULL;

      rc = sqlite3_exec (db, migrations[step], NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        {
          pragma = g_strdup_printf ("PRAGMA user_version = %u", step + 1);
          rc = sqlite3_exec (db, pragma, NULL, NULL, NULL);
        }
      if (rc != SQLITE_OK)
        {
          _ms_set_sqlite_error (db, rc, error);
          g_prefix_error (error, "migration %u: ", step + 1);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_set_sqlite_error (db, rc, error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}
