/* ms-store.c — the local SQLite store of one profile
 *
 * One database file per profile: `$XDG_DATA_HOME/msgscore/msgscore.db` for the
 * app, or `DIR/msgscore.db` for a profile folder given to the CLI and tests.
 * Opened in WAL mode with foreign keys on and a busy timeout, and migrated to
 * the newest schema (ms-migrations.c) before anything else happens.
 *
 * Threads: an MsStore and everything built on it (repositories, list models)
 * belong to the thread that opened it — the main thread in the app, where
 * every query is an indexed lookup of a few milliseconds. Work that takes
 * longer (a save into a large History, re-reading a list after it) runs on
 * the store's worker thread with a connection of its own
 * (_ms_store_run_in_worker(), ms-store-worker.c). Another thread that needs
 * the database opens its own MsStore on the same folder; WAL lets it read
 * while this one writes.
 *
 * Writes: every repository write runs inside _ms_store_begin()/_commit(); on
 * any error it calls _ms_store_rollback(), so a failed write leaves the
 * database as it was. Nested begins become savepoints. The same transaction
 * appends a row to `outbox` (the named mutation for sync, DESIGN.md §7), and
 * the "changed" signal is emitted once per table after the outermost commit,
 * never for a rolled-back write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ms-json-guard.h"
#include "ms-private-file.h"
#include "ms-campaign-repository-private.h"
#include "ms-store-private.h"
#include "ms-sync-state.h"
#include "ms-text-search.h"
#include "sync/ms-mutation.h"

#define DB_NAME "msgscore.db"
#define BUSY_TIMEOUT_MS 5000

struct _MsStore
{
  GObject         parent_instance;

  /* Owned by the thread that opened the store. */
  sqlite3        *db;
  char           *path;
  char           *client_id;
  char           *tenant;
  MsEntitlements *entitlements;
  GHashTable     *statements;      /* SQL text → sqlite3_stmt* */
  GHashTable     *changed_tables;  /* tables written in the open transaction */
  guint           depth;           /* transaction nesting */
  gint64          now_for_testing;
  MsStoreWorker  *worker;          /* created on first use */
  gboolean        worker_change;   /* emitting "changed" for the worker's write */
};

G_DEFINE_FINAL_TYPE (MsStore, ms_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ms-store-error-quark, ms_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_TENANT,
  PROP_ENTITLEMENTS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------ */

void
_ms_set_sqlite_error (sqlite3  *db,
                      int       rc,
                      GError  **error)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_BUSY,
                   _("The profile is in use by another MsgScore window or program. Close it "
                     "and try again. (%s)"), detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CORRUPT,
                   _("The profile’s database is damaged. Restore it from a backup or start a "
                     "new profile. (%s)"), detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FULL,
                   _("The disk is full. Free some space and try again. (%s)"), detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_READ_ONLY,
                   _("The profile cannot be written. Check the permissions of its folder. (%s)"),
                   detail);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN,
                   _("The profile’s database cannot be opened. Check that its folder exists "
                     "and can be written. (%s)"), detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_CONSTRAINT,
                   _("The change breaks a rule of the database and was not saved. (%s)"),
                   detail);
      break;
    default:
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_FAILED,
                   _("The profile’s database failed and nothing was saved. (%s)"), detail);
    }
}

void
_ms_store_set_db_error (MsStore  *self,
                        int       rc,
                        GError  **error)
{
  _ms_set_sqlite_error (self->db, rc, error);
}

char *
_ms_store_new_id (void)
{
  return g_uuid_string_random ();
}

JsonNode *
_ms_store_parse_row_json (const char  *json,
                          GError     **error)
{
  static const MsJsonLimits limits = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };

  if (json == NULL)
    {
      g_set_error_literal (error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_INVALID,
                           _("The text is not valid JSON."));
      return NULL;
    }
  return ms_json_guard_parse (json, strlen (json), &limits, error);
}

