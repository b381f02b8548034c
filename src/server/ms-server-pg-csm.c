/* ms-server-pg-csm.c — customer success on PostgreSQL (MsServerCsmStorage)
 *
 * The tables of ms-server-sqlite-csm.c (migration step 5 of ms-server-pg.c),
 * the same queries in PostgreSQL's words. Several processes share them: the
 * daily job's claim is one INSERT … ON CONFLICT, so of two processes claiming
 * a day at once one gets it; the unique index on open tasks holds across
 * processes too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-json-guard.h"
#include "ms-server-csm-storage.h"
#include "ms-server-pg-private.h"

#undef GET_CONN
#define GET_CONN() _ms_pg_get_conn (MS_SERVER_PG (storage), error)

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

static gboolean
pg_get_staff (MsServerCsmStorage  *storage,
              const char          *user_id,
              char               **role,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *role = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, user_id);
  res = _ms_pg_query (c, "SELECT role FROM staff WHERE user_id = $1", &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *role = _ms_pg_dup (res, 0, 0);
  return TRUE;
}

static gboolean
pg_set_staff (MsServerCsmStorage  *storage,
              const char          *user_id,
              const char          *role,
              gint64               now,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs a1 = { 0 }, a2 = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&a1, user_id);
  _ms_pg_arg_text (&a1, role);
  _ms_pg_arg_int (&a1, now);
  _ms_pg_arg_text (&a2, user_id);
  return _ms_pg_exec (c, "INSERT INTO staff (user_id, role, created_at) VALUES ($1, $2, $3)"
                         " ON CONFLICT (user_id) DO UPDATE SET role = excluded.role", &a1, NULL,
                      error) &&
         _ms_pg_exec (c, "DELETE FROM csm_account WHERE tenant = 'user:' || $1::text", &a2, NULL,
                      error);
}

static JsonArray *
pg_list_staff (MsServerCsmStorage  *storage,
               GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  JsonArray *out;

  if (c == NULL)
    return NULL;
  res = _ms_pg_query (c, "SELECT s.user_id, s.role, u.name FROM staff s"
                         " JOIN user_account u ON u.id = s.user_id ORDER BY u.name", NULL, error);
  if (res == NULL)
    return NULL;
  out = json_array_new ();
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", PQgetvalue (res, i, 0));
      json_object_set_string_member (o, "role", PQgetvalue (res, i, 1));
      json_object_set_string_member (o, "name", PQgetvalue (res, i, 2));
      json_array_add_object_element (out, o);
    }
  return out;
}

/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */

static gboolean
pg_add_activity (MsServerCsmStorage  *storage,
                 const char          *tenant,
                 const char          *user_id,
                 gint32               day,
                 const char          *kind,
                 gint64               count,
                 GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, user_id);
  _ms_pg_arg_int (&args, day);
  _ms_pg_arg_text (&args, kind);
  _ms_pg_arg_int (&args, count);
  return _ms_pg_exec (c, "INSERT INTO csm_activity (tenant, user_id, day, kind, count)"
                         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, day, user_id, kind)"
                         " DO UPDATE SET count = csm_activity.count + excluded.count", &args,
                      NULL, error);
}

static gboolean
pg_sync_accounts (MsServerCsmStorage  *storage,
                  GError             **error)
{
  MsPgConn *c = GET_CONN ();

  if (c == NULL)
    return FALSE;
  return _ms_pg_exec (c,
    "INSERT INTO csm_account (tenant, kind, name, plan, domain, created_at, n_people, same_domain)"
    " SELECT 'user:' || u.id, 'personal', u.name, u.plan, split_part (u.email, '@', 2),"
    "        u.created_at, 1, 1"
    " FROM user_account u WHERE u.id NOT IN (SELECT user_id FROM staff)"
    " ON CONFLICT (tenant) DO UPDATE SET name = excluded.name, plan = excluded.plan,"
    "   domain = excluded.domain", NULL, NULL, error) &&
         _ms_pg_exec (c,
    "INSERT INTO csm_account (tenant, kind, name, plan, domain, created_at, n_people, same_domain)"
    " SELECT t.tenant, 'team', t.name, t.plan, NULL, t.created_at,"
    "        (SELECT count (*) FROM membership m WHERE m.tenant = t.tenant), 1"
    " FROM team t"
    " ON CONFLICT (tenant) DO UPDATE SET name = excluded.name, plan = excluded.plan,"
    "   n_people = excluded.n_people", NULL, NULL, error);
}

