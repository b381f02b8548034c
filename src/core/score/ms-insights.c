/* ms-insights.c — what the team's results say, within each channel
 *
 * Email and LINE open rates differ by a factor of about three, so a group
 * that mixes them says more about its channel mix than about itself: every
 * comparison here is made within one channel. A channel's sends with an open
 * rate are grouped by
 *   word     an ASCII word of 3+ letters, or 2–4 characters within a run of
 *            kanji/katakana (Japanese has no spaces; 限定, セール, 送料無料 …),
 *            after NFKC and case folding; counted once per subject
 *   weekday  of the send date
 * and each group is compared with the channel's other sends. A group needs
 * min_support sends and so do the others (data/learning.json, "insights").
 * The strongest candidates by Welch's t are then tested: the permutation
 * p-value of the difference in means (the share of random regroupings of
 * the channel's rates, of the group's size, that differ at least as much;
 * seeded, so the same rows always give the same p) must be at most
 * max_p_value. What is reported is the difference with its 95 % interval
 * (Welch, t quantile by the Cornish–Fisher expansion) and its p, never a
 * bare mean. A word inside a longer reported word with the same sends is
 * not reported again. Deterministic: ties go to the longer key, then by key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ms-insights.h"
#include "ms-learning-config.h"

/* Candidates tested per channel: the strongest by t, at least this many. */
#define MIN_CANDIDATES 20

typedef struct
{
  MsInsightKind kind;
  char         *key;
  double        sum;
  double        sum_sq;
  guint         n;
  guint         last_row;
  double        t;
  double        p;
} Group;

/* One channel's open rates and, per group size, the permutation null. */
typedef struct
{
  MsChannel   channel;
  double     *values;
  guint       n;
  double      total;
  double      total_sq;
  GHashTable *nulls;   /* group size → GArray of sorted |sum − size · mean| */
} Channel;

static void
group_free (gpointer data)
{
  Group *g = data;

  g_free (g->key);
  g_free (g);
}

void
ms_insight_free (MsInsight *self)
{
  if (self == NULL)
    return;
  g_free (self->key);
  g_free (self->text);
  g_free (self);
}

static void
add (GHashTable    *groups,
     MsInsightKind  kind,
     const char    *key,
     guint          row,
     double         rate)
{
  g_autofree char *id = g_strdup_printf ("%d:%s", kind, key);
  Group *g = g_hash_table_lookup (groups, id);

  if (g == NULL)
    {
      g = g_new0 (Group, 1);
      g->kind = kind;
      g->key = g_strdup (key);
      g->last_row = G_MAXUINT;
      g_hash_table_insert (groups, g_steal_pointer (&id), g);
    }
  if (g->last_row == row)
    return;
  g->last_row = row;
  g->sum += rate;
  g->sum_sq += rate * rate;
  g->n++;
}

static gboolean
is_japanese_word_char (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_KATAKANA || c == 0x30FC;
}

static void
add_words (GHashTable *groups,
           const char *subject,
           guint       row,
           double      rate)
{
  g_autofree char *nfkc = g_utf8_normalize (subject, -1, G_NORMALIZE_NFKC);
  g_autofree char *text = nfkc != NULL ? g_utf8_casefold (nfkc, -1) : g_strdup ("");
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, NULL);
  guint n = 0;

  while (chars[n] != 0)
    n++;
  for (guint i = 0; i < n;)
    {
      guint j = i;

      if (g_unichar_isalnum (chars[i]) && chars[i] < 0x80)
        {
          while (j < n && chars[j] < 0x80 && g_unichar_isalnum (chars[j]))
            j++;
          if (j - i >= 3)
            {
              g_autofree char *word = g_ucs4_to_utf8 (chars + i, j - i, NULL, NULL, NULL);

              add (groups, MS_INSIGHT_WORD, word, row, rate);
            }
        }
      else if (is_japanese_word_char (chars[i]))
        {
          while (j < n && is_japanese_word_char (chars[j]))
            j++;
          for (guint len = 2; len <= 4; len++)
            for (guint k = i; k + len <= j; k++)
              {
                g_autofree char *word = g_ucs4_to_utf8 (chars + k, len, NULL, NULL, NULL);

                add (groups, MS_INSIGHT_WORD, word, row, rate);
              }
        }
      else
        j = i + 1;
      i = j;
    }
}

