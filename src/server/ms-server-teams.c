/* ms-server-teams.c — teams as sync tenants: create, list, members, invites, plans
 *
 * A team is a tenant "team:<uuid>" (kind 'team') plus a row of the team
 * table (name, plan, a recorded downgrade, extra owners for billing). Its
 * members are rows of membership (owner | member): seats are their count.
 * Every change of membership also writes a synced "team_member" row in the
 * team tenant (a tombstone when someone leaves), so clients learn the
 * members by pulling the tenant like any other entity.
 *
 * Seats: pending invites do not reserve a seat. The seat limit is checked
 * when an invite is accepted, inside the write transaction that adds the
 * member, so concurrent accepts cannot overfill a team (seats_full).
 *
 * Teams per account: an account is in at most the "teams" limit of
 * data/limits.json (created or joined), checked in the write transaction that
 * adds the membership (limit_reached): the team list and every pull walk
 * them all.
 *
 * Invites: 32 random bytes, base64url without padding, of which only the
 * SHA-256 is stored; 7 days, single use, for the invited email address.
 *
 * Plans: an upgrade applies at once; a downgrade (any limit lower) is
 * recorded as plan_next and takes over at plan_change_at, the team's next
 * monthly billing date (the day of the month it was created). Nothing is
 * deleted by a downgrade: rows beyond the lower limits stay; new ones are
 * refused until the team is under the limit again.
 *
 * Every route authorises through ms_server_authorize_tenant().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-server"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "store/ms-entitlements.h"
#include "ms-server-auth.h"
#include "sync/ms-mutation.h"
#include "ms-server-json.h"
#include "ms-server-sync.h"
#include "ms-server-teams.h"

#define INVITE_BYTES 32

typedef struct
{
  MsServerStorage    *storage;
  const MsServerUser *user;
  const char         *tenant;
  const char         *member_id;
  const char         *hash;
  const char         *plan;
  gint64              now;

  MsServerTeam       *team;
  JsonObject         *out;
  gboolean            deferred;
} TeamContext;

static void
team_context_clear (TeamContext *ctx)
{
  g_clear_pointer (&ctx->team, ms_server_team_free);
  g_clear_pointer (&ctx->out, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TeamContext, team_context_clear)

/* ------------------------------------------------------------------------ */

/* The plans of data/plans.json that teams are on ("for": "team"). */
gboolean
ms_server_teams_is_team_plan (const char *plan)
{
  return ms_entitlements_is_team_plan (plan);
}

gboolean
ms_server_teams_is_team_tenant (const char *tenant)
{
  return tenant != NULL && g_str_has_prefix (tenant, MS_SERVER_TEAM_PREFIX);
}

/**
 * ms_server_team_get_plan:
 *
 * Returns: the plan in force at @now: a recorded downgrade once its date has come
 */
const char *
ms_server_team_get_plan (const MsServerTeam *team,
                         gint64              now)
{
  if (team->plan_next != NULL && team->plan_change_at != 0 && now >= team->plan_change_at)
    return team->plan_next;
  return team->plan;
}

static char *
tenant_for_id (const char *team_id)
{
  return g_strconcat (MS_SERVER_TEAM_PREFIX, team_id != NULL ? team_id : "", NULL);
}