#define ACCOUNT_COLUMNS "tenant, kind, name, plan, domain, owner, created_at, cancelled_at," \
                        " n_people, same_domain, demo"

static MsServerCsmAccount *
read_account (PGresult *res,
              int       row)
{
  MsServerCsmAccount *a = g_new0 (MsServerCsmAccount, 1);

  a->tenant = _ms_pg_dup (res, row, 0);
  a->kind = _ms_pg_dup (res, row, 1);
  a->name = _ms_pg_dup (res, row, 2);
  a->plan = _ms_pg_dup (res, row, 3);
  a->domain = _ms_pg_dup (res, row, 4);
  a->owner = _ms_pg_dup (res, row, 5);
  a->created_at = _ms_pg_int (res, row, 6);
  a->cancelled_at = _ms_pg_int (res, row, 7);
  a->n_people = _ms_pg_int (res, row, 8);
  a->same_domain = _ms_pg_int (res, row, 9);
  a->demo = _ms_pg_int (res, row, 10) != 0;
  return a;
}

static gboolean
pg_put_account (MsServerCsmStorage        *storage,
                const MsServerCsmAccount  *a,
                GError                   **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, a->tenant);
  _ms_pg_arg_text (&args, a->kind);
  _ms_pg_arg_text (&args, a->name);
  _ms_pg_arg_text (&args, a->plan);
  _ms_pg_arg_text (&args, a->domain);
  _ms_pg_arg_text (&args, a->owner);
  _ms_pg_arg_int (&args, a->created_at);
  _ms_pg_arg_int (&args, a->cancelled_at);
  _ms_pg_arg_int (&args, a->n_people);
  _ms_pg_arg_int (&args, a->same_domain);
  _ms_pg_arg_int (&args, a->demo ? 1 : 0);
  return _ms_pg_exec (c, "INSERT INTO csm_account (" ACCOUNT_COLUMNS ")"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                         " ON CONFLICT (tenant) DO UPDATE SET kind = excluded.kind,"
                         "   name = excluded.name, plan = excluded.plan, domain = excluded.domain,"
                         "   owner = excluded.owner, created_at = excluded.created_at,"
                         "   cancelled_at = excluded.cancelled_at, n_people = excluded.n_people,"
                         "   same_domain = excluded.same_domain, demo = excluded.demo", &args,
                      NULL, error);
}

static gboolean
pg_get_account (MsServerCsmStorage  *storage,
                const char          *tenant,
                MsServerCsmAccount **out,
                GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  res = _ms_pg_query (c, "SELECT " ACCOUNT_COLUMNS " FROM csm_account WHERE tenant = $1", &args,
                      error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *out = read_account (res, 0);
  return TRUE;
}

static GPtrArray *
pg_list_accounts (MsServerCsmStorage  *storage,
                  GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  GPtrArray *out;

  if (c == NULL)
    return NULL;
  res = _ms_pg_query (c, "SELECT " ACCOUNT_COLUMNS " FROM csm_account ORDER BY tenant", NULL,
                      error);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_csm_account_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (out, read_account (res, i));
  return out;
}

static gboolean
pg_set_owner (MsServerCsmStorage  *storage,
              const char          *tenant,
              const char          *owner,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, owner);
  return _ms_pg_exec (c, "UPDATE csm_account SET owner = $2 WHERE tenant = $1", &args, NULL,
                      error);
}

