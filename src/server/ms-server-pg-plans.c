/* ms-server-pg-plans.c — MsServerStorage on PostgreSQL: what plans and billing ask of the database
 *
 * Tables of schema step 4 (ms-server-pg.c): subscription, trial_use,
 * invoice, payment; settings live in meta as "setting.<name>".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <libpq-fe.h>

#include "ms-server-pg-private.h"

/* Ids compare bytewise (COLLATE "C"), as SQLite's and strcmp() do. */
static gboolean
pg_get_nth_newest_row (MsServerStorage  *storage,
                       const char       *tenant,
                       const char       *entity,
                       gint64            n,
                       gboolean         *found,
                       gint64           *created_at,
                       char            **id,
                       GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *found = FALSE;
  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, entity);
  _ms_pg_arg_int (&args, n - 1);
  res = _ms_pg_query (c, "SELECT created_at, id FROM sync_row"
                         " WHERE tenant = $1 AND entity = $2 AND deleted_at IS NULL"
                         " ORDER BY created_at DESC, id COLLATE \"C\" DESC LIMIT 1 OFFSET $3",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      *found = TRUE;
      *created_at = _ms_pg_int (res, 0, 0);
      *id = _ms_pg_dup (res, 0, 1);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Subscriptions                                                             */

static gboolean
pg_get_subscription (MsServerStorage       *storage,
                     const char            *tenant,
                     MsServerSubscription **out,
                     GError               **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT tenant, state_json, cancel_at_period_end, plan_next, cycle_next,"
                         " extra_owners_next, provider, company_name, created_at, updated_at"
                         " FROM subscription WHERE tenant = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      MsServerSubscription *s = g_new0 (MsServerSubscription, 1);

      s->tenant = _ms_pg_dup (res, 0, 0);
      s->state_json = _ms_pg_dup (res, 0, 1);
      s->cancel_at_period_end = g_str_equal (PQgetvalue (res, 0, 2), "t");
      s->plan_next = _ms_pg_dup (res, 0, 3);
      s->cycle_next = _ms_pg_dup (res, 0, 4);
      s->extra_owners_next = PQgetisnull (res, 0, 5) ? -1 : _ms_pg_int (res, 0, 5);
      s->provider = _ms_pg_dup (res, 0, 6);
      s->company_name = _ms_pg_dup (res, 0, 7);
      s->created_at = _ms_pg_int (res, 0, 8);
      s->updated_at = _ms_pg_int (res, 0, 9);
      *out = s;
    }
  return TRUE;
}

static gboolean
pg_put_subscription (MsServerStorage             *storage,
                     const MsServerSubscription  *s,
                     GError                     **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, s->tenant);
  _ms_pg_arg_text (&args, s->state_json);
  _ms_pg_arg_bool (&args, s->cancel_at_period_end);
  _ms_pg_arg_text (&args, s->plan_next);
  _ms_pg_arg_text (&args, s->cycle_next);
  if (s->extra_owners_next < 0)
    _ms_pg_arg_text (&args, NULL);
  else
    _ms_pg_arg_int (&args, s->extra_owners_next);
  _ms_pg_arg_text (&args, s->provider);
  _ms_pg_arg_text (&args, s->company_name);
  _ms_pg_arg_int (&args, s->created_at);
  _ms_pg_arg_int (&args, s->updated_at);
  return _ms_pg_exec (c, "INSERT INTO subscription (tenant, state_json, cancel_at_period_end,"
                         " plan_next, cycle_next, extra_owners_next, provider, company_name,"
                         " created_at, updated_at)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                         " ON CONFLICT (tenant) DO UPDATE SET state_json = $2,"
                         " cancel_at_period_end = $3, plan_next = $4, cycle_next = $5,"
                         " extra_owners_next = $6, provider = $7, company_name = $8,"
                         " updated_at = $10", &args, NULL, error);
}

static GStrv
pg_list_subscriptions (MsServerStorage  *storage,
                       GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  res = _ms_pg_query (c, "SELECT tenant FROM subscription ORDER BY tenant COLLATE \"C\"",
                      &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_strv_builder_add (builder, PQgetvalue (res, i, 0));
  return g_strv_builder_end (builder);
}

static gboolean
pg_use_trial (MsServerStorage  *storage,
              const char       *user_id,
              const char       *tenant,
              gint64            now,
              gboolean         *granted,
              GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, user_id);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, now);
  if (!_ms_pg_exec (c, "INSERT INTO trial_use (user_id, tenant, started_at) VALUES ($1, $2, $3)"
                       " ON CONFLICT (user_id) DO NOTHING", &args, &n, error))
    return FALSE;
  *granted = n == 1;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Invoices                                                                  */

