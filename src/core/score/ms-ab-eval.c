/* ms-ab-eval.c — does the score pick the winner of published A/B tests?
 *
 * Reads the pairs (one JSON object per line; tests/corpus/README.md), scores
 * both texts of each pair the same way, and counts how often the published
 * winner got the higher total, and the higher predicted rate of the metric
 * that decided the test (open rate for opens; click rate for clicks, CTR and
 * responses; clicks × conversion rate for conversions). A tie counts half:
 * a score that cannot tell two texts apart is right half the time.
 *
 * The text goes where the test put it: an email subject, preheader or body,
 * a LINE message (its first bubble), or a push notification (scored as the
 * LINE message it announces). An email's other parts are held fixed, the
 * same on both sides, as in the test: a neutral subject or body and a
 * footer with what 特定電子メール法 asks (data/learning.json, "ab_eval").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "io/ms-io-error.h"
#include "ms-ab-eval.h"
#include "ms-json-guard.h"
#include "ms-learning-config.h"
#include "ms-scorer.h"

static const char * const fields[] = { "subject", "preheader", "body", "push", NULL };
static const char * const metrics[] = {
  "open_rate", "click_rate", "ctr", "conversion_rate", "response_rate", NULL
};

void
ms_ab_pair_free (MsAbPair *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->field);
  g_free (self->a);
  g_free (self->b);
  g_free (self->metric);
  g_free (self->language);
  g_free (self->source);
  g_free (self);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
fail (GError    **error,
      guint       line,
      const char *what)
{
  /* Translators: %u is a line of the A/B pairs file; %s says what is wrong with it */
  g_set_error (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX, _("Line %u of the A/B pairs: %s"), line,
               what);
  return FALSE;
}

static gboolean
parse_pair (const char  *text,
            gsize        length,
            guint        line,
            MsAbPair   **out,
            GError     **error)
{
  /* one object of strings (and a few numbers): shallow, two texts at most */
  static const MsJsonLimits limits = { 4 * MS_AB_MAX_TEXT_BYTES, 4 };
  g_autoptr(MsAbPair) pair = g_new0 (MsAbPair, 1);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *channel, *winner, *a, *b, *field, *metric, *split;

  root = ms_json_guard_parse (text, length, &limits, &local_error);
  if (g_error_matches (local_error, MS_JSON_GUARD_ERROR, MS_JSON_GUARD_ERROR_TOO_LARGE))
    return fail (error, line, _("a text is longer than 20,000 bytes"));
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, line, _("it is not one JSON object"));
  object = json_node_get_object (root);

  channel = get_string (object, "channel");
  field = get_string (object, "field");
  a = get_string (object, "a");
  b = get_string (object, "b");
  winner = get_string (object, "winner");
  metric = get_string (object, "metric");
  if (channel == NULL || field == NULL || a == NULL || b == NULL || winner == NULL ||
      metric == NULL)
    return fail (error, line, _("it needs “channel”, “field”, “a”, “b”, “winner” and “metric” as "
                                "strings"));
  if (!g_str_equal (channel, "email") && !g_str_equal (channel, "line") &&
      !g_str_equal (channel, "push"))
    return fail (error, line, _("“channel” must be email, line or push"));
  if (!g_strv_contains (fields, field))
    return fail (error, line, _("“field” must be subject, preheader, body or push"));
  if (!g_strv_contains (metrics, metric))
    return fail (error, line, _("“metric” must be open_rate, click_rate, ctr, conversion_rate or "
                                "response_rate"));
  if (!g_str_equal (winner, "a") && !g_str_equal (winner, "b"))
    return fail (error, line, _("“winner” must be a or b"));
  if (strlen (a) > MS_AB_MAX_TEXT_BYTES || strlen (b) > MS_AB_MAX_TEXT_BYTES)
    return fail (error, line, _("a text is longer than 20,000 bytes"));
  split = get_string (object, "split");
  if (json_object_has_member (object, "split") &&
      (split == NULL || (!g_str_equal (split, "heldout") && !g_str_equal (split, "tuning"))))
    return fail (error, line, _("“split” must be heldout or tuning"));

  pair->id = g_strdup (get_string (object, "id"));
  pair->channel = g_str_equal (channel, "email") ? MS_CHANNEL_EMAIL : MS_CHANNEL_LINE;
  pair->field = g_strdup (field);
  pair->a = g_strdup (a);
  pair->b = g_strdup (b);
  pair->b_won = g_str_equal (winner, "b");
  pair->metric = g_strdup (metric);
  pair->language = g_strdup (get_string (object, "language"));
  pair->source = g_strdup (get_string (object, "source"));
  pair->heldout = split != NULL && g_str_equal (split, "heldout");
  *out = g_steal_pointer (&pair);
  return TRUE;
}

/**
 * ms_ab_pairs_load:
 * @data: the pairs file: UTF-8, one JSON object per line; empty lines skipped
 *
 * Returns: (transfer full) (element-type MsAbPair): the pairs, or NULL
 *   with @error set (the first bad line is named)
 */
