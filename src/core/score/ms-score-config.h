/* ms-score-config.h — weights, penalties and the cap, from data/scoring.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-channel.h"
#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_SCORE_CONFIG_ERROR (ms_score_config_error_quark ())

typedef enum
{
  MS_SCORE_CONFIG_ERROR_INVALID,
} MsScoreConfigError;

/* What a finding of a rule (or of a family of rules) costs each axis:
 * data/scoring.json "findings". */
typedef struct
{
  char   *key;                            /* a rule id or a family prefix */
  double  points[MS_N_AXES];
  guint   mask;                           /* 1 << axis for each axis listed */
  double  full_at;                        /* > 0: graded, the points are reached when the
                                             finding marks this many cells or characters */
} MsFindingCosts;

typedef struct
{
  double  weights[2][MS_N_AXES];          /* [channel][axis], each row sums to 1 */
  double  severity_penalty[3];
  double  repeat_factor;                  /* each further finding of a rule counts this much more */
  guint   max_findings_per_rule;
  guint   compliance_error_cap;           /* the total never exceeds this with a compliance error */
  char   *axis_labels[MS_N_AXES][2];      /* ja, en */
  GArray *finding_costs;                  /* MsFindingCosts */
  char  **spam_rules;                     /* rule ids and families that are spam patterns */
  guint   spam_min_findings;              /* this many of them cap the total ... */
  guint   spam_cap;                       /* ... at this */
} MsScoreConfig;

GQuark         ms_score_config_error_quark (void);
MsScoreConfig *ms_score_config_new_from_json (JsonNode       *root,
                                              GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void           ms_score_config_free          (MsScoreConfig  *self);
const char    *ms_score_config_get_axis_label (const MsScoreConfig *self,
                                               MsAxis               axis,
                                               const char          *language);
gboolean       ms_score_config_is_spam_pattern (const MsScoreConfig *self,
                                                const char          *rule_id);
double         ms_score_config_get_full_at   (const MsScoreConfig *self,
                                              const char          *rule_id);
void           ms_score_config_get_costs     (const MsScoreConfig *self,
                                              const char          *rule_id,
                                              MsAxis               axis,
                                              double               points,
                                              double              *costs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsScoreConfig, ms_score_config_free)

G_END_DECLS