/* ------------------------------------------------------------------------ */
/* History                                                                   */

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
pg_load_history (MsServerCsmStorage      *storage,
                 const char              *tenant,
                 gint32                   since_day,
                 MsServerCsmAccountFunc   func,
                 gpointer                 user_data,
                 GError                 **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) ms_csm_account_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GHashTable) people = NULL;
  const char *people_tenant = NULL;
  MsPgArgs a1 = { 0 }, a2 = { 0 }, a3 = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&a1, tenant);
  res = _ms_pg_query (c, "SELECT " ACCOUNT_COLUMNS " FROM csm_account"
                         " WHERE $1::text IS NULL OR tenant = $1::text ORDER BY tenant", &a1,
                      error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autoptr(MsServerCsmAccount) a = read_account (res, i);
      MsCsmAccount *account = ms_csm_account_new (a->tenant, a->plan,
                                                  ms_csm_day_from_time (a->created_at));

      account->cancelled_day = a->cancelled_at > 0 ? ms_csm_day_from_time (a->cancelled_at) : -1;
      account->n_people = (guint) MAX (a->n_people, 1);
      account->same_domain = (guint) MAX (a->same_domain, 1);
      g_hash_table_insert (accounts, account->tenant, account);
      g_ptr_array_add (order, account);
    }
  g_clear_pointer (&res, PQclear);
  if (tenant != NULL && order->len == 0)
    {
      MsCsmAccount *account = ms_csm_account_new (tenant, "free", G_MAXINT32);

      g_hash_table_insert (accounts, account->tenant, account);
      g_ptr_array_add (order, account);
    }

  _ms_pg_arg_int (&a2, since_day);
  _ms_pg_arg_text (&a2, tenant);
  res = _ms_pg_query (c, "SELECT tenant, user_id, day, kind, count FROM csm_activity"
                         " WHERE day >= $1 AND ($2::text IS NULL OR tenant = $2::text)"
                         " ORDER BY tenant, day", &a2, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      const char *row_tenant = PQgetvalue (res, i, 0);
      const char *user = PQgetvalue (res, i, 1);
      MsCsmAccount *account = g_hash_table_lookup (accounts, row_tenant);
      MsCsmKind kind;
      gpointer index;

      if (account == NULL || !ms_csm_kind_from_string (PQgetvalue (res, i, 3), &kind))
        continue;
      if (people_tenant == NULL || !g_str_equal (people_tenant, row_tenant))
        {
          g_clear_pointer (&people, g_hash_table_unref);
          people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          people_tenant = row_tenant;
        }
      if (!g_hash_table_lookup_extended (people, user, NULL, &index))
        {
          index = GUINT_TO_POINTER (g_hash_table_size (people));
          g_hash_table_insert (people, g_strdup (user), index);
        }
      ms_csm_account_add_activity (account, (gint32) _ms_pg_int (res, i, 2),
                                   GPOINTER_TO_UINT (index), kind,
                                   (guint) CLAMP (_ms_pg_int (res, i, 4), 0, G_MAXUINT32));
    }
  g_clear_pointer (&people, g_hash_table_unref);
  g_clear_pointer (&res, PQclear);

  _ms_pg_arg_text (&a3, tenant);
  res = _ms_pg_query (c, "SELECT tenant, kind, day, data_json FROM csm_event"
                         " WHERE $1::text IS NULL OR tenant = $1::text", &a3, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      MsCsmAccount *account = g_hash_table_lookup (accounts, PQgetvalue (res, i, 0));
      g_autoptr(JsonObject) data = NULL;

      if (account == NULL || (data = parse_object (PQgetvalue (res, i, 3))) == NULL)
        continue;
      add_event (account, PQgetvalue (res, i, 1), (gint32) _ms_pg_int (res, i, 2), data);
    }

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
pg_put_event (MsServerCsmStorage  *storage,
              const char          *tenant,
              const char          *kind,
              const char          *id,
              gint32               day,
              const char          *data_json,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, kind);
  _ms_pg_arg_text (&args, id);
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, day);
  _ms_pg_arg_text (&args, data_json);
  return _ms_pg_exec (c, "INSERT INTO csm_event (kind, id, tenant, day, data_json)"
                         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, id) DO UPDATE"
                         " SET tenant = excluded.tenant, day = excluded.day,"
                         "     data_json = excluded.data_json", &args, NULL, error);
}

static gboolean
pg_get_event (MsServerCsmStorage  *storage,
              const char          *kind,
              const char          *id,
              char               **tenant,
              char               **data_json,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *tenant = NULL;
  *data_json = NULL;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, kind);
  _ms_pg_arg_text (&args, id);
  res = _ms_pg_query (c, "SELECT tenant, data_json FROM csm_event WHERE kind = $1 AND id = $2",
                      &args, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *tenant = _ms_pg_dup (res, 0, 0);
      *data_json = _ms_pg_dup (res, 0, 1);
    }
  return TRUE;
}

