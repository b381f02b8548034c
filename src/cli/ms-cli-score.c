/* ms-cli-score.c — `msgscore-cli score`: the Score page's verdict, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ms-core.h"
#include "score/ms-baseline-predictor.h"
#include "score/ms-history-predictor.h"
#include "score/ms-score.h"
#include "ms-json-guard.h"
#include "store/ms-learning-source.h"
#include "store/ms-message-codec.h"
#include "store/ms-store.h"
#include "ms-cli.h"

/* Bubbles in a LINE body file are separated by a line that holds only "---". */
static char **
split_bubbles (const char *body)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  g_autoptr(GString) bubble = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (lines[i]));

      if (g_str_equal (stripped, "---"))
        {
          g_strv_builder_add (builder, bubble->str);
          g_string_truncate (bubble, 0);
          any = FALSE;
          continue;
        }
      if (any)
        g_string_append_c (bubble, '\n');
      g_string_append (bubble, lines[i]);
      any = TRUE;
    }

  /* Drop the newline a file ends with. */
  while (bubble->len > 0 && bubble->str[bubble->len - 1] == '\n')
    g_string_truncate (bubble, bubble->len - 1);
  if (bubble->len > 0)
    g_strv_builder_add (builder, bubble->str);

  return g_strv_builder_end (builder);
}

static const char *
severity_label (MsSeverity severity)
{
  switch (severity)
    {
    case MS_SEVERITY_INFO: return _("info");
    case MS_SEVERITY_WARN: return _("warning");
    case MS_SEVERITY_ERROR: return _("error");
    default: g_return_val_if_reached (NULL);
    }
}

/* @text padded with spaces to @width display cells (full-width = 2). */
static char *
pad (const char *text,
     guint       width)
{
  MsTextCounts counts;
  GString *padded = g_string_new (text);

  if (ms_text_count (text, -1, &counts, NULL))
    for (guint i = counts.cells; i < width; i++)
      g_string_append_c (padded, ' ');

  return g_string_free (padded, FALSE);
}

static void
print_range (const char    *label,
             const MsRange *range,
             gboolean       percent)
{
  g_autofree char *padded = pad (label, 22);

  if (percent)
    g_print ("  %s %6.1f%%   (p10 %.1f%% – p90 %.1f%%)\n", padded,
             range->p50 * 100, range->p10 * 100, range->p90 * 100);
  else
    g_print ("  %s %7.0f   (p10 %.0f – p90 %.0f)\n", padded,
             range->p50, range->p10, range->p90);
}

