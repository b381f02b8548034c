/* ms-staff-repository.c — what a CSM last fetched of the staff routes
 *
 * The Accounts section works from a copy of the staff routes' answers
 * (GET /v1/staff/accounts, /v1/staff/tasks, /v1/staff/accounts/{id}), kept
 * per staff account in tables staff_portfolio, staff_account and
 * staff_account_detail (migration 9), so it opens offline from the last
 * fetch and says when that was. It is not a synced entity: nobody edits
 * it here; the server computes it daily and each fetch replaces it whole.
 * The portfolio's columns are typed so that 10,000 accounts load without
 * parsing JSON; the rest (tasks, the model's card, an account's page) is
 * kept as the server sent it and read with the lenient getters of
 * ms-json-guard.h, since it came from a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-staff-repository.h"
#include "ms-store-private.h"

struct _MsStaffRepository
{
  GObject  parent_instance;
  MsStore *store;
};

G_DEFINE_FINAL_TYPE (MsStaffRepository, ms_staff_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_store_changed_cb (MsStore           *store,
                     const char        *table,
                     MsStaffRepository *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ms_staff_repository_dispose (GObject *object)
{
  MsStaffRepository *self = (MsStaffRepository *) object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ms_staff_repository_parent_class)->dispose (object);
}

static void
ms_staff_repository_class_init (MsStaffRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ms_staff_repository_dispose;

  /**
   * MsStaffRepository::changed:
   *
   * A fetch replaced the portfolio or an account's page.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_staff_repository_init (MsStaffRepository *self)
{
}

MsStaffRepository *
ms_staff_repository_new (MsStore *store)
{
  MsStaffRepository *self;

  g_return_val_if_fail (MS_IS_STORE (store), NULL);

  self = g_object_new (MS_TYPE_STAFF_REPOSITORY, NULL);
  self->store = g_object_ref (store);
  g_signal_connect (store, "changed::staff_portfolio", G_CALLBACK (on_store_changed_cb), self);
  g_signal_connect (store, "changed::staff_account_detail", G_CALLBACK (on_store_changed_cb),
                    self);
  return self;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

static const char *
owner_of (MsStaffRepository *self)
{
  return ms_store_get_tenant (self->store);
}

static char *
dup_portfolio_text (MsStaffRepository *self,
                    const char        *column,
                    gint64            *fetched_at)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s, fetched_at FROM staff_portfolio"
                                          " WHERE owner = ?1", column);
  sqlite3_stmt *stmt = _ms_store_prepare (self->store, sql, NULL);
  char *text = NULL;

  if (fetched_at != NULL)
    *fetched_at = 0;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, owner_of (self), -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (fetched_at != NULL)
        *fetched_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return text;
}

/**
 * ms_staff_repository_get_fetched_at:
 *
 * Returns: when this device last fetched the portfolio (µs since the
 *   epoch), or 0 when it never did for the signed-in staff account
 */
gint64
ms_staff_repository_get_fetched_at (MsStaffRepository *self)
{
  gint64 fetched_at = 0;
  g_autofree char *scope = NULL;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), 0);

  scope = dup_portfolio_text (self, "scope", &fetched_at);
  return fetched_at;
}

/**
 * ms_staff_repository_dup_scope:
 *
 * Returns: (nullable): "all" (a lead or admin) or "portfolio" (a CSM's own)
 */
char *
ms_staff_repository_dup_scope (MsStaffRepository *self)
{
  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);
  return dup_portfolio_text (self, "scope", NULL);
}

static JsonNode *
parse_column (MsStaffRepository *self,
              const char        *column)
{
  g_autofree char *text = dup_portfolio_text (self, column, NULL);

  return text != NULL ? _ms_store_parse_row_json (text, NULL) : NULL;
}

/**
 * ms_staff_repository_dup_about:
 *
 * Returns: (transfer full) (nullable): what the figures rest on (the churn
 *   model's validation, the health score's source), as the server said
 */
JsonObject *
ms_staff_repository_dup_about (MsStaffRepository *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);

  node = parse_column (self, "about_json");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/**
 * ms_staff_repository_dup_tasks:
 *
 * Returns: (transfer full) (nullable): the tasks of the last fetch, each
 *   as GET /v1/staff/tasks gave it
 */
JsonArray *
ms_staff_repository_dup_tasks (MsStaffRepository *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);

  node = parse_column (self, "tasks_json");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_array_ref (json_node_get_array (node));
}

#define ACCOUNT_COLUMNS "account, name, kind, plan, people, csm, health, band, churn," \
                        " change_7d, change_30d, factor_ja, factor_en, cancelled"

static int
column_int (sqlite3_stmt *stmt,
            int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? MS_STAFF_NONE
                                                          : sqlite3_column_int (stmt, column);
}

