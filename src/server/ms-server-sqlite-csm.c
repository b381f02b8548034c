/* ms-server-sqlite-csm.c — customer success on SQLite (MsServerCsmStorage)
 *
 * Tables (migration step 4 of ms-server-sqlite.c):
 *   staff         staff accounts (user_account rows) and their role
 *   csm_account   the customer accounts: personal spaces and teams, copied
 *                 from user_account and team by sync_accounts(), and the
 *                 demo population; who owns each in the staff (portfolio)
 *   csm_activity  what people did per account, user, Asia/Tokyo day and
 *                 kind: counts only, never a text
 *   csm_event     payments, support requests and NPS answers as small JSON
 *                 objects, by kind and id
 *   csm_daily     the daily job's result per account and day: health, churn
 *                 score and their details (snapshots for trends)
 *   csm_model     the churn model (JSON) in force and the one before it
 *   csm_task      playbook tasks; one open or snoozed per account and
 *                 playbook (a unique index)
 *   csm_note      no longer written: a CSM's notes are the synced csm_touchpoint
 *   csm_job       one row per job and day: who claimed it, when it ended
 * Only parameterised SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <sqlite3.h>

#include "ms-json-guard.h"
#include "ms-server-csm-storage.h"
#include "ms-server-sqlite-private.h"

#define SELF(s) MS_SERVER_SQLITE (s)

static gboolean
step_rows (MsServerSqlite  *self,
           sqlite3_stmt    *stmt,
           int              rc,
           GError         **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

static gboolean
csm_get_staff (MsServerCsmStorage  *storage,
               const char          *user_id,
               char               **role,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt = _ms_sql_prepare (self, "SELECT role FROM staff WHERE user_id = ?1", error);
  int rc;

  *role = NULL;
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *role = _ms_sql_dup_text (stmt, 0);
      rc = SQLITE_DONE;
    }
  return step_rows (self, stmt, rc, error);
}

static gboolean
csm_set_staff (MsServerCsmStorage  *storage,
               const char          *user_id,
               const char          *role,
               gint64               now,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT INTO staff (user_id, role, created_at) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (user_id) DO UPDATE SET role = excluded.role",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  _ms_sql_bind_text (stmt, 2, role);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  /* A staff account is no customer account. */
  stmt = _ms_sql_prepare (self, "DELETE FROM csm_account WHERE tenant = 'user:' || ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  return _ms_sql_step_done (self, stmt, error);
}

