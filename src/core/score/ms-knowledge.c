/* ms-knowledge.c — team knowledge: what a team's reviewers taught, applied on
 * top of the scorer's result
 *
 * Learned on the device, from the feedback the team's reviewers left on its
 * share links (src/core/sync/ms-mutation-feedback.c), with the numbers of
 * data/knowledge.json:
 *
 *  - calibration: per reviewer role and axis, the mean of what the
 *    reviewers would change (their corrected score minus the AI's, or a
 *    fixed shift for a rating without a score), on every axis a feedback
 *    names. Enough evidence and a large enough mean make an entry that
 *    moves the axis; the most senior role's entry wins on an axis.
 *  - rules: an expression reviewers quote (「…」) in enough feedback items
 *    becomes a rule: a warning where a message has it, costing points on
 *    the axis the reviewers name most.
 *
 * The scorer is not touched: ms_knowledge_apply() takes its result and
 * gives a new one, with a finding for each entry that acted, so the change
 * is always visible and explained. An entry an owner turned off does
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-data.h"
#include "ms-knowledge.h"
#include "ms-score-result-private.h"

#define N_ROLES 3
#define MAX_QUOTES 8

typedef struct
{
  guint       min_feedback;
  char       *roles[N_ROLES];
  guint       cal_min_evidence;
  int         cal_min_shift;
  int         cal_max_shift;
  gboolean    has_shift[4];      /* fair, high, low, far_off */
  int         rating_shift[4];
  guint       rule_min_evidence;
  guint       rule_min_chars;
  guint       rule_max_chars;
  int         rule_points;
  MsAxis      fallback_axis;
  char       *quotes[MAX_QUOTES][2];
  guint       n_quotes;
  JsonObject *words;             /* language → key → text */
} Config;

static const char * const ratings[] = { "fair", "high", "low", "far_off" };

static gint64
get_int (JsonObject *o,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static void
read_rules (Config     *config,
            JsonObject *rules)
{
  JsonArray *quotes = json_object_get_array_member (rules, "quotes");
  const char *axis = json_object_get_string_member_with_default (rules, "fallback_axis",
                                                                  "compliance");

  config->rule_min_evidence = (guint) get_int (rules, "min_evidence", 2);
  config->rule_min_chars = (guint) get_int (rules, "min_chars", 2);
  config->rule_max_chars = (guint) get_int (rules, "max_chars", 30);
  config->rule_points = (int) get_int (rules, "points", 6);
  if (!ms_axis_from_string (axis, &config->fallback_axis))
    config->fallback_axis = MS_AXIS_COMPLIANCE;
  for (guint i = 0; quotes != NULL && i < json_array_get_length (quotes) && i < MAX_QUOTES; i++)
    {
      JsonArray *pair = json_array_get_array_element (quotes, i);

      config->quotes[i][0] = g_strdup (json_array_get_string_element (pair, 0));
      config->quotes[i][1] = g_strdup (json_array_get_string_element (pair, 1));
      config->n_quotes++;
    }
}

static const Config *
get_config (void)
{
  static Config config;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = ms_data_load_json ("knowledge.json", &error);
      JsonObject *o, *cal, *shifts;
      JsonArray *roles;

      if (root == NULL)
        g_error ("data/knowledge.json: %s", error->message);   /* compiled in: a build error */
      o = json_node_get_object (root);
      config.min_feedback = (guint) get_int (o, "min_feedback", 5);
      roles = json_object_get_array_member (o, "roles");
      for (guint i = 0; i < N_ROLES; i++)
        config.roles[i] = g_strdup (json_array_get_string_element (roles, i));
      cal = json_object_get_object_member (o, "calibration");
      config.cal_min_evidence = (guint) get_int (cal, "min_evidence", 3);
      config.cal_min_shift = (int) get_int (cal, "min_shift", 3);
      config.cal_max_shift = (int) get_int (cal, "max_shift", 20);
      shifts = json_object_get_object_member (cal, "rating_shift");
      for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
        if (json_object_has_member (shifts, ratings[i]))
          {
            config.has_shift[i] = TRUE;
            config.rating_shift[i] = (int) get_int (shifts, ratings[i], 0);
          }
      read_rules (&config, json_object_get_object_member (o, "rules"));
      config.words = json_object_ref (json_object_get_object_member (o, "words"));
      g_once_init_leave (&done, 1);
    }
  return &config;
}