static MsStaffAccount *
account_from_row (sqlite3_stmt *stmt)
{
  MsStaffAccountData data = {
    .account = (const char *) sqlite3_column_text (stmt, 0),
    .name = (const char *) sqlite3_column_text (stmt, 1),
    .kind = (const char *) sqlite3_column_text (stmt, 2),
    .plan = (const char *) sqlite3_column_text (stmt, 3),
    .people = sqlite3_column_int (stmt, 4),
    .owner = (const char *) sqlite3_column_text (stmt, 5),
    .health = column_int (stmt, 6),
    .band = (const char *) sqlite3_column_text (stmt, 7),
    .churn = column_int (stmt, 8),
    .change_7d = column_int (stmt, 9),
    .change_30d = column_int (stmt, 10),
    .factor_ja = (const char *) sqlite3_column_text (stmt, 11),
    .factor_en = (const char *) sqlite3_column_text (stmt, 12),
    .cancelled = sqlite3_column_int (stmt, 13) != 0,
  };

  return ms_staff_account_new (&data);
}

/**
 * ms_staff_repository_dup_accounts:
 *
 * Returns: (transfer full): a list of #MsStaffAccount, the portfolio of
 *   the last fetch by name; empty when there was none
 */
GListModel *
ms_staff_repository_dup_accounts (MsStaffRepository *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListStore *list = g_list_store_new (MS_TYPE_STAFF_ACCOUNT);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);

  stmt = _ms_store_prepare (self->store, "SELECT " ACCOUNT_COLUMNS " FROM staff_account"
                                         " WHERE owner = ?1 ORDER BY name, account", NULL);
  if (stmt == NULL)
    return G_LIST_MODEL (list);
  sqlite3_bind_text (stmt, 1, owner_of (self), -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (items, account_from_row (stmt));
  sqlite3_reset (stmt);
  /* One splice: one items-changed for the whole list */
  g_list_store_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (list);
}

/**
 * ms_staff_repository_dup_account:
 *
 * Returns: (transfer full) (nullable): @account as the last fetch listed it
 */
