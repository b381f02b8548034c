/* ms-entitlements.h — what a plan allows: limits and features from data/plans.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The numeric limits of a plan (keys of "limits" in data/plans.json). */
typedef enum
{
  MS_LIMIT_SEATS,
  MS_LIMIT_SAVED_SCORINGS_PER_DAY,
  MS_LIMIT_HISTORY_VISIBLE_COUNT,
  MS_LIMIT_HISTORY_VISIBLE_DAYS,
  MS_LIMIT_PERSONAL_SEGMENTS,
  MS_LIMIT_CUSTOM_NG_WORDS,
  MS_LIMIT_SHARED_PRESETS,
  MS_N_LIMITS
} MsLimit;

/* A limit with this value has no limit (null in plans.json). */
#define MS_LIMIT_UNLIMITED ((gint64) -1)

#define MS_ENTITLEMENTS_DEFAULT_PLAN "free"

#define MS_TYPE_ENTITLEMENTS (ms_entitlements_get_type ())

G_DECLARE_FINAL_TYPE (MsEntitlements, ms_entitlements, MS, ENTITLEMENTS, GObject)

MsEntitlements *ms_entitlements_new_for_plan  (const char      *plan_id,
                                               GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MsEntitlements *ms_entitlements_new_from_json (JsonNode        *plans,
                                               const char      *plan_id,
                                               GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MsEntitlements *ms_entitlements_new_free      (void) G_GNUC_WARN_UNUSED_RESULT;
MsEntitlements *ms_entitlements_new_from_plan_object (JsonObject *plan,
                                                      GError    **error) G_GNUC_WARN_UNUSED_RESULT;
MsEntitlements *ms_entitlements_new_combined  (MsEntitlements  *a,
                                               MsEntitlements  *b) G_GNUC_WARN_UNUSED_RESULT;
JsonObject     *ms_entitlements_to_json       (MsEntitlements  *self) G_GNUC_WARN_UNUSED_RESULT;
const char     *ms_entitlements_get_plan_id   (MsEntitlements  *self);
const char     *ms_entitlements_get_plan_name (MsEntitlements  *self);
gint64          ms_entitlements_get_limit     (MsEntitlements  *self,
                                               MsLimit          limit);
gboolean        ms_entitlements_has_feature   (MsEntitlements  *self,
                                               const char      *feature);
const char     *ms_limit_to_string            (MsLimit          limit);
gboolean        ms_entitlements_is_for_team   (MsEntitlements  *self);
char          **ms_entitlements_list_plans    (GError         **error) G_GNUC_WARN_UNUSED_RESULT;
char          **ms_entitlements_list_team_plans (GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        ms_entitlements_is_team_plan  (const char      *plan_id);
void            ms_entitlements_get_limit_day (gint64           at,
                                               gint64          *start,
                                               gint64          *end);

gboolean        ms_entitlements_check_feature (MsEntitlements  *self,
                                               const char      *feature,
                                               gboolean         for_team,
                                               GError         **error);
char           *ms_entitlements_dup_unlocking_plan (const char *feature,
                                                    gboolean    for_team) G_GNUC_WARN_UNUSED_RESULT;
char           *ms_entitlements_dup_feature_name (const char   *feature) G_GNUC_WARN_UNUSED_RESULT;
char          **ms_entitlements_list_features (void) G_GNUC_WARN_UNUSED_RESULT;
int             ms_entitlements_get_rank      (MsEntitlements  *self);
gint64          ms_entitlements_get_history_since (MsEntitlements *self,
                                                   gint64          now);

gboolean        ms_entitlements_should_nudge  (MsEntitlements  *self,
                                               MsLimit          limit,
                                               gint64           used);
char           *ms_entitlements_dup_next_plan_name (MsEntitlements *self,
                                                    MsLimit         limit) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