static JsonArray *
pg_list_events (MsServerCsmStorage  *storage,
                const char          *tenant,
                const char          *kind,
                guint                limit,
                GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };
  JsonArray *out;

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_text (&args, kind);
  _ms_pg_arg_int (&args, limit);
  res = _ms_pg_query (c, "SELECT id, day, data_json FROM csm_event"
                         " WHERE tenant = $1 AND kind = $2 ORDER BY day DESC, id LIMIT $3",
                      &args, error);
  if (res == NULL)
    return NULL;
  out = json_array_new ();
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonObject *data = parse_object (PQgetvalue (res, i, 2));

      if (data == NULL)
        continue;
      json_object_set_string_member (data, "id", PQgetvalue (res, i, 0));
      json_object_set_int_member (data, "day", _ms_pg_int (res, i, 1));
      json_array_add_object_element (out, data);
    }
  return out;
}

/* ------------------------------------------------------------------------ */
/* Daily results                                                             */

static gboolean
pg_put_daily (MsServerCsmStorage  *storage,
              const char          *tenant,
              gint32               day,
              gint64               health,
              double               churn,
              const char          *detail_json,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  char churn_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, day);
  if (health >= 0)
    _ms_pg_arg_int (&args, health);
  else
    _ms_pg_arg_text (&args, NULL);
  _ms_pg_arg_text (&args, isnan (churn) ? NULL
                                        : g_ascii_dtostr (churn_text, sizeof churn_text, churn));
  _ms_pg_arg_text (&args, detail_json);
  return _ms_pg_exec (c, "INSERT INTO csm_daily (tenant, day, health, churn, detail_json)"
                         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, day) DO UPDATE"
                         " SET health = excluded.health, churn = excluded.churn,"
                         "     detail_json = excluded.detail_json", &args, NULL, error);
}

static JsonObject *
read_daily (PGresult *res,
            int       row)
{
  JsonObject *o = json_object_new ();
  JsonObject *detail = parse_object (PQgetvalue (res, row, 4));

  json_object_set_string_member (o, "tenant", PQgetvalue (res, row, 0));
  json_object_set_int_member (o, "day", _ms_pg_int (res, row, 1));
  if (PQgetisnull (res, row, 2))
    json_object_set_null_member (o, "health");
  else
    json_object_set_int_member (o, "health", _ms_pg_int (res, row, 2));
  if (PQgetisnull (res, row, 3))
    json_object_set_null_member (o, "churn");
  else
    json_object_set_double_member (o, "churn", g_ascii_strtod (PQgetvalue (res, row, 3), NULL));
  if (detail != NULL)
    json_object_set_object_member (o, "detail", detail);
  return o;
}

static JsonObject *
pg_get_daily (MsServerCsmStorage  *storage,
              const char          *tenant,
              gint32               day,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, day);
  res = _ms_pg_query (c, "SELECT tenant, day, health, churn, detail_json FROM csm_daily"
                         " WHERE tenant = $1 AND day = $2", &args, error);
  if (res == NULL)
    return NULL;
  return PQntuples (res) > 0 ? read_daily (res, 0) : json_object_new ();
}

static JsonArray *
pg_list_daily (MsServerCsmStorage  *storage,
               gint32               day,
               GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };
  JsonArray *out;

  if (c == NULL)
    return NULL;
  _ms_pg_arg_int (&args, day);
  res = _ms_pg_query (c, "SELECT tenant, day, health, churn, detail_json FROM csm_daily"
                         " WHERE day = $1 ORDER BY tenant", &args, error);
  if (res == NULL)
    return NULL;
  out = json_array_new ();
  for (int i = 0; i < PQntuples (res); i++)
    json_array_add_object_element (out, read_daily (res, i));
  return out;
}

/* ------------------------------------------------------------------------ */
/* The churn model                                                           */

static gboolean
pg_put_model (MsServerCsmStorage  *storage,
              const char          *model_json,
              gint64               created_at,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_int (&args, created_at);
  _ms_pg_arg_text (&args, model_json);
  return _ms_pg_exec (c, "UPDATE csm_model SET active = 0", NULL, NULL, error) &&
         _ms_pg_exec (c, "INSERT INTO csm_model (created_at, model_json, active)"
                         " VALUES ($1, $2, 1)", &args, NULL, error) &&
         _ms_pg_exec (c, "DELETE FROM csm_model WHERE id NOT IN"
                         " (SELECT id FROM csm_model ORDER BY id DESC LIMIT 2)", NULL, NULL,
                      error);
}