guint
ms_knowledge_min_feedback (void)
{
  return get_config ()->min_feedback;
}

void
ms_knowledge_entry_free (MsKnowledgeEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->key);
  g_free (entry->role);
  g_free (entry->term);
  g_strfreev (entry->evidence);
  g_free (entry);
}

static int
role_index (const char *role)
{
  const Config *config = get_config ();

  for (int i = 0; i < N_ROLES; i++)
    if (g_strcmp0 (config->roles[i], role) == 0)
      return i;
  return -1;
}

/* ------------------------------------------------------------------------ */
/* Deriving                                                                  */

/* What @item would change, in points; FALSE when it says no direction. */
static gboolean
item_shift (const MsKnowledgeFeedback *item,
            int                       *shift)
{
  const Config *config = get_config ();

  if (item->corrected_score >= 0)
    {
      *shift = item->corrected_score - item->engine_total;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    if (g_strcmp0 (item->rating, ratings[i]) == 0 && config->has_shift[i])
      {
        *shift = config->rating_shift[i];
        return TRUE;
      }
  return FALSE;
}

static GStrv
steal_ids (GPtrArray *ids)
{
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (ids, FALSE);
}

static void
derive_calibrations (const MsKnowledgeFeedback *items,
                     guint                      n_items,
                     GPtrArray                 *entries)
{
  const Config *config = get_config ();
  double sums[N_ROLES][MS_N_AXES] = { { 0 } };
  GPtrArray *ids[N_ROLES][MS_N_AXES] = { { NULL } };

  for (guint i = 0; i < n_items; i++)
    {
      int role = role_index (items[i].role);
      g_auto(GStrv) axes = g_strsplit (items[i].axes != NULL ? items[i].axes : "", ",", -1);
      int shift;

      if (role < 0 || !item_shift (&items[i], &shift))
        continue;
      for (guint k = 0; axes[k] != NULL; k++)
        {
          MsAxis axis;

          if (!ms_axis_from_string (axes[k], &axis))
            continue;
          if (ids[role][axis] == NULL)
            ids[role][axis] = g_ptr_array_new_with_free_func (g_free);
          sums[role][axis] += shift;
          g_ptr_array_add (ids[role][axis], g_strdup (items[i].id));
        }
    }
  for (int r = 0; r < N_ROLES; r++)
    for (guint a = 0; a < MS_N_AXES; a++)
      {
        GPtrArray *evidence = ids[r][a];
        double mean;
        MsKnowledgeEntry *entry;

        if (evidence == NULL)
          continue;
        mean = sums[r][a] / evidence->len;
        if (evidence->len < config->cal_min_evidence || fabs (mean) < config->cal_min_shift)
          {
            g_ptr_array_unref (evidence);
            continue;
          }
        entry = g_new0 (MsKnowledgeEntry, 1);
        entry->kind = MS_KNOWLEDGE_CALIBRATION;
        entry->role = g_strdup (config->roles[r]);
        entry->axis = a;
        entry->shift = CLAMP ((int) lround (mean), -config->cal_max_shift, config->cal_max_shift);
        entry->key = g_strdup_printf ("calibration:%s:%s", entry->role, ms_axis_to_string (a));
        entry->n_evidence = evidence->len;
        entry->evidence = steal_ids (evidence);
        entry->enabled = TRUE;
        g_ptr_array_add (entries, entry);
      }
}

typedef struct
{
  GPtrArray *ids;
  guint      axes[MS_N_AXES];
} TermCount;

static void
term_count_free (gpointer data)
{
  TermCount *count = data;

  g_ptr_array_unref (count->ids);
  g_free (count);
}

/* Adds each quoted expression of @item's comment to @terms, once per item. */
static void
collect_terms (const MsKnowledgeFeedback *item,
               GHashTable                *terms)
{
  const Config *config = get_config ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) axes = g_strsplit (item->axes != NULL ? item->axes : "", ",", -1);

  for (guint q = 0; q < config->n_quotes && item->comment != NULL; q++)
    for (const char *p = strstr (item->comment, config->quotes[q][0]); p != NULL;
         p = strstr (p, config->quotes[q][0]))
      {
        const char *start = p + strlen (config->quotes[q][0]);
        const char *end = strstr (start, config->quotes[q][1]);
        g_autofree char *raw = NULL;
        g_autofree char *term = NULL;
        glong chars;
        TermCount *count;

        if (end == NULL)
          break;
        p = end + strlen (config->quotes[q][1]);
        raw = g_strndup (start, end - start);
        term = g_utf8_normalize (g_strstrip (raw), -1, G_NORMALIZE_NFKC);
        chars = term != NULL ? g_utf8_strlen (term, -1) : 0;
        if (chars < config->rule_min_chars || chars > config->rule_max_chars ||
            g_hash_table_contains (seen, term))
          continue;
        count = g_hash_table_lookup (terms, term);
        if (count == NULL)
          {
            count = g_new0 (TermCount, 1);
            count->ids = g_ptr_array_new_with_free_func (g_free);
            g_hash_table_insert (terms, g_strdup (term), count);
          }
        g_hash_table_add (seen, (gpointer) g_intern_string (term));
        g_ptr_array_add (count->ids, g_strdup (item->id));
        for (guint k = 0; axes[k] != NULL; k++)
          {
            MsAxis axis;

            if (ms_axis_from_string (axes[k], &axis))
              count->axes[axis]++;
          }
      }
}

