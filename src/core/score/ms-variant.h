/* ms-variant.h — an A/B alternative to the message, with its score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-message.h"

G_BEGIN_DECLS

#define MS_TYPE_VARIANT (ms_variant_get_type ())

/* id: what kind of change ("ng_words", "shorten_subject", "front_number",
 * "concrete_cta", "plain_brackets"). field and text: the changed field and
 * its new text. change: what changed, in the result's language. total: the
 * variant's own score; delta: total minus the original's total. message is
 * NULL in a result read back from JSON. */
typedef struct
{
  char      *id;
  MsField    field;
  char      *text;
  char      *change;
  guint      total;
  int        delta;
  MsMessage *message;
} MsVariant;

GType      ms_variant_get_type (void) G_GNUC_CONST;
MsVariant *ms_variant_new      (void) G_GNUC_WARN_UNUSED_RESULT;
MsVariant *ms_variant_copy     (const MsVariant *self) G_GNUC_WARN_UNUSED_RESULT;
void       ms_variant_free     (MsVariant       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsVariant, ms_variant_free)

G_END_DECLS
