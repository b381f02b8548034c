/* ms-server-sqlite.c — MsServerStorage on one SQLite file (WAL)
 *
 * One connection, used by the thread that opened it (the server's main
 * context); another process (msgscore-server set-plan) may open the same
 * file: writers wait up to five seconds for each other (busy_timeout), then
 * fail with MS_SERVER_ERROR_UNAVAILABLE (503, retry).
 *
 * Schema (PRAGMA user_version = number of steps applied):
 *   user_account   one row per account; email unique (lower-case)
 *   tenant         a personal space ("user:<uuid>"), later a team or the CSM
 *                  space; version = its newest row version
 *   membership     (tenant, user_id, role): who may read and write a tenant.
 *                  A personal tenant has one owner; a team has many members,
 *                  so seats are a count of this table
 *   token          SHA-256 (hex) of bearer tokens, never the tokens
 *   login_failure  failed sign-ins, for rate limiting: a keyed hash (HMAC-SHA256
 *                  with the meta row secret.login_failure) of email+address
 *                  or of the address, never either in clear
 *   sync_client    the last mutation id processed per (user, client)
 *   sync_row       every synced row of every entity as JSON, with its
 *                  tenant version, times, tombstone and unique key
 *   team           (step 2) a team tenant's name, plan, recorded downgrade
 *                  (plan_next at plan_change_at) and extra owners (billing)
 *   team_invite    (step 2) SHA-256 of invite tokens: team, email, role,
 *                  expiry, single use (used_at)
 *   scoring_fact   (step 4) created_at, total and goal of each live
 *                  score_history row, kept by put_row: what a team's
 *                  figures read (foreach_team_scoring)
 *   subscription   (step 7) a team's billing: its state (billing/ms-billing.h)
 *                  as JSON, what waits for the period's end, provider, recipient
 *   trial_use      (step 7) the one trial of each account
 *   invoice        (step 7) issued invoices, immutable (triggers refuse UPDATE
 *                  and DELETE); payment: what was received against them
 *   meta           the epoch, and secrets made once (secret.NAME)
 *   staff, csm_*   (step 6) customer success: ms-server-sqlite-csm.c
 *
 * Only parameterised SQL: every value is bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sqlite3.h>

#include "ms-private-file.h"
#include "ms-server-json.h"
#include "ms-server-sqlite-private.h"


static void storage_iface_init (MsServerStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsServerSqlite, ms_server_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_STORAGE, storage_iface_init)
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_CSM_STORAGE,
                                                      _ms_server_sqlite_csm_init))

static const char * const migrations[] = {
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE user_account ("
  "  id TEXT PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE tenant ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal', 'team', 'csm')),"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  purged_version INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE membership ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (tenant, user_id));"
  "CREATE INDEX membership_by_user ON membership (user_id);"
  "CREATE TABLE token ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  session_id TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER);"
  "CREATE INDEX token_by_session ON token (session_id);"
  "CREATE TABLE login_failure ("
  "  key TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX login_failure_by_key ON login_failure (key, at);"
  "CREATE TABLE sync_client ("
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  client_id TEXT NOT NULL,"
  "  last_mutation_id INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, client_id));"
  "CREATE TABLE sync_row ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id),"
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deleted_at INTEGER,"
  "  key TEXT,"
  "  row_json TEXT NOT NULL,"
  "  PRIMARY KEY (tenant, entity, id));"
  "CREATE UNIQUE INDEX sync_row_by_version ON sync_row (tenant, version);"
  "CREATE INDEX sync_row_by_key ON sync_row (tenant, entity, key) WHERE key IS NOT NULL;"
  "CREATE INDEX sync_row_by_created ON sync_row (tenant, entity, created_at);",

  /* 2: teams (issue 7) */
  "CREATE TABLE team ("
  "  tenant TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  plan_next TEXT,"
  "  plan_change_at INTEGER,"
  "  extra_owners INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE team_invite ("
  "  hash TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),"
  "  invited_by TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at INTEGER,"
  "  used_by TEXT);"
  "CREATE INDEX team_invite_by_tenant ON team_invite (tenant, used_at, expires_at);",

  /* 3: login_failure keys become keyed hashes (issue 20): the rows that
   * named an email and an address in clear go */
  "DELETE FROM login_failure;",

  /* 4: what a team's figures read of each live saved scoring (issue 14),
   * kept by put_row beside its score_history row: reading totals and goals
   * out of the rows' JSON would parse every row's result */
  "CREATE TABLE scoring_fact ("
  "  tenant TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  goal TEXT,"
  "  PRIMARY KEY (tenant, id));"
  "CREATE INDEX scoring_fact_by_time ON scoring_fact (tenant, created_at, total, goal);"
  "INSERT INTO scoring_fact (tenant, id, created_at, total, goal)"
  "  SELECT tenant, id, created_at, coalesce (json_extract (row_json, '$.total'), 0),"
  "         CASE WHEN json_valid (json_extract (row_json, '$.input_json'))"
  "              THEN json_extract (json_extract (row_json, '$.input_json'), '$.segment.goal')"
  "         END"
  "  FROM sync_row WHERE entity = 'score_history' AND deleted_at IS NULL;",

  /* 5: keys of the public scoring API (issue 15), stored hashed */
  "CREATE TABLE api_key ("
  "  id TEXT PRIMARY KEY,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  created_by TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  last_used_at INTEGER,"
  "  uses INTEGER NOT NULL DEFAULT 0,"
  "  revoked_at INTEGER);"
  "CREATE INDEX api_key_by_tenant ON api_key (tenant, created_at);",

  /* 6: customer success (issue 17): staff, the account registry, activity
   * counts, payments/support/NPS events, daily snapshots, the churn model,
   * tasks, notes and the daily job's claims (ms-server-sqlite-csm.c) */
  "INSERT OR IGNORE INTO tenant (id, kind, created_at) VALUES ('csm:staff', 'csm', 0);"
  "CREATE TABLE staff ("
  "  user_id TEXT PRIMARY KEY REFERENCES user_account (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('csm', 'lead', 'admin')),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE csm_account ("
  "  tenant TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal', 'team')),"
  "  name TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  domain TEXT,"
  "  owner TEXT REFERENCES user_account (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  cancelled_at INTEGER NOT NULL DEFAULT 0,"
  "  n_people INTEGER NOT NULL DEFAULT 1,"
  "  same_domain INTEGER NOT NULL DEFAULT 1,"
  "  demo INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX csm_account_by_owner ON csm_account (owner);"
  "CREATE TABLE csm_activity ("
  "  tenant TEXT NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  count INTEGER NOT NULL,"
  "  PRIMARY KEY (tenant, day, user_id, kind)) WITHOUT ROWID;"
  "CREATE TABLE csm_event ("
  "  kind TEXT NOT NULL CHECK (kind IN ('payment', 'support', 'nps')),"
  "  id TEXT NOT NULL,"
  "  tenant TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  data_json TEXT NOT NULL,"
  "  PRIMARY KEY (kind, id));"
  "CREATE INDEX csm_event_by_tenant ON csm_event (tenant, kind, day);"
  "CREATE TABLE csm_daily ("
  "  tenant TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  health INTEGER,"
  "  churn REAL,"
  "  detail_json TEXT NOT NULL,"
  "  PRIMARY KEY (tenant, day));"
  "CREATE INDEX csm_daily_by_day ON csm_daily (day);"
  "CREATE TABLE csm_model ("
  "  id INTEGER PRIMARY KEY,"
  "  created_at INTEGER NOT NULL,"
  "  model_json TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE csm_task ("
  "  id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  playbook TEXT NOT NULL,"
  "  owner TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('open', 'snoozed', 'done', 'not_needed')),"
  "  reason TEXT,"
  "  day INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  due_at INTEGER NOT NULL,"
  "  snoozed_until INTEGER NOT NULL DEFAULT 0,"
  "  closed_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX csm_task_one_open ON csm_task (tenant, playbook)"
  "  WHERE status IN ('open', 'snoozed');"
  "CREATE INDEX csm_task_by_tenant ON csm_task (tenant, playbook, created_at);"
  "CREATE TABLE csm_note ("
  "  id INTEGER PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  staff_id TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX csm_note_by_tenant ON csm_note (tenant, staff_id);"
  "CREATE TABLE csm_job ("
  "  name TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  owner TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER NOT NULL DEFAULT 0,"
  "  summary_json TEXT,"
  "  PRIMARY KEY (name, day));",
  /* 7: subscriptions, trials and invoices (issue 16). Invoices outlive
   * their team (kept for seven years) and never change once issued. */
  "CREATE TABLE subscription ("
  "  tenant TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,"
  "  state_json TEXT NOT NULL,"
  "  cancel_at_period_end INTEGER NOT NULL DEFAULT 0,"
  "  plan_next TEXT,"
  "  cycle_next TEXT CHECK (cycle_next IN ('monthly', 'yearly')),"
  "  extra_owners_next INTEGER,"
  "  provider TEXT NOT NULL,"
  "  company_name TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE trial_use ("
  "  user_id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL);"
  "CREATE TABLE invoice ("
  "  number TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL,"
  "  due_at INTEGER NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  corrects TEXT REFERENCES invoice (number),"
  "  document_json TEXT NOT NULL);"
  "CREATE INDEX invoice_by_tenant ON invoice (tenant, issued_at);"
  "CREATE TRIGGER invoice_no_update BEFORE UPDATE ON invoice"
  "  BEGIN SELECT RAISE (ABORT, 'an issued invoice never changes'); END;"
  "CREATE TRIGGER invoice_no_delete BEFORE DELETE ON invoice"
  "  BEGIN SELECT RAISE (ABORT, 'an issued invoice is kept'); END;"
  "CREATE TABLE payment ("
  "  invoice TEXT NOT NULL REFERENCES invoice (number),"
  "  amount INTEGER NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  recorded_at INTEGER NOT NULL);"
  "CREATE INDEX payment_by_invoice ON payment (invoice);",

  /* 8: share links (issue 15): a scoring's snapshot behind a random token,
   * stored hashed (ms-server-share.c) */
  "CREATE TABLE share_link ("
  "  id TEXT PRIMARY KEY,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  created_by TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  history_id TEXT,"
  "  title TEXT NOT NULL,"
  "  snapshot_json TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER,"
  "  views INTEGER NOT NULL DEFAULT 0,"
  "  last_viewed_at INTEGER);"
  "CREATE INDEX share_link_by_creator ON share_link (created_by, created_at);",
};

