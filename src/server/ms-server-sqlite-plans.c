/* ms-server-sqlite-plans.c — MsServerStorage on SQLite: what plans and billing ask of the database
 *
 * Tables of schema step 4 (ms-server-sqlite.c): subscription, trial_use,
 * invoice, payment; settings live in meta as "setting.<name>".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-sqlite-private.h"

/* The index sync_row_by_created (tenant, entity, created_at) serves it. */
static gboolean
sqlite_get_nth_newest_row (MsServerStorage  *storage,
                           const char       *tenant,
                           const char       *entity,
                           gint64            n,
                           gboolean         *found,
                           gint64           *created_at,
                           char            **id,
                           GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  *found = FALSE;
  stmt = _ms_sql_prepare (self, "SELECT created_at, id FROM sync_row"
                                " WHERE tenant = ?1 AND entity = ?2 AND deleted_at IS NULL"
                                " ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?3", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  _ms_sql_bind_text (stmt, 2, entity);
  sqlite3_bind_int64 (stmt, 3, n - 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *created_at = sqlite3_column_int64 (stmt, 0);
      *id = _ms_sql_dup_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Subscriptions                                                             */

#define SUBSCRIPTION_COLUMNS \
  "tenant, state_json, cancel_at_period_end, plan_next, cycle_next, extra_owners_next," \
  " provider, company_name, created_at, updated_at"

static gboolean
sqlite_get_subscription (MsServerStorage       *storage,
                         const char            *tenant,
                         MsServerSubscription **out,
                         GError               **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = _ms_sql_prepare (self, "SELECT " SUBSCRIPTION_COLUMNS " FROM subscription"
                                " WHERE tenant = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, tenant);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      MsServerSubscription *s = g_new0 (MsServerSubscription, 1);

      s->tenant = _ms_sql_dup_text (stmt, 0);
      s->state_json = _ms_sql_dup_text (stmt, 1);
      s->cancel_at_period_end = sqlite3_column_int (stmt, 2) != 0;
      s->plan_next = _ms_sql_dup_text (stmt, 3);
      s->cycle_next = _ms_sql_dup_text (stmt, 4);
      s->extra_owners_next = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                             ? -1 : sqlite3_column_int64 (stmt, 5);
      s->provider = _ms_sql_dup_text (stmt, 6);
      s->company_name = _ms_sql_dup_text (stmt, 7);
      s->created_at = sqlite3_column_int64 (stmt, 8);
      s->updated_at = sqlite3_column_int64 (stmt, 9);
      *out = s;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_put_subscription (MsServerStorage             *storage,
                         const MsServerSubscription  *s,
                         GError                     **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO subscription (" SUBSCRIPTION_COLUMNS ")"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                                " ON CONFLICT (tenant) DO UPDATE SET state_json = ?2,"
                                " cancel_at_period_end = ?3, plan_next = ?4, cycle_next = ?5,"
                                " extra_owners_next = ?6, provider = ?7, company_name = ?8,"
                                " updated_at = ?10", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, s->tenant);
  _ms_sql_bind_text (stmt, 2, s->state_json);
  sqlite3_bind_int (stmt, 3, s->cancel_at_period_end ? 1 : 0);
  _ms_sql_bind_text (stmt, 4, s->plan_next);
  _ms_sql_bind_text (stmt, 5, s->cycle_next);
  if (s->extra_owners_next < 0)
    sqlite3_bind_null (stmt, 6);
  else
    sqlite3_bind_int64 (stmt, 6, s->extra_owners_next);
  _ms_sql_bind_text (stmt, 7, s->provider);
  _ms_sql_bind_text (stmt, 8, s->company_name);
  sqlite3_bind_int64 (stmt, 9, s->created_at);
  sqlite3_bind_int64 (stmt, 10, s->updated_at);
  return _ms_sql_step_done (self, stmt, error);
}

static GStrv
sqlite_list_subscriptions (MsServerStorage  *storage,
                           GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, "SELECT tenant FROM subscription ORDER BY tenant", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_strv_builder_end (builder);
}

/* The first trial of @user_id is the only one. */
static gboolean
sqlite_use_trial (MsServerStorage  *storage,
                  const char       *user_id,
                  const char       *tenant,
                  gint64            now,
                  gboolean         *granted,
                  GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO trial_use (user_id, tenant, started_at)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, user_id);
  _ms_sql_bind_text (stmt, 2, tenant);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!_ms_sql_step_done (self, stmt, error))
    return FALSE;
  *granted = sqlite3_changes (self->db) == 1;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Invoices                                                                  */

static gboolean
sqlite_next_invoice_sequence (MsServerStorage  *storage,
                              gint64           *sequence,
                              GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO meta (key, value) VALUES ('invoice.sequence', '1')"
                                " ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1"
                                " RETURNING CAST (value AS INTEGER)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *sequence = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_add_invoice (MsServerStorage        *storage,
                    const MsServerInvoice  *invoice,
                    GError                **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO invoice (number, tenant, issued_at, due_at, total,"
                                " corrects, document_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                          error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, invoice->number);
  _ms_sql_bind_text (stmt, 2, invoice->tenant);
  sqlite3_bind_int64 (stmt, 3, invoice->issued_at);
  sqlite3_bind_int64 (stmt, 4, invoice->due_at);
  sqlite3_bind_int64 (stmt, 5, invoice->total);
  _ms_sql_bind_text (stmt, 6, invoice->corrects);
  _ms_sql_bind_text (stmt, 7, invoice->document_json);
  return _ms_sql_step_done (self, stmt, error);
}

#define INVOICE_SELECT \
  "SELECT number, tenant, issued_at, due_at, total, corrects, document_json," \
  " (SELECT coalesce (sum (amount), 0) FROM payment WHERE payment.invoice = invoice.number)" \
  " FROM invoice"

static MsServerInvoice *
invoice_from_stmt (sqlite3_stmt *stmt)
{
  MsServerInvoice *invoice = g_new0 (MsServerInvoice, 1);

  invoice->number = _ms_sql_dup_text (stmt, 0);
  invoice->tenant = _ms_sql_dup_text (stmt, 1);
  invoice->issued_at = sqlite3_column_int64 (stmt, 2);
  invoice->due_at = sqlite3_column_int64 (stmt, 3);
  invoice->total = sqlite3_column_int64 (stmt, 4);
  invoice->corrects = _ms_sql_dup_text (stmt, 5);
  invoice->document_json = _ms_sql_dup_text (stmt, 6);
  invoice->paid = sqlite3_column_int64 (stmt, 7);
  return invoice;
}

static GPtrArray *
sqlite_list_invoices (MsServerStorage  *storage,
                      const char       *tenant,
                      GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autoptr(GPtrArray) invoices =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_invoice_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ms_sql_prepare (self, INVOICE_SELECT " WHERE tenant = ?1"
                                " ORDER BY issued_at DESC, number DESC", error);
  if (stmt == NULL)
    return NULL;
  _ms_sql_bind_text (stmt, 1, tenant);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (invoices, invoice_from_stmt (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error), NULL;
  return g_steal_pointer (&invoices);
}

static gboolean
sqlite_get_invoice (MsServerStorage   *storage,
                    const char        *number,
                    MsServerInvoice  **out,
                    GError           **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;
  int rc;

  *out = NULL;
  stmt = _ms_sql_prepare (self, INVOICE_SELECT " WHERE number = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = invoice_from_stmt (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_add_payment (MsServerStorage  *storage,
                    const char       *number,
                    gint64            amount,
                    gint64            received_at,
                    gint64            now,
                    GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  sqlite3_stmt *stmt;

  g_assert (self->in_transaction);
  stmt = _ms_sql_prepare (self, "INSERT INTO payment (invoice, amount, received_at, recorded_at)"
                                " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, number);
  sqlite3_bind_int64 (stmt, 2, amount);
  sqlite3_bind_int64 (stmt, 3, received_at);
  sqlite3_bind_int64 (stmt, 4, now);
  return _ms_sql_step_done (self, stmt, error);
}

/* ------------------------------------------------------------------------ */
/* Settings (meta "setting.<name>")                                          */

static gboolean
sqlite_get_setting (MsServerStorage  *storage,
                    const char       *name,
                    char            **value,
                    GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autofree char *key = g_strconcat ("setting.", name, NULL);
  sqlite3_stmt *stmt;
  int rc;

  *value = NULL;
  stmt = _ms_sql_prepare (self, "SELECT value FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = _ms_sql_dup_text (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ms_sql_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_set_setting (MsServerStorage  *storage,
                    const char       *name,
                    const char       *value,
                    GError          **error)
{
  MsServerSqlite *self = MS_SERVER_SQLITE (storage);
  g_autofree char *key = g_strconcat ("setting.", name, NULL);
  sqlite3_stmt *stmt;

  stmt = _ms_sql_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = ?2", error);
  if (stmt == NULL)
    return FALSE;
  _ms_sql_bind_text (stmt, 1, key);
  _ms_sql_bind_text (stmt, 2, value);
  return _ms_sql_step_done (self, stmt, error);
}

void
_ms_server_sqlite_plans_init (MsServerStorageInterface *iface)
{
  iface->get_nth_newest_row = sqlite_get_nth_newest_row;
  iface->get_subscription = sqlite_get_subscription;
  iface->put_subscription = sqlite_put_subscription;
  iface->list_subscriptions = sqlite_list_subscriptions;
  iface->use_trial = sqlite_use_trial;
  iface->next_invoice_sequence = sqlite_next_invoice_sequence;
  iface->add_invoice = sqlite_add_invoice;
  iface->list_invoices = sqlite_list_invoices;
  iface->get_invoice = sqlite_get_invoice;
  iface->add_payment = sqlite_add_payment;
  iface->get_setting = sqlite_get_setting;
  iface->set_setting = sqlite_set_setting;
}
