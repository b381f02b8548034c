/* test-signals.c — the score's signals of form and merge tags
 *
 * data/scoring.json "signals": a subject past its 20th character loses open
 * appeal in proportion (graded), a question costs a little; each signal's
 * examples raise it and its counter-examples do not. A merge tag
 * (*|MERGE16|*) is the reader's name, not a number and not shouting, and
 * any merge tag addresses the reader. Capitals shout from three letters
 * (NOT) unless the word is an acronym of style.json (BBC, FAQ); English
 * urgency cues are urgency (appeal.json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "ms-data.h"
#include "score-test-util.h"
#include "score/ms-merge-tags.h"

static MsScoreResult *
score_subject (const char *subject)
{
  g_autoptr(MsMessage) message = ms_message_new_email (subject, NULL,
                                                       "いつもありがとうございます。\n"
                                                       "▼ご予約はこちら\nhttps://example.jp/r"
                                                       TEST_FOOTER, NULL);

  return test_score (NULL, message);
}

/* The points of @rule_id's finding in @subject; 0 when there is none. */
static double
points_of (const char *subject,
           const char *rule_id)
{
  g_autoptr(MsScoreResult) result = score_subject (subject);
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (f->rule_id, rule_id))
        return f->points;
    }
  return 0;
}

static gboolean
has_finding (const char *subject,
             const char *rule_id)
{
  g_autoptr(MsScoreResult) result = score_subject (subject);
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (((const MsFinding *) g_ptr_array_index (findings, i))->rule_id, rule_id))
      return TRUE;
  return FALSE;
}

static void
test_merge_tags_find (void)
{
  static const struct { const char *text; guint start, end; } cases[] = {
    { "*|MERGE16|*, it’s up to you", 2, 9 },
    { "Hi {{ first_name }}!", 5, 17 },
    { "こんにちは、{name}さん", 7, 11 },
    { "%FIRSTNAME%: news", 1, 10 },
    { "${user.name}, look", 2, 11 },
    { "[[FirstName]] here", 2, 11 },
  };
  static const char * const none[] = {
    "50% off, then 20% more", "B-to-C: Personas Primer [Expires 3/26/08]", "a | b", "{}", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) tags = ms_merge_tags_find (cases[i].text);

      g_assert_cmpuint (tags->len, ==, 1);
      g_assert_cmpuint (g_array_index (tags, MsMergeTag, 0).start, ==, cases[i].start);
      g_assert_cmpuint (g_array_index (tags, MsMergeTag, 0).end, ==, cases[i].end);
      g_assert_true (ms_merge_tags_contain (tags, cases[i].start, cases[i].end));
      g_assert_false (ms_merge_tags_contain (tags, cases[i].start - 1, cases[i].end));
    }
  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autoptr(GArray) tags = ms_merge_tags_find (none[i]);

      g_assert_cmpuint (tags->len, ==, 0);
    }
}

/* The digits of a merge tag are no number; the tag addresses the reader. */
static void
test_merge_tag_no_number (void)
{
  g_assert_cmpfloat (points_of ("*|MERGE16|*, it’s up to you", "appeal.number"), >, 0);
  g_assert_cmpfloat (points_of ("*|MERGE16|*, it’s up to you", "appeal.hook"), ==, 0);
  g_assert_cmpfloat (points_of ("*|FNAME|*, 16 tickets left", "appeal.number"), ==, 0);
  g_assert_cmpfloat (points_of ("{{ NAME }}, your news", "style.capitals"), ==, 0);
  g_assert_cmpfloat (points_of ("A note for {{first_name}}", "appeal.hook"), ==, 0);
  g_assert_cmpfloat (points_of ("A note for you", "appeal.hook"), >, 0);
}

