/* fuzz-score.c — scoring any text with the built-in rules
 *
 * The first byte chooses email or LINE and the segment; the rest is split
 * at 0x1F into subject, preheader and body (or title and bubbles). Valid
 * UTF-8 is scored (ms_message_validate() refuses the rest); the result
 * must serialise to JSON and every finding's span must lie in its field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "ms-core.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  ms_core_init_i18n ();
  ms_rule_set_get_default ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MsSegment) segment = ms_segment_new ();
  g_autoptr(MsMessage) message = NULL;
  g_autoptr(MsScoreResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  MsScoreOptions options = { 0 };
  guint n_parts;

  if (size < 1 || size > 16 * 1024)
    return 0;
  text = g_strndup ((const char *) data + 1, size - 1);
  if (strlen (text) != size - 1 || !g_utf8_validate (text, -1, NULL))
    return 0;
  parts = g_strsplit (text, "\x1f", 5);
  n_parts = g_strv_length (parts);
  if ((data[0] & 2) != 0)
    options.flags |= MS_SCORE_FLAGS_NO_VARIANTS;
  options.language = (data[0] & 4) != 0 ? "en" : "ja";

  if ((data[0] & 1) == 0)
    message = ms_message_new_email (n_parts > 0 ? parts[0] : "", n_parts > 1 ? parts[1] : "",
                                    n_parts > 2 ? parts[2] : "", segment);
  else
    message = ms_message_new_line (n_parts > 0 ? parts[0] : "",
                                   n_parts > 1 ? (const char * const *) parts + 1 : NULL,
                                   segment);
  if (!ms_message_validate (message, NULL))
    return 0;
  result = ms_scorer_score (ms_rule_set_get_default (), message, &options, &error);
  if (result == NULL)
    return 0;
  {
    g_autoptr(JsonNode) node = ms_score_result_to_json (result);
    g_autofree char *json = json_to_string (node, FALSE);
    GPtrArray *findings = ms_score_result_get_findings (result);

    g_assert_nonnull (json);
    g_assert_cmpuint (ms_score_result_get_total (result), <=, 100);
    for (guint i = 0; i < findings->len; i++)
      {
        const MsFinding *finding = g_ptr_array_index (findings, i);
        const char *field = ms_message_get_field (message, finding->field);

        g_assert_cmpuint (finding->start, <=, finding->end);
        if (field != NULL)
          g_assert_cmpuint (finding->end, <=, g_utf8_strlen (field, -1));
      }
  }
  return 0;
}