static gboolean
exec (MsStore     *self,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_client_id (MsStore  *self,
                GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_store_prepare (self, "SELECT client_id FROM sync_client LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->client_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self, rc, error);
      return FALSE;
    }

  self->client_id = _ms_store_new_id ();
  stmt = _ms_store_prepare (self, "INSERT INTO sync_client (client_id) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->client_id, -1, SQLITE_STATIC);
  return _ms_store_step_done (self, stmt, error);
}


/* Shadows (DESIGN.md §7): before the first local change to a synced row, its
 * state as the server last sent it is copied into `shadow`, so that a
 * rejected mutation can be rolled back (see ms-sync-state.c).
 * TEMP triggers on this connection do it for every write any repository
 * makes; the sync client's own writes (applying a pull page, restoring a
 * shadow) set a row in temp.ms_sync_applying and are not copied. A row the
 * server has never seen gets the shadow 'null': rolling back removes it.
 * Every entity of the mutation table is shadowed, except those only pulled
 * (sync/ms-mutation.h). */
static gboolean
shadow_triggers_sql (MsStore             *self,
                     const MsSyncEntity  *entity,
                     GString             *sql,
                     GError             **error)
{
  const char *table = entity->name;
  g_autoptr(GString) old_row = g_string_new ("json_object(");
  g_autofree char *pragma = g_strdup_printf ("PRAGMA main.table_info(\"%s\")", table);
  sqlite3_stmt *stmt = NULL;
  gboolean first = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, pragma, -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (old_row, "%s'%s', OLD.\"%s\"", first ? "" : ", ",
                              column, column);
      first = FALSE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (self, rc, error);
      return FALSE;
    }
  if (first)
    return TRUE;  /* no table yet: its repository installs them (_ms_store_install_shadows) */
  g_string_append_c (old_row, ')');

  /* Not for campaign rows (no_insert_shadow): this device's imports
   * are files, not rows of this table (ms-campaign-batch.c), and the
   * server never rejects a row for what it is (a bad batch is rejected
   * whole as invalid_args, and its rows then stay here). */
  if (!entity->no_insert_shadow)
    g_string_append_printf (sql,
      "CREATE TEMP TRIGGER IF NOT EXISTS ms_shadow_%1$s_insert BEFORE INSERT ON main.%1$s"
      " WHEN NOT EXISTS (SELECT 1 FROM temp.ms_sync_applying)"
      "  AND NOT EXISTS (SELECT 1 FROM main.%1$s WHERE id = NEW.id)"
      " BEGIN INSERT OR IGNORE INTO shadow (entity, id, row_json)"
      "  VALUES ('%1$s', NEW.id, 'null'); END;", table);
  g_string_append_printf (sql,
    "CREATE TEMP TRIGGER IF NOT EXISTS ms_shadow_%1$s_update BEFORE UPDATE ON main.%1$s"
    " WHEN NOT EXISTS (SELECT 1 FROM temp.ms_sync_applying)"
    " BEGIN INSERT OR IGNORE INTO shadow (entity, id, row_json)"
    "  VALUES ('%1$s', OLD.id, %2$s); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS ms_shadow_%1$s_delete BEFORE DELETE ON main.%1$s"
    " WHEN NOT EXISTS (SELECT 1 FROM temp.ms_sync_applying)"
    " BEGIN INSERT OR IGNORE INTO shadow (entity, id, row_json)"
    "  VALUES ('%1$s', OLD.id, %2$s); END;",
    table, old_row->str);
  return TRUE;
}

static gboolean
install_shadow_triggers (MsStore  *self,
                         GError  **error)
{
  g_autoptr(GString) sql = g_string_new ("CREATE TEMP TABLE IF NOT EXISTS ms_sync_applying (x);");
  g_autoptr(GPtrArray) entities = ms_sync_entity_list ();

  for (guint t = 0; t < entities->len; t++)
    {
      const MsSyncEntity *entity = g_ptr_array_index (entities, t);

      if (!entity->pulled_only && !shadow_triggers_sql (self, entity, sql, error))
        return FALSE;
    }
  return exec (self, sql->str, error);
}

/**
 * _ms_store_install_shadows:
 * @entity: a registered entity (ms_sync_entity_register()) whose table
 *   was created after the store was opened
 *
 * Shadows the local changes of @entity's rows, as the store does for the
 * tables that exist when it opens.
 */
gboolean
_ms_store_install_shadows (MsStore     *self,
                           const char  *entity,
                           GError     **error)
{
  const MsSyncEntity *found = ms_sync_entity_lookup (entity);
  g_autoptr(GString) sql = g_string_new (NULL);

  g_return_val_if_fail (found != NULL && !found->pulled_only, FALSE);

  return shadow_triggers_sql (self, found, sql, error) && exec (self, sql->str, error);
}

/* ------------------------------------------------------------------------ */

static void
ms_store_dispose (GObject *object)
{
  MsStore *self = (MsStore *) object;

  g_clear_object (&self->entitlements);

  G_OBJECT_CLASS (ms_store_parent_class)->dispose (object);
}

static void
ms_store_finalize (GObject *object)
{
  MsStore *self = (MsStore *) object;

  g_clear_pointer (&self->worker, _ms_store_worker_free);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->changed_tables, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->tenant, g_free);

  G_OBJECT_CLASS (ms_store_parent_class)->finalize (object);
}

