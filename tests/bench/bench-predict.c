/* bench-predict.c — MsHistoryPredictor: build once, predict per keystroke
 *
 * Prints JSON lines: {"bench":"predict","rows":N,"build_ms":…,"predict_us":…}.
 * Never pass/fail on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "score/ms-baseline-predictor.h"
#include "score/ms-history-predictor.h"

static const char * const words[] = {
  "限定", "セール", "新商品", "お知らせ", "会員様", "クーポン", "送料無料", "週末", "本日", "先行",
  "予約", "ポイント", "2倍", "キャンペーン", "最終日", "ご案内", "特典", "新色", "入荷", "人気",
};

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 100, 1000, 2000, 100000 };
  g_autoptr(MsPredictor) baseline =
    ms_baseline_predictor_new (ms_rule_set_get_baselines (ms_rule_set_get_default ()), "ja");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint n = sizes[s], iterations = n > 1000 ? 200 : 2000;
      g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MsCampaignRow));
      g_autoptr(GRand) rand = g_rand_new_with_seed (1);
      g_autoptr(MsPredictor) predictor = NULL;
      g_autoptr(MsMessage) message = ms_message_new_email ("【本日限定】会員様だけの送料無料セール",
                                                           "", "本文", NULL);
      MsFeatures features;
      guint axes[5] = { 70, 80, 60, 75, 90 };
      gint64 t0, t1;

      g_array_set_clear_func (rows, (GDestroyNotify) ms_campaign_row_clear);
      for (guint i = 0; i < n; i++)
        {
          MsCampaignRow r = { 0 };
          GString *subject = g_string_new ("【");

          g_string_append (subject, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          g_string_append (subject, "】");
          for (guint w = 0; w < 4; w++)
            g_string_append (subject, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          r.line = i + 2;
          r.sent_on = g_strdup_printf ("2024-%02d-%02d", g_rand_int_range (rand, 1, 13),
                                       g_rand_int_range (rand, 1, 29));
          r.subject = g_string_free (subject, FALSE);
          r.body = g_strdup ("");
          r.recipients = 5000;
          r.open_rate = g_rand_double_range (rand, 0.1, 0.4);
          r.ctr = g_rand_double_range (rand, 0.005, 0.05);
          r.cv_count = -1;
          g_array_append_val (rows, r);
        }

      t0 = g_get_monotonic_time ();
      predictor = ms_history_predictor_new_from_rows ((MsCampaignRow *) rows->data, n, baseline);
      t1 = g_get_monotonic_time ();

      ms_features_compute (&features, message);
      {
        gint64 p0, p1;

        p0 = g_get_monotonic_time ();
        for (guint i = 0; i < iterations; i++)
          {
            g_autoptr(MsPrediction) prediction =
              ms_predictor_predict (predictor, message, &features, axes, NULL);
            g_assert (prediction != NULL);
          }
        p1 = g_get_monotonic_time ();
        printf ("{\"bench\":\"predict\",\"rows\":%u,\"build_ms\":%.1f,\"predict_us\":%.1f,"
                "\"iterations\":%u}\n",
                n, (t1 - t0) / 1000.0, (double) (p1 - p0) / iterations, iterations);
      }
    }
  return 0;
}