static gboolean
pg_get_model (MsServerCsmStorage  *storage,
              gboolean             previous,
              char               **model_json,
              gint64              *created_at,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;

  *model_json = NULL;
  if (c == NULL)
    return FALSE;
  res = _ms_pg_query (c, previous
                           ? "SELECT model_json, created_at FROM csm_model WHERE active = 0"
                             " ORDER BY id DESC LIMIT 1"
                           : "SELECT model_json, created_at FROM csm_model WHERE active = 1",
                      NULL, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *model_json = _ms_pg_dup (res, 0, 0);
      if (created_at != NULL)
        *created_at = _ms_pg_int (res, 0, 1);
    }
  return TRUE;
}

static gboolean
pg_rollback_model (MsServerCsmStorage  *storage,
                   gboolean            *rolled_back,
                   GError             **error)
{
  MsPgConn *c = GET_CONN ();
  guint64 n = 0;

  *rolled_back = FALSE;
  if (c == NULL ||
      !_ms_pg_exec (c, "DELETE FROM csm_model WHERE active = 1 AND EXISTS"
                       " (SELECT 1 FROM csm_model WHERE active = 0)", NULL, &n, error))
    return FALSE;
  if (n == 0)
    return TRUE;
  *rolled_back = TRUE;
  return _ms_pg_exec (c, "UPDATE csm_model SET active = 1 WHERE id ="
                         " (SELECT max (id) FROM csm_model)", NULL, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Tasks                                                                     */

#define TASK_COLUMNS "id, tenant, playbook, owner, status, reason, day, created_at, due_at," \
                     " snoozed_until, closed_at"

static MsServerCsmTask *
read_task (PGresult *res,
           int       row)
{
  MsServerCsmTask *t = g_new0 (MsServerCsmTask, 1);

  t->id = _ms_pg_dup (res, row, 0);
  t->tenant = _ms_pg_dup (res, row, 1);
  t->playbook = _ms_pg_dup (res, row, 2);
  t->owner = _ms_pg_dup (res, row, 3);
  t->status = _ms_pg_dup (res, row, 4);
  t->reason = _ms_pg_dup (res, row, 5);
  t->day = (gint32) _ms_pg_int (res, row, 6);
  t->created_at = _ms_pg_int (res, row, 7);
  t->due_at = _ms_pg_int (res, row, 8);
  t->snoozed_until = _ms_pg_int (res, row, 9);
  t->closed_at = _ms_pg_int (res, row, 10);
  return t;
}

static gboolean
pg_put_task (MsServerCsmStorage     *storage,
             const MsServerCsmTask  *t,
             GError                **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, t->id);
  _ms_pg_arg_text (&args, t->tenant);
  _ms_pg_arg_text (&args, t->playbook);
  _ms_pg_arg_text (&args, t->owner);
  _ms_pg_arg_text (&args, t->status);
  _ms_pg_arg_text (&args, t->reason);
  _ms_pg_arg_int (&args, t->day);
  _ms_pg_arg_int (&args, t->created_at);
  _ms_pg_arg_int (&args, t->due_at);
  _ms_pg_arg_int (&args, t->snoozed_until);
  _ms_pg_arg_int (&args, t->closed_at);
  /* A second open task of an account and playbook is 23505: G_IO_ERROR_EXISTS */
  return _ms_pg_exec (c, "INSERT INTO csm_task (" TASK_COLUMNS ")"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                         " ON CONFLICT (id) DO UPDATE SET owner = excluded.owner,"
                         "   status = excluded.status, reason = excluded.reason,"
                         "   due_at = excluded.due_at, snoozed_until = excluded.snoozed_until,"
                         "   closed_at = excluded.closed_at", &args, NULL, error);
}

static gboolean
pg_find_task (MsServerCsmStorage  *storage,
              const char          *id,
              const char          *tenant,
              const char          *playbook,
              MsServerCsmTask    **out,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };

  *out = NULL;
  if (c == NULL)
    return FALSE;
  if (id != NULL)
    {
      _ms_pg_arg_text (&args, id);
      res = _ms_pg_query (c, "SELECT " TASK_COLUMNS " FROM csm_task WHERE id = $1", &args, error);
    }
  else
    {
      _ms_pg_arg_text (&args, tenant);
      _ms_pg_arg_text (&args, playbook);
      res = _ms_pg_query (c, "SELECT " TASK_COLUMNS " FROM csm_task"
                             " WHERE tenant = $1 AND playbook = $2"
                             " ORDER BY status IN ('open', 'snoozed') DESC, created_at DESC"
                             " LIMIT 1", &args, error);
    }
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *out = read_task (res, 0);
  return TRUE;
}