static char *
new_invite_token (void)
{
  guint8 bytes[INVITE_BYTES];
  char text[sodium_base64_ENCODED_LEN (INVITE_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

static gint64
limit_value (MsEntitlements *entitlements,
             MsLimit         limit)
{
  gint64 value = ms_entitlements_get_limit (entitlements, limit);

  return value == MS_LIMIT_UNLIMITED ? G_MAXINT64 : value;
}

static gboolean
is_downgrade (const char *from,
              const char *to)
{
  g_autoptr(MsEntitlements) a = ms_server_sync_dup_entitlements (from);
  g_autoptr(MsEntitlements) b = ms_server_sync_dup_entitlements (to);

  for (guint i = 0; i < MS_N_LIMITS; i++)
    if (limit_value (b, i) < limit_value (a, i))
      return TRUE;
  return FALSE;
}

/* The first monthly anniversary of @created_at after @now (UTC). */
static gint64
next_billing_date (gint64 created_at,
                   gint64 now)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (created_at / G_USEC_PER_SEC);

  for (int months = 1; months < 12 * 100; months++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_months (start, months);
      gint64 at = g_date_time_to_unix (next) * G_USEC_PER_SEC;

      if (at > now)
        return at;
    }
  return now;
}

static gboolean
forbidden_role (GError **error)
{
  g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_FORBIDDEN_ROLE,
                       _("Only an owner of this team can do this."));
  return FALSE;
}

/* The team's synced row of one member: a tombstone when @role is NULL. */
static gboolean
write_member_row (MsServerStorage  *storage,
                  const char       *tenant,
                  const char       *user_id,
                  const char       *role,
                  gint64            now,
                  GError          **error)
{
  g_autoptr(MsServerUser) member = NULL;
  g_autoptr(MsServerRow) existing = NULL;
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  MsServerRow row = { 0 };
  gint64 version;

  if (!ms_server_storage_find_user (storage, user_id, NULL, &member, error) ||
      !ms_server_storage_get_row (storage, tenant, "team_member", user_id, &existing, error))
    return FALSE;
  if (member == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no user %s", user_id);
      return FALSE;
    }
  row.entity = (char *) "team_member";
  row.id = (char *) user_id;
  row.created_at = existing != NULL ? existing->created_at : now;
  row.updated_at = existing != NULL ? MAX (now, existing->updated_at + 1) : now;
  row.deleted_at = role == NULL ? now : 0;

  json_object_set_string_member (o, "id", user_id);
  json_object_set_string_member (o, "user_id", user_id);
  json_object_set_string_member (o, "name", member->name);
  json_object_set_string_member (o, "email", member->email);
  json_object_set_string_member (o, "role", role != NULL ? role : "member");
  json_object_set_int_member (o, "created_at", row.created_at);
  json_object_set_int_member (o, "updated_at", row.updated_at);
  if (role == NULL)
    json_object_set_int_member (o, "deleted_at", row.deleted_at);
  else
    json_object_set_null_member (o, "deleted_at");
  json_node_set_object (node, o);
  json = json_to_string (node, FALSE);
  row.row_json = json;
  return ms_server_storage_put_row (storage, tenant, &row, NULL, &version, error);
}

/* The rules row every team starts with (README-sync.md, team_rules). */
static gboolean
write_default_rules (MsServerStorage  *storage,
                     const char       *tenant,
                     gint64            now,
                     GError          **error)
{
  g_autofree char *json = NULL;
  MsServerRow row = { 0 };
  gint64 version;

  json = g_strdup_printf ("{\"id\":\"rules\",\"created_at\":%" G_GINT64_FORMAT
                          ",\"updated_at\":%" G_GINT64_FORMAT ",\"deleted_at\":null,"
                          "\"brand_voice_text\":\"\",\"register\":\"desu_masu\","
                          "\"require_unsubscribe\":false,\"require_contact\":false,"
                          "\"brand_name\":null,\"subject_no_brackets\":false,"
                          "\"subject_max_emoji\":null,\"subject_max_cells\":null,"
                          "\"min_score\":null,\"min_score_action\":\"warn\",\"esp_footer\":false}",
                          now, now);
  row.entity = (char *) "team_rules";
  row.id = (char *) "rules";
  row.created_at = now;
  row.updated_at = now;
  row.row_json = json;
  return ms_server_storage_put_row (storage, tenant, &row, NULL, &version, error);
}

static gboolean
update_extra_owners (MsServerStorage  *storage,
                     MsServerTeam     *team,
                     GError          **error)
{
  gint64 owners = 0;

  if (!ms_server_storage_count_members (storage, team->tenant, "owner", &owners, error))
    return FALSE;
  team->extra_owners = MAX (0, owners - 1);
  return ms_server_storage_update_team (storage, team, error);
}

static JsonObject *
team_to_json (MsServerStorage     *storage,
              const MsServerTeam  *team,
              const char          *role,
              gint64               now,
              GError             **error)
{
  const char *plan = ms_server_team_get_plan (team, now);
  g_autoptr(MsEntitlements) entitlements = ms_server_sync_dup_entitlements (plan);
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonArray) invites = NULL;
  gint64 used = 0, limit;
  gboolean pending = team->plan_next != NULL && team->plan_change_at > now;

  if (!ms_server_storage_count_members (storage, team->tenant, NULL, &used, error) ||
      (invites = ms_server_storage_list_invites (storage, team->tenant, now, error)) == NULL)
    return NULL;
  json_object_set_string_member (o, "id", team->tenant + strlen (MS_SERVER_TEAM_PREFIX));
  json_object_set_string_member (o, "tenant", team->tenant);
  json_object_set_string_member (o, "name", team->name);
  json_object_set_string_member (o, "role", role);
  json_object_set_string_member (o, "plan", ms_entitlements_get_plan_id (entitlements));
  json_object_set_string_member (o, "plan_name", ms_entitlements_get_plan_name (entitlements));
  if (pending)
    {
      json_object_set_string_member (o, "plan_next", team->plan_next);
      json_object_set_int_member (o, "plan_change_at", team->plan_change_at);
    }
  else
    {
      json_object_set_null_member (o, "plan_next");
      json_object_set_null_member (o, "plan_change_at");
    }
  json_object_set_int_member (o, "seats_used", used);
  limit = ms_entitlements_get_limit (entitlements, MS_LIMIT_SEATS);
  if (limit == MS_LIMIT_UNLIMITED)
    json_object_set_null_member (o, "seats_limit");
  else
    json_object_set_int_member (o, "seats_limit", limit);
  json_object_set_int_member (o, "extra_owners", team->extra_owners);
  json_object_set_int_member (o, "pending_invites", json_array_get_length (invites));
  json_object_set_int_member (o, "created_at", team->created_at);
  return g_steal_pointer (&o);
}

