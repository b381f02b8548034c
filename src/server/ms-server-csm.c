/* ms-server-csm.c — customer success on the server: staff, their routes, surveys and support
 *
 * Staff are user accounts with a row in the staff table (role csm, lead or
 * admin: `msgscore-server staff add EMAIL --role …`); they sign in like
 * anyone. Their routes (/v1/staff/…) are the CSM tenant kind: authorised
 * here (ms_server_csm_authorize()) against the staff table, never against a
 * customer's membership, and they read only the customer-success tables —
 * registry, activity counts, scores, payment records, survey answers,
 * support requests and their own notes — never a synced row, so no message
 * text, result or reviewer comment can reach a staff answer (test-csm's
 * privacy test looks for seeded message text in every staff answer). A csm
 * sees the accounts of their portfolio (csm_account.owner); a lead or admin
 * sees every account and assigns portfolios.
 *
 * What customers did is counted as they do it: an applied push records its
 * kind of work (a saved scoring, results, an import) per tenant, person and
 * Asia/Tokyo day, for the person's own space and each team they are in; a
 * token refresh or a push counts as use ("signin").
 *
 * Customers send support requests and answer the NPS prompt through their
 * own routes, scoped to a tenant they belong to; staff answer and close
 * requests; the customer rates the answer 1–5 (CSAT).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "csm/ms-churn-model.h"
#include "csm/ms-csm-account.h"
#include "csm/ms-health.h"
#include "csm/ms-playbook.h"
#include "csm/ms-reasons.h"
#include "csm/ms-csm-signals.h"
#include "ms-account-policy.h"
#include "ms-data.h"
#include "ms-json-guard.h"
#include "ms-server-auth.h"
#include "ms-server-csm.h"
#include "ms-server-csm-storage.h"
#include "ms-server-json.h"

typedef struct
{
  guint nps_first_days;
  guint nps_every_days;
  guint nps_reason_max;
  guint subject_max;
  guint body_max;
  guint answer_max;
  guint note_max;
  guint list_max;
} SurveyConfig;

static const SurveyConfig *
survey_config (void)
{
  static SurveyConfig *config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(JsonNode) root = ms_data_load_json ("csm/surveys.json", NULL);
      JsonObject *o, *nps, *support;

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        g_error ("csm/surveys.json is missing");
      o = json_node_get_object (root);
      nps = json_object_get_object_member (o, "nps");
      support = json_object_get_object_member (o, "support");
      config = g_new0 (SurveyConfig, 1);
      config->nps_first_days = (guint) json_object_get_int_member (nps, "first_days");
      config->nps_every_days = (guint) json_object_get_int_member (nps, "every_days");
      config->nps_reason_max = (guint) json_object_get_int_member (nps, "reason_max_chars");
      config->subject_max = (guint) json_object_get_int_member (support, "subject_max_chars");
      config->body_max = (guint) json_object_get_int_member (support, "body_max_chars");
      config->answer_max = (guint) json_object_get_int_member (support, "answer_max_chars");
      config->note_max = (guint) json_object_get_int_member (o, "note_max_chars");
      config->list_max = (guint) json_object_get_int_member (o, "list_max");
      g_once_init_leave (&loaded, 1);
    }
  return config;
}

static JsonObject *task_to_json (const MsServerCsmTask *t,
                                 gint64                 now);

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/**
 * ms_server_csm_available:
 *
 * Returns: whether @storage keeps customer-success data; otherwise
 *   %MS_SERVER_ERROR_UNAVAILABLE saying so
 */
gboolean
ms_server_csm_available (MsServerStorage  *storage,
                         GError          **error)
{
  if (MS_IS_SERVER_CSM_STORAGE (storage))
    return TRUE;
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UNAVAILABLE,
                       _("Customer success is not available on this database backend yet."));
  return FALSE;
}

static MsServerCsmStorage *
csm (MsServerStorage *storage)
{
  return MS_SERVER_CSM_STORAGE (storage);
}

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

/* Returns: @o as compact JSON text */
char *
ms_server_csm_json_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

static JsonObject *
parse_text (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* A text from a request: trimmed, 1..@max characters (0 allowed when not
 * @required), no control characters but line breaks and tabs. */
static char *
get_text (JsonObject  *request,
          const char  *name,
          gboolean     required,
          guint        max,
          GError     **error)
{
  const char *value = ms_server_json_get_string (request, name, required, error);
  g_autofree char *text = NULL;

  if (value == NULL)
    return (error != NULL && *error != NULL) ? NULL : g_strdup ("");
  if (strlen (value) > (gsize) max * 4 || !g_utf8_validate (value, -1, NULL))
    goto bad;
  text = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);
  g_strstrip (text);
  if ((required && *text == '\0') || g_utf8_strlen (text, -1) > max)
    goto bad;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n' && c != '\t')
        goto bad;
    }
  return g_steal_pointer (&text);

bad:
  g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
               /* Translators: %s names a field, %u is a number of characters */
               _("“%s” must be text of at most %u characters."), name, max);
  return NULL;
}

static JsonObject *
both_languages (const char *ja,
                const char *en)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "ja", ja);
  json_object_set_string_member (o, "en", en);
  return o;
}

/**
 * ms_server_csm_reasons_json:
 * @contributions: the account's features + 1 contributions (log-odds)
 * @values: the account's signals
 *
 * Returns: (transfer full): the top factors that raise the account's churn
 *   score, each { signal, points, value, sentence {ja, en}, action {ja, en} }
 */
