/* ms-ridge.c — a small dense ridge regression
 *
 * Minimises Σ (y − ŷ)² + λ Σ coef² over standardised features by the normal
 * equations (ZᵀZ + λI) coef = Zᵀ(y − ȳ), solved with a Cholesky
 * factorisation (the matrix is symmetric positive definite for λ > 0). A
 * dozen features and a few thousand rows: microseconds, no library needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-score"

#include "config.h"

#include <math.h>

#include "ms-ridge.h"

/**
 * ms_cholesky_solve:
 * @a: (inout): an n × n symmetric positive-definite matrix, row-major;
 *   overwritten by its Cholesky factor
 * @b: (inout): the right-hand side; overwritten by the solution
 *
 * Returns: FALSE when @a is not positive definite
 */
gboolean
ms_cholesky_solve (double *a,
                   double *b,
                   guint   n)
{
  /* a = L Lᵀ, L in the lower triangle */
  for (guint j = 0; j < n; j++)
    {
      double d = a[j * n + j];

      for (guint k = 0; k < j; k++)
        d -= a[j * n + k] * a[j * n + k];
      if (!(d > 0))
        return FALSE;
      a[j * n + j] = sqrt (d);
      for (guint i = j + 1; i < n; i++)
        {
          double s = a[i * n + j];

          for (guint k = 0; k < j; k++)
            s -= a[i * n + k] * a[j * n + k];
          a[i * n + j] = s / a[j * n + j];
        }
    }

  /* L z = b, then Lᵀ x = z */
  for (guint i = 0; i < n; i++)
    {
      for (guint k = 0; k < i; k++)
        b[i] -= a[i * n + k] * b[k];
      b[i] /= a[i * n + i];
    }
  for (guint i = n; i-- > 0;)
    {
      for (guint k = i + 1; k < n; k++)
        b[i] -= a[k * n + i] * b[k];
      b[i] /= a[i * n + i];
    }
  return TRUE;
}

/**
 * ms_ridge_fit:
 * @x: (array): n_rows × n_features, row-major
 * @y: (array length=n_rows): the targets
 * @lambda: the penalty, > 0 (on standardised features: 1 is mild)
 *
 * Returns: (transfer full) (nullable): the model; NULL without rows
 */
MsRidge *
ms_ridge_fit (const double *x,
              const double *y,
              guint         n_rows,
              guint         n_features,
              double        lambda)
{
  g_autoptr(MsRidge) self = NULL;
  g_autofree double *a = NULL;
  double *b;

  g_return_val_if_fail (lambda > 0, NULL);

  if (n_rows == 0)
    return NULL;

  self = g_new0 (MsRidge, 1);
  self->n_features = n_features;
  self->coef = g_new0 (double, n_features);
  self->mean = g_new0 (double, n_features);
  self->scale = g_new0 (double, n_features);

  for (guint i = 0; i < n_rows; i++)
    {
      self->intercept += y[i];
      for (guint j = 0; j < n_features; j++)
        self->mean[j] += x[i * n_features + j];
    }
  self->intercept /= n_rows;
  for (guint j = 0; j < n_features; j++)
    self->mean[j] /= n_rows;
  for (guint i = 0; i < n_rows; i++)
    for (guint j = 0; j < n_features; j++)
      {
        double d = x[i * n_features + j] - self->mean[j];
        self->scale[j] += d * d;
      }
  for (guint j = 0; j < n_features; j++)
    {
      self->scale[j] = sqrt (self->scale[j] / n_rows);
      if (self->scale[j] < 1e-12)
        self->scale[j] = 1;
    }

  if (n_features == 0)
    return g_steal_pointer (&self);

  a = g_new0 (double, (gsize) n_features * n_features + n_features);
  b = a + (gsize) n_features * n_features;
  for (guint i = 0; i < n_rows; i++)
    {
      const double *row = x + (gsize) i * n_features;
      double r = y[i] - self->intercept;

      for (guint j = 0; j < n_features; j++)
        {
          double zj = (row[j] - self->mean[j]) / self->scale[j];

          b[j] += zj * r;
          for (guint k = 0; k <= j; k++)
            a[j * n_features + k] += zj * (row[k] - self->mean[k]) / self->scale[k];
        }
    }
  for (guint j = 0; j < n_features; j++)
    {
      a[j * n_features + j] += lambda;
      for (guint k = 0; k < j; k++)
        a[k * n_features + j] = a[j * n_features + k];
    }

  if (ms_cholesky_solve (a, b, n_features))
    for (guint j = 0; j < n_features; j++)
      self->coef[j] = b[j];

  return g_steal_pointer (&self);
}

double
ms_ridge_predict (const MsRidge *self,
                  const double  *x)
{
  double y;

  g_return_val_if_fail (self != NULL, NAN);

  y = self->intercept;
  for (guint j = 0; j < self->n_features; j++)
    y += self->coef[j] * (x[j] - self->mean[j]) / self->scale[j];
  return y;
}

void
ms_ridge_free (MsRidge *self)
{
  if (self == NULL)
    return;
  g_free (self->coef);
  g_free (self->mean);
  g_free (self->scale);
  g_free (self);
}
