/* score-test-util.h — helpers shared by the scoring tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-core.h"
#include "score/ms-score.h"

/* A footer with everything 特定電子メール法 asks for. */
#define TEST_FOOTER \
  "\n\n――――――――――\n" \
  "発行：株式会社サンプル商事\n" \
  "〒150-0001 東京都渋谷区神宮前1-2-3\n" \
  "お問い合わせ：support@example.jp\n" \
  "配信停止はこちら：https://example.jp/unsubscribe\n"

static inline MsScoreResult *
test_score (MsRuleSet       *rules,
            const MsMessage *message)
{
  g_autoptr(GError) error = NULL;
  MsScoreOptions options = { MS_SCORE_FLAGS_NONE, NULL, "en" };
  MsScoreResult *result = ms_scorer_score (rules != NULL ? rules : ms_rule_set_get_default (),
                                           message, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static inline const MsFinding *
test_find (const MsScoreResult *result,
           const char          *rule_id,
           MsField              field,
           guint                start)
{
  GPtrArray *findings = ms_score_result_get_findings (result);

  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);

      if (ms_finding_matches (f, rule_id) && f->field == field && f->start == start)
        return f;
    }
  return NULL;
}

static inline char *
test_describe (const MsScoreResult *result)
{
  GPtrArray *findings = ms_score_result_get_findings (result);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "total %u:", ms_score_result_get_total (result));
  for (guint i = 0; i < findings->len; i++)
    {
      const MsFinding *f = g_ptr_array_index (findings, i);
      g_string_append_printf (s, " %s@%s[%u,%u]", f->rule_id, ms_field_to_string (f->field),
                              f->start, f->end);
    }
  return g_string_free (s, FALSE);
}
