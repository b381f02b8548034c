/* ms-history-item.c — one saved scoring, as a row of the History page
 *
 * Prediction against actual: the error of a rate is (actual − predicted)
 * expressed in percentage points, positive when the message did better than
 * predicted (predicted 20 %, actual 23.4 % → +3.4 points).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include <math.h>

#include "ms-history-item-private.h"

struct _MsHistoryItem
{
  GObject    parent_instance;

  char      *id;
  gint64     created_at;
  gint64     updated_at;
  MsChannel  channel;
  char      *subject;
  char      *preheader;
  char      *excerpt;
  guint      total;
  char      *engine;
  gboolean   locked;
  guint      badge_minimum;   /* the team minimum it fell below, with action "badge"; or 0 */
  char      *request_status;  /* of the newest fix request about a shared copy, or NULL */
  guint      n_feedback;      /* reviewers' feedback on a share link of it */
  guint      n_feedback_open; /* … not resolved yet */
  gboolean   has_prediction;
  double     predicted_open_rate;
  double     predicted_ctr;
  gboolean   has_actuals;
  MsActuals  actuals;
};

G_DEFINE_FINAL_TYPE (MsHistoryItem, ms_history_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CREATED_AT,
  PROP_CHANNEL,
  PROP_SUBJECT,
  PROP_PREHEADER,
  PROP_EXCERPT,
  PROP_TOTAL,
  PROP_ENGINE,
  PROP_LOCKED,
  PROP_HAS_PREDICTION,
  PROP_PREDICTED_OPEN_RATE,
  PROP_PREDICTED_CTR,
  PROP_HAS_ACTUALS,
  PROP_ACTUAL_RECIPIENTS,
  PROP_ACTUAL_OPEN_RATE,
  PROP_ACTUAL_CTR,
  PROP_ACTUAL_CONVERSIONS,
  PROP_ERROR,
  PROP_CTR_ERROR,
  PROP_BADGE_MINIMUM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ms_history_item_finalize (GObject *object)
{
  MsHistoryItem *self = (MsHistoryItem *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->preheader, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->engine, g_free);
  g_clear_pointer (&self->request_status, g_free);

  G_OBJECT_CLASS (ms_history_item_parent_class)->finalize (object);
}

static void
ms_history_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsHistoryItem *self = MS_HISTORY_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_CHANNEL: g_value_set_enum (value, self->channel); break;
    case PROP_SUBJECT: g_value_set_string (value, self->subject); break;
    case PROP_PREHEADER: g_value_set_string (value, self->preheader); break;
    case PROP_EXCERPT: g_value_set_string (value, self->excerpt); break;
    case PROP_TOTAL: g_value_set_uint (value, self->total); break;
    case PROP_ENGINE: g_value_set_string (value, self->engine); break;
    case PROP_LOCKED: g_value_set_boolean (value, self->locked); break;
    case PROP_BADGE_MINIMUM: g_value_set_uint (value, self->badge_minimum); break;
    case PROP_HAS_PREDICTION: g_value_set_boolean (value, self->has_prediction); break;
    case PROP_PREDICTED_OPEN_RATE: g_value_set_double (value, self->predicted_open_rate); break;
    case PROP_PREDICTED_CTR: g_value_set_double (value, self->predicted_ctr); break;
    case PROP_HAS_ACTUALS: g_value_set_boolean (value, self->has_actuals); break;
    case PROP_ACTUAL_RECIPIENTS: g_value_set_uint64 (value, self->actuals.recipients); break;
    case PROP_ACTUAL_OPEN_RATE: g_value_set_double (value, self->actuals.open_rate); break;
    case PROP_ACTUAL_CTR: g_value_set_double (value, self->actuals.ctr); break;
    case PROP_ACTUAL_CONVERSIONS: g_value_set_uint64 (value, self->actuals.conversions); break;
    case PROP_ERROR: g_value_set_double (value, ms_history_item_get_error (self)); break;
    case PROP_CTR_ERROR: g_value_set_double (value, ms_history_item_get_ctr_error (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_item_class_init (MsHistoryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ms_history_item_finalize;
  object_class->get_property = ms_history_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /* microseconds since the Unix epoch, UTC */
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL,
                                                    0, G_MAXINT64, 0, flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL, MS_TYPE_CHANNEL,
                                                MS_CHANNEL_EMAIL, flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_PREHEADER] = g_param_spec_string ("preheader", NULL, NULL, NULL, flags);
  properties[PROP_EXCERPT] = g_param_spec_string ("excerpt", NULL, NULL, NULL, flags);
  properties[PROP_TOTAL] = g_param_spec_uint ("total", NULL, NULL, 0, 100, 0, flags);
  properties[PROP_ENGINE] = g_param_spec_string ("engine", NULL, NULL, NULL, flags);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, flags);
  properties[PROP_BADGE_MINIMUM] = g_param_spec_uint ("badge-minimum", NULL, NULL,
                                                      0, 100, 0, flags);
  properties[PROP_HAS_PREDICTION] = g_param_spec_boolean ("has-prediction", NULL, NULL,
                                                          FALSE, flags);
  properties[PROP_PREDICTED_OPEN_RATE] = g_param_spec_double ("predicted-open-rate", NULL, NULL,
                                                              0, 1, 0, flags);
  properties[PROP_PREDICTED_CTR] = g_param_spec_double ("predicted-ctr", NULL, NULL,
                                                        0, 1, 0, flags);
  properties[PROP_HAS_ACTUALS] = g_param_spec_boolean ("has-actuals", NULL, NULL, FALSE, flags);
  properties[PROP_ACTUAL_RECIPIENTS] = g_param_spec_uint64 ("actual-recipients", NULL, NULL,
                                                            0, G_MAXUINT64, 0, flags);
  properties[PROP_ACTUAL_OPEN_RATE] = g_param_spec_double ("actual-open-rate", NULL, NULL,
                                                           0, 1, 0, flags);
  properties[PROP_ACTUAL_CTR] = g_param_spec_double ("actual-ctr", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ACTUAL_CONVERSIONS] = g_param_spec_uint64 ("actual-conversions", NULL, NULL,
                                                             0, G_MAXUINT64, 0, flags);
  /* open rate: actual − predicted, in percentage points; 0 without both */
  properties[PROP_ERROR] = g_param_spec_double ("error", NULL, NULL, -100, 100, 0, flags);
  properties[PROP_CTR_ERROR] = g_param_spec_double ("ctr-error", NULL, NULL, -100, 100, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_history_item_init (MsHistoryItem *self)
{
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return g_strdup (text != NULL ? (const char *) text : "");
}

MsHistoryItem *
_ms_history_item_new_from_row (sqlite3_stmt *stmt,
                               gboolean      locked)
{
  MsHistoryItem *self = g_object_new (MS_TYPE_HISTORY_ITEM, NULL);
  const char *channel = (const char *) sqlite3_column_text (stmt, 3);

  self->id = dup_column (stmt, 0);
  self->created_at = sqlite3_column_int64 (stmt, 1);
  self->updated_at = sqlite3_column_int64 (stmt, 2);
  if (!ms_channel_from_string (channel, &self->channel))
    self->channel = MS_CHANNEL_EMAIL;
  self->locked = locked;
  self->subject = locked ? g_strdup ("") : dup_column (stmt, 4);
  self->preheader = locked ? g_strdup ("") : dup_column (stmt, 5);
  self->excerpt = locked ? g_strdup ("") : dup_column (stmt, 6);
  self->total = (guint) sqlite3_column_int (stmt, 7);
  self->engine = dup_column (stmt, 8);
  self->has_prediction = sqlite3_column_type (stmt, 9) != SQLITE_NULL;
  self->predicted_open_rate = sqlite3_column_double (stmt, 9);
  self->predicted_ctr = sqlite3_column_double (stmt, 10);
  self->has_actuals = sqlite3_column_type (stmt, 11) != SQLITE_NULL;
  if (self->has_actuals)
    {
      self->actuals.recipients = (guint64) sqlite3_column_int64 (stmt, 11);
      self->actuals.open_rate = sqlite3_column_double (stmt, 12);
      self->actuals.ctr = sqlite3_column_double (stmt, 13);
      self->actuals.conversions = (guint64) sqlite3_column_int64 (stmt, 14);
    }
  self->badge_minimum = (guint) CLAMP (sqlite3_column_int (stmt, 15), 0, 100);
  if (sqlite3_column_type (stmt, 16) != SQLITE_NULL)
    self->request_status = dup_column (stmt, 16);
  self->n_feedback = (guint) MAX (sqlite3_column_int64 (stmt, 17), 0);
  self->n_feedback_open = (guint) MAX (sqlite3_column_int64 (stmt, 18), 0);

  return self;
}

/**
 * ms_actuals_error_points:
 * @predicted: a predicted rate (fraction)
 * @actual: the actual rate (fraction)
 *
 * Returns: actual − predicted in percentage points (0.234 vs 0.200 → 3.4)
 */
double
ms_actuals_error_points (double predicted,
                         double actual)
{
  /* Rounded to 0.01 points so 0.234 − 0.2 shows as 3.4, not 3.3999999. */
  return round ((actual - predicted) * 10000.0) / 100.0;
}

const char *
ms_history_item_get_id (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->id;
}

gint64
ms_history_item_get_created_at (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->created_at;
}

/**
 * ms_history_item_dup_created_at_datetime:
 *
 * Returns: (transfer full): when it was saved, in the local time zone
 */
GDateTime *
ms_history_item_dup_created_at_datetime (MsHistoryItem *self)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);

  seconds = g_date_time_new_from_unix_utc (self->created_at / G_USEC_PER_SEC);
  utc = g_date_time_add (seconds, self->created_at % G_USEC_PER_SEC);
  return g_date_time_to_local (utc);
}

gint64
ms_history_item_get_updated_at (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->updated_at;
}

MsChannel
ms_history_item_get_channel (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), MS_CHANNEL_EMAIL);
  return self->channel;
}

