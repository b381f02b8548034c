/* ms-server-pg.c — MsServerStorage on PostgreSQL (libpq)
 *
 * `msgscore-server --db postgresql://…` (or postgres://, or a libpq key=value
 * string starting with host=/dbname=) stores everything in one PostgreSQL
 * database shared by any number of server processes. The schema is the
 * SQLite backend's (ms-server-sqlite.c), table for table, with BIGINT times;
 * its version is the row of schema_version, and every process migrates
 * under one advisory lock, so several starting at once apply each step once.
 *
 * Concurrency (several processes, several threads each):
 * - each thread has its own connection; a transaction is that connection's;
 * - a write transaction is READ COMMITTED, and takes the row lock of each
 *   tenant it reads or writes before the first query on it
 *   (_ms_pg_lock_tenant): writers of one tenant queue, every statement after
 *   the lock sees the writers before, so the checks of a change (seats, plan
 *   limits, unique names) hold when it commits; writers of different tenants
 *   do not wait for each other;
 * - a row's version comes from its tenant's counter (UPDATE tenant … RETURNING
 *   version) under that lock: versions of a tenant commit in order, so a pull
 *   that read version N has seen every version below it;
 * - a read transaction is REPEATABLE READ READ ONLY: one snapshot;
 * - the last mutation id of a (user, client) is read FOR UPDATE in a write
 *   transaction: a push sent twice at once through two processes applies once.
 * A deadlock or serialisation failure (40P01, 40001) and a lost connection are
 * MS_SERVER_ERROR_UNAVAILABLE: the route answers 503 with Retry-After and
 * nothing of the transaction stays.
 *
 * Only parameterised SQL: every value is bound ($1…), sent as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>

#include "ms-server-json.h"
#include "ms-server-pg-private.h"

static void storage_iface_init (MsServerStorageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsServerPg, ms_server_pg, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_STORAGE, storage_iface_init)
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SERVER_CSM_STORAGE,
                                                      _ms_server_pg_csm_init))

/* Any number: the key of the advisory lock migrations run under. */
#define MIGRATION_LOCK "7305193"

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
  "  created_at BIGINT NOT NULL);"
  "CREATE TABLE tenant ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal', 'team', 'csm')),"
  "  version BIGINT NOT NULL DEFAULT 0,"
  "  purged_version BIGINT NOT NULL DEFAULT 0,"
  "  created_at BIGINT NOT NULL);"
  "CREATE TABLE membership ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),"
  "  created_at BIGINT NOT NULL,"
  "  PRIMARY KEY (tenant, user_id));"
  "CREATE INDEX membership_by_user ON membership (user_id);"
  "CREATE TABLE token ("
  "  hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  session_id TEXT NOT NULL,"
  "  expires_at BIGINT NOT NULL,"
  "  revoked_at BIGINT);"
  "CREATE INDEX token_by_session ON token (session_id);"
  "CREATE TABLE login_failure ("
  "  key TEXT NOT NULL,"
  "  at BIGINT NOT NULL);"
  "CREATE INDEX login_failure_by_key ON login_failure (key, at);"
  "CREATE INDEX login_failure_by_at ON login_failure (at);"
  "CREATE TABLE sync_client ("
  "  user_id TEXT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,"
  "  client_id TEXT NOT NULL,"
  "  last_mutation_id BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, client_id));"
  "CREATE TABLE sync_row ("
  "  tenant TEXT NOT NULL REFERENCES tenant (id),"
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version BIGINT NOT NULL,"
  "  created_at BIGINT NOT NULL,"
  "  updated_at BIGINT NOT NULL,"
  "  deleted_at BIGINT,"
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
  "  plan_change_at BIGINT,"
  "  extra_owners BIGINT NOT NULL DEFAULT 0,"
  "  created_at BIGINT NOT NULL);"
  "CREATE TABLE team_invite ("
  "  hash TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  email TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),"
  "  invited_by TEXT NOT NULL,"
  "  created_at BIGINT NOT NULL,"
  "  expires_at BIGINT NOT NULL,"
  "  used_at BIGINT,"
  "  used_by TEXT);"
  "CREATE INDEX team_invite_by_tenant ON team_invite (tenant, used_at, expires_at);",

  /* 3: login_failure keys are keyed hashes (issue 20) */
  "DELETE FROM login_failure;",

  /* 4: what a team's figures read of each live saved scoring (issue 14),
   * kept by put_row beside its score_history row */
  "CREATE TABLE scoring_fact ("
  "  tenant TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  created_at BIGINT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  goal TEXT,"
  "  PRIMARY KEY (tenant, id));"
  "CREATE INDEX scoring_fact_by_time ON scoring_fact (tenant, created_at) INCLUDE (total, goal);"
  "CREATE FUNCTION pg_temp.ms_try_jsonb (text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS"
  "  $f$ BEGIN RETURN $1::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $f$;"
  "INSERT INTO scoring_fact (tenant, id, created_at, total, goal)"
  "  SELECT tenant, id, created_at,"
  "         CASE WHEN jsonb_typeof (row_json::jsonb -> 'total') = 'number'"
  "              THEN least (greatest ((row_json::jsonb ->> 'total')::numeric, 0), 100)::int"
  "              ELSE 0 END,"
  "         left (pg_temp.ms_try_jsonb (row_json::jsonb ->> 'input_json') #>> '{segment,goal}', 32)"
  "  FROM sync_row WHERE entity = 'score_history' AND deleted_at IS NULL;",

  /* 5: keys of the public scoring API (issue 15), stored hashed */
  "CREATE TABLE api_key ("
  "  id TEXT PRIMARY KEY,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  tenant TEXT NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  prefix TEXT NOT NULL,"
  "  created_by TEXT NOT NULL,"
  "  created_at BIGINT NOT NULL,"
  "  last_used_at BIGINT,"
  "  uses BIGINT NOT NULL DEFAULT 0,"
  "  revoked_at BIGINT);"
  "CREATE INDEX api_key_by_tenant ON api_key (tenant, created_at);",

  /* 6: customer success (issue 17): the tables of the SQLite backend's step
   * 6 (ms-server-sqlite-csm.c, ms-server-pg-csm.c) */
  "INSERT INTO tenant (id, kind, created_at) VALUES ('csm:staff', 'csm', 0)"
  "  ON CONFLICT (id) DO NOTHING;"
  "CREATE TABLE staff ("
  "  user_id TEXT PRIMARY KEY REFERENCES user_account (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('csm', 'lead', 'admin')),"
  "  created_at BIGINT NOT NULL);"
  "CREATE TABLE csm_account ("
  "  tenant TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal', 'team')),"
  "  name TEXT NOT NULL,"
  "  plan TEXT NOT NULL,"
  "  domain TEXT,"
  "  owner TEXT REFERENCES user_account (id) ON DELETE SET NULL,"
  "  created_at BIGINT NOT NULL,"
  "  cancelled_at BIGINT NOT NULL DEFAULT 0,"
  "  n_people BIGINT NOT NULL DEFAULT 1,"
  "  same_domain BIGINT NOT NULL DEFAULT 1,"
  "  demo INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX csm_account_by_owner ON csm_account (owner);"
  "CREATE TABLE csm_activity ("
  "  tenant TEXT NOT NULL,"
  "  user_id TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  count BIGINT NOT NULL,"
  "  PRIMARY KEY (tenant, day, user_id, kind));"
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
  "  health BIGINT,"
  "  churn DOUBLE PRECISION,"
  "  detail_json TEXT NOT NULL,"
  "  PRIMARY KEY (tenant, day));"
  "CREATE INDEX csm_daily_by_day ON csm_daily (day);"
  "CREATE TABLE csm_model ("
  "  id BIGSERIAL PRIMARY KEY,"
  "  created_at BIGINT NOT NULL,"
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
  "  created_at BIGINT NOT NULL,"
  "  due_at BIGINT NOT NULL,"
  "  snoozed_until BIGINT NOT NULL DEFAULT 0,"
  "  closed_at BIGINT NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX csm_task_one_open ON csm_task (tenant, playbook)"
  "  WHERE status IN ('open', 'snoozed');"
  "CREATE INDEX csm_task_by_tenant ON csm_task (tenant, playbook, created_at);"
  "CREATE TABLE csm_note ("
  "  id BIGSERIAL PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  staff_id TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  created_at BIGINT NOT NULL);"
  "CREATE INDEX csm_note_by_tenant ON csm_note (tenant, staff_id);"
  "CREATE TABLE csm_job ("
  "  name TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  owner TEXT NOT NULL,"
  "  started_at BIGINT NOT NULL,"
  "  finished_at BIGINT NOT NULL DEFAULT 0,"
  "  summary_json TEXT,"
  "  PRIMARY KEY (name, day));",
  /* 7: subscriptions, trials and invoices (issue 16); an issued invoice
   * never changes and is kept (a trigger refuses UPDATE and DELETE) */
  "CREATE TABLE subscription ("
  "  tenant TEXT PRIMARY KEY REFERENCES tenant (id) ON DELETE CASCADE,"
  "  state_json TEXT NOT NULL,"
  "  cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,"
  "  plan_next TEXT,"
  "  cycle_next TEXT CHECK (cycle_next IN ('monthly', 'yearly')),"
  "  extra_owners_next BIGINT,"
  "  provider TEXT NOT NULL,"
  "  company_name TEXT,"
  "  created_at BIGINT NOT NULL,"
  "  updated_at BIGINT NOT NULL);"
  "CREATE TABLE trial_use ("
  "  user_id TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  started_at BIGINT NOT NULL);"
  "CREATE TABLE invoice ("
  "  number TEXT PRIMARY KEY,"
  "  tenant TEXT NOT NULL,"
  "  issued_at BIGINT NOT NULL,"
  "  due_at BIGINT NOT NULL,"
  "  total BIGINT NOT NULL,"
  "  corrects TEXT REFERENCES invoice (number),"
  "  document_json TEXT NOT NULL);"
  "CREATE INDEX invoice_by_tenant ON invoice (tenant, issued_at);"
  "CREATE FUNCTION invoice_immutable () RETURNS trigger LANGUAGE plpgsql AS"
  "  $$ BEGIN RAISE EXCEPTION 'an issued invoice never changes'; END $$;"
  "CREATE TRIGGER invoice_immutable BEFORE UPDATE OR DELETE ON invoice"
  "  FOR EACH ROW EXECUTE FUNCTION invoice_immutable ();"
  "CREATE TABLE payment ("
  "  invoice TEXT NOT NULL REFERENCES invoice (number),"
  "  amount BIGINT NOT NULL,"
  "  received_at BIGINT NOT NULL,"
  "  recorded_at BIGINT NOT NULL);"
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
  "  created_at BIGINT NOT NULL,"
  "  expires_at BIGINT NOT NULL,"
  "  revoked_at BIGINT,"
  "  views BIGINT NOT NULL DEFAULT 0,"
  "  last_viewed_at BIGINT);"
  "CREATE INDEX share_link_by_creator ON share_link (created_by, created_at);",
};