static JsonArray *
csm_list_staff (MsServerCsmStorage  *storage,
                GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(JsonArray) out = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT s.user_id, s.role, u.name FROM staff s"
                                " JOIN user_account u ON u.id = s.user_id ORDER BY u.name",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (o, "role", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (o, "name", (const char *) sqlite3_column_text (stmt, 2));
      json_array_add_object_element (out, o);
    }
  if (!step_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */

static gboolean
csm_add_activity (MsServerCsmStorage  *storage,
                  const char          *tenant,
                  const char          *user_id,
                  gint32               day,
                  const char          *kind,
                  gint64               count,
                  GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO csm_activity (tenant, user_id, day, kind, count)"
                                " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant, day, user_id, kind)"
                                " DO UPDATE SET count = count + excluded.count", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, user_id);
  sqlite3_bind_int (stmt, 3, day);
  _ms_sql_bind_text (stmt, 4, kind);
  sqlite3_bind_int64 (stmt, 5, count);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
csm_sync_accounts (MsServerCsmStorage  *storage,
                   GError             **error)
{
  MsServerSqlite *self = SELF (storage);

  g_assert (self->in_transaction);
  return _ms_sql_exec (self,
    "INSERT INTO csm_account (tenant, kind, name, plan, domain, created_at, n_people, same_domain)"
    " SELECT 'user:' || u.id, 'personal', u.name, u.plan,"
    "        substr (u.email, instr (u.email, '@') + 1), u.created_at, 1, 1"
    " FROM user_account u WHERE u.id NOT IN (SELECT user_id FROM staff) AND true"
    " ON CONFLICT (tenant) DO UPDATE SET name = excluded.name, plan = excluded.plan,"
    "   domain = excluded.domain;"
    "INSERT INTO csm_account (tenant, kind, name, plan, domain, created_at, n_people, same_domain)"
    " SELECT t.tenant, 'team', t.name, t.plan, NULL, t.created_at,"
    "        (SELECT count (*) FROM membership m WHERE m.tenant = t.tenant), 1"
    " FROM team t WHERE true"
    " ON CONFLICT (tenant) DO UPDATE SET name = excluded.name, plan = excluded.plan,"
    "   n_people = excluded.n_people;",
    error);
}

static void
read_account (sqlite3_stmt        *stmt,
              MsServerCsmAccount  *a)
{
  a->tenant = _ms_sql_dup_text (stmt, 0);
  a->kind = _ms_sql_dup_text (stmt, 1);
  a->name = _ms_sql_dup_text (stmt, 2);
  a->plan = _ms_sql_dup_text (stmt, 3);
  a->domain = _ms_sql_dup_text (stmt, 4);
  a->owner = _ms_sql_dup_text (stmt, 5);
  a->created_at = sqlite3_column_int64 (stmt, 6);
  a->cancelled_at = sqlite3_column_int64 (stmt, 7);
  a->n_people = sqlite3_column_int64 (stmt, 8);
  a->same_domain = sqlite3_column_int64 (stmt, 9);
  a->demo = sqlite3_column_int (stmt, 10) != 0;
}

#define ACCOUNT_COLUMNS "tenant, kind, name, plan, domain, owner, created_at, cancelled_at," \
                        " n_people, same_domain, demo"

static gboolean
csm_put_account (MsServerCsmStorage        *storage,
                 const MsServerCsmAccount  *a,
                 GError                   **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT OR REPLACE INTO csm_account (" ACCOUNT_COLUMNS ")"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, a->tenant);
  _ms_sql_bind_text (stmt, 2, a->kind);
  _ms_sql_bind_text (stmt, 3, a->name);
  _ms_sql_bind_text (stmt, 4, a->plan);
  _ms_sql_bind_text (stmt, 5, a->domain);
  _ms_sql_bind_text (stmt, 6, a->owner);
  sqlite3_bind_int64 (stmt, 7, a->created_at);
  sqlite3_bind_int64 (stmt, 8, a->cancelled_at);
  sqlite3_bind_int64 (stmt, 9, a->n_people);
  sqlite3_bind_int64 (stmt, 10, a->same_domain);
  sqlite3_bind_int (stmt, 11, a->demo);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
csm_get_account (MsServerCsmStorage  *storage,
                 const char          *tenant,
                 MsServerCsmAccount **out,
                 GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = _ms_sql_prepare (self, "SELECT " ACCOUNT_COLUMNS " FROM csm_account WHERE tenant = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = g_new0 (MsServerCsmAccount, 1);
      read_account (stmt, *out);
      rc = SQLITE_DONE;
    }
  return step_rows (self, stmt, rc, error);
}

static GPtrArray *
csm_list_accounts (MsServerCsmStorage  *storage,
                   GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_csm_account_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT " ACCOUNT_COLUMNS " FROM csm_account ORDER BY tenant",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsServerCsmAccount *a = g_new0 (MsServerCsmAccount, 1);

      read_account (stmt, a);
      g_ptr_array_add (out, a);
    }
  if (!step_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

static gboolean
csm_set_owner (MsServerCsmStorage  *storage,
               const char          *tenant,
               const char          *owner,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt = _ms_sql_prepare (self, "UPDATE csm_account SET owner = ?2 WHERE tenant = ?1",
                                        error);

  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, owner);
  return _ms_sql_step_done (self, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* History: an MsCsmAccount per account                                      */

static JsonObject *
parse_object (const char *text)
{
  static const MsJsonLimits limits = { 1024 * 1024, 8 };
  g_autoptr(JsonNode) node = text != NULL ? ms_json_guard_parse (text, strlen (text), &limits,
                                                                 NULL)
                                          : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static void
add_event (MsCsmAccount *account,
           const char   *kind,
           gint32        day,
           JsonObject   *data)
{
  if (g_str_equal (kind, "payment"))
    {
      MsCsmPayment p = { day, (gint32) ms_json_object_get_int (data, "paid_day", -1),
                         (guint16) CLAMP (ms_json_object_get_int (data, "failed", 0), 0, 1000) };

      g_array_append_val (account->payments, p);
    }
  else if (g_str_equal (kind, "support"))
    {
      MsCsmSupport s = { day, (gint32) ms_json_object_get_int (data, "closed_day", -1),
                         (gint16) CLAMP (ms_json_object_get_int (data, "rating", 0), 0, 5) };

      g_array_append_val (account->support, s);
    }
  else if (g_str_equal (kind, "nps"))
    {
      MsCsmSurvey v = { day, (gint16) CLAMP (ms_json_object_get_int (data, "score", -1), -1, 10) };

      g_array_append_val (account->surveys, v);
    }
}

static gboolean
csm_load_history (MsServerCsmStorage      *storage,
                  const char              *tenant,
                  gint32                   since_day,
                  MsServerCsmAccountFunc   func,
                  gpointer                 user_data,
                  GError                 **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) ms_csm_account_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) people = NULL;
  g_autofree char *people_tenant = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* The accounts */
  stmt = _ms_sql_prepare (self, "SELECT " ACCOUNT_COLUMNS " FROM csm_account"
                                " WHERE ?1 IS NULL OR tenant = ?1 ORDER BY tenant", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MsServerCsmAccount) a = g_new0 (MsServerCsmAccount, 1);
      MsCsmAccount *account;

      read_account (stmt, a);
      account = ms_csm_account_new (a->tenant, a->plan, ms_csm_day_from_time (a->created_at));
      account->cancelled_day = a->cancelled_at > 0 ? ms_csm_day_from_time (a->cancelled_at) : -1;
      account->n_people = (guint) MAX (a->n_people, 1);
      account->same_domain = (guint) MAX (a->same_domain, 1);
      g_hash_table_insert (accounts, account->tenant, account);
      g_ptr_array_add (order, account);
    }
  if (!step_rows (self, stmt, rc, error))
    return FALSE;
  /* One account asked for that the registry has not met yet (the daily job
   * adds it): what it did still counts, from its first day of activity */
  if (tenant != NULL && order->len == 0)
    {
      MsCsmAccount *account = ms_csm_account_new (tenant, "free", G_MAXINT32);

      g_hash_table_insert (accounts, account->tenant, account);
      g_ptr_array_add (order, account);
    }

  /* What they did: people are numbered per account in order of appearance */
  stmt = _ms_sql_prepare (self, "SELECT tenant, user_id, day, kind, count FROM csm_activity"
                                " WHERE day >= ?1 AND (?2 IS NULL OR tenant = ?2)"
                                " ORDER BY tenant, day", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, since_day);
  _ms_sql_bind_text (stmt, 2, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_tenant = (const char *) sqlite3_column_text (stmt, 0);
      const char *user = (const char *) sqlite3_column_text (stmt, 1);
      MsCsmAccount *account = g_hash_table_lookup (accounts, row_tenant);
      MsCsmKind kind;
      gpointer index;

      if (account == NULL ||
          !ms_csm_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &kind))
        continue;
      if (g_strcmp0 (people_tenant, row_tenant) != 0)
        {
          g_clear_pointer (&people, g_hash_table_unref);
          people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_free (people_tenant);
          people_tenant = g_strdup (row_tenant);
        }
      if (!g_hash_table_lookup_extended (people, user, NULL, &index))
        {
          index = GUINT_TO_POINTER (g_hash_table_size (people));
          g_hash_table_insert (people, g_strdup (user), index);
        }
      ms_csm_account_add_activity (account, sqlite3_column_int (stmt, 2), GPOINTER_TO_UINT (index),
                                   kind, (guint) CLAMP (sqlite3_column_int64 (stmt, 4), 0,
                                                        G_MAXUINT32));
    }
  if (!step_rows (self, stmt, rc, error))
    return FALSE;

  /* Payments, support requests, NPS answers */
  stmt = _ms_sql_prepare (self, "SELECT tenant, kind, day, data_json FROM csm_event"
                                " WHERE ?1 IS NULL OR tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsCsmAccount *account = g_hash_table_lookup (accounts, sqlite3_column_text (stmt, 0));
      g_autoptr(JsonObject) data = NULL;

      if (account == NULL ||
          (data = parse_object ((const char *) sqlite3_column_text (stmt, 3))) == NULL)
        continue;
      add_event (account, (const char *) sqlite3_column_text (stmt, 1),
                 sqlite3_column_int (stmt, 2), data);
    }
  if (!step_rows (self, stmt, rc, error))
    return FALSE;

  for (guint i = 0; i < order->len; i++)
    {
      MsCsmAccount *account = order->pdata[i];

      ms_csm_account_sort (account);
      if (account->created_day == G_MAXINT32)
        account->created_day = account->activity->len > 0
                                 ? g_array_index (account->activity, MsCsmActivity, 0).day : 0;
      if (!func (account, user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Events                                                                    */

static gboolean
csm_put_event (MsServerCsmStorage  *storage,
               const char          *tenant,
               const char          *kind,
               const char          *id,
               gint32               day,
               const char          *data_json,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT OR REPLACE INTO csm_event (kind, id, tenant, day, data_json)"
                                " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, kind);
  _ms_sql_bind_text (stmt, 2, id);
  _ms_sql_bind_text (stmt, 3, tenant);
  sqlite3_bind_int (stmt, 4, day);
  _ms_sql_bind_text (stmt, 5, data_json);
  return _ms_sql_step_done (self, stmt, error);
}

static gboolean
csm_get_event (MsServerCsmStorage  *storage,
               const char          *kind,
               const char          *id,
               char               **tenant,
               char               **data_json,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  int rc;

  *tenant = NULL;
  *data_json = NULL;
  stmt = _ms_sql_prepare (self, "SELECT tenant, data_json FROM csm_event WHERE kind = ?1 AND id = ?2",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, kind);
  _ms_sql_bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *tenant = _ms_sql_dup_text (stmt, 0);
      *data_json = _ms_sql_dup_text (stmt, 1);
      rc = SQLITE_DONE;
    }
  return step_rows (self, stmt, rc, error);
}

static JsonArray *
csm_list_events (MsServerCsmStorage  *storage,
                 const char          *tenant,
                 const char          *kind,
                 guint                limit,
                 GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(JsonArray) out = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT id, day, data_json FROM csm_event"
                                " WHERE tenant = ?1 AND kind = ?2 ORDER BY day DESC, id LIMIT ?3",
                          error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, kind);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *data = parse_object ((const char *) sqlite3_column_text (stmt, 2));

      if (data == NULL)
        continue;
      json_object_set_string_member (data, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_int_member (data, "day", sqlite3_column_int (stmt, 1));
      json_array_add_object_element (out, data);
    }
  if (!step_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Daily results                                                             */

static gboolean
csm_put_daily (MsServerCsmStorage  *storage,
               const char          *tenant,
               gint32               day,
               gint64               health,
               double               churn,
               const char          *detail_json,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT OR REPLACE INTO csm_daily (tenant, day, health, churn,"
                                " detail_json) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int (stmt, 2, day);
  if (health >= 0)
    sqlite3_bind_int64 (stmt, 3, health);
  else
    sqlite3_bind_null (stmt, 3);
  if (!isnan (churn))
    sqlite3_bind_double (stmt, 4, churn);
  else
    sqlite3_bind_null (stmt, 4);
  _ms_sql_bind_text (stmt, 5, detail_json);
  return _ms_sql_step_done (self, stmt, error);
}

static JsonObject *
read_daily (sqlite3_stmt *stmt)
{
  JsonObject *o = json_object_new ();
  JsonObject *detail = parse_object ((const char *) sqlite3_column_text (stmt, 4));

  json_object_set_string_member (o, "tenant", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_int_member (o, "day", sqlite3_column_int (stmt, 1));
  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    json_object_set_null_member (o, "health");
  else
    json_object_set_int_member (o, "health", sqlite3_column_int64 (stmt, 2));
  if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    json_object_set_null_member (o, "churn");
  else
    json_object_set_double_member (o, "churn", sqlite3_column_double (stmt, 3));
  if (detail != NULL)
    json_object_set_object_member (o, "detail", detail);
  return o;
}

static JsonObject *
csm_get_daily (MsServerCsmStorage  *storage,
               const char          *tenant,
               gint32               day,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  JsonObject *o = NULL;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT tenant, day, health, churn, detail_json FROM csm_daily"
                                " WHERE tenant = ?1 AND day = ?2", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int (stmt, 2, day);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      o = read_daily (stmt);
      rc = SQLITE_DONE;
    }
  if (!step_rows (self, stmt, rc, error))
    {
      g_clear_pointer (&o, json_object_unref);
      return NULL;
    }
  /* Nothing that day: an empty object, not an error */
  return o != NULL ? o : json_object_new ();
}

static JsonArray *
csm_list_daily (MsServerCsmStorage  *storage,
                gint32               day,
                GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(JsonArray) out = json_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT tenant, day, health, churn, detail_json FROM csm_daily"
                                " WHERE day = ?1 ORDER BY tenant", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, day);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_object_element (out, read_daily (stmt));
  if (!step_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* The churn model: the one in force and the one before                      */

static gboolean
csm_put_model (MsServerCsmStorage  *storage,
               const char          *model_json,
               gint64               created_at,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  if (!_ms_sql_exec (self, "UPDATE csm_model SET active = 0", error))
    return FALSE;
  stmt = _ms_sql_prepare (self, "INSERT INTO csm_model (created_at, model_json, active)"
                                " VALUES (?1, ?2, 1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, created_at);
  _ms_sql_bind_text (stmt, 2, model_json);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  return _ms_sql_exec (self, "DELETE FROM csm_model WHERE id NOT IN"
                             " (SELECT id FROM csm_model ORDER BY id DESC LIMIT 2)", error);
}

static gboolean
csm_get_model (MsServerCsmStorage  *storage,
               gboolean             previous,
               char               **model_json,
               gint64              *created_at,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  int rc;

  *model_json = NULL;
  stmt = _ms_sql_prepare (self, previous
                                  ? "SELECT model_json, created_at FROM csm_model WHERE active = 0"
                                    " ORDER BY id DESC LIMIT 1"
                                  : "SELECT model_json, created_at FROM csm_model WHERE active = 1",
                          error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *model_json = _ms_sql_dup_text (stmt, 0);
      if (created_at != NULL)
        *created_at = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_DONE;
    }
  return step_rows (self, stmt, rc, error);
}

static gboolean
csm_rollback_model (MsServerCsmStorage  *storage,
                    gboolean            *rolled_back,
                    GError             **error)
{
  MsServerSqlite *self = SELF (storage);

  *rolled_back = FALSE;
  if (!_ms_sql_exec (self, "DELETE FROM csm_model WHERE active = 1 AND EXISTS"
                           " (SELECT 1 FROM csm_model WHERE active = 0)", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    return TRUE;
  *rolled_back = TRUE;
  return _ms_sql_exec (self, "UPDATE csm_model SET active = 1 WHERE id ="
                             " (SELECT max (id) FROM csm_model)", error);
}

/* ------------------------------------------------------------------------ */
/* Tasks                                                                     */

#define TASK_COLUMNS "id, tenant, playbook, owner, status, reason, day, created_at, due_at," \
                     " snoozed_until, closed_at"

static MsServerCsmTask *
read_task (sqlite3_stmt *stmt)
{
  MsServerCsmTask *t = g_new0 (MsServerCsmTask, 1);

  t->id = _ms_sql_dup_text (stmt, 0);
  t->tenant = _ms_sql_dup_text (stmt, 1);
  t->playbook = _ms_sql_dup_text (stmt, 2);
  t->owner = _ms_sql_dup_text (stmt, 3);
  t->status = _ms_sql_dup_text (stmt, 4);
  t->reason = _ms_sql_dup_text (stmt, 5);
  t->day = sqlite3_column_int (stmt, 6);
  t->created_at = sqlite3_column_int64 (stmt, 7);
  t->due_at = sqlite3_column_int64 (stmt, 8);
  t->snoozed_until = sqlite3_column_int64 (stmt, 9);
  t->closed_at = sqlite3_column_int64 (stmt, 10);
  return t;
}

static gboolean
csm_put_task (MsServerCsmStorage     *storage,
              const MsServerCsmTask  *t,
              GError                **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "INSERT OR REPLACE INTO csm_task (" TASK_COLUMNS ")"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, t->id);
  _ms_sql_bind_text (stmt, 2, t->tenant);
  _ms_sql_bind_text (stmt, 3, t->playbook);
  _ms_sql_bind_text (stmt, 4, t->owner);
  _ms_sql_bind_text (stmt, 5, t->status);
  _ms_sql_bind_text (stmt, 6, t->reason);
  sqlite3_bind_int (stmt, 7, t->day);
  sqlite3_bind_int64 (stmt, 8, t->created_at);
  sqlite3_bind_int64 (stmt, 9, t->due_at);
  sqlite3_bind_int64 (stmt, 10, t->snoozed_until);
  sqlite3_bind_int64 (stmt, 11, t->closed_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  /* A second open task for the same account and playbook */
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "an open task exists");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

/**
 * csm_find_task:
 * @id: (nullable): a task id; or else
 * @tenant, @playbook: the newest task of the account and playbook
 */
static gboolean
csm_find_task (MsServerCsmStorage  *storage,
               const char          *id,
               const char          *tenant,
               const char          *playbook,
               MsServerCsmTask    **out,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  if (id != NULL)
    {
      stmt = _ms_sql_prepare (self, "SELECT " TASK_COLUMNS " FROM csm_task WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      _ms_sql_bind_text (stmt, 1, id);
    }
  else
    {
      stmt = _ms_sql_prepare (self, "SELECT " TASK_COLUMNS " FROM csm_task"
                                    " WHERE tenant = ?1 AND playbook = ?2"
                                    " ORDER BY status IN ('open', 'snoozed') DESC, created_at DESC"
                                    " LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      _ms_sql_bind_text (stmt, 1, tenant);
      _ms_sql_bind_text (stmt, 2, playbook);
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = read_task (stmt);
      rc = SQLITE_DONE;
    }
  return step_rows (self, stmt, rc, error);
}

static GPtrArray *
csm_list_tasks (MsServerCsmStorage  *storage,
                const char          *tenant,
                gboolean             open_only,
                GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_csm_task_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT " TASK_COLUMNS " FROM csm_task"
                                " WHERE (?1 IS NULL OR tenant = ?1)"
                                " AND (?2 = 0 OR status IN ('open', 'snoozed'))"
                                " ORDER BY due_at, id", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  sqlite3_bind_int (stmt, 2, open_only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_task (stmt));
  if (!step_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                      */

/* The first caller for (name, day) claims it; a claim older than
 * @stale_before that never finished (its process died) may be taken over,
 * and with @rerun one that finished. */
static gboolean
csm_claim_job (MsServerCsmStorage  *storage,
               const char          *name,
               gint32               day,
               const char          *owner,
               gint64               now,
               gint64               stale_before,
               gboolean             rerun,
               gboolean            *claimed,
               GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  *claimed = FALSE;
  stmt = _ms_sql_prepare (self, "INSERT INTO csm_job (name, day, owner, started_at) VALUES"
                                " (?1, ?2, ?3, ?4) ON CONFLICT (name, day) DO UPDATE"
                                " SET owner = excluded.owner, started_at = excluded.started_at,"
                                "     finished_at = 0"
                                " WHERE (finished_at = 0 AND started_at < ?5)"
                                "    OR (?6 AND finished_at > 0)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, name);
  sqlite3_bind_int (stmt, 2, day);
  _ms_sql_bind_text (stmt, 3, owner);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, stale_before);
  sqlite3_bind_int (stmt, 6, rerun);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  *claimed = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
csm_finish_job (MsServerCsmStorage  *storage,
                const char          *name,
                gint32               day,
                gint64               now,
                const char          *summary_json,
                GError             **error)
{
  MsServerSqlite *self = SELF (storage);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "UPDATE csm_job SET finished_at = ?3, summary_json = ?4"
                                " WHERE name = ?1 AND day = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, name);
  sqlite3_bind_int (stmt, 2, day);
  sqlite3_bind_int64 (stmt, 3, now);
  _ms_sql_bind_text (stmt, 4, summary_json);
  return _ms_sql_step_done (self, stmt, error);
}

void
_ms_server_sqlite_csm_init (MsServerCsmStorageInterface *iface)
{
  iface->get_staff = csm_get_staff;
  iface->set_staff = csm_set_staff;
  iface->list_staff = csm_list_staff;
  iface->add_activity = csm_add_activity;
  iface->sync_accounts = csm_sync_accounts;
  iface->put_account = csm_put_account;
  iface->get_account = csm_get_account;
  iface->list_accounts = csm_list_accounts;
  iface->set_owner = csm_set_owner;
  iface->load_history = csm_load_history;
  iface->put_event = csm_put_event;
  iface->get_event = csm_get_event;
  iface->list_events = csm_list_events;
  iface->put_daily = csm_put_daily;
  iface->get_daily = csm_get_daily;
  iface->list_daily = csm_list_daily;
  iface->put_model = csm_put_model;
  iface->get_model = csm_get_model;
  iface->rollback_model = csm_rollback_model;
  iface->put_task = csm_put_task;
  iface->find_task = csm_find_task;
  iface->list_tasks = csm_list_tasks;
  iface->claim_job = csm_claim_job;
  iface->finish_job = csm_finish_job;
}
