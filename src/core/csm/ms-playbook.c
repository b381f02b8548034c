/* ms-playbook.c — signals that turn into CSM tasks, from data/csm/playbooks.json
 *
 * Pure: which playbooks an account's facts fire, and when their task is due.
 * Making, deduplicating, snoozing and closing tasks is the server's
 * (ms-server-csm-job.c), per account and playbook.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-csm"

#include "config.h"

#include <math.h>

#include "ms-csm-account.h"
#include "ms-csm-json.h"
#include "ms-data.h"
#include "ms-playbook.h"

#define FILE_NAME "csm/playbooks.json"

typedef enum { FACT_NUMBER, FACT_BAND, FACT_PLAN } FactKind;

typedef struct
{
  const char *name;
  FactKind    kind;
  gsize       offset;
} Fact;

static const Fact facts[] = {
  { "churn_score", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, churn_score) },
  { "health_band", FACT_BAND, G_STRUCT_OFFSET (MsPlaybookFacts, health_band) },
  { "health", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, health) },
  { "nps_latest", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, nps_latest) },
  { "nps_days_ago", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, nps_days_ago) },
  { "days_overdue", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, days_overdue) },
  { "failed_in_a_row", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, failed_in_a_row) },
  { "limit_use", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, limit_use) },
  { "same_domain", FACT_NUMBER, G_STRUCT_OFFSET (MsPlaybookFacts, same_domain) },
  { "plan", FACT_PLAN, G_STRUCT_OFFSET (MsPlaybookFacts, plan) },
};

typedef struct
{
  const Fact *fact;
  gboolean    has_at_least, has_at_most;
  double      at_least, at_most;
  GStrv       in;
} Test;

typedef struct
{
  MsPlaybook  public;
  GPtrArray  *when_any;    /* GArray of Test, one per alternative */
} Playbook;

typedef struct
{
  JsonNode   *root;        /* keeps the titles alive */
  MsPlaybook *list;
  Playbook   *playbooks;
  guint       n;
} Config;

static const Fact *
find_fact (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    if (g_str_equal (facts[i].name, name))
      return &facts[i];
  g_error ("%s: no fact “%s”", FILE_NAME, name);
  return NULL;
}

static Config *
load (void)
{
  g_autoptr(GError) error = NULL;
  Config *c = g_new0 (Config, 1);
  JsonArray *list;

  c->root = ms_data_load_json (FILE_NAME, &error);
  if (c->root == NULL || !JSON_NODE_HOLDS_OBJECT (c->root))
    g_error ("%s: %s", FILE_NAME, error != NULL ? error->message : "not an object");
  list = _ms_csm_json_array (json_node_get_object (c->root), FILE_NAME, "playbooks");
  c->n = json_array_get_length (list);
  c->playbooks = g_new0 (Playbook, c->n);
  c->list = g_new0 (MsPlaybook, c->n);
  for (guint i = 0; i < c->n; i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      Playbook *p = &c->playbooks[i];
      JsonObject *due, *title;
      JsonArray *when;

      if (o == NULL)
        g_error ("%s: playbook %u is not an object", FILE_NAME, i);
      p->public.id = g_strdup (_ms_csm_json_string (o, FILE_NAME, "id"));
      p->public.priority = _ms_csm_json_count (o, FILE_NAME, "priority");
      p->public.cooldown_days = _ms_csm_json_count (o, FILE_NAME, "cooldown_days");
      p->public.owner = g_strdup (_ms_csm_json_string (o, FILE_NAME, "owner"));
      p->public.slack = json_object_get_boolean_member_with_default (o, "slack", FALSE);
      due = _ms_csm_json_object (o, FILE_NAME, "due");
      p->public.due_in_hours = json_object_has_member (due, "hours");
      p->public.due_amount = _ms_csm_json_count (due, FILE_NAME,
                                                 p->public.due_in_hours ? "hours" : "days");
      title = _ms_csm_json_object (o, FILE_NAME, "title");
      _ms_csm_json_string (title, FILE_NAME, "ja");
      _ms_csm_json_string (title, FILE_NAME, "en");
      p->public.title = title;
      for (guint k = 0; k < i; k++)
        if (g_str_equal (c->playbooks[k].public.id, p->public.id))
          g_error ("%s: two playbooks are “%s”", FILE_NAME, p->public.id);

      when = _ms_csm_json_array (o, FILE_NAME, "when_any");
      p->when_any = g_ptr_array_new ();
      for (guint a = 0; a < json_array_get_length (when); a++)
        {
          JsonArray *tests = json_array_get_array_element (when, a);
          GArray *alternative = g_array_new (FALSE, TRUE, sizeof (Test));

          if (tests == NULL || json_array_get_length (tests) == 0)
            g_error ("%s: %s: an empty alternative", FILE_NAME, p->public.id);
          for (guint t = 0; t < json_array_get_length (tests); t++)
            {
              JsonObject *to = json_array_get_object_element (tests, t);
              Test test = { 0 };

              test.fact = find_fact (_ms_csm_json_string (to, FILE_NAME, "fact"));
              if ((test.has_at_least = json_object_has_member (to, "at_least")))
                test.at_least = _ms_csm_json_number (to, FILE_NAME, "at_least", -1e9, 1e9);
              if ((test.has_at_most = json_object_has_member (to, "at_most")))
                test.at_most = _ms_csm_json_number (to, FILE_NAME, "at_most", -1e9, 1e9);
              if (json_object_has_member (to, "in"))
                {
                  JsonArray *in = _ms_csm_json_array (to, FILE_NAME, "in");
                  g_autoptr(GPtrArray) names = g_ptr_array_new ();

                  for (guint k = 0; k < json_array_get_length (in); k++)
                    g_ptr_array_add (names, g_strdup (json_array_get_string_element (in, k)));
                  g_ptr_array_add (names, NULL);
                  test.in = (GStrv) g_ptr_array_steal (names, NULL);
                }
              if ((test.fact->kind == FACT_NUMBER) == (test.in != NULL) ||
                  (test.in == NULL && !test.has_at_least && !test.has_at_most))
                g_error ("%s: %s: a test of “%s” that cannot hold", FILE_NAME, p->public.id,
                         test.fact->name);
              g_array_append_val (alternative, test);
            }
          g_ptr_array_add (p->when_any, alternative);
        }
      c->list[i] = p->public;
    }
  return c;
}

