/* ms-csm-account.h — what the service knows of one customer account, day by day
 *
 * The input of the signals (ms-csm-signals.c): aggregates only — counts of
 * what people did per day, payment records, support requests and survey
 * answers — never a text anyone wrote. The server fills it from its tables,
 * the demo population generates it.
 *
 * Days are Asia/Tokyo calendar days counted from 1970-01-01
 * (ms_csm_day_from_time()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a person did, counted per day. */
typedef enum
{
  MS_CSM_SIGNIN,             /* used the app signed in (a session refreshed or a change synced) */
  MS_CSM_SCORING,            /* a saved scoring */
  MS_CSM_RESULT,             /* results entered after sending */
  MS_CSM_IMPORT,             /* a campaign results import */
  MS_CSM_EXPORT,             /* a preview, CSV or PDF exported */
  MS_CSM_HISTORY,            /* History opened */
  MS_CSM_REVIEW,             /* a review asked for or given */
  MS_CSM_API,                /* a call of the public scoring API */
  MS_CSM_FEEDBACK_RESOLVED,  /* reviewer feedback marked resolved */
  MS_CSM_N_KINDS
} MsCsmKind;

typedef struct
{
  gint32  day;
  guint32 user;     /* an index of the account's people, 0… */
  guint16 kind;     /* MsCsmKind */
  guint32 count;
} MsCsmActivity;

typedef struct
{
  gint32  due_day;
  gint32  paid_day;         /* -1 while unpaid */
  guint16 failed_attempts;  /* charges that failed before it was paid */
} MsCsmPayment;

typedef struct
{
  gint32 opened_day;
  gint32 closed_day;        /* -1 while open */
  gint16 rating;            /* CSAT 1–5, 0 when not rated */
} MsCsmSupport;

typedef struct
{
  gint32 day;
  gint16 score;             /* NPS 0–10; -1: dismissed */
} MsCsmSurvey;

typedef struct
{
  char   *tenant;           /* "user:…" or "team:…" */
  char   *plan;             /* a plan id of data/plans.json */
  gint32  created_day;
  gint32  cancelled_day;    /* -1 while the account lives */
  guint   n_people;         /* people in it (members of a team) */
  guint   same_domain;      /* the most people who share an email domain */
  GArray *activity;         /* MsCsmActivity, by day */
  GArray *payments;         /* MsCsmPayment, by due day */
  GArray *support;          /* MsCsmSupport, by opening day */
  GArray *surveys;          /* MsCsmSurvey, by day */
} MsCsmAccount;

MsCsmAccount *ms_csm_account_new           (const char         *tenant,
                                            const char         *plan,
                                            gint32              created_day) G_GNUC_WARN_UNUSED_RESULT;
void          ms_csm_account_free          (MsCsmAccount       *account);
void          ms_csm_account_add_activity  (MsCsmAccount       *account,
                                            gint32              day,
                                            guint               user,
                                            MsCsmKind           kind,
                                            guint               count);
void          ms_csm_account_sort          (MsCsmAccount       *account);
gint32        ms_csm_account_last_active   (const MsCsmAccount *account,
                                            gint32              on_or_before);
gboolean      ms_csm_account_churned_by    (const MsCsmAccount *account,
                                            gint32              day,
                                            guint               inactive_days);

gint32        ms_csm_day_from_time         (gint64              unix_usec);
gint64        ms_csm_day_start             (gint32              day);
const char   *ms_csm_kind_to_string        (MsCsmKind           kind);
gboolean      ms_csm_kind_from_string      (const char         *name,
                                            MsCsmKind          *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCsmAccount, ms_csm_account_free)

G_END_DECLS
