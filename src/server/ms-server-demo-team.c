/* ms-server-demo-team.c — the demo's Team Pro team
 *
 * The demo owner runs a Team Pro team for the shop's marketing staff:
 * three members join through real invites (the same calls as the HTTP
 * routes), and the owner's brand rules, NG words and shared presets are
 * written in the owner's client profile, so they reach the server through
 * the same push as the owner's history (ms-server-demo.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include "ms-server-auth.h"
#include "ms-server-demo.h"
#include "ms-server-demo-team.h"
#include "ms-server-teams.h"
#include "store/ms-store-all.h"

#define DEMO_TEAM_NAME "Northleaf 販促チーム"
#define DEMO_TEAM_PLAN MS_SERVER_DEMO_TEAM_PLAN

typedef struct
{
  const char *email;
  const char *name;
} DemoMember;

static const DemoMember members[] = {
  { "sato@northleaf.example",      "佐藤 健太" },
  { "suzuki@northleaf.example",    "鈴木 美咲" },
  { "takahashi@northleaf.example", "高橋 翔" },
};

/* field, value as text (ms_team_rules_repository_set_field_from_string) */
static const char * const rules[][2] = {
  { "brand_voice_text", "お客様に寄り添う、落ち着いた丁寧な言葉で。煽る表現や誇張は使わない。" },
  { "register", "desu_masu" },
  { "require_unsubscribe", "true" },
  { "require_contact", "true" },
  { "brand_name", "Northleaf" },
  { "subject_max_emoji", "1" },
  { "subject_max_cells", "50" },
  { "min_score", "70" },
  { "min_score_action", "badge" },
};

static const char * const ng_words[] = { "激安", "在庫処分", "今すぐ買わないと損" };

static gboolean
join (MsServerStorage     *storage,
      const MsServerUser  *owner,
      const char          *team_id,
      const DemoMember    *member,
      GError             **error)
{
  MsServerAuthConfig config = MS_SERVER_AUTH_CONFIG_INIT;
  g_autoptr(JsonObject) signup = json_object_new ();
  g_autoptr(JsonObject) invite = json_object_new ();
  g_autoptr(JsonObject) accept = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) invited = NULL;
  g_autoptr(JsonObject) joined = NULL;
  g_autoptr(MsServerUser) user = NULL;
  gint64 now = g_get_real_time ();

  json_object_set_string_member (signup, "email", member->email);
  json_object_set_string_member (signup, "password", MS_SERVER_DEMO_PASSWORD);
  json_object_set_string_member (signup, "name", member->name);
  created = ms_server_auth_signup (storage, &config, signup, now, error);
  if (created == NULL ||
      !ms_server_storage_find_user (storage, NULL, member->email, &user, error))
    return FALSE;

  json_object_set_string_member (invite, "email", member->email);
  json_object_set_string_member (invite, "role", "member");
  invited = ms_server_teams_invite (storage, owner, team_id, invite, now, error);
  if (invited == NULL)
    return FALSE;

  json_object_set_string_member (accept, "token",
                                 json_object_get_string_member (invited, "token"));
  joined = ms_server_teams_accept (storage, user, accept, now, error);
  return joined != NULL;
}

static gboolean
write_rules (MsStore     *store,
             JsonObject  *team,
             GError     **error)
{
  g_autoptr(MsTeamRepository) teams = ms_team_repository_new (store);
  g_autoptr(MsTeamRulesRepository) repository = NULL;
  g_autoptr(MsTeam) local = NULL;
  g_autoptr(MsSegment) existing = ms_segment_new ();
  g_autoptr(MsSegment) dormant = ms_segment_new ();
  g_autofree char *existing_id = NULL;
  g_autofree char *dormant_id = NULL;
  const char *tenant = json_object_get_string_member (team, "tenant");

  local = ms_team_new (tenant, DEMO_TEAM_NAME, DEMO_TEAM_PLAN, "owner",
                       1 + G_N_ELEMENTS (members),
                       json_object_get_int_member_with_default (team, "seats_limit", -1));
  if (!ms_team_repository_put (teams, local, error))
    return FALSE;

  repository = ms_team_rules_repository_new (store, tenant);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (!ms_team_rules_repository_set_field_from_string (repository, rules[i][0], rules[i][1],
                                                         error))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (ng_words); i++)
    if (!ms_team_rules_repository_add_ng_word (repository, ng_words[i], error))
      return FALSE;

  ms_segment_set_industry (existing, "fashion");
  existing->audience = MS_AUDIENCE_EXISTING;
  existing->age_band = MS_AGE_BAND_30S;
  existing->goal = MS_GOAL_PURCHASE;
  existing->list_size = 48000;
  existing_id = ms_team_rules_repository_put_preset (repository, NULL, "既存会員・30代・購入",
                                                     existing, error);
  if (existing_id == NULL)
    return FALSE;

  ms_segment_set_industry (dormant, "fashion");
  dormant->audience = MS_AUDIENCE_DORMANT;
  dormant->goal = MS_GOAL_VISIT;
  dormant->list_size = 12000;
  dormant_id = ms_team_rules_repository_put_preset (repository, NULL, "休眠会員・来店",
                                                    dormant, error);
  return dormant_id != NULL;
}

/**
 * ms_server_seed_demo_team:
 * @owner: the demo account, who creates the team
 * @owner_store: the owner's client profile; the rules are written there
 *   and go out with its next push
 */
gboolean
ms_server_seed_demo_team (MsServerStorage     *storage,
                          const MsServerUser  *owner,
                          MsStore             *owner_store,
                          GError             **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) team = NULL;
  const char *team_id;

  json_object_set_string_member (request, "name", DEMO_TEAM_NAME);
  json_object_set_string_member (request, "plan", DEMO_TEAM_PLAN);
  team = ms_server_teams_create (storage, owner, request, g_get_real_time (), error);
  if (team == NULL)
    return FALSE;
  team_id = json_object_get_string_member (team, "id");

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (!join (storage, owner, team_id, &members[i], error))
      return FALSE;

  return write_rules (owner_store, team, error);
}
