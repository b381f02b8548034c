/* ms-insights.c — what the team's results say: trends by word, weekday, channel
 *
 * Groups the rows with an open rate by
 *   word     an ASCII word of 3+ letters, or 2–3 characters within a run of
 *            kanji/katakana (Japanese has no spaces; 限定, セール, 送料無料 …),
 *            after NFKC and case folding; counted once per subject
 *   weekday  of the send date
 *   channel  email or LINE (only when the rows have both)
 * and reports the groups whose mean open rate is furthest from the overall
 * mean, ranked by |mean − overall| × √support (the difference in units of
 * its own noise, roughly). Minimum support: a group needs min_support sends
 * and so does the rest, or it is noise and not reported. A word inside a
 * longer reported word with the same sends is not reported again.
 * Deterministic: ties go to the longer key, then by key.
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

typedef struct
{
  MsInsightKind kind;
  char         *key;
  double        sum;
  guint         n;
  guint         last_row;
  double        rank;
} Group;

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

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *x = *(Group * const *) a, *y = *(Group * const *) b;

  if (x->rank != y->rank)
    return x->rank > y->rank ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (strlen (x->key) != strlen (y->key))
    return strlen (x->key) > strlen (y->key) ? -1 : 1;  /* the whole word, not a piece */
  return strcmp (x->key, y->key);
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
describe (const Group *g,
          double       mean,
          double       overall)
{
  switch (g->kind)
    {
    case MS_INSIGHT_WORD:
      /* Translators: “%s” is a word of the subject; %.1f are percentages, %u a number of sends */
      return g_strdup_printf (_("Subjects with “%s” average %.1f%% opens over %u sends, against "
                                "%.1f%% overall"), g->key, mean * 100, g->n, overall * 100);
    case MS_INSIGHT_WEEKDAY:
      /* Translators: %s is a weekday (“Mondays”); %.1f are percentages, %u a number of sends */
      return g_strdup_printf (_("Sends on %s average %.1f%% opens over %u sends, against %.1f%% "
                                "overall"), weekday_name (g->key), mean * 100, g->n,
                              overall * 100);
    case MS_INSIGHT_CHANNEL:
    default:
      /* Translators: %s is email or LINE; %.1f are percentages, %u a number of sends */
      return g_strdup_printf (_("%s sends average %.1f%% opens over %u sends, against %.1f%% "
                                "overall"),
                              g_str_equal (g->key, "line") ? "LINE" : _("Email"),
                              mean * 100, g->n, overall * 100);
    }
}

/**
 * ms_insights_compute:
 * @rows: (array length=n_rows): campaign results
 * @min_support: sends a group (and the rest) needs; 0 for MS_INSIGHTS_MIN_SUPPORT
 * @top_n: how many to return at most
 *
 * Returns: (transfer full) (element-type MsInsight): the strongest trends,
 *   strongest first; empty when nothing has enough support
 */
GPtrArray *
ms_insights_compute (const MsCampaignRow *rows,
                     guint                n_rows,
                     guint                min_support,
                     guint                top_n)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        group_free);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  GPtrArray *insights = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_insight_free);
  GHashTableIter iter;
  gpointer value;
  double total = 0;
  guint n = 0, n_channel[2] = { 0, 0 };

  if (min_support == 0)
    min_support = MS_INSIGHTS_MIN_SUPPORT;

  for (guint i = 0; i < n_rows; i++)
    {
      const MsCampaignRow *row = &rows[i];
      int y, m, d;

      if (isnan (row->open_rate) || row->subject == NULL ||
          (row->recipients >= 0 && row->recipients < 20))
        continue;
      total += row->open_rate;
      n++;
      n_channel[row->channel]++;
      add_words (groups, row->subject, i, row->open_rate);
      add (groups, MS_INSIGHT_CHANNEL, ms_channel_to_string (row->channel), i, row->open_rate);
      if (row->sent_on != NULL && sscanf (row->sent_on, "%d-%d-%d", &y, &m, &d) == 3 &&
          g_date_valid_dmy (d, m, y))
        {
          GDate date;
          char key[2] = { 0 };

          g_date_clear (&date, 1);
          g_date_set_dmy (&date, d, m, y);
          key[0] = (char) ('0' + g_date_get_weekday (&date));
          add (groups, MS_INSIGHT_WEEKDAY, key, i, row->open_rate);
        }
    }
  if (n == 0)
    return insights;

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Group *g = value;

      if (g->n < min_support || n - g->n < min_support)
        continue;
      if (g->kind == MS_INSIGHT_CHANNEL && (n_channel[0] == 0 || n_channel[1] == 0))
        continue;
      /* against the rest, not the whole, so a group does not dilute itself */
      g->rank = fabs (g->sum / g->n - (total - g->sum) / (n - g->n)) * sqrt (g->n);
      g_ptr_array_add (ranked, g);
    }
  g_ptr_array_sort (ranked, compare_groups);

  for (guint i = 0; i < ranked->len && insights->len < top_n; i++)
    {
      const Group *g = g_ptr_array_index (ranked, i);
      MsInsight *insight;
      gboolean repeat = FALSE;

      for (guint j = 0; j < insights->len && !repeat; j++)
        {
          const MsInsight *chosen = g_ptr_array_index (insights, j);

          repeat = g->kind == MS_INSIGHT_WORD && chosen->kind == MS_INSIGHT_WORD &&
                   chosen->support == g->n &&
                   (strstr (chosen->key, g->key) != NULL || strstr (g->key, chosen->key) != NULL);
        }
      if (repeat)
        continue;
      insight = g_new0 (MsInsight, 1);
      insight->kind = g->kind;
      insight->key = g_strdup (g->key);
      insight->mean = g->sum / g->n;
      insight->overall = total / n;
      insight->support = g->n;
      insight->text = describe (g, insight->mean, insight->overall);
      g_ptr_array_add (insights, insight);
    }
  return insights;
}
