/* fuzz-routes.c — the JSON body of every route, through the route's own functions
 *
 * The first byte picks a route; the rest is the body, parsed as the server
 * parses one (ms_json_guard_parse() with the server's limits) and handed to
 * the function the route calls, signed in as a user who owns a team, on a
 * real SQLite file. Routes with {team}, {user} or {email} in their path take
 * them from the body's "_team", "_user" and "_email" members when those are
 * strings, else from the team and its owner. In the body, "user:me" and
 * "team:mine" stand for the owner's personal tenant and the team's, so that
 * the fuzzer reaches the mutations themselves. The owner is also staff (an
 * admin), so the staff routes ({task}, {account}, {request}: "_task",
 * "_account", "_request") reach their checks. Success or a GError are both
 * fine; a crash, a leak, undefined behaviour or an answer that is not JSON
 * a client accepts is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "ms-json-guard.h"
#include "ms-server-auth.h"
#include "ms-server-csm.h"
#include "ms-server-json.h"
#include "ms-server-sqlite.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

typedef enum
{
  ROUTE_SIGNUP,
  ROUTE_SIGNIN,
  ROUTE_REFRESH,
  ROUTE_PUSH,
  ROUTE_PULL,
  ROUTE_TEAM_CREATE,
  ROUTE_TEAM_LIST,
  ROUTE_TEAM_MEMBERS,
  ROUTE_TEAM_INVITE,
  ROUTE_INVITE_CANCEL,
  ROUTE_TEAM_REMOVE,
  ROUTE_INVITE_ACCEPT,
  ROUTE_SUPPORT_CREATE,
  ROUTE_SUPPORT_RATE,
  ROUTE_NPS_ANSWER,
  ROUTE_STAFF_TASK,
  ROUTE_STAFF_OWNER,
  ROUTE_STAFF_SUPPORT,
  N_ROUTES
} Route;

static MsServerStorage *storage;
static MsServerAuthConfig config = MS_SERVER_AUTH_CONFIG_INIT;
static MsServerUser *owner;
static char *owner_tenant;
static char *team_id;
static char *team_tenant;
static gint64 now;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *dir = fuzz_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) signup = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) team = NULL;

  fuzz_init ();
  ms_server_auth_init (NULL);
  config.pwhash_cost = MS_PWHASH_MIN;
  now = g_get_real_time ();

  storage = MS_SERVER_STORAGE (ms_server_sqlite_new (path, &error));
  g_assert_no_error (error);
  signup = json_from_string ("{\"email\":\"owner@example.jp\",\"password\":\"an owner's password\","
                             "\"name\":\"Owner\"}", NULL);
  session = ms_server_auth_signup (storage, &config, json_node_get_object (signup), now, &error);
  g_assert_no_error (error);
  g_assert_true (ms_server_storage_find_user (storage, NULL, "owner@example.jp", &owner, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) body = json_from_string ("{\"name\":\"T\",\"plan\":\"team_pro_s\"}", NULL);

    team = ms_server_teams_create (storage, owner, json_node_get_object (body), now, &error);
    g_assert_no_error (error);
    team_id = g_strdup (json_object_get_string_member (team, "id"));
    team_tenant = g_strconcat ("team:", team_id, NULL);
    owner_tenant = ms_server_auth_tenant_for_user (owner->id);
  }
  g_assert_true (ms_server_csm_add_staff (storage, "owner@example.jp", "admin", now, &error));
  g_assert_no_error (error);
  return 0;
}

static const char *
param (JsonObject *body,
       const char *name,
       const char *fallback)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const MsJsonLimits limits = { 1024 * 1024, MS_JSON_MAX_DEPTH_REQUEST };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) input = NULL;
  JsonObject *body;
  gint64 retry_after = 0, expected_id = 0;
  Route route;

  if (size < 1)
    return 0;
  route = data[0] % N_ROUTES;
  input = g_string_new_len ((const char *) data + 1, (gssize) size - 1);
  g_string_replace (input, "user:me", owner_tenant, 0);
  g_string_replace (input, "team:mine", team_tenant, 0);
  root = ms_json_guard_parse (input->str, input->len, &limits, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  body = json_node_get_object (root);
  now += G_USEC_PER_SEC;

  switch (route)
    {
    case ROUTE_SIGNUP:
      result = ms_server_auth_signup (storage, &config, body, now, &error);
      break;
    case ROUTE_SIGNIN:
      result = ms_server_auth_signin (storage, &config, body, "192.0.2.1", now, &retry_after,
                                      &error);
      break;
    case ROUTE_REFRESH:
      result = ms_server_auth_refresh (storage, &config, body, now, &error);
      break;
    case ROUTE_PUSH:
      result = ms_server_sync_push (storage, owner, body, now, &expected_id, &error);
      break;
    case ROUTE_PULL:
      text = ms_server_sync_pull (storage, owner, body, g_get_real_time (), &error);
      break;
    case ROUTE_TEAM_CREATE:
      result = ms_server_teams_create (storage, owner, body, now, &error);
      break;
    case ROUTE_TEAM_LIST:
      result = ms_server_teams_list (storage, owner, now, &error);
      break;
    case ROUTE_TEAM_MEMBERS:
      result = ms_server_teams_members (storage, owner, param (body, "_team", team_id), now,
                                        &error);
      break;
    case ROUTE_TEAM_INVITE:
      result = ms_server_teams_invite (storage, owner, param (body, "_team", team_id), body, now,
                                       &error);
      break;
    case ROUTE_INVITE_CANCEL:
      ms_server_teams_cancel_invites (storage, owner, param (body, "_team", team_id),
                                      param (body, "_email", "new@example.jp"), now, &error);
      break;
    case ROUTE_TEAM_REMOVE:
      ms_server_teams_remove_member (storage, owner, param (body, "_team", team_id),
                                     param (body, "_user", owner->id), now, &error);
      break;
    case ROUTE_INVITE_ACCEPT:
      result = ms_server_teams_accept (storage, owner, body, now, &error);
      break;
    case ROUTE_SUPPORT_CREATE:
      result = ms_server_csm_support_create (storage, owner, body, now, &error);
      break;
    case ROUTE_SUPPORT_RATE:
      result = ms_server_csm_support_rate (storage, owner, param (body, "_request", "none"), body,
                                           now, &error);
      break;
    case ROUTE_NPS_ANSWER:
      result = ms_server_csm_nps_answer (storage, owner, body, now, &error);
      break;
    case ROUTE_STAFF_TASK:
      result = ms_server_csm_update_task (storage, owner, param (body, "_task", "none"), body, now,
                                          &error);
      break;
    case ROUTE_STAFF_OWNER:
      result = ms_server_csm_set_owner (storage, owner, param (body, "_account", team_tenant), body,
                                        &error);
      break;
    case ROUTE_STAFF_SUPPORT:
      result = ms_server_csm_answer_support (storage, owner, param (body, "_request", "none"),
                                             body, now, &error);
      break;
    case N_ROUTES:
    default:
      g_assert_not_reached ();
    }

  /* Whatever a route answers must be JSON a client can read back. */
  if (result != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *json = NULL;
      const MsJsonLimits answer = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };
      g_autoptr(JsonNode) back = NULL;

      json_node_set_object (node, result);
      json = json_to_string (node, FALSE);
      back = ms_json_guard_parse (json, strlen (json), &answer, NULL);
      g_assert_nonnull (back);
    }
  if (text != NULL)
    {
      const MsJsonLimits answer = { MS_JSON_MAX_BYTES_ANSWER, MS_JSON_MAX_DEPTH_ANSWER };
      g_autoptr(JsonNode) back = ms_json_guard_parse (text, strlen (text), &answer, NULL);

      g_assert_nonnull (back);
    }
  return 0;
}
