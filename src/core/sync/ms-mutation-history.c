/* ms-mutation-history.c — score_history: saved scorings and their results
 *
 *   history.save          {id, created_at, channel, subject, preheader, body,
 *                          input_json, result_json, engine, total,
 *                          predicted_open_rate?, predicted_ctr?, predicted_cvr?}
 *   history.delete        {id, deleted_at}   to the bin
 *   history.restore       {id}               out of the bin
 *   history.set_actuals   {id, recipients, open_rate, ctr, conversions}
 *   history.clear_actuals {id}
 *
 * The Free plan's saved_scorings_per_day counts a tenant's rows (deleted
 * ones included) by the calendar day of their created_at in Asia/Tokyo,
 * where our users are: the limit day of data/plans.json
 * (ms_entitlements_get_limit_day()), as the client's store counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-json-guard.h"
#include "ms-mutations-private.h"

#define ENTITY "score_history"

static const char * const channels[] = { "email", "line", NULL };
static const char * const rate_names[] = {
  "predicted_open_rate", "predicted_ctr", "predicted_cvr",
};
static const char * const json_names[] = { "input_json", "result_json" };
static const char * const actual_names[] = {
  "actual_recipients", "actual_open_rate", "actual_ctr", "actual_conversions", "actuals_at",
};

#define ID_ARG { "id", MS_ARG_ID, MS_ARG_REQUIRED }
#define RATE_MESSAGE N_("Open rate and click rate must be between 0 and 100 percent.")
#define ACTUALS_MESSAGE N_("Enter how many people received the message (at least 1), and no " \
                           "more conversions than recipients.")

static const MsArg save_args[] = {
  ID_ARG,
  { "created_at", MS_ARG_TIME, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The scoring’s date is in the future. Check the clock of this computer.") },
  { "channel", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, channels, NULL,
    N_("The channel must be “email” or “line”.") },
  { "subject", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.subject" },
  { "preheader", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.preheader" },
  { "body", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.body" },
  { "input_json", MS_ARG_TEXT, MS_ARG_REQUIRED, "scoring.json" },
  { "result_json", MS_ARG_TEXT, MS_ARG_REQUIRED, "scoring.json" },
  { "engine", MS_ARG_TEXT, MS_ARG_REQUIRED, "scoring.engine" },
  { "total", MS_ARG_INT, MS_ARG_REQUIRED, "scoring.total", NULL, NULL,
    N_("A score must be between 0 and 100.") },
  { "predicted_open_rate", MS_ARG_NUMBER, MS_ARG_NULLABLE, "rate", NULL, NULL,
    N_("A predicted rate must be between 0 and 100 percent.") },
  { "predicted_ctr", MS_ARG_NUMBER, MS_ARG_NULLABLE, "rate", NULL, NULL,
    N_("A predicted rate must be between 0 and 100 percent.") },
  { "predicted_cvr", MS_ARG_NUMBER, MS_ARG_NULLABLE, "rate", NULL, NULL,
    N_("A predicted rate must be between 0 and 100 percent.") },
  { NULL }
};

static const MsArg delete_args[] = {
  ID_ARG,
  { "deleted_at", MS_ARG_TIME, MS_ARG_REQUIRED, NULL, NULL, NULL,
    N_("The time of the deletion is missing.") },
  { NULL }
};

static const MsArg id_args[] = {
  ID_ARG,
  { NULL }
};

static const MsArg actuals_args[] = {
  ID_ARG,
  { "recipients", MS_ARG_INT, MS_ARG_REQUIRED, "actuals.recipients", NULL, NULL,
    ACTUALS_MESSAGE },
  { "open_rate", MS_ARG_NUMBER, MS_ARG_REQUIRED, "rate", NULL, NULL, RATE_MESSAGE },
  { "ctr", MS_ARG_NUMBER, MS_ARG_REQUIRED, "rate", NULL, NULL, RATE_MESSAGE },
  { "conversions", MS_ARG_INT, MS_ARG_REQUIRED, "actuals.conversions", NULL, NULL,
    ACTUALS_MESSAGE },
  { NULL }
};

static const char *
get_id (JsonObject *args)
{
  return json_object_get_string_member (args, "id");
}

/* ------------------------------------------------------------------------ */
/* history.save                                                             */