/* Fails with limit_reached when @user_id is in as many teams as an account
 * may be in. Run inside the write transaction that adds a membership. */
static gboolean
check_team_count (MsServerStorage  *storage,
                  const char       *user_id,
                  GError          **error)
{
  g_autoptr(JsonArray) tenants = NULL;
  gint64 max = ms_sync_limit ("teams", "max_items");
  gint64 n = 0;

  if ((tenants = ms_server_storage_list_tenants (storage, user_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (tenants); i++)
    {
      JsonObject *t = json_array_get_object_element (tenants, i);

      if (ms_server_teams_is_team_tenant (json_object_get_string_member (t, "id")))
        n++;
    }
  if (n < max)
    return TRUE;
  g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LIMIT_REACHED,
               /* Translators: %d is the most teams one account may be in */
               g_dngettext (GETTEXT_PACKAGE,
                            "An account can be in at most %d team. Leave a team before you "
                            "create or join another.",
                            "An account can be in at most %d teams. Leave a team before you "
                            "create or join another.", (gulong) max),
               (int) max);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* POST /v1/teams                                                            */

static gboolean
create_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  TeamContext *ctx = user_data;

  return check_team_count (storage, ctx->user->id, error) &&
         ms_server_storage_create_team (storage, ctx->team, error) &&
         ms_server_storage_set_member (storage, ctx->team->tenant, ctx->user->id, "owner",
                                       ctx->now, error) &&
         write_member_row (storage, ctx->team->tenant, ctx->user->id, "owner", ctx->now, error) &&
         write_default_rules (storage, ctx->team->tenant, ctx->now, error) &&
         (ctx->out = team_to_json (storage, ctx->team, "owner", ctx->now, error)) != NULL;
}

JsonObject *
ms_server_teams_create (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        JsonObject          *request,
                        gint64               now,
                        GError             **error)
{
  g_auto(TeamContext) ctx = { 0 };
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  const char *raw, *plan;
  glong len;

  if ((raw = ms_server_json_get_string (request, "name", TRUE, error)) == NULL ||
      (plan = ms_server_json_get_string (request, "plan", TRUE, error)) == NULL)
    return NULL;
  name = g_strstrip (g_strdup (raw));
  len = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : 0;
  if (len < 1 || len > ms_sync_limit ("name", "max_chars"))
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                   /* Translators: %u is the most characters a team name may have */
                   _("A team name must be 1 to %u characters."),
                   (guint) ms_sync_limit ("name", "max_chars"));
      return NULL;
    }
  if (!ms_server_teams_is_team_plan (plan))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("Choose a Team or Team Pro plan."));
      return NULL;
    }

  uuid = g_uuid_string_random ();
  ctx.storage = storage;
  ctx.user = user;
  ctx.now = now;
  ctx.team = g_new0 (MsServerTeam, 1);
  ctx.team->tenant = tenant_for_id (uuid);
  ctx.team->name = g_strdup (name);
  ctx.team->plan = g_strdup (plan);
  ctx.team->created_at = now;
  if (!ms_server_storage_transaction (storage, TRUE, create_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

/* ------------------------------------------------------------------------ */
/* GET /v1/teams                                                             */

static gboolean
list_in_transaction (MsServerStorage  *storage,
                     gpointer          user_data,
                     GError          **error)
{
  TeamContext *ctx = user_data;
  g_autoptr(JsonArray) tenants = NULL;
  JsonArray *teams = json_array_new ();

  ctx->out = json_object_new ();
  json_object_set_array_member (ctx->out, "teams", teams);
  if ((tenants = ms_server_storage_list_tenants (storage, ctx->user->id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (tenants); i++)
    {
      JsonObject *t = json_array_get_object_element (tenants, i);
      const char *tenant = json_object_get_string_member (t, "id");
      g_autoptr(MsServerTeam) team = NULL;
      g_autofree char *role = NULL;
      JsonObject *o;

      if (!ms_server_teams_is_team_tenant (tenant))
        continue;
      if (!ms_server_authorize_tenant (storage, ctx->user, tenant, &role, error) ||
          !ms_server_storage_get_team (storage, tenant, &team, error))
        return FALSE;
      if (team == NULL)
        continue;
      if ((o = team_to_json (storage, team, role, ctx->now, error)) == NULL)
        return FALSE;
      json_array_add_object_element (teams, o);
    }
  return TRUE;
}

JsonObject *
ms_server_teams_list (MsServerStorage     *storage,
                      const MsServerUser  *user,
                      gint64               now,
                      GError             **error)
{
  g_auto(TeamContext) ctx = { 0 };

  ctx.user = user;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, FALSE, list_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

/* ------------------------------------------------------------------------ */
/* GET /v1/teams/{id}/members                                                */

static gboolean
members_in_transaction (MsServerStorage  *storage,
                        gpointer          user_data,
                        GError          **error)
{
  TeamContext *ctx = user_data;
  g_autofree char *role = NULL;
  JsonArray *members, *invites;

  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &role, error))
    return FALSE;
  if ((members = ms_server_storage_list_members (storage, ctx->tenant, error)) == NULL)
    return FALSE;
  ctx->out = json_object_new ();
  json_object_set_array_member (ctx->out, "members", members);
  if ((invites = ms_server_storage_list_invites (storage, ctx->tenant, ctx->now, error)) == NULL)
    return FALSE;
  json_object_set_array_member (ctx->out, "invites", invites);
  return TRUE;
}

JsonObject *
ms_server_teams_members (MsServerStorage     *storage,
                         const MsServerUser  *user,
                         const char          *team_id,
                         gint64               now,
                         GError             **error)
{
  g_auto(TeamContext) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, FALSE, members_in_transaction, &ctx, error))
    return NULL;
  return g_steal_pointer (&ctx.out);
}

/* ------------------------------------------------------------------------ */
/* POST /v1/teams/{id}/invites                                               */

typedef struct
{
  TeamContext     base;
  MsServerInvite *invite;
} InviteContext;

static gboolean
invite_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  InviteContext *ctx = user_data;
  g_autofree char *role = NULL;

  if (!ms_server_authorize_tenant (storage, ctx->base.user, ctx->base.tenant, &role, error))
    return FALSE;
  if (!g_str_equal (role, "owner"))
    return forbidden_role (error);
  return ms_server_storage_add_invite (storage, ctx->invite, error);
}

