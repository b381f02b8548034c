/* bench-score.c — how long scoring takes, per kind of message
 *
 * Prints one JSON line per measurement: the median time per message over
 * batches, for a 30-character subject, a 500-character LINE text and a
 * 1,500-character email body (each parsed by MeCab afresh: the tokenizer's
 * line cache is off), the time to load and compile every rule pack, and a
 * keystroke: one character typed into one line of the 1,500-character body,
 * with the cache on as in the editor (the full re-score, and the tokenizing
 * alone). Never pass/fail on time (DESIGN.md §11).
 *
 *   bench-score [--iterations N] [--only subject|line|email|keystroke|load] [--variants]
 *
 * For instruction counts per message, run one kind under callgrind with N
 * iterations and with 0 (set-up and warm-up only) and divide the difference
 * by N (N a multiple of 15, so every batch has the same size):
 *   valgrind --tool=callgrind bench-score --only email --iterations 150
 *   valgrind --tool=callgrind bench-score --only email --iterations 0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "ms-core.h"
#include "score/ms-normalizer.h"
#include "score/ms-score.h"
#include "text/ms-tokenizer.h"

#define BATCHES 15

static const char * const sentences[] = {
  "いつもご利用いただきありがとうございます。",
  "秋の新作コートが入荷しました！",
  "会員様限定で、11月30日まで全品20%OFFでお求めいただけます。",
  "人気のウールコートは数量に限りがございますので、お早めにチェックしてください🍁",
  "ＮＥＷ ＡＲＲＩＶＡＬ：軽くて暖かいダウンジャケットも登場。",
  "▼新作コートを見て購入する\nhttps://shop.example.jp/coat?utm_source=mail\n",
  "ｾｰﾙ期間中は送料無料です。",
  "通常価格12,000円のところ、今なら9,600円（税込）です。\n",
};

static char *
make_text (guint characters)
{
  GString *text = g_string_new (NULL);
  guint i = 0;

  while ((guint) g_utf8_strlen (text->str, -1) < characters)
    g_string_append (text, sentences[i++ % G_N_ELEMENTS (sentences)]);

  /* Cut at exactly @characters code points. */
  g_string_truncate (text, g_utf8_offset_to_pointer (text->str, characters) - text->str);
  return g_string_free (text, FALSE);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
bench_message (const char      *kind,
               MsRuleSet       *rules,
               const MsMessage *message,
               guint            characters,
               guint            iterations,
               gboolean         variants)
{
  MsScoreOptions options = { variants ? 0 : MS_SCORE_FLAGS_NO_VARIANTS, NULL, "ja" };
  guint batches = MIN (BATCHES, iterations);
  guint per_batch = batches > 0 ? iterations / batches : 0;
  double times[BATCHES];
  guint total_findings = 0;

  /* Warm up: the default predictor, caches, page faults. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MsScoreResult) result = ms_scorer_score (rules, message, &options, NULL);
      total_findings = ms_score_result_get_findings (result)->len;
    }

  /* --iterations 0 only sets up and warms up: subtract it from a run with N
   * iterations under callgrind to get the instructions of exactly N messages. */
  if (iterations == 0)
    return;

  for (guint b = 0; b < batches; b++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < per_batch; i++)
        {
          MsScoreResult *result = ms_scorer_score (rules, message, &options, NULL);
          ms_score_result_unref (result);
        }
      times[b] = (double) (g_get_monotonic_time () - start) / per_batch;
    }

  g_print ("{\"bench\": \"score\", \"kind\": \"%s\", \"characters\": %u, \"variants\": %s, "
           "\"findings\": %u, \"iterations\": %u, \"median_us\": %.1f}\n",
           kind, characters, variants ? "true" : "false", total_findings, per_batch * batches,
           median (times, batches));
}

/* The body with one more character typed at the end of its middle line:
 * a line never seen before, as when a user types. */
static char *
type_into (const char *body,
           guint       keystroke)
{
  const char *middle = body + strlen (body) / 2;
  const char *eol = strchr (middle, '\n');
  gsize at = eol != NULL ? (gsize) (eol - body) : strlen (body);
  static const char * const keys[] = { "あ", "い", "う", "え", "お", "か", "き", "く" };
  GString *typed = g_string_new_len (body, at);

  for (guint k = keystroke + 1; k > 0; k /= 8)
    g_string_append (typed, keys[k % 8]);
  g_string_append (typed, body + at);
  return g_string_free (typed, FALSE);
}