JsonArray *
ms_server_csm_reasons_json (MsChurnModel *model,
                            const float  *contributions,
                            const float  *values)
{
  g_autoptr(JsonArray) ja = ms_reasons_top (model, contributions, values, MS_REASONS_TOP, "ja");
  g_autoptr(JsonArray) en = ms_reasons_top (model, contributions, values, MS_REASONS_TOP, "en");
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < json_array_get_length (en); i++)
    {
      JsonObject *e = json_array_get_object_element (en, i);
      JsonObject *j = json_array_get_object_element (ja, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "signal", json_object_get_string_member (e, "signal"));
      json_object_set_member (o, "points", json_node_copy (json_object_get_member (e, "points")));
      json_object_set_member (o, "value", json_node_copy (json_object_get_member (e, "value")));
      json_object_set_object_member (o, "sentence",
                                     both_languages (json_object_get_string_member (j, "sentence"),
                                                     json_object_get_string_member (e, "sentence")));
      json_object_set_object_member (o, "action",
                                     both_languages (json_object_get_string_member (j, "action"),
                                                     json_object_get_string_member (e, "action")));
      json_array_add_object_element (out, o);
    }
  return out;
}

/* ------------------------------------------------------------------------ */
/* Counting what customers do                                                */

static const char *
kind_of_mutation (const char *name)
{
  static const struct { const char *mutation; const char *kind; } kinds[] = {
    { "history.save", "scoring" },
    { "history.set_actuals", "result" },
    { "campaign_result.put_many", "import" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (name, kinds[i].mutation) == 0)
      return kinds[i].kind;
  return NULL;
}

static gboolean
record (MsServerStorage  *storage,
        const char       *user_id,
        const char       *kind,
        gint64            now,
        GError          **error)
{
  g_autoptr(JsonArray) tenants = ms_server_storage_list_tenants (storage, user_id, error);
  gint32 day = ms_csm_day_from_time (now);

  if (tenants == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (tenants); i++)
    {
      JsonNode *node = json_array_get_element (tenants, i);
      const char *tenant = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        tenant = ms_json_object_get_string (json_node_get_object (node), "id", NULL);
      else if (JSON_NODE_HOLDS_VALUE (node))
        tenant = json_node_get_string (node);
      if (tenant != NULL &&
          !ms_server_csm_storage_add_activity (csm (storage), tenant, user_id, day, kind, 1, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ms_server_csm_record_mutation:
 *
 * Inside the push's write transaction, after @mutation was applied: counts
 * its kind of work for every space of the user (their own and their teams').
 * Does nothing on a backend without customer success.
 */
gboolean
ms_server_csm_record_mutation (MsServerStorage  *storage,
                               const char       *user_id,
                               const char       *tenant,
                               const char       *mutation,
                               gint64            now,
                               GError          **error)
{
  const char *kind = kind_of_mutation (mutation);

  if (!MS_IS_SERVER_CSM_STORAGE (storage) || kind == NULL)
    return TRUE;
  return record (storage, user_id, kind, now, error);
}

static gboolean
record_use (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  const char **args = user_data;

  return record (storage, args[0], "signin", g_ascii_strtoll (args[1], NULL, 10), error);
}

/**
 * ms_server_csm_record_use:
 *
 * Counts a use of the app (a token refresh, a push) for every space of the
 * user, in a write transaction of its own.
 */
gboolean
ms_server_csm_record_use (MsServerStorage  *storage,
                          const char       *user_id,
                          gint64            now,
                          GError          **error)
{
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  const char *args[] = { user_id, when };

  if (!MS_IS_SERVER_CSM_STORAGE (storage))
    return TRUE;
  return ms_server_storage_transaction (storage, TRUE, record_use, args, error);
}

/* ------------------------------------------------------------------------ */
/* Staff                                                                     */

typedef struct
{
  const char *email;
  const char *role;
  gint64      now;
} AddStaff;

static gboolean
add_staff (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  AddStaff *add = user_data;
  g_autoptr(MsServerUser) user = NULL;

  if (!ms_server_storage_find_user (storage, NULL, add->email, &user, error))
    return FALSE;
  if (user == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                   /* Translators: %s is an email address */
                   _("No account has the address %s. Sign up first, then make it staff."),
                   add->email);
      return FALSE;
    }
  return ms_server_csm_storage_set_staff (csm (storage), user->id, add->role, add->now, error);
}

/**
 * ms_server_csm_add_staff:
 * @role: "csm", "lead" or "admin"
 *
 * Makes the account of @email staff (it must exist: staff sign up and sign
 * in like anyone).
 */
gboolean
ms_server_csm_add_staff (MsServerStorage  *storage,
                         const char       *email,
                         const char       *role,
                         gint64            now,
                         GError          **error)
{
  g_autofree char *normalized = NULL;
  AddStaff add = { NULL, role, now };

  if (!ms_server_csm_available (storage, error))
    return FALSE;
  if (g_strcmp0 (role, "csm") != 0 && g_strcmp0 (role, "lead") != 0 &&
      g_strcmp0 (role, "admin") != 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("A staff role is csm, lead or admin."));
      return FALSE;
    }
  normalized = ms_account_normalize_email (email, error);
  if (normalized == NULL)
    return FALSE;
  add.email = normalized;
  return ms_server_storage_transaction (storage, TRUE, add_staff, &add, error);
}

typedef struct
{
  const MsServerUser *user;
  char               *role;
} Staff;

static gboolean
read_staff (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Staff *staff = user_data;

  return ms_server_csm_storage_get_staff (csm (storage), staff->user->id, &staff->role, error);
}

/* The one check of the staff routes: @user must be staff. */
static char *
authorize (MsServerStorage     *storage,
           const MsServerUser  *user,
           GError             **error)
{
  Staff staff = { user, NULL };

  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, FALSE, read_staff, &staff, error))
    return NULL;
  if (staff.role == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                           _("Only the service’s staff may see this."));
      return NULL;
    }
  return staff.role;
}

static gboolean
sees_all (const char *role)
{
  return g_strcmp0 (role, "lead") == 0 || g_strcmp0 (role, "admin") == 0;
}

/**
 * ms_server_csm_describe_staff:
 *
 * Returns: (nullable): { role, tenant } when @user is staff, for /v1/me;
 *   NULL otherwise (or with @error set)
 */
JsonObject *
ms_server_csm_describe_staff (MsServerStorage     *storage,
                              const MsServerUser  *user,
                              GError             **error)
{
  Staff staff = { user, NULL };
  JsonObject *o;

  if (!MS_IS_SERVER_CSM_STORAGE (storage) ||
      !ms_server_storage_transaction (storage, FALSE, read_staff, &staff, error) ||
      staff.role == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "role", staff.role);
  json_object_set_string_member (o, "tenant", MS_SERVER_CSM_TENANT);
  g_free (staff.role);
  return o;
}

/* ------------------------------------------------------------------------ */
/* Staff reads                                                               */

typedef struct
{
  const MsServerUser *user;
  const char         *role;
  const char         *tenant;
  gint64              now;
  gint32              day;
  JsonObject         *out;
} Read;

static gint32
latest_day (MsServerStorage  *storage,
            gint32            today,
            JsonArray       **rows,
            GError          **error)
{
  /* The newest job run up to today; the job may not have run yet today. */
  for (gint32 day = today; day > today - 3; day--)
    {
      g_autoptr(JsonArray) list = ms_server_csm_storage_list_daily (csm (storage), day, error);

      if (list == NULL)
        return G_MININT32;
      if (json_array_get_length (list) > 0)
        {
          *rows = g_steal_pointer (&list);
          return day;
        }
    }
  *rows = json_array_new ();
  return today;
}

static JsonObject *
account_summary (const MsServerCsmAccount *a,
                 JsonObject               *daily)
{
  JsonObject *o = json_object_new ();
  JsonObject *detail = daily != NULL && json_object_has_member (daily, "detail")
                         ? json_object_get_object_member (daily, "detail") : NULL;

  json_object_set_string_member (o, "account", a->tenant);
  json_object_set_string_member (o, "kind", a->kind);
  json_object_set_string_member (o, "name", a->name);
  json_object_set_string_member (o, "plan", a->plan);
  json_object_set_int_member (o, "people", a->n_people);
  json_object_set_boolean_member (o, "demo", a->demo);
  if (a->owner != NULL)
    json_object_set_string_member (o, "owner", a->owner);
  else
    json_object_set_null_member (o, "owner");
  json_object_set_boolean_member (o, "cancelled", a->cancelled_at > 0);
  if (daily != NULL && json_object_has_member (daily, "health"))
    json_object_set_member (o, "health", json_node_copy (json_object_get_member (daily, "health")));
  else
    json_object_set_null_member (o, "health");
  if (daily != NULL && json_object_has_member (daily, "churn") &&
      !json_object_get_null_member (daily, "churn"))
    json_object_set_int_member (o, "churn_score",
                                (gint64) floor (json_object_get_double_member (daily, "churn") *
                                                100 + 0.5));
  else
    json_object_set_null_member (o, "churn_score");
  if (detail != NULL)
    {
      JsonObject *health = json_object_get_object_member (detail, "health");
      JsonObject *trend = json_object_get_object_member (detail, "trend");
      JsonArray *reasons = json_object_has_member (detail, "reasons")
                             ? json_object_get_array_member (detail, "reasons") : NULL;

      if (health != NULL)
        json_object_set_string_member (o, "band", json_object_get_string_member (health, "band"));
      if (trend != NULL)
        json_object_set_object_member (o, "trend",
                                       json_object_ref (trend));
      if (reasons != NULL && json_array_get_length (reasons) > 0)
        json_object_set_object_member (o, "top_factor",
                                       json_object_ref (json_array_get_object_element (reasons,
                                                                                       0)));
    }
  return o;
}

/* The churn model's card in short, and where the health score comes from:
 * what every number of a list rests on and how wrong it has been. */
static JsonObject *
model_summary (MsServerStorage  *storage,
               GError          **error)
{
  g_autofree char *json = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  JsonObject *about = json_object_new ();
  JsonObject *health = json_object_new ();
  JsonObject *churn = json_object_new ();

  json_object_set_string_member (health, "source", ms_health_get_source ());
  json_object_set_object_member (about, "health", health);
  json_object_set_object_member (about, "churn", churn);
  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, NULL, error))
    {
      json_object_unref (about);
      return NULL;
    }
  if (json == NULL)
    {
      json_object_set_null_member (churn, "validation");
      json_object_set_null_member (health, "validation_auc");
      return about;
    }
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL)
    {
      json_object_unref (about);
      return NULL;
    }
  {
    JsonObject *card = ms_churn_model_get_card (model);
    JsonObject *validation = json_object_get_object_member (card, "validation");
    static const char * const copy[] = { "trained_at", "training_from", "training_to",
                                         "validation_from", "validation_to", "training_rows",
                                         "horizon_days" };

    for (guint i = 0; i < G_N_ELEMENTS (copy); i++)
      if (json_object_has_member (card, copy[i]))
        json_object_set_member (churn, copy[i],
                                json_node_copy (json_object_get_member (card, copy[i])));
    json_object_set_object_member (churn, "validation", json_object_ref (validation));
    if (json_object_has_member (validation, "health_auc"))
      json_object_set_member (health, "validation_auc",
                              json_node_copy (json_object_get_member (validation, "health_auc")));
  }
  return about;
}

