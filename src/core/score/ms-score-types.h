/* ms-score-types.h — the small enumerations shared by the scoring engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The five axes of a score, in the order the Score page shows them. */
typedef enum
{
  MS_AXIS_OPEN,         /* 開封誘引力 open appeal */
  MS_AXIS_READABILITY,  /* 読了性 readability */
  MS_AXIS_CTA,          /* CTA強度 CTA strength */
  MS_AXIS_FIT,          /* ターゲット適合度 target fit */
  MS_AXIS_COMPLIANCE,   /* 配信適正 deliverability & compliance */
  MS_N_AXES
} MsAxis;

typedef enum
{
  MS_SEVERITY_INFO,
  MS_SEVERITY_WARN,
  MS_SEVERITY_ERROR,
} MsSeverity;

/* The fields of a message a finding can point into. */
typedef enum
{
  MS_FIELD_SUBJECT,
  MS_FIELD_PREHEADER,
  MS_FIELD_BODY,
  MS_FIELD_BUBBLE1,
  MS_FIELD_BUBBLE2,
  MS_FIELD_BUBBLE3,
  MS_FIELD_BUBBLE4,
  MS_FIELD_BUBBLE5,
  MS_N_FIELDS
} MsField;

#define MS_MAX_BUBBLES (MS_N_FIELDS - MS_FIELD_BUBBLE1)

typedef enum
{
  MS_AUDIENCE_ALL,
  MS_AUDIENCE_NEW,
  MS_AUDIENCE_EXISTING,
  MS_AUDIENCE_DORMANT,
} MsAudience;

typedef enum
{
  MS_AGE_BAND_ALL,
  MS_AGE_BAND_20S,
  MS_AGE_BAND_30S,
  MS_AGE_BAND_40S,
  MS_AGE_BAND_50S,
  MS_AGE_BAND_60S_PLUS,
} MsAgeBand;

typedef enum
{
  MS_GOAL_ANY,
  MS_GOAL_PURCHASE,
  MS_GOAL_SIGNUP,
  MS_GOAL_RESERVATION,
  MS_GOAL_VISIT,
  MS_GOAL_READ,
  MS_GOAL_EVENT,
} MsGoal;

const char *ms_axis_to_string       (MsAxis       axis);
gboolean    ms_axis_from_string     (const char  *name,
                                     MsAxis      *axis);
const char *ms_axis_get_label       (MsAxis       axis);
const char *ms_severity_to_string   (MsSeverity   severity);
gboolean    ms_severity_from_string (const char  *name,
                                     MsSeverity  *severity);
const char *ms_field_to_string      (MsField      field);
gboolean    ms_field_from_string    (const char  *name,
                                     MsField     *field);
const char *ms_audience_to_string   (MsAudience   audience);
gboolean    ms_audience_from_string (const char  *name,
                                     MsAudience  *audience);
const char *ms_age_band_to_string   (MsAgeBand    age_band);
gboolean    ms_age_band_from_string (const char  *name,
                                     MsAgeBand   *age_band);
const char *ms_goal_to_string       (MsGoal       goal);
gboolean    ms_goal_from_string     (const char  *name,
                                     MsGoal      *goal);
const char *ms_goal_get_label       (MsGoal       goal);
const char *ms_score_get_language   (void);

G_END_DECLS
