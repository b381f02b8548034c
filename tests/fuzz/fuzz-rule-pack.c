/* fuzz-rule-pack.c — loading a rule pack, and scoring with it
 *
 * The input is a rule pack's JSON (teams and users can add their own). A
 * pack that loads is made a rule set of its own and a fixed email and LINE
 * message are scored with it: its patterns run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "ms-core.h"

static MsMessage *email;
static MsMessage *line;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();
  const char * const bubbles[] = { "本日限り！全品50%OFF。今すぐチェック👉 https://example.jp", NULL };

  fuzz_init ();
  ms_core_init_i18n ();
  email = ms_message_new_email ("【業界No.1】絶対に痩せる！今だけ最安値", "送料無料は今夜まで",
                                "いつもありがとうございます。\n配信停止はこちら。", segment);
  line = ms_message_new_line ("セール", bubbles, segment);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRulePack) pack = NULL;
  g_autoptr(GPtrArray) packs = NULL;
  g_autoptr(MsRuleSet) rules = NULL;
  const MsScoreOptions options = { MS_SCORE_FLAGS_NO_PREDICTION | MS_SCORE_FLAGS_NO_VARIANTS,
                                   NULL, NULL };

  pack = ms_rule_pack_new_from_bytes ("fuzz", bytes, &error);
  if (pack == NULL)
    return 0;
  packs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_rule_pack_unref);
  g_ptr_array_add (packs, g_steal_pointer (&pack));
  rules = ms_rule_set_new_from_packs (packs, NULL, &error);
  if (rules == NULL)
    {
      if (g_getenv ("MSGSCORE_FUZZ_VERBOSE") != NULL)
        g_printerr ("%s\n", error->message);
      return 0;
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) score_error = NULL;
      g_autoptr(MsScoreResult) result = ms_scorer_score (rules, i == 0 ? email : line, &options,
                                                         &score_error);

      g_assert_true ((result == NULL) != (score_error == NULL));
    }
  return 0;
}