static gboolean
list_accounts (MsServerStorage  *storage,
               gpointer          user_data,
               GError          **error)
{
  Read *read = user_data;
  g_autoptr(GPtrArray) accounts = ms_server_csm_storage_list_accounts (csm (storage), error);
  g_autoptr(JsonArray) daily = NULL;
  g_autoptr(GHashTable) by_tenant = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *list;
  gint32 day;

  if (accounts == NULL)
    return FALSE;
  day = latest_day (storage, read->day, &daily, error);
  if (day == G_MININT32)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (daily); i++)
    {
      JsonObject *row = json_array_get_object_element (daily, i);

      g_hash_table_insert (by_tenant, (gpointer) json_object_get_string_member (row, "tenant"),
                           row);
    }
  list = json_array_new ();
  for (guint i = 0; i < accounts->len; i++)
    {
      MsServerCsmAccount *a = accounts->pdata[i];

      if (!sees_all (read->role) && g_strcmp0 (a->owner, read->user->id) != 0)
        continue;
      json_array_add_object_element (list, account_summary (a, g_hash_table_lookup (by_tenant,
                                                                                    a->tenant)));
    }
  read->out = json_object_new ();
  json_object_set_int_member (read->out, "day", day);
  json_object_set_string_member (read->out, "scope", sees_all (read->role) ? "all" : "portfolio");
  json_object_set_array_member (read->out, "accounts", list);
  /* What the numbers rest on, once for the list */
  {
    JsonObject *about = model_summary (storage, error);

    if (about == NULL)
      return FALSE;
    json_object_set_object_member (read->out, "about", about);
  }
  return TRUE;
}

