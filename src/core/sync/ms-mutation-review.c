/* ms-mutation-review.c — shared scorings and fix requests (修正依頼) in a team
 *
 *   shared_scoring.share {id, history_id, shared_by, channel, subject?,
 *                         preheader?, body?, total, previous_id?}
 *       a member (or an owner) shows one of their saved scorings to the
 *       team: a copy of its texts and score; previous_id names the version
 *       it fixes (the same sharer's, in the same team)
 *   fix_request.create   {id, scoring_id, requested_by, comment}   owners
 *       asks the member who shared the scoring to fix it: status "open"
 *   fix_request.answer   {id, fixed_scoring_id, answer?}   that member
 *       the fixed version (a shared scoring whose previous_id is the
 *       request's scoring): status "fixed"
 *   fix_request.close    {id}   owners: status "closed"
 *
 * Both live in the team's tenant and need the team's fix_requests feature
 * (Team and Team Pro). Who did what (shared_by, requested_by, member) is a
 * user id the server checks against the caller, and every step keeps its
 * time (created_at, answered_at, closed_at): the request's history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-mutations-private.h"

#define SCORING "shared_scoring"
#define REQUEST "fix_request"
#define FEATURE "fix_requests"

static const char * const channels[] = { "email", "line", NULL };

#define ID_ARG { "id", MS_ARG_ID, MS_ARG_REQUIRED }
#define COMMENT_MESSAGE N_("A comment must be at most 2,000 characters.")

static const MsArg share_args[] = {
  ID_ARG,
  { "history_id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "shared_by", MS_ARG_ID, MS_ARG_REQUIRED },
  { "channel", MS_ARG_CHOICE, MS_ARG_REQUIRED, NULL, channels, NULL,
    N_("The channel must be “email” or “line”.") },
  { "subject", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.subject" },
  { "preheader", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.preheader" },
  { "body", MS_ARG_TEXT, MS_ARG_OPTIONAL, "scoring.body" },
  { "total", MS_ARG_INT, MS_ARG_REQUIRED, "scoring.total", NULL, NULL,
    N_("A score must be between 0 and 100.") },
  { "previous_id", MS_ARG_ID, MS_ARG_OPTIONAL },
  { NULL }
};

static const MsArg create_args[] = {
  ID_ARG,
  { "scoring_id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "requested_by", MS_ARG_ID, MS_ARG_REQUIRED },
  { "comment", MS_ARG_TEXT, MS_ARG_REQUIRED, "review.comment", NULL, NULL, COMMENT_MESSAGE },
  { NULL }
};

static const MsArg answer_args[] = {
  ID_ARG,
  { "fixed_scoring_id", MS_ARG_ID, MS_ARG_REQUIRED },
  { "answer", MS_ARG_TEXT, MS_ARG_OPTIONAL, "review.comment", NULL, NULL, COMMENT_MESSAGE },
  { NULL }
};

static const MsArg close_args[] = {
  ID_ARG,
  { NULL }
};

/* ------------------------------------------------------------------------ */
/* Validators                                                               */

/* Trims the comment member @name (when present) to the review.comment limit. */
static gboolean
normalize_comment (JsonObject  *args,
                   const char  *name,
                   GError     **error)
{
  const char *text = json_object_get_string_member_with_default (args, name, NULL);
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return _ms_mutation_invalid (error, _(COMMENT_MESSAGE));
  trimmed = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (trimmed, -1) > ms_sync_limit ("review.comment", "max_chars"))
    return _ms_mutation_invalid (error, _(COMMENT_MESSAGE));
  json_object_set_string_member (args, name, trimmed);
  return TRUE;
}

static gboolean
share_normalize (JsonObject  *args,
                 gint64       now,
                 GError     **error)
{
  const char *previous = json_object_get_string_member_with_default (args, "previous_id", NULL);

  if (g_strcmp0 (previous, json_object_get_string_member (args, "id")) == 0)
    return _ms_mutation_invalid (error, _("A fixed version cannot replace itself."));
  return TRUE;
}

static gboolean
create_normalize (JsonObject  *args,
                  gint64       now,
                  GError     **error)
{
  if (!normalize_comment (args, "comment", error))
    return FALSE;
  if (*json_object_get_string_member (args, "comment") == '\0')
    return _ms_mutation_invalid (error, _("Say what to fix: the comment is empty."));
  return TRUE;
}

static gboolean
answer_normalize (JsonObject  *args,
                  gint64       now,
                  GError     **error)
{
  return normalize_comment (args, "answer", error);
}

/* ------------------------------------------------------------------------ */
/* The server                                                               */

static gboolean
forbidden (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_FORBIDDEN_ROLE, message);
  return FALSE;
}

