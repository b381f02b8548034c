/* ms-message.c — the message to score: channel, fields and segment
 *
 * An email has a subject, a preheader and a body. A LINE message has up to
 * MS_MAX_BUBBLES bubbles (LINE sends three at most; more are kept so the
 * scorer can say so) and an optional title in the subject slot (what the chat
 * list and push notification show for a rich message). Missing fields are
 * empty strings, never NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include "text/ms-text.h"
#include "ms-message.h"

struct _MsMessage
{
  gatomicrefcount  ref_count;
  MsChannel        channel;
  guint            n_bubbles;
  char            *fields[MS_N_FIELDS];
  MsSegment        segment;
};

G_DEFINE_BOXED_TYPE (MsMessage, ms_message, ms_message_ref, ms_message_unref)

static MsMessage *
message_new (MsChannel        channel,
             const MsSegment *segment)
{
  MsMessage *self = g_new0 (MsMessage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->channel = channel;
  if (segment != NULL)
    {
      self->segment = *segment;
      self->segment.industry = g_strdup (segment->industry);
    }
  for (guint i = 0; i < MS_N_FIELDS; i++)
    self->fields[i] = g_strdup ("");

  return self;
}

static void
set_field (MsMessage  *self,
           MsField     field,
           const char *text)
{
  g_free (self->fields[field]);
  self->fields[field] = g_strdup (text != NULL ? text : "");
}

/**
 * ms_message_new_email:
 * @segment: (nullable): copied
 */
MsMessage *
ms_message_new_email (const char      *subject,
                      const char      *preheader,
                      const char      *body,
                      const MsSegment *segment)
{
  MsMessage *self = message_new (MS_CHANNEL_EMAIL, segment);

  set_field (self, MS_FIELD_SUBJECT, subject);
  set_field (self, MS_FIELD_PREHEADER, preheader);
  set_field (self, MS_FIELD_BODY, body);
  return self;
}

/**
 * ms_message_new_line:
 * @title: (nullable): rich-message title or notification text, kept as the subject
 * @bubbles: (nullable) (array zero-terminated=1): the text bubbles; at most
 *   MS_MAX_BUBBLES are kept
 */
MsMessage *
ms_message_new_line (const char         *title,
                     const char * const *bubbles,
                     const MsSegment    *segment)
{
  MsMessage *self = message_new (MS_CHANNEL_LINE, segment);

  set_field (self, MS_FIELD_SUBJECT, title);
  for (guint i = 0; bubbles != NULL && bubbles[i] != NULL && i < MS_MAX_BUBBLES; i++)
    {
      set_field (self, MS_FIELD_BUBBLE1 + i, bubbles[i]);
      self->n_bubbles = i + 1;
    }

  return self;
}

/**
 * ms_message_new_with_field:
 *
 * Returns: a copy of @self with one field replaced (how variants are made)
 */
MsMessage *
ms_message_new_with_field (const MsMessage *self,
                           MsField          field,
                           const char      *text)
{
  MsMessage *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < MS_N_FIELDS, NULL);

  copy = message_new (self->channel, &self->segment);
  copy->n_bubbles = self->n_bubbles;
  for (guint i = 0; i < MS_N_FIELDS; i++)
    set_field (copy, i, i == field ? text : self->fields[i]);

  return copy;
}

MsMessage *
ms_message_ref (MsMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_message_unref (MsMessage *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < MS_N_FIELDS; i++)
    g_free (self->fields[i]);
  g_free (self->segment.industry);
  g_free (self);
}

MsChannel
ms_message_get_channel (const MsMessage *self)
{
  g_return_val_if_fail (self != NULL, MS_CHANNEL_EMAIL);

  return self->channel;
}

/**
 * ms_message_get_field:
 *
 * Returns: (transfer none): the field's text, "" when absent
 */
const char *
ms_message_get_field (const MsMessage *self,
                      MsField          field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < MS_N_FIELDS, NULL);

  return self->fields[field];
}

guint
ms_message_get_n_bubbles (const MsMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bubbles;
}

const MsSegment *
ms_message_get_segment (const MsMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->segment;
}

/**
 * ms_message_validate:
 *
 * Returns: TRUE if every field is valid UTF-8
 */
gboolean
ms_message_validate (const MsMessage  *self,
                     GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (!ms_text_validate (self->fields[i], -1, error))
      {
        g_prefix_error (error, "%s: ", ms_field_to_string (i));
        return FALSE;
      }

  return TRUE;
}