JsonObject *
ms_server_csm_list_accounts (MsServerStorage     *storage,
                             const MsServerUser  *user,
                             gint64               now,
                             GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Read read = { user, role, NULL, now, ms_csm_day_from_time (now), NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, list_accounts, &read, error))
    return NULL;
  return read.out;
}

static gboolean
may_see (const Read               *read,
         const MsServerCsmAccount *a,
         GError                  **error)
{
  if (a != NULL && (sees_all (read->role) || g_strcmp0 (a->owner, read->user->id) == 0))
    return TRUE;
  /* The same answer for an account that does not exist */
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_TENANT,
                       _("This account is not in your portfolio."));
  return FALSE;
}

static JsonObject *
support_for_staff (JsonObject *data)
{
  JsonObject *o = json_object_new ();
  static const char * const keep[] = { "id", "day", "subject", "body", "status", "answer",
                                       "rating", "closed_day", "created_at" };

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++)
    if (json_object_has_member (data, keep[i]))
      json_object_set_member (o, keep[i], json_node_copy (json_object_get_member (data, keep[i])));
  return o;
}

static gboolean
keep_account (MsCsmAccount  *account,
              gpointer       user_data,
              GError       **error)
{
  MsCsmSignals *signals = ((gpointer *) user_data)[0];
  gint32 *day = ((gpointer *) user_data)[1];

  ms_csm_signals_compute (account, *day, signals);
  return TRUE;
}

static JsonArray *
exact_reasons (MsServerStorage  *storage,
               const char       *tenant,
               gint32            day,
               GError          **error)
{
  g_autofree char *json = NULL;
  g_autoptr(MsChurnModel) model = NULL;
  g_autofree float *contributions = NULL;
  MsCsmSignals signals;
  gpointer data[] = { &signals, &day };

  memset (&signals, 0, sizeof signals);
  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, NULL, error))
    return NULL;
  if (json == NULL)
    return json_array_new ();
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL ||
      !ms_server_csm_storage_load_history (csm (storage), tenant, day - 365 - 90, keep_account,
                                           data, error))
    return NULL;
  contributions = ms_churn_model_contributions (model, signals.values, 1, TRUE, error);
  if (contributions == NULL)
    return NULL;
  return ms_server_csm_reasons_json (model, contributions, signals.values);
}

static gboolean
get_account (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  Read *read = user_data;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autoptr(JsonArray) daily = NULL;
  g_autoptr(JsonObject) today = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  JsonArray *list;
  JsonObject *detail = NULL;
  gint32 day;

  if (!ms_server_csm_storage_get_account (csm (storage), read->tenant, &a, error) ||
      !may_see (read, a, error))
    return FALSE;
  day = latest_day (storage, read->day, &daily, error);
  if (day == G_MININT32)
    return FALSE;
  today = ms_server_csm_storage_get_daily (csm (storage), a->tenant, day, error);
  if (today == NULL)
    return FALSE;
  read->out = account_summary (a, json_object_get_size (today) > 0 ? today : NULL);
  json_object_set_int_member (read->out, "day", day);
  if (json_object_has_member (today, "detail"))
    detail = json_object_get_object_member (today, "detail");
  if (detail != NULL)
    {
      static const char * const copy[] = { "health", "churn", "reasons", "signals", "loyalty",
                                           "trend" };

      for (guint i = 0; i < G_N_ELEMENTS (copy); i++)
        if (json_object_has_member (detail, copy[i]))
          json_object_set_member (read->out, copy[i],
                                  json_node_copy (json_object_get_member (detail, copy[i])));
    }

  /* The person opening the account gets the exact attribution (TreeSHAP);
   * the daily snapshot has the approximate one. */
  if (detail != NULL && json_object_has_member (detail, "churn") &&
      json_object_has_member (json_object_get_object_member (detail, "churn"), "probability"))
    {
      JsonArray *exact = exact_reasons (storage, a->tenant, day, error);

      if (exact == NULL)
        return FALSE;
      json_object_set_array_member (read->out, "reasons", exact);
      json_object_set_string_member (read->out, "reasons_method", "exact");
    }
  else
    json_object_set_string_member (read->out, "reasons_method",
                                   detail != NULL && json_object_has_member (detail, "reasons")
                                     ? "approximate" : "none");

  /* What staff may read of the account's own words: survey answers and
   * support requests (never a message). */
  list = ms_server_csm_storage_list_events (csm (storage), a->tenant, "nps",
                                            survey_config ()->list_max, error);
  if (list == NULL)
    return FALSE;
  json_object_set_array_member (read->out, "nps", list);
  {
    g_autoptr(JsonArray) support = ms_server_csm_storage_list_events (csm (storage), a->tenant,
                                                                      "support",
                                                                      survey_config ()->list_max,
                                                                      error);
    JsonArray *clean = json_array_new ();

    if (support == NULL)
      {
        json_array_unref (clean);
        return FALSE;
      }
    for (guint i = 0; i < json_array_get_length (support); i++)
      json_array_add_object_element (clean,
                                     support_for_staff (json_array_get_object_element (support,
                                                                                       i)));
    json_object_set_array_member (read->out, "support", clean);
  }
  list = ms_server_csm_storage_list_events (csm (storage), a->tenant, "payment",
                                            survey_config ()->list_max, error);
  if (list == NULL)
    return FALSE;
  {
    /* the demo population's, the invoices' (ms-server-billing.c), or none yet */
    const char *source = a->demo ? "demo" : "not_fed";

    for (guint i = 0; !a->demo && i < json_array_get_length (list); i++)
      if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (list, i),
                                                                 "source", NULL),
                     "invoice") == 0)
        source = "invoice";
    json_object_set_string_member (read->out, "billing_source", source);
  }
  json_object_set_array_member (read->out, "payments", list);
  list = ms_server_csm_storage_list_notes (csm (storage), a->tenant, read->user->id, error);
  if (list == NULL)
    return FALSE;
  json_object_set_array_member (read->out, "notes", list);

  tasks = ms_server_csm_storage_list_tasks (csm (storage), a->tenant, FALSE, error);
  if (tasks == NULL)
    return FALSE;
  list = json_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      json_array_add_object_element (list, task_to_json (tasks->pdata[i], read->now));
    }
  json_object_set_array_member (read->out, "tasks", list);
  return TRUE;
}