/* ------------------------------------------------------------------------ */

gboolean
_ms_sql_set_db_error (MsServerSqlite  *self,
                      int              rc,
                      GError         **error)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                         "database busy");
  else
    /* Not MS_SERVER_ERROR: ms_server_error_to_json() keeps the text internal. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sqlite: %s (%d)",
                 sqlite3_errmsg (self->db), rc);
  return FALSE;
}

sqlite3_stmt *
_ms_sql_prepare (MsServerSqlite  *self,
                 const char      *sql,
                 GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  g_assert (self->owner == g_thread_self ());

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_sql_set_db_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_ms_sql_step_done (MsServerSqlite  *self,
                   sqlite3_stmt    *stmt,
                   GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

gboolean
_ms_sql_exec (MsServerSqlite  *self,
              const char      *sql,
              GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

char *
_ms_sql_dup_text (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

void
_ms_sql_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

gboolean
_ms_sql_begin (MsServerSqlite  *self,
               gboolean         write,
               GError         **error)
{
  g_assert (!self->in_transaction);
  if (!_ms_sql_exec (self, write ? "BEGIN IMMEDIATE" : "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
_ms_sql_commit (MsServerSqlite  *self,
                GError         **error)
{
  int rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _ms_sql_set_db_error (self, rc, error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  self->in_transaction = FALSE;
  return rc == SQLITE_OK;
}

void
_ms_sql_rollback (MsServerSqlite *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

char *
_ms_sql_new_epoch (void)
{
  guint8 bytes[12];
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

static gboolean
migrate (MsServerSqlite  *self,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0, rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the database is from a newer msgscore-server (version %d)", version);
      return FALSE;
    }
  if (version == (int) G_N_ELEMENTS (migrations))
    return TRUE;

  if (!_ms_sql_begin (self, TRUE, error))
    return FALSE;
  for (guint step = (guint) version; step < G_N_ELEMENTS (migrations); step++)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", step + 1);

      if (!_ms_sql_exec (self, migrations[step], error) || !_ms_sql_exec (self, pragma, error))
        {
          _ms_sql_rollback (self);
          return FALSE;
        }
    }
  if (version == 0)
    {
      g_autofree char *epoch = _ms_sql_new_epoch ();

      stmt = _ms_sql_prepare (self, "INSERT INTO meta (key, value) VALUES ('epoch', ?1)", error);
      if (stmt == NULL)
        {
          _ms_sql_rollback (self);
          return FALSE;
        }
      _ms_sql_bind_text (stmt, 1, epoch);
      if (!_ms_sql_step_done (self, stmt, error))
        {
          _ms_sql_rollback (self);
          return FALSE;
        }
    }
  return _ms_sql_commit (self, error);
}

/* ------------------------------------------------------------------------ */
/* Transactions                                                              */

