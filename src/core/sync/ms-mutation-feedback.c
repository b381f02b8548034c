/* ms-mutation-feedback.c — reviewer feedback on a member's share link
 *
 *   feedback.submit  {id, link_id, shared_by, history_id?, title?, engine_total,
 *                     role, rating, corrected_score?, comment?, axes?,
 *                     reviewer_name?}
 *       the server only: a reviewer without an account sends the form of a
 *       Team Pro member's share link (/r/<token>); the server writes it into
 *       the team's tenant on the reviewer's behalf (ms-server-review.c). No
 *       client role may push it.
 *   feedback.resolve {id, resolution?}   the member whose link it is, or an owner
 *       status "open" → "resolved", with what they changed
 *
 * role: who the reviewer is (director 部長, manager 課長・マネージャー,
 * senior リーダー・先輩); rating: what they think of the AI's score (fair
 * 妥当, high やや高い, low やや低い, far_off 大幅にずれている); axes: the
 * axes the comment is about, a comma-separated list of the scorer's axis
 * names (open, readability, cta, fit, compliance), each once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"
#include "ms-mutation-feedback.h"

#define ENTITY "feedback"

const char * const ms_feedback_roles[] = { "director", "manager", "senior", NULL };
const char * const ms_feedback_ratings[] = { "fair", "high", "low", "far_off", NULL };
const char * const ms_feedback_axes[] = { "open", "readability", "cta", "fit", "compliance",
                                          NULL };

#define COMMENT_MESSAGE N_("A comment must be at most 2,000 characters.")
#define NAME_MESSAGE N_("A reviewer’s name must be at most 50 characters.")

static const MsArg submit_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "link_id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "shared_by", MS_ARG_ID, MS_ARG_REQUIRED },
  { "history_id", MS_ARG_ID, MS_ARG_OPTIONAL },
  { "title", MS_ARG_TEXT, MS_ARG_OPTIONAL, "feedback.title", NULL, NULL,
    N_("The scoring’s title is too long.") },
  { "engine_total", MS_ARG_INT, MS_ARG_REQUIRED, "scoring.total", NULL, NULL,
    N_("A score must be between 0 and 100.") },
  { "role", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, ms_feedback_roles, NULL,
    N_("Choose who you are: 部長, 課長・マネージャー or リーダー・先輩.") },
  { "rating", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, ms_feedback_ratings, NULL,
    N_("Choose what you think of the AI’s score.") },
  { "corrected_score", MS_ARG_INT, MS_ARG_OPTIONAL, "scoring.total", NULL, NULL,
    N_("A corrected score must be between 0 and 100.") },
  { "comment", MS_ARG_TEXT, MS_ARG_OPTIONAL, "feedback.comment", NULL, NULL, COMMENT_MESSAGE },
  { "axes", MS_ARG_TEXT, MS_ARG_OPTIONAL, "feedback.axes", NULL, NULL,
    N_("Choose the axes from the list.") },
  { "reviewer_name", MS_ARG_TEXT, MS_ARG_OPTIONAL, "feedback.name", NULL, NULL, NAME_MESSAGE },
  { NULL }
};

static const MsArg resolve_args[] = {
  { "id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "resolution", MS_ARG_TEXT, MS_ARG_OPTIONAL, "feedback.comment", NULL, NULL,
    COMMENT_MESSAGE },
  { NULL }
};

/* ------------------------------------------------------------------------ */
/* Validators                                                               */

/* Trims member @name to at most @limit's max_chars; an empty text is removed. */
static gboolean
normalize_text (JsonObject  *args,
                const char  *name,
                const char  *limit,
                const char  *message,
                GError     **error)
{
  const char *text = json_object_get_string_member_with_default (args, name, NULL);
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return TRUE;
  trimmed = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (trimmed == NULL)
    return _ms_mutation_invalid (error, _(message));
  g_strstrip (trimmed);
  if (g_utf8_strlen (trimmed, -1) > ms_sync_limit (limit, "max_chars"))
    return _ms_mutation_invalid (error, _(message));
  if (*trimmed == '\0')
    json_object_remove_member (args, name);
  else
    json_object_set_string_member (args, name, trimmed);
  return TRUE;
}

/**
 * ms_feedback_normalize_axes:
 * @text: axis names separated by commas
 *
 * Returns: (transfer full) (nullable): the known axes of @text, each once,
 *   in the scorer's order; "" for none; NULL when a name is not an axis
 */