JsonObject *
ms_server_teams_invite (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        const char          *team_id,
                        JsonObject          *request,
                        gint64               now,
                        GError             **error)
{
  g_autofree char *tenant = tenant_for_id (team_id);
  g_autofree char *token = NULL;
  g_autofree char *email = NULL;
  g_autoptr(JsonObject) o = NULL;
  g_autoptr(GError) local_error = NULL;
  MsServerInvite invite = { 0 };
  InviteContext ctx = { { 0 }, &invite };
  const char *raw, *role;

  if ((raw = ms_server_json_get_string (request, "email", TRUE, error)) == NULL)
    return NULL;
  role = ms_server_json_get_string (request, "role", FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (role == NULL)
    role = "member";
  email = ms_server_auth_normalize_email (raw, error);
  if (email == NULL)
    return NULL;
  if (!g_str_equal (role, "owner") && !g_str_equal (role, "member"))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_MALFORMED,
                           _("The role must be “owner” or “member”."));
      return NULL;
    }

  token = new_invite_token ();
  invite.hash = ms_server_auth_hash_token (token);
  invite.tenant = tenant;
  invite.email = email;
  invite.role = (char *) role;
  invite.invited_by = user->id;
  invite.created_at = now;
  invite.expires_at = now + MS_SERVER_INVITE_TTL;
  ctx.base.user = user;
  ctx.base.tenant = tenant;
  ctx.base.now = now;
  if (!ms_server_storage_transaction (storage, TRUE, invite_in_transaction, &ctx, error))
    {
      g_free (invite.hash);
      return NULL;
    }
  g_free (invite.hash);

  o = json_object_new ();
  json_object_set_string_member (o, "token", token);
  json_object_set_int_member (o, "expires_at", invite.expires_at);
  return g_steal_pointer (&o);
}