JsonObject *
ms_server_csm_get_account (MsServerStorage     *storage,
                           const MsServerUser  *user,
                           const char          *tenant,
                           gint64               now,
                           GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Read read = { user, role, tenant, now, ms_csm_day_from_time (now), NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, get_account, &read, error))
    return NULL;
  return read.out;
}

/* The exact contributions of one account, for the person who opens it. */
static gboolean
read_model (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Read *read = user_data;
  g_autofree char *json = NULL;
  g_autofree char *previous = NULL;
  gint64 created_at = 0, previous_at = 0;
  g_autoptr(MsChurnModel) model = NULL;

  if (!ms_server_csm_storage_get_model (csm (storage), FALSE, &json, &created_at, error) ||
      !ms_server_csm_storage_get_model (csm (storage), TRUE, &previous, &previous_at, error))
    return FALSE;
  read->out = json_object_new ();
  if (json == NULL)
    {
      json_object_set_null_member (read->out, "card");
      json_object_set_string_member (read->out, "status", "none");
      return TRUE;
    }
  model = ms_churn_model_new_from_json (json, strlen (json), error);
  if (model == NULL)
    return FALSE;
  json_object_set_string_member (read->out, "status", "active");
  json_object_set_object_member (read->out, "card",
                                 json_object_ref (ms_churn_model_get_card (model)));
  json_object_set_int_member (read->out, "created_at", created_at);
  if (previous != NULL)
    json_object_set_int_member (read->out, "previous_created_at", previous_at);
  else
    json_object_set_null_member (read->out, "previous_created_at");
  return TRUE;
}

JsonObject *
ms_server_csm_get_model (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Read read = { user, role, NULL, 0, 0, NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, read_model, &read, error))
    return NULL;
  return read.out;
}

/* ------------------------------------------------------------------------ */
/* Tasks                                                                     */

static JsonObject *
task_to_json (const MsServerCsmTask *t,
              gint64                 now)
{
  JsonObject *o = json_object_new ();
  const MsPlaybook *playbook = ms_playbook_lookup (t->playbook);
  /* A snooze that has run out is open again. */
  const char *status = g_str_equal (t->status, "snoozed") && t->snoozed_until <= now
                         ? "open" : t->status;

  json_object_set_string_member (o, "id", t->id);
  json_object_set_string_member (o, "account", t->tenant);
  json_object_set_string_member (o, "playbook", t->playbook);
  if (playbook != NULL)
    {
      JsonObject *title = json_object_new ();

      json_object_set_string_member (title, "ja", ms_csm_text (playbook->title, "ja"));
      json_object_set_string_member (title, "en", ms_csm_text (playbook->title, "en"));
      json_object_set_object_member (o, "title", title);
    }
  if (t->owner != NULL)
    json_object_set_string_member (o, "owner", t->owner);
  else
    json_object_set_null_member (o, "owner");
  json_object_set_string_member (o, "status", status);
  json_object_set_int_member (o, "created_at", t->created_at);
  json_object_set_int_member (o, "due_at", t->due_at);
  json_object_set_boolean_member (o, "overdue", g_str_equal (status, "open") && t->due_at < now);
  if (t->snoozed_until > 0)
    json_object_set_int_member (o, "snoozed_until", t->snoozed_until);
  if (t->closed_at > 0)
    json_object_set_int_member (o, "closed_at", t->closed_at);
  if (t->reason != NULL)
    json_object_set_string_member (o, "reason", t->reason);
  return o;
}

typedef struct
{
  Read        read;
  const char *task_id;
  JsonObject *request;
} Change;

static gboolean
list_tasks (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Read *read = user_data;
  g_autoptr(GPtrArray) tasks = ms_server_csm_storage_list_tasks (csm (storage), NULL, TRUE, error);
  JsonArray *list;

  if (tasks == NULL)
    return FALSE;
  list = json_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      MsServerCsmTask *t = tasks->pdata[i];

      /* A csm's own tasks; leads and admins see every task */
      if (!sees_all (read->role) && g_strcmp0 (t->owner, read->user->id) != 0)
        continue;
      json_array_add_object_element (list, task_to_json (t, read->now));
    }
  read->out = json_object_new ();
  json_object_set_array_member (read->out, "tasks", list);
  return TRUE;
}

JsonObject *
ms_server_csm_list_tasks (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          gint64               now,
                          GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Read read = { user, role, NULL, now, 0, NULL };

  if (role == NULL || !ms_server_storage_transaction (storage, FALSE, list_tasks, &read, error))
    return NULL;
  return read.out;
}

