/* ms-churn-data.h — rows of features and a churn label, for the churn model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_CHURN_ERROR (ms_churn_error_quark ())

typedef enum
{
  MS_CHURN_ERROR_INPUT,      /* a file or a column the model cannot use */
  MS_CHURN_ERROR_TOO_FEW,    /* too few rows or churned rows to train or to measure */
  MS_CHURN_ERROR_MODEL,      /* XGBoost refused, or a saved model cannot be read */
} MsChurnError;

GQuark ms_churn_error_quark (void);

/* A dense matrix of features (row-major; NAN is missing) and labels (0 or 1). */
typedef struct
{
  guint      n_rows;
  guint      n_cols;
  float     *x;
  float     *y;
  GPtrArray *names;     /* n_cols feature names */
  GPtrArray *dropped;   /* "column: why" for columns left out of a CSV */
} MsChurnData;

MsChurnData *ms_churn_data_new          (guint               n_rows,
                                         guint               n_cols,
                                         const char * const *names) G_GNUC_WARN_UNUSED_RESULT;
void         ms_churn_data_free         (MsChurnData        *data);
MsChurnData *ms_churn_data_from_csv     (const char         *text,
                                         gsize               length,
                                         const char         *label,
                                         const char         *positive,
                                         const char * const *drop,
                                         GError            **error) G_GNUC_WARN_UNUSED_RESULT;
MsChurnData *ms_churn_data_subset       (const MsChurnData  *data,
                                         const guint        *rows,
                                         guint               n_rows) G_GNUC_WARN_UNUSED_RESULT;
guint        ms_churn_data_count_positive (const MsChurnData *data);
void         ms_churn_split_stratified  (const float        *y,
                                         guint               n_rows,
                                         double              test_share,
                                         guint32             seed,
                                         GArray            **train,
                                         GArray            **test);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsChurnData, ms_churn_data_free)

G_END_DECLS
