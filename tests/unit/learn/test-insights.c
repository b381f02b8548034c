/* test-insights.c — insights that hold up: within a channel, with support and a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "score/ms-insights.h"
#include "score/ms-learning-config.h"

static MsCampaignRow
row (MsChannel   channel,
     const char *date,
     const char *subject,
     double      open_rate)
{
  MsCampaignRow r = { 0 };

  r.sent_on = (char *) date;
  r.channel = channel;
  r.subject = (char *) subject;
  r.body = (char *) "";
  r.recipients = 1000;
  r.open_rate = open_rate;
  r.ctr = NAN;
  r.cv_count = -1;
  return r;
}

static const MsInsight *
find (GPtrArray     *insights,
      MsChannel      channel,
      MsInsightKind  kind,
      const char    *key)
{
  for (guint i = 0; i < insights->len; i++)
    {
      const MsInsight *insight = g_ptr_array_index (insights, i);

      if (insight->channel == channel && insight->kind == kind && g_str_equal (insight->key, key))
        return insight;
    }
  return NULL;
}

/* A word in 12 sends that open clearly better than the 16 others; a word in
 * 2 sends with a large difference is noise and never reported. */
static void
test_min_support_and_test (void)
{
  static const char * const limited[] = { "限定のお得情報", "本日限定！", "会員限定の先行案内",
                                          "【限定】新色", "数量限定でご用意", "限定クーポン" };
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  g_autoptr(GPtrArray) insights = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) strict = NULL;
  const MsInsight *word;
  MsCampaignRow r;

  for (guint i = 0; i < 12; i++)
    r = row (MS_CHANNEL_EMAIL, "2024-05-06", limited[i % 6], 0.29 + 0.002 * (i % 5)),
    g_array_append_val (rows, r);
  for (guint i = 0; i < 14; i++)
    r = row (MS_CHANNEL_EMAIL, "2024-05-07", "新着のお知らせ", 0.20 + 0.002 * (i % 5)),
    g_array_append_val (rows, r);
  for (guint i = 0; i < 2; i++)
    r = row (MS_CHANNEL_EMAIL, "2024-05-08", "激レア速報", 0.45), g_array_append_val (rows, r);

  insights = ms_insights_compute ((MsCampaignRow *) rows->data, rows->len, 5, 5);
  g_assert_cmpuint (insights->len, >, 0);
  for (guint i = 0; i < insights->len; i++)
    {
      const MsInsight *insight = g_ptr_array_index (insights, i);

      g_assert_cmpuint (insight->support, >=, 5);
      g_assert_cmpuint (insight->n_others, >=, 5);
      g_assert_null (strstr (insight->key, "激レア"));
      g_assert_cmpfloat (insight->p_value, <=, ms_learning_config_get ()->insight_max_p);
      g_assert_cmpfloat (insight->low, <=, insight->difference);
      g_assert_cmpfloat (insight->difference, <=, insight->high);
      g_assert_nonnull (insight->text);
    }

  word = find (insights, MS_CHANNEL_EMAIL, MS_INSIGHT_WORD, "限定");
  g_assert_nonnull (word);
  g_assert_cmpuint (word->support, ==, 12);
  g_assert_cmpfloat_with_epsilon (word->mean, 0.29 + 0.002 * 21 / 12, 1e-9);
  g_assert_cmpfloat (word->difference, >, 0.05);
  g_assert_cmpfloat (word->low, >, 0);       /* the interval excludes no difference */
  g_assert_cmpfloat (word->p_value, <, 0.05);
  /* a difference with its interval and p, not a bare mean */
  g_assert_nonnull (strstr (word->text, "95% interval"));
  g_assert_true (strstr (word->text, "p < 0.001") != NULL || strstr (word->text, "p = ") != NULL);

  /* seeded: the same rows give the same p */
  again = ms_insights_compute ((MsCampaignRow *) rows->data, rows->len, 5, 5);
  g_assert_cmpuint (again->len, ==, insights->len);
  for (guint i = 0; i < insights->len; i++)
    {
      const MsInsight *a = g_ptr_array_index (insights, i), *b = g_ptr_array_index (again, i);

      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpfloat (a->p_value, ==, b->p_value);
    }

  strict = ms_insights_compute ((MsCampaignRow *) rows->data, rows->len, 13, 5);
  for (guint i = 0; i < strict->len; i++)
    g_assert_cmpuint (((MsInsight *) g_ptr_array_index (strict, i))->support, >=, 13);
}

/* The case: Sunday sends are mostly email (25 %), the other days
 * mostly LINE (65 %). Mixed, Sundays look bad; within email they are like
 * any other day, so nothing is said about them. */
static void
test_within_channel (void)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
  g_autoptr(GPtrArray) insights = NULL;
  /* 2024-05-05 is a Sunday; the 6th–10th are Monday–Friday */
  static const char * const weekdays[] = { "2024-05-06", "2024-05-07", "2024-05-08",
                                           "2024-05-09", "2024-05-10" };
  MsCampaignRow r;

  for (guint i = 0; i < 12; i++)
    r = row (MS_CHANNEL_EMAIL, "2024-05-05", "週末のお知らせ", 0.24 + 0.01 * (i % 3)),
    g_array_append_val (rows, r);
  for (guint i = 0; i < 10; i++)
    r = row (MS_CHANNEL_EMAIL, weekdays[i % 5], "平日のお知らせ", 0.24 + 0.01 * ((i + 1) % 3)),
    g_array_append_val (rows, r);
  for (guint i = 0; i < 30; i++)
    r = row (MS_CHANNEL_LINE, weekdays[i % 5], "平日のお知らせ", 0.64 + 0.01 * (i % 3)),
    g_array_append_val (rows, r);

  insights = ms_insights_compute ((MsCampaignRow *) rows->data, rows->len, 5, 5);
  g_assert_null (find (insights, MS_CHANNEL_EMAIL, MS_INSIGHT_WEEKDAY, "7"));
  for (guint i = 0; i < insights->len; i++)
    {
      const MsInsight *insight = g_ptr_array_index (insights, i);

      /* every comparison stays inside one channel's rates */
      if (insight->channel == MS_CHANNEL_EMAIL)
        g_assert_cmpfloat (insight->others, <, 0.30);
      else
        g_assert_cmpfloat (insight->others, >, 0.60);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/learn/insights/min-support-and-test", test_min_support_and_test);
  g_test_add_func ("/ms/learn/insights/within-channel", test_within_channel);

  return g_test_run ();
}