GPtrArray *
ms_ab_pairs_load (GBytes  *data,
                  GError **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_ab_pair_free);
  gsize size = 0;
  const char *text, *end;
  guint line = 0;

  g_return_val_if_fail (data != NULL, NULL);

  text = g_bytes_get_data (data, &size);
  if (text == NULL)
    text = "";
  end = text + size;
  if (size > MS_AB_MAX_BYTES)
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX,
                           _("The A/B pairs file is larger than 8 MB: split it"));
      return NULL;
    }
  if (!g_utf8_validate_len (text, size, NULL))
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_ENCODING,
                           _("The A/B pairs file is not UTF-8: save it as UTF-8"));
      return NULL;
    }

  while (text < end)
    {
      const char *newline = memchr (text, '\n', end - text);
      const char *stop = newline != NULL ? newline : end;
      MsAbPair *pair = NULL;

      g_autofree char *copy = g_strndup (text, stop - text);

      line++;
      text = stop + (newline != NULL);
      if (*g_strstrip (copy) == '\0')
        continue;
      if (pairs->len == MS_AB_MAX_PAIRS)
        {
          g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_SYNTAX,
                               _("The A/B pairs file has more than 10,000 pairs: split it"));
          return NULL;
        }
      if (!parse_pair (copy, strlen (copy), line, &pair, error))
        return NULL;
      g_ptr_array_add (pairs, pair);
    }

  if (pairs->len == 0)
    {
      g_set_error_literal (error, MS_IO_ERROR, MS_IO_ERROR_EMPTY,
                           _("The A/B pairs file has no pairs: it needs one JSON object per "
                             "line"));
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

/* The text where the test put it, the rest of the message held fixed
 * (data/learning.json, "ab_eval"). */
static MsMessage *
message_for (const MsAbPair *pair,
             const char     *text)
{
  const MsLearningConfig *config = ms_learning_config_get ();
  g_autofree char *body = NULL;

  if (pair->channel == MS_CHANNEL_LINE)
    {
      const char *bubbles[] = { text, NULL };

      return ms_message_new_line (NULL, bubbles, NULL);
    }
  if (g_str_equal (pair->field, "body"))
    {
      body = g_strconcat (text, "\n\n", config->ab_email_footer, NULL);
      return ms_message_new_email (config->ab_email_subject, NULL, body, NULL);
    }
  body = g_strconcat (config->ab_email_body, "\n\n", config->ab_email_footer, NULL);
  if (g_str_equal (pair->field, "preheader"))
    return ms_message_new_email (config->ab_email_subject, text, body, NULL);
  return ms_message_new_email (text, NULL, body, NULL);
}

/* The predicted rate the pair's metric is about. */
static double
predicted_rate (const MsAbPair     *pair,
                const MsPrediction *prediction)
{
  if (g_str_equal (pair->metric, "open_rate"))
    return prediction->open_rate.p50;
  if (g_str_equal (pair->metric, "conversion_rate"))
    return prediction->click_rate.p50 * prediction->conversion_rate.p50;
  return prediction->click_rate.p50;
}

/* 1 when the winner's value is higher, ½ for a tie, 0 otherwise. */
static double
credit (double   a,
        double   b,
        gboolean b_won,
        guint   *ties)
{
  if (a == b)
    {
      (*ties)++;
      return 0.5;
    }
  return (b > a) == b_won ? 1 : 0;
}

/**
 * ms_ab_evaluate:
 * @predictor: (nullable): the predictor of the rates; NULL for the industry baseline
 * @pairs: (element-type MsAbPair): from ms_ab_pairs_load()
 *
 * Returns: FALSE with @error set when a text cannot be scored
 */
gboolean
ms_ab_evaluate (MsRuleSet   *rules,
                MsPredictor *predictor,
                GPtrArray   *pairs,
                MsAbReport  *report,
                GError     **error)
{
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_VARIANTS, predictor, NULL };
  double total_credit = 0, rate_credit = 0;

  g_return_val_if_fail (rules != NULL && pairs != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  for (guint i = 0; i < pairs->len; i++)
    {
      const MsAbPair *pair = g_ptr_array_index (pairs, i);
      g_autoptr(MsMessage) message_a = message_for (pair, pair->a);
      g_autoptr(MsMessage) message_b = message_for (pair, pair->b);
      g_autoptr(MsScoreResult) a = ms_scorer_score (rules, message_a, &options, error);
      g_autoptr(MsScoreResult) b = a != NULL ? ms_scorer_score (rules, message_b, &options, error)
                                             : NULL;

      if (b == NULL)
        {
          g_prefix_error (error, "%s: ", pair->id != NULL ? pair->id : "?");
          return FALSE;
        }
      total_credit += credit (ms_score_result_get_total (a), ms_score_result_get_total (b),
                              pair->b_won, &report->total_ties);
      rate_credit += credit (predicted_rate (pair, ms_score_result_get_prediction (a)),
                             predicted_rate (pair, ms_score_result_get_prediction (b)),
                             pair->b_won, &report->rate_ties);
      report->n++;
    }
  report->total_accuracy = report->n > 0 ? total_credit / report->n : 0;
  report->rate_accuracy = report->n > 0 ? rate_credit / report->n : 0;
  return TRUE;
}