static void
ms_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsStore *self = MS_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_TENANT:
      g_value_set_string (value, self->tenant);
      break;
    case PROP_ENTITLEMENTS:
      g_value_set_object (value, self->entitlements);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MsStore *self = MS_STORE (object);

  switch (prop_id)
    {
    case PROP_TENANT:
      ms_store_set_tenant (self, g_value_get_string (value));
      break;
    case PROP_ENTITLEMENTS:
      ms_store_set_entitlements (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_store_class_init (MsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_store_dispose;
  object_class->finalize = ms_store_finalize;
  object_class->get_property = ms_store_get_property;
  object_class->set_property = ms_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TENANT] =
    g_param_spec_string ("tenant", NULL, NULL, MS_STORE_LOCAL_TENANT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENTITLEMENTS] =
    g_param_spec_object ("entitlements", NULL, NULL, MS_TYPE_ENTITLEMENTS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MsStore::changed:
   * @table: the table that changed ("score_history", "segment", …)
   *
   * Emitted after a committed write, once per table; detailed by table name.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ms_store_init (MsStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->changed_tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tenant = g_strdup (MS_STORE_LOCAL_TENANT);
}

/* ------------------------------------------------------------------------ */

/**
 * ms_store_get_default_dir:
 *
 * Returns: `$XDG_DATA_HOME/msgscore`, the app's profile folder
 */
char *
ms_store_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "msgscore", NULL);
}

/* The plan of the account this profile last signed in to (the sync
 * session keeps GET /v1/me in meta "sync.account"), so that a profile opened
 * without syncing — msgscore-cli, the app offline — has its plan at once. */
static void
load_account_plan (MsStore *self)
{
  g_autofree char *text = ms_sync_state_dup_meta (self, "sync.account");
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  g_autoptr(MsEntitlements) plan = NULL;
  JsonObject *me, *o;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  me = json_node_get_object (node);
  if (!json_object_has_member (me, "plan") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (me, "plan")))
    return;
  o = json_object_get_object_member (me, "plan");
  plan = ms_entitlements_new_from_plan_object (o, NULL);
  if (plan != NULL)
    g_set_object (&self->entitlements, plan);
}

/**
 * ms_store_open:
 * @dir: (nullable): the profile folder; NULL for ms_store_get_default_dir()
 *
 * Opens (creating the folder and file if needed) and migrates the profile's
 * database. The entitlements start as the Free plan.
 */
MsStore *
ms_store_open (const char  *dir,
               GError     **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dir == NULL)
    dir = default_dir = ms_store_get_default_dir ();

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN,
                   /* Translators: first %s is a folder, second the system's reason */
                   _("Cannot create the profile folder “%s”: %s. Choose another folder or fix "
                     "its permissions."), dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (dir, DB_NAME, NULL);
  return _ms_store_open_path (path, TRUE, error);
}

/*
 * _ms_store_open_path:
 * @main_connection: FALSE for the worker's connection, which leaves the
 *   profile's files to the main one
 */
MsStore *
_ms_store_open_path (const char  *path,
                     gboolean     main_connection,
                     GError     **error)
{
  g_autoptr(MsStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  self = g_object_new (MS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->entitlements = ms_entitlements_new_free ();

  /* only this user may read it, even in a folder that others may */
  if (!ms_private_file_prepare_database (self->path, &local_error))
    {
      g_set_error (error, MS_STORE_ERROR, MS_STORE_ERROR_OPEN,
                   /* Translators: %s is the system's reason */
                   _("Cannot make the profile’s database private: %s. Choose another folder or "
                     "fix its permissions."), local_error->message);
      return NULL;
    }
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error) ||
      /* Up to 32 MB of page cache: a large import then writes each page to
       * the WAL once at commit instead of spilling and rewriting it. */
      !exec (self, "PRAGMA cache_size = -32768", error) ||
      !_ms_text_search_register (self->db, error) ||
      !_ms_migrations_apply (self->db, 0, error) ||
      !install_shadow_triggers (self, error) ||
      !load_client_id (self, error))
    return NULL;
  if (main_connection)
    {
      _ms_campaign_repository_sweep_files (self);
      load_account_plan (self);
    }

  return g_steal_pointer (&self);
}

