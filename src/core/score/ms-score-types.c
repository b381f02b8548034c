/* ms-score-types.c — the small enumerations shared by the scoring engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ms-score-types.h"

static const char * const axis_names[] = { "open", "readability", "cta", "fit", "compliance" };
static const char * const severity_names[] = { "info", "warn", "error" };
static const char * const field_names[] = {
  "subject", "preheader", "body", "bubble1", "bubble2", "bubble3", "bubble4", "bubble5",
};
static const char * const audience_names[] = { "all", "new", "existing", "dormant" };
static const char * const age_band_names[] = { "all", "20s", "30s", "40s", "50s", "60s+" };
static const char * const goal_names[] = {
  "any", "purchase", "signup", "reservation", "visit", "read", "event",
};

G_STATIC_ASSERT (G_N_ELEMENTS (axis_names) == MS_N_AXES);
G_STATIC_ASSERT (G_N_ELEMENTS (field_names) == MS_N_FIELDS);

static gboolean
lookup (const char * const *names,
        guint               n_names,
        const char         *name,
        int                *value)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], name))
      {
        *value = (int) i;
        return TRUE;
      }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, names)                               \
  const char *                                                                 \
  prefix##_to_string (Type value)                                              \
  {                                                                            \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);         \
    return names[value];                                                       \
  }                                                                            \
                                                                               \
  gboolean                                                                     \
  prefix##_from_string (const char *name,                                      \
                        Type       *value)                                     \
  {                                                                            \
    int v;                                                                     \
                                                                               \
    g_return_val_if_fail (value != NULL, FALSE);                               \
    if (!lookup (names, G_N_ELEMENTS (names), name, &v))                       \
      return FALSE;                                                            \
    *value = (Type) v;                                                         \
    return TRUE;                                                               \
  }

DEFINE_ENUM_STRINGS (MsAxis, ms_axis, axis_names)
DEFINE_ENUM_STRINGS (MsSeverity, ms_severity, severity_names)
DEFINE_ENUM_STRINGS (MsField, ms_field, field_names)
DEFINE_ENUM_STRINGS (MsAudience, ms_audience, audience_names)
const char *
ms_age_band_to_string (MsAgeBand value)
{
  g_return_val_if_fail ((guint) value < G_N_ELEMENTS (age_band_names), NULL);
  return age_band_names[value];
}

/* "60s" is accepted for "60s+". */
gboolean
ms_age_band_from_string (const char *name,
                         MsAgeBand  *value)
{
  int v;

  g_return_val_if_fail (value != NULL, FALSE);
  if (g_strcmp0 (name, "60s") == 0)
    name = "60s+";
  if (!lookup (age_band_names, G_N_ELEMENTS (age_band_names), name, &v))
    return FALSE;
  *value = (MsAgeBand) v;
  return TRUE;
}
DEFINE_ENUM_STRINGS (MsGoal, ms_goal, goal_names)

/**
 * ms_goal_get_label:
 *
 * Returns: the goal's name in the user's language (gettext), as the
 *   segment editor lists it
 */
const char *
ms_goal_get_label (MsGoal goal)
{
  switch (goal)
    {
    case MS_GOAL_ANY: return _("Any goal");
    case MS_GOAL_PURCHASE: return _("Purchase");
    case MS_GOAL_SIGNUP: return _("Sign-up");
    case MS_GOAL_RESERVATION: return _("Reservation");
    case MS_GOAL_VISIT: return _("Store visit");
    case MS_GOAL_READ: return _("Read the message");
    case MS_GOAL_EVENT: return _("Event");
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * ms_axis_get_label:
 *
 * Returns: the axis name in the user's language (gettext), for the UI.
 */
const char *
ms_axis_get_label (MsAxis axis)
{
  switch (axis)
    {
    case MS_AXIS_OPEN: return _("Open appeal");
    case MS_AXIS_READABILITY: return _("Readability");
    case MS_AXIS_CTA: return _("CTA strength");
    case MS_AXIS_FIT: return _("Target fit");
    case MS_AXIS_COMPLIANCE: return _("Deliverability & compliance");
    case MS_N_AXES:
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * ms_score_get_language:
 *
 * Rule packs carry every message in Japanese and English. Findings use
 * Japanese when the user's preferred languages start with Japanese, else
 * English.
 *
 * Returns: "ja" or "en"
 */
const char *
ms_score_get_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ja"))
        return "ja";
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;
      return "en";
    }

  return "en";
}
