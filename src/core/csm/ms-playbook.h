/* ms-playbook.h — signals that turn into CSM tasks, from data/csm/playbooks.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-csm-signals.h"

G_BEGIN_DECLS

/* The facts a playbook tests; NAN (or NULL) is absent and fails every test. */
typedef struct
{
  double        churn_score;
  MsHealthBand  health_band;
  double        health;
  double        nps_latest;
  double        nps_days_ago;
  double        days_overdue;
  double        failed_in_a_row;
  double        limit_use;
  double        same_domain;
  const char   *plan;
} MsPlaybookFacts;

typedef struct
{
  char       *id;
  guint       priority;
  gboolean    slack;
  guint       cooldown_days;
  char       *owner;
  gboolean    due_in_hours;   /* else in days: the end of a JST day */
  guint       due_amount;
  JsonObject *title;          /* { "ja": …, "en": … } */
} MsPlaybook;

void               ms_playbook_facts_init        (MsPlaybookFacts       *facts);
void               ms_playbook_facts_from_signals (MsPlaybookFacts      *facts,
                                                  const MsCsmSignals    *signals,
                                                  double                 churn_score,
                                                  const char            *plan);
const MsPlaybook  *ms_playbooks_get              (guint                 *n_playbooks);
const MsPlaybook  *ms_playbook_lookup            (const char            *id);
gboolean           ms_playbook_matches           (const MsPlaybook      *playbook,
                                                  const MsPlaybookFacts *facts);
gint64             ms_playbook_due_at            (const MsPlaybook      *playbook,
                                                  gint64                 now);
const char        *ms_csm_text                   (JsonObject            *texts,
                                                  const char            *language);

G_END_DECLS