const char *
ms_store_get_path (MsStore *self)
{
  g_return_val_if_fail (MS_IS_STORE (self), NULL);
  return self->path;
}

/**
 * ms_store_get_client_id:
 *
 * Returns: this database's sync client id (a UUID made when it was created)
 */
const char *
ms_store_get_client_id (MsStore *self)
{
  g_return_val_if_fail (MS_IS_STORE (self), NULL);
  return self->client_id;
}

/**
 * ms_store_get_tenant:
 *
 * Returns: the tenant new rows are written for and lists show; the local
 *   personal space (%MS_STORE_LOCAL_TENANT) until sync signs in
 */
const char *
ms_store_get_tenant (MsStore *self)
{
  g_return_val_if_fail (MS_IS_STORE (self), NULL);
  return self->tenant;
}

void
ms_store_set_tenant (MsStore    *self,
                     const char *tenant)
{
  g_return_if_fail (MS_IS_STORE (self));
  g_return_if_fail (tenant != NULL && *tenant != '\0');

  if (g_strcmp0 (self->tenant, tenant) == 0)
    return;
  g_free (self->tenant);
  self->tenant = g_strdup (tenant);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TENANT]);
}

/**
 * ms_store_get_entitlements:
 *
 * Returns: (transfer none): the plan in force; Free without an account
 */
MsEntitlements *
ms_store_get_entitlements (MsStore *self)
{
  g_return_val_if_fail (MS_IS_STORE (self), NULL);
  return self->entitlements;
}

/**
 * ms_store_set_entitlements:
 * @entitlements: (nullable): NULL for the Free plan
 *
 * Lists follow with items-changed, since what is locked may change.
 */
void
ms_store_set_entitlements (MsStore        *self,
                           MsEntitlements *entitlements)
{
  g_return_if_fail (MS_IS_STORE (self));
  g_return_if_fail (entitlements == NULL || MS_IS_ENTITLEMENTS (entitlements));

  if (entitlements == self->entitlements)
    return;

  g_clear_object (&self->entitlements);
  self->entitlements = entitlements != NULL ? g_object_ref (entitlements)
                                            : ms_entitlements_new_free ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITLEMENTS]);
}

/**
 * ms_store_get_now:
 *
 * Returns: the time written into rows, in microseconds since the epoch
 */
gint64
ms_store_get_now (MsStore *self)
{
  g_return_val_if_fail (MS_IS_STORE (self), 0);
  return self->now_for_testing != 0 ? self->now_for_testing : g_get_real_time ();
}

/**
 * ms_store_set_now_for_testing:
 * @now_usec: a fixed time, or 0 for the real clock
 */
void
ms_store_set_now_for_testing (MsStore *self,
                              gint64   now_usec)
{
  g_return_if_fail (MS_IS_STORE (self));
  self->now_for_testing = now_usec;
}

gint64
_ms_store_get_now_for_testing (MsStore *self)
{
  return self->now_for_testing;
}

/**
 * _ms_store_run_in_worker:
 * @task: its task data is what @func gets; it returns TRUE or @func's error
 *
 * Runs @func on the store's worker thread, after the jobs pushed before it,
 * with the tenant, plan and clock the store has now. The tables it writes
 * are announced here ("changed") before @task returns.
 */
void
_ms_store_run_in_worker (MsStore        *self,
                         GTask          *task,
                         MsStoreJobFunc  func)
{
  g_return_if_fail (MS_IS_STORE (self));
  g_return_if_fail (G_IS_TASK (task));

  if (self->worker == NULL)
    self->worker = _ms_store_worker_new (self->path);
  _ms_store_worker_push (self->worker, self, task, func);
}

/*
 * _ms_store_is_worker_change:
 *
 * Returns: whether the "changed" being emitted is for a write of the
 *   worker: a model that follows it can re-read in the background too
 */
gboolean
_ms_store_is_worker_change (MsStore *self)
{
  return self->worker_change;
}

void
_ms_store_emit_worker_change (MsStore    *self,
                              const char *table)
{
  self->worker_change = TRUE;
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
  self->worker_change = FALSE;
}

/**
 * ms_store_transaction:
 * @func: writes through repositories; returns FALSE with @error set to roll back
 *
 * Runs @func in one transaction: everything it wrote is kept, or nothing.
 */