guint
ms_server_pg_get_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/**
 * ms_server_pg_is_conninfo:
 * @db: what --db named
 *
 * Returns: whether @db names a PostgreSQL database rather than a file
 */
gboolean
ms_server_pg_is_conninfo (const char *db)
{
  return db != NULL && (g_str_has_prefix (db, "postgresql://") ||
                        g_str_has_prefix (db, "postgres://") ||
                        g_str_has_prefix (db, "host=") || g_str_has_prefix (db, "dbname="));
}

/* ------------------------------------------------------------------------ */
/* Arguments                                                                 */

void
_ms_pg_arg_text (MsPgArgs   *args,
                 const char *text)
{
  g_assert (args->n < MS_PG_MAX_ARGS);
  args->values[args->n++] = text;
}

void
_ms_pg_arg_int (MsPgArgs *args,
                gint64    value)
{
  g_assert (args->n < MS_PG_MAX_ARGS);
  g_snprintf (args->buf[args->n], sizeof args->buf[0], "%" G_GINT64_FORMAT, value);
  args->values[args->n] = args->buf[args->n];
  args->n++;
}

void
_ms_pg_arg_bool (MsPgArgs *args,
                 gboolean  value)
{
  _ms_pg_arg_text (args, value ? "t" : "f");
}

void
_ms_pg_arg_time (MsPgArgs *args,
                 gint64    value)
{
  if (value == 0)
    _ms_pg_arg_text (args, NULL);
  else
    _ms_pg_arg_int (args, value);
}

