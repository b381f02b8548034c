/* ms-ng-word.c — a personal NG word
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-ng-word.h"

struct _MsNgWord
{
  GObject  parent_instance;
  char    *id;
  char    *word;
  char    *note;
};

G_DEFINE_FINAL_TYPE (MsNgWord, ms_ng_word, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_WORD,
  PROP_NOTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_ng_word_finalize (GObject *object)
{
  MsNgWord *self = (MsNgWord *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->word, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (ms_ng_word_parent_class)->finalize (object);
}

static void
ms_ng_word_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsNgWord *self = MS_NG_WORD (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_WORD: g_value_set_string (value, self->word); break;
    case PROP_NOTE: g_value_set_string (value, self->note); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_ng_word_class_init (MsNgWordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_ng_word_finalize;
  object_class->get_property = ms_ng_word_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_WORD] = g_param_spec_string ("word", NULL, NULL, NULL, flags);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_ng_word_init (MsNgWord *self)
{
}

MsNgWord *
ms_ng_word_new (const char *id,
                const char *word,
                const char *note)
{
  MsNgWord *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (word != NULL, NULL);

  self = g_object_new (MS_TYPE_NG_WORD, NULL);
  self->id = g_strdup (id);
  self->word = g_strdup (word);
  self->note = g_strdup (note != NULL ? note : "");
  return self;
}

const char *
ms_ng_word_get_id (MsNgWord *self)
{
  g_return_val_if_fail (MS_IS_NG_WORD (self), NULL);
  return self->id;
}

const char *
ms_ng_word_get_word (MsNgWord *self)
{
  g_return_val_if_fail (MS_IS_NG_WORD (self), NULL);
  return self->word;
}

const char *
ms_ng_word_get_note (MsNgWord *self)
{
  g_return_val_if_fail (MS_IS_NG_WORD (self), NULL);
  return self->note;
}