gboolean
ms_store_transaction (MsStore                 *self,
                      MsStoreTransactionFunc   func,
                      gpointer                 user_data,
                      GError                 **error)
{
  g_return_val_if_fail (MS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!_ms_store_begin (self, error))
    return FALSE;
  if (!func (self, user_data, error))
    {
      _ms_store_rollback (self);
      return FALSE;
    }
  return _ms_store_commit (self, error);
}

/**
 * ms_store_get_outbox_length:
 *
 * Returns: how many local changes wait to be sent
 */
guint
ms_store_get_outbox_length (MsStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (MS_IS_STORE (self), 0);

  stmt = _ms_store_prepare (self, "SELECT count(*) FROM outbox", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

/* ------------------------------------------------------------------------ */
/* For the repositories                                                     */

sqlite3 *
_ms_store_get_db (MsStore *self)
{
  return self->db;
}

/**
 * _ms_store_prepare:
 *
 * Returns: (transfer none): a cached statement, reset and with no bindings;
 *   reset it (or call _ms_store_step_done()) when done so it can be reused
 */
sqlite3_stmt *
_ms_store_prepare (MsStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ms_store_set_db_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_ms_store_step_done (MsStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _ms_store_set_db_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/*
 * _ms_store_reload_model:
 * @stmt: a prepared, bound SELECT
 * @make_item: makes one item (a new reference) per row, or NULL to skip it
 * @model: replaced by the items, in row order, in one items-changed
 *
 * On a database error @model is left as it was.
 */
gboolean
_ms_store_reload_model (MsStore         *self,
                        sqlite3_stmt    *stmt,
                        MsStoreRowFunc   make_item,
                        GListStore      *model,
                        GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = make_item (stmt);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ms_store_set_db_error (self, rc, error);
      return FALSE;
    }

  g_list_store_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                       items->pdata, items->len);
  return TRUE;
}

gboolean
_ms_store_begin (MsStore  *self,
                 GError  **error)
{
  if (!exec (self, self->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT ms_nested", error))
    return FALSE;
  self->depth++;
  return TRUE;
}

gboolean
_ms_store_commit (MsStore  *self,
                  GError  **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  g_assert (self->depth > 0);

  if (self->depth > 1)
    {
      if (!exec (self, "RELEASE ms_nested", error))
        {
          _ms_store_rollback (self);
          return FALSE;
        }
      self->depth--;
      return TRUE;
    }

  if (!exec (self, "COMMIT", error))
    {
      _ms_store_rollback (self);
      return FALSE;
    }
  self->depth = 0;

  tables = g_ptr_array_new_with_free_func (g_free);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->changed_tables);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_ptr_array_add (tables, key);
        g_hash_table_iter_steal (&iter);
      }
  }
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);

      g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
    }

  return TRUE;
}

void
_ms_store_rollback (MsStore *self)
{
  g_assert (self->depth > 0);

  if (self->depth > 1)
    {
      sqlite3_exec (self->db, "ROLLBACK TO ms_nested; RELEASE ms_nested", NULL, NULL, NULL);
      self->depth--;
      return;
    }

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->depth = 0;
  g_hash_table_remove_all (self->changed_tables);
}

void
_ms_store_mark_changed (MsStore    *self,
                        const char *table)
{
  g_assert (self->depth > 0);
  if (!g_hash_table_contains (self->changed_tables, table))
    g_hash_table_add (self->changed_tables, g_strdup (table));
}

/**
 * _ms_store_add_outbox:
 * @name: the mutation's name ("history.save", …)
 * @args: the mutation's arguments (an object)
 *
 * Appends the mutation for sync; call inside the transaction of the change.
 */
gboolean
_ms_store_add_outbox (MsStore     *self,
                      const char  *name,
                      JsonNode    *args,
                      GError     **error)
{
  return _ms_store_add_outbox_for_tenant (self, self->tenant, name, args, error);
}

/**
 * _ms_store_add_outbox_for_tenant:
 * @tenant: the tenant the mutation is for (a team's "team:<uuid>")
 *
 * As _ms_store_add_outbox(), for another tenant than the profile's own.
 */
gboolean
_ms_store_add_outbox_for_tenant (MsStore     *self,
                                 const char  *tenant,
                                 const char  *name,
                                 JsonNode    *args,
                                 GError     **error)
{
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  g_assert (self->depth > 0);

  json = json_to_string (args, FALSE);
  stmt = _ms_store_prepare (self,
                            "INSERT INTO outbox (tenant, name, args_json, created_at) "
                            "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tenant, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, ms_store_get_now (self));
  return _ms_store_step_done (self, stmt, error);
}