/* Whatever the sending tool's syntax, a merge tag is the reader's name. */
static void
test_merge_tag_hook (void)
{
  static const char * const tagged[] = {
    "{first_name}, your spring catalogue", "${name}, your spring catalogue",
    "[[FirstName]], your spring catalogue", "%FIRSTNAME%, your spring catalogue",
    "*|FNAME|*, your spring catalogue", "Your spring catalogue, {{ name }}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tagged); i++)
    g_assert_false (has_finding (tagged[i], "appeal.hook"));
  g_assert_true (has_finding ("Your spring catalogue", "appeal.hook"));
  /* braces around no name are no tag */
  g_assert_true (has_finding ("Your spring catalogue {}", "appeal.hook"));
}

/* A word of three capitals shouts (NOT); an acronym of the rule does not. */
static void
test_capitals_three (void)
{
  g_autoptr(MsScoreResult) shouted = score_subject ("Why abortion is NOT compassionate");
  g_autoptr(MsScoreResult) plain = score_subject ("Why abortion is not compassionate");

  g_assert_true (has_finding ("Why abortion is NOT compassionate", "style.capitals"));
  g_assert_cmpuint (ms_score_result_get_total (plain), >, ms_score_result_get_total (shouted));
  g_assert_true (has_finding ("Our NEW range is in", "style.capitals"));
  g_assert_false (has_finding ("Read the FAQ before you order", "style.capitals"));
  g_assert_false (has_finding ("Our BBC interview, in full", "style.capitals"));
  g_assert_false (has_finding ("Made in the USA, shipped today", "style.capitals"));
  /* two letters are no shouting; the acronym must be the whole word */
  g_assert_false (has_finding ("It is OK to ask us", "style.capitals"));
  g_assert_true (has_finding ("Read the FAQS before you order", "style.capitals"));
  /* Latin capitals in Japanese copy are the usual way to write them */
  g_assert_false (has_finding ("【NEW】春のワンピース入荷", "style.capitals"));
}

/* English urgency cues are urgency; three of them are too many. */
static void
test_urgency_english (void)
{
  g_assert_true (has_finding ("Last chance: the sale ends tonight", "appeal.urgency"));
  g_assert_true (has_finding ("Don’t wait another minute", "appeal.urgency"));
  g_assert_true (has_finding ("Just hours left to order", "appeal.urgency"));
  g_assert_true (has_finding ("Tax deadline just days away", "appeal.urgency"));
  g_assert_false (has_finding ("A message of hope", "appeal.urgency"));
  g_assert_false (has_finding ("Just hours left to order", "appeal.urgency.overuse"));
  g_assert_true (has_finding ("Urgent: last chance, hurry, it ends tonight",
                              "appeal.urgency.overuse"));
}

/* Each character past the 20th costs the same, up to the cap. */
static void
test_long_subject_graded (void)
{
  double at_20 = points_of ("12345678901234567890", "form.subject.long");
  double at_23 = points_of ("12345678901234567890abc", "form.subject.long");
  double at_26 = points_of ("12345678901234567890abcdef", "form.subject.long");
  double at_60 = points_of ("12345678901234567890123456789012345678901234567890abcdefghij",
                            "form.subject.long");
  double at_70 = points_of ("12345678901234567890123456789012345678901234567890"
                            "abcdefghijklmnopqrst", "form.subject.long");
  /* full-width characters count as characters, not cells */
  double ja_23 = points_of ("春の新作ワンピースが入荷しました本日から店頭で", "form.subject.long");

  g_assert_cmpfloat (at_20, ==, 0);
  g_assert_cmpfloat (at_23, >, 0);
  g_assert_cmpfloat_with_epsilon (at_26, 2 * at_23, 1e-9);
  g_assert_cmpfloat (at_60, >, at_26);
  g_assert_cmpfloat_with_epsilon (at_70, at_60, 1e-9);
  g_assert_cmpfloat_with_epsilon (ja_23, at_23, 1e-9);

  /* and the total follows: the shorter of two otherwise equal subjects wins */
  {
    g_autoptr(MsScoreResult) shorter = score_subject ("Our spring dresses are here");
    g_autoptr(MsScoreResult) longer = score_subject ("Our spring dresses and new summer linen shirts "
                                                     "are here");

    g_assert_cmpuint (ms_score_result_get_total (shorter), >, ms_score_result_get_total (longer));
  }
}

static void
test_question (void)
{
  g_assert_cmpfloat (points_of ("Are you with us?", "form.subject.question"), >, 0);
  g_assert_cmpfloat (points_of ("週末のご予定は？", "form.subject.question"), >, 0);
  g_assert_cmpfloat (points_of ("We are with you", "form.subject.question"), ==, 0);
}

/* The examples and counter-examples of every signal, as email subjects. */
static void
test_signal_examples (void)
{
  g_autoptr(JsonNode) root = ms_data_load_json ("scoring.json", NULL);
  JsonObject *signals = json_object_get_object_member (json_node_get_object (root), "signals");
  JsonArray *rules = json_object_get_array_member (signals, "rules");
  guint checked = 0;

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      const char *id = json_object_get_string_member (rule, "id");
      JsonArray *examples = json_object_get_array_member (rule, "examples");
      JsonArray *counter = json_object_get_array_member (rule, "counter_examples");

      g_assert_true (g_str_has_prefix (id, "form."));
      g_assert_nonnull (ms_rule_set_lookup (ms_rule_set_get_default (), id));
      g_assert_cmpuint (json_array_get_length (examples), >, 0);
      for (guint e = 0; e < json_array_get_length (examples); e++, checked++)
        g_assert_cmpfloat (points_of (json_array_get_string_element (examples, e), id), >, 0);
      for (guint e = 0; counter != NULL && e < json_array_get_length (counter); e++, checked++)
        g_assert_cmpfloat (points_of (json_array_get_string_element (counter, e), id), ==, 0);
    }
  g_assert_cmpuint (checked, >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ms/score/signals/merge-tags-find", test_merge_tags_find);
  g_test_add_func ("/ms/score/signals/merge-tag-no-number", test_merge_tag_no_number);
  g_test_add_func ("/ms/score/signals/merge-tag-hook", test_merge_tag_hook);
  g_test_add_func ("/ms/score/signals/capitals-three", test_capitals_three);
  g_test_add_func ("/ms/score/signals/urgency-english", test_urgency_english);
  g_test_add_func ("/ms/score/signals/long-subject-graded", test_long_subject_graded);
  g_test_add_func ("/ms/score/signals/question", test_question);
  g_test_add_func ("/ms/score/signals/examples", test_signal_examples);

  return g_test_run ();
}