static GPtrArray *
pg_list_tasks (MsServerCsmStorage  *storage,
               const char          *tenant,
               gboolean             open_only,
               GError             **error)
{
  MsPgConn *c = GET_CONN ();
  g_autoptr(PGresult) res = NULL;
  MsPgArgs args = { 0 };
  GPtrArray *out;

  if (c == NULL)
    return NULL;
  _ms_pg_arg_text (&args, tenant);
  _ms_pg_arg_int (&args, open_only ? 1 : 0);
  res = _ms_pg_query (c, "SELECT " TASK_COLUMNS " FROM csm_task"
                         " WHERE ($1::text IS NULL OR tenant = $1::text)"
                         " AND ($2::int = 0 OR status IN ('open', 'snoozed'))"
                         " ORDER BY due_at, id", &args, error);
  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_server_csm_task_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (out, read_task (res, i));
  return out;
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                      */

static gboolean
pg_claim_job (MsServerCsmStorage  *storage,
              const char          *name,
              gint32               day,
              const char          *owner,
              gint64               now,
              gint64               stale_before,
              gboolean             rerun,
              gboolean            *claimed,
              GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };
  guint64 n = 0;

  *claimed = FALSE;
  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, name);
  _ms_pg_arg_int (&args, day);
  _ms_pg_arg_text (&args, owner);
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_int (&args, stale_before);
  _ms_pg_arg_int (&args, rerun ? 1 : 0);
  if (!_ms_pg_exec (c, "INSERT INTO csm_job (name, day, owner, started_at) VALUES ($1, $2, $3, $4)"
                       " ON CONFLICT (name, day) DO UPDATE"
                       " SET owner = excluded.owner, started_at = excluded.started_at,"
                       "     finished_at = 0"
                       " WHERE (csm_job.finished_at = 0 AND csm_job.started_at < $5)"
                       "    OR ($6::int = 1 AND csm_job.finished_at > 0)", &args, &n, error))
    return FALSE;
  *claimed = n > 0;
  return TRUE;
}

static gboolean
pg_finish_job (MsServerCsmStorage  *storage,
               const char          *name,
               gint32               day,
               gint64               now,
               const char          *summary_json,
               GError             **error)
{
  MsPgConn *c = GET_CONN ();
  MsPgArgs args = { 0 };

  if (c == NULL)
    return FALSE;
  _ms_pg_arg_text (&args, name);
  _ms_pg_arg_int (&args, day);
  _ms_pg_arg_int (&args, now);
  _ms_pg_arg_text (&args, summary_json);
  return _ms_pg_exec (c, "UPDATE csm_job SET finished_at = $3, summary_json = $4"
                         " WHERE name = $1 AND day = $2", &args, NULL, error);
}

void
_ms_server_pg_csm_init (MsServerCsmStorageInterface *iface)
{
  iface->get_staff = pg_get_staff;
  iface->set_staff = pg_set_staff;
  iface->list_staff = pg_list_staff;
  iface->add_activity = pg_add_activity;
  iface->sync_accounts = pg_sync_accounts;
  iface->put_account = pg_put_account;
  iface->get_account = pg_get_account;
  iface->list_accounts = pg_list_accounts;
  iface->set_owner = pg_set_owner;
  iface->load_history = pg_load_history;
  iface->put_event = pg_put_event;
  iface->get_event = pg_get_event;
  iface->list_events = pg_list_events;
  iface->put_daily = pg_put_daily;
  iface->get_daily = pg_get_daily;
  iface->list_daily = pg_list_daily;
  iface->put_model = pg_put_model;
  iface->get_model = pg_get_model;
  iface->rollback_model = pg_rollback_model;
  iface->put_task = pg_put_task;
  iface->find_task = pg_find_task;
  iface->list_tasks = pg_list_tasks;
  iface->claim_job = pg_claim_job;
  iface->finish_job = pg_finish_job;
}