static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const MsKnowledgeEntry *x = *(MsKnowledgeEntry * const *) a;
  const MsKnowledgeEntry *y = *(MsKnowledgeEntry * const *) b;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->kind == MS_KNOWLEDGE_CALIBRATION)
    return 0;
  if (x->n_evidence != y->n_evidence)
    return x->n_evidence > y->n_evidence ? -1 : 1;
  return strcmp (x->term, y->term);
}

static void
derive_rules (const MsKnowledgeFeedback *items,
              guint                      n_items,
              GPtrArray                 *entries)
{
  const Config *config = get_config ();
  g_autoptr(GHashTable) terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       term_count_free);
  GHashTableIter iter;
  const char *term;
  TermCount *count;

  for (guint i = 0; i < n_items; i++)
    collect_terms (&items[i], terms);
  g_hash_table_iter_init (&iter, terms);
  while (g_hash_table_iter_next (&iter, (gpointer *) &term, (gpointer *) &count))
    {
      MsKnowledgeEntry *entry;
      MsAxis axis = config->fallback_axis;
      guint best = 0;

      if (count->ids->len < config->rule_min_evidence)
        continue;
      for (guint a = 0; a < MS_N_AXES; a++)
        if (count->axes[a] > best)
          {
            best = count->axes[a];
            axis = a;
          }
      entry = g_new0 (MsKnowledgeEntry, 1);
      entry->kind = MS_KNOWLEDGE_RULE;
      entry->term = g_strdup (term);
      entry->axis = axis;
      entry->key = g_strconcat ("rule:", term, NULL);
      entry->n_evidence = count->ids->len;
      entry->evidence = steal_ids (g_ptr_array_ref (count->ids));
      entry->enabled = TRUE;
      g_ptr_array_add (entries, entry);
    }
}

/**
 * ms_knowledge_derive:
 *
 * Returns: (transfer full) (element-type MsKnowledgeEntry): the entries
 */
GPtrArray *
ms_knowledge_derive (const MsKnowledgeFeedback *items,
                     guint                      n_items)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_knowledge_entry_free);

  if (n_items < get_config ()->min_feedback)
    return entries;
  derive_calibrations (items, n_items, entries);
  derive_rules (items, n_items, entries);
  g_ptr_array_sort (entries, compare_rules);
  return entries;
}

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