static const char *
get_string (JsonObject *row,
            const char *member)
{
  return json_object_get_string_member_with_default (row, member, NULL);
}

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

static gboolean
share_server (MsMutationServer  *server,
              JsonObject        *args,
              GError           **error)
{
  static const char * const copied[] = {
    "history_id", "shared_by", "channel", "subject", "preheader", "body", "total", "previous_id",
  };
  const char *id = json_object_get_string_member (args, "id");
  const char *previous = get_string (args, "previous_id");
  g_autoptr(JsonObject) row = NULL;

  if (g_strcmp0 (get_string (args, "shared_by"), server->user) != 0)
    return forbidden (error, _("You can share only your own scorings."));
  if (!server->get_row (server, SCORING, id, &row, error))
    return FALSE;
  if (row != NULL)
    {
      /* A shared scoring never changes: the same id again is the same share. */
      if (g_strcmp0 (get_string (row, "shared_by"), server->user) != 0)
        return forbidden (error, _("You can share only your own scorings."));
      return TRUE;
    }
  if (previous != NULL)
    {
      g_autoptr(JsonObject) old = NULL;

      if (!_ms_server_get_row (server, SCORING, previous, TRUE, &old, error))
        return FALSE;
      if (g_strcmp0 (get_string (old, "shared_by"), server->user) != 0)
        return forbidden (error, _("Only who shared a scoring can share its fixed version."));
    }
  row = json_object_new ();
  json_object_set_string_member (row, "id", id);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    copy_member (row, args, copied[i]);
  json_object_set_int_member (row, "created_at", server->now);
  json_object_set_int_member (row, "updated_at", server->now);
  json_object_set_null_member (row, "deleted_at");
  return server->put_row (server, SCORING, id, NULL, row, error);
}

static gboolean
create_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) scoring = NULL;
  g_autoptr(JsonObject) row = NULL;

  if (g_strcmp0 (get_string (args, "requested_by"), server->user) != 0)
    return forbidden (error, _("A fix request is sent in your own name."));
  if (!server->get_row (server, REQUEST, id, &row, error))
    return FALSE;
  if (row != NULL)
    return TRUE;  /* the same request again */
  if (!_ms_server_get_row (server, SCORING, get_string (args, "scoring_id"), TRUE, &scoring,
                           error))
    return FALSE;
  row = json_object_new ();
  json_object_set_string_member (row, "id", id);
  copy_member (row, args, "scoring_id");
  copy_member (row, args, "requested_by");
  copy_member (row, args, "comment");
  json_object_set_string_member (row, "member", get_string (scoring, "shared_by"));
  json_object_set_string_member (row, "status", "open");
  json_object_set_null_member (row, "answer");
  json_object_set_null_member (row, "fixed_scoring_id");
  json_object_set_null_member (row, "answered_at");
  json_object_set_null_member (row, "closed_at");
  json_object_set_int_member (row, "created_at", server->now);
  json_object_set_int_member (row, "updated_at", server->now);
  json_object_set_null_member (row, "deleted_at");
  return server->put_row (server, REQUEST, id, NULL, row, error);
}

static gboolean
answer_server (MsMutationServer  *server,
               JsonObject        *args,
               GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *fixed_id = get_string (args, "fixed_scoring_id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) fixed = NULL;
  const char *status;

  if (!_ms_server_get_row (server, REQUEST, id, TRUE, &row, error))
    return FALSE;
  if (g_strcmp0 (get_string (row, "member"), server->user) != 0)
    return forbidden (error, _("Only the member asked for the fix can answer it."));
  status = get_string (row, "status");
  if (g_strcmp0 (status, "fixed") == 0 && g_strcmp0 (get_string (row, "fixed_scoring_id"),
                                                     fixed_id) == 0)
    return TRUE;  /* the same answer again */
  if (g_strcmp0 (status, "open") != 0)
    {
      g_set_error_literal (error, MS_MUTATION_ERROR, MS_MUTATION_ERROR_CONFLICT,
                           g_strcmp0 (status, "closed") == 0
                           ? _("This fix request was closed.")
                           : _("This fix request was already answered."));
      return FALSE;
    }
  if (!_ms_server_get_row (server, SCORING, fixed_id, TRUE, &fixed, error))
    return FALSE;
  if (g_strcmp0 (get_string (fixed, "previous_id"), get_string (row, "scoring_id")) != 0)
    return _ms_mutation_invalid (error,
                                 _("The fixed version must be shared as a new version of the "
                                   "scoring the request is about."));
  json_object_set_string_member (row, "status", "fixed");
  json_object_set_string_member (row, "fixed_scoring_id", fixed_id);
  copy_member (row, args, "answer");
  json_object_set_int_member (row, "answered_at", server->now);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, REQUEST, id, NULL, row, error);
}