static void
print_result (const MsScoreResult *result)
{
  GPtrArray *findings = ms_score_result_get_findings (result);
  GPtrArray *variants = ms_score_result_get_variants (result);
  const MsPrediction *prediction = ms_score_result_get_prediction (result);
  guint threshold;
  gboolean passed;
  MsMinScoreAction action;

  g_print ("%s %u / 100", _("Total:"), ms_score_result_get_total (result));
  if (ms_score_result_get_capped (result))
    g_print ("  %s", _("(capped: a compliance error keeps it below 60)"));
  else if (ms_score_result_get_spam_capped (result))
    g_print ("  %s", _("(capped: spam patterns keep it below 60)"));
  g_print ("\n\n");

  for (guint a = 0; a < MS_N_AXES; a++)
    {
      g_autofree char *label = pad (ms_score_result_get_axis_label (result, a), 30);

      g_print ("  %s %3u   ×%.2f\n", label, ms_score_result_get_axis (result, a),
               ms_score_result_get_axis_weight (result, a));
    }

  if (ms_score_result_get_min_score (result, &threshold, &passed, &action))
    {
      g_print ("\n");
      if (passed)
        g_print (_("Minimum score %u: passed\n"), threshold);
      else
        g_print (_("Minimum score %u: not reached (action: %s)\n"), threshold,
                 ms_min_score_action_to_string (action));
    }

  g_print ("\n%s\n", findings->len == 0 ? _("No findings.") : _("Findings, in order of position:"));
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      g_autofree char *severity = pad (severity_label (f->severity), 8);

      g_print ("  %-10s %4u–%-4u %s %5.1f  %s\n", ms_field_to_string (f->field),
               f->start, f->end, severity, -f->points, f->rule_id);
      if (f->text[0] != '\0')
        g_print ("      「%s」\n", f->text);
      g_print ("      %s\n      → %s\n      [%s]\n", f->message, f->suggestion, f->reference);
    }

  if (prediction != NULL)
    {
      g_print ("\n%s\n", _("Prediction:"));
      print_range (_("Open rate"), &prediction->open_rate, TRUE);
      print_range (_("Click rate"), &prediction->click_rate, TRUE);
      print_range (_("Conversion rate"), &prediction->conversion_rate, TRUE);
      if (prediction->list_size > 0)
        print_range (_("Conversions"), &prediction->conversions, FALSE);
      g_print ("  %s %s\n", _("Basis:"), prediction->source);
      for (guint i = 0; prediction->neighbours != NULL && i < prediction->neighbours->len; i++)
        {
          const MsNeighbour *n = g_ptr_array_index (prediction->neighbours, i);
          g_autofree char *subject = g_strdelimit (g_strdup (n->subject), "\r\n", ' ');

          /* Translators: a past send cited as evidence: its subject, open rate, similarity */
          g_print (_("  Similar: %s — opened %.1f%%, similarity %.0f%%\n"), subject,
                   n->open_rate * 100, n->similarity * 100);
        }
      if (prediction->neighbours != NULL && prediction->neighbours->len == 0)
        g_print ("  %s\n", _("Similar: none of the past sends is similar to this message"));
    }

  if (variants->len > 0)
    {
      g_print ("\n%s\n", _("Variants:"));
      for (guint i = 0; i < variants->len; i++)
        {
          const MsVariant *v = g_ptr_array_index (variants, i);

          g_print ("  %+d → %u  %s\n      %s: %s\n", v->delta, v->total, v->change,
                   ms_field_to_string (v->field), v->text);
        }
    }
}

/* The command line of `score`. */
typedef struct
{
  char    *channel_name;
  char    *subject;
  char    *preheader;
  char    *body_file;
  char    *industry;
  char    *audience;
  char    *age_band;
  char    *goal;
  char    *language;
  char    *profile;
  char    *input_json;
  GStrv    bubbles;
  GStrv    extra_rules;
  gint64   list_size;
  gboolean b2b;
  gboolean as_json;
  gboolean no_variants;
} ScoreArgs;

static void
score_args_clear (ScoreArgs *a)
{
  g_free (a->channel_name);
  g_free (a->subject);
  g_free (a->preheader);
  g_free (a->body_file);
  g_free (a->industry);
  g_free (a->audience);
  g_free (a->age_band);
  g_free (a->goal);
  g_free (a->language);
  g_free (a->profile);
  g_free (a->input_json);
  g_strfreev (a->bubbles);
  g_strfreev (a->extra_rules);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScoreArgs, score_args_clear)

