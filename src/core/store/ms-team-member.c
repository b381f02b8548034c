/* ms-team-member.c — a member of a team, from the synced team_member rows
 *
 * Immutable: the team's member model replaces its items when the rows
 * change (see ms_team_rules_repository_get_members()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-team-member.h"

struct _MsTeamMember
{
  GObject  parent_instance;
  char    *user_id;
  char    *name;
  char    *email;
  char    *role;
};

G_DEFINE_FINAL_TYPE (MsTeamMember, ms_team_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_ROLE,
  PROP_IS_OWNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_team_member_finalize (GObject *object)
{
  MsTeamMember *self = (MsTeamMember *) object;

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->role, g_free);

  G_OBJECT_CLASS (ms_team_member_parent_class)->finalize (object);
}

static void
ms_team_member_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsTeamMember *self = MS_TEAM_MEMBER (object);

  switch (prop_id)
    {
    case PROP_USER_ID: g_value_set_string (value, self->user_id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_ROLE: g_value_set_string (value, self->role); break;
    case PROP_IS_OWNER: g_value_set_boolean (value, ms_team_member_get_is_owner (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_team_member_class_init (MsTeamMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_team_member_finalize;
  object_class->get_property = ms_team_member_get_property;

  properties[PROP_USER_ID] = g_param_spec_string ("user-id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  properties[PROP_IS_OWNER] = g_param_spec_boolean ("is-owner", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_team_member_init (MsTeamMember *self)
{
}

/**
 * ms_team_member_new:
 * @user_id: the member's user id (the uuid of their "user:<uuid>" tenant)
 * @role: "owner" or "member"
 */
MsTeamMember *
ms_team_member_new (const char *user_id,
                    const char *name,
                    const char *email,
                    const char *role)
{
  MsTeamMember *self;

  g_return_val_if_fail (user_id != NULL, NULL);

  self = g_object_new (MS_TYPE_TEAM_MEMBER, NULL);
  self->user_id = g_strdup (user_id);
  self->name = g_strdup (name != NULL ? name : "");
  self->email = g_strdup (email != NULL ? email : "");
  self->role = g_strdup (role != NULL ? role : "member");
  return self;
}

const char *
ms_team_member_get_user_id (MsTeamMember *self)
{
  g_return_val_if_fail (MS_IS_TEAM_MEMBER (self), NULL);
  return self->user_id;
}

const char *
ms_team_member_get_name (MsTeamMember *self)
{
  g_return_val_if_fail (MS_IS_TEAM_MEMBER (self), NULL);
  return self->name;
}

const char *
ms_team_member_get_email (MsTeamMember *self)
{
  g_return_val_if_fail (MS_IS_TEAM_MEMBER (self), NULL);
  return self->email;
}

const char *
ms_team_member_get_role (MsTeamMember *self)
{
  g_return_val_if_fail (MS_IS_TEAM_MEMBER (self), NULL);
  return self->role;
}

gboolean
ms_team_member_get_is_owner (MsTeamMember *self)
{
  g_return_val_if_fail (MS_IS_TEAM_MEMBER (self), FALSE);
  return g_strcmp0 (self->role, "owner") == 0;
}
