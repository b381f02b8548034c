/* ms-server-teams-routes.c — the team routes: create, list, members, invites, removal and a
 * team's stats (ms-server-teams.c, ms-server-stats.c do the work)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-server-json.h"
#include "ms-server-private.h"
#include "ms-server-stats.h"
#include "ms-server-teams.h"

void
_ms_server_handle_team_create (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_create (req->storage, req->user, req->body, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

void
_ms_server_handle_team_list (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_list (req->storage, req->user, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_team_members (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_members (req->storage, req->user, req->params[0], req->now,
                               &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_team_invite (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_invite (req->storage, req->user, req->params[0], req->body,
                              req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_CREATED, o);
}

void
_ms_server_handle_invite_accept (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;

  o = ms_server_teams_accept (req->storage, req->user, req->body, req->now, &error);
  if (o == NULL)
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_team_remove (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_teams_remove_member (req->storage, req->user, req->params[0],
                                      req->params[1], req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

void
_ms_server_handle_invite_cancel (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = json_object_new ();

  if (!ms_server_teams_cancel_invites (req->storage, req->user, req->params[0],
                                       req->params[1], req->now, &error))
    return _ms_server_reply_error (req, error);
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}

/* 402 upgrade_needed names the plan to upgrade to ("plan"). */
static void
reply_upgrade_needed (Request      *req,
                      const GError *error,
                      const char   *plan)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  if (plan != NULL)
    json_object_set_string_member (extra, "plan", plan);
  else
    json_object_set_null_member (extra, "plan");
  _ms_server_reply_error_extra (req, error, extra);
}
void
_ms_server_handle_team_stats (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *plan = NULL;

  o = ms_server_team_stats (req->storage, req->user, req->params[0], req->now, &plan, &error);
  if (o == NULL)
    {
      if (g_error_matches (error, MS_SERVER_ERROR, MS_SERVER_ERROR_UPGRADE_NEEDED))
        return reply_upgrade_needed (req, error, plan);
      return _ms_server_reply_error (req, error);
    }
  _ms_server_reply_object (req, SOUP_STATUS_OK, o);
}