/* Returns: FALSE when the command line is wrong (said on standard error) */
static gboolean
parse_score_args (ScoreArgs   *a,
                  int         *argc,
                  char      ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &a->channel_name,
      N_("Channel: email or line"), N_("CHANNEL") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &a->subject,
      N_("Subject (email) or title (LINE)"), N_("TEXT") },
    { "preheader", 0, 0, G_OPTION_ARG_STRING, &a->preheader, N_("Preheader (email)"),
      N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &a->body_file,
      N_("Body, or LINE bubbles separated by lines of “---”; - for standard input"), N_("FILE") },
    { "bubble", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->bubbles,
      N_("A LINE bubble (repeat for up to three)"), N_("TEXT") },
    { "industry", 0, 0, G_OPTION_ARG_STRING, &a->industry,
      N_("Industry: retail, fashion, cosmetics, health_food, food, travel, education, finance, saas, real_estate, other"),
      N_("INDUSTRY") },
    { "audience", 0, 0, G_OPTION_ARG_STRING, &a->audience,
      N_("Audience: new, existing, dormant or all"), N_("AUDIENCE") },
    { "age-band", 0, 0, G_OPTION_ARG_STRING, &a->age_band,
      N_("Age band: 20s, 30s, 40s, 50s, 60s+ or all"), N_("BAND") },
    { "b2b", 0, 0, G_OPTION_ARG_NONE, &a->b2b, N_("Business readers"), NULL },
    { "goal", 0, 0, G_OPTION_ARG_STRING, &a->goal,
      N_("Goal: purchase, signup, reservation, visit, read or event"), N_("GOAL") },
    { "list-size", 0, 0, G_OPTION_ARG_INT64, &a->list_size, N_("Recipients"), N_("N") },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &a->extra_rules,
      N_("An extra rule pack (JSON); may be repeated"), N_("FILE") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &a->language,
      N_("Language of the findings: ja or en (default: from the locale)"), N_("LANG") },
    { "no-variants", 0, 0, G_OPTION_ARG_NONE, &a->no_variants, N_("Do not generate variants"),
      NULL },
    { "profile", 0, 0, G_OPTION_ARG_FILENAME, &a->profile,
      N_("Predict from the results saved in this profile, as the app does"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a->as_json, N_("Print JSON (schema 1)"), NULL },
    { "input-json", 0, 0, G_OPTION_ARG_FILENAME, &a->input_json,
      N_("Read the message as JSON, the request of POST /v1/score; - for standard input"),
      N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("— score a marketing email or LINE message"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("msgscore-cli score: %s\n", error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr ("%s\n", _("msgscore-cli score: unexpected argument; give the body with --body-file"));
      return FALSE;
    }
  return TRUE;
}

/* The segment of the options. Returns: FALSE when one is wrong (said on standard error) */
static gboolean
parse_segment (const ScoreArgs *a,
               MsSegment       *segment)
{
#define PARSE_OPTION(value, parse, field, what)                                          \
  if (value != NULL && !parse (value, &segment->field))                                  \
    {                                                                                    \
      /* Translators: the first %s is an option name, the second what the user typed */ \
      g_printerr (_("msgscore-cli score: unknown %s “%s”\n"), what, value);              \
      return FALSE;                                                                      \
    }

  PARSE_OPTION (a->audience, ms_audience_from_string, audience, "--audience")
  PARSE_OPTION (a->age_band, ms_age_band_from_string, age_band, "--age-band")
  PARSE_OPTION (a->goal, ms_goal_from_string, goal, "--goal")
#undef PARSE_OPTION

  if (a->list_size < 0)
    {
      g_printerr ("%s\n", _("msgscore-cli score: --list-size must not be negative"));
      return FALSE;
    }
  segment->list_size = (guint64) a->list_size;
  segment->b2b = a->b2b;
  ms_segment_set_industry (segment, a->industry);
  return TRUE;
}

/* The message of --input-json (POST /v1/score's request). Returns: NULL with @error set, or
 * with *@status set to 2 when the input is not a JSON object (said on standard error) */
static MsMessage *
read_input_json (ScoreArgs   *a,
                 char       **language_from_input,
                 int         *status,
                 GError     **error)
{
  gsize length;
  g_autofree char *text = ms_cli_read_input (a->input_json, &length, error);
  g_autoptr(JsonNode) root = NULL;
  MsMessage *message;
  JsonObject *o;

  if (text == NULL || !ms_text_validate (text, length, error))
    return NULL;
  root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_printerr ("%s\n", _("msgscore-cli score: the input is not a JSON object"));
      *status = 2;
      return NULL;
    }
  o = json_node_get_object (root);
  /* A missing segment is everyone, as at the server. */
  if (!json_object_has_member (o, "segment") ||
      json_object_get_null_member (o, "segment"))
    json_object_set_object_member (o, "segment", json_object_new ());
  message = ms_message_new_from_json (root, error);
  if (message == NULL)
    return NULL;
  *language_from_input = g_strdup (ms_json_object_get_string (o, "language", NULL));
  if (!ms_json_object_get_boolean (o, "variants", TRUE))
    a->no_variants = TRUE;
  return message;
}

/* The message to score, from the options, a body file or --input-json. Returns: NULL with
 * @error set, or with *@status set when said on standard error */
static MsMessage *
build_message (ScoreArgs   *a,
               MsSegment   *segment,
               char       **language_from_input,
               int         *status,
               GError     **error)
{
  MsChannel channel = MS_CHANNEL_EMAIL;
  g_autofree char *body = NULL;
  gsize length;

  if (a->channel_name != NULL && !ms_channel_from_string (a->channel_name, &channel))
    {
      /* Translators: %s is what the user typed */
      g_printerr (_("msgscore-cli score: unknown channel “%s”: use email or line\n"),
                  a->channel_name);
      *status = 2;
      return NULL;
    }
  if (!parse_segment (a, segment))
    {
      *status = 2;
      return NULL;
    }
  if (a->body_file != NULL)
    {
      body = ms_cli_read_input (a->body_file, &length, error);
      if (body == NULL || !ms_text_validate (body, length, error))
        return NULL;
    }

  if (a->input_json != NULL)
    return read_input_json (a, language_from_input, status, error);
  if (channel == MS_CHANNEL_EMAIL)
    return ms_message_new_email (a->subject, a->preheader, body, segment);
  {
    g_auto(GStrv) from_file = body != NULL ? split_bubbles (body) : NULL;

    return ms_message_new_line (a->subject,
                                (const char * const *) (a->bubbles != NULL ? a->bubbles
                                                                           : from_file),
                                segment);
  }
}

/* The predictor of --profile: the results saved there, as the app reads them. */
static MsPredictor *
read_profile_predictor (const char  *profile,
                        MsRuleSet   *rules,
                        const char  *language,
                        GError     **error)
{
  g_autoptr(MsStore) store = ms_store_open (profile, error);
  g_autoptr(MsPredictor) baseline = NULL;
  MsPredictor *learned;

  if (store == NULL)
    return NULL;
  baseline = ms_baseline_predictor_new (ms_rule_set_get_baselines (rules),
                                        language != NULL ? language : ms_score_get_language ());
  learned = ms_learning_source_read (store, baseline, error);
  if (learned == NULL)
    return NULL;
  ms_history_predictor_build (MS_HISTORY_PREDICTOR (learned));
  return learned;
}

int
ms_cli_score (int    argc,
              char **argv)
{
  g_auto(ScoreArgs) a = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autofree char *language_from_input = NULL;
  g_autoptr(MsPredictor) learned = NULL;
  MsScoreOptions options = { 0, };
  int status = 0;

  if (!parse_score_args (&a, &argc, &argv))
    return 2;
  message = build_message (&a, segment, &language_from_input, &status, &error);
  if (message == NULL)
    return status != 0 ? status : ms_cli_fail (g_steal_pointer (&error));

  rules = ms_rule_set_new ((const char * const *) a.extra_rules, NULL, &error);
  if (rules == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  if (a.language == NULL)
    a.language = g_steal_pointer (&language_from_input);
  options.language = a.language;
  if (a.profile != NULL)
    {
      learned = read_profile_predictor (a.profile, rules, a.language, &error);
      if (learned == NULL)
        return ms_cli_fail (g_steal_pointer (&error));
      options.predictor = learned;
    }
  if (a.no_variants)
    options.flags |= MS_SCORE_FLAGS_NO_VARIANTS;

  result = ms_scorer_score (rules, message, &options, &error);
  if (result == NULL)
    return ms_cli_fail (g_steal_pointer (&error));

  if (a.as_json)
    {
      g_autofree char *json = ms_score_result_to_string (result, TRUE);
      g_print ("%s\n", json);
    }
  else
    print_result (result);

  return 0;
}