static const char *
word (const char *language,
      const char *key)
{
  const Config *config = get_config ();
  JsonObject *words = json_object_get_object_member (config->words, language);

  if (words == NULL || !json_object_has_member (words, key))
    words = json_object_get_object_member (config->words, "en");
  return json_object_get_string_member_with_default (words, key, key);
}

static void
replace (GString    *text,
         const char *name,
         const char *value)
{
  g_string_replace (text, name, value, 0);
}

static char *
describe (const MsKnowledgeEntry *entry,
          const char             *language,
          const char             *axis_label)
{
  GString *text;
  g_autofree char *count = g_strdup_printf ("%u", entry->n_evidence);

  if (g_strcmp0 (language, "ja") != 0)
    language = "en";
  if (entry->kind == MS_KNOWLEDGE_CALIBRATION)
    {
      g_autofree char *role = g_strconcat ("role.", entry->role, NULL);
      g_autofree char *shift = g_strdup_printf ("%+d", entry->shift);

      text = g_string_new (word (language, "calibration"));
      replace (text, "{role}", word (language, role));
      replace (text, "{axis}", axis_label);
      replace (text, "{shift}", shift);
    }
  else
    {
      text = g_string_new (word (language, "rule"));
      replace (text, "{term}", entry->term);
    }
  replace (text, "{count}", count);
  return g_string_free (text, FALSE);
}

char *
ms_knowledge_entry_describe (const MsKnowledgeEntry *entry,
                             const char             *language)
{
  return describe (entry, language, ms_axis_get_label (entry->axis));
}

/* ------------------------------------------------------------------------ */
/* Applying                                                                  */

static MsScoreResult *
copy_result (const MsScoreResult *result)
{
  MsScoreResult *copy = _ms_score_result_new ();

  copy->engine = g_strdup (result->engine);
  copy->language = g_strdup (result->language);
  copy->channel = result->channel;
  copy->total = result->total;
  copy->capped = result->capped;
  copy->spam_capped = result->spam_capped;
  for (guint a = 0; a < MS_N_AXES; a++)
    {
      copy->axes[a] = result->axes[a];
      copy->weights[a] = result->weights[a];
      copy->labels[a] = g_strdup (result->labels[a]);
    }
  for (guint i = 0; i < result->findings->len; i++)
    g_ptr_array_add (copy->findings, ms_finding_copy (g_ptr_array_index (result->findings, i)));
  if (result->prediction != NULL)
    copy->prediction = ms_prediction_copy (result->prediction);
  for (guint i = 0; i < result->variants->len; i++)
    g_ptr_array_add (copy->variants, ms_variant_copy (g_ptr_array_index (result->variants, i)));
  copy->has_min_score = result->has_min_score;
  copy->min_threshold = result->min_threshold;
  copy->min_passed = result->min_passed;
  copy->min_action = result->min_action;
  return copy;
}

/* Where @term first is in @message: its field and character offsets. */
static gboolean
find_term (const MsMessage *message,
           const char      *term,
           MsField         *field,
           guint           *start,
           guint           *end)
{
  for (MsField f = 0; f < MS_N_FIELDS; f++)
    {
      const char *text = ms_message_get_field (message, f);
      const char *at = text != NULL ? strstr (text, term) : NULL;

      if (at == NULL)
        continue;
      *field = f;
      *start = (guint) g_utf8_pointer_to_offset (text, at);
      *end = *start + (guint) g_utf8_strlen (term, -1);
      return TRUE;
    }
  return FALSE;
}

/* Moves @axis of @copy by @points (clamped); the weighted change of the total. */
static double
move_axis (MsScoreResult *copy,
           MsAxis         axis,
           int            points,
           int           *moved)
{
  int before = (int) copy->axes[axis];
  int after = CLAMP (before + points, 0, 100);

  copy->axes[axis] = (guint) after;
  *moved = after - before;
  return copy->weights[axis] * (after - before);
}