char *
ms_feedback_normalize_axes (const char *text)
{
  g_auto(GStrv) names = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean seen[G_N_ELEMENTS (ms_feedback_axes)] = { FALSE };

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);
      gboolean known = FALSE;

      if (*name == '\0')
        continue;
      for (guint a = 0; ms_feedback_axes[a] != NULL; a++)
        if (g_str_equal (name, ms_feedback_axes[a]))
          known = seen[a] = TRUE;
      if (!known)
        return NULL;
    }
  for (guint a = 0; ms_feedback_axes[a] != NULL; a++)
    if (seen[a])
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", ms_feedback_axes[a]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
submit_normalize (JsonObject  *args,
                  gint64       now,
                  GError     **error)
{
  g_autofree char *axes = NULL;

  if (!normalize_text (args, "comment", "feedback.comment", COMMENT_MESSAGE, error) ||
      !normalize_text (args, "reviewer_name", "feedback.name", NAME_MESSAGE, error) ||
      !normalize_text (args, "title", "feedback.title", N_("The scoring’s title is too long."),
                       error))
    return FALSE;
  axes = ms_feedback_normalize_axes (json_object_get_string_member_with_default (args, "axes",
                                                                                 NULL));
  if (axes == NULL)
    return _ms_mutation_invalid (error, _("Choose the axes from the list."));
  json_object_set_string_member (args, "axes", axes);
  return TRUE;
}

static gboolean
resolve_normalize (JsonObject  *args,
                   gint64       now,
                   GError     **error)
{
  return normalize_text (args, "resolution", "feedback.comment", COMMENT_MESSAGE, error);
}

/* ------------------------------------------------------------------------ */
/* The row                                                                  */

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *member)
{
  JsonNode *node = json_object_get_member (from, member);

  if (node != NULL)
    json_object_set_member (to, member, json_node_copy (node));
  else
    json_object_set_null_member (to, member);
}

/* The row's own columns from submit's @args. */
static void
fill_row (JsonObject *row,
          JsonObject *args)
{
  static const char * const copied[] = {
    "link_id", "shared_by", "history_id", "title", "engine_total", "role", "rating",
    "corrected_score", "comment", "axes", "reviewer_name",
  };

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    copy_member (row, args, copied[i]);
  json_object_set_string_member (row, "status", "open");
  json_object_set_null_member (row, "resolution");
  json_object_set_null_member (row, "resolved_at");
}

/* ------------------------------------------------------------------------ */
/* The server                                                               */

static gboolean
submit_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!server->get_row (server, ENTITY, id, &row, error))
    return FALSE;
  if (row != NULL)
    {
      /* One form, one feedback: the form's token names the row. */
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_CONFLICT,
                           _("This feedback was already sent."));
      return FALSE;
    }
  row = json_object_new ();
  json_object_set_string_member (row, "id", id);
  fill_row (row, args);
  json_object_set_int_member (row, "created_at", server->now);
  json_object_set_int_member (row, "updated_at", server->now);
  json_object_set_null_member (row, "deleted_at");
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

static gboolean
resolve_server (MsMutationServer  *server,
                JsonObject        *args,
                GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!_ms_server_get_row (server, ENTITY, id, TRUE, &row, error))
    return FALSE;
  if (g_strcmp0 (server->role, "owner") != 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (row, "shared_by", NULL),
                 server->user) != 0)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_FORBIDDEN_ROLE,
                           _("Only the member whose scoring it is, or an owner, can resolve "
                             "feedback."));
      return FALSE;
    }
  json_object_set_string_member (row, "status", "resolved");
  copy_member (row, args, "resolution");
  json_object_set_int_member (row, "resolved_at", server->now);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, ENTITY, id, NULL, row, error);
}

/* ------------------------------------------------------------------------ */
/* This device                                                              */

static gboolean
submit_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row != NULL)
    return TRUE;
  json_object_set_string_member (values, "id", id);
  json_object_set_string_member (values, "tenant", local->tenant);
  fill_row (values, args);
  json_object_set_int_member (values, "created_at", local->now);
  json_object_set_int_member (values, "updated_at", local->now);
  return local->insert_row (local, ENTITY, values, error);
}

static gboolean
resolve_local (MsMutationLocal  *local,
               JsonObject       *args,
               GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, ENTITY, id, &row, error))
    return FALSE;
  if (row == NULL || !_ms_row_is_live (row))
    return TRUE;
  json_object_set_string_member (values, "status", "resolved");
  copy_member (values, args, "resolution");
  json_object_set_int_member (values, "resolved_at", local->now);
  return _ms_local_update_live (local, ENTITY, id, values, local->now, error);
}

/* ------------------------------------------------------------------------ */

static MsMutation feedback_mutations[] = {
  /* no role: only the server writes it, for a reviewer without an account */
  { "feedback.submit", MS_TENANT_TEAM, 0, submit_args, submit_normalize,
    submit_local, submit_server, .feature = MS_FEEDBACK_FEATURE },
  { "feedback.resolve", MS_TENANT_TEAM, MS_ROLE_OWNER | MS_ROLE_MEMBER, resolve_args,
    resolve_normalize, resolve_local, resolve_server, .feature = MS_FEEDBACK_FEATURE },
  { NULL }
};

MsSyncEntity _ms_feedback_entity = {
  .name = ENTITY,
  .mutations = feedback_mutations,
};
