/* ms-team.c — one team the user belongs to, as GET /v1/teams last said
 *
 * An immutable item of MsTeamRepository's model. The id is the team's
 * tenant ("team:<uuid>"); role is "owner" or "member"; seats_limit is -1
 * when the plan has no limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-team.h"

struct _MsTeam
{
  GObject  parent_instance;
  char    *id;
  char    *name;
  char    *plan;
  char    *role;
  gint64   seats_used;
  gint64   seats_limit;
};

G_DEFINE_FINAL_TYPE (MsTeam, ms_team, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PLAN,
  PROP_ROLE,
  PROP_IS_OWNER,
  PROP_SEATS_USED,
  PROP_SEATS_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_team_finalize (GObject *object)
{
  MsTeam *self = (MsTeam *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->plan);
  g_free (self->role);

  G_OBJECT_CLASS (ms_team_parent_class)->finalize (object);
}

static void
ms_team_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MsTeam *self = MS_TEAM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, ms_team_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, ms_team_get_name (self));
      break;
    case PROP_PLAN:
      g_value_set_string (value, ms_team_get_plan (self));
      break;
    case PROP_ROLE:
      g_value_set_string (value, ms_team_get_role (self));
      break;
    case PROP_IS_OWNER:
      g_value_set_boolean (value, ms_team_get_is_owner (self));
      break;
    case PROP_SEATS_USED:
      g_value_set_int64 (value, ms_team_get_seats_used (self));
      break;
    case PROP_SEATS_LIMIT:
      g_value_set_int64 (value, ms_team_get_seats_limit (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_team_class_init (MsTeamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ms_team_finalize;
  object_class->get_property = ms_team_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PLAN] = g_param_spec_string ("plan", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  properties[PROP_IS_OWNER] = g_param_spec_boolean ("is-owner", NULL, NULL, FALSE, flags);
  properties[PROP_SEATS_USED] = g_param_spec_int64 ("seats-used", NULL, NULL,
                                                    0, G_MAXINT64, 0, flags);
  properties[PROP_SEATS_LIMIT] = g_param_spec_int64 ("seats-limit", NULL, NULL,
                                                     -1, G_MAXINT64, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_team_init (MsTeam *self)
{
}

MsTeam *
ms_team_new (const char *id,
             const char *name,
             const char *plan,
             const char *role,
             gint64      seats_used,
             gint64      seats_limit)
{
  MsTeam *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (MS_TYPE_TEAM, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : "");
  self->plan = g_strdup (plan != NULL ? plan : "");
  self->role = g_strdup (role != NULL ? role : "member");
  self->seats_used = seats_used;
  self->seats_limit = seats_limit;
  return self;
}

const char *
ms_team_get_id (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), NULL);
  return self->id;
}

const char *
ms_team_get_name (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), NULL);
  return self->name;
}

const char *
ms_team_get_plan (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), NULL);
  return self->plan;
}

const char *
ms_team_get_role (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), NULL);
  return self->role;
}

gboolean
ms_team_get_is_owner (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), FALSE);
  return g_strcmp0 (self->role, "owner") == 0;
}

gint64
ms_team_get_seats_used (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), 0);
  return self->seats_used;
}

gint64
ms_team_get_seats_limit (MsTeam *self)
{
  g_return_val_if_fail (MS_IS_TEAM (self), -1);
  return self->seats_limit;
}
