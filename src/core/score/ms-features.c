/* ms-features.c — a summary of a message, for predictors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <string.h>

#include "text/ms-text.h"
#include "text/ms-utf8.h"
#include "ms-features-private.h"

static gboolean
has_personalisation (const char *text)
{
  /* Merge tags of the common senders ({{name}}, %name%, [name], *|FNAME|*)
   * and the Japanese 「〇〇様」 placeholder. */
  return strstr (text, "{{") != NULL || strstr (text, "*|") != NULL ||
         strstr (text, "%name%") != NULL || strstr (text, "○○様") != NULL ||
         strstr (text, "〇〇様") != NULL || strstr (text, "{name}") != NULL ||
         strstr (text, "[name]") != NULL || strstr (text, "%%") != NULL;
}

void
_ms_features_add_field (MsFeatures         *features,
                        const char         *text,
                        const MsTextCounts *counts,
                        gboolean            subject)
{
  if (subject)
    {
      features->subject_characters = counts->characters;
      features->subject_cells = counts->cells;
      features->subject_emoji = counts->emoji;
      for (const char *p = text, *next; *p; p = next)
        {
          gunichar c = ms_utf8_decode (p, &next);

          if (g_unichar_isdigit (c))
            features->subject_has_number = TRUE;
          if (c == '?' || c == 0xFF1F)
            features->subject_has_question = TRUE;
        }
    }
  else
    {
      features->body_characters += counts->characters;
      features->body_lines += counts->lines;
    }

  features->emoji += counts->emoji;
  features->has_personalisation |= has_personalisation (text);

  for (const char *p = text, *next; *p; p = next)
    {
      gunichar c = ms_utf8_decode (p, &next);

      if (c == '!' || c == 0xFF01)
        features->exclamations++;
      if (c == 'h' && (g_str_has_prefix (p, "https://") || g_str_has_prefix (p, "http://")))
        features->urls++;
    }
}

static void
add_text (MsFeatures *features,
          const char *text,
          gboolean    subject)
{
  MsTextCounts counts;

  if (ms_text_count (text, -1, &counts, NULL))
    _ms_features_add_field (features, text, &counts, subject);
}

void
ms_features_compute (MsFeatures      *features,
                     const MsMessage *message)
{
  g_return_if_fail (features != NULL);
  g_return_if_fail (message != NULL);

  memset (features, 0, sizeof *features);
  add_text (features, ms_message_get_field (message, MS_FIELD_SUBJECT), TRUE);

  if (ms_message_get_channel (message) == MS_CHANNEL_EMAIL)
    {
      add_text (features, ms_message_get_field (message, MS_FIELD_PREHEADER), FALSE);
      add_text (features, ms_message_get_field (message, MS_FIELD_BODY), FALSE);
    }
  else
    {
      features->n_bubbles = ms_message_get_n_bubbles (message);
      for (guint i = 0; i < features->n_bubbles; i++)
        add_text (features, ms_message_get_field (message, MS_FIELD_BUBBLE1 + i), FALSE);
    }
}
