/* test-corpus-compliance.c — the legal families on real published copy
 *
 * tests/corpus/compliance/items.jsonl holds copy that regulators acted on
 * and clean brand copy, quoted as published with their sources (format and
 * measures in tests/corpus/README.md). Each item is scored as the body of a
 * LINE message with the built-in rules. The test prints recall, precision
 * and the clean items flagged with an error, per family too. It fails on
 * any clean item with an error and below the floor the rules have reached
 * (MIN_RECALL, MIN_PRECISION), so nothing slips back; it says whether the
 * goal of issue 11 (recall and precision ≥ 0.95) is met.
 *
 * MSGSCORE_CORPUS_VERBOSE=1 lists every miss and false alarm on stderr;
 * MSGSCORE_CORPUS_SUBSET=dev|blind measures the items whose source number
 * is not / is a multiple of 3, and from:N the items of sources s N and
 * later: a batch collected after the rules were written shows how they do
 * on copy they were not fitted to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "score-test-util.h"

/* The floor: raise it as the rules improve, never lower it. The claim model
 * (data/rules/claim-model.tsv) has learned this corpus, so these figures
 * guard against regressions; what the engine does on copy it has not seen
 * is measured on a blind batch before it is added (HACKING.md). */
#define MIN_RECALL 0.95
#define MIN_PRECISION 0.93   /* 0.94 before the fourth blind batch joined */
#define GOAL 0.95
/* s505-1 is an approved OTC vitamin drug's 効能 list (疲労の回復・予防 …):
 * legal for a drug, a 医薬品的効能 claim for a food, and nothing in the text
 * says which the product is. Lower this to 0 when the message can say it
 * (an industry for approved drugs). s541-1 is a 特定保健用食品's permitted
 * wording (体に脂肪がつきにくい …食生活改善に役立ちます): the permit is
 * what makes it legal, and the text cannot show it. */
#define MAX_CLEAN_ERRORS 2

static const char * const families[] = {
  "keihyo.no1", "keihyo.superlative", "keihyo.price", "keihyo.urgency", "keihyo.disclaimer",
  "keihyo.efficacy", "yakki.disease", "yakki.body", "yakki.cosmetics", "yakki.guarantee",
  "yakki.endorsement",
};
#define N_FAMILIES G_N_ELEMENTS (families)

typedef struct
{
  guint labelled;      /* items with a must family */
  guint hits;          /* of those, items where a must family was raised */
  guint raised;        /* (item, family) pairs raised */
  guint correct;       /* of those, in must or may */
  guint clean;
  guint clean_errors;
  guint must[N_FAMILIES];
  guint must_hit[N_FAMILIES];
  guint raised_by[N_FAMILIES];
  guint correct_by[N_FAMILIES];
} Tally;

static int
family_of (const char *rule_id)
{
  for (guint i = 0; i < N_FAMILIES; i++)
    {
      gsize n = strlen (families[i]);

      if (strncmp (rule_id, families[i], n) == 0 && (rule_id[n] == '\0' || rule_id[n] == '.'))
        return i;
    }
  return -1;
}

/* The legal families the result raises (warn or error), and those it
 * raises as an error. */
static void
raised_families (const MsScoreResult *result,
                 gboolean            *raised,
                 gboolean            *errors)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);
      const MsFinding *named[64];
      guint n = 0;

      named[n++] = f;
      for (guint k = 0; f->also != NULL && k < f->also->len && n < G_N_ELEMENTS (named); k++)
        named[n++] = g_ptr_array_index (f->also, k);

      for (guint k = 0; k < n; k++)
        {
          int family = family_of (named[k]->rule_id);

          if (family < 0 || named[k]->severity == MS_SEVERITY_INFO)
            continue;
          raised[family] = TRUE;
          if (named[k]->severity == MS_SEVERITY_ERROR)
            errors[family] = TRUE;
        }
    }
}

static gboolean
in_list (JsonObject *item,
         const char *member,
         const char *family)
{
  JsonArray *list = json_object_get_array_member (item, member);

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    if (g_str_equal (json_array_get_string_element (list, i), family))
      return TRUE;
  return FALSE;
}

static gboolean
in_subset (JsonObject *item,
           const char *subset)
{
  const char *source = json_object_get_string_member (item, "source");
  int number = atoi (source + 1);

  if (subset == NULL || g_str_equal (subset, "all"))
    return TRUE;
  if (g_str_has_prefix (subset, "from:"))
    return number >= atoi (subset + 5);
  if (g_str_equal (subset, "blind"))
    return number % 3 == 0;
  return number % 3 != 0;
}

