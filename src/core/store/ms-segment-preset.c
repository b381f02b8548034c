/* ms-segment-preset.c — a named, saved segment (a personal preset)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-segment-preset.h"

struct _MsSegmentPreset
{
  GObject    parent_instance;
  char      *id;
  char      *name;
  MsSegment *segment;
};

G_DEFINE_FINAL_TYPE (MsSegmentPreset, ms_segment_preset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SEGMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_segment_preset_finalize (GObject *object)
{
  MsSegmentPreset *self = (MsSegmentPreset *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->segment, ms_segment_free);

  G_OBJECT_CLASS (ms_segment_preset_parent_class)->finalize (object);
}

static void
ms_segment_preset_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsSegmentPreset *self = MS_SEGMENT_PRESET (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_SEGMENT: g_value_set_boxed (value, self->segment); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_segment_preset_class_init (MsSegmentPresetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_segment_preset_finalize;
  object_class->get_property = ms_segment_preset_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SEGMENT] = g_param_spec_boxed ("segment", NULL, NULL, MS_TYPE_SEGMENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_segment_preset_init (MsSegmentPreset *self)
{
}

MsSegmentPreset *
ms_segment_preset_new (const char      *id,
                       const char      *name,
                       const MsSegment *segment)
{
  MsSegmentPreset *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (segment != NULL, NULL);

  self = g_object_new (MS_TYPE_SEGMENT_PRESET, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->segment = ms_segment_copy (segment);
  return self;
}

const char *
ms_segment_preset_get_id (MsSegmentPreset *self)
{
  g_return_val_if_fail (MS_IS_SEGMENT_PRESET (self), NULL);
  return self->id;
}

const char *
ms_segment_preset_get_name (MsSegmentPreset *self)
{
  g_return_val_if_fail (MS_IS_SEGMENT_PRESET (self), NULL);
  return self->name;
}

const MsSegment *
ms_segment_preset_get_segment (MsSegmentPreset *self)
{
  g_return_val_if_fail (MS_IS_SEGMENT_PRESET (self), NULL);
  return self->segment;
}