static gboolean
update_task (MsServerStorage  *storage,
             gpointer          user_data,
             GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autoptr(MsServerCsmTask) task = NULL;
  g_autoptr(MsServerCsmAccount) a = NULL;
  const char *status;
  g_autofree char *reason = NULL;
  gint64 until = 0;

  if (!ms_server_csm_storage_find_task (csm (storage), change->task_id, NULL, NULL, &task, error))
    return FALSE;
  if (task == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such task."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), task->tenant, &a, error) ||
      !may_see (read, a, error))
    return FALSE;
  if (!sees_all (read->role) && task->owner != NULL && g_strcmp0 (task->owner, read->user->id) != 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("This task belongs to another CSM."));
      return FALSE;
    }
  status = ms_server_json_get_string (change->request, "status", TRUE, error);
  if (status == NULL)
    return FALSE;
  reason = get_text (change->request, "reason", FALSE, survey_config ()->note_max, error);
  if (reason == NULL ||
      !ms_server_json_get_int (change->request, "snoozed_until", FALSE, &until, error))
    return FALSE;
  if (g_str_equal (task->status, "done") || g_str_equal (task->status, "not_needed"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT,
                           _("This task is already closed."));
      return FALSE;
    }
  if (g_str_equal (status, "snoozed"))
    {
      if (until <= read->now || until > read->now + 90 * G_TIME_SPAN_DAY)
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Snooze a task until a time in the next 90 days."));
          return FALSE;
        }
      task->snoozed_until = until;
    }
  else if (g_str_equal (status, "done") || g_str_equal (status, "not_needed"))
    {
      if (g_str_equal (status, "not_needed") && *reason == '\0')
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("Say why the task is not needed."));
          return FALSE;
        }
      task->closed_at = read->now;
    }
  else if (!g_str_equal (status, "open"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("A task’s status is open, snoozed, done or not_needed."));
      return FALSE;
    }
  else
    task->snoozed_until = 0;
  g_free (task->status);
  task->status = g_strdup (status);
  if (*reason != '\0')
    {
      g_free (task->reason);
      task->reason = g_steal_pointer (&reason);
    }
  if (!ms_server_csm_storage_put_task (csm (storage), task, error))
    return FALSE;
  read->out = task_to_json (task, read->now);
  return TRUE;
}

JsonObject *
ms_server_csm_update_task (MsServerStorage     *storage,
                           const MsServerUser  *user,
                           const char          *task_id,
                           JsonObject          *request,
                           gint64               now,
                           GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Change change = { { user, role, NULL, now, 0, NULL }, task_id, request };

  if (role == NULL || !ms_server_storage_transaction (storage, TRUE, update_task, &change, error))
    return NULL;
  return change.read.out;
}

static gboolean
add_note (MsServerStorage  *storage,
          gpointer          user_data,
          GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autofree char *text = NULL;

  if (!ms_server_csm_storage_get_account (csm (storage), read->tenant, &a, error) ||
      !may_see (read, a, error))
    return FALSE;
  text = get_text (change->request, "text", TRUE, survey_config ()->note_max, error);
  if (text == NULL ||
      !ms_server_csm_storage_add_note (csm (storage), a->tenant, read->user->id, text, read->now,
                                       error))
    return FALSE;
  read->out = json_object_new ();
  json_object_set_array_member (read->out, "notes",
                                ms_server_csm_storage_list_notes (csm (storage), a->tenant,
                                                                  read->user->id, NULL));
  return TRUE;
}

JsonObject *
ms_server_csm_add_note (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        const char          *tenant,
                        JsonObject          *request,
                        gint64               now,
                        GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Change change = { { user, role, tenant, now, 0, NULL }, NULL, request };

  if (role == NULL || !ms_server_storage_transaction (storage, TRUE, add_note, &change, error))
    return NULL;
  return change.read.out;
}

static gboolean
set_owner (MsServerStorage  *storage,
           gpointer          user_data,
           GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autofree char *owner_role = NULL;
  const char *owner;

  if (!sees_all (read->role))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                           _("Only a lead or an admin assigns accounts."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), read->tenant, &a, error) ||
      !may_see (read, a, error))
    return FALSE;
  owner = ms_server_json_get_string (change->request, "owner", FALSE, error);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (owner != NULL &&
      (!ms_server_csm_storage_get_staff (csm (storage), owner, &owner_role, error) ||
       owner_role == NULL))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                             _("An account’s owner is a staff member."));
      return FALSE;
    }
  if (!ms_server_csm_storage_set_owner (csm (storage), a->tenant, owner, error))
    return FALSE;
  g_free (a->owner);
  a->owner = g_strdup (owner);
  read->out = account_summary (a, NULL);
  return TRUE;
}

JsonObject *
ms_server_csm_set_owner (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         const char          *tenant,
                         JsonObject          *request,
                         GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Change change = { { user, role, tenant, 0, 0, NULL }, NULL, request };

  if (role == NULL || !ms_server_storage_transaction (storage, TRUE, set_owner, &change, error))
    return NULL;
  return change.read.out;
}

/* ------------------------------------------------------------------------ */
/* Support requests                                                          */

static gboolean
answer_support (MsServerStorage  *storage,
                gpointer          user_data,
                GError          **error)
{
  Change *change = user_data;
  Read *read = &change->read;
  g_autofree char *tenant = NULL;
  g_autofree char *data_json = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *text = NULL;
  gboolean close;

  if (!ms_server_csm_storage_get_event (csm (storage), "support", change->task_id, &tenant,
                                        &data_json, error))
    return FALSE;
  if (tenant == NULL || (data = parse_text (data_json)) == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such support request."));
      return FALSE;
    }
  if (!ms_server_csm_storage_get_account (csm (storage), tenant, &a, error) ||
      !may_see (read, a, error))
    return FALSE;
  answer = get_text (change->request, "answer", FALSE, survey_config ()->answer_max, error);
  if (answer == NULL)
    return FALSE;
  close = json_object_get_boolean_member_with_default (change->request, "close", FALSE);
  if (*answer != '\0')
    json_object_set_string_member (data, "answer", answer);
  if (close)
    {
      json_object_set_string_member (data, "status", "closed");
      json_object_set_int_member (data, "closed_day", ms_csm_day_from_time (read->now));
    }
  else
    json_object_set_string_member (data, "status", "answered");
  json_object_set_string_member (data, "answered_by", read->user->id);
  text = ms_server_csm_json_text (data);
  if (!ms_server_csm_storage_put_event (csm (storage), tenant, "support", change->task_id,
                                        (gint32) ms_json_object_get_int (data, "day", 0), text,
                                        error))
    return FALSE;
  read->out = support_for_staff (data);
  json_object_set_string_member (read->out, "id", change->task_id);
  return TRUE;
}