MsStaffAccount *
ms_staff_repository_dup_account (MsStaffRepository *self,
                                 const char        *account)
{
  sqlite3_stmt *stmt;
  MsStaffAccount *item = NULL;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  stmt = _ms_store_prepare (self->store, "SELECT " ACCOUNT_COLUMNS " FROM staff_account"
                                         " WHERE owner = ?1 AND account = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, owner_of (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    item = account_from_row (stmt);
  sqlite3_reset (stmt);
  return item;
}

/**
 * ms_staff_repository_dup_detail:
 * @fetched_at: (out) (optional): when this device fetched it
 *
 * Returns: (transfer full) (nullable): GET /v1/staff/accounts/{account}
 *   as it was last fetched
 */
JsonObject *
ms_staff_repository_dup_detail (MsStaffRepository *self,
                                const char        *account,
                                gint64            *fetched_at)
{
  sqlite3_stmt *stmt;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (MS_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  if (fetched_at != NULL)
    *fetched_at = 0;
  stmt = _ms_store_prepare (self->store, "SELECT detail_json, fetched_at FROM"
                                         " staff_account_detail WHERE owner = ?1"
                                         " AND account = ?2", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, owner_of (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      node = _ms_store_parse_row_json ((const char *) sqlite3_column_text (stmt, 0), NULL);
      if (fetched_at != NULL)
        *fetched_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* ------------------------------------------------------------------------ */
/* Writing (the sync client's answers)                                      */

static char *
to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           column,
                  JsonObject   *o,
                  const char   *name)
{
  gint64 value = o != NULL ? ms_json_object_get_int (o, name, G_MININT64) : G_MININT64;

  if (value == G_MININT64 || value < G_MININT32 || value > G_MAXINT32)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_int64 (stmt, column, value);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           column,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
put_account (MsStore     *store,
             JsonObject  *a,
             GError     **error)
{
  sqlite3_stmt *stmt;
  const char *account = ms_json_object_get_string (a, "account", NULL);
  JsonObject *trend = ms_json_object_get_object (a, "trend");
  JsonObject *factor = ms_json_object_get_object (a, "top_factor");
  JsonObject *sentence = factor != NULL ? ms_json_object_get_object (factor, "sentence") : NULL;

  if (account == NULL || *account == '\0')
    return TRUE;  /* not a row anyone could open: left out */
  stmt = _ms_store_prepare (store, "INSERT OR REPLACE INTO staff_account (owner, " ACCOUNT_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                   " ?12, ?13, ?14, ?15)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ms_json_object_get_string (a, "name", account), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, ms_json_object_get_string (a, "kind", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, ms_json_object_get_string (a, "plan", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, CLAMP (ms_json_object_get_int (a, "people", 0), 0, G_MAXINT32));
  bind_text_or_null (stmt, 7, ms_json_object_get_string (a, "owner", NULL));
  bind_int_or_null (stmt, 8, a, "health");
  sqlite3_bind_text (stmt, 9, ms_json_object_get_string (a, "band", "none"), -1,
                     SQLITE_TRANSIENT);
  bind_int_or_null (stmt, 10, a, "churn_score");
  bind_int_or_null (stmt, 11, trend, "health_change_7d");
  bind_int_or_null (stmt, 12, trend, "health_change_30d");
  bind_text_or_null (stmt, 13, sentence != NULL ? ms_json_object_get_string (sentence, "ja", NULL)
                                                : NULL);
  bind_text_or_null (stmt, 14, sentence != NULL ? ms_json_object_get_string (sentence, "en", NULL)
                                                : NULL);
  sqlite3_bind_int (stmt, 15, ms_json_object_get_boolean (a, "cancelled", FALSE));
  return _ms_store_step_done (store, stmt, error);
}

static gboolean
delete_owner_rows (MsStore     *store,
                   const char  *table,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE owner = ?1", table);
  sqlite3_stmt *stmt = _ms_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  return _ms_store_step_done (store, stmt, error);
}

static gboolean
put_portfolio_row (MsStore     *store,
                   JsonObject  *accounts,
                   JsonArray   *tasks,
                   GError     **error)
{
  JsonObject *about = ms_json_object_get_object (accounts, "about");
  g_autoptr(JsonNode) about_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) tasks_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *about_text = NULL;
  g_autofree char *tasks_text = NULL;
  sqlite3_stmt *stmt;

  if (about != NULL)
    json_node_set_object (about_node, about);
  else
    json_node_take_object (about_node, json_object_new ());
  json_node_set_array (tasks_node, tasks);
  about_text = to_text (about_node);
  tasks_text = to_text (tasks_node);
  stmt = _ms_store_prepare (store, "INSERT OR REPLACE INTO staff_portfolio (owner, day, scope,"
                                   " about_json, tasks_json, fetched_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, ms_json_object_get_int (accounts, "day", 0));
  sqlite3_bind_text (stmt, 3, ms_json_object_get_string (accounts, "scope", "portfolio"), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, about_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tasks_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, ms_store_get_now (store));
  return _ms_store_step_done (store, stmt, error);
}

static gboolean
answer_unreadable (GError **error)
{
  g_set_error_literal (error, MS_STORE_ERROR, MS_STORE_ERROR_INVALID,
                       _("The server’s list of accounts cannot be read. Try again later or "
                         "update MsgScore."));
  return FALSE;
}

/**
 * ms_store_put_staff_portfolio:
 * @accounts: GET /v1/staff/accounts's answer
 * @tasks: GET /v1/staff/tasks's answer
 *
 * Replaces the signed-in staff account's portfolio and tasks in one
 * transaction (for the sync client).
 */
gboolean
ms_store_put_staff_portfolio (MsStore     *store,
                              JsonObject  *accounts,
                              JsonObject  *tasks,
                              GError     **error)
{
  JsonArray *list;
  JsonArray *task_list;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (accounts != NULL && tasks != NULL, FALSE);

  list = ms_json_object_get_array (accounts, "accounts");
  task_list = ms_json_object_get_array (tasks, "tasks");
  if (list == NULL || task_list == NULL)
    return answer_unreadable (error);
  if (!_ms_store_begin (store, error))
    return FALSE;
  if (!delete_owner_rows (store, "staff_account", error))
    goto fail;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (node) && !put_account (store, json_node_get_object (node), error))
        goto fail;
    }
  if (!put_portfolio_row (store, accounts, task_list, error))
    goto fail;
  _ms_store_mark_changed (store, "staff_portfolio");
  return _ms_store_commit (store, error);

fail:
  _ms_store_rollback (store);
  return FALSE;
}

/**
 * ms_store_put_staff_detail:
 * @detail: GET /v1/staff/accounts/{account}'s answer
 *
 * Keeps the page of @account for the signed-in staff account.
 */
gboolean
ms_store_put_staff_detail (MsStore     *store,
                           const char  *account,
                           JsonObject  *detail,
                           GError     **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MS_IS_STORE (store), FALSE);
  g_return_val_if_fail (account != NULL && detail != NULL, FALSE);

  json_node_set_object (node, detail);
  text = to_text (node);
  if (!_ms_store_begin (store, error))
    return FALSE;
  stmt = _ms_store_prepare (store, "INSERT OR REPLACE INTO staff_account_detail (owner, account,"
                                   " detail_json, fetched_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, ms_store_get_tenant (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, ms_store_get_now (store));
  if (!_ms_store_step_done (store, stmt, error))
    {
      _ms_store_rollback (store);
      return FALSE;
    }
  _ms_store_mark_changed (store, "staff_account_detail");
  return _ms_store_commit (store, error);
}
