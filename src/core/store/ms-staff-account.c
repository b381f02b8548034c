/* ms-staff-account.c — one customer account as a CSM's portfolio lists it
 *
 * An immutable row of the staff cache (ms-staff-repository.c): what the
 * portfolio list shows, sorts and filters by. Plain fields, no properties:
 * a list of 10,000 is made, sorted and filtered with C functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ms-store"

#include "config.h"

#include "ms-staff-account.h"

struct _MsStaffAccount
{
  GObject  parent_instance;

  char    *account;
  char    *name;
  char    *kind;
  char    *plan;
  char    *owner;
  char    *band;
  char    *factor_ja;
  char    *factor_en;
  char    *folded;     /* the name casefolded, for search */
  int      people;
  int      health;
  int      churn;
  int      change_7d;
  int      change_30d;
  gboolean cancelled;
};

G_DEFINE_FINAL_TYPE (MsStaffAccount, ms_staff_account, G_TYPE_OBJECT)

static void
ms_staff_account_finalize (GObject *object)
{
  MsStaffAccount *self = MS_STAFF_ACCOUNT (object);

  g_free (self->account);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->plan);
  g_free (self->owner);
  g_free (self->band);
  g_free (self->factor_ja);
  g_free (self->factor_en);
  g_free (self->folded);

  G_OBJECT_CLASS (ms_staff_account_parent_class)->finalize (object);
}

static void
ms_staff_account_class_init (MsStaffAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_staff_account_finalize;
}

static void
ms_staff_account_init (MsStaffAccount *self)
{
}

MsStaffAccount *
ms_staff_account_new (const MsStaffAccountData *data)
{
  MsStaffAccount *self;

  g_return_val_if_fail (data != NULL && data->account != NULL, NULL);

  self = g_object_new (MS_TYPE_STAFF_ACCOUNT, NULL);
  self->account = g_strdup (data->account);
  self->name = g_strdup (data->name != NULL ? data->name : "");
  self->kind = g_strdup (data->kind != NULL ? data->kind : "");
  self->plan = g_strdup (data->plan != NULL ? data->plan : "");
  self->owner = g_strdup (data->owner);
  self->band = g_strdup (data->band != NULL ? data->band : "none");
  self->factor_ja = g_strdup (data->factor_ja);
  self->factor_en = g_strdup (data->factor_en);
  self->folded = g_utf8_casefold (self->name, -1);
  self->people = data->people;
  self->health = data->health;
  self->churn = data->churn;
  self->change_7d = data->change_7d;
  self->change_30d = data->change_30d;
  self->cancelled = data->cancelled;
  return self;
}

const char *
ms_staff_account_get_account (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->account;
}

const char *
ms_staff_account_get_name (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->name;
}

const char *
ms_staff_account_get_kind (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->kind;
}

const char *
ms_staff_account_get_plan (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->plan;
}

int
ms_staff_account_get_people (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), 0);
  return self->people;
}

/**
 * ms_staff_account_get_owner:
 *
 * Returns: (nullable): the user id of the CSM whose portfolio has it
 */
const char *
ms_staff_account_get_owner (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->owner;
}

int
ms_staff_account_get_health (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), MS_STAFF_NONE);
  return self->health;
}

const char *
ms_staff_account_get_band (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->band;
}

int
ms_staff_account_get_churn (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), MS_STAFF_NONE);
  return self->churn;
}

/**
 * ms_staff_account_get_change:
 * @days: 7 or 30
 *
 * Returns: the health score's change over @days, or MS_STAFF_NONE
 */
int
ms_staff_account_get_change (MsStaffAccount *self,
                             guint           days)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), MS_STAFF_NONE);
  return days == 7 ? self->change_7d : days == 30 ? self->change_30d : MS_STAFF_NONE;
}

/**
 * ms_staff_account_get_factor:
 * @language: "ja" or "en"
 *
 * Returns: (nullable): the sentence of the factor that raises the churn
 *   score most
 */
const char *
ms_staff_account_get_factor (MsStaffAccount *self,
                             const char     *language)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  if (g_strcmp0 (language, "ja") == 0 && self->factor_ja != NULL)
    return self->factor_ja;
  return self->factor_en != NULL ? self->factor_en : self->factor_ja;
}

gboolean
ms_staff_account_get_cancelled (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), FALSE);
  return self->cancelled;
}

/* The name casefolded once, so a search compares without allocating. */
const char *
ms_staff_account_get_folded (MsStaffAccount *self)
{
  g_return_val_if_fail (MS_IS_STAFF_ACCOUNT (self), NULL);
  return self->folded;
}
