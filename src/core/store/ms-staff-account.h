/* ms-staff-account.h — one customer account as a CSM's portfolio lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A missing number (no health score yet, no churn model, no earlier snapshot) */
#define MS_STAFF_NONE G_MININT

#define MS_TYPE_STAFF_ACCOUNT (ms_staff_account_get_type ())

G_DECLARE_FINAL_TYPE (MsStaffAccount, ms_staff_account, MS, STAFF_ACCOUNT, GObject)

typedef struct
{
  const char *account;      /* the customer's tenant: "user:…" or "team:…" */
  const char *name;
  const char *kind;         /* "personal" or "team" */
  const char *plan;         /* a plan id of data/plans.json */
  int         people;
  const char *owner;        /* the owning CSM's user id, or NULL */
  int         health;       /* 0–100, or MS_STAFF_NONE */
  const char *band;         /* champion, healthy, medium_risk, high_risk, none */
  int         churn;        /* 0–100, or MS_STAFF_NONE */
  int         change_7d;    /* health now − 7 days ago, or MS_STAFF_NONE */
  int         change_30d;
  const char *factor_ja;    /* the top churn factor's sentence, or NULL */
  const char *factor_en;
  gboolean    cancelled;
} MsStaffAccountData;

MsStaffAccount *ms_staff_account_new            (const MsStaffAccountData *data) G_GNUC_WARN_UNUSED_RESULT;
const char     *ms_staff_account_get_account    (MsStaffAccount           *self);
const char     *ms_staff_account_get_name       (MsStaffAccount           *self);
const char     *ms_staff_account_get_kind       (MsStaffAccount           *self);
const char     *ms_staff_account_get_plan       (MsStaffAccount           *self);
int             ms_staff_account_get_people     (MsStaffAccount           *self);
const char     *ms_staff_account_get_owner      (MsStaffAccount           *self);
int             ms_staff_account_get_health     (MsStaffAccount           *self);
const char     *ms_staff_account_get_band       (MsStaffAccount           *self);
int             ms_staff_account_get_churn      (MsStaffAccount           *self);
int             ms_staff_account_get_change     (MsStaffAccount           *self,
                                                 guint                     days);
const char     *ms_staff_account_get_factor     (MsStaffAccount           *self,
                                                 const char               *language);
gboolean        ms_staff_account_get_cancelled  (MsStaffAccount           *self);
const char     *ms_staff_account_get_folded     (MsStaffAccount           *self);

G_END_DECLS
