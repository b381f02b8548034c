/* ms-ridge.h — a small dense ridge regression
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* y ≈ intercept + Σ coef[j] · (x[j] − mean[j]) / scale[j]. Features are
 * standardised on the training rows (a constant feature gets scale 1 and
 * coefficient 0); the intercept is the mean of y and is not penalised. */
typedef struct
{
  guint   n_features;
  double  intercept;
  double *coef;
  double *mean;
  double *scale;
} MsRidge;

MsRidge *ms_ridge_fit     (const double  *x,
                           const double  *y,
                           guint          n_rows,
                           guint          n_features,
                           double         lambda) G_GNUC_WARN_UNUSED_RESULT;
double   ms_ridge_predict (const MsRidge *self,
                           const double  *x);
void     ms_ridge_free    (MsRidge       *self);

gboolean ms_cholesky_solve (double       *a,
                            double       *b,
                            guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRidge, ms_ridge_free)

G_END_DECLS