char *
_ms_pg_dup (PGresult *res,
            int       row,
            int       column)
{
  if (PQgetisnull (res, row, column))
    return NULL;
  return g_strdup (PQgetvalue (res, row, column));
}

gint64
_ms_pg_int (PGresult *res,
            int       row,
            int       column)
{
  if (PQgetisnull (res, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (res, row, column), NULL, 10);
}

/* ------------------------------------------------------------------------ */
/* Connections                                                               */

static void
conn_free (gpointer data)
{
  MsPgConn *c = data;

  if (c->conn != NULL)
    PQfinish (c->conn);
  g_hash_table_unref (c->prepared);
  g_hash_table_unref (c->locked);
  g_hash_table_unref (c->roles);
  g_free (c->last_user);
  g_free (c->last_client);
  g_free (c);
}

static void
notice_cb (void       *arg,
           const char *message)
{
  /* NOTICEs (e.g. "relation already exists, skipping") are not errors. */
}

static gboolean
conn_open (MsServerPg  *self,
           MsPgConn    *c,
           GError     **error)
{
  g_clear_pointer (&c->conn, PQfinish);
  g_hash_table_remove_all (c->prepared);
  c->conn = PQconnectdb (self->conninfo);
  if (PQstatus (c->conn) != CONNECTION_OK)
    {
      /* The message may name the host and user, never a password. */
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                   "cannot connect to PostgreSQL: %s", PQerrorMessage (c->conn));
      g_clear_pointer (&c->conn, PQfinish);
      return FALSE;
    }
  PQsetNoticeProcessor (c->conn, notice_cb, NULL);
  return TRUE;
}

