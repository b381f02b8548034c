/* ms-mutation-onboarding.c — the first-run checklist's steps, done on any device
 *
 *   onboarding_step.done {step, done_at}   the step was done; the first time wins
 *
 * One row per step in the person's own space, like a personal setting
 * (ms-mutation-personal-setting.c): the server's row id is the step, this
 * device's is tenant/step, so a step done offline here and on another
 * device is one row after a sync. A step is never undone: a second "done"
 * keeps the earlier time, so the mutation is idempotent and two devices
 * converge whatever order their pushes arrive in. Which steps a person
 * sees (their plan, whether they own a team) is data/onboarding.json's
 * business (ms-onboarding.c); every step id the app knows is valid here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

#define ENTITY "onboarding_step"

/* The checklist's steps (data/onboarding.json lists the same ids; test-onboarding checks). */
static const char * const steps[] = {
  "score",         /* write and score a first message */
  "preview",       /* open a device preview */
  "fix",           /* fix a finding */
  "save",          /* save a scoring to History */
  "result",        /* enter a result after sending */
  "import",        /* import past campaigns */
  "invite",        /* invite a teammate */
  "brand_rules",   /* set the team's brand rules */
  NULL,
};

static const MsArg done_args[] = {
  { "step", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, steps, NULL,
    N_("This version of MsgScore does not know that step of the checklist. Update MsgScore "
       "to use it.") },
  { "done_at", MS_ARG_TIME, MS_ARG_REQUIRED },
  { NULL }
};

static gboolean
done_server (MsMutationServer  *server,
             JsonObject        *args,
             GError           **error)
{
  g_autoptr(JsonObject) row = NULL;
  const char *step = json_object_get_string_member (args, "step");
  gint64 done_at = json_object_get_int_member (args, "done_at");

  if (!server->get_row (server, ENTITY, step, &row, error))
    return FALSE;
  if (row == NULL)
    {
      row = json_object_new ();
      json_object_set_string_member (row, "id", step);
      json_object_set_string_member (row, "step", step);
      json_object_set_int_member (row, "created_at", server->now);
      json_object_set_int_member (row, "updated_at", server->now);
      json_object_set_null_member (row, "deleted_at");
    }
  else if (_ms_row_get_time (row, "done_at") != 0 && _ms_row_get_time (row, "done_at") <= done_at)
    return TRUE;  /* done before: the first time stays */
  else
    json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  json_object_set_int_member (row, "done_at", done_at);
  return server->put_row (server, ENTITY, step, NULL, row, error);
}

static char *
local_id (const char *tenant,
          const char *step)
{
  return g_strconcat (tenant, "/", step, NULL);
}

static gboolean
done_local (MsMutationLocal  *local,
            JsonObject       *args,
            GError          **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();
  const char *step = json_object_get_string_member (args, "step");
  gint64 done_at = json_object_get_int_member (args, "done_at");
  g_autofree char *id = local_id (local->tenant, step);

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row != NULL && _ms_row_get_time (row, "done_at") != 0 &&
      _ms_row_get_time (row, "done_at") <= done_at)
    return TRUE;
  json_object_set_string_member (values, "step", step);
  json_object_set_int_member (values, "done_at", done_at);
  return _ms_local_put (local, ENTITY, id, values, error);
}

static void
done_rows (const MsMutation *mutation,
           const char       *tenant,
           JsonObject       *args,
           GHashTable       *rows)
{
  const char *step = json_object_get_string_member_with_default (args, "step", NULL);

  if (tenant != NULL && step != NULL)
    g_hash_table_add (rows, g_strconcat (ENTITY "\n", tenant, "/", step, NULL));
}

/* A pulled row: the server's id is the step; here it is tenant/step. */
static void
localize (const char *tenant,
          JsonObject *row)
{
  const char *step = json_object_get_string_member_with_default (row, "step", NULL);
  g_autofree char *owned = g_strdup (step != NULL ? step
                                     : json_object_get_string_member_with_default (row, "id",
                                                                                   "?"));
  g_autofree char *id = local_id (tenant, owned);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "step", owned);
}

static MsMutation mutations[] = {
  { "onboarding_step.done", MS_TENANT_PERSONAL, MS_ROLE_OWNER, done_args, NULL,
    done_local, done_server, done_rows },
  { NULL }
};

static const char * const unique[] = { "step", NULL };

MsSyncEntity _ms_onboarding_step_entity = {
  .name = ENTITY,
  .mutations = mutations,
  .unique = unique,
  .localize = localize,
};
