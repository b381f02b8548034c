/* ms-server-csm.c — customer success on the server: what every part shares, counting what
 * customers do, and who is staff. The staff's reads are in ms-server-csm-accounts.c, their
 * work on an account in ms-server-csm-tasks.c, support requests in ms-server-csm-support.c,
 * the NPS survey and loyalty in ms-server-csm-survey.c; the routes in ms-server-csm-routes.c.
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
#include "ms-server-csm-private.h"

const SurveyConfig *
_ms_server_csm_survey_config (void)
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

/* Returns: @o as compact JSON text */
char *
ms_server_csm_json_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, o);
  return json_to_string (node, FALSE);
}

JsonObject *
_ms_server_csm_parse_text (const char *text)
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
char *
_ms_server_csm_get_text (JsonObject  *request,
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
char *
_ms_server_csm_authorize (MsServerStorage     *storage,
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

  /* One statement: no transaction around it (two round trips fewer on
   * PostgreSQL for every /v1/me) */
  if (!MS_IS_SERVER_CSM_STORAGE (storage) || !read_staff (storage, &staff, error) ||
      staff.role == NULL)
    return NULL;
  o = json_object_new ();
  json_object_set_string_member (o, "role", staff.role);
  json_object_set_string_member (o, "tenant", MS_SERVER_CSM_TENANT);
  g_free (staff.role);
  return o;
}