static gboolean
close_server (MsMutationServer  *server,
              JsonObject        *args,
              GError           **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;

  if (!_ms_server_get_row (server, REQUEST, id, TRUE, &row, error))
    return FALSE;
  if (g_strcmp0 (get_string (row, "status"), "closed") == 0)
    return TRUE;
  json_object_set_string_member (row, "status", "closed");
  json_object_set_int_member (row, "closed_at", server->now);
  json_object_set_int_member (row, "updated_at", _ms_server_next_updated_at (server, row));
  return server->put_row (server, REQUEST, id, NULL, row, error);
}

/* ------------------------------------------------------------------------ */
/* This device: optimistic, skipping what it cannot do (the server decides)  */

static gboolean
share_local (MsMutationLocal  *local,
             JsonObject       *args,
             GError          **error)
{
  static const char * const copied[] = {
    "history_id", "shared_by", "channel", "subject", "preheader", "body", "total", "previous_id",
  };
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, SCORING, id, &row, error))
    return FALSE;
  if (row != NULL)
    return TRUE;
  json_object_set_string_member (values, "id", id);
  json_object_set_string_member (values, "tenant", local->tenant);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    copy_member (values, args, copied[i]);
  json_object_set_int_member (values, "created_at", local->now);
  json_object_set_int_member (values, "updated_at", local->now);
  return local->insert_row (local, SCORING, values, error);
}

static gboolean
create_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) scoring = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, REQUEST, id, &row, error) ||
      !local->get_row (local, SCORING, get_string (args, "scoring_id"), &scoring, error))
    return FALSE;
  if (row != NULL || scoring == NULL || get_string (scoring, "shared_by") == NULL)
    return TRUE;
  json_object_set_string_member (values, "id", id);
  json_object_set_string_member (values, "tenant", local->tenant);
  copy_member (values, args, "scoring_id");
  copy_member (values, args, "requested_by");
  copy_member (values, args, "comment");
  json_object_set_string_member (values, "member", get_string (scoring, "shared_by"));
  json_object_set_string_member (values, "status", "open");
  json_object_set_int_member (values, "created_at", local->now);
  json_object_set_int_member (values, "updated_at", local->now);
  return local->insert_row (local, REQUEST, values, error);
}

static gboolean
answer_local (MsMutationLocal  *local,
              JsonObject       *args,
              GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, REQUEST, id, &row, error))
    return FALSE;
  if (row == NULL || !_ms_row_is_live (row) || g_strcmp0 (get_string (row, "status"), "open") != 0)
    return TRUE;
  json_object_set_string_member (values, "status", "fixed");
  copy_member (values, args, "fixed_scoring_id");
  copy_member (values, args, "answer");
  json_object_set_int_member (values, "answered_at", local->now);
  return _ms_local_update_live (local, REQUEST, id, values, local->now, error);
}

static gboolean
close_local (MsMutationLocal  *local,
             JsonObject       *args,
             GError          **error)
{
  const char *id = json_object_get_string_member (args, "id");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) values = json_object_new ();

  if (!local->get_row (local, REQUEST, id, &row, error))
    return FALSE;
  if (row == NULL || g_strcmp0 (get_string (row, "status"), "closed") == 0)
    return TRUE;
  json_object_set_string_member (values, "status", "closed");
  json_object_set_int_member (values, "closed_at", local->now);
  return _ms_local_update_live (local, REQUEST, id, values, local->now, error);
}

/* ------------------------------------------------------------------------ */

static MsMutation scoring_mutations[] = {
  { "shared_scoring.share", MS_TENANT_TEAM, MS_ROLE_OWNER | MS_ROLE_MEMBER, share_args,
    share_normalize, share_local, share_server, .feature = FEATURE },
  { NULL }
};

static MsMutation request_mutations[] = {
  { "fix_request.create", MS_TENANT_TEAM, MS_ROLE_OWNER, create_args, create_normalize,
    create_local, create_server, .feature = FEATURE },
  { "fix_request.answer", MS_TENANT_TEAM, MS_ROLE_OWNER | MS_ROLE_MEMBER, answer_args,
    answer_normalize, answer_local, answer_server, .feature = FEATURE },
  { "fix_request.close", MS_TENANT_TEAM, MS_ROLE_OWNER, close_args, NULL,
    close_local, close_server, .feature = FEATURE },
  { NULL }
};

MsSyncEntity _ms_shared_scoring_entity = {
  .name = SCORING,
  .mutations = scoring_mutations,
};

MsSyncEntity _ms_fix_request_entity = {
  .name = REQUEST,
  .mutations = request_mutations,
};
