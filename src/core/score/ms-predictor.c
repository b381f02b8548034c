/* ms-predictor.c — how a message will do: opens, clicks, conversions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>

#include "ms-predictor.h"

G_DEFINE_BOXED_TYPE (MsPrediction, ms_prediction, ms_prediction_copy, ms_prediction_free)
G_DEFINE_INTERFACE (MsPredictor, ms_predictor, G_TYPE_OBJECT)

static void
ms_predictor_default_init (MsPredictorInterface *iface)
{
}

MsNeighbour *
ms_neighbour_copy (const MsNeighbour *self)
{
  MsNeighbour *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->subject = g_strdup (self->subject);
  copy->sent_on = g_strdup (self->sent_on);
  return copy;
}

void
ms_neighbour_free (MsNeighbour *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->subject);
  g_free (self->sent_on);
  g_free (self);
}

static gpointer
copy_neighbour (gconstpointer src,
                gpointer      user_data)
{
  return ms_neighbour_copy (src);
}

MsPrediction *
ms_prediction_new (void)
{
  MsPrediction *self = g_new0 (MsPrediction, 1);

  self->error_ctr_pt = NAN;
  self->familiarity = NAN;
  return self;
}

MsPrediction *
ms_prediction_copy (const MsPrediction *self)
{
  MsPrediction *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->basis = g_strdup (self->basis);
  copy->source = g_strdup (self->source);
  if (self->neighbours != NULL)
    copy->neighbours = g_ptr_array_copy (self->neighbours, copy_neighbour, NULL);
  return copy;
}

void
ms_prediction_free (MsPrediction *self)
{
  if (self == NULL)
    return;

  g_free (self->basis);
  g_free (self->source);
  g_clear_pointer (&self->neighbours, g_ptr_array_unref);
  g_free (self);
}

/**
 * ms_predictor_predict:
 * @axes: (array fixed-size=5): the axis scores
 *
 * Returns: (transfer full): the prediction, or NULL with @error set
 */
MsPrediction *
ms_predictor_predict (MsPredictor      *self,
                      const MsMessage  *message,
                      const MsFeatures *features,
                      const guint      *axes,
                      GError          **error)
{
  MsPredictorInterface *iface;

  g_return_val_if_fail (MS_IS_PREDICTOR (self), NULL);
  g_return_val_if_fail (message != NULL && features != NULL && axes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = MS_PREDICTOR_GET_IFACE (self);
  g_return_val_if_fail (iface->predict != NULL, NULL);

  return iface->predict (self, message, features, axes, error);
}