static void
measure_item (JsonObject *item,
              Tally      *tally,
              gboolean    verbose)
{
  const char *text = json_object_get_string_member (item, "text");
  const char * const bubbles[] = { text, NULL };
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsMessage) message = ms_message_new_line (NULL, bubbles, segment);
  MsScoreOptions options = { MS_SCORE_FLAGS_NO_PREDICTION | MS_SCORE_FLAGS_NO_VARIANTS, NULL, "en" };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsScoreResult) result = ms_scorer_score (ms_rule_set_get_default (), message,
                                                    &options, &error);
  gboolean raised[N_FAMILIES] = { FALSE, };
  gboolean errors[N_FAMILIES] = { FALSE, };
  gboolean labelled = FALSE, hit = FALSE, clean_error = FALSE;
  const char *id = json_object_get_string_member (item, "id");

  g_assert_no_error (error);
  raised_families (result, raised, errors);
  if (g_getenv ("MSGSCORE_CORPUS_DUMP") != NULL)
    {
      g_printerr ("DUMP\t%s", id);
      for (guint f = 0; f < N_FAMILIES; f++)
        if (raised[f])
          g_printerr ("\t%s:%c", families[f], errors[f] ? 'E' : 'W');
      g_printerr ("\n");
    }

  for (guint f = 0; f < N_FAMILIES; f++)
    {
      gboolean must = in_list (item, "must", families[f]);
      gboolean may = in_list (item, "may", families[f]);

      if (must)
        {
          labelled = TRUE;
          tally->must[f]++;
          if (raised[f])
            {
              hit = TRUE;
              tally->must_hit[f]++;
            }
        }
      if (raised[f])
        {
          tally->raised++;
          tally->raised_by[f]++;
          if (must || may)
            {
              tally->correct++;
              tally->correct_by[f]++;
            }
          else if (verbose)
            g_printerr ("false alarm %s %s: %s\n", id, families[f], text);
        }
      clean_error |= errors[f];
    }

  if (labelled)
    {
      tally->labelled++;
      tally->hits += hit;
      if (!hit && verbose)
        {
          g_autofree char *described = test_describe (result);
          g_printerr ("miss %s: %s\n    %s\n", id, text, described);
        }
    }

  if (json_object_get_boolean_member_with_default (item, "clean", FALSE))
    {
      tally->clean++;
      tally->clean_errors += clean_error;
      if (clean_error && verbose)
        g_printerr ("clean item with an error %s: %s\n", id, text);
    }
}

static void
test_corpus_compliance (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "corpus", "compliance",
                                                 "items.jsonl", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  const char *subset = g_getenv ("MSGSCORE_CORPUS_SUBSET");
  gboolean verbose = g_getenv ("MSGSCORE_CORPUS_VERBOSE") != NULL;
  Tally tally = { 0, };
  double recall, precision;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *item;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      item = json_node_get_object (json_parser_get_root (parser));
      if (in_subset (item, subset))
        measure_item (item, &tally, verbose);
    }

  g_assert_cmpuint (tally.labelled, >, 0);
  recall = (double) tally.hits / tally.labelled;
  precision = tally.raised > 0 ? (double) tally.correct / tally.raised : 1.0;

  for (guint f = 0; f < N_FAMILIES; f++)
    g_test_message ("%-20s must %3u raised-when-must %3u | raised %3u correct %3u",
                    families[f], tally.must[f], tally.must_hit[f], tally.raised_by[f],
                    tally.correct_by[f]);
  g_test_message ("legal recall %.3f (%u of %u items), precision %.3f (%u of %u), "
                  "clean items with an error: %u of %u (subset %s)",
                  recall, tally.hits, tally.labelled, precision, tally.correct, tally.raised,
                  tally.clean_errors, tally.clean, subset != NULL ? subset : "all");
  if (verbose)
    g_printerr ("legal recall %.3f (%u/%u) precision %.3f (%u/%u) clean errors %u/%u\n",
                recall, tally.hits, tally.labelled, precision, tally.correct, tally.raised,
                tally.clean_errors, tally.clean);

  g_test_message ("goal (recall and precision >= %.2f): %s", GOAL,
                  recall >= GOAL && precision >= GOAL ? "met" : "not met yet");
  g_assert_cmpfloat (recall, >=, MIN_RECALL);
  g_assert_cmpfloat (precision, >=, MIN_PRECISION);
  g_assert_cmpuint (tally.clean_errors, <=, MAX_CLEAN_ERRORS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The verbose lists quote Japanese copy on stderr. */
  if (g_getenv ("MSGSCORE_CORPUS_VERBOSE") != NULL)
    setlocale (LC_ALL, "");

  g_test_add_func ("/ms/corpus-compliance/real-copy", test_corpus_compliance);

  return g_test_run ();
}
