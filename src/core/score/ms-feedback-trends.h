/* ms-feedback-trends.h — what reviewers' comments are about, per role and month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ms-score-types.h"

G_BEGIN_DECLS

#define MS_FEEDBACK_MAX_CATEGORIES 16
#define MS_FEEDBACK_MONTHS 3

/* One feedback item, as the trends read it. */
typedef struct
{
  const char *role;            /* director | manager | senior */
  const char *reviewer_name;   /* or NULL */
  const char *rating;
  const char *axes;            /* comma-separated */
  const char *comment;         /* or NULL */
  const char *status;          /* open | resolved */
  gint64      created_at;
  int         engine_total;
  int         corrected_score; /* or -1 */
} MsTrendFeedback;

/* Per reviewer role, or per named reviewer (name set). */
typedef struct
{
  char   *role;
  char   *name;                 /* NULL: the whole role */
  guint   n_items;
  guint   per_category[MS_FEEDBACK_MAX_CATEGORIES];
  double  mean_shift[MS_N_AXES];  /* the score they would give minus the AI's, per axis named */
  guint   n_shift[MS_N_AXES];
} MsFeedbackTrend;

/* Per category, this month (0) and the months before it, in Japan. */
typedef struct
{
  guint items[MS_FEEDBACK_MONTHS][MS_FEEDBACK_MAX_CATEGORIES];
  guint resolved[MS_FEEDBACK_MONTHS][MS_FEEDBACK_MAX_CATEGORIES];
} MsFeedbackMonths;

guint       ms_feedback_categories_count (void);
const char *ms_feedback_category_id      (guint                  index);
const char *ms_feedback_category_name    (guint                  index,
                                          const char            *language);
/* The categories of a comment (bit i: category i), by its words (MeCab) and axes. */
guint32     ms_feedback_classify         (const char            *comment,
                                          const char            *axes);
/* Per role (most senior first), then per named reviewer. */
GPtrArray  *ms_feedback_trends           (const MsTrendFeedback *items,
                                          guint                  n_items) G_GNUC_WARN_UNUSED_RESULT;
void        ms_feedback_months           (const MsTrendFeedback *items,
                                          guint                  n_items,
                                          gint64                 now,
                                          MsFeedbackMonths      *out);
void        ms_feedback_trend_free       (MsFeedbackTrend       *trend);

G_END_DECLS