MsPgConn *
_ms_pg_get_conn (MsServerPg  *self,
                 GError     **error)
{
  GThread *thread = g_thread_self ();
  MsPgConn *c;

  g_mutex_lock (&self->lock);
  c = g_hash_table_lookup (self->conns, thread);
  if (c == NULL)
    {
      c = g_new0 (MsPgConn, 1);
      c->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      c->locked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      c->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (self->conns, thread, c);
    }
  g_mutex_unlock (&self->lock);

  /* A connection lost between transactions is made again. */
  if (!c->in_transaction && (c->conn == NULL || PQstatus (c->conn) != CONNECTION_OK) &&
      !conn_open (self, c, error))
    return NULL;
  return c;
}

static gboolean
set_result_error (MsPgConn   *c,
                  PGresult   *res,
                  GError    **error)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *message = res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (c->conn);

  if (PQstatus (c->conn) != CONNECTION_OK)
    g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                 "the connection to PostgreSQL was lost: %s", message);
  else if (state != NULL && (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
                             g_str_equal (state, "55P03") || g_str_has_prefix (state, "57P") ||
                             g_str_has_prefix (state, "08")))
    g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE, "database busy (%s)",
                 state);
  else if (state != NULL && g_str_equal (state, "23505"))
    /* Not MS_SERVER_ERROR: the text stays internal; callers check EXISTS. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "postgresql: %s", message);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "postgresql: %s (%s)", message,
                 state != NULL ? state : "?");
  return FALSE;
}

PGresult *
_ms_pg_query (MsPgConn    *c,
              const char  *sql,
              MsPgArgs    *args,
              GError     **error)
{
  const char *name = g_hash_table_lookup (c->prepared, sql);
  MsPgArgs none = { 0 };
  PGresult *res;
  ExecStatusType status;

  if (args == NULL)
    args = &none;
  if (name == NULL)
    {
      char *new_name = g_strdup_printf ("s%u", g_hash_table_size (c->prepared) + 1);

      res = PQprepare (c->conn, new_name, sql, args->n, NULL);
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          set_result_error (c, res, error);
          PQclear (res);
          g_free (new_name);
          return NULL;
        }
      PQclear (res);
      g_hash_table_insert (c->prepared, g_strdup (sql), new_name);
      name = new_name;
    }
  res = PQexecPrepared (c->conn, name, args->n, args->values, NULL, NULL, 0);
  status = PQresultStatus (res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_result_error (c, res, error);
      PQclear (res);
      return NULL;
    }
  return res;
}

gboolean
_ms_pg_exec (MsPgConn    *c,
             const char  *sql,
             MsPgArgs    *args,
             guint64     *n_changed,
             GError     **error)
{
  g_autoptr(PGresult) res = _ms_pg_query (c, sql, args, error);

  if (res == NULL)
    return FALSE;
  if (n_changed != NULL)
    *n_changed = g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
  return TRUE;
}

/* Statements without values only (BEGIN, COMMIT, the migrations). */
static gboolean
exec_simple (MsPgConn    *c,
             const char  *sql,
             GError     **error)
{
  g_autoptr(PGresult) res = PQexec (c->conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return set_result_error (c, res, error);
  return TRUE;
}

gboolean
_ms_pg_lock_tenant (MsPgConn    *c,
                    const char  *tenant,
                    GError     **error)
{
  MsPgArgs args = { 0 };

  if (!c->in_transaction || !c->write || tenant == NULL ||
      g_hash_table_contains (c->locked, tenant))
    return TRUE;
  _ms_pg_arg_text (&args, tenant);
  if (!_ms_pg_exec (c, "SELECT 1 FROM tenant WHERE id = $1 FOR UPDATE", &args, NULL, error))
    return FALSE;
  g_hash_table_add (c->locked, g_strdup (tenant));
  return TRUE;
}

static void
forget_transaction (MsPgConn *c)
{
  c->in_transaction = FALSE;
  g_hash_table_remove_all (c->locked);
  g_hash_table_remove_all (c->roles);
  g_clear_pointer (&c->last_user, g_free);
  g_clear_pointer (&c->last_client, g_free);
  c->last_dirty = FALSE;
}

gboolean
_ms_pg_begin (MsPgConn  *c,
              gboolean   write,
              GError   **error)
{
  g_assert (!c->in_transaction);
  if (!exec_simple (c, write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                             : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  forget_transaction (c);
  c->in_transaction = TRUE;
  c->write = write;
  return TRUE;
}

gboolean
_ms_pg_commit (MsPgConn  *c,
               GError   **error)
{
  gboolean ok = TRUE;

  if (c->last_dirty)
    {
      MsPgArgs args = { 0 };

      _ms_pg_arg_text (&args, c->last_user);
      _ms_pg_arg_text (&args, c->last_client);
      _ms_pg_arg_int (&args, c->last_id);
      ok = _ms_pg_exec (c, "UPDATE sync_client SET last_mutation_id = $3"
                           " WHERE user_id = $1 AND client_id = $2", &args, NULL, error);
    }
  ok = ok && exec_simple (c, "COMMIT", error);
  if (!ok)
    exec_simple (c, "ROLLBACK", NULL);
  forget_transaction (c);
  return ok;
}

void
_ms_pg_rollback (MsPgConn *c)
{
  exec_simple (c, "ROLLBACK", NULL);
  forget_transaction (c);
}

static char *
new_epoch (void)
{
  guint8 bytes[12];
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (s, "%02x", bytes[i]);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Migrations                                                                */

static gboolean
migrate (MsPgConn  *c,
         GError   **error)
{
  g_autoptr(PGresult) res = NULL;
  guint version;

  if (!_ms_pg_begin (c, TRUE, error))
    return FALSE;
  if (!exec_simple (c, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", error) ||
      !exec_simple (c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                    error) ||
      !exec_simple (c, "INSERT INTO schema_version (version) SELECT 0"
                       " WHERE NOT EXISTS (SELECT 1 FROM schema_version)", error))
    goto fail;
  res = _ms_pg_query (c, "SELECT version FROM schema_version", NULL, error);
  if (res == NULL)
    goto fail;
  version = (guint) _ms_pg_int (res, 0, 0);
  if (version > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the database is from a newer msgscore-server (version %u)", version);
      goto fail;
    }
  for (guint step = version; step < G_N_ELEMENTS (migrations); step++)
    {
      MsPgArgs args = { 0 };

      _ms_pg_arg_int (&args, step + 1);
      if (!exec_simple (c, migrations[step], error) ||
          !_ms_pg_exec (c, "UPDATE schema_version SET version = $1", &args, NULL, error))
        goto fail;
    }
  if (version == 0)
    {
      g_autofree char *epoch = new_epoch ();
      MsPgArgs args = { 0 };

      _ms_pg_arg_text (&args, epoch);
      if (!_ms_pg_exec (c, "INSERT INTO meta (key, value) VALUES ('epoch', $1)", &args, NULL,
                        error))
        goto fail;
    }
  return _ms_pg_commit (c, error);

fail:
  _ms_pg_rollback (c);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Transactions                                                              */

static gboolean
pg_transaction (MsServerStorage      *storage,
                gboolean              write,
                MsServerStorageFunc   func,
                gpointer              user_data,
                GError              **error)
{
  MsPgConn *c = _ms_pg_get_conn (MS_SERVER_PG (storage), error);

  if (c == NULL || !_ms_pg_begin (c, write, error))
    return FALSE;
  if (!func (storage, user_data, error))
    {
      _ms_pg_rollback (c);
      return FALSE;
    }
  return _ms_pg_commit (c, error);
}

/* ------------------------------------------------------------------------ */

/* Thread-safe already: each thread gets a connection of its own. */
static MsServerStorage *
pg_open_for_thread (MsServerStorage  *storage,
                    GError          **error)
{
  return g_object_ref (storage);
}

static gboolean
pg_ping (MsServerStorage  *storage,
         GError          **error)
{
  MsPgConn *c = GET_CONN ();

  return c != NULL && _ms_pg_exec (c, "SELECT count(*) FROM meta", NULL, NULL, error);
}

static void
storage_iface_init (MsServerStorageInterface *iface)
{
  iface->open_for_thread = pg_open_for_thread;
  iface->ping = pg_ping;
  iface->transaction = pg_transaction;
  _ms_server_pg_accounts_init (iface);
  _ms_server_pg_sync_init (iface);
  _ms_server_pg_teams_init (iface);
  _ms_server_pg_plans_init (iface);
  _ms_server_pg_api_init (iface);
  _ms_server_pg_share_init (iface);
}

static void
ms_server_pg_finalize (GObject *object)
{
  MsServerPg *self = (MsServerPg *) object;

  g_clear_pointer (&self->conns, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_free (self->conninfo);

  G_OBJECT_CLASS (ms_server_pg_parent_class)->finalize (object);
}

static void
ms_server_pg_class_init (MsServerPgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_server_pg_finalize;
}

static void
ms_server_pg_init (MsServerPg *self)
{
  g_mutex_init (&self->lock);
  self->conns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, conn_free);
}

/**
 * ms_server_pg_new:
 * @conninfo: a libpq connection URI (postgresql://…) or key=value string
 *
 * Connects, and brings the schema up to date. The object may be used from
 * any number of threads at once (a connection each).
 */
MsServerPg *
ms_server_pg_new (const char  *conninfo,
                  GError     **error)
{
  g_autoptr(MsServerPg) self = g_object_new (MS_TYPE_SERVER_PG, NULL);
  MsPgConn *c;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self->conninfo = g_strdup (conninfo);
  c = _ms_pg_get_conn (self, error);
  if (c == NULL || !migrate (c, error))
    return NULL;
  return g_steal_pointer (&self);
}