static gboolean
save_normalize (JsonObject  *args,
                gint64       now,
                GError     **error)
{
  gint64 skew = ms_sync_limit ("clock_skew", "max") * G_USEC_PER_SEC;

  if (now > 0 && json_object_get_int_member (args, "created_at") > now + skew)
    return _ms_mutation_invalid (error, _("The scoring’s date is in the future. Check the "
                                          "clock of this computer."));
  /* Every device parses these texts again when the scoring is reopened:
   * each must be a JSON object no deeper than JSON from outside may be. */
  for (guint i = 0; i < G_N_ELEMENTS (json_names); i++)
    {
      const char *text = json_object_get_string_member (args, json_names[i]);
      const MsJsonLimits limits = { (gsize) ms_sync_limit ("scoring.json", "max_bytes"),
                                    MS_JSON_MAX_DEPTH_ANSWER };

      if (!ms_json_guard_check_object (text, strlen (text), &limits, NULL))
        return _ms_mutation_invalid (error, _("The saved scoring cannot be read: its message "
                                              "or its result is damaged."));
    }
  return TRUE;
}

static void
copy_member (JsonObject *from,
             JsonObject *to,
             const char *name,
             const char *fallback)
{
  JsonNode *node = json_object_get_member (from, name);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    json_object_set_member (to, name, json_node_copy (node));
  else if (fallback != NULL)
    json_object_set_string_member (to, name, fallback);
  else
    json_object_set_null_member (to, name);
}

static gboolean
save_server (MsMutationServer  *server,
             JsonObject        *args,
             GError           **error)
{
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) o = NULL;
  static const char * const texts[] = {
    "channel", "subject", "preheader", "body", "input_json", "result_json", "engine",
  };
  const char *id = get_id (args);
  gint64 created_at = json_object_get_int_member (args, "created_at");
  gint64 limit;

  /* Inserting a row with a client-made id is idempotent. */
  if (!server->get_row (server, ENTITY, id, &existing, error))
    return FALSE;
  if (existing != NULL)
    return TRUE;

  entitlements = server->dup_entitlements (server, error);
  if (entitlements == NULL)
    return FALSE;
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_SAVED_SCORINGS_PER_DAY);
  if (limit != MS_LIMIT_UNLIMITED)
    {
      /* The limit day (Asia/Tokyo) of the row, deleted rows included. */
      gint64 day_start, day_end;
      gint64 count = 0;

      ms_entitlements_get_limit_day (created_at, &day_start, &day_end);
      if (!server->count_rows (server, ENTITY, day_start, day_end, FALSE, NULL, &count, error))
        return FALSE;
      if (count >= limit)
        {
          ms_mutation_set_limit_error (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_LIMIT_REACHED,
                                       MS_LIMIT_SAVED_SCORINGS_PER_DAY, entitlements);
          return FALSE;
        }
    }

  o = json_object_new ();
  json_object_set_string_member (o, "id", id);
  json_object_set_int_member (o, "created_at", created_at);
  json_object_set_int_member (o, "updated_at", MAX (server->now, created_at));
  json_object_set_null_member (o, "deleted_at");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    copy_member (args, o, texts[i], "");
  json_object_set_int_member (o, "total", json_object_get_int_member (args, "total"));
  for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
    copy_member (args, o, rate_names[i], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (actual_names); i++)
    json_object_set_null_member (o, actual_names[i]);
  return server->put_row (server, ENTITY, id, NULL, o, error);
}

static gboolean
save_local (MsMutationLocal  *local,
            JsonObject       *args,
            GError          **error)
{
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) row = json_object_new ();
  static const char * const columns[] = {
    "id", "created_at", "channel", "subject", "preheader", "body", "input_json",
    "result_json", "engine", "total", "predicted_open_rate", "predicted_ctr", "predicted_cvr",
  };

  if (!local->get_row (local, ENTITY, get_id (args), &existing, error))
    return FALSE;
  if (existing != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (json_object_has_member (args, columns[i]))
      json_object_set_member (row, columns[i],
                              json_node_copy (json_object_get_member (args, columns[i])));
  json_object_set_string_member (row, "tenant", local->tenant);
  json_object_set_int_member (row, "updated_at", json_object_get_int_member (args, "created_at"));
  return local->insert_row (local, ENTITY, row, error);
}

/* ------------------------------------------------------------------------ */
/* history.delete, history.restore                                          */

static gboolean
delete_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  return _ms_server_delete (server, ENTITY, get_id (args),
                            json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
delete_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  return _ms_local_delete (local, ENTITY, get_id (args),
                           json_object_get_int_member (args, "deleted_at"), error);
}