/* ------------------------------------------------------------------------ */
/* DELETE /v1/teams/{id}/invites/{email}                                     */

static gboolean
cancel_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  InviteContext *ctx = user_data;
  g_autofree char *role = NULL;
  guint n = 0;

  if (!ms_server_authorize_tenant (storage, ctx->base.user, ctx->base.tenant, &role, error))
    return FALSE;
  if (!g_str_equal (role, "owner"))
    return forbidden_role (error);
  if (!ms_server_storage_cancel_invites (storage, ctx->base.tenant, ctx->invite->email,
                                         ctx->base.now, &n, error))
    return FALSE;
  if (n == 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("There is no pending invitation for this address."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ms_server_teams_cancel_invites:
 * @email: the invited address, any case
 *
 * Owner only: every pending invite of the team for @email stops working.
 */
gboolean
ms_server_teams_cancel_invites (MsServerStorage     *storage,
                                const MsServerUser  *user,
                                const char          *team_id,
                                const char          *email,
                                gint64               now,
                                GError             **error)
{
  g_autofree char *tenant = tenant_for_id (team_id);
  g_autofree char *normalized = ms_server_auth_normalize_email (email, error);
  MsServerInvite invite = { 0 };
  InviteContext ctx = { { 0 }, &invite };

  if (normalized == NULL)
    return FALSE;
  invite.email = normalized;
  ctx.base.user = user;
  ctx.base.tenant = tenant;
  ctx.base.now = now;
  return ms_server_storage_transaction (storage, TRUE, cancel_in_transaction, &ctx, error);
}

/* ------------------------------------------------------------------------ */
/* POST /v1/invites/accept                                                   */

static gboolean
accept_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  TeamContext *ctx = user_data;
  g_autoptr(MsServerInvite) invite = NULL;
  g_autoptr(MsEntitlements) entitlements = NULL;
  g_autofree char *role = NULL;
  gint64 used = 0, seats;

  if (!ms_server_storage_find_invite (storage, ctx->hash, &invite, error))
    return FALSE;
  if (invite == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVITE_NOT_FOUND,
                           _("This invitation does not exist. Ask for a new one."));
      return FALSE;
    }
  if (invite->used_at != 0)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVITE_USED,
                           _("This invitation has already been used."));
      return FALSE;
    }
  if (ctx->now >= invite->expires_at)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVITE_EXPIRED,
                           _("This invitation has expired. Ask an owner of the team for a new "
                             "one."));
      return FALSE;
    }
  if (!g_str_equal (invite->email, ctx->user->email))
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVITE_WRONG_ACCOUNT,
                           _("This invitation is for another email address. Sign in with the "
                             "account it was sent to."));
      return FALSE;
    }
  if (!ms_server_storage_get_team (storage, invite->tenant, &ctx->team, error))
    return FALSE;
  if (ctx->team == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_INVITE_NOT_FOUND,
                           _("This invitation does not exist. Ask for a new one."));
      return FALSE;
    }
  if (!ms_server_storage_get_role (storage, invite->tenant, ctx->user->id, &role, error))
    return FALSE;

  if (role == NULL)
    {
      /* The seat check and the insert are in one write transaction. */
      entitlements = ms_server_sync_dup_entitlements (ms_server_team_get_plan (ctx->team,
                                                                               ctx->now));
      seats = ms_entitlements_get_limit (entitlements, MS_LIMIT_SEATS);
      if (!ms_server_storage_count_members (storage, invite->tenant, NULL, &used, error))
        return FALSE;
      if (seats != MS_LIMIT_UNLIMITED && used >= seats)
        {
          g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_SEATS_FULL,
                       /* Translators: %d is the number of seats of the team's plan */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "This team’s plan has %d seat and it is taken. Ask an owner "
                                    "to upgrade the plan or free a seat.",
                                    "This team’s plan has %d seats and all are taken. Ask an "
                                    "owner to upgrade the plan or free a seat.", (gulong) seats),
                       (int) seats);
          return FALSE;
        }
      if (!check_team_count (storage, ctx->user->id, error))
        return FALSE;
      if (!ms_server_storage_set_member (storage, invite->tenant, ctx->user->id, invite->role,
                                         ctx->now, error) ||
          !write_member_row (storage, invite->tenant, ctx->user->id, invite->role, ctx->now,
                             error) ||
          !update_extra_owners (storage, ctx->team, error))
        return FALSE;
      role = g_strdup (invite->role);
    }
  if (!ms_server_storage_use_invite (storage, ctx->hash, ctx->user->id, ctx->now, error))
    return FALSE;
  return (ctx->out = team_to_json (storage, ctx->team, role, ctx->now, error)) != NULL;
}