JsonObject *
ms_server_csm_answer_support (MsServerStorage     *storage,
                              const MsServerUser  *user,
                              const char          *request_id,
                              JsonObject          *request,
                              gint64               now,
                              GError             **error)
{
  g_autofree char *role = authorize (storage, user, error);
  Change change = { { user, role, NULL, now, 0, NULL }, request_id, request };

  if (role == NULL ||
      !ms_server_storage_transaction (storage, TRUE, answer_support, &change, error))
    return NULL;
  return change.read.out;
}

/* The customer's side: the tenant must be one of theirs. */
static gboolean
member_of (MsServerStorage     *storage,
           const MsServerUser  *user,
           const char          *tenant,
           GError             **error)
{
  /* Who may ask first: a foreign tenant is 403 on every backend */
  return ms_server_authorize_tenant (storage, user, tenant, NULL, error) &&
         ms_server_csm_available (storage, error);
}

typedef struct
{
  const MsServerUser *user;
  const char         *tenant;
  const char         *id;
  JsonObject         *data;
  gint64              now;
  JsonObject         *out;
} Customer;

static gboolean
create_support (MsServerStorage  *storage,
                gpointer          user_data,
                GError          **error)
{
  Customer *c = user_data;
  g_autofree char *text = ms_server_csm_json_text (c->data);

  return ms_server_csm_storage_put_event (csm (storage), c->tenant, "support", c->id,
                                          ms_csm_day_from_time (c->now), text, error);
}

JsonObject *
ms_server_csm_support_create (MsServerStorage     *storage,
                              const MsServerUser  *user,
                              JsonObject          *request,
                              gint64               now,
                              GError             **error)
{
  const SurveyConfig *config = survey_config ();
  const char *tenant = ms_server_json_get_string (request, "tenant", TRUE, error);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) data = NULL;
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (tenant == NULL || !member_of (storage, user, tenant, error))
    return NULL;
  subject = get_text (request, "subject", TRUE, config->subject_max, error);
  if (subject == NULL)
    return NULL;
  body = get_text (request, "body", TRUE, config->body_max, error);
  if (body == NULL)
    return NULL;
  id = new_id ();
  data = json_object_new ();
  json_object_set_string_member (data, "subject", subject);
  json_object_set_string_member (data, "body", body);
  json_object_set_string_member (data, "status", "open");
  json_object_set_string_member (data, "user", user->id);
  json_object_set_int_member (data, "created_at", now);
  json_object_set_int_member (data, "closed_day", -1);
  json_object_set_int_member (data, "rating", 0);
  c.id = id;
  c.data = data;
  if (!ms_server_storage_transaction (storage, TRUE, create_support, &c, error))
    return NULL;
  json_object_set_string_member (data, "id", id);
  return json_object_ref (data);
}

static gboolean
list_support (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;
  JsonArray *list = ms_server_csm_storage_list_events (csm (storage), c->tenant, "support",
                                                       survey_config ()->list_max, error);

  if (list == NULL)
    return FALSE;
  c->out = json_object_new ();
  json_object_set_array_member (c->out, "requests", list);
  return TRUE;
}

JsonObject *
ms_server_csm_support_list (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *tenant,
                            GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, 0, NULL };

  if (!member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, list_support, &c, error))
    return NULL;
  return c.out;
}

static gboolean
rate_support (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;
  g_autofree char *tenant = NULL;
  g_autofree char *data_json = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *text = NULL;
  gint64 rating = 0;

  if (!ms_server_csm_storage_get_event (csm (storage), "support", c->id, &tenant, &data_json,
                                        error))
    return FALSE;
  data = parse_text (data_json);
  /* Someone else's request reads as none at all */
  if (tenant == NULL || data == NULL ||
      !ms_server_authorize_tenant (storage, c->user, tenant, NULL, NULL))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no such support request."));
      return FALSE;
    }
  if (!ms_server_json_get_int (c->data, "rating", TRUE, &rating, error))
    return FALSE;
  if (rating < 1 || rating > 5)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("A rating is a whole number from 1 to 5."));
      return FALSE;
    }
  json_object_set_int_member (data, "rating", rating);
  if (ms_json_object_get_int (data, "closed_day", -1) < 0)
    {
      json_object_set_int_member (data, "closed_day", ms_csm_day_from_time (c->now));
      json_object_set_string_member (data, "status", "closed");
    }
  text = ms_server_csm_json_text (data);
  if (!ms_server_csm_storage_put_event (csm (storage), tenant, "support", c->id,
                                        (gint32) ms_json_object_get_int (data, "day", 0), text,
                                        error))
    return FALSE;
  json_object_set_string_member (data, "id", c->id);
  c->out = json_object_ref (data);
  return TRUE;
}

JsonObject *
ms_server_csm_support_rate (MsServerStorage     *storage,
                            const MsServerUser  *user,
                            const char          *request_id,
                            JsonObject          *request,
                            gint64               now,
                            GError             **error)
{
  Customer c = { user, NULL, request_id, request, now, NULL };

  if (!ms_server_csm_available (storage, error) ||
      !ms_server_storage_transaction (storage, TRUE, rate_support, &c, error))
    return NULL;
  return c.out;
}

/* ------------------------------------------------------------------------ */
/* NPS                                                                       */