static MsFinding *
new_finding (MsScoreResult          *copy,
             const MsKnowledgeEntry *entry,
             int                     moved)
{
  MsFinding *f = ms_finding_new ();

  f->rule_id = g_strdup (entry->kind == MS_KNOWLEDGE_CALIBRATION
                         ? "team.knowledge.calibration" : "team.knowledge.rule");
  f->axis = entry->axis;
  f->severity = entry->kind == MS_KNOWLEDGE_CALIBRATION ? MS_SEVERITY_INFO : MS_SEVERITY_WARN;
  f->field = copy->channel == MS_CHANNEL_LINE ? MS_FIELD_BUBBLE1 : MS_FIELD_SUBJECT;
  f->points = -moved;
  f->costs[entry->axis] = -moved;
  f->message = describe (entry, copy->language, copy->labels[entry->axis]);
  return f;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const MsFinding *x = *(MsFinding * const *) a;
  const MsFinding *y = *(MsFinding * const *) b;

  if (x->field != y->field)
    return x->field < y->field ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return strcmp (x->rule_id, y->rule_id);
}

/* The entries that act on @message: per axis the most senior calibration,
 * and every rule whose expression it has. */
static GPtrArray *
acting_entries (const MsMessage *message,
                GPtrArray       *entries)
{
  GPtrArray *acting = g_ptr_array_new ();
  const MsKnowledgeEntry *calibration[MS_N_AXES] = { NULL };

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const MsKnowledgeEntry *e = g_ptr_array_index (entries, i);
      MsField field;
      guint start, end;

      if (!e->enabled)
        continue;
      if (e->kind == MS_KNOWLEDGE_CALIBRATION)
        {
          if (calibration[e->axis] == NULL ||
              role_index (e->role) < role_index (calibration[e->axis]->role))
            calibration[e->axis] = e;
        }
      else if (find_term (message, e->term, &field, &start, &end))
        g_ptr_array_add (acting, (gpointer) e);
    }
  for (guint a = 0; a < MS_N_AXES; a++)
    if (calibration[a] != NULL)
      g_ptr_array_insert (acting, -1, (gpointer) calibration[a]);
  return acting;
}

/**
 * ms_knowledge_apply:
 *
 * Returns: (transfer full): the result with the team's knowledge
 */
MsScoreResult *
ms_knowledge_apply (MsScoreResult   *result,
                    const MsMessage *message,
                    GPtrArray       *entries)
{
  g_autoptr(GPtrArray) acting = NULL;
  MsScoreResult *copy;
  double change = 0;
  int total;

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  acting = acting_entries (message, entries);
  if (acting->len == 0)
    return ms_score_result_ref (result);
  copy = copy_result (result);
  for (guint i = 0; i < acting->len; i++)
    {
      const MsKnowledgeEntry *e = g_ptr_array_index (acting, i);
      int moved = 0;
      MsFinding *f;

      if (e->kind == MS_KNOWLEDGE_CALIBRATION)
        {
          change += move_axis (copy, e->axis, e->shift, &moved);
          g_ptr_array_add (copy->findings, new_finding (copy, e, moved));
          continue;
        }
      change += move_axis (copy, e->axis, -get_config ()->rule_points, &moved);
      f = new_finding (copy, e, moved);
      find_term (message, e->term, &f->field, &f->start, &f->end);
      f->text = g_strdup (e->term);
      f->suggestion = g_strdup (word (g_strcmp0 (copy->language, "ja") == 0 ? "ja" : "en",
                                      "rule_suggestion"));
      g_ptr_array_add (copy->findings, f);
    }
  total = CLAMP ((int) lround (result->total + change), 0, 100);
  /* the team's knowledge never lifts a cap the scorer set */
  if (result->capped || result->spam_capped)
    total = MIN (total, (int) result->total);
  copy->total = (guint) total;
  if (copy->has_min_score)
    copy->min_passed = copy->total >= copy->min_threshold;
  g_ptr_array_sort (copy->findings, compare_findings);
  return copy;
}