JsonObject *
ms_server_teams_accept (MsServerStorage     *storage,
                        const MsServerUser  *user,
                        JsonObject          *request,
                        gint64               now,
                        GError             **error)
{
  g_auto(TeamContext) ctx = { 0 };
  g_autofree char *hash = NULL;
  g_autoptr(JsonObject) o = NULL;
  const char *token;

  if ((token = ms_server_json_get_string (request, "token", TRUE, error)) == NULL)
    return NULL;
  hash = ms_server_auth_hash_token (token);
  ctx.user = user;
  ctx.hash = hash;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, TRUE, accept_in_transaction, &ctx, error))
    return NULL;
  o = json_object_new ();
  json_object_set_object_member (o, "team", g_steal_pointer (&ctx.out));
  return g_steal_pointer (&o);
}

/* ------------------------------------------------------------------------ */
/* DELETE /v1/teams/{id}/members/{user_id}                                   */

static gboolean
remove_in_transaction (MsServerStorage  *storage,
                       gpointer          user_data,
                       GError          **error)
{
  TeamContext *ctx = user_data;
  g_autofree char *role = NULL;
  g_autofree char *target_role = NULL;
  gint64 owners = 0;

  if (!ms_server_authorize_tenant (storage, ctx->user, ctx->tenant, &role, error))
    return FALSE;
  if (!g_str_equal (role, "owner") && !g_str_equal (ctx->member_id, ctx->user->id))
    return forbidden_role (error);
  if (!ms_server_storage_get_role (storage, ctx->tenant, ctx->member_id, &target_role, error))
    return FALSE;
  if (target_role == NULL)
    {
      g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND,
                           _("This person is not a member of the team."));
      return FALSE;
    }
  if (g_str_equal (target_role, "owner"))
    {
      if (!ms_server_storage_count_members (storage, ctx->tenant, "owner", &owners, error))
        return FALSE;
      if (owners <= 1)
        {
          g_set_error_literal (error, MS_SERVER_ERROR, MS_SERVER_ERROR_LAST_OWNER,
                               _("A team needs an owner. Make someone else an owner first."));
          return FALSE;
        }
    }
  if (!ms_server_storage_get_team (storage, ctx->tenant, &ctx->team, error))
    return FALSE;
  if (ctx->team == NULL)
    return g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no team"), FALSE;
  return ms_server_storage_remove_member (storage, ctx->tenant, ctx->member_id, error) &&
         write_member_row (storage, ctx->tenant, ctx->member_id, NULL, ctx->now, error) &&
         update_extra_owners (storage, ctx->team, error);
}