static const Config *
get_config (void)
{
  static Config *config;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      config = load ();
      g_once_init_leave (&loaded, 1);
    }
  return config;
}

void
ms_playbook_facts_init (MsPlaybookFacts *f)
{
  f->churn_score = NAN;
  f->health_band = MS_HEALTH_BAND_NONE;
  f->health = NAN;
  f->nps_latest = NAN;
  f->nps_days_ago = NAN;
  f->days_overdue = NAN;
  f->failed_in_a_row = NAN;
  f->limit_use = NAN;
  f->same_domain = NAN;
  f->plan = NULL;
}

/**
 * ms_playbook_facts_from_signals:
 * @churn_score: 0–100, or NAN without a model
 */
void
ms_playbook_facts_from_signals (MsPlaybookFacts    *f,
                                const MsCsmSignals *signals,
                                double              churn_score,
                                const char         *plan)
{
  const float *v = signals->values;

  ms_playbook_facts_init (f);
  f->churn_score = churn_score;
  f->health_band = signals->health.band;
  f->health = signals->health.scored ? signals->health.score : NAN;
  f->nps_latest = v[MS_SIGNAL_NPS_LATEST];
  f->nps_days_ago = v[MS_SIGNAL_DAYS_SINCE_NPS];
  f->days_overdue = v[MS_SIGNAL_DAYS_OVERDUE];
  f->failed_in_a_row = v[MS_SIGNAL_FAILED_IN_A_ROW];
  f->limit_use = v[MS_SIGNAL_LIMIT_USE];
  f->same_domain = v[MS_SIGNAL_SAME_DOMAIN];
  f->plan = plan;
}

const MsPlaybook *
ms_playbooks_get (guint *n_playbooks)
{
  const Config *c = get_config ();

  *n_playbooks = c->n;
  return c->list;
}

const MsPlaybook *
ms_playbook_lookup (const char *id)
{
  const Config *c = get_config ();

  for (guint i = 0; i < c->n; i++)
    if (g_strcmp0 (c->list[i].id, id) == 0)
      return &c->list[i];
  return NULL;
}

static gboolean
test_holds (const Test            *test,
            const MsPlaybookFacts *f)
{
  const char *text = NULL;
  double value = NAN;

  switch (test->fact->kind)
    {
    case FACT_NUMBER:
      value = G_STRUCT_MEMBER (double, f, test->fact->offset);
      if (isnan (value))
        return FALSE;
      return (!test->has_at_least || value >= test->at_least) &&
             (!test->has_at_most || value <= test->at_most);
    case FACT_BAND:
      text = ms_health_band_to_string (G_STRUCT_MEMBER (MsHealthBand, f, test->fact->offset));
      break;
    case FACT_PLAN:
      text = G_STRUCT_MEMBER (const char *, f, test->fact->offset);
      break;
    default:
      g_assert_not_reached ();
    }
  return text != NULL && g_strv_contains ((const char * const *) test->in, text);
}

gboolean
ms_playbook_matches (const MsPlaybook      *playbook,
                     const MsPlaybookFacts *f)
{
  const Config *c = get_config ();
  const Playbook *p = NULL;

  for (guint i = 0; i < c->n && p == NULL; i++)
    if (g_str_equal (c->playbooks[i].public.id, playbook->id))
      p = &c->playbooks[i];
  g_return_val_if_fail (p != NULL, FALSE);

  for (guint a = 0; a < p->when_any->len; a++)
    {
      GArray *tests = p->when_any->pdata[a];
      gboolean all = TRUE;

      for (guint t = 0; t < tests->len && all; t++)
        all = test_holds (&g_array_index (tests, Test, t), f);
      if (all)
        return TRUE;
    }
  return FALSE;
}

/**
 * ms_playbook_due_at:
 * @now: microseconds since the epoch
 *
 * Returns: when a task made at @now is due: @now plus the hours, or the
 *   last second of the Asia/Tokyo day that many days after @now's
 */
gint64
ms_playbook_due_at (const MsPlaybook *playbook,
                    gint64            now)
{
  if (playbook->due_in_hours)
    return now + (gint64) playbook->due_amount * G_TIME_SPAN_HOUR;
  return ms_csm_day_start (ms_csm_day_from_time (now) + (gint32) playbook->due_amount + 1) -
         G_TIME_SPAN_SECOND;
}

/**
 * ms_csm_text:
 * @texts: { "ja": …, "en": … }
 * @language: "ja" or "en"; anything else reads English
 */
const char *
ms_csm_text (JsonObject *texts,
             const char *language)
{
  const char *text = NULL;

  if (texts == NULL)
    return "";
  if (language != NULL && json_object_has_member (texts, language))
    text = json_object_get_string_member (texts, language);
  if (text == NULL && json_object_has_member (texts, "en"))
    text = json_object_get_string_member (texts, "en");
  return text != NULL ? text : "";
}