static void
add_weekday (GHashTable *groups,
             const char *sent_on,
             guint       row,
             double      rate)
{
  int y, m, d;
  GDate date;
  char key[2] = { 0 };

  if (sent_on == NULL || sscanf (sent_on, "%d-%d-%d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  key[0] = (char) ('0' + g_date_get_weekday (&date));
  add (groups, MS_INSIGHT_WEEKDAY, key, row, rate);
}

static int
compare_tie (const Group *x,
             const Group *y)
{
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (strlen (x->key) != strlen (y->key))
    return strlen (x->key) > strlen (y->key) ? -1 : 1;  /* the whole word, not a piece */
  return strcmp (x->key, y->key);
}

static int
compare_by_t (gconstpointer a,
              gconstpointer b)
{
  const Group *x = *(Group * const *) a, *y = *(Group * const *) b;

  if (x->t != y->t)
    return x->t > y->t ? -1 : 1;
  return compare_tie (x, y);
}

static int
compare_by_p (gconstpointer a,
              gconstpointer b)
{
  const Group *x = *(Group * const *) a, *y = *(Group * const *) b;

  if (x->p != y->p)
    return x->p < y->p ? -1 : 1;
  return compare_by_t (a, b);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The two-sided 97.5 % quantile of Student's t with @df degrees of freedom
 * (Cornish–Fisher; within 2 % from 4 degrees of freedom). */
static double
t_quantile_975 (double df)
{
  const double z = 1.959964;
  double z3 = z * z * z, z5 = z3 * z * z;

  df = MAX (df, 1);
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/* Welch's statistic of @g against the channel's other sends; the 95 %
 * interval of the difference in @low/@high. */
static double
welch (const Channel *channel,
       const Group   *g,
       double        *low,
       double        *high)
{
  guint k = g->n, m = channel->n - g->n;
  double mean_g = g->sum / k, mean_o = (channel->total - g->sum) / m;
  double var_g = MAX (0, (g->sum_sq - k * mean_g * mean_g) / (k - 1));
  double var_o = MAX (0, (channel->total_sq - g->sum_sq - m * mean_o * mean_o) / (m - 1));
  double a = var_g / k, b = var_o / m, se = sqrt (a + b);
  double diff = mean_g - mean_o;
  double df = a + b > 0 ? (a + b) * (a + b) / (a * a / (k - 1) + b * b / (m - 1)) : 1;
  double half = se * t_quantile_975 (df);

  *low = diff - half;
  *high = diff + half;
  if (se == 0)
    return diff != 0 ? INFINITY : 0;
  return fabs (diff) / se;
}

/* The sorted |sum − size · mean| of random groups of @size of the channel's
 * rates (partial Fisher–Yates on a scratch copy: any arrangement gives a
 * uniform subset). Seeded by the size and channel, so it never changes. */
static const GArray *
null_for_size (Channel *channel,
               guint    size)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  GArray *null = g_hash_table_lookup (channel->nulls, GUINT_TO_POINTER (size));
  g_autofree double *scratch = NULL;
  g_autoptr(GRand) rand = NULL;
  guint n = channel->n, draw = MIN (size, n - size);
  double centre = size * channel->total / n;

  if (null != NULL)
    return null;
  rand = g_rand_new_with_seed (config->insight_seed + 7919u * size + 104729u * channel->channel);
  scratch = g_memdup2 (channel->values, sizeof (double) * n);
  null = g_array_sized_new (FALSE, FALSE, sizeof (double), config->insight_permutations);
  for (guint p = 0; p < config->insight_permutations; p++)
    {
      double sum = 0, deviation;

      for (guint i = 0; i < draw; i++)
        {
          guint j = i + (guint) g_rand_int_range (rand, 0, (gint32) (n - i));
          double tmp = scratch[i];

          scratch[i] = scratch[j];
          scratch[j] = tmp;
          sum += scratch[i];
        }
      if (draw != size)
        sum = channel->total - sum;
      deviation = fabs (sum - centre);
      g_array_append_val (null, deviation);
    }
  g_array_sort (null, compare_doubles);
  g_hash_table_insert (channel->nulls, GUINT_TO_POINTER (size), null);
  return null;
}

static double
permutation_p (Channel     *channel,
               const Group *g)
{
  const GArray *null = null_for_size (channel, g->n);
  double observed = fabs (g->sum - g->n * channel->total / channel->n) - 1e-12;
  guint lo = 0, hi = null->len;

  /* the first null deviation ≥ the observed one */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (null, double, mid) < observed)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (1.0 + (null->len - lo)) / (null->len + 1.0);
}

static const char *
weekday_name (const char *key)
{
  static const char * const names[] = {
    N_("Mondays"), N_("Tuesdays"), N_("Wednesdays"), N_("Thursdays"), N_("Fridays"),
    N_("Saturdays"), N_("Sundays"),
  };
  int day = atoi (key);

  return day >= 1 && day <= 7 ? _(names[day - 1]) : key;
}

static char *
describe (const MsInsight *insight)
{
  const char *channel = insight->channel == MS_CHANNEL_LINE ? "LINE" : _("Email");
  g_autofree char *p = insight->p_value < 0.001 ? g_strdup ("p < 0.001")
                                                : g_strdup_printf ("p = %.3f", insight->p_value);

  if (insight->kind == MS_INSIGHT_WORD)
    /* Translators: the channel (Email or LINE); a word of the subject; the group's open rate
     * and its number of sends; the open rate of the channel's other sends and their number;
     * the difference in points with its 95 % interval; the p-value (“p = 0.004”) */
    return g_strdup_printf (_("%s: subjects with “%s” opened %.1f%% over %u sends, against %.1f%% "
                              "for the other %u: %+.1f pt (95%% interval %+.1f to %+.1f pt, %s)"),
                            channel, insight->key, insight->mean * 100, insight->support,
                            insight->others * 100, insight->n_others, insight->difference * 100,
                            insight->low * 100, insight->high * 100, p);

  /* Translators: the channel (Email or LINE); a weekday (“Mondays”); the group's open rate
   * and its number of sends; the open rate of the channel's other sends and their number;
   * the difference in points with its 95 % interval; the p-value (“p = 0.004”) */
  return g_strdup_printf (_("%s: sends on %s opened %.1f%% over %u sends, against %.1f%% for the "
                            "other %u: %+.1f pt (95%% interval %+.1f to %+.1f pt, %s)"),
                          channel, weekday_name (insight->key), insight->mean * 100,
                          insight->support, insight->others * 100, insight->n_others,
                          insight->difference * 100, insight->low * 100, insight->high * 100, p);
}

static gboolean
repeats (const GPtrArray *chosen,
         const Group     *g,
         MsChannel        channel)
{
  for (guint j = 0; j < chosen->len; j++)
    {
      const MsInsight *other = g_ptr_array_index (chosen, j);

      if (other->channel == channel && g->kind == MS_INSIGHT_WORD &&
          other->kind == MS_INSIGHT_WORD && other->support == g->n &&
          (strstr (other->key, g->key) != NULL || strstr (g->key, other->key) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* The insights of one channel, appended to @insights. */
static void
compute_channel (const MsCampaignRow *rows,
                 guint                n_rows,
                 MsChannel            which,
                 guint                min_support,
                 guint                top_n,
                 GPtrArray           *insights)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        group_free);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  g_autoptr(GPtrArray) tested = g_ptr_array_new ();
  g_autofree double *values = g_new (double, n_rows + 1);
  Channel channel = { which, values, 0, 0, 0, NULL };
  GHashTableIter iter;
  gpointer value;
  guint first = insights->len;

  for (guint i = 0; i < n_rows; i++)
    {
      const MsCampaignRow *row = &rows[i];

      if (row->channel != which || isnan (row->open_rate) || row->subject == NULL ||
          (row->recipients >= 0 && row->recipients < 20))
        continue;
      values[channel.n++] = row->open_rate;
      channel.total += row->open_rate;
      channel.total_sq += row->open_rate * row->open_rate;
      add_words (groups, row->subject, i, row->open_rate);
      add_weekday (groups, row->sent_on, i, row->open_rate);
    }
  if (channel.n < 2 * min_support)
    return;

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Group *g = value;
      double low, high;

      if (g->n < min_support || channel.n - g->n < min_support)
        continue;
      g->t = welch (&channel, g, &low, &high);
      g_ptr_array_add (ranked, g);
    }
  g_ptr_array_sort (ranked, compare_by_t);

  channel.nulls = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < ranked->len && i < MAX (MIN_CANDIDATES, 4 * top_n); i++)
    {
      Group *g = g_ptr_array_index (ranked, i);

      g->p = permutation_p (&channel, g);
      if (g->p <= config->insight_max_p)
        g_ptr_array_add (tested, g);
    }
  g_hash_table_unref (channel.nulls);
  g_ptr_array_sort (tested, compare_by_p);

  for (guint i = 0; i < tested->len && insights->len - first < top_n; i++)
    {
      const Group *g = g_ptr_array_index (tested, i);
      MsInsight *insight;

      if (repeats (insights, g, which))
        continue;
      insight = g_new0 (MsInsight, 1);
      insight->kind = g->kind;
      insight->channel = which;
      insight->key = g_strdup (g->key);
      insight->support = g->n;
      insight->n_others = channel.n - g->n;
      insight->mean = g->sum / g->n;
      insight->others = (channel.total - g->sum) / insight->n_others;
      insight->difference = insight->mean - insight->others;
      welch (&channel, g, &insight->low, &insight->high);
      insight->p_value = g->p;
      insight->text = describe (insight);
      g_ptr_array_add (insights, insight);
    }
}

/**
 * ms_insights_compute:
 * @rows: (array length=n_rows): campaign results
 * @min_support: sends a group (and the rest of its channel) needs; 0 for
 *   data/learning.json's
 * @top_n: how many to return at most per channel
 *
 * Returns: (transfer full) (element-type MsInsight): the differences that
 *   hold up, email first, then LINE, each strongest first; empty when
 *   nothing has enough support
 */
GPtrArray *
ms_insights_compute (const MsCampaignRow *rows,
                     guint                n_rows,
                     guint                min_support,
                     guint                top_n)
{
  GPtrArray *insights = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_insight_free);

  g_return_val_if_fail (rows != NULL || n_rows == 0, insights);

  if (min_support == 0)
    min_support = ms_learning_config_get ()->insight_min_support;
  min_support = MAX (min_support, 2);   /* a variance needs two */

  for (MsChannel c = MS_CHANNEL_EMAIL; c <= MS_CHANNEL_LINE; c++)
    compute_channel (rows, n_rows, c, min_support, top_n, insights);
  return insights;
}