gboolean
ms_server_teams_remove_member (MsServerStorage     *storage,
                               const MsServerUser  *user,
                               const char          *team_id,
                               const char          *member_id,
                               gint64               now,
                               GError             **error)
{
  g_auto(TeamContext) ctx = { 0 };
  g_autofree char *tenant = tenant_for_id (team_id);

  ctx.user = user;
  ctx.tenant = tenant;
  ctx.member_id = member_id;
  ctx.now = now;
  return ms_server_storage_transaction (storage, TRUE, remove_in_transaction, &ctx, error);
}

/* ------------------------------------------------------------------------ */
/* Staff: msgscore-server set-team-plan --db FILE TEAM_ID PLAN               */

static gboolean
set_plan_in_transaction (MsServerStorage  *storage,
                         gpointer          user_data,
                         GError          **error)
{
  TeamContext *ctx = user_data;
  MsServerTeam *team;
  const char *current;

  if (!ms_server_storage_get_team (storage, ctx->tenant, &ctx->team, error))
    return FALSE;
  if ((team = ctx->team) == NULL)
    {
      g_set_error (error, MS_SERVER_ERROR, MS_SERVER_ERROR_NOT_FOUND, "no team %s", ctx->tenant);
      return FALSE;
    }
  current = ms_server_team_get_plan (team, ctx->now);
  ctx->deferred = is_downgrade (current, ctx->plan);
  if (ctx->deferred)
    {
      g_autofree char *in_force = g_strdup (current);

      g_free (team->plan);
      team->plan = g_steal_pointer (&in_force);
      g_free (team->plan_next);
      team->plan_next = g_strdup (ctx->plan);
      team->plan_change_at = next_billing_date (team->created_at, ctx->now);
    }
  else
    {
      g_free (team->plan);
      team->plan = g_strdup (ctx->plan);
      g_clear_pointer (&team->plan_next, g_free);
      team->plan_change_at = 0;
    }
  return ms_server_storage_update_team (storage, team, error);
}

/**
 * ms_server_teams_set_plan:
 * @team_id: the uuid of the team, or its tenant "team:<uuid>"
 * @deferred: (out): TRUE when @plan is a downgrade, recorded for the next billing date
 */
gboolean
ms_server_teams_set_plan (MsServerStorage  *storage,
                          const char       *team_id,
                          const char       *plan,
                          gint64            now,
                          gboolean         *deferred,
                          GError          **error)
{
  g_auto(TeamContext) ctx = { 0 };
  g_autofree char *tenant = ms_server_teams_is_team_tenant (team_id) ? g_strdup (team_id)
                                                                      : tenant_for_id (team_id);

  if (!ms_server_teams_is_team_plan (plan))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a plan id */
                   _("“%s” is not a team plan."), plan);
      return FALSE;
    }
  ctx.tenant = tenant;
  ctx.plan = plan;
  ctx.now = now;
  if (!ms_server_storage_transaction (storage, TRUE, set_plan_in_transaction, &ctx, error))
    return FALSE;
  if (deferred != NULL)
    *deferred = ctx.deferred;
  return TRUE;
}
