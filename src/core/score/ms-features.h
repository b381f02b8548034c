/* ms-features.h — a summary of a message, for predictors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-message.h"

G_BEGIN_DECLS

/* What a predictor may look at besides the axis scores. For LINE, "body"
 * means all bubbles together and the subject is the title (often empty). */
typedef struct
{
  guint    subject_characters;
  guint    subject_cells;
  guint    subject_emoji;
  gboolean subject_has_number;
  gboolean subject_has_question;
  gboolean has_personalisation;
  guint    body_characters;
  guint    body_lines;
  guint    emoji;
  guint    exclamations;
  guint    urls;
  guint    n_bubbles;
} MsFeatures;

void ms_features_compute (MsFeatures      *features,
                          const MsMessage *message);

G_END_DECLS
