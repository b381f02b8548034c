/* ms-draft.c — the message being written, as an observable model
 *
 * The Score page binds its entries to a draft and its panels watch the
 * draft's properties; counts are recomputed once per change of a field, so
 * every widget that shows them agrees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-draft"

#include "config.h"

#include "ms-draft.h"

struct _MsDraft
{
  GObject       parent_instance;

  MsChannel     channel;
  char         *fields[3];
  MsTextCounts  counts[3];
  gboolean      over_limit;
};

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_SUBJECT,
  PROP_PREHEADER,
  PROP_BODY,
  PROP_OVER_LIMIT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (MsDraft, ms_draft, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const int field_props[] = {
  [MS_DRAFT_FIELD_SUBJECT] = PROP_SUBJECT,
  [MS_DRAFT_FIELD_PREHEADER] = PROP_PREHEADER,
  [MS_DRAFT_FIELD_BODY] = PROP_BODY,
};

static void
update_over_limit (MsDraft *self)
{
  const MsChannelLimits *limits = ms_channel_limits_get_default ();
  const MsTextCounts *body = &self->counts[MS_DRAFT_FIELD_BODY];
  gboolean over_limit = FALSE;

  if (self->channel == MS_CHANNEL_LINE)
    over_limit = body->characters > limits->line_bubble_max_characters ||
                 body->utf16_units > limits->line_api_max_utf16_units;

  if (over_limit == self->over_limit)
    return;

  self->over_limit = over_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVER_LIMIT]);
}

static void
set_field (MsDraft      *self,
           MsDraftField  field,
           const char   *text)
{
  g_autoptr(GError) error = NULL;
  MsTextCounts counts;

  if (text == NULL)
    text = "";

  if (g_strcmp0 (self->fields[field], text) == 0)
    return;

  /* Text from GTK widgets is always valid UTF-8; anything else is a caller bug. */
  if (!ms_text_count (text, -1, &counts, &error))
    {
      g_critical ("%s", error->message);
      return;
    }

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (text);
  self->counts[field] = counts;

  g_object_notify_by_pspec (G_OBJECT (self), properties[field_props[field]]);
  update_over_limit (self);
}

static void
ms_draft_finalize (GObject *object)
{
  MsDraft *self = (MsDraft *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    g_free (self->fields[i]);

  G_OBJECT_CLASS (ms_draft_parent_class)->finalize (object);
}

static void
ms_draft_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MsDraft *self = MS_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, ms_draft_get_subject (self));
      break;
    case PROP_PREHEADER:
      g_value_set_string (value, ms_draft_get_preheader (self));
      break;
    case PROP_BODY:
      g_value_set_string (value, ms_draft_get_body (self));
      break;
    case PROP_OVER_LIMIT:
      g_value_set_boolean (value, self->over_limit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_draft_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MsDraft *self = MS_DRAFT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      ms_draft_set_channel (self, g_value_get_enum (value));
      break;
    case PROP_SUBJECT:
      ms_draft_set_subject (self, g_value_get_string (value));
      break;
    case PROP_PREHEADER:
      ms_draft_set_preheader (self, g_value_get_string (value));
      break;
    case PROP_BODY:
      ms_draft_set_body (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_draft_class_init (MsDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_draft_finalize;
  object_class->get_property = ms_draft_get_property;
  object_class->set_property = ms_draft_set_property;

  properties[PROP_CHANNEL] =
    g_param_spec_enum ("channel", NULL, NULL,
                       MS_TYPE_CHANNEL, MS_CHANNEL_EMAIL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PREHEADER] =
    g_param_spec_string ("preheader", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MsDraft:over-limit:
   *
   * Whether a LINE bubble holds more than the channel allows.
   */
  properties[PROP_OVER_LIMIT] =
    g_param_spec_boolean ("over-limit", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_draft_init (MsDraft *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->fields); i++)
    self->fields[i] = g_strdup ("");
}

MsDraft *
ms_draft_new (void)
{
  return g_object_new (MS_TYPE_DRAFT, NULL);
}

MsChannel
ms_draft_get_channel (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), MS_CHANNEL_EMAIL);

  return self->channel;
}

void
ms_draft_set_channel (MsDraft   *self,
                      MsChannel  channel)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  if (self->channel == channel)
    return;

  self->channel = channel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
  update_over_limit (self);
}

const char *
ms_draft_get_subject (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->fields[MS_DRAFT_FIELD_SUBJECT];
}

void
ms_draft_set_subject (MsDraft    *self,
                      const char *subject)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  set_field (self, MS_DRAFT_FIELD_SUBJECT, subject);
}

const char *
ms_draft_get_preheader (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->fields[MS_DRAFT_FIELD_PREHEADER];
}

void
ms_draft_set_preheader (MsDraft    *self,
                        const char *preheader)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  set_field (self, MS_DRAFT_FIELD_PREHEADER, preheader);
}

const char *
ms_draft_get_body (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);

  return self->fields[MS_DRAFT_FIELD_BODY];
}

void
ms_draft_set_body (MsDraft    *self,
                   const char *body)
{
  g_return_if_fail (MS_IS_DRAFT (self));

  set_field (self, MS_DRAFT_FIELD_BODY, body);
}

/**
 * ms_draft_get_counts:
 *
 * Returns: (transfer none): the counts of @field, recomputed when it changes
 */
const MsTextCounts *
ms_draft_get_counts (MsDraft      *self,
                     MsDraftField  field)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), NULL);
  g_return_val_if_fail (field <= MS_DRAFT_FIELD_BODY, NULL);

  return &self->counts[field];
}

gboolean
ms_draft_get_over_limit (MsDraft *self)
{
  g_return_val_if_fail (MS_IS_DRAFT (self), FALSE);

  return self->over_limit;
}