static gboolean
restore_server (MsMutationServer  *server,
                JsonObject        *args,
                GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  const char *id = get_id (args);

  if (!_ms_server_get_row (server, ENTITY, id, FALSE, &row, error))
    return FALSE;
  if (_ms_row_is_live (row))
    return TRUE;  /* already restored */
  json_object_set_null_member (row, "deleted_at");
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
restore_local (MsMutationLocal  *local,
               JsonObject       *args,
               GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) changes = NULL;
  const char *id = get_id (args);

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL || _ms_row_is_live (row))
    return TRUE;
  changes = json_object_new ();
  json_object_set_null_member (changes, "deleted_at");
  json_object_set_int_member (changes, "updated_at", _ms_local_next_updated_at (local->now, row));
  return local->update_row (local, ENTITY, id, changes, error);
}

/* ------------------------------------------------------------------------ */
/* history.set_actuals, history.clear_actuals                               */

static gboolean
actuals_normalize (JsonObject  *args,
                   gint64       now,
                   GError     **error)
{
  if (json_object_get_int_member (args, "conversions") >
      json_object_get_int_member (args, "recipients"))
    return _ms_mutation_invalid (error, _(ACTUALS_MESSAGE));
  return TRUE;
}

/* The actual_* columns @args sets; all null for clear_actuals. */
static JsonObject *
actuals_values (JsonObject *args)
{
  static const char * const from[] = { "recipients", "open_rate", "ctr", "conversions" };
  JsonObject *values = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    if (json_object_has_member (args, from[i]))
      json_object_set_member (values, actual_names[i],
                              json_node_copy (json_object_get_member (args, from[i])));
    else
      json_object_set_null_member (values, actual_names[i]);
  return values;
}

static gboolean
set_actuals_server (MsMutationServer  *server,
                    JsonObject        *args,
                    GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = actuals_values (args);
  const char *id = get_id (args);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!_ms_server_get_row (server, ENTITY, id, TRUE, &row, error))
    return FALSE;
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (row, name, json_node_copy (value));
  json_object_set_int_member (row, "actuals_at", server->now);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
set_actuals_local (MsMutationLocal  *local,
                   JsonObject       *args,
                   GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = actuals_values (args);
  const char *id = get_id (args);

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  /* The first time results were entered stays. */
  json_object_remove_member (values, "actuals_at");
  if (row != NULL && _ms_row_get_time (row, "actuals_at") == 0)
    {
      gboolean changes = FALSE;
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, values);
      while (json_object_iter_next (&iter, &name, &value))
        changes |= !_ms_json_same_value (json_object_get_member (row, name), value);
      if (changes)
        json_object_set_int_member (values, "actuals_at", local->now);
    }
  return _ms_local_update_live (local, ENTITY, id, values, local->now, error);
}

static gboolean
clear_actuals_server (MsMutationServer  *server,
                      JsonObject        *args,
                      GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  const char *id = get_id (args);

  if (!_ms_server_get_row (server, ENTITY, id, TRUE, &row, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (actual_names); i++)
    json_object_set_null_member (row, actual_names[i]);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
clear_actuals_local (MsMutationLocal  *local,
                     JsonObject       *args,
                     GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();
  const char *id = get_id (args);

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL || _ms_row_get_time (row, "actuals_at") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (actual_names); i++)
    json_object_set_null_member (values, actual_names[i]);
  return _ms_local_update_live (local, ENTITY, id, values, local->now, error);
}

/* ------------------------------------------------------------------------ */

static MsMutation mutations[] = {
  { "history.save", MS_TENANT_PERSONAL, MS_ROLE_OWNER, save_args, save_normalize,
    save_local, save_server },
  { "history.delete", MS_TENANT_PERSONAL, MS_ROLE_OWNER, delete_args, NULL,
    delete_local, delete_server },
  { "history.restore", MS_TENANT_PERSONAL, MS_ROLE_OWNER, id_args, NULL,
    restore_local, restore_server },
  { "history.set_actuals", MS_TENANT_PERSONAL, MS_ROLE_OWNER, actuals_args, actuals_normalize,
    set_actuals_local, set_actuals_server, .feature = "actual_results" },
  { "history.clear_actuals", MS_TENANT_PERSONAL, MS_ROLE_OWNER, id_args, NULL,
    clear_actuals_local, clear_actuals_server, .feature = "actual_results" },
  { NULL }
};

MsSyncEntity _ms_history_entity = {
  .name = ENTITY,
  .mutations = mutations,
};