const char *
ms_history_item_get_subject (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->subject;
}

const char *
ms_history_item_get_preheader (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->preheader;
}

/**
 * ms_history_item_get_excerpt:
 *
 * Returns: the first 120 characters of the body (email) or bubbles (LINE)
 */
const char *
ms_history_item_get_excerpt (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->excerpt;
}

guint
ms_history_item_get_total (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->total;
}

const char *
ms_history_item_get_engine (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->engine;
}

/**
 * ms_history_item_get_fix_request_status:
 *
 * Returns: (nullable): the status of the newest fix request (修正依頼) about
 *   a copy of this scoring shared with a team: "open", "fixed" or "closed"
 */
const char *
ms_history_item_get_fix_request_status (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), NULL);
  return self->request_status;
}

/**
 * ms_history_item_get_n_feedback:
 * @n_open: (out) (optional): how many are not resolved yet
 *
 * Returns: how much feedback reviewers left on a share link of this scoring
 */
guint
ms_history_item_get_n_feedback (MsHistoryItem *self,
                                guint         *n_open)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  if (n_open != NULL)
    *n_open = self->n_feedback_open;
  return self->n_feedback;
}

/**
 * ms_history_item_get_badge_minimum:
 *
 * Returns: the team's minimum score this scoring fell below when the team
 *   asks for a badge (min_score_action "badge"), or 0
 */