static gboolean
sqlite_transaction (MsServerStorage      *storage,
                    gboolean              write,
                    MsServerStorageFunc   func,
                    gpointer              user_data,
                    GError              **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);

  if (!_ms_sql_begin (self, write, error))
    return FALSE;
  if (!func (storage, user_data, error))
    {
      _ms_sql_rollback (self);
      return FALSE;
    }
  return _ms_sql_commit (self, error);
}

/* ------------------------------------------------------------------------ */

static MsServerSqlite *sqlite_open (const char  *path,
                                    gboolean     first,
                                    GError     **error);

/* Another connection to the same file: WAL lets readers run beside the
 * one writer; writers wait for each other (busy_timeout). */
static MsServerStorage *
sqlite_open_for_thread (MsServerStorage  *storage,
                        GError          **error)
{
  return MS_SERVER_STORAGE (sqlite_open (MS_SERVER_SQLITE (storage)->path, FALSE, error));
}

static gboolean
sqlite_ping (MsServerStorage  *storage,
             GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt = _ms_sql_prepare (self, "SELECT count(*) FROM meta", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static void
storage_iface_init (MsServerStorageInterface *iface)
{
  iface->open_for_thread = sqlite_open_for_thread;
  iface->ping = sqlite_ping;
  iface->transaction = sqlite_transaction;
  _ms_server_sqlite_accounts_init (iface);
  _ms_server_sqlite_sync_init (iface);
  _ms_server_sqlite_teams_init (iface);
  _ms_server_sqlite_plans_init (iface);
  _ms_server_sqlite_api_init (iface);
  _ms_server_sqlite_share_init (iface);
}

static void
ms_server_sqlite_finalize (GObject *object)
{
  MsServerSqlite *self = (MsServerSqlite *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (ms_server_sqlite_parent_class)->finalize (object);
}

static void
ms_server_sqlite_class_init (MsServerSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_server_sqlite_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ms_server_sqlite_init (MsServerSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->owner = g_thread_self ();
}

/* @first: the first connection of this process: prepares the file and
 * migrates. Another connection must not: opening and closing a descriptor
 * of the file would drop the locks SQLite holds through the first. */
static MsServerSqlite *
sqlite_open (const char  *path,
             gboolean     first,
             GError     **error)
{
  g_autoptr(MsServerSqlite) self = g_object_new (MS_TYPE_SERVER_SQLITE, NULL);
  int rc;

  self->path = g_strdup (path);
  /* password and token hashes: for the server's user alone */
  if (first && !ms_private_file_prepare_database (path, error))
    return NULL;
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | (first ? SQLITE_OPEN_CREATE : 0) |
                        SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (!_ms_sql_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_ms_sql_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_ms_sql_exec (self, "PRAGMA foreign_keys = ON", error) ||
      (first && !migrate (self, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * ms_server_sqlite_new:
 * @path: the database file; created with its schema when missing
 *
 * Use the result from the thread that created it only.
 */
MsServerSqlite *
ms_server_sqlite_new (const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return sqlite_open (path, TRUE, error);
}

/**
 * ms_server_sqlite_set_owner_thread:
 *
 * Hands the connection to the calling thread, before the server starts
 * (tests open the database in one thread and serve it from another).
 */
void
ms_server_sqlite_set_owner_thread (MsServerSqlite *self)
{
  self->owner = g_thread_self ();
}