static void
bench_keystroke (MsRuleSet       *rules,
                 const char      *subject,
                 const char      *body,
                 const MsSegment *segment,
                 guint            iterations)
{
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, NULL, "ja" };
  guint batches = MIN (BATCHES, iterations);
  guint per_batch = batches > 0 ? iterations / batches : 0;
  double rescore[BATCHES], tokenize[BATCHES];
  guint keystroke = 0;

  if (iterations == 0)
    return;

  ms_tokenizer_set_cache_enabled (TRUE);
  for (guint b = 0; b < batches; b++)
    {
      double rescore_us = 0, tokenize_us = 0;

      for (guint i = 0; i < per_batch; i++, keystroke++)
        {
          g_autofree char *typed = type_into (body, keystroke);
          g_autofree char *again = type_into (body, keystroke + 1000000);
          g_autoptr(MsMessage) message = ms_message_new_email (subject, "", typed, segment);
          g_autofree char *normalized = ms_normalize_string (again);
          MsScoreResult *result;
          MsTokens tokens;
          gint64 start;

          /* Every line but the typed one is in the cache, as after the
           * keystroke before. */
          start = g_get_monotonic_time ();
          result = ms_scorer_score (rules, message, &options, NULL);
          rescore_us += g_get_monotonic_time () - start;
          ms_score_result_unref (result);

          ms_tokens_init (&tokens);
          start = g_get_monotonic_time ();
          ms_tokenize (normalized, strlen (normalized), &tokens);
          tokenize_us += g_get_monotonic_time () - start;
          ms_tokens_clear (&tokens);
        }
      rescore[b] = rescore_us / per_batch;
      tokenize[b] = tokenize_us / per_batch;
    }

  g_print ("{\"bench\": \"score\", \"kind\": \"keystroke\", \"characters\": %zu, "
           "\"iterations\": %u, \"median_us\": %.1f, \"tokenize_median_us\": %.1f}\n",
           (gsize) g_utf8_strlen (body, -1), per_batch * batches, median (rescore, batches),
           median (tokenize, batches));
}

static void
bench_load (guint iterations)
{
  guint n = MAX (3, MIN (iterations, 50));
  g_autofree double *times = g_new (double, n);
  guint n_rules = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MsRuleSet) rules = ms_rule_set_new (NULL, NULL, &error);

      times[i] = (double) (g_get_monotonic_time () - start);
      if (rules == NULL)
        g_error ("%s", error->message);
      n_rules = ms_rule_set_get_n_rules (rules);
    }

  g_print ("{\"bench\": \"rules_loaded\", \"rules\": %u, \"iterations\": %u, \"median_us\": %.1f}\n",
           n_rules, n, median (times, n));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the scoring engine");
  g_autoptr(GError) error = NULL;
  g_autofree char *only = NULL;
  g_autofree char *subject = make_text (30);
  g_autofree char *line = make_text (500);
  g_autofree char *body = make_text (1500);
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsMessage) subject_message = NULL;
  g_autoptr(MsMessage) line_message = NULL;
  g_autoptr(MsMessage) email_message = NULL;
  MsRuleSet *rules;
  int iterations = 3000;
  gboolean variants = FALSE;
  const GOptionEntry entries[] = {
    { "iterations", 'n', 0, G_OPTION_ARG_INT, &iterations, "Messages scored per kind", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "One kind: subject, line, email or load", "KIND" },
    { "variants", 0, 0, G_OPTION_ARG_NONE, &variants, "Also generate and score variants", NULL },
    { NULL }
  };
  const char *bubbles[] = { line, NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-score: %s\n", error->message);
      return 2;
    }
  iterations = MAX (iterations, 0);

  if (only == NULL || g_str_equal (only, "load"))
    bench_load ((guint) iterations);
  if (only != NULL && g_str_equal (only, "load"))
    return 0;

  rules = ms_rule_set_get_default ();
  /* Cold: every message is parsed by MeCab, none comes from the cache. */
  ms_tokenizer_set_cache_enabled (FALSE);
  segment->audience = MS_AUDIENCE_EXISTING;
  segment->goal = MS_GOAL_PURCHASE;
  segment->list_size = 10000;
  ms_segment_set_industry (segment, "fashion");

  subject_message = ms_message_new_email (subject, "", "", segment);
  line_message = ms_message_new_line (NULL, bubbles, segment);
  email_message = ms_message_new_email (subject, "会員様限定、11月30日まで。", body, segment);

  if (only == NULL || g_str_equal (only, "subject"))
    bench_message ("subject", rules, subject_message, 30, iterations, variants);
  if (only == NULL || g_str_equal (only, "line"))
    bench_message ("line", rules, line_message, 500, iterations, variants);
  if (only == NULL || g_str_equal (only, "email"))
    bench_message ("email", rules, email_message, 1500, iterations, variants);
  if (only == NULL || g_str_equal (only, "keystroke"))
    bench_keystroke (rules, subject, body, segment, (guint) iterations);

  return 0;
}