guint
ms_history_item_get_badge_minimum (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->badge_minimum;
}

gboolean
ms_history_item_get_locked (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), FALSE);
  return self->locked;
}

gboolean
ms_history_item_get_has_prediction (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), FALSE);
  return self->has_prediction;
}

double
ms_history_item_get_predicted_open_rate (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->predicted_open_rate;
}

double
ms_history_item_get_predicted_ctr (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->predicted_ctr;
}

gboolean
ms_history_item_get_has_actuals (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), FALSE);
  return self->has_actuals;
}

/**
 * ms_history_item_get_actuals:
 * @actuals: (out): filled when there are actual results
 *
 * Returns: whether actual results were entered
 */
gboolean
ms_history_item_get_actuals (MsHistoryItem *self,
                             MsActuals     *actuals)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), FALSE);
  g_return_val_if_fail (actuals != NULL, FALSE);

  *actuals = self->actuals;
  return self->has_actuals;
}

double
ms_history_item_get_actual_open_rate (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->actuals.open_rate;
}

double
ms_history_item_get_actual_ctr (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  return self->actuals.ctr;
}

/**
 * ms_history_item_get_error:
 *
 * Returns: open rate, actual − predicted, in percentage points; 0 unless
 *   the row has both a prediction and actual results
 */
double
ms_history_item_get_error (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  if (!self->has_actuals || !self->has_prediction)
    return 0;
  return ms_actuals_error_points (self->predicted_open_rate, self->actuals.open_rate);
}

/**
 * ms_history_item_get_ctr_error:
 *
 * Returns: CTR, actual − predicted, in percentage points
 */
double
ms_history_item_get_ctr_error (MsHistoryItem *self)
{
  g_return_val_if_fail (MS_IS_HISTORY_ITEM (self), 0);
  if (!self->has_actuals || !self->has_prediction)
    return 0;
  return ms_actuals_error_points (self->predicted_ctr, self->actuals.ctr);
}
