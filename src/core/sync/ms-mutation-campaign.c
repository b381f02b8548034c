/* ms-mutation-campaign.c — campaign_result: results of past campaigns
 *
 *   campaign_result.put_many {rows: [{id, natural_key, sent_on?, channel,
 *                             subject, body?, recipients?, open_rate?, ctr?,
 *                             cv_count?, cv_type?}, …]}
 *
 * Idempotent puts keyed by (tenant, natural_key): a row whose natural key
 * (or id) is stored already is skipped — the stored row, with its first id,
 * wins. One invalid row rejects the whole mutation and writes nothing. The
 * most rows one mutation carries is MS_CAMPAIGN_ROWS_PER_PUT, as the
 * store splits an import (data/limits.json "campaign.rows" agrees).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

#define ENTITY "campaign_result"
#define FIELD_MESSAGE N_("A campaign field is too long.")
#define COUNT_MESSAGE N_("Counts cannot be negative.")
#define RATE_MESSAGE N_("Open rate and click rate must be between 0 and 100 percent.")

static const char * const channels[] = { "email", "line", NULL };

/* In the order of the row's columns. */
static const MsArg row_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "natural_key", MS_ARG_TEXT, MS_ARG_REQUIRED, "campaign.natural_key" },
  { "sent_on", MS_ARG_TEXT, MS_ARG_NULLABLE, "campaign.field", NULL, NULL, FIELD_MESSAGE },
  { "channel", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, channels, NULL,
    N_("The channel must be “email” or “line”.") },
  { "subject", MS_ARG_TEXT, MS_ARG_REQUIRED, "campaign.subject" },
  { "body", MS_ARG_TEXT, MS_ARG_OPTIONAL, "campaign.body" },
  { "recipients", MS_ARG_INT, MS_ARG_NULLABLE, "campaign.count", NULL, NULL, COUNT_MESSAGE },
  { "open_rate", MS_ARG_NUMBER, MS_ARG_NULLABLE, "rate", NULL, NULL, RATE_MESSAGE },
  { "ctr", MS_ARG_NUMBER, MS_ARG_NULLABLE, "rate", NULL, NULL, RATE_MESSAGE },
  { "cv_count", MS_ARG_INT, MS_ARG_NULLABLE, "campaign.count", NULL, NULL, COUNT_MESSAGE },
  { "cv_type", MS_ARG_TEXT, MS_ARG_NULLABLE, "campaign.field", NULL, NULL, FIELD_MESSAGE },
  { NULL }
};

static const MsArg put_many_args[] = {
  { "rows", MS_ARG_ROWS, MS_ARG_REQUIRED, "campaign.rows", NULL, row_args,
    /* Translators: %u is the most campaign results one request may carry */
    N_("Send 1 to %u campaign results at a time."),
    N_("Each campaign result must be an object.") },
  { NULL }
};

/* Absent members are null; the body is text. */
static gboolean
put_many_normalize (JsonObject  *args,
                    gint64       now,
                    GError     **error)
{
  JsonArray *rows = json_object_get_array_member (args, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (*json_object_get_string_member (row, "natural_key") == '\0')
        return _ms_mutation_invalid (error, _("A campaign result needs its natural key."));
      for (const MsArg *arg = row_args; arg->name != NULL; arg++)
        if (!json_object_has_member (row, arg->name))
          {
            if (g_str_equal (arg->name, "body"))
              json_object_set_string_member (row, arg->name, "");
            else
              json_object_set_null_member (row, arg->name);
          }
    }
  return TRUE;
}

/* The row as stored: the arguments' members in column order. */
static JsonObject *
make_row (JsonObject *in,
          gint64      now)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", json_object_get_string_member (in, "id"));
  json_object_set_int_member (o, "created_at", now);
  json_object_set_int_member (o, "updated_at", now);
  json_object_set_null_member (o, "deleted_at");
  for (const MsArg *arg = row_args + 1; arg->name != NULL; arg++)
    json_object_set_member (o, arg->name, json_node_copy (json_object_get_member (in,
                                                                                  arg->name)));
  return o;
}

static gboolean
put_many_server (MsMutationServer  *server,
                 JsonObject        *args,
                 GError           **error)
{
  JsonArray *rows = json_object_get_array_member (args, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *in = json_array_get_object_element (rows, i);
      const char *id = json_object_get_string_member (in, "id");
      const char *key = json_object_get_string_member (in, "natural_key");
      g_autoptr(JsonObject) existing = NULL;
      g_autoptr(JsonObject) o = NULL;
      g_autofree char *other = NULL;

      if (!server->find_key (server, ENTITY, key, FALSE, &other, error) ||
          !server->get_row (server, ENTITY, id, &existing, error))
        return FALSE;
      if (other != NULL || existing != NULL)
        continue;  /* stored already: the first row wins */
      o = make_row (in, server->now);
      if (!server->put_row (server, ENTITY, id, key, o, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_many_local (MsMutationLocal  *local,
                JsonObject       *args,
                GError          **error)
{
  JsonArray *rows = json_object_get_array_member (args, "rows");

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *in = json_array_get_object_element (rows, i);
      g_autoptr(JsonObject) existing = NULL;
      g_autoptr(JsonObject) o = NULL;

      if (!local->get_row (local, ENTITY, json_object_get_string_member (in, "id"), &existing,
                           error))
        return FALSE;
      if (existing != NULL)
        continue;
      o = make_row (in, local->now);
      json_object_remove_member (o, "deleted_at");
      json_object_set_string_member (o, "tenant", local->tenant);
      if (!local->insert_row (local, ENTITY, o, error))
        return FALSE;
    }
  return TRUE;
}

static MsMutation mutations[] = {
  { "campaign_result.put_many", MS_TENANT_PERSONAL, MS_ROLE_OWNER, put_many_args,
    put_many_normalize, put_many_local, put_many_server, .feature = "campaign_import" },
  { NULL }
};

static const char * const unique[] = { "natural_key", NULL };

MsSyncEntity _ms_campaign_entity = {
  .name = ENTITY,
  .mutations = mutations,
  .unique = unique,
  .no_insert_shadow = TRUE,
};