static gboolean
pg_next_invoice_sequence (MsServerStorage  *storage,
                          gint64           *sequence,
                          GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  res = _ms_pg_query (c, "INSERT INTO meta (key, value) VALUES ('invoice.sequence', '1')"
                         " ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text"
                         " RETURNING value::bigint", &args, error);
  if (res == NULL)
    return FALSE;
  *sequence = _ms_pg_int (res, 0, 0);
  return TRUE;
}

static gboolean
pg_add_invoice (MsServerStorage        *storage,
                const MsServerInvoice  *invoice,
                GError                **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, invoice->number);
  _ms_pg_arg_text (&args, invoice->tenant);
  _ms_pg_arg_int (&args, invoice->issued_at);
  _ms_pg_arg_int (&args, invoice->due_at);
  _ms_pg_arg_int (&args, invoice->total);
  _ms_pg_arg_text (&args, invoice->corrects);
  _ms_pg_arg_text (&args, invoice->document_json);
  return _ms_pg_exec (c, "INSERT INTO invoice (number, tenant, issued_at, due_at, total,"
                         " corrects, document_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      &args, NULL, error);
}

#define INVOICE_SELECT \
  "SELECT number, tenant, issued_at, due_at, total, corrects, document_json," \
  " (SELECT coalesce (sum (amount), 0) FROM payment WHERE payment.invoice = invoice.number)" \
  " FROM invoice"

static MsServerInvoice *
invoice_from_row (PGresult *res,
                  int       row)
{
  MsServerInvoice *invoice = g_new0 (MsServerInvoice, 1);

  invoice->number = _ms_pg_dup (res, row, 0);
  invoice->tenant = _ms_pg_dup (res, row, 1);
  invoice->issued_at = _ms_pg_int (res, row, 2);
  invoice->due_at = _ms_pg_int (res, row, 3);
  invoice->total = _ms_pg_int (res, row, 4);
  invoice->corrects = _ms_pg_dup (res, row, 5);
  invoice->document_json = _ms_pg_dup (res, row, 6);
  invoice->paid = _ms_pg_int (res, row, 7);
  return invoice;
}

static GPtrArray *
pg_list_invoices (MsServerStorage  *storage,
                  const char       *tenant,
                  GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) invoices =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_invoice_free);
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, INVOICE_SELECT " WHERE tenant = $1"
                         " ORDER BY issued_at DESC, number COLLATE \"C\" DESC", &args, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (invoices, invoice_from_row (res, i));
  return g_steal_pointer (&invoices);
}

static gboolean
pg_get_invoice (MsServerStorage   *storage,
                const char        *number,
                MsServerInvoice  **out,
                GError           **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, number);
  res = _ms_pg_query (c, INVOICE_SELECT " WHERE number = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    *out = invoice_from_row (res, 0);
  return TRUE;
}

static gboolean
pg_add_payment (MsServerStorage  *storage,
                const char       *number,
                gint64            amount,
                gint64            received_at,
                gint64            now,
                GError          **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  g_assert (c->in_transaction);
  _ms_pg_arg_text (&args, number);
  _ms_pg_arg_int (&args, amount);
  _ms_pg_arg_int (&args, received_at);
  _ms_pg_arg_int (&args, now);
  return _ms_pg_exec (c, "INSERT INTO payment (invoice, amount, received_at, recorded_at)"
                         " VALUES ($1, $2, $3, $4)", &args, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Settings (meta "setting.<name>")                                          */

static gboolean
pg_get_setting (MsServerStorage  *storage,
                const char       *name,
                char            **value,
                GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  g_autofree char *key = g_strconcat ("setting.", name, NULL);
  MsPgArgs args = { 0 };

  *value = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, key);
  res = _ms_pg_query (c, "SELECT value FROM meta WHERE key = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    *value = _ms_pg_dup (res, 0, 0);
  return TRUE;
}

static gboolean
pg_set_setting (MsServerStorage  *storage,
                const char       *name,
                const char       *value,
                GError          **error)
{
  MsPgConn *c = GET_CONN ();
  g_autofree char *key = g_strconcat ("setting.", name, NULL);
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, key);
  _ms_pg_arg_text (&args, value);
  return _ms_pg_exec (c, "INSERT INTO meta (key, value) VALUES ($1, $2)"
                         " ON CONFLICT (key) DO UPDATE SET value = $2", &args, NULL, error);
}

void
_ms_server_pg_plans_init (MsServerStorageInterface *iface)
{
  iface->get_nth_newest_row = pg_get_nth_newest_row;
  iface->get_subscription = pg_get_subscription;
  iface->put_subscription = pg_put_subscription;
  iface->list_subscriptions = pg_list_subscriptions;
  iface->use_trial = pg_use_trial;
  iface->next_invoice_sequence = pg_next_invoice_sequence;
  iface->add_invoice = pg_add_invoice;
  iface->list_invoices = pg_list_invoices;
  iface->get_invoice = pg_get_invoice;
  iface->add_payment = pg_add_payment;
  iface->get_setting = pg_get_setting;
  iface->set_setting = pg_set_setting;
}