/* When @user may next be asked in @tenant: never in the account's first
 * first_days days, and every_days after their last answer or dismissal. */
static gboolean
nps_due (MsServerStorage  *storage,
         Customer         *c,
         gint64           *next_at,
         GError          **error)
{
  const SurveyConfig *config = survey_config ();
  g_autoptr(MsServerCsmAccount) a = NULL;
  g_autoptr(JsonArray) answers = NULL;
  gint64 started, last = 0;

  if (!ms_server_csm_storage_get_account (csm (storage), c->tenant, &a, error))
    return FALSE;
  started = a != NULL ? a->created_at : c->user->created_at;
  answers = ms_server_csm_storage_list_events (csm (storage), c->tenant, "nps", G_MAXINT, error);
  if (answers == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *answer = json_array_get_object_element (answers, i);

      if (g_strcmp0 (ms_json_object_get_string (answer, "user", NULL), c->user->id) == 0)
        last = MAX (last, ms_json_object_get_int (answer, "answered_at", 0));
    }
  *next_at = MAX (started + (gint64) config->nps_first_days * G_TIME_SPAN_DAY,
                  last > 0 ? last + (gint64) config->nps_every_days * G_TIME_SPAN_DAY : 0);
  return TRUE;
}

static gboolean
nps_status (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Customer *c = user_data;
  gint64 next_at = 0;

  if (!nps_due (storage, c, &next_at, error))
    return FALSE;
  c->out = json_object_new ();
  json_object_set_boolean_member (c->out, "due", next_at <= c->now);
  json_object_set_int_member (c->out, "next_at", next_at);
  return TRUE;
}

JsonObject *
ms_server_csm_nps_status (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          const char          *tenant,
                          gint64               now,
                          GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (!member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, nps_status, &c, error))
    return NULL;
  return c.out;
}

static gboolean
nps_answer (MsServerStorage  *storage,
            gpointer          user_data,
            GError          **error)
{
  Customer *c = user_data;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  gint64 next_at = 0;

  if (!nps_due (storage, c, &next_at, error))
    return FALSE;
  if (next_at > c->now)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_CONFLICT,
                           _("The survey is not open to you now."));
      return FALSE;
    }
  id = new_id ();
  text = ms_server_csm_json_text (c->data);
  return ms_server_csm_storage_put_event (csm (storage), c->tenant, "nps", id,
                                          ms_csm_day_from_time (c->now), text, error);
}

JsonObject *
ms_server_csm_nps_answer (MsServerStorage     *storage,
                          const MsServerUser  *user,
                          JsonObject          *request,
                          gint64               now,
                          GError             **error)
{
  const char *tenant = ms_server_json_get_string (request, "tenant", TRUE, error);
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *reason = NULL;
  gboolean dismissed = json_object_get_boolean_member_with_default (request, "dismissed", FALSE);
  gint64 score = -1;
  Customer c = { user, tenant, NULL, data, now, NULL };

  if (tenant == NULL || !member_of (storage, user, tenant, error))
    return NULL;
  if (!dismissed)
    {
      if (!ms_server_json_get_int (request, "score", TRUE, &score, error))
        return NULL;
      if (score < 0 || score > 10)
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                               _("An NPS answer is a whole number from 0 to 10."));
          return NULL;
        }
      reason = get_text (request, "reason", FALSE, survey_config ()->nps_reason_max, error);
      if (reason == NULL)
        return NULL;
    }
  json_object_set_int_member (data, "score", score);
  json_object_set_string_member (data, "reason", reason != NULL ? reason : "");
  json_object_set_string_member (data, "user", user->id);
  json_object_set_int_member (data, "answered_at", now);
  if (!ms_server_storage_transaction (storage, TRUE, nps_answer, &c, error))
    return NULL;
  return json_object_ref (data);
}

/* ------------------------------------------------------------------------ */
/* Loyalty                                                                   */

static gboolean
loyalty_of (MsCsmAccount  *account,
            gpointer       user_data,
            GError       **error)
{
  Customer *c = user_data;
  MsCsmSignals signals;
  guint64 into = 0, next = 0;

  ms_csm_signals_compute (account, ms_csm_day_from_time (c->now), &signals);
  ms_csm_level_for_exp (signals.exp, &into, &next);
  json_object_set_int_member (c->out, "exp", (gint64) signals.exp);
  json_object_set_int_member (c->out, "level", signals.level);
  json_object_set_int_member (c->out, "exp_into_level", (gint64) into);
  json_object_set_int_member (c->out, "exp_for_next_level", (gint64) next);
  return TRUE;
}

static gboolean
read_loyalty (MsServerStorage  *storage,
              gpointer          user_data,
              GError          **error)
{
  Customer *c = user_data;

  c->out = json_object_new ();
  json_object_set_int_member (c->out, "exp", 0);
  json_object_set_int_member (c->out, "level", 1);
  json_object_set_int_member (c->out, "exp_into_level", 0);
  json_object_set_int_member (c->out, "exp_for_next_level",
                              (gint64) (ms_csm_level_for_exp (0, NULL, NULL) * 100));
  return ms_server_csm_storage_load_history (csm (storage), c->tenant, G_MININT32, loyalty_of, c,
                                             error);
}

/**
 * ms_server_csm_loyalty:
 *
 * Returns: the Exp and level of @tenant (data/csm/loyalty.json), counted
 *   from everything its people did
 */
JsonObject *
ms_server_csm_loyalty (MsServerStorage     *storage,
                       const MsServerUser  *user,
                       const char          *tenant,
                       gint64               now,
                       GError             **error)
{
  Customer c = { user, tenant, NULL, NULL, now, NULL };

  if (!member_of (storage, user, tenant, error) ||
      !ms_server_storage_transaction (storage, FALSE, read_loyalty, &c, error))
    {
      g_clear_pointer (&c.out, json_object_unref);
      return NULL;
    }
  return c.out;
}
